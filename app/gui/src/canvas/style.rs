//! How scene roles look: colours per theme, edge strokes per relation. The
//! scene crate says what a node is; this file alone decides what it looks like.

use egui::{Color32, Stroke};
use netdraft_core::Kind;
use netdraft_core::model::Relation;
use netdraft_scene::Role;
use netdraft_scene::colours::{self, Rgb};

/// Colours of the canvas for one theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub background: Color32,
    pub grid: Color32,
    pub text: Color32,
    pub weak_text: Color32,
    pub accent: Color32,
    pub ok: Color32,
    pub refused: Color32,
    pub warn: Color32,
    pub tile: Color32,
    /// Fill of the strips grouping a container's loose leaves.
    pub strip: Color32,
    pub tile_stroke: Color32,
    dark: bool,
}

impl Palette {
    pub fn new(dark: bool) -> Palette {
        if dark {
            Palette {
                background: Color32::from_rgb(24, 26, 31),
                grid: Color32::from_rgb(36, 39, 46),
                text: Color32::from_rgb(230, 232, 236),
                weak_text: Color32::from_rgb(150, 156, 168),
                accent: Color32::from_rgb(90, 170, 255),
                ok: Color32::from_rgb(80, 200, 120),
                refused: Color32::from_rgb(240, 90, 90),
                warn: Color32::from_rgb(235, 170, 40),
                tile: Color32::from_rgb(44, 48, 57),
                strip: Color32::from_rgba_unmultiplied(255, 255, 255, 10),
                tile_stroke: Color32::from_rgb(70, 76, 88),
                dark,
            }
        } else {
            Palette {
                background: Color32::from_rgb(246, 247, 249),
                grid: Color32::from_rgb(228, 231, 236),
                text: Color32::from_rgb(28, 32, 40),
                weak_text: Color32::from_rgb(96, 104, 118),
                accent: Color32::from_rgb(0, 110, 220),
                ok: Color32::from_rgb(30, 150, 70),
                refused: Color32::from_rgb(210, 40, 40),
                warn: Color32::from_rgb(215, 140, 0),
                tile: Color32::WHITE,
                strip: Color32::from_rgba_unmultiplied(120, 130, 150, 18),
                tile_stroke: Color32::from_rgb(200, 205, 214),
                dark,
            }
        }
    }

    /// Whether these are the dark theme's colours.
    pub fn is_dark(&self) -> bool {
        self.dark
    }

    fn tint(&self, c: Color32, light_alpha: u8, dark_alpha: u8) -> Color32 {
        let a = if self.dark { dark_alpha } else { light_alpha };
        Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), a)
    }

    /// Fill and border of a container role.
    pub fn container(&self, role: Role) -> (Color32, Color32) {
        let base = role_colour(role);
        (self.tint(base, 22, 34), self.tint(base, 170, 190))
    }

    /// The colour of a kind's icon.
    pub fn icon(&self, kind: Kind) -> Color32 {
        kind_colour(kind)
    }

    /// The stroke an edge is drawn with, and whether it is dashed.
    pub fn edge(&self, relation: Relation) -> (Stroke, bool) {
        let (c, w, dashed) = match relation {
            Relation::Peers => (Color32::from_rgb(0, 140, 200), 3.0, false),
            Relation::RoutesTo => (Color32::from_rgb(230, 120, 20), 2.0, true),
            Relation::Fronts => (Color32::from_rgb(60, 110, 230), 2.0, false),
            Relation::Targets => (Color32::from_rgb(150, 80, 200), 1.5, true),
            Relation::Connects => (Color32::from_rgb(120, 120, 130), 2.5, true),
            _ => (self.weak_text, 1.0, true),
        };
        (Stroke::new(w, c), dashed)
    }
}

/// Relations drawn all the time; the others only next to the selection.
pub fn always_drawn(relation: Relation) -> bool {
    matches!(
        relation,
        Relation::Peers | Relation::RoutesTo | Relation::Fronts | Relation::Targets | Relation::Connects
    )
}

fn role_colour(role: Role) -> Color32 {
    let Rgb(r, g, b) = colours::role(role);
    Color32::from_rgb(r, g, b)
}

/// One colour per family of kinds (the family is the `kinds!` table's, the colour the scene's).
pub fn kind_colour(kind: Kind) -> Color32 {
    let Rgb(r, g, b) = colours::kind(kind);
    Color32::from_rgb(r, g, b)
}
