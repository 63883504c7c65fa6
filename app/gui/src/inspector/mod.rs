//! The inspector: edits a copy of the selected resource and emits one
//! `Update` (or `Rename`) command when a change is complete. With nothing
//! selected it edits the design's title and description.

mod derived;
mod extra;
mod fields;
mod generic;
mod kinds;
mod lists;
mod more;
mod nsg;
mod policy;
mod routes;

use std::collections::BTreeSet;

use egui::RichText;
use netdraft_core::command::Command;
use netdraft_core::{Design, Id, Resource};

use fields::Buffers;

/// Borrowed inputs of one inspector frame.
#[derive(Debug, Clone, Copy)]
pub struct InspectorInput<'a> {
    pub design: &'a Design,
    pub plan: &'a netdraft_core::plan::Plan,
    pub selection: &'a BTreeSet<Id>,
    pub revision: u64,
}

/// The inspector's state: the draft being edited and the text of fields that
/// do not parse yet.
#[derive(Debug, Default)]
pub struct Inspector {
    draft: Option<Resource>,
    source: Option<(Id, u64)>,
    buffers: Buffers,
    info: Option<(String, String, u64)>,
}

impl Inspector {
    /// Shows the inspector; returns the command a finished edit makes.
    pub fn ui(&mut self, ui: &mut egui::Ui, input: &InspectorInput<'_>) -> Option<Command> {
        ui.add_space(4.0);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| match input.selection.len() {
                0 => self.design_ui(ui, input),
                1 => {
                    let id = input.selection.iter().next()?;
                    let resource = input.design.get(id.as_str())?;
                    self.resource_ui(ui, resource, input)
                }
                n => {
                    ui.heading(format!("{n} resources selected"));
                    for id in input.selection {
                        if let Some(r) = input.design.get(id.as_str()) {
                            ui.label(format!("{} · {}", r.name(), r.kind().label()));
                        }
                    }
                    None
                }
            })
            .inner
    }

    fn design_ui(&mut self, ui: &mut egui::Ui, input: &InspectorInput<'_>) -> Option<Command> {
        ui.heading("Design");
        ui.label(RichText::new("Select a resource on the canvas to edit it.").weak());
        ui.add_space(6.0);
        let design = input.design;
        if self.info.as_ref().is_none_or(|(_, _, r)| *r != input.revision) {
            self.info = Some((design.name.clone(), design.description.clone(), input.revision));
        }
        let (name, description, _) = self.info.as_mut()?;
        let mut done = false;
        egui::Grid::new("design-info").num_columns(2).show(ui, |ui| {
            done |= fields::text(ui, "Title", "The design's title", name);
            let l = ui.label("Description");
            let r = ui
                .add(
                    egui::TextEdit::multiline(description)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            done |= r.lost_focus();
            ui.end_row();
        });
        ui.add_space(8.0);
        ui.label(netdraft_core::text::count(design.len(), "resource"));
        (done && (*name != design.name || *description != design.description)).then(|| Command::SetInfo {
            name: name.clone(),
            description: description.clone(),
        })
    }

    fn resource_ui(&mut self, ui: &mut egui::Ui, original: &Resource, input: &InspectorInput<'_>) -> Option<Command> {
        let key = (original.id.clone(), input.revision);
        if self.source.as_ref() != Some(&key) {
            self.draft = Some(original.clone());
            self.source = Some(key);
            self.buffers.clear();
        }
        let draft = self.draft.as_mut()?;
        let kind = original.kind();
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(28.0, 28.0), egui::Sense::hover());
            let colours = crate::canvas::Palette::new(ui.visuals().dark_mode);
            crate::canvas::icons_paint(ui.painter(), kind, rect, colours.icon(kind));
            ui.vertical(|ui| {
                ui.label(RichText::new(kind.label()).strong());
                ui.label(RichText::new(format!("id {}", original.id)).small().weak());
            });
        })
        .response
        .on_hover_text(kind.description());
        ui.add_space(6.0);
        let mut done = false;
        let mut renamed = false;
        egui::Grid::new("inspector-fields")
            .num_columns(2)
            .striped(true)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                renamed = fields::text(ui, "Name", "The Azure resource name", &mut draft.meta.name);
                let parent = original
                    .parent()
                    .and_then(|p| input.design.get(p.as_str()))
                    .map_or_else(
                        || "the canvas".to_owned(),
                        |p| format!("{} ({})", p.name(), p.kind().label()),
                    );
                fields::read_only(ui, "Inside", &parent);
                done |= kinds::editor(ui, &mut draft.spec, input.design, &mut self.buffers);
            });
        derived::ui(ui, original, input.plan);
        let notes = self
            .buffers
            .entry("notes".to_owned())
            .or_insert_with(|| original.meta.notes.clone().unwrap_or_default());
        ui.add_space(8.0);
        let l = ui.label("Notes");
        if ui
            .add(
                egui::TextEdit::multiline(notes)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id)
            .lost_focus()
        {
            draft.meta.notes = (!notes.trim().is_empty()).then(|| notes.clone());
            done = true;
        }
        if renamed && draft.meta.name != original.meta.name && !done {
            return Some(Command::Rename {
                id: original.id.clone(),
                name: draft.meta.name.clone(),
            });
        }
        (done || renamed)
            .then(|| draft.clone())
            .filter(|d| d != original)
            .map(Command::Update)
    }
}
