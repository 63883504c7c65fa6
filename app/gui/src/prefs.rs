//! UI preferences, kept in eframe's storage apart from the design: theme,
//! panel visibility, the open bottom tab, the export preview's format and recent files. Anything unreadable
//! falls back to the defaults.

use std::path::PathBuf;

use netdraft_export::ExportKind;
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
    /// Traffic flows: the standard flows and a picker for two ends.
    Flows,
    /// What differs from a live design (drift).
    Drift,
}

/// What the export preview shows: the design file or one of the exports
/// ([`ExportKind::ALL`]). Stored by name, `Design` or the export's variant
/// name (`Terraform`, `Svg`, …), as it always was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum PreviewKind {
    /// The design file as it will be saved.
    #[default]
    Design,
    Export(ExportKind),
}

impl PreviewKind {
    /// The design file, then every export.
    pub fn all() -> impl Iterator<Item = PreviewKind> {
        std::iter::once(PreviewKind::Design).chain(ExportKind::ALL.iter().copied().map(PreviewKind::Export))
    }

    pub fn label(self) -> &'static str {
        match self {
            PreviewKind::Design => "Design file (TOML)",
            PreviewKind::Export(k) => k.label(),
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            PreviewKind::Design => "The design file as it will be saved",
            PreviewKind::Export(k) => k.hint(),
        }
    }

    /// The export shown (none for the design file).
    pub fn export(self) -> Option<ExportKind> {
        match self {
            PreviewKind::Design => None,
            PreviewKind::Export(k) => Some(k),
        }
    }

    /// The exporter's template format (none for the design file and the pictures).
    pub fn format(self) -> Option<netdraft_export::Format> {
        self.export().and_then(ExportKind::format)
    }
}

/// The stored name of the design file's entry; the exports are stored by
/// [`ExportKind`]'s own names.
const DESIGN: &str = "Design";

impl Serialize for PreviewKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PreviewKind::Design => s.serialize_unit_variant("PreviewKind", 0, DESIGN),
            PreviewKind::Export(k) => k.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for PreviewKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = PreviewKind;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`Design` or an export's name")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<PreviewKind, E> {
                if name == DESIGN {
                    return Ok(PreviewKind::Design);
                }
                ExportKind::deserialize(serde::de::value::StrDeserializer::<E>::new(name)).map(PreviewKind::Export)
            }
        }
        // A unit variant is a bare identifier in RON (eframe's storage) and a
        // string in JSON; `deserialize_identifier` reads either.
        d.deserialize_identifier(Name)
    }
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
    /// What the export preview shows, and which of its files.
    pub preview: PreviewKind,
    pub preview_file: String,
    /// Panel sizes the user dragged to, in points (outer size), restored on
    /// the next start within each panel's limits ([`PanelLimits`]).
    pub palette_width: f32,
    pub inspector_width: f32,
    pub bottom_height: f32,
    /// Finding badges on the canvas and in exported pictures.
    pub badges: bool,
}

/// The smallest and largest a panel may be, for a window of a given size: a
/// panel never takes the canvas away, and never gets too small to use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelLimits {
    pub palette: (f32, f32),
    pub inspector: (f32, f32),
    pub bottom: (f32, f32),
}

impl PanelLimits {
    pub fn for_window(size: egui::Vec2) -> PanelLimits {
        PanelLimits {
            palette: (150.0, (size.x * 0.25).clamp(150.0, 320.0)),
            inspector: (240.0, (size.x * 0.36).clamp(240.0, 560.0)),
            bottom: (110.0, (size.y * 0.6).max(110.0)),
        }
    }

    /// `want` within `range`.
    pub fn clamp(range: (f32, f32), want: f32) -> f32 {
        want.clamp(range.0, range.1.max(range.0))
    }
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
            preview: PreviewKind::default(),
            preview_file: String::new(),
            palette_width: 200.0,
            inspector_width: 320.0,
            bottom_height: 210.0,
            badges: true,
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
    fn panel_limits_leave_the_canvas_room_in_a_small_window() {
        let small = PanelLimits::for_window(egui::vec2(1024.0, 680.0));
        let canvas_w = 1024.0 - small.palette.1 - small.inspector.1;
        assert!(canvas_w >= 1024.0 * 0.35, "{small:?}");
        assert!(680.0 - small.bottom.1 >= 680.0 * 0.35, "{small:?}");
        assert!((PanelLimits::clamp(small.inspector, 900.0) - small.inspector.1).abs() < f32::EPSILON);
        assert!((PanelLimits::clamp(small.bottom, 10.0) - small.bottom.0).abs() < f32::EPSILON);
        // Old preferences without panel sizes still load, with the defaults.
        let old: Prefs = serde_json::from_str(r#"{"dark":true}"#).unwrap();
        assert!(old.dark);
        assert!((old.bottom_height - Prefs::default().bottom_height).abs() < f32::EPSILON);
    }

    /// The names preferences were stored under before the exports had one
    /// list; they must still read back as the same preview.
    const STORED: [(&str, PreviewKind); 8] = [
        ("Design", PreviewKind::Design),
        ("Terraform", PreviewKind::Export(ExportKind::Terraform)),
        ("Bicep", PreviewKind::Export(ExportKind::Bicep)),
        ("Helm", PreviewKind::Export(ExportKind::Helm)),
        ("K8s", PreviewKind::Export(ExportKind::K8s)),
        ("Markdown", PreviewKind::Export(ExportKind::Markdown)),
        ("Svg", PreviewKind::Export(ExportKind::Svg)),
        ("Png", PreviewKind::Export(ExportKind::Png)),
    ];

    use eframe::Storage as _;

    /// eframe's storage, in memory.
    #[derive(Default)]
    struct Memory(std::collections::BTreeMap<String, String>);

    impl eframe::Storage for Memory {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn the_preview_is_stored_under_the_names_it_always_had() {
        assert_eq!(PreviewKind::all().count(), STORED.len());
        for (name, kind) in STORED {
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{name}\""));
            let back: PreviewKind = serde_json::from_str(&format!("\"{name}\"")).unwrap();
            assert_eq!(back, kind);
            // Through eframe's own storage, as the designer saves and loads it.
            let mut store = Memory::default();
            let prefs = Prefs {
                preview: kind,
                ..Prefs::default()
            };
            eframe::set_value(&mut store, Prefs::KEY, &prefs);
            let text = store.get_string(Prefs::KEY).unwrap();
            assert!(text.contains(&format!("preview:{name}")), "{text}");
            let loaded: Prefs = eframe::get_value(&store, Prefs::KEY).unwrap();
            assert_eq!(loaded.preview, kind);
        }
        assert!(serde_json::from_str::<PreviewKind>("\"Visio\"").is_err());
    }

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
