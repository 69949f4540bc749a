//! What a `*.so` name means to the target, from the name alone.

use crate::interpreter::Target;
use crate::suffix::{parse_suffix, split_module_name, SuffixKind};

/// The verdict on a file name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameClass {
    /// Imported as it is (EXT_SUFFIX, or another suffix the target accepts).
    Ok,
    /// `.abi3.so` and friends: stable ABI, left alone.
    Abi3,
    /// `.so` alone: importable everywhere, left alone.
    Plain,
    /// Built for this target's Python version and ABI but named for another platform.
    Misnamed {
        /// The file name the target imports.
        rename_to: String,
    },
    /// A CPython extension for another version or ABI: renaming it would load an
    /// incompatible module, so it is reported and left alone.
    OtherAbi {
        /// Which Python it is for, and which the target is.
        why: String,
    },
    /// Not an extension-module name (a library, another implementation's module …).
    NotExtension {
        /// Why it is not one.
        why: String,
    },
}

/// What a `*.so` file name means to the target, from the name alone.
pub fn classify_name(file_name: &str, target: &Target) -> NameClass {
    let Some((stem, suffix)) = split_module_name(file_name) else {
        return NameClass::NotExtension {
            why: "not a Python module name".into(),
        };
    };
    if target.imports(suffix) {
        return match parse_suffix(suffix) {
            SuffixKind::Abi3 => NameClass::Abi3,
            SuffixKind::Plain => NameClass::Plain,
            _ => NameClass::Ok,
        };
    }
    match parse_suffix(suffix) {
        SuffixKind::Abi3 => NameClass::Abi3,
        SuffixKind::Plain => NameClass::Plain,
        SuffixKind::Foreign => NameClass::NotExtension {
            why: format!("{suffix} is not a CPython extension suffix"),
        },
        SuffixKind::CPython {
            version, abiflags, ..
        } => {
            if version != target.version || abiflags != target.abiflags {
                NameClass::OtherAbi {
                    why: format!(
                        "built for CPython {version}{}; the target is {}{}: never renamed",
                        flags_note(&abiflags),
                        target.version,
                        flags_note(&target.abiflags)
                    ),
                }
            } else {
                NameClass::Misnamed {
                    rename_to: format!("{stem}{}", target.ext_suffix),
                }
            }
        }
    }
}

fn flags_note(flags: &str) -> String {
    if flags.is_empty() {
        String::new()
    } else {
        format!(" (ABI flags {flags:?})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpreter::Origin;
    use std::path::Path;

    fn target(ext: &str) -> Target {
        Target::from_ext_suffix(ext, Origin::ExtSuffix, Path::new("t")).unwrap()
    }

    #[test]
    fn verdicts_for_an_arm_312_target() {
        let t = target(".cpython-312-arm-linux-gnueabihf.so");
        let misnamed = |to: &str| NameClass::Misnamed {
            rename_to: to.into(),
        };
        assert_eq!(
            classify_name("m.cpython-312-arm-linux-gnueabihf.so", &t),
            NameClass::Ok
        );
        assert_eq!(
            classify_name("rpds.cpython-312-armv7l-linux-gnueabihf.so", &t),
            misnamed("rpds.cpython-312-arm-linux-gnueabihf.so")
        );
        assert_eq!(
            classify_name("m.cpython-312.so", &t),
            misnamed("m.cpython-312-arm-linux-gnueabihf.so")
        );
        assert_eq!(classify_name("m.abi3.so", &t), NameClass::Abi3);
        assert_eq!(classify_name("m.so", &t), NameClass::Plain);
        assert!(matches!(
            classify_name("m.cpython-311-arm-linux-gnueabihf.so", &t),
            NameClass::OtherAbi { .. }
        ));
        assert!(matches!(
            classify_name("m.cpython-312d-arm-linux-gnueabihf.so", &t),
            NameClass::OtherAbi { .. }
        ));
        assert!(matches!(
            classify_name("m.cpython-312t-arm-linux-gnueabihf.so", &t),
            NameClass::OtherAbi { .. }
        ));
        assert!(matches!(
            classify_name("libz-1.2.so", &t),
            NameClass::NotExtension { .. }
        ));
        assert!(matches!(
            classify_name("m.pypy39-pp73-arm-linux-gnu.so", &t),
            NameClass::NotExtension { .. }
        ));
    }

    #[test]
    fn a_debug_target_also_imports_release_modules() {
        let t = target(".cpython-312d-x86_64-linux-gnu.so");
        assert_eq!(
            classify_name("m.cpython-312-x86_64-linux-gnu.so", &t),
            NameClass::Ok
        );
        assert_eq!(
            classify_name("m.cpython-312d-i386-linux-gnu.so", &t),
            NameClass::Misnamed {
                rename_to: "m.cpython-312d-x86_64-linux-gnu.so".into()
            }
        );
    }

    #[test]
    fn a_target_without_triplet_renames_triplet_names() {
        let t = target(".cpython-313.so");
        assert_eq!(
            classify_name("m.cpython-313-x86_64-linux-musl.so", &t),
            NameClass::Misnamed {
                rename_to: "m.cpython-313.so".into()
            }
        );
    }
}
