//! File work for the worker: native dialogs, reading, saving, exports and
//! autosave. Each function or job returns its plain result; the app runs it
//! on its [`crate::worker::Worker`], which hands it back as a message.
//! Nothing here runs on the UI thread, and nothing here knows the app.

use std::path::{Path, PathBuf};

use netdraft_core::Design;
use netdraft_core::file;

/// What a file dialog was opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Open,
    SaveAs,
    /// A folder to write an export into.
    ExportDir,
    /// A live design (one the import wrote) to compare with.
    Live,
}

/// Shows a native dialog (on the worker thread): the path chosen (`None`:
/// cancelled, or no dialog service), and whether the answer came back too
/// fast for a person to have given it.
pub fn pick(pick: Pick, suggested: Option<&Path>) -> (Option<PathBuf>, bool) {
    let started = std::time::Instant::now();
    let mut dialog = rfd::FileDialog::new().add_filter("netdraft design", &["toml"]);
    if let Some(dir) = suggested.and_then(Path::parent) {
        dialog = dialog.set_directory(dir);
    }
    let path = match pick {
        Pick::Open | Pick::Live => dialog.pick_file(),
        Pick::SaveAs => {
            let name = suggested.and_then(Path::file_name).map_or_else(
                || "design.netdraft.toml".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
            dialog.set_file_name(name).save_file()
        }
        // Opens where the proposed folder would go (beside the design).
        Pick::ExportDir => {
            let mut d = rfd::FileDialog::new();
            if let Some(dir) = suggested.and_then(Path::parent) {
                d = d.set_directory(dir);
            }
            d.pick_folder()
        }
    };
    (path, started.elapsed() < std::time::Duration::from_millis(300))
}

/// Shows the native dialog for JSON files to import (on the worker thread);
/// none: cancelled, or no dialog service.
pub fn pick_json() -> Vec<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("saved az output", &["json"])
        .pick_files()
        .unwrap_or_default()
}

/// Reads saved `az … -o json` files and imports them; a file that cannot be
/// read fails the import with its name.
pub fn import_json(paths: &[PathBuf]) -> Result<Box<netdraft_import::Imported>, String> {
    let read: Result<Vec<(String, String)>, String> = paths
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .map(|text| (p.display().to_string(), text))
                .map_err(|e| format!("{}: cannot read: {e}", p.display()))
        })
        .collect();
    read.and_then(|files| {
        netdraft_import::import_json(&files)
            .map(Box::new)
            .map_err(|e| e.to_string())
    })
}

/// Reads a design, with the text it was read from.
pub fn load(path: &Path) -> Result<(Design, String), String> {
    netdraft_files::read_design_text(path)
        .map(|(l, text)| (l.design, text))
        .map_err(|e| e.to_string())
}

/// A design written: the text on disk (the base of the next save) and what
/// to tell the user about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub text: String,
    /// Comments that went with resources the edit deleted.
    pub dropped: Vec<String>,
    /// Why the file was written in canonical form although there was a text
    /// to keep (Save As to a new file only: the original keeps its comments).
    pub canonical_because: Option<String>,
}

/// The text a save lays the design onto.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// The text the design was last read from or written as.
    Text(String),
    /// Not known (opened from the command line, recovered): the file being
    /// replaced, when it is a design.
    TargetFile,
    /// A new design: canonical form.
    None,
}

/// A job saving `design` to `path` the way the command line's `fmt` and
/// every other save do ([`netdraft_files::save_design_over`]): comments,
/// table order and unchanged values of the base text are kept. When they
/// cannot be, a save over the same file is refused with the reason, and a
/// Save As to another file is written in canonical form and says so.
///
/// `same_file`: `path` is the file the design was opened from or last saved to.
pub fn save(
    path: PathBuf,
    design: &Design,
    base: Base,
    same_file: bool,
) -> impl FnOnce() -> Result<Saved, String> + Send + 'static {
    let design = design.clone();
    move || save_now(&path, &design, base, same_file)
}

