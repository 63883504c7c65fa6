//! The open design and its history: every edit goes through [`Document::apply`],
//! which runs the core's one `apply` function, keeps a snapshot for undo and
//! bumps the revision that derived data (scene, problems, previews) is keyed by.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use netdraft_core::Design;
use netdraft_core::command::{self, Applied, Command, CommandError};

/// How many undo steps are kept.
const UNDO_DEPTH: usize = 200;

/// A revision number never used before in this process, so data keyed by
/// revision can never mistake one document (or one edit) for another.
fn fresh_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The design being edited, where it lives, and how to go back.
#[derive(Debug, Clone)]
pub struct Document {
    design: Design,
    /// The file it was opened from or last saved to.
    pub path: Option<PathBuf>,
    /// The text last read from or written to `path`: saves lay the design
    /// onto it, keeping its comments and table order. `None` for a new design.
    pub base: Option<String>,
    revision: u64,
    saved_revision: u64,
    undo: Vec<(Design, u64, String)>,
    redo: Vec<(Design, u64, String)>,
}

impl Document {
    /// A document for a design that is not on disk yet (or was just loaded from `path`).
    pub fn new(design: Design, path: Option<PathBuf>) -> Document {
        let revision = fresh_revision();
        Document {
            design,
            path,
            base: None,
            revision,
            saved_revision: revision,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// A document holding a design restored from elsewhere (recovered autosave,
    /// a template): unsaved from the start.
    pub fn unsaved(design: Design, path: Option<PathBuf>) -> Document {
        let mut doc = Document::new(design, path);
        doc.saved_revision = 0;
        doc
    }

    pub fn design(&self) -> &Design {
        &self.design
    }

    /// Changes with every edit, undo and redo; derived data is keyed by it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are edits not written to `path`.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Records that the design at `revision` was written to `path`.
    pub fn mark_saved(&mut self, revision: u64, path: PathBuf) {
        self.saved_revision = revision;
        self.path = Some(path);
    }

    /// Applies one command; on success it is one undo step.
    pub fn apply(&mut self, cmd: Command) -> Result<Applied, CommandError> {
        self.apply_then(cmd, |_| None)
    }

    /// Applies one command, then the layout follow-up `then` asks for (the
    /// positions that keep boxes from overlapping, see
    /// [`netdraft_scene::settle`]), both through the core's `apply` and as
    /// one undo step: undo restores the design exactly as it was.
    pub fn apply_then(
        &mut self,
        cmd: Command,
        then: impl FnOnce(&Design) -> Option<Command>,
    ) -> Result<Applied, CommandError> {
        let before = self.design.clone();
        let applied = command::apply(&mut self.design, cmd)?;
        if let Some(follow) = then(&self.design) {
            // A refused follow-up leaves the design as the edit made it.
            let _ = command::apply(&mut self.design, follow);
        }
        self.undo.push((before, self.revision, applied.summary.clone()));
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.revision = fresh_revision();
        Ok(applied)
    }

    /// What undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|(_, _, s)| s.as_str())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|(_, _, s)| s.as_str())
    }

    /// Goes back one step. Returns what was undone.
    pub fn undo(&mut self) -> Option<String> {
        let (design, revision, summary) = self.undo.pop()?;
        let current = std::mem::replace(&mut self.design, design);
        self.redo.push((current, self.revision, summary.clone()));
        self.revision = revision;
        Some(summary)
    }

    /// Goes forward one step. Returns what was redone.
    pub fn redo(&mut self) -> Option<String> {
        let (design, revision, summary) = self.redo.pop()?;
        let current = std::mem::replace(&mut self.design, design);
        self.undo.push((current, self.revision, summary.clone()));
        self.revision = revision;
        Some(summary)
    }
}

#[cfg(test)]
mod tests {
    use netdraft_core::Kind;
    use netdraft_core::command::starter;

    use super::*;

    #[test]
    fn undo_redo_and_dirty_follow_revisions() {
        let mut doc = Document::new(Design::new("t"), None);
        assert!(!doc.is_dirty());
        let vnet = starter(doc.design(), Kind::VirtualNetwork, None, None).unwrap();
        doc.apply(Command::Add(vnet)).unwrap();
        assert!(doc.is_dirty());
        assert_eq!(doc.design().len(), 1);
        assert_eq!(doc.undo().as_deref(), Some("Added Virtual network vnet-1"));
        assert!(!doc.is_dirty(), "back at the saved revision");
        assert!(doc.design().is_empty());
        doc.redo();
        assert_eq!(doc.design().len(), 1);
        let r = doc.revision();
        doc.mark_saved(r, PathBuf::from("x.toml"));
        assert!(!doc.is_dirty());
        doc.undo();
        assert!(doc.is_dirty());
        // A refused command is not a step.
        assert!(doc.apply(Command::Delete(vec![])).is_err());
        assert!(doc.undo_label().is_none());
    }
}
