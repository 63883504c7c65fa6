//! Writing an export into a directory the user may also edit by hand.
//!
//! The directory keeps a manifest (`.netdraft-export`) of the files exports
//! wrote: a checksum of each (CRC-32, or the 64-bit FNV-1a hash manifests
//! written before it record), the format that wrote it, its path. An export
//! overwrites its own unchanged files, removes the ones the design no longer
//! needs (if nobody edited them since) and refuses to touch anything else (a
//! hand-edited file, a file it did not write) unless forced. Formats share a
//! directory: an export only ever removes files the same format wrote. The
//! command line and the designer both write exports through [`write`].

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::WriteError;

/// The manifest's file name inside the output directory.
pub const MANIFEST: &str = ".netdraft-export";

/// Format names a manifest line may carry (older manifests carry none).
pub const FORMATS: &[&str] = &["terraform", "bicep", "helm", "k8s", "markdown", "svg", "png"];

/// The folder an export of `format` goes to by default: beside the design
/// file, named after it (`hub.netdraft.toml` → `hub-terraform/`), never the
/// design file itself. Without a design file: `design-<format>` in `cwd`.
pub fn default_target(design: Option<&Path>, format: &str, cwd: &Path) -> PathBuf {
    let (folder, stem) = match design {
        Some(path) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem = [".netdraft.toml", ".toml"]
                .iter()
                .find_map(|ext| name.strip_suffix(ext))
                .unwrap_or(&name)
                .to_owned();
            let folder = path.parent().map_or_else(|| cwd.to_owned(), Path::to_owned);
            (folder, stem)
        }
        None => (cwd.to_owned(), String::new()),
    };
    let stem = if stem.trim().is_empty() {
        "design".to_owned()
    } else {
        stem
    };
    folder.join(format!("{stem}-{format}"))
}

/// What an export did to the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    /// Files this format wrote earlier that the design no longer needs.
    pub removed: Vec<PathBuf>,
    /// Such files kept because they were edited since.
    pub kept: Vec<PathBuf>,
}

/// Why an export was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportDirError {
    /// Files in the way (`path: reason` each); nothing was written.
    #[error("not overwriting files this export does not own:\n  {}", .0.join("\n  "))]
    Blocked(Vec<String>),
    /// The target exists and is a file (the design file itself, say), not a folder.
    #[error("{}: is a file, not a folder; export into a folder (netdraft proposes one beside the design)", .0.display())]
    NotAFolder(PathBuf),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A file's checksum as a manifest line records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hash {
    /// CRC-32 (`crc32:` and 8 hex digits): what exports record now.
    Crc32(u32),
    /// 64-bit FNV-1a (16 hex digits): what earlier manifests recorded.
    Fnv(u64),
}

impl Hash {
    /// The checksum of `bytes`: CRC-32 (fast on large pictures).
    fn of(bytes: &[u8]) -> Hash {
        Hash::Crc32(crc32fast::hash(bytes))
    }

    /// Whether `bytes` have this checksum, computed the way it was recorded.
    fn matches(self, bytes: &[u8]) -> bool {
        match self {
            Hash::Crc32(c) => crc32fast::hash(bytes) == c,
            Hash::Fnv(h) => fnv(bytes) == h,
        }
    }

    fn parse(text: &str) -> Option<Hash> {
        match text.strip_prefix("crc32:") {
            Some(hex) => u32::from_str_radix(hex, 16).ok().map(Hash::Crc32),
            None => u64::from_str_radix(text, 16).ok().map(Hash::Fnv),
        }
    }
}

impl std::fmt::Display for Hash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Hash::Crc32(c) => write!(f, "crc32:{c:08x}"),
            Hash::Fnv(h) => write!(f, "{h:016x}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    format: Option<String>,
    hash: Hash,
}

type Manifest = BTreeMap<String, Entry>;

