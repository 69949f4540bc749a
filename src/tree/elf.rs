//! Reads files in the tree as ELF, just enough to tell whether each is a shared object for
//! the target's machine and C library: the header, the program interpreter and the
//! libraries its dynamic section needs, bounded against hostile tables.
//!
//! What the target expects, and the names of machines and C libraries, come from
//! [`crate::interpreter::machine`]; this module only reads files and compares.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::interpreter::machine;
use crate::interpreter::{ElfIdentity, Libc, Target};

/// The header fields that matter here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElfHeader {
    /// 32 or 64 (`EI_CLASS`).
    pub bits: u8,
    /// MSB rather than LSB (`EI_DATA`).
    pub big_endian: bool,
    /// `e_type`: a module is `ET_DYN`.
    pub file_type: u16,
    /// `e_machine`.
    pub machine: u16,
    /// Program header table: file offset, entry size, entry count (0 if the header is short).
    pub phoff: u64,
    /// Size of one program header (`e_phentsize`).
    pub phentsize: u16,
    /// Number of program headers (`e_phnum`).
    pub phnum: u16,
}

const ET_DYN: u16 = 3;
const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const DT_NULL: u64 = 0;
const DT_NEEDED: u64 = 1;
const DT_STRTAB: u64 = 5;
const DT_STRSZ: u64 = 10;
/// Bounds for what a module's own tables may make us read.
const MAX_PHNUM: u16 = 1024;
const MAX_TABLE: u64 = 1 << 20;

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
    let order = ByteOrder { big_endian };
    let half = |at: usize| order.u16(bytes, at);
    // e_phoff, e_phentsize, e_phnum sit at different places in ELF32 and ELF64.
    let (phoff, phentsize, phnum) = match bits {
        32 if bytes.len() >= 0x2e => (order.u32(bytes, 0x1c) as u64, half(0x2a), half(0x2c)),
        64 if bytes.len() >= 0x3a => (order.u64(bytes, 0x20), half(0x36), half(0x38)),
        _ => (0, 0, 0),
    };
    Ok(ElfHeader {
        bits,
        big_endian,
        file_type: half(16),
        machine: half(18),
        phoff,
        phentsize,
        phnum,
    })
}

#[derive(Clone, Copy)]
struct ByteOrder {
    big_endian: bool,
}

impl ByteOrder {
    fn u16(self, b: &[u8], at: usize) -> u16 {
        let v = [b[at], b[at + 1]];
        if self.big_endian {
            u16::from_be_bytes(v)
        } else {
            u16::from_le_bytes(v)
        }
    }

    fn u32(self, b: &[u8], at: usize) -> u32 {
        let v = [b[at], b[at + 1], b[at + 2], b[at + 3]];
        if self.big_endian {
            u32::from_be_bytes(v)
        } else {
            u32::from_le_bytes(v)
        }
    }

    fn u64(self, b: &[u8], at: usize) -> u64 {
        let mut v = [0u8; 8];
        v.copy_from_slice(&b[at..at + 8]);
        if self.big_endian {
            u64::from_be_bytes(v)
        } else {
            u64::from_le_bytes(v)
        }
    }

    /// A 32- or 64-bit word, as the ELF class has it.
    fn word(self, bits: u8, b: &[u8], at: usize) -> u64 {
        if bits == 64 {
            self.u64(b, at)
        } else {
            self.u32(b, at) as u64
        }
    }
}

/// One program header: type, file offset, virtual address, size in the file.
#[derive(Clone, Copy, Debug)]
struct Segment {
    kind: u32,
    offset: u64,
    vaddr: u64,
    filesz: u64,
}

/// The libraries (`DT_NEEDED`) and program interpreter (`PT_INTERP`) a shared object names.
/// A file whose tables cannot be read names none: the C library is then not known.
fn dependencies(file: &mut File, h: &ElfHeader) -> Vec<String> {
    let order = ByteOrder {
        big_endian: h.big_endian,
    };
    let Some(segments) = segments(file, h, order) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for seg in segments.iter().filter(|s| s.kind == PT_INTERP) {
        if let Some(bytes) = read_at(file, seg.offset, seg.filesz.min(4096)) {
            names.push(c_string(&bytes, 0));
        }
    }
    if let Some(dynamic) = segments.iter().find(|s| s.kind == PT_DYNAMIC) {
        names.extend(needed(file, h, order, dynamic, &segments).unwrap_or_default());
    }
    names
}

