//! UI preferences, kept in eframe's storage apart from the design: theme,
//! panel visibility, the open bottom tab, the export preview's format and recent files. Anything unreadable
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
    /// Traffic flows: the standard flows and a picker for two ends.
    Flows,
}

/// What the export preview shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub enum PreviewKind {
    /// The design file as it will be saved.
    #[default]
    Design,
    Terraform,
    Bicep,
    Helm,
    K8s,
    Markdown,
    /// The canvas picture as SVG.
    Svg,
    /// The canvas picture as PNG.
    Png,
}

impl PreviewKind {
    pub const ALL: &'static [PreviewKind] = &[
        PreviewKind::Design,
        PreviewKind::Terraform,
        PreviewKind::Bicep,
        PreviewKind::Helm,
        PreviewKind::K8s,
        PreviewKind::Markdown,
        PreviewKind::Svg,
        PreviewKind::Png,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PreviewKind::Design => "Design file (TOML)",
            PreviewKind::Terraform => "Terraform (azurerm)",
            PreviewKind::Bicep => "Bicep",
            PreviewKind::Helm => "Helm values",
            PreviewKind::K8s => "Kubernetes manifests",
            PreviewKind::Markdown => "Markdown design record",
            PreviewKind::Svg => "Picture (SVG)",
            PreviewKind::Png => "Picture (PNG)",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            PreviewKind::Design => "The design file as it will be saved",
            PreviewKind::Terraform => "Terraform for the azurerm provider, 5.x or 4.x (pick it under Provider)",
            PreviewKind::Bicep => "A Bicep deployment for one resource group",
            PreviewKind::Helm => "Helm values per AKS cluster",
            PreviewKind::K8s => "Kubernetes manifests per AKS cluster",
            PreviewKind::Markdown => "A design record with the IP plan and the findings",
            PreviewKind::Svg => "The canvas as a picture: icons, connections, plan meters and finding badges, as SVG",
            PreviewKind::Png => "The same picture as a PNG, 2 pixels per canvas unit (less for very large designs)",
        }
    }

    /// The exporter's format (none for the design file).
    pub fn format(self) -> Option<netdraft_export::Format> {
        use netdraft_export::Format;
        Some(match self {
            PreviewKind::Design | PreviewKind::Svg | PreviewKind::Png => return None,
            PreviewKind::Terraform => Format::Terraform,
            PreviewKind::Bicep => Format::Bicep,
            PreviewKind::Helm => Format::Helm,
            PreviewKind::K8s => Format::K8s,
            PreviewKind::Markdown => Format::Markdown,
        })
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