/// Writes `files` (relative path, contents) of `format` under `dir`; with
/// `force`, files in the way are overwritten too.
pub fn write(dir: &Path, format: &str, files: &[(String, Vec<u8>)], force: bool) -> Result<Outcome, ExportDirError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ExportDirError::NotAFolder(dir.to_owned()));
    }
    let manifest_path = dir.join(MANIFEST);
    let previous = read_manifest(&manifest_path);
    // Each file in the way is read once: to check it may be replaced, then
    // to leave it untouched when the export did not change it.
    let old: Vec<Option<Vec<u8>>> = files
        .iter()
        .map(|(path, _)| std::fs::read(dir.join(path)).ok())
        .collect();
    let blocked: Vec<String> = files
        .iter()
        .zip(&old)
        .filter_map(|((path, _), old)| {
            let target = dir.join(path);
            in_the_way(old.as_deref()?, path, &previous).map(|reason| format!("{}: {reason}", target.display()))
        })
        .collect();
    if !blocked.is_empty() && !force {
        return Err(ExportDirError::Blocked(blocked));
    }
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportDirError::Io { path, source }
    };
    let mut outcome = Outcome::default();
    let mut written = Manifest::new();
    for ((path, contents), old) in files.iter().zip(old) {
        let target = dir.join(path);
        // An unchanged file keeps the checksum recorded for it.
        let unchanged = old.is_some_and(|old| old == *contents);
        let hash = match previous.get(path) {
            Some(recorded) if unchanged => recorded.hash,
            _ => Hash::of(contents),
        };
        if unchanged {
            outcome.unchanged.push(target);
        } else {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            crate::write_atomic(&target, contents)?;
            outcome.written.push(target);
        }
        written.insert(
            path.clone(),
            Entry {
                format: Some(format.to_owned()),
                hash,
            },
        );
    }
    let mut manifest = Manifest::new();
    for (path, recorded) in previous {
        if written.contains_key(&path) {
            continue;
        }
        if recorded.format.as_deref() != Some(format) {
            // Another format's file (or one from a manifest that did not
            // record formats): not this export's to remove.
            manifest.insert(path, recorded);
            continue;
        }
        let target = dir.join(&path);
        match std::fs::read(&target) {
            Ok(old) if recorded.hash.matches(&old) => {
                std::fs::remove_file(&target).map_err(io(&target))?;
                outcome.removed.push(target);
            }
            Ok(_) => outcome.kept.push(target),
            Err(_) => {}
        }
    }
    manifest.extend(written);
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    crate::write_atomic(&manifest_path, manifest_text(&manifest).as_bytes())?;
    Ok(outcome)
}

/// Why an existing file may not be overwritten, if it may not.
fn in_the_way(old: &[u8], rel: &str, previous: &Manifest) -> Option<&'static str> {
    match previous.get(rel) {
        None => Some("exists and was not written by netdraft export"),
        Some(recorded) if !recorded.hash.matches(old) => Some("was edited since netdraft exported it"),
        Some(_) => None,
    }
}

/// FNV-1a, 64 bit (what manifests recorded before CRC-32): enough to notice
/// an edit, not meant to resist one.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads `<hash> <format> <path>` lines (and `<hash> <path>` lines of older
/// manifests, which did not record the format).
fn read_manifest(path: &Path) -> Manifest {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Manifest::new();
    };
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (h, rest) = l.split_once(' ')?;
            let hash = Hash::parse(h)?;
            let recorded = rest
                .split_once(' ')
                .filter(|(f, _)| FORMATS.contains(f))
                .map(|(f, p)| (p, Some(f.to_owned())));
            let (p, format) = recorded.unwrap_or((rest, None));
            Some((p.to_owned(), Entry { format, hash }))
        })
        .collect()
}

