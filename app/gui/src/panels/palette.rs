//! The palette: every resource kind, grouped, with its icon and a hover
//! description. Drag an item onto the canvas to create it where it lands, or
//! click it to add it inside the selected container.

use egui::{Sense, Vec2};
use netdraft_core::Kind;
use netdraft_core::model::PaletteGroup;

use crate::canvas::{Palette as Colours, icons_paint};

/// The palette's groups, each with its kinds in catalogue order: the
/// `kinds!` table says which group a kind is in (or that it is hidden).
fn groups() -> impl Iterator<Item = (&'static str, Vec<Kind>)> {
    PaletteGroup::SHOWN
        .into_iter()
        .map(|g| (g.label(), g.kinds().collect()))
}

/// The palette panel's state: a filter.
#[derive(Debug, Default)]
pub struct PalettePanel {
    filter: String,
}

/// What a click in the palette asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaletteIntent {
    /// Add a resource of this kind.
    Place(Kind),
    /// Select this resource and show it (a Find result).
    Show(netdraft_core::Id),
}

/// How many resources Find lists at most.
const FOUND_MAX: usize = 30;

/// Resources whose name (or id) holds `needle`, case-insensitively, by name.
pub fn find<'a>(design: &'a netdraft_core::Design, needle: &str) -> Vec<&'a netdraft_core::Resource> {
    let needle = needle.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<_> = design
        .resources()
        .filter(|r| r.name().to_lowercase().contains(&needle) || r.id.as_str().contains(&needle))
        .collect();
    found.sort_by(|a, b| a.name().cmp(b.name()).then(a.id.cmp(&b.id)));
    found
}

impl PalettePanel {
    /// Shows the palette; returns what was clicked, if anything. Find lists
    /// the design's resources by name above the kinds it matches.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        colours: &Colours,
        design: &netdraft_core::Design,
    ) -> Option<PaletteIntent> {
        let mut clicked = None;
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let label = ui.label("Find");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("resource name or kind")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
            .on_hover_text("Type to find resources of the design by name, and kinds to add");
        });
        let needle = self.filter.to_lowercase();
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            let found = find(design, &self.filter);
            if !found.is_empty() {
                ui.add_space(6.0);
                ui.label(egui::RichText::new("In the design").small().strong());
                for r in found.iter().take(FOUND_MAX) {
                    let text = format!("{} · {}", r.name(), r.kind().label());
                    let b = ui
                        .add(egui::Button::new(text).frame(false).truncate())
                        .on_hover_text("Select it and show it on the canvas");
                    b.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Show {}", r.name())));
                    if b.clicked() {
                        clicked = Some(PaletteIntent::Show(r.id.clone()));
                    }
                }
                if found.len() > FOUND_MAX {
                    ui.label(
                        egui::RichText::new(format!("and {} more: type more of the name", found.len() - FOUND_MAX))
                            .small()
                            .weak(),
                    );
                }
            }
            for (group, kinds) in groups() {
                let shown: Vec<Kind> = kinds
                    .into_iter()
                    .filter(|k| needle.is_empty() || k.label().to_lowercase().contains(&needle))
                    .collect();
                if shown.is_empty() {
                    continue;
                }
                ui.add_space(6.0);
                ui.label(egui::RichText::new(group).small().strong());
                for kind in shown {
                    if item(ui, kind, colours) {
                        clicked = Some(PaletteIntent::Place(kind));
                    }
                }
            }
        });
        clicked
    }
}

/// One palette entry: icon and label, draggable, labelled for screen readers.
fn item(ui: &mut egui::Ui, kind: Kind, colours: &Colours) -> bool {
    let size = Vec2::new(ui.available_width(), 28.0);
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, kind.label()));
    if response.drag_started() {
        response.dnd_set_drag_payload(kind);
    }
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact(&response);
        if response.hovered() {
            ui.painter().rect_filled(rect, 4.0, visuals.weak_bg_fill);
        }
        let icon = egui::Rect::from_min_size(rect.min + Vec2::new(4.0, 3.0), Vec2::splat(22.0));
        icons_paint(ui.painter(), kind, icon, colours.icon(kind));
        ui.painter().text(
            egui::pos2(icon.max.x + 8.0, rect.center().y),
            egui::Align2::LEFT_CENTER,
            kind.label(),
            egui::TextStyle::Body.resolve(ui.style()),
            visuals.text_color(),
        );
    }
    let response = response.on_hover_text(format!(
        "{}\n\nDrag onto the canvas, or click to add it to the selected container.",
        kind.description()
    ));
    if response.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
    }
    response.clicked()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_not_hidden_is_in_the_palette_once() {
        let mut all: Vec<Kind> = groups().flat_map(|(_, k)| k).collect();
        all.sort();
        let mut expected: Vec<Kind> = Kind::ALL
            .iter()
            .copied()
            .filter(|k| k.palette_group() != PaletteGroup::Hidden)
            .collect();
        expected.sort();
        assert_eq!(all, expected);
        assert!(groups().all(|(_, kinds)| !kinds.is_empty()));
    }
}
