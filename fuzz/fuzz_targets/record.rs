#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    maturin_fix_fuzz::checks::record::check(data);
});
