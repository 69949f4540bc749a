//! `*.dist-info/RECORD`: `Record::parse` and `Record::render`.
//!
//! Input: the RECORD text, optionally followed by byte 0xFF and an edit script (0xFF never
//! occurs in UTF-8, so plain RECORD files are valid seeds). Properties:
//! - `parse` never panics; an error names a line inside the text;
//! - rows lie in order inside the text, and each row's own text parses alone to that row;
//! - `render` with no edits gives back the input byte for byte;
//! - `render` with replacements, insertions and removals gives text that parses to exactly
//!   the expected rows (a row Python's csv.writer writes as a blank line, `[]`, vanishes),
//!   and leaves the text before the first edited row untouched.

use maturin_fix::tree::record::Record;

use super::input::{known_bug, split_at_byte, text};
use super::record_rows::SINGLE_EMPTY_FIELD;

pub fn check(data: &[u8]) {
    let (text_bytes, script) = split_at_byte(data, 0xff);
    let text = text(text_bytes);
    let record = match Record::parse(&text) {
        Ok(record) => record,
        Err(e) => {
            let terminators = text.replace("\r\n", "\n").matches(['\n', '\r']).count();
            assert!(
                e.line >= 1 && e.line <= terminators + 1,
                "error line {} but the text has {} lines",
                e.line,
                terminators + 1
            );
            assert!(!e.message.is_empty());
            return;
        }
    };

    let mut end_of_previous = 0;
    for row in &record.rows {
        let (start, end) = row.span;
        assert!(
            end_of_previous <= start && start < end && end <= text.len(),
            "row span {:?} (previous row ended at {end_of_previous}, text length {})",
            row.span,
            text.len()
        );
        end_of_previous = end;
        let alone = Record::parse(&text[start..end])
            .unwrap_or_else(|e| panic!("row text {:?} alone: {e:?}", &text[start..end]));
        let fields: Vec<&Vec<String>> = alone.rows.iter().map(|r| &r.fields).collect();
        assert_eq!(
            fields,
            [&row.fields],
            "row text {:?} alone",
            &text[start..end]
        );
    }
    let paths: Vec<(usize, &str)> = record.paths().collect();
    let expected_paths: Vec<(usize, &str)> = record
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r.fields[0].as_str()))
        .collect();
    assert_eq!(paths, expected_paths, "paths() is every row's first field");

    assert_eq!(
        record.render(&[], &[], &[]),
        text,
        "render without edits changed the text"
    );

    let mut edits = match script {
        Some(script) => Edits::decode(script, record.rows.len()),
        None => Edits::like_a_rename(&record),
    };
    if known_bug(SINGLE_EMPTY_FIELD) {
        let single_empty = |(_, fields): &(usize, Vec<String>)| fields == &[String::new()];
        edits.replace.retain(|e| !single_empty(e));
        edits.insert_after.retain(|e| !single_empty(e));
    }
    let rendered = record.render(&edits.replace, &edits.insert_after, &edits.remove);
    let reread = Record::parse(&rendered).unwrap_or_else(|e| {
        panic!("rendered RECORD does not parse: {e:?}\n{rendered:?}\n{edits:?}")
    });
    let got: Vec<Vec<String>> = reread.rows.into_iter().map(|r| r.fields).collect();
    assert_eq!(
        got,
        edits.expected_rows(&record),
        "rendered RECORD has other rows than expected\n{rendered:?}\n{edits:?}"
    );
    if let Some(first) = edits.first_touched() {
        let untouched = &text[..record.rows[first].span.0];
        assert!(
            rendered.starts_with(untouched),
            "text before the first edited row changed\n{rendered:?}"
        );
    }
}

/// Arguments for `render`: replacements and removals at distinct rows, any number of
/// insertions after rows that are not removed (what `plan.rs` can ask for).
#[derive(Debug, Default)]
struct Edits {
    replace: Vec<(usize, Vec<String>)>,
    insert_after: Vec<(usize, Vec<String>)>,
    remove: Vec<usize>,
}

impl Edits {
    /// What fixing one module does: its row renamed, or kept with a copy added (symlink).
    fn like_a_rename(record: &Record) -> Edits {
        let mut edits = Edits::default();
        let n = record.rows.len();
        if n == 0 {
            return edits;
        }
        let mut renamed = record.rows[0].fields.clone();
        renamed[0].push_str(".renamed");
        edits.replace.push((0, renamed.clone()));
        edits.insert_after.push((n - 1, renamed));
        if n >= 3 {
            edits.remove.push(1);
        }
        edits
    }

    fn decode(script: &[u8], rows: usize) -> Edits {
        let mut edits = Edits::default();
        if rows == 0 {
            return edits;
        }
        let mut bytes = script.iter().copied();
        while let (Some(op), Some(at)) = (bytes.next(), bytes.next()) {
            let at = usize::from(at) % rows;
            match op % 3 {
                0 if !edits.replace.iter().any(|(i, _)| *i == at)
                    && !edits.remove.contains(&at) =>
                {
                    let fields = decode_fields(&mut bytes);
                    edits.replace.push((at, fields));
                }
                1 if !edits.remove.contains(&at) => {
                    let fields = decode_fields(&mut bytes);
                    edits.insert_after.push((at, fields));
                }
                2 if !edits.replace.iter().any(|(i, _)| *i == at)
                    && !edits.insert_after.iter().any(|(i, _)| *i == at)
                    && !edits.remove.contains(&at) =>
                {
                    edits.remove.push(at)
                }
                _ => {}
            }
        }
        edits
    }

    fn first_touched(&self) -> Option<usize> {
        let replaced = self.replace.iter().map(|(i, _)| *i);
        let inserted = self.insert_after.iter().map(|(i, _)| *i);
        replaced
            .chain(inserted)
            .chain(self.remove.iter().copied())
            .min()
    }

    fn expected_rows(&self, record: &Record) -> Vec<Vec<String>> {
        // csv.writer writes a row of no fields as a blank line, which readers skip.
        let written = |fields: &Vec<String>| (!fields.is_empty()).then(|| fields.clone());
        let mut rows = Vec::new();
        for (i, row) in record.rows.iter().enumerate() {
            if self.remove.contains(&i) {
                continue;
            }
            match self.replace.iter().find(|(at, _)| *at == i) {
                Some((_, fields)) => rows.extend(written(fields)),
                None => rows.push(row.fields.clone()),
            }
            for (_, fields) in self.insert_after.iter().filter(|(at, _)| *at == i) {
                rows.extend(written(fields));
            }
        }
        rows
    }
}

/// Up to 3 fields of up to 7 characters, drawn mostly from the characters CSV cares about.
fn decode_fields(bytes: &mut impl Iterator<Item = u8>) -> Vec<String> {
    const ALPHABET: [char; 10] = ['a', ',', '"', '\n', '\r', ' ', 'é', '.', '/', '='];
    let count = bytes.next().map_or(1, |b| usize::from(b % 4));
    (0..count)
        .map(|_| {
            let len = bytes.next().map_or(0, |b| usize::from(b % 8));
            (0..len)
                .map(|_| ALPHABET[usize::from(bytes.next().unwrap_or(0)) % ALPHABET.len()])
                .collect()
        })
        .collect()
}