fn segments(file: &mut File, h: &ElfHeader, order: ByteOrder) -> Option<Vec<Segment>> {
    let entry = if h.bits == 64 { 56 } else { 32 };
    if h.phnum == 0 || h.phnum > MAX_PHNUM || usize::from(h.phentsize) < entry {
        return None;
    }
    let size = u64::from(h.phentsize) * u64::from(h.phnum);
    let table = read_at(file, h.phoff, size)?;
    let one = |i: usize| {
        let b = &table[i * usize::from(h.phentsize)..];
        if h.bits == 64 {
            Segment {
                kind: order.u32(b, 0),
                offset: order.u64(b, 8),
                vaddr: order.u64(b, 16),
                filesz: order.u64(b, 32),
            }
        } else {
            Segment {
                kind: order.u32(b, 0),
                offset: order.u32(b, 4) as u64,
                vaddr: order.u32(b, 8) as u64,
                filesz: order.u32(b, 16) as u64,
            }
        }
    };
    Some((0..usize::from(h.phnum)).map(one).collect())
}

/// The `DT_NEEDED` names of the dynamic section.
fn needed(
    file: &mut File,
    h: &ElfHeader,
    order: ByteOrder,
    dynamic: &Segment,
    segments: &[Segment],
) -> Option<Vec<String>> {
    let table = read_at(file, dynamic.offset, dynamic.filesz)?;
    let word = usize::from(h.bits / 8);
    let (mut wanted, mut strtab, mut strsz) = (Vec::new(), None, None);
    for entry in table.chunks_exact(2 * word) {
        let (tag, value) = (
            order.word(h.bits, entry, 0),
            order.word(h.bits, entry, word),
        );
        match tag {
            DT_NULL => break,
            DT_NEEDED => wanted.push(value),
            DT_STRTAB => strtab = Some(value),
            DT_STRSZ => strsz = Some(value),
            _ => {}
        }
    }
    // DT_STRTAB is an address: the loaded segment holding it says where it is in the file.
    let (addr, size) = (strtab?, strsz?);
    let load = segments.iter().find(|s| {
        s.kind == PT_LOAD && s.vaddr <= addr && addr < s.vaddr.saturating_add(s.filesz)
    })?;
    let strings = read_at(file, addr - load.vaddr + load.offset, size)?;
    Some(
        wanted
            .into_iter()
            .filter_map(|at| usize::try_from(at).ok().filter(|&at| at < strings.len()))
            .map(|at| c_string(&strings, at))
            .collect(),
    )
}

fn read_at(file: &mut File, offset: u64, len: u64) -> Option<Vec<u8>> {
    if len > MAX_TABLE {
        return None;
    }
    let mut buf = vec![0u8; usize::try_from(len).ok()?];
    file.seek(SeekFrom::Start(offset)).ok()?;
    file.read_exact(&mut buf).ok()?;
    Some(buf)
}

fn c_string(bytes: &[u8], at: usize) -> String {
    let tail = &bytes[at..];
    let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
    String::from_utf8_lossy(&tail[..end]).into_owned()
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
            "built for {}; the target needs {}",
            machine::describe(header.bits, header.big_endian, header.machine),
            expected.describe()
        )
    })
}

/// Whether a file can be an extension module for the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fit {
    /// Machine and (where the module says) C library are the target's.
    Fits,
    /// Not a shared object for the target's machine: why.
    WrongMachine(String),
    /// A module for another C library: another ABI, whatever its name says.
    OtherLibc(String),
    /// The module needs a C library and the target's is not known: why.
    LibcUnknown(String),
}

/// Reads the header of the file at `path` and checks it against the target's machine and
/// C library. Err: the file could not be read.
pub fn check_file(path: &Path, target: &Target) -> std::io::Result<Fit> {
    let mut head = [0u8; 64];
    let mut file = File::open(path)?;
    let mut len = 0;
    while len < head.len() {
        match file.read(&mut head[len..])? {
            0 => break,
            n => len += n,
        }
    }
    let header = match parse_header(&head[..len]) {
        Ok(h) => h,
        Err(why) => return Ok(Fit::WrongMachine(why)),
    };
    if let Some(why) = mismatch(&header, target.elf.as_ref()) {
        return Ok(Fit::WrongMachine(why));
    }
    Ok(libc_fit(&dependencies(&mut file, &header), target))
}

/// Compares the C library the module names (if any) with the target's.
fn libc_fit(dependencies: &[String], target: &Target) -> Fit {
    let Some((name, libcs)) = dependencies
        .iter()
        .map(|d| (d, Libc::of_dependency(d)))
        .find(|(_, l)| !l.is_empty())
    else {
        return Fit::Fits;
    };
    let module = libcs[0].name();
    match target.libc {
        Some(libc) if libcs.contains(&libc) => Fit::Fits,
        Some(libc) => Fit::OtherLibc(format!(
            "built for {module} (it needs {name}); the target's python uses {}: another ABI, never renamed",
            libc.name()
        )),
        None => Fit::LibcUnknown(format!(
            "it needs {name} ({module}), and the target's C library is not known ({} names none): \
             not renamed; give the target's sysconfigdata (--sysroot or --sysconfigdata) or --target",
            target.ext_suffix
        )),
    }
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
