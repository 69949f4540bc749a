//! `*.dist-info/RECORD`: CSV rows `path,hash,size` as Python's csv module writes them.
//!
//! Rows are edited in place: untouched rows keep their exact bytes, so a rewrite changes
//! only what it must.

/// One row: its fields and where its text lies in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The fields, unquoted.
    pub fields: Vec<String>,
    /// Byte range of the row in the text, without its line terminator.
    pub span: (usize, usize),
}

/// A parsed RECORD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    text: String,
    /// The rows, in file order; blank lines are none.
    pub rows: Vec<Row>,
    /// The line terminator for new rows: the file's own (see [`newline_of`]).
    newline: &'static str,
}

/// Where and why a RECORD is not valid CSV.
#[derive(Debug, PartialEq, Eq)]
pub struct RecordError {
    /// The line (1-based) of the row at fault.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

impl Record {
    /// Reads a RECORD as Python's csv module does; an error names the line (1-based).
    pub fn parse(text: &str) -> Result<Record, RecordError> {
        let mut parser = Parser::new(text);
        let mut rows = Vec::new();
        while !parser.at_end() {
            let start = parser.pos;
            let fields = parser.fields()?;
            let end = parser.pos;
            parser.end_line();
            // Python's csv reader skips blank lines.
            if end > start {
                rows.push(Row {
                    fields,
                    span: (start, end),
                });
            }
        }
        Ok(Record {
            text: text.to_string(),
            rows,
            newline: newline_of(text),
        })
    }

    /// The row paths (first field).
    pub fn paths(&self) -> impl Iterator<Item = (usize, &str)> {
        self.rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.fields.first().map(|p| (i, p.as_str())))
    }

    /// The text with edits applied: rows replaced by new fields, new rows inserted after a
    /// given row, rows removed. Other rows keep their bytes.
    pub fn render(
        &self,
        replace: &[(usize, Vec<String>)],
        insert_after: &[(usize, Vec<String>)],
        remove: &[usize],
    ) -> String {
        let mut out = String::with_capacity(self.text.len() + 128);
        let mut cursor = 0;
        for (i, row) in self.rows.iter().enumerate() {
            out.push_str(&self.text[cursor..row.span.0]);
            if remove.contains(&i) {
                cursor = row.span.1 + terminator_len(&self.text[row.span.1..]);
                continue;
            }
            match replace.iter().find(|(at, _)| *at == i) {
                Some((_, fields)) => write_row(&mut out, fields),
                None => out.push_str(&self.text[row.span.0..row.span.1]),
            }
            cursor = row.span.1;
            let added: Vec<&Vec<String>> = insert_after
                .iter()
                .filter(|(at, _)| *at == i)
                .map(|(_, f)| f)
                .collect();
            if !added.is_empty() {
                cursor = self.write_added(&mut out, cursor, &added);
            }
        }
        out.push_str(&self.text[cursor..]);
        out
    }

    /// Writes new rows after the row that ends at `cursor`; returns the cursor past that
    /// row's terminator.
    fn write_added(&self, out: &mut String, cursor: usize, added: &[&Vec<String>]) -> usize {
        // Keep this row's own terminator, then ours for the new rows.
        let terminator_len = terminator_len(&self.text[cursor..]);
        let terminator = &self.text[cursor..cursor + terminator_len];
        out.push_str(if terminator.is_empty() {
            self.newline
        } else {
            terminator
        });
        for (n, fields) in added.iter().enumerate() {
            write_row(out, fields);
            if terminator_len > 0 || n + 1 < added.len() {
                out.push_str(self.newline);
            }
        }
        cursor + terminator_len
    }
}

