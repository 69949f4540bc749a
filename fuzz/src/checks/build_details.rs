//! `build-details.json`: the JSON reader, `json::write_string`, and the file → Target step.
//!
//! Input: the file's text. Properties:
//! - `json::parse` never panics; an error points inside the text;
//! - a value it accepts, printed again by an independent printer (escaping every
//!   non-ASCII character, surrogate pairs included), reads back equal;
//! - `write_string(s)` reads back as `s`, for the input text and every string in the value;
//! - `interpreter::read_any` on that file never panics; a Target it returns is self-consistent
//!   and agrees with the document (abi.extension_suffix or else the first CPython suffix of
//!   suffixes.extensions, language.version, suffixes.extensions as the import list).

use maturin_fix::interpreter::{read_any, Origin};
use maturin_fix::json::{parse, write_string, Json};
use maturin_fix::suffix::{parse_suffix, PyVersion, SuffixKind};

use super::input::{assert_position_inside, text};
use super::scratch::with_file;
use super::target_facts::assert_consistent;

pub fn check(data: &[u8]) {
    let text = text(data);
    assert_string_round_trip(&text);

    let value = match parse(&text) {
        Ok(value) => value,
        Err(e) => {
            assert!(!e.message.is_empty(), "empty error message");
            assert_position_inside(&text, e.line, e.column, "json::parse");
            return;
        }
    };
    let printed = print(&value);
    assert_eq!(
        parse(&printed).as_ref(),
        Ok(&value),
        "reprinted JSON reads differently:\n{printed}"
    );
    for_each_string(&value, &mut |s| assert_string_round_trip(s));

    if !matches!(value, Json::Object(_)) {
        return;
    }
    let result = with_file("build-details.json", &text, read_any);
    let Ok(target) = result else {
        assert!(!result.unwrap_err().to_string().is_empty());
        return;
    };
    assert_consistent(&target);
    assert!(
        matches!(target.origin, Origin::BuildDetails(_)),
        "origin {:?}",
        target.origin
    );
    let field = |dotted: &str| {
        dotted
            .split('.')
            .try_fold(&value, |node, key| node.get(key))
    };
    // abi.extension_suffix, or (Debian: static libpython, no such field) the first CPython
    // suffix of the interpreter's import list.
    let expected_suffix = match field("abi.extension_suffix") {
        Some(suffix) => Some(suffix.clone()),
        None => match field("suffixes.extensions") {
            Some(Json::Array(items)) => items
                .iter()
                .find(|item| {
                    matches!(item, Json::String(s) if matches!(parse_suffix(s), SuffixKind::CPython { .. }))
                })
                .cloned(),
            _ => None,
        },
    };
    assert_eq!(
        expected_suffix,
        Some(Json::String(target.ext_suffix.clone())),
        "EXT_SUFFIX is abi.extension_suffix, else the first CPython suffix in suffixes.extensions"
    );
    if let Some(Json::String(version)) = field("language.version") {
        assert_eq!(
            PyVersion::parse(version),
            Some(target.version),
            "language.version"
        );
    }
    if let Some(Json::Array(items)) = field("suffixes.extensions") {
        let listed: Vec<Json> = target
            .import_suffixes
            .iter()
            .map(|s| Json::String(s.clone()))
            .collect();
        assert_eq!(&listed, items, "import suffixes are suffixes.extensions");
    }
}

fn assert_string_round_trip(s: &str) {
    let mut written = String::new();
    write_string(&mut written, s);
    match parse(&written) {
        Ok(Json::String(back)) => assert_eq!(back, s, "write_string wrote {written:?}"),
        other => panic!("write_string({s:?}) wrote {written:?}, which reads as {other:?}"),
    }
}

fn for_each_string(value: &Json, f: &mut dyn FnMut(&str)) {
    match value {
        Json::String(s) => f(s),
        Json::Array(items) => items.iter().for_each(|v| for_each_string(v, f)),
        Json::Object(members) => {
            for (k, v) in members {
                f(k);
                for_each_string(v, f);
            }
        }
        Json::Null | Json::Bool(_) | Json::Number(_) => {}
    }
}

/// Prints JSON without the library's help: all non-ASCII as `\u` escapes.
fn print(value: &Json) -> String {
    let mut out = String::new();
    print_into(&mut out, value);
    out
}

fn print_into(out: &mut String, value: &Json) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(n),
        Json::String(s) => quote(out, s),
        Json::Array(items) => {
            out.push_str("[ ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(" ,\n");
                }
                print_into(out, item);
            }
            out.push_str("\t]");
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                quote(out, k);
                out.push_str("\r\n:");
                print_into(out, v);
            }
            out.push('}');
        }
    }
}

fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (' '..='~').contains(&c) => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
        }
    }
    out.push('"');
}
