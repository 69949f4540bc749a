//! `write_row` → `Record::parse`: rows written as Python's csv.writer would read back.
//!
//! Input: rows separated by byte 0xFE, fields within a row by 0xFD, each field's bytes as
//! text (bytes that are not UTF-8 become U+FFFD); a row that starts with 0xFC has no fields.
//! An empty row segment is the row `[""]`. Properties:
//! - each row written alone, plus `\n`, parses to exactly that row — except `[]`, which
//!   csv.writer writes as a blank line that every reader skips;
//! - all rows written one after another parse to the same rows, in order.

use maturin_fix::tree::record::{write_row, Record};

use super::input::known_bug;

/// Bug id for MATURIN_FIX_FUZZ_KNOWN: csv.writer writes the row `[""]` as `""`, so it
/// reads back; a bare empty line does not.
pub const SINGLE_EMPTY_FIELD: &str = "single-empty-field";

pub fn check(data: &[u8]) {
    let mut rows = decode(data);
    if known_bug(SINGLE_EMPTY_FIELD) {
        rows.retain(|row| row != &[String::new()]);
    }
    let mut all = String::new();
    for row in &rows {
        let mut line = String::new();
        write_row(&mut line, row);
        line.push('\n');
        all.push_str(&line);
        let parsed = Record::parse(&line).unwrap_or_else(|e| {
            panic!("write_row({row:?}) wrote {line:?}, which does not parse: {e:?}")
        });
        let got: Vec<&Vec<String>> = parsed.rows.iter().map(|r| &r.fields).collect();
        let expected: Vec<&Vec<String>> = if row.is_empty() { vec![] } else { vec![row] };
        assert_eq!(got, expected, "write_row({row:?}) wrote {line:?}");
    }
    let parsed = Record::parse(&all).unwrap_or_else(|e| panic!("{all:?}: {e:?}"));
    let got: Vec<Vec<String>> = parsed.rows.into_iter().map(|r| r.fields).collect();
    let expected: Vec<Vec<String>> = rows.into_iter().filter(|r| !r.is_empty()).collect();
    assert_eq!(got, expected, "rows written together: {all:?}");
}

fn decode(data: &[u8]) -> Vec<Vec<String>> {
    data.split(|&b| b == 0xfe)
        .map(|row| {
            if row.first() == Some(&0xfc) {
                return Vec::new();
            }
            row.split(|&b| b == 0xfd)
                .map(|field| String::from_utf8_lossy(field).into_owned())
                .collect()
        })
        .collect()
}
