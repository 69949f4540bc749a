//! Reads `build_time_vars = {...}`, the one statement of a CPython `_sysconfigdata_*.py`,
//! without running Python.
//!
//! Accepts every layout seen in real files: upstream `pprint` (first key on the `{` line,
//! long strings split into adjacent literals on continuation lines), one key per line
//! (3.13+, Yocto), either quote style, escapes, comments, parenthesised strings.

/// A value in the dict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string, adjacent literals concatenated and escapes applied.
    Str(String),
    /// An integer, kept as written (sign and digits).
    Int(String),
    /// `None`, `True` or `False`.
    Constant(&'static str),
}

impl Value {
    /// What kind of value it is, for messages: `a string`, `an integer`, `None`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Constant(c) => c,
        }
    }

    /// The value as a message shows it: strings in single quotes, as Python prints them.
    pub fn shown(&self) -> String {
        match self {
            Value::Str(s) => format!("'{s}'"),
            Value::Int(n) => n.clone(),
            Value::Constant(c) => (*c).to_string(),
        }
    }
}

/// One `key: value` pair and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key, a string literal's value.
    pub key: String,
    /// The value.
    pub value: Value,
    /// 1-based line of the key.
    pub line: usize,
}

/// Where and why the text is not a sysconfigdata file.
#[derive(Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What was expected or found there.
    pub message: String,
}

/// Parentheses nest at most this deep: real files use none.
const MAX_DEPTH: usize = 16;

