//! UI preferences, kept in eframe's storage apart from the design: theme,
//! panel visibility, the open bottom tab and recent files. Anything unreadable
//! falls back to the defaults.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// How many recent files are remembered.
const RECENT: usize = 10;

/// The bottom panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum BottomTab {
    #[default]
    Plan,
    Problems,
    File,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    pub show_palette: bool,
    pub show_inspector: bool,
    pub show_bottom: bool,
    pub bottom_tab: BottomTab,
    pub recent: Vec<PathBuf>,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            dark: false,
            show_palette: true,
            show_inspector: true,
            show_bottom: true,
            bottom_tab: BottomTab::default(),
            recent: Vec::new(),
        }
    }
}

impl Prefs {
    /// The storage key.
    pub const KEY: &'static str = "netdraft-prefs";

    /// Puts `path` first in the recent files.
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut p = Prefs::default();
        for i in 0..12 {
            p.remember(PathBuf::from(format!("{i}.toml")));
        }
        p.remember(PathBuf::from("5.toml"));
        assert_eq!(p.recent.len(), RECENT);
        assert_eq!(p.recent[0], PathBuf::from("5.toml"));
        assert_eq!(
            p.recent
                .iter()
                .filter(|x| x.as_path() == std::path::Path::new("5.toml"))
                .count(),
            1
        );
    }
}
