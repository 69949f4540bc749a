//! RECORD rows: every row naming a module follows it, whatever its spelling, and a RECORD
//! is replaced as a whole (a new file renamed over it), never rewritten in place.

mod common;

use std::os::unix::fs::MetadataExt;
use std::process::Command;

use common::*;

const ARM: &str = ".cpython-312-arm-linux-gnueabihf.so";
const WRONG: &str = ".cpython-312-armv7l-linux-gnueabihf.so";
const RECORD: &str = "sp/p-1.dist-info/RECORD";

fn fix(s: &Scratch, mode: &str) -> Run {
    s.run(&["fix", "--root", "sp", "--ext-suffix", ARM, "--mode", mode])
}

/// Every row of RECORD, as Python's csv reader reads it, names a path that exists.
fn names_only_existing_files(s: &Scratch, run: &Run) {
    let script = "import csv,os,sys\n\
        base=os.path.dirname(os.path.dirname(sys.argv[1]))\n\
        rows=[r[0] for r in csv.reader(open(sys.argv[1],newline=''))]\n\
        missing=[r for r in rows if not os.path.lexists(os.path.join(base,r))]\n\
        sys.exit('RECORD names missing files: %r' % missing if missing or not rows else 0)";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(s.path(RECORD))
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}\n{run}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Three spellings of one module's path in one RECORD, with other rows between them.
fn three_spellings(s: &Scratch) {
    s.write(&format!("sp/p/m{WRONG}"), arm32("m"));
    s.write("sp/p/__init__.py", "");
    s.write(
        RECORD,
        format!(
            "p/m{WRONG},sha256=x,65\n\
             p/__init__.py,,\n\
             ./p/m{WRONG},sha256=x,65\n\
             p/../p/m{WRONG},sha256=x,65\n\
             p-1.dist-info/RECORD,,\n"
        ),
    );
}

#[test]
fn every_row_naming_the_module_is_renamed_whatever_its_spelling() {
    let s = Scratch::new();
    three_spellings(&s);
    let run = fix(&s, "rename");
    run.expect(0);
    assert_eq!(
        run.tree.text(RECORD),
        format!(
            "p/m{ARM},sha256=x,65\n\
             p/__init__.py,,\n\
             ./p/m{ARM},sha256=x,65\n\
             p/../p/m{ARM},sha256=x,65\n\
             p-1.dist-info/RECORD,,\n"
        ),
        "{run}"
    );
    names_only_existing_files(&s, &run);
}

#[test]
fn every_row_naming_the_module_gets_a_row_for_its_symlink() {
    let s = Scratch::new();
    three_spellings(&s);
    let run = fix(&s, "symlink");
    run.expect(0);
    assert_eq!(
        run.tree.link(&format!("sp/p/m{ARM}")),
        Some(std::path::Path::new(&format!("m{WRONG}"))),
        "{run}"
    );
    assert_eq!(
        run.tree.text(RECORD),
        format!(
            "p/m{WRONG},sha256=x,65\n\
             p/m{ARM},sha256=x,65\n\
             p/__init__.py,,\n\
             ./p/m{WRONG},sha256=x,65\n\
             ./p/m{ARM},sha256=x,65\n\
             p/../p/m{WRONG},sha256=x,65\n\
             p/../p/m{ARM},sha256=x,65\n\
             p-1.dist-info/RECORD,,\n"
        ),
        "{run}"
    );
    names_only_existing_files(&s, &run);
}

#[test]
fn two_modules_each_named_twice_in_one_record_are_all_renamed() {
    let s = Scratch::new();
    s.write(&format!("sp/p/a{WRONG}"), arm32("a"));
    s.write(&format!("sp/p/b{WRONG}"), arm32("b"));
    s.write(
        RECORD,
        format!("p/a{WRONG},,\r\np/b{WRONG},,\r\n./p/b{WRONG},,\r\n./p/a{WRONG},,\r\n"),
    );
    let run = fix(&s, "rename");
    run.expect(0);
    assert_eq!(
        run.tree.text(RECORD),
        format!("p/a{ARM},,\r\np/b{ARM},,\r\n./p/b{ARM},,\r\n./p/a{ARM},,\r\n"),
        "{run}"
    );
    names_only_existing_files(&s, &run);
}

#[test]
fn a_record_is_replaced_by_a_new_file_never_rewritten_in_place() {
    // A hard link keeps the old RECORD's inode: written in place, it would change too, and
    // a reader of the path could see a part-written file.
    for mode in ["rename", "symlink"] {
        let s = Scratch::new();
        three_spellings(&s);
        let old = s.tree().text(RECORD);
        std::fs::hard_link(s.path(RECORD), s.path("RECORD.old")).unwrap();
        let ino = |rel: &str| std::fs::metadata(s.path(rel)).unwrap().ino();
        let before = ino(RECORD);
        let run = fix(&s, mode);
        run.expect(0);
        assert_ne!(run.tree.text(RECORD), old, "{run}");
        assert_eq!(
            run.tree.text("RECORD.old"),
            old,
            "{mode}: rewritten in place\n{run}"
        );
        assert_ne!(ino(RECORD), before, "{mode}: the same inode\n{run}");
        assert_eq!(std::fs::metadata(s.path("RECORD.old")).unwrap().nlink(), 1);
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(s.path("sp/p-1.dist-info"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["RECORD"], "{run}");
    }
}
