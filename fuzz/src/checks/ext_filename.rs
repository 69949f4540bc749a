//! Extension-module file names: `split_module_name`, `parse_suffix`, `cpython_suffix`,
//! `PyVersion::parse`, `Target::from_ext_suffix` and `classify_name`.
//!
//! Input: lines of text. The first line is a target's EXT_SUFFIX; every line is also tried
//! as a file name, a suffix and a version. The first three bytes also build a second target
//! from parts (major = byte 0 % 10, minor = byte 1, ABI flags from the bits of byte 2, the
//! second line as platform when it is one). Properties:
//! - `cpython_suffix(v, flags, platform)` parses back to exactly those parts, and every
//!   suffix `parse_suffix` reads as CPython is rebuilt byte for byte by `cpython_suffix`;
//! - `split_module_name` splits at the first dot into an identifier and a `.so` suffix;
//! - `from_ext_suffix` accepts exactly the CPython suffixes, and its Target is consistent;
//! - `classify_name` never panics, and each verdict agrees with the name: Ok names are
//!   imported, a Misnamed module's new name is classified Ok and keeps its module name,
//!   OtherAbi is another version/ABI, NotExtension is not an importable CPython name.

use std::path::Path;

use maturin_fix::interpreter::{Origin, Target};
use maturin_fix::suffix::{cpython_suffix, parse_suffix, split_module_name, PyVersion, SuffixKind};
use maturin_fix::tree::classify::{classify_name, NameClass};

use super::input::text;
use super::target_facts::assert_consistent;

pub fn check(data: &[u8]) {
    let text = text(data);
    let lines: Vec<&str> = text.split('\n').collect();

    let mut targets = Vec::new();
    if let Some(built) = target_from_parts(data, lines.get(1).copied()) {
        targets.push(built);
    }
    for line in &lines {
        assert_suffix_round_trip(line);
        assert_split(line);
        if let Some(v) = PyVersion::parse(line) {
            assert_eq!(PyVersion::parse(&v.to_string()), Some(v), "{line:?}");
        }
        let result = Target::from_ext_suffix(line, Origin::ExtSuffix, Path::new("x"));
        let is_cpython = matches!(parse_suffix(line), SuffixKind::CPython { .. });
        assert_eq!(
            result.is_ok(),
            is_cpython,
            "from_ext_suffix({line:?}): {result:?}"
        );
        if let Ok(target) = result {
            assert_consistent(&target);
            if targets.len() < 3 {
                targets.push(target);
            }
        }
    }
    for target in &targets {
        for name in &lines {
            assert_verdict(name, target);
            // The same module names with the target's own suffixes appended.
            for suffix in &target.import_suffixes {
                assert_verdict(&format!("{name}{suffix}"), target);
            }
        }
    }
}

/// A target built from parts, checking that its suffix parses back to those parts.
fn target_from_parts(data: &[u8], platform_line: Option<&str>) -> Option<Target> {
    let &[major, minor, flag_bits, ..] = data else {
        return None;
    };
    let version = PyVersion::new(major % 10, minor);
    let abiflags: String = ['t', 'd', 'm', 'u']
        .iter()
        .enumerate()
        .filter(|(bit, _)| flag_bits & (1 << bit) != 0)
        .map(|(_, c)| *c)
        .collect();
    let platform = platform_line.filter(|p| is_platform(p));
    let suffix = cpython_suffix(version, &abiflags, platform);
    assert_eq!(
        parse_suffix(&suffix),
        SuffixKind::CPython {
            version,
            abiflags: abiflags.clone(),
            platform: platform.map(str::to_string),
        },
        "cpython_suffix({version:?}, {abiflags:?}, {platform:?}) = {suffix:?} parses differently"
    );
    let target = Target::from_ext_suffix(&suffix, Origin::ExtSuffix, Path::new("x"))
        .unwrap_or_else(|e| panic!("from_ext_suffix({suffix:?}): {e}"));
    assert_consistent(&target);
    Some(target)
}

/// What CPython puts in a platform triplet: ASCII letters, digits, `_` and inner `-`.
fn is_platform(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('-')
        && !p.ends_with('-')
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn assert_suffix_round_trip(suffix: &str) {
    if let SuffixKind::CPython {
        version,
        abiflags,
        platform,
    } = parse_suffix(suffix)
    {
        assert_eq!(
            cpython_suffix(version, &abiflags, platform.as_deref()),
            suffix,
            "parse_suffix({suffix:?}) does not rebuild to itself"
        );
    }
}

fn assert_split(name: &str) {
    let Some((stem, suffix)) = split_module_name(name) else {
        return;
    };
    assert_eq!(
        format!("{stem}{suffix}"),
        name,
        "split_module_name({name:?})"
    );
    assert!(
        !stem.is_empty() && !stem.contains('.'),
        "stem {stem:?} of {name:?}"
    );
    assert!(
        suffix.starts_with('.') && suffix.ends_with(".so"),
        "suffix {suffix:?} of {name:?}"
    );
}

fn assert_verdict(name: &str, target: &Target) {
    let verdict = classify_name(name, target);
    let split = split_module_name(name);
    let kind = split.map(|(_, suffix)| parse_suffix(suffix));
    let context = format!("{name:?} for target {:?}: {verdict:?}", target.ext_suffix);
    match &verdict {
        NameClass::Ok => {
            let (_, suffix) = split.unwrap_or_else(|| panic!("Ok but no module name: {context}"));
            assert!(target.imports(suffix), "Ok but not imported: {context}");
        }
        NameClass::Abi3 => assert_eq!(kind, Some(SuffixKind::Abi3), "{context}"),
        NameClass::Plain => assert_eq!(kind, Some(SuffixKind::Plain), "{context}"),
        NameClass::Misnamed { rename_to } => {
            let Some(SuffixKind::CPython {
                version, abiflags, ..
            }) = kind
            else {
                panic!("Misnamed but not a CPython suffix: {context}");
            };
            assert_eq!(
                (version, abiflags.as_str()),
                (target.version, target.abiflags.as_str()),
                "Misnamed across versions/ABIs: {context}"
            );
            let (_, suffix) = split.unwrap();
            assert!(!target.imports(suffix), "Misnamed yet imported: {context}");
            assert_eq!(
                classify_name(rename_to, target),
                NameClass::Ok,
                "the new name is not Ok: {context}"
            );
            assert_eq!(
                split_module_name(rename_to).map(|(stem, _)| stem),
                split.map(|(stem, _)| stem),
                "renaming changed the module name: {context}"
            );
        }
        NameClass::OtherAbi { why } => {
            assert!(!why.is_empty());
            let Some(SuffixKind::CPython {
                version, abiflags, ..
            }) = kind
            else {
                panic!("OtherAbi but not a CPython suffix: {context}");
            };
            assert_ne!(
                (version, abiflags.as_str()),
                (target.version, target.abiflags.as_str()),
                "OtherAbi for the target's own version and ABI: {context}"
            );
            assert!(
                !target.imports(split.unwrap().1),
                "OtherAbi yet imported: {context}"
            );
        }
        NameClass::NotExtension { why } => {
            assert!(!why.is_empty());
            if let Some((_, suffix)) = split {
                assert!(
                    !target.imports(suffix),
                    "NotExtension yet imported: {context}"
                );
                assert_eq!(kind, Some(SuffixKind::Foreign), "{context}");
            }
        }
    }
}
