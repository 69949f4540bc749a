#!/usr/bin/env python3
"""Turn a copy of the maturin-fix crate into the build-cost benchmark's naive reference.

The reference is the same program with the dependency choices a first version would make:
clap with its default features plus `derive`, and regex with its default features, used
in one obvious place (the CPython tag of an extension suffix is pre-checked with a Regex)
so that neither the compiler nor the linker can drop it. Everything else stays identical:
sources, profile, lock file (extended by `cargo fetch` for the new crates).

Usage: naive_reference.py CRATE_COPY_DIR   (edits the copy in place; never the project)
"""

import re
import sys

CLAP_LINE = re.compile(r'^clap = \{[^\n]*\}$', re.M)
NAIVE_DEPENDENCIES = 'clap = { version = "4.5", features = ["derive"] }\nregex = "1"'

SUFFIX_ANCHOR = "    parse_cpython_tag(tag).unwrap_or(SuffixKind::Foreign)\n"
SUFFIX_WITH_REGEX = """\
    // Naive reference: the CPython tag is pre-checked with a regex (a superset of the grammar).
    static CPYTHON_TAG: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let pattern = CPYTHON_TAG.get_or_init(|| {
        regex::Regex::new(r"^cpython-[0-9]{2,4}[a-z]*(-.+)?$").expect("a valid regex")
    });
    if !pattern.is_match(tag) {
        return SuffixKind::Foreign;
    }
    parse_cpython_tag(tag).unwrap_or(SuffixKind::Foreign)
"""


def replace_once(text, old, new, what):
    if text.count(old) != 1:
        sys.exit(f"naive_reference: {what}: expected exactly one {old.strip()!r}; the sources changed, update this script")
    return text.replace(old, new)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    crate = sys.argv[1]

    manifest_path = f"{crate}/Cargo.toml"
    with open(manifest_path) as f:
        manifest = f.read()
    lines = CLAP_LINE.findall(manifest)
    if len(lines) != 1:
        sys.exit(f"naive_reference: {manifest_path}: expected one `clap = {{ ... }}` line, found {len(lines)}")
    if re.search(r"^regex\s*=", manifest, re.M):
        sys.exit(f"naive_reference: {manifest_path} already depends on regex")
    manifest = replace_once(manifest, lines[0], NAIVE_DEPENDENCIES, manifest_path)
    with open(manifest_path, "w") as f:
        f.write(manifest)

    suffix_path = f"{crate}/src/suffix.rs"
    with open(suffix_path) as f:
        source = f.read()
    source = replace_once(source, SUFFIX_ANCHOR, SUFFIX_WITH_REGEX, suffix_path)
    with open(suffix_path, "w") as f:
        f.write(source)


if __name__ == "__main__":
    main()
