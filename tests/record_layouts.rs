//! RECORD never names a missing file, whatever its layout: line terminators (LF, CRLF, a
//! lone CR), a byte-order mark, quoting, several rows naming one module, absolute rows.
//! After `fix`, RECORD is read back with Python's own csv module (an independent reader):
//! every row must name a file that exists, and the module's rows its new name.

mod common;

use std::process::Command;

use common::*;

const SP: &str = "image/usr/lib/python3.12/site-packages";
const OLD: &str = "rpds.cpython-312-armv7l-linux-gnueabihf.so";
const NEW: &str = "rpds.cpython-312-arm-linux-gnueabihf.so";
const SUFFIX: &str = ".cpython-312-arm-linux-gnueabihf.so";
const RECORD: &str = "rpds_py-0.18.1.dist-info/RECORD";

/// The row paths of a RECORD as Python's csv module reads them.
fn python_rows(record: &[u8]) -> Vec<String> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import csv,io,sys\n\
             text = sys.stdin.buffer.read().decode('utf-8-sig')\n\
             sys.stdout.write('\\0'.join(r[0] for r in csv.reader(io.StringIO(text, newline='')) if r))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(record)?;
            child.wait_with_output()
        })
        .expect("python3");
    assert!(out.status.success(), "python3 could not read the RECORD");
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\0')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Installs the module and a RECORD with `record` as its exact bytes, runs `fix` (and a
/// second `check`), and checks RECORD against the tree.
fn fix_with_record(record: &str, module_rows: usize) -> Run {
    let s = Scratch::new();
    s.write(&format!("{SP}/rpds/{OLD}"), arm32("m"));
    s.write(&format!("{SP}/rpds/__init__.py"), "");
    s.write(&format!("{SP}/{RECORD}"), record);
    let run = s.run(&["fix", "--root", SP, "--ext-suffix", SUFFIX]);
    run.expect(0);
    assert!(run.tree.has(&format!("{SP}/rpds/{NEW}")), "{run}");
    assert!(!run.tree.has(&format!("{SP}/rpds/{OLD}")), "{run}");
    let text = run.tree.file(&format!("{SP}/{RECORD}")).unwrap().to_vec();
    let rows = python_rows(&text);
    let base = s.path(SP);
    for row in &rows {
        let path = if row.starts_with('/') {
            // An absolute row names the installed path on the target: map it into the tree.
            let rel = row.split_once("/site-packages/").map(|(_, r)| r).unwrap();
            base.join(rel)
        } else {
            base.join(row)
        };
        assert!(
            path.exists() || row.ends_with("RECORD"),
            "RECORD names the missing file {row:?}\nRECORD: {:?}\n{run}",
            String::from_utf8_lossy(&text)
        );
    }
    let new_rows = rows.iter().filter(|r| r.ends_with(NEW)).count();
    assert_eq!(
        new_rows,
        module_rows,
        "rows naming {NEW}: {rows:?}\nRECORD: {:?}\n{run}",
        String::from_utf8_lossy(&text)
    );
    s.run(&["check", "--root", SP, "--ext-suffix", SUFFIX])
        .expect(0);
    run
}

fn rows(terminator: &str) -> String {
    [
        "rpds/__init__.py,sha256=abc,0".to_string(),
        format!("rpds/{OLD},sha256=def,70"),
        format!("{RECORD},,"),
    ]
    .iter()
    .map(|r| format!("{r}{terminator}"))
    .collect()
}

#[test]
fn lf_crlf_and_lone_cr_terminators() {
    for terminator in ["\n", "\r\n", "\r"] {
        let run = fix_with_record(&rows(terminator), 1);
        let record = run.tree.text(&format!("{SP}/{RECORD}"));
        // Untouched rows keep their bytes, terminators included.
        assert_eq!(
            record,
            rows(terminator).replace(OLD, NEW),
            "terminator {terminator:?}\n{run}"
        );
    }
}

#[test]
fn a_lone_cr_record_whose_module_row_is_not_first() {
    // The row naming the module sits after the first line break of an LF-only reading.
    let record =
        format!("rpds/__init__.py,,\r./rpds/__init__.py,,\rrpds/{OLD},sha256=x,1\r{RECORD},,\r");
    fix_with_record(&record, 1);
}

#[test]
fn a_byte_order_mark_before_the_module_row() {
    // Python's utf-8-sig reading drops the mark; the row still names the module.
    let record = format!("\u{feff}rpds/{OLD},sha256=def,70\nrpds/__init__.py,,\n{RECORD},,\n");
    let run = fix_with_record(&record, 1);
    assert!(
        run.tree
            .text(&format!("{SP}/{RECORD}"))
            .starts_with('\u{feff}'),
        "the mark is kept\n{run}"
    );
}

#[test]
fn quoted_paths_and_several_rows_for_one_module() {
    let record = format!(
        "\"rpds/{OLD}\",sha256=def,70\r\n./rpds/{OLD},,\r\nrpds/../rpds/{OLD},,\r\n\"rpds/__init__.py\",,\r\n{RECORD},,\r\n"
    );
    fix_with_record(&record, 3);
}

#[test]
fn an_absolute_row_naming_the_installed_module() {
    let record = format!(
        "/usr/lib/python3.12/site-packages/rpds/{OLD},sha256=def,70\nrpds/__init__.py,,\n{RECORD},,\n"
    );
    fix_with_record(&record, 1);
}