fn manifest_text(files: &Manifest) -> String {
    let mut s = String::from(
        "# Files written by `netdraft export` into this directory: a hash of each, the format that wrote it, its path.\n\
         # netdraft overwrites only files listed here and unchanged since, and removes only its own format's.\n",
    );
    for (path, e) in files {
        let _ = match &e.format {
            Some(format) => writeln!(s, "{} {format} {path}", e.hash),
            None => writeln!(s, "{} {path}", e.hash),
        };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> (String, Vec<u8>) {
        (path.to_owned(), text.as_bytes().to_vec())
    }

    #[test]
    fn own_files_are_rewritten_foreign_and_edited_ones_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let first = write(d, "terraform", &[file("a.tf", "1"), file("b.tf", "2")], false).unwrap();
        assert_eq!(first.written.len(), 2);
        let again = write(d, "terraform", &[file("a.tf", "1"), file("b.tf", "3")], false).unwrap();
        assert_eq!((again.unchanged.len(), again.written.len()), (1, 1));
        // A hand edit and a stranger's file block the next export.
        std::fs::write(d.join("a.tf"), "edited").unwrap();
        std::fs::write(d.join("c.tf"), "mine").unwrap();
        let Err(ExportDirError::Blocked(why)) = write(d, "terraform", &[file("a.tf", "1"), file("c.tf", "x")], false)
        else {
            panic!("expected a refusal");
        };
        assert_eq!(why.len(), 2, "{why:?}");
        assert_eq!(
            std::fs::read_to_string(d.join("a.tf")).unwrap(),
            "edited",
            "nothing written"
        );
        let forced = write(d, "terraform", &[file("a.tf", "1"), file("c.tf", "x")], true).unwrap();
        assert_eq!(forced.written.len(), 2);
        // b.tf is no longer exported and was not edited: removed.
        assert_eq!(forced.removed, [d.join("b.tf")]);
    }

    #[test]
    fn files_recorded_with_the_older_fnv_hash_are_still_recognised_as_unedited() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.tf"), "1").unwrap();
        std::fs::write(d.join("b.tf"), "2").unwrap();
        // A manifest as earlier versions wrote it: 64-bit FNV-1a hashes.
        let legacy = format!("{:016x} terraform a.tf\n{:016x} terraform b.tf\n", fnv(b"1"), fnv(b"2"));
        std::fs::write(d.join(MANIFEST), legacy).unwrap();
        std::fs::write(d.join("b.tf"), "edited").unwrap();
        // a.tf is unedited: rewritten; b.tf was edited: refused.
        let Err(ExportDirError::Blocked(why)) = write(d, "terraform", &[file("a.tf", "x"), file("b.tf", "y")], false)
        else {
            panic!("expected a refusal");
        };
        assert_eq!(why.len(), 1, "{why:?}");
        assert!(why[0].contains("b.tf") && why[0].contains("edited"), "{why:?}");
        let out = write(d, "terraform", &[file("a.tf", "x")], false).unwrap();
        assert_eq!(out.written, [d.join("a.tf")]);
        // The manifest now records CRC-32 checksums; b.tf, no longer exported
        // but edited by hand, is kept.
        let manifest = std::fs::read_to_string(d.join(MANIFEST)).unwrap();
        assert!(
            manifest.contains(&format!("crc32:{:08x} terraform a.tf", crc32fast::hash(b"x"))),
            "{manifest}"
        );
        assert_eq!(out.kept, [d.join("b.tf")]);
    }

    #[test]
    fn formats_share_a_directory_and_remove_only_their_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "terraform", &[file("main.tf", "t")], false).unwrap();
        write(d, "markdown", &[file("design.md", "m")], false).unwrap();
        let out = write(d, "markdown", &[], false).unwrap();
        assert_eq!(out.removed, [d.join("design.md")]);
        assert!(d.join("main.tf").exists(), "another format's file stays");
    }

    #[test]
    fn the_default_target_is_a_sibling_folder_named_after_the_design() {
        let cwd = Path::new("/home/ana/designs");
        let at = |p: &str, f| default_target(Some(Path::new(p)), f, cwd);
        assert_eq!(at("/d/hub.netdraft.toml", "terraform"), Path::new("/d/hub-terraform"));
        assert_eq!(at("/d/net.toml", "bicep"), Path::new("/d/net-bicep"));
        assert_eq!(at("/d/plain", "png"), Path::new("/d/plain-png"));
        assert_eq!(at(".netdraft.toml", "helm"), Path::new("design-helm"));
        assert_eq!(
            default_target(None, "k8s", cwd),
            Path::new("/home/ana/designs/design-k8s")
        );
        assert_ne!(
            at("/d/hub.netdraft.toml", "terraform"),
            Path::new("/d/hub.netdraft.toml")
        );
    }

    #[test]
    fn a_file_in_place_of_the_folder_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let design = dir.path().join("hub.netdraft.toml");
        std::fs::write(&design, "format = 1\n").unwrap();
        let Err(e) = write(&design, "terraform", &[file("main.tf", "t")], false) else {
            panic!("exported into a file");
        };
        assert!(matches!(e, ExportDirError::NotAFolder(_)), "{e}");
        assert!(e.to_string().contains("is a file, not a folder"), "{e}");
        assert_eq!(std::fs::read_to_string(&design).unwrap(), "format = 1\n");
    }
}
