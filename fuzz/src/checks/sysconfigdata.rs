//! `_sysconfigdata_*.py`: the `build_time_vars` literal reader and the file → Target step.
//!
//! Input: the file's text. Properties:
//! - `parse_build_time_vars` never panics; an error points inside the text;
//! - what it accepts, printed again by an independent printer (other quoting, escapes,
//!   pprint-style split literals), reads back as the same keys and values, each entry on the
//!   line the printer put it;
//! - `interpreter::read_any` on that file never panics; a Target it returns is self-consistent
//!   and agrees with the dict (last EXT_SUFFIX, VERSION, SOABI).

use maturin_fix::interpreter::pyliteral::{parse_build_time_vars, Entry, Value};
use maturin_fix::interpreter::{read_any, Origin};
use maturin_fix::suffix::PyVersion;

use super::input::{assert_position_inside, text};
use super::scratch::with_file;
use super::target_facts::assert_consistent;

pub fn check(data: &[u8]) {
    let text = text(data);
    let entries = match parse_build_time_vars(&text) {
        Ok(entries) => entries,
        Err(e) => {
            assert!(!e.message.is_empty(), "empty error message");
            assert_position_inside(&text, e.line, e.column, "parse_build_time_vars");
            return;
        }
    };
    let newlines = text.matches('\n').count();
    let mut last_line = 1;
    for entry in &entries {
        assert!(
            entry.line >= last_line && entry.line <= newlines + 1,
            "entry {:?} on line {} (previous entry on {last_line}, text has {} lines)",
            entry.key,
            entry.line,
            newlines + 1
        );
        last_line = entry.line;
    }

    for style in [Style::OneKeyPerLine, Style::Pprint] {
        let printed = print(&entries, style);
        let again = parse_build_time_vars(&printed).unwrap_or_else(|e| {
            panic!("reprinted dict ({style:?}) does not parse: {e:?}\n{printed}")
        });
        assert_eq!(
            key_values(&again),
            key_values(&entries),
            "reprinted dict ({style:?}) reads differently:\n{printed}"
        );
        if let Style::OneKeyPerLine = style {
            // A comment line and the `build_time_vars = {` line come first.
            for (i, entry) in again.iter().enumerate() {
                assert_eq!(entry.line, 3 + i, "line of {:?} in:\n{printed}", entry.key);
            }
        }
    }

    let result = with_file("_sysconfigdata__fuzz.py", &text, read_any);
    let Ok(target) = result else {
        assert!(!result.unwrap_err().to_string().is_empty());
        return;
    };
    assert_consistent(&target);
    assert!(
        matches!(target.origin, Origin::Sysconfigdata(_)),
        "origin {:?}",
        target.origin
    );
    let last_str = |key: &str| {
        entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| match &e.value {
                Value::Str(s) => s.as_str(),
                other => panic!("{key} is {other:?} yet the file was accepted"),
            })
    };
    assert_eq!(
        last_str("EXT_SUFFIX"),
        Some(target.ext_suffix.as_str()),
        "EXT_SUFFIX is the dict's last definition"
    );
    if let Some(version) = last_str("VERSION") {
        assert_eq!(
            PyVersion::parse(version),
            Some(target.version),
            "VERSION {version:?} vs EXT_SUFFIX {:?}",
            target.ext_suffix
        );
    }
    if let Some(soabi) = last_str("SOABI") {
        assert_eq!(target.soabi.as_deref(), Some(soabi), "SOABI is the file's");
    }
}

fn key_values(entries: &[Entry]) -> Vec<(&str, &Value)> {
    entries.iter().map(|e| (e.key.as_str(), &e.value)).collect()
}

#[derive(Clone, Copy, Debug)]
enum Style {
    /// CPython 3.13+/Yocto: `'KEY': value,` per line, single quotes, escapes for non-ASCII.
    OneKeyPerLine,
    /// pprint: first key on the `{` line, double quotes, raw non-ASCII, long strings split
    /// into parenthesised adjacent literals.
    Pprint,
}

fn print(entries: &[Entry], style: Style) -> String {
    let mut out = String::from("# reprinted\nbuild_time_vars = {");
    for (i, entry) in entries.iter().enumerate() {
        match style {
            Style::OneKeyPerLine => out.push_str("\n    "),
            Style::Pprint if i > 0 => out.push_str("\n "),
            Style::Pprint => {}
        }
        out.push_str(&literal(&entry.key, style));
        out.push_str(": ");
        match &entry.value {
            Value::Str(s) if matches!(style, Style::Pprint) && s.chars().count() > 8 => {
                // Split at character boundaries into adjacent literals, as pprint does.
                let chars: Vec<char> = s.chars().collect();
                out.push('(');
                for (n, chunk) in chars.chunks(5).enumerate() {
                    if n > 0 {
                        out.push_str("\n  ");
                    }
                    out.push_str(&literal(&chunk.iter().collect::<String>(), style));
                }
                out.push(')');
            }
            Value::Str(s) => out.push_str(&literal(s, style)),
            Value::Int(n) => out.push_str(n),
            Value::Constant(c) => out.push_str(c),
        }
        out.push(',');
    }
    out.push_str("\n}\n");
    out
}

/// A Python string literal for `s`, written without the library's help.
fn literal(s: &str, style: Style) -> String {
    let quote = match style {
        Style::OneKeyPerLine => '\'',
        Style::Pprint => '"',
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x80 => out.push(c),
            c => match style {
                Style::Pprint => out.push(c),
                Style::OneKeyPerLine if (c as u32) <= 0xffff => {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                }
                Style::OneKeyPerLine => out.push_str(&format!("\\U{:08x}", c as u32)),
            },
        }
    }
    out.push(quote);
    out
}