/// A cursor over the text, one row at a time.
struct Parser<'t> {
    text: &'t str,
    /// Byte offset of the next character.
    pos: usize,
    /// Line of the next character, counting newlines inside quoted fields.
    line: usize,
    /// Line the current row starts on.
    row_line: usize,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        // A byte-order mark is no part of the first path (Python reads it as utf-8-sig);
        // it stays before the first row's span, so it is kept.
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Parser {
            text,
            pos,
            line: 1,
            row_line: 1,
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The character at the cursor (not at the end), and the cursor moved past it.
    fn next_char(&mut self) -> char {
        let c = self.text[self.pos..].chars().next().unwrap_or('\u{fffd}');
        self.pos += c.len_utf8();
        c
    }

    fn error(&self, line: usize, message: &str) -> RecordError {
        RecordError {
            line,
            message: message.into(),
        }
    }

    /// One row's fields, up to (not past) its line terminator.
    fn fields(&mut self) -> Result<Vec<String>, RecordError> {
        self.row_line = self.line;
        let mut fields = vec![self.field()?];
        while self.peek() == Some(b',') {
            self.pos += 1;
            fields.push(self.field()?);
        }
        Ok(fields)
    }

    fn field(&mut self) -> Result<String, RecordError> {
        if self.peek() == Some(b'"') {
            self.pos += 1;
            self.quoted()
        } else {
            self.unquoted()
        }
    }

    /// An unquoted field: up to a comma or the end of the line; no quote inside.
    fn unquoted(&mut self) -> Result<String, RecordError> {
        let mut field = String::new();
        while !matches!(self.peek(), None | Some(b',' | b'\n' | b'\r')) {
            if self.peek() == Some(b'"') {
                return Err(self.error(self.line, "quote inside an unquoted field"));
            }
            field.push(self.next_char());
        }
        Ok(field)
    }

    /// A quoted field, its opening quote read: `""` is a quote, newlines are text, and the
    /// closing quote must end the field.
    fn quoted(&mut self) -> Result<String, RecordError> {
        let mut field = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error(self.row_line, "unterminated quoted field")),
                Some(b'"') if self.text.as_bytes().get(self.pos + 1) == Some(&b'"') => {
                    field.push('"');
                    self.pos += 2;
                }
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {
                    let c = self.next_char();
                    if c == '\n' {
                        self.line += 1;
                    }
                    field.push(c);
                }
            }
        }
        if !matches!(self.peek(), None | Some(b',' | b'\n' | b'\r')) {
            return Err(self.error(self.line, "text after a closing quote"));
        }
        Ok(field)
    }

    /// Past the line terminator (`\n`, `\r\n` or a lone `\r`), to the next line.
    fn end_line(&mut self) {
        if self.peek() == Some(b'\r') {
            self.pos += 1;
        }
        if self.peek() == Some(b'\n') {
            self.pos += 1;
        }
        self.line += 1;
    }
}

