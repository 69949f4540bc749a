//! What must hold for every `Target` the library hands out, whatever it was read from.

use maturin_fix::interpreter::Target;
use maturin_fix::suffix::{parse_suffix, SuffixKind};
use maturin_fix::tree::classify::{classify_name, NameClass};

pub fn assert_consistent(t: &Target) {
    let SuffixKind::CPython {
        version,
        abiflags,
        platform,
    } = parse_suffix(&t.ext_suffix)
    else {
        panic!(
            "target EXT_SUFFIX {:?} is not a CPython suffix",
            t.ext_suffix
        );
    };
    assert_eq!(
        version, t.version,
        "version vs EXT_SUFFIX {:?}",
        t.ext_suffix
    );
    assert_eq!(
        abiflags, t.abiflags,
        "abiflags vs EXT_SUFFIX {:?}",
        t.ext_suffix
    );
    assert_eq!(
        platform, t.platform,
        "platform vs EXT_SUFFIX {:?}",
        t.ext_suffix
    );
    assert!(
        t.imports(&t.ext_suffix),
        "target does not import its own EXT_SUFFIX {:?}: {:?}",
        t.ext_suffix,
        t.import_suffixes
    );
    let own = format!("m{}", t.ext_suffix);
    assert_eq!(
        classify_name(&own, t),
        NameClass::Ok,
        "a module named with the target's EXT_SUFFIX is not Ok: {own:?}"
    );
}
