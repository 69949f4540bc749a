//! Just enough ELF to tell whether a file is a shared object for the target machine.

use std::io::Read;
use std::path::Path;

use crate::target::machine::machine_name;
use crate::target::ElfIdentity;

/// The header fields that matter here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElfHeader {
    pub bits: u8,
    pub big_endian: bool,
    pub file_type: u16,
    pub machine: u16,
}

const ET_DYN: u16 = 3;

/// Reads the header from the first bytes of a file.
pub fn parse_header(bytes: &[u8]) -> Result<ElfHeader, String> {
    if bytes.len() < 20 || &bytes[..4] != b"\x7fELF" {
        return Err("not an ELF file".into());
    }
    let bits = match bytes[4] {
        1 => 32,
        2 => 64,
        other => return Err(format!("ELF file with unknown class {other}")),
    };
    let big_endian = match bytes[5] {
        1 => false,
        2 => true,
        other => return Err(format!("ELF file with unknown byte order {other}")),
    };
    let half = |at: usize| {
        let pair = [bytes[at], bytes[at + 1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    };
    Ok(ElfHeader {
        bits,
        big_endian,
        file_type: half(16),
        machine: half(18),
    })
}

/// Why `header` cannot be an extension module for `expected`, if it cannot.
pub fn mismatch(header: &ElfHeader, expected: Option<&ElfIdentity>) -> Option<String> {
    if header.file_type != ET_DYN {
        return Some(format!(
            "an ELF file of type {} (not a shared object)",
            header.file_type
        ));
    }
    let expected = expected?;
    let fits = header.bits == expected.bits
        && header.big_endian == expected.big_endian
        && expected.machines.contains(&header.machine);
    (!fits).then(|| {
        format!(
            "built for ELF{} {}, machine {}; the target needs {}",
            header.bits,
            if header.big_endian { "MSB" } else { "LSB" },
            machine_name(header.machine),
            expected.describe()
        )
    })
}

/// Reads the header of the file at `path` and checks it against `expected`.
/// Outer error: the file could not be read; inner: it is not a module for the target.
pub fn check_file(
    path: &Path,
    expected: Option<&ElfIdentity>,
) -> std::io::Result<Result<(), String>> {
    let mut head = [0u8; 64];
    let mut file = std::fs::File::open(path)?;
    let mut len = 0;
    while len < head.len() {
        match file.read(&mut head[len..])? {
            0 => break,
            n => len += n,
        }
    }
    Ok(parse_header(&head[..len]).and_then(|h| mismatch(&h, expected).map_or(Ok(()), Err)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(class: u8, data: u8, etype: u16, machine: u16) -> Vec<u8> {
        let mut h = vec![0u8; 64];
        h[..4].copy_from_slice(b"\x7fELF");
        h[4] = class;
        h[5] = data;
        let (t, m) = if data == 2 {
            (etype.to_be_bytes(), machine.to_be_bytes())
        } else {
            (etype.to_le_bytes(), machine.to_le_bytes())
        };
        h[16..18].copy_from_slice(&t);
        h[18..20].copy_from_slice(&m);
        h
    }

    #[test]
    fn matches_the_targets_machine() {
        let arm = ElfIdentity::for_triplet("arm-linux-gnueabihf").unwrap();
        let ok = parse_header(&header(1, 1, 3, 40)).unwrap();
        assert_eq!(mismatch(&ok, Some(&arm)), None);
        let x86 = parse_header(&header(2, 1, 3, 62)).unwrap();
        let why = mismatch(&x86, Some(&arm)).unwrap();
        assert!(
            why.contains("ELF64 LSB, machine x86-64")
                && why.contains("needs ELF32 LSB, machine ARM"),
            "{why}"
        );
        let armeb = parse_header(&header(1, 2, 3, 40)).unwrap();
        assert!(mismatch(&armeb, Some(&arm)).is_some());
        let exec = parse_header(&header(1, 1, 2, 40)).unwrap();
        assert!(mismatch(&exec, None)
            .unwrap()
            .contains("not a shared object"));
    }

    #[test]
    fn rejects_non_elf_and_short_input() {
        assert_eq!(parse_header(b"").unwrap_err(), "not an ELF file");
        assert_eq!(parse_header(b"\x7fELF").unwrap_err(), "not an ELF file");
        assert_eq!(
            parse_header(b"#!/bin/sh\n echo hi there").unwrap_err(),
            "not an ELF file"
        );
        assert!(parse_header(&header(3, 1, 3, 40))
            .unwrap_err()
            .contains("class 3"));
        assert!(parse_header(&header(1, 0, 3, 40))
            .unwrap_err()
            .contains("byte order 0"));
    }
}
