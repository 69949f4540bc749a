//! `--target TRIPLE --python X.Y …`: `interpreter::triplet::derive` and `interpreter::resolve`.
//!
//! Input: up to five lines: triple, Python version, ABI flags, float ABI (`hard`, `soft`,
//! `single`, anything else: not given), musl build (`cross`, `native`, else not given).
//! A version line that does not parse gives 3.(first byte of the line % 20). Properties:
//! - neither function panics, and `resolve` answers exactly as `derive`;
//! - outside CPython 3.8–3.14 or with ABI flags other than "", d, t, td: an error;
//! - when Ok, EXT_SUFFIX parses as CPython with the query's version and ABI flags, the
//!   Target is consistent, comes from the triple, and knows the ELF machine of its triplet;
//! - the vendor part does not matter: the same triple with vendor `unknown` (or none)
//!   gives the same EXT_SUFFIX — except that a Rust built-in target's own float ABI
//!   decides where `--float-abi` is not given, so such spellings are compared only with it.

use maturin_fix::interpreter::triplet::{derive, rust_float_abi, NEWEST, OLDEST};
use maturin_fix::interpreter::{resolve, FloatAbi, MuslBuild, Origin, Source, TripleQuery};
use maturin_fix::suffix::{parse_suffix, PyVersion, SuffixKind};

use super::input::text;
use super::target_facts::assert_consistent;

pub fn check(data: &[u8]) {
    let text = text(data);
    let query = decode(&text);
    let derived = derive(&query);
    let resolved = resolve(&Source::Triple(query.clone()));
    match (&derived, &resolved) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "resolve differs from derive for {query:?}"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{query:?}"),
        _ => panic!("resolve differs from derive for {query:?}: {derived:?} vs {resolved:?}"),
    }

    let supported = (OLDEST..=NEWEST).contains(&query.python)
        && matches!(query.abiflags.as_str(), "" | "d" | "t" | "td");
    let target = match derived {
        Ok(target) => target,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    assert!(
        supported,
        "accepted an unsupported query {query:?}: {target:?}"
    );
    let context = format!("{query:?} → {:?}", target.ext_suffix);
    let SuffixKind::CPython {
        version, abiflags, ..
    } = parse_suffix(&target.ext_suffix)
    else {
        panic!("not a CPython suffix: {context}");
    };
    assert_eq!(version, query.python, "version: {context}");
    assert_eq!(abiflags, query.abiflags, "ABI flags: {context}");
    assert_consistent(&target);
    assert_eq!(
        target.origin,
        Origin::Triple(query.triple.clone()),
        "{context}"
    );
    if target.platform.is_some() {
        assert!(
            target.elf.is_some(),
            "triplet without ELF identity: {context}"
        );
    }

    if let Some(plain) = without_vendor(&query.triple) {
        for other in [
            format!("{}-unknown-linux{}", plain.0, plain.1),
            format!("{}-linux{}", plain.0, plain.1),
        ] {
            let fixed = |t: &str| rust_float_abi(t).is_some();
            if query.float_abi.is_none() && (fixed(&query.triple) || fixed(&other)) {
                continue;
            }
            let again = derive(&TripleQuery {
                triple: other.clone(),
                ..query.clone()
            })
            .unwrap_or_else(|e| panic!("{context}, but {other:?} fails: {e}"));
            assert_eq!(
                again.ext_suffix, target.ext_suffix,
                "vendor mattered: {context} vs {other:?}"
            );
        }
    }
}

/// `(cpu, "-env" or "")` of `cpu-…-linux[-env]`.
fn without_vendor(triple: &str) -> Option<(&str, &str)> {
    let (cpu, rest) = triple.split_once('-')?;
    let at = rest.find("linux")?;
    let after = &rest[at + "linux".len()..];
    let is_linux_part =
        (at == 0 || rest[..at].ends_with('-')) && (after.is_empty() || after.starts_with('-'));
    is_linux_part.then_some((cpu, after))
}

fn decode(text: &str) -> TripleQuery {
    let mut lines = text.split('\n');
    let triple = lines.next().unwrap_or_default().to_string();
    let version_line = lines.next().unwrap_or("3.12");
    let python = PyVersion::parse(version_line)
        .unwrap_or_else(|| PyVersion::new(3, version_line.bytes().next().unwrap_or(12) % 20));
    let abiflags = lines.next().unwrap_or_default().to_string();
    let float_abi = match lines.next() {
        Some("hard") => Some(FloatAbi::Hard),
        Some("soft") => Some(FloatAbi::Soft),
        Some("single") => Some(FloatAbi::Single),
        _ => None,
    };
    let musl_build = match lines.next() {
        Some("cross") => Some(MuslBuild::Cross),
        Some("native") => Some(MuslBuild::Native),
        _ => None,
    };
    TripleQuery {
        triple,
        python,
        abiflags,
        float_abi,
        musl_build,
    }
}