/// The file's own line terminator (its first one), for new rows: `\n`, `\r\n` or a lone `\r`.
fn newline_of(text: &str) -> &'static str {
    match text.find(['\r', '\n']) {
        Some(at) if text[at..].starts_with("\r\n") => "\r\n",
        Some(at) if text[at..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// Length of the line terminator at the start of `rest` (0 at the end of the text).
fn terminator_len(rest: &str) -> usize {
    if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with(['\n', '\r']) {
        1
    } else {
        0
    }
}

/// Writes one row as Python's csv.writer does (QUOTE_MINIMAL).
pub fn write_row(out: &mut String, fields: &[String]) {
    // A lone empty field would make an empty line, which readers skip: quote it, as Python does.
    if let [only] = fields {
        if only.is_empty() {
            out.push_str("\"\"");
            return;
        }
    }
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(row: &Row) -> Vec<&str> {
        row.fields.iter().map(String::as_str).collect()
    }

    #[test]
    fn reads_rows_as_python_csv_does() {
        let text = "a/b.so,sha256=x,12\n\"we,ird \"\"name\"\"\nline.py\",,\n\nRECORD,,\n";
        let r = Record::parse(text).unwrap();
        assert_eq!(r.rows.len(), 3);
        assert_eq!(fields(&r.rows[0]), ["a/b.so", "sha256=x", "12"]);
        assert_eq!(fields(&r.rows[1]), ["we,ird \"name\"\nline.py", "", ""]);
        assert_eq!(fields(&r.rows[2]), ["RECORD", "", ""]);
    }

    #[test]
    fn edits_keep_other_rows_byte_for_byte() {
        let text =
            "x.py,sha256=1,1\r\nm.cpython-312-armv7l-linux-gnueabihf.so,sha256=2,2\r\nRECORD,,\r\n";
        let r = Record::parse(text).unwrap();
        let renamed = vec![
            "m.cpython-312-arm-linux-gnueabihf.so".into(),
            "sha256=2".into(),
            "2".into(),
        ];
        assert_eq!(
            r.render(&[(1, renamed.clone())], &[], &[]),
            "x.py,sha256=1,1\r\nm.cpython-312-arm-linux-gnueabihf.so,sha256=2,2\r\nRECORD,,\r\n"
        );
        assert_eq!(
            r.render(&[], &[(1, renamed)], &[]),
            "x.py,sha256=1,1\r\nm.cpython-312-armv7l-linux-gnueabihf.so,sha256=2,2\r\n\
             m.cpython-312-arm-linux-gnueabihf.so,sha256=2,2\r\nRECORD,,\r\n"
        );
    }

    #[test]
    fn inserting_after_a_last_row_without_newline() {
        let r = Record::parse("a,,").unwrap();
        assert_eq!(
            r.render(&[], &[(0, vec!["b,c".into(), String::new()])], &[]),
            "a,,\n\"b,c\","
        );
    }

    #[test]
    fn removing_rows_takes_their_terminators() {
        let r = Record::parse("a,,\nb,,\r\nc,,").unwrap();
        assert_eq!(r.render(&[], &[], &[1]), "a,,\nc,,");
        assert_eq!(r.render(&[], &[], &[2]), "a,,\nb,,\r\n");
    }

    #[test]
    fn malformed_csv_is_an_error_with_a_line() {
        assert_eq!(Record::parse("a,,\n\"b,,\n").unwrap_err().line, 2);
        assert_eq!(
            Record::parse("a\"b,,").unwrap_err().message,
            "quote inside an unquoted field"
        );
        assert_eq!(
            Record::parse("\"a\"b,,").unwrap_err().message,
            "text after a closing quote"
        );
    }

    #[test]
    fn new_rows_take_the_files_own_terminator() {
        for newline in ["\n", "\r\n", "\r"] {
            let text = format!("a,,{newline}b,,{newline}");
            let r = Record::parse(&text).unwrap();
            assert_eq!(r.rows.len(), 2, "{newline:?}");
            assert_eq!(
                r.render(&[], &[(0, vec!["c".into(), String::new()])], &[]),
                format!("a,,{newline}c,{newline}b,,{newline}")
            );
        }
    }

    #[test]
    fn a_byte_order_mark_is_kept_but_is_no_part_of_the_first_path() {
        let r = Record::parse("\u{feff}m.so,,\nRECORD,,\n").unwrap();
        assert_eq!(fields(&r.rows[0]), ["m.so", "", ""]);
        assert_eq!(
            r.render(
                &[(0, vec!["n.so".into(), String::new(), String::new()])],
                &[],
                &[]
            ),
            "\u{feff}n.so,,\nRECORD,,\n"
        );
    }

    #[test]
    fn a_row_of_one_empty_field_survives() {
        // Found by fuzzing: it was written as an empty line, which a reader skips.
        let mut text = String::new();
        write_row(&mut text, &[String::new()]);
        assert_eq!(text, "\"\"");
        text.push('\n');
        assert_eq!(Record::parse(&text).unwrap().rows[0].fields, [""]);
    }

    #[test]
    fn written_rows_read_back() {
        for name in [
            "plain.so",
            "com,ma.so",
            "qu\"ote.so",
            "new\nline.so",
            "cr\rlf.so",
            "",
        ] {
            let row = vec![name.to_string(), "sha256=abc".to_string(), "7".to_string()];
            let mut text = String::new();
            write_row(&mut text, &row);
            text.push('\n');
            let parsed = Record::parse(&text).unwrap();
            assert_eq!(parsed.rows[0].fields, row, "{name:?} → {text:?}");
        }
    }
}
