//! The command table: every app-level action with its menu text, tooltip and
//! shortcut. Menus, keyboard shortcuts and the command palette are all drawn
//! from [`Action::ALL`], so they cannot disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

/// An app-level action (as opposed to a design edit, which is a core `Command`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    New,
    Open,
    Save,
    SaveAs,
    Export,
    ImportAzure,
    ImportJson,
    CompareLive,
    Undo,
    Redo,
    Copy,
    Paste,
    Duplicate,
    Delete,
    SelectAll,
    ZoomToFit,
    FrameSelection,
    Tidy,
    ToggleTheme,
    Workshop,
    CommandPalette,
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

impl Action {
    /// Every action, in menu order.
    pub const ALL: &'static [Action] = &[
        Action::New,
        Action::Open,
        Action::Save,
        Action::SaveAs,
        Action::Export,
        Action::ImportAzure,
        Action::ImportJson,
        Action::CompareLive,
        Action::Undo,
        Action::Redo,
        Action::Copy,
        Action::Paste,
        Action::Duplicate,
        Action::Delete,
        Action::SelectAll,
        Action::ZoomToFit,
        Action::FrameSelection,
        Action::Tidy,
        Action::ToggleTheme,
        Action::Workshop,
        Action::CommandPalette,
    ];

    /// Menu and palette text.
    pub fn label(self) -> &'static str {
        match self {
            Action::New => "New from template…",
            Action::Open => "Open…",
            Action::Save => "Save",
            Action::SaveAs => "Save as…",
            Action::Export => "Export…",
            Action::ImportAzure => "Import from Azure…",
            Action::ImportJson => "Import from JSON files…",
            Action::CompareLive => "Compare with live design…",
            Action::Undo => "Undo",
            Action::Redo => "Redo",
            Action::Copy => "Copy",
            Action::Paste => "Paste",
            Action::Duplicate => "Duplicate",
            Action::Delete => "Delete…",
            Action::SelectAll => "Select all",
            Action::ZoomToFit => "Zoom to fit",
            Action::FrameSelection => "Frame selection",
            Action::Tidy => "Tidy layout",
            Action::ToggleTheme => "Light / dark theme",
            Action::Workshop => "Workshop mode",
            Action::CommandPalette => "Command palette…",
        }
    }

    /// One sentence for tooltips and the command palette.
    pub fn tooltip(self) -> &'static str {
        match self {
            Action::New => "Start a new design from a starter template or an empty canvas",
            Action::Open => "Open a design file",
            Action::Save => "Save the design to its file",
            Action::SaveAs => "Save the design to a new file",
            Action::Export => {
                "Write the export shown in the preview (Terraform unless another format is picked) into a folder"
            }
            Action::ImportAzure => "Sign in, pick subscriptions and open what is deployed as a new design (read-only)",
            Action::ImportJson => "Open saved `az … -o json` output as a new design",
            Action::CompareLive => "Choose a design the import wrote and list what differs from this one (drift)",
            Action::Undo => "Undo the last edit",
            Action::Redo => "Redo the edit just undone",
            Action::Copy => "Copy the selected resources",
            Action::Paste => "Paste copied resources beside the originals",
            Action::Duplicate => "Copy and paste the selection in one step",
            Action::Delete => "Delete the selection; what depends on it is listed first",
            Action::SelectAll => "Select every resource",
            Action::ZoomToFit => "Show the whole design",
            Action::FrameSelection => "Zoom to the selected resources",
            Action::Tidy => "Forget hand-placed positions and lay the design out automatically",
            Action::ToggleTheme => "Switch between the light and the dark theme",
            Action::Workshop => "Hide the panels and step through the design layer by layer",
            Action::CommandPalette => "Search every action by name",
        }
    }

    /// The keyboard shortcut, if any.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        Some(match self {
            Action::New => ctrl(Key::N),
            Action::Open => ctrl(Key::O),
            Action::Save => ctrl(Key::S),
            Action::SaveAs => ctrl_shift(Key::S),
            Action::Export => ctrl(Key::E),
            Action::Undo => ctrl(Key::Z),
            Action::Redo => ctrl(Key::Y),
            Action::Copy => ctrl(Key::C),
            Action::Paste => ctrl(Key::V),
            Action::Duplicate => ctrl(Key::D),
            Action::Delete => plain(Key::Delete),
            Action::SelectAll => ctrl(Key::A),
            Action::ZoomToFit => ctrl(Key::Num0),
            Action::FrameSelection => plain(Key::F),
            Action::Workshop => plain(Key::F5),
            Action::CommandPalette => ctrl_shift(Key::P),
            Action::ImportAzure => ctrl_shift(Key::I),
            Action::Tidy | Action::ToggleTheme | Action::ImportJson | Action::CompareLive => return None,
        })
    }

    /// Shortcuts that are plain keys must not fire while the user types in a text field.
    pub fn is_plain_key(self) -> bool {
        self.shortcut().is_some_and(|s| s.modifiers.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_unique_and_labels_present() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(!a.label().is_empty() && !a.tooltip().is_empty());
            if let Some(s) = a.shortcut() {
                assert!(
                    seen.insert((s.modifiers.command, s.modifiers.shift, s.logical_key)),
                    "{a:?}"
                );
            }
        }
    }
}