fn save_now(path: &Path, design: &Design, base: Base, same_file: bool) -> Result<Saved, String> {
    let base = match base {
        Base::Text(t) => Some(t),
        Base::TargetFile => std::fs::read_to_string(path)
            .ok()
            .filter(|t| file::parse(t, "").is_ok()),
        Base::None => None,
    };
    match netdraft_files::save_design_over(path, design, base.as_deref()) {
        Ok(u) => Ok(Saved {
            text: u.text,
            dropped: u.dropped,
            canonical_because: None,
        }),
        Err(netdraft_files::SaveError::Keep { source, .. }) if !same_file => {
            let text = file::to_toml(design);
            netdraft_files::write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())?;
            Ok(Saved {
                text,
                dropped: Vec::new(),
                canonical_because: Some(source.to_string()),
            })
        }
        Err(netdraft_files::SaveError::Keep { path, source }) => Err(format!(
            "{}: not saved, because its comments and layout could not be kept: {source}. \
             Nothing was written; File > Save As… to a new file writes the design in canonical form \
             and leaves this file as it is.",
            path.display()
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// Why an export was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportFailed {
    /// Files in the way (hand-edited, or not written by netdraft): `path: reason`.
    Blocked(Vec<String>),
    Other(String),
}

/// A job writing exported files (relative path, contents) of `format` under
/// `dir` through the export directory's manifest (see
/// `netdraft_files::export_dir`): the command line's rules, so a hand-edited
/// file is not overwritten unless `force`.
pub fn write_export(
    dir: PathBuf,
    format: &'static str,
    files: Vec<(String, Vec<u8>)>,
    force: bool,
) -> impl FnOnce() -> Result<usize, ExportFailed> + Send + 'static {
    move || write_files(&dir, format, &files, force)
}

fn write_files(dir: &Path, format: &str, files: &[(String, Vec<u8>)], force: bool) -> Result<usize, ExportFailed> {
    use netdraft_files::export_dir::{ExportDirError, write};
    match write(dir, format, files, force) {
        Ok(o) => Ok(o.written.len() + o.unchanged.len()),
        Err(ExportDirError::Blocked(b)) => Err(ExportFailed::Blocked(b)),
        Err(e) => Err(ExportFailed::Other(e.to_string())),
    }
}

/// A job drawing the design's picture (a large PNG takes a moment: it runs
/// on the worker) and writing it under `dir`.
pub fn write_picture(
    dir: PathBuf,
    picture: netdraft_export::diagram::Picture,
    design: Design,
    plan: netdraft_core::plan::Plan,
    findings: Vec<netdraft_export::Finding>,
    flow: Option<netdraft_core::route::Path>,
    force: bool,
) -> impl FnOnce() -> Result<usize, ExportFailed> + Send + 'static {
    move || {
        let format = picture.as_str();
        let size = netdraft_export::diagram::PngSize::default();
        netdraft_export::diagram::picture_file_flow(picture, &design, &plan, &findings, size, flow.as_ref())
            .map_err(|e| ExportFailed::Other(e.to_string()))
            .and_then(|file| write_files(&dir, format, &[file], force))
    }
}

/// Rasterises the picture preview (on the worker), with the traffic flow
/// shown on the canvas, if any.
pub fn raster(
    design: &Design,
    plan: &netdraft_core::plan::Plan,
    findings: &[netdraft_export::Finding],
    max_side: u32,
    flow: Option<&netdraft_core::route::Path>,
) -> Result<netdraft_export::diagram::Raster, String> {
    netdraft_export::diagram::raster_flow(design, plan, findings, max_side, flow).map_err(|e| e.to_string())
}

/// Where autosave keeps its copy, and the file it belongs to.
#[derive(Debug, Clone)]
pub struct Autosave {
    dir: PathBuf,
}

impl Autosave {
    pub fn new(dir: PathBuf) -> Autosave {
        Autosave { dir }
    }

    fn design_path(&self) -> PathBuf {
        self.dir.join("autosave.netdraft.toml")
    }

    fn origin_path(&self) -> PathBuf {
        self.dir.join("autosave.origin")
    }

    /// A job writing the autosave copy.
    pub fn job(&self, design: &Design, origin: Option<&Path>) -> impl FnOnce() -> Result<(), String> + Send + 'static {
        let text = file::to_toml(design);
        let origin = origin.map(|p| p.display().to_string()).unwrap_or_default();
        let dir = self.dir.clone();
        let (design_path, origin_path) = (self.design_path(), self.origin_path());
        move || {
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("{}: {e}", dir.display()))
                .and_then(|()| netdraft_files::write_atomic(&origin_path, origin.as_bytes()).map_err(|e| e.to_string()))
                .and_then(|()| netdraft_files::write_atomic(&design_path, text.as_bytes()).map_err(|e| e.to_string()))
        }
    }

    /// A design left behind by a session that did not end cleanly, with the file it belonged to.
    pub fn recoverable(&self) -> Option<(Design, Option<PathBuf>)> {
        let text = std::fs::read_to_string(self.design_path()).ok()?;
        let design = file::parse(&text, "autosave").ok()?.design;
        let origin = std::fs::read_to_string(self.origin_path())
            .ok()
            .filter(|s| !s.trim().is_empty())
            .map(PathBuf::from);
        Some((design, origin))
    }

    /// Forgets the autosave copy (after a save, or a discard).
    pub fn clear(&self) {
        // Missing files are fine: there was nothing to recover.
        let _ = std::fs::remove_file(self.design_path());
        let _ = std::fs::remove_file(self.origin_path());
    }
}
