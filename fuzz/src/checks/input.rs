//! Turning fuzz bytes into the values a check needs.

use std::borrow::Cow;

/// The input as text. Invalid UTF-8 becomes U+FFFD: the library only ever sees `&str`.
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Splits at the first `byte` (one that never occurs in UTF-8, such as 0xFF), if present.
pub fn split_at_byte(data: &[u8], byte: u8) -> (&[u8], Option<&[u8]>) {
    match data.iter().position(|&b| b == byte) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    }
}

/// Where a parser error may point: line 1..=lines, column 1..=length of that line + 1.
pub fn assert_position_inside(text: &str, line: usize, column: usize, what: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        line >= 1 && line <= lines.len(),
        "{what}: error line {line} outside the text's {} lines",
        lines.len()
    );
    let width = lines[line - 1].chars().count();
    assert!(
        column >= 1 && column <= width + 1,
        "{what}: error column {column} outside line {line} ({width} characters)"
    );
}

/// True if `id` is listed in MATURIN_FIX_FUZZ_KNOWN (comma-separated): a bug already
/// reported, which a long fuzzing run may step over to look for others. The regression
/// test never sets it, so it keeps failing until the bug is fixed.
pub fn known_bug(id: &str) -> bool {
    static KNOWN: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KNOWN
        .get_or_init(|| {
            std::env::var("MATURIN_FIX_FUZZ_KNOWN")
                .unwrap_or_default()
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .iter()
        .any(|k| k == id)
}