/// Parses the whole file and returns the dict's entries in order (duplicates kept).
pub fn parse_build_time_vars(text: &str) -> Result<Vec<Entry>, SyntaxError> {
    let mut p = Parser {
        src: text.as_bytes(),
        pos: 0,
        line_cursor: (0, 1),
    };
    if text.starts_with('\u{feff}') {
        p.pos = 3;
    }
    p.skip_trivia();
    let name_at = p.pos;
    let name = p.identifier().to_string();
    if name != "build_time_vars" {
        return Err(p.error_at(
            name_at,
            if name.is_empty() {
                "expected `build_time_vars = {`".to_string()
            } else {
                format!("expected `build_time_vars`, found `{name}`")
            },
        ));
    }
    p.skip_trivia();
    p.expect(b'=')?;
    p.skip_trivia();
    let entries = p.dict()?;
    p.skip_trivia();
    if p.pos < p.src.len() {
        return Err(p.error("unexpected text after the dict".into()));
    }
    Ok(entries)
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    /// (offset, line) last asked for by [`Parser::line_at`]: entries are asked in order, so
    /// counting from there keeps a whole file linear (found by fuzzing: it was quadratic).
    line_cursor: (usize, usize),
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn location(&self, pos: usize) -> (usize, usize) {
        let before = &self.src[..pos.min(self.src.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        (line, column)
    }

    /// The line of `pos`, for `pos` at or after the previous call's.
    fn line_at(&mut self, pos: usize) -> usize {
        let (from, line) = self.line_cursor;
        if pos < from {
            return self.location(pos).0;
        }
        let line = line + self.src[from..pos].iter().filter(|&&b| b == b'\n').count();
        self.line_cursor = (pos, line);
        line
    }

    fn error_at(&self, pos: usize, message: String) -> SyntaxError {
        let (line, column) = self.location(pos);
        SyntaxError {
            line,
            column,
            message,
        }
    }

    fn error(&self, message: String) -> SyntaxError {
        self.error_at(self.pos, message)
    }

    fn describe_here(&self) -> String {
        match self.peek() {
            None => "end of file".into(),
            Some(_) => {
                let rest = String::from_utf8_lossy(&self.src[self.pos..]);
                let c = rest.chars().next().unwrap_or('?');
                format!("`{}`", c.escape_debug())
            }
        }
    }

    /// Whitespace, newlines, comments and backslash-newline continuations.
    fn skip_trivia(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => self.pos += 1,
                b'#' => {
                    // A lone CR ends a line too, for Python's tokenizer.
                    while !matches!(self.peek(), None | Some(b'\n' | b'\r')) {
                        self.pos += 1;
                    }
                }
                b'\\' if matches!(self.src.get(self.pos + 1), Some(b'\n')) => self.pos += 2,
                b'\\' if self.src[self.pos + 1..].starts_with(b"\r\n") => self.pos += 3,
                _ => break,
            }
        }
    }

    fn identifier(&mut self) -> &str {
        let start = self.pos;
        while matches!(self.peek(), Some(b) if b == b'_' || b.is_ascii_alphanumeric()) {
            self.pos += 1;
        }
        // ASCII only, so the slice is valid UTF-8.
        std::str::from_utf8(&self.src[start..self.pos]).unwrap_or_default()
    }

    fn expect(&mut self, byte: u8) -> Result<(), SyntaxError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!(
                "expected `{}`, found {}",
                byte as char,
                self.describe_here()
            )))
        }
    }

    fn dict(&mut self) -> Result<Vec<Entry>, SyntaxError> {
        self.expect(b'{')?;
        let mut entries = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Ok(entries);
            }
            let key_at = self.pos;
            let line = self.line_at(key_at);
            let key = match self.value(0)? {
                Value::Str(key) => key,
                other => {
                    return Err(self.error_at(
                        key_at,
                        format!("expected a string key, found {}", other.type_name()),
                    ))
                }
            };
            self.skip_trivia();
            self.expect(b':')?;
            self.skip_trivia();
            let value = self.value(0)?;
            entries.push(Entry { key, value, line });
            self.skip_trivia();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                _ => {
                    return Err(self.error(format!(
                        "expected `,` or `}}` after the value of `{}`, found {}",
                        entries.last().map_or("", |e| e.key.as_str()),
                        self.describe_here()
                    )))
                }
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        match self.peek() {
            Some(b'(') => {
                if depth >= MAX_DEPTH {
                    return Err(self.error("parentheses nested too deeply".into()));
                }
                self.pos += 1;
                self.skip_trivia();
                let inner = self.value(depth + 1)?;
                self.skip_trivia();
                self.expect(b')')?;
                Ok(inner)
            }
            Some(b'-' | b'+' | b'0'..=b'9') => self.integer(),
            Some(b'"' | b'\'') => self.strings(),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                let start = self.pos;
                let word = self.identifier().to_string();
                match word.as_str() {
                    "None" => Ok(Value::Constant("None")),
                    "True" => Ok(Value::Constant("True")),
                    "False" => Ok(Value::Constant("False")),
                    _ if is_string_prefix(&word) && matches!(self.peek(), Some(b'"' | b'\'')) => {
                        self.pos = start;
                        self.strings()
                    }
                    _ => Err(self.error_at(start, format!("unsupported value `{word}`"))),
                }
            }
            _ => Err(self.error(format!("expected a value, found {}", self.describe_here()))),
        }
    }

    fn integer(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        let mut text = String::new();
        if let Some(sign @ (b'-' | b'+')) = self.peek() {
            if sign == b'-' {
                text.push('-');
            }
            self.pos += 1;
            self.skip_trivia();
        }
        let digits_start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9' | b'_')) {
            if self.src[self.pos] != b'_' {
                text.push(self.src[self.pos] as char);
            }
            self.pos += 1;
        }
        if self.pos == digits_start || text.ends_with('-') {
            return Err(self.error_at(start, "expected digits".into()));
        }
        if matches!(self.peek(), Some(b) if b == b'.' || b.is_ascii_alphabetic()) {
            return Err(self.error_at(start, "only integers and strings are supported".into()));
        }
        Ok(Value::Int(text))
    }

    /// One or more adjacent string literals, concatenated as Python does.
    fn strings(&mut self) -> Result<Value, SyntaxError> {
        let mut out = String::new();
        loop {
            self.string_literal(&mut out)?;
            let save = self.pos;
            self.skip_trivia();
            let prefix_len = self.src[self.pos..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            let prefix =
                std::str::from_utf8(&self.src[self.pos..self.pos + prefix_len]).unwrap_or_default();
            let next_quote = self.src.get(self.pos + prefix_len);
            if is_string_prefix(prefix) && matches!(next_quote, Some(b'"' | b'\'')) {
                continue;
            }
            self.pos = save;
            return Ok(Value::Str(out));
        }
    }

    fn string_literal(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let start = self.pos;
        let mut raw = false;
        while let Some(b) = self.peek() {
            match b.to_ascii_lowercase() {
                b'r' => raw = true,
                b'u' => {}
                b'b' => return Err(self.error("bytes literals are not supported".into())),
                b'f' => return Err(self.error("f-strings are not supported".into())),
                _ => break,
            }
            self.pos += 1;
        }
        let quote = self.src[self.pos];
        let triple = self.src[self.pos..].starts_with(&[quote; 3]);
        self.pos += if triple { 3 } else { 1 };
        loop {
            let Some(b) = self.peek() else {
                return Err(self.error_at(start, "unterminated string".into()));
            };
            if b == quote && (!triple || self.src[self.pos..].starts_with(&[quote; 3])) {
                self.pos += if triple { 3 } else { 1 };
                return Ok(());
            }
            match b {
                b'\n' | b'\r' if !triple => {
                    return Err(self.error_at(start, "unterminated string".into()));
                }
                b'\\' if raw => {
                    // A raw string keeps the backslash and the character after it.
                    out.push('\\');
                    self.pos += 1;
                    if let Some(c) = self.next_char() {
                        out.push(c);
                    }
                }
                b'\\' => {
                    self.pos += 1;
                    self.escape(out)?;
                }
                _ => {
                    let c = self
                        .next_char()
                        .ok_or_else(|| self.error("invalid UTF-8".into()))?;
                    out.push(c);
                }
            }
        }
    }

    fn next_char(&mut self) -> Option<char> {
        let rest = &self.src[self.pos..];
        let len = match rest.first()? {
            b if *b < 0x80 => 1,
            b if *b >= 0xf0 => 4,
            b if *b >= 0xe0 => 3,
            _ => 2,
        };
        let c = std::str::from_utf8(rest.get(..len)?).ok()?.chars().next()?;
        self.pos += len;
        Some(c)
    }

    /// After a backslash: appends what the escape stands for, as Python reads it.
    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let at = self.pos - 1;
        let Some(b) = self.peek() else {
            return Err(self.error_at(at, "unterminated string".into()));
        };
        self.pos += 1;
        let simple = match b {
            b'\n' => Some(None),
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
                Some(None)
            }
            b'\\' => Some(Some('\\')),
            b'\'' => Some(Some('\'')),
            b'"' => Some(Some('"')),
            b'a' => Some(Some('\x07')),
            b'b' => Some(Some('\x08')),
            b'f' => Some(Some('\x0c')),
            b'n' => Some(Some('\n')),
            b'r' => Some(Some('\r')),
            b't' => Some(Some('\t')),
            b'v' => Some(Some('\x0b')),
            _ => None,
        };
        if let Some(c) = simple {
            out.extend(c);
            return Ok(());
        }
        let code = match b {
            b'0'..=b'7' => self.octal(b),
            b'x' => self.hex_digits(2, at)?,
            b'u' => self.hex_digits(4, at)?,
            b'U' => self.hex_digits(8, at)?,
            b'N' => return Err(self.error_at(at, "`\\N{...}` escapes are not supported".into())),
            _ => {
                // Python keeps unknown escapes as written.
                out.push('\\');
                self.pos -= 1;
                if let Some(c) = self.next_char() {
                    out.push(c);
                }
                return Ok(());
            }
        };
        let c = char::from_u32(code).ok_or_else(|| {
            self.error_at(
                at,
                format!("escape for U+{code:04X} is not a Unicode scalar value"),
            )
        })?;
        out.push(c);
        Ok(())
    }

    /// Up to three octal digits, `first` already read.
    fn octal(&mut self, first: u8) -> u32 {
        let mut value = u32::from(first - b'0');
        for _ in 0..2 {
            match self.peek() {
                Some(d @ b'0'..=b'7') => {
                    value = value * 8 + u32::from(d - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        value
    }

    fn hex_digits(&mut self, count: usize, at: usize) -> Result<u32, SyntaxError> {
        let digits = self.src.get(self.pos..self.pos + count);
        let value = digits
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .and_then(|d| u32::from_str_radix(std::str::from_utf8(d).ok()?, 16).ok())
            .ok_or_else(|| self.error_at(at, format!("expected {count} hex digits in escape")))?;
        self.pos += count;
        Ok(value)
    }
}

fn is_string_prefix(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "" | "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<(String, Value)> {
        parse_build_time_vars(text)
            .unwrap_or_else(|e| panic!("{e:?} in {text:?}"))
            .into_iter()
            .map(|e| (e.key, e.value))
            .collect()
    }

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    #[test]
    fn upstream_pprint_layout() {
        let text = "# system configuration generated and used by the sysconfig module\n\
            build_time_vars = {'ABIFLAGS': '',\n \
            'CONFIG_ARGS': \"'--build=x86_64-linux-gnu' \"\n                \
            \"'--host=arm-linux-gnueabihf'\",\n \
            'EXT_SUFFIX': '.cpython-311-arm-linux-gnueabihf.so',\n \
            'HAVE_FORK': 1,\n \
            'TZPATH': '/usr/share/zoneinfo:/usr/lib/zoneinfo'}\n";
        assert_eq!(
            parse(text),
            vec![
                ("ABIFLAGS".into(), s("")),
                (
                    "CONFIG_ARGS".into(),
                    s("'--build=x86_64-linux-gnu' '--host=arm-linux-gnueabihf'")
                ),
                (
                    "EXT_SUFFIX".into(),
                    s(".cpython-311-arm-linux-gnueabihf.so")
                ),
                ("HAVE_FORK".into(), Value::Int("1".into())),
                ("TZPATH".into(), s("/usr/share/zoneinfo:/usr/lib/zoneinfo")),
            ]
        );
    }

    #[test]
    fn one_key_per_line_layout_with_trailing_comma() {
        let text = "build_time_vars = {\n    'ABIFLAGS': 't',\n    'Py_GIL_DISABLED': 1,\n}\n";
        assert_eq!(
            parse(text),
            vec![
                ("ABIFLAGS".into(), s("t")),
                ("Py_GIL_DISABLED".into(), Value::Int("1".into())),
            ]
        );
    }

    #[test]
    fn escapes_and_prefixes() {
        let text = r#"build_time_vars = {'A': 'it\'s \\ \x41\u00e9\U0001F600\101\n\q',
 "B": r'\d+' u"x" '' "y", 'C': ('paren' 'cat'), 'D': -12, 'E': None, 'F': '''tri'ple'''}"#;
        assert_eq!(
            parse(text),
            vec![
                ("A".into(), s("it's \\ Aé😀A\n\\q")),
                ("B".into(), s("\\d+xy")),
                ("C".into(), s("parencat")),
                ("D".into(), Value::Int("-12".into())),
                ("E".into(), Value::Constant("None")),
                ("F".into(), s("tri'ple")),
            ]
        );
    }

    #[test]
    fn errors_say_where_and_why() {
        let cases = [
            ("", 1, 1, "expected `build_time_vars = {`"),
            ("x = {}", 1, 1, "expected `build_time_vars`, found `x`"),
            (
                "build_time_vars = {'A': 'b',\n 'C': 'd'",
                2,
                10,
                "expected `,` or `}`",
            ),
            ("build_time_vars = {'A': 'b", 1, 25, "unterminated string"),
            (
                "build_time_vars = {'A': 1.5}",
                1,
                25,
                "only integers and strings",
            ),
            ("build_time_vars = {1: 'x'}", 1, 20, "expected a string key"),
            ("build_time_vars = {'A': b'x'}", 1, 25, "bytes literals"),
            (
                "build_time_vars = {'A': '\\ud800'}",
                1,
                26,
                "not a Unicode scalar",
            ),
            (
                "build_time_vars = {'A': '\\x4'}",
                1,
                26,
                "expected 2 hex digits",
            ),
            (
                "build_time_vars = {}\nprint(1)",
                2,
                1,
                "unexpected text after the dict",
            ),
            (
                "build_time_vars = {'A': os.environ}",
                1,
                25,
                "unsupported value `os`",
            ),
        ];
        for (text, line, column, message) in cases {
            let err = parse_build_time_vars(text).unwrap_err();
            assert_eq!((err.line, err.column), (line, column), "{text:?}: {err:?}");
            assert!(err.message.contains(message), "{text:?}: {err:?}");
        }
    }

    #[test]
    fn a_lone_cr_ends_a_line_as_in_python() {
        // Found by the differential check against Python's tokenizer.
        let text = "build_time_vars = {# c\r'EXT_SUFFIX': '.cpython-312.so'}";
        assert_eq!(
            parse(text),
            vec![("EXT_SUFFIX".into(), s(".cpython-312.so"))]
        );
        let err = parse_build_time_vars("build_time_vars = {'A': 'x\ry'}").unwrap_err();
        assert_eq!(err.message, "unterminated string");
    }

    #[test]
    fn entry_lines_stay_right_over_long_files() {
        let mut text = String::from("build_time_vars = {\n");
        for i in 0..3000 {
            text.push_str(&format!(" 'K{i}': 'a '\n        'b',\n"));
        }
        text.push('}');
        let entries = parse_build_time_vars(&text).unwrap();
        assert_eq!(entries[0].line, 2);
        assert_eq!(entries[2999].line, 2 + 2 * 2999);
    }

    #[test]
    fn deep_parentheses_are_an_error_not_a_stack_overflow() {
        let text = format!(
            "build_time_vars = {{'A': {}'x'{}}}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        let err = parse_build_time_vars(&text).unwrap_err();
        assert!(err.message.contains("nested too deeply"), "{err:?}");
    }
}
