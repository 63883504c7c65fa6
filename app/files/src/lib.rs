//! # netdraft-files
//!
//! The file I/O the CLI and the GUI share, kept out of the core crate so the
//! core stays pure:
//! - [`read_design`]: read a design file from disk, with errors naming the file.
//! - [`write_atomic`]: write any file so that readers see the old content or the
//!   new content, never half of it (temp file in the same folder, fsync, rename).
//! - [`save_design`]: canonical TOML, written atomically (new files).
//! - [`save_design_over`]: an edited design written over the text it was read
//!   from, keeping that text's comments and table order
//!   ([`netdraft_core::file::update`]), atomically. The designer's saves and
//!   `netdraft fmt` go through it.

pub mod export_dir;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use netdraft_core::file::{self, KeepError, LoadError, Loaded};
use netdraft_core::model::Design;

/// Why a design could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}: the file is not UTF-8 text; a netdraft design is a TOML text file")]
    NotText { path: PathBuf },
    #[error("{0}")]
    Invalid(LoadError),
}

/// Why a file could not be written. The target is left as it was.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write the file ({action}): {source}; the previous content, if any, is untouched")]
pub struct WriteError {
    pub path: PathBuf,
    pub action: &'static str,
    #[source]
    pub source: io::Error,
}

/// Reads and validates a design file.
pub fn read_design(path: &Path) -> Result<Loaded, ReadError> {
    read_design_text(path).map(|(loaded, _)| loaded)
}

/// Reads and validates a design file, and returns its text too: the base a
/// later [`save_design_over`] keeps the comments of.
pub fn read_design_text(path: &Path) -> Result<(Loaded, String), ReadError> {
    let bytes = fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| ReadError::NotText { path: path.to_owned() })?;
    let loaded = file::parse(&text, &path.display().to_string()).map_err(ReadError::Invalid)?;
    Ok((loaded, text))
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder
/// is written, flushed to disk and renamed over the target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let err = |action: &'static str| {
        move |source: io::Error| WriteError {
            path: path.to_owned(),
            action,
            source,
        }
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".netdraft-").suffix(".tmp");
    // A temporary file is private (0600) by default; the file it becomes keeps
    // the mode of the file it replaces, or gets the usual 0666 less the umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder
        .tempfile_in(&dir)
        .map_err(err("creating a temporary file beside it"))?;
    tmp.write_all(contents).map_err(err("writing"))?;
    tmp.as_file().sync_all().map_err(err("flushing to disk"))?;
    tmp.persist(path).map_err(|e| WriteError {
        path: path.to_owned(),
        action: "replacing it",
        source: e.error,
    })?;
    Ok(())
}

/// Saves a design as canonical TOML, atomically.
pub fn save_design(path: &Path, design: &Design) -> Result<(), WriteError> {
    write_atomic(path, file::to_toml(design).as_bytes())
}

/// Why an edited design was not saved over its file. The file is untouched.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{path}: not saved, because the file's comments and layout could not be kept: {source}")]
    Keep {
        path: PathBuf,
        #[source]
        source: KeepError,
    },
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Saves `design` atomically over `base`, the text it was last read from or
/// written as (with `None`, a new file: canonical form). Comments, table order
/// and unchanged values of `base` are kept; values the edit changed are
/// written. Returns the text written, the base of the next save, and the
/// comments that went with resources the edit removed.
///
/// When the text cannot be kept without losing a comment, nothing is written
/// and the error says so: a save never drops text silently.
pub fn save_design_over(path: &Path, design: &Design, base: Option<&str>) -> Result<file::Updated, SaveError> {
    let updated = match base {
        Some(base) => file::update(base, design).map_err(|source| SaveError::Keep {
            path: path.to_owned(),
            source,
        })?,
        None => file::Updated {
            text: file::to_toml(design),
            dropped: Vec::new(),
        },
    };
    write_atomic(path, updated.text.as_bytes())?;
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.toml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn written_files_get_ordinary_permissions_and_keep_existing_ones() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // A new file gets what any program creating a file here would get.
        let reference = dir.path().join("reference");
        fs::write(&reference, b"").unwrap();
        let path = dir.path().join("new.toml");
        write_atomic(&path, b"one").unwrap();
        assert_eq!(mode(&path), mode(&reference));
        // A replaced file keeps its mode.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(mode(&path), 0o640);
    }

    #[test]
    fn failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("d.toml");
        let e = write_atomic(&path, b"x").unwrap_err();
        assert!(e.to_string().contains("d.toml"), "{e}");
    }

    #[test]
    fn read_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        fs::write(&path, "format = 1\n[vnet.x]\nname = 3\n").unwrap();
        let e = read_design(&path).unwrap_err().to_string();
        assert!(e.contains("bad.toml:3"), "{e}");
        fs::write(&path, [0xff, 0xfe]).unwrap();
        assert!(matches!(read_design(&path), Err(ReadError::NotText { .. })));
    }
}
