//! Modal dialogs: unsaved changes, delete with dependants, recovery after a
//! crash, the template gallery and error details. [`show`] draws the one on
//! screen and returns the answer as a [`DialogIntent`]; the app does it.

use std::path::PathBuf;

use egui::{Modal, RichText};
use netdraft_core::command::DeletePlan;
use netdraft_core::text::count as plural;
use netdraft_core::{Design, Id, templates};

use crate::files::Pick;
use crate::gallery::{GalleryChoice, ShownCard};

/// Work that waits for the user to decide about unsaved changes.
#[derive(Debug, Clone)]
pub enum AfterDiscard {
    Replace(Box<Design>, Option<PathBuf>),
    Open(Option<PathBuf>),
    /// Open an imported design (unsaved) and show its report.
    Import(Box<netdraft_import::Imported>),
    Close,
}

/// The dialog on screen, if any.
#[derive(Debug, Clone)]
pub enum Dialog {
    /// Unsaved changes would be lost by what waits.
    ConfirmDiscard(AfterDiscard),
    /// Deleting takes more than the selection with it.
    ConfirmDelete(Vec<Id>, DeletePlan),
    /// An autosaved design from a session that did not end cleanly.
    Recover(Box<Design>, Option<PathBuf>),
    /// New design: pick a template.
    Gallery,
    /// A message too long for the status bar.
    Error(String),
    /// No file dialog is available: type the path.
    PathPrompt(Pick, String),
    /// An export found files it does not own in its folder.
    ExportBlocked(PathBuf, Vec<String>),
    /// What an import brought in, skipped and could not read.
    ImportSummary(Box<netdraft_import::Report>),
}

enum Choice {
    None,
    Close,
    Discard(AfterDiscard),
    SaveFirst(AfterDiscard),
    Delete(Vec<Id>),
    Recover(Box<Design>, Option<PathBuf>),
    Forget,
    Template(Box<Design>),
    Failed(String),
    Path(Pick, PathBuf),
    Typing(Pick, String),
    CopyReport(String),
    Overwrite(PathBuf),
}

fn names(design: &Design, ids: &[Id]) -> String {
    let mut list: Vec<String> = ids
        .iter()
        .map(|id| {
            design
                .get(id.as_str())
                .map_or_else(|| id.to_string(), |r| format!("{} ({})", r.name(), r.kind().label()))
        })
        .collect();
    if list.len() > 12 {
        let more = list.len() - 12;
        list.truncate(12);
        list.push(format!("and {more} more"));
    }
    list.join(", ")
}

/// What the user answered in a dialog, for the app to do.
#[derive(Debug)]
pub enum DialogIntent {
    /// "Unsaved changes" before opening an import was cancelled: keep the import.
    KeepImport(Box<netdraft_import::Imported>),
    /// Save first, then do what waited.
    SaveFirst(AfterDiscard),
    /// Lose the unsaved changes and do what waited.
    Discard(AfterDiscard),
    /// Delete these resources with their dependants.
    Delete(Vec<Id>),
    /// Open the autosaved design (unsaved, belonging to the file it came from).
    Recover(Box<Design>, Option<PathBuf>),
    /// Delete the autosaved copy.
    ForgetAutosave,
    /// Export into this folder, overwriting the files in the way.
    Overwrite(PathBuf),
    /// Put the import report (Markdown) on the clipboard.
    CopyReport(String),
    /// The path typed for what the file dialog would have picked.
    Path(Pick, PathBuf),
    /// Start from this design (a template or an empty one).
    Template(Box<Design>),
}

/// Shows `dialog` over the window. Returns the dialog to show next frame
/// (the same one, another, or none once answered) and what was answered.
pub fn show(
    ctx: &egui::Context,
    dialog: Dialog,
    design: &Design,
    gallery: Option<&[ShownCard]>,
) -> (Option<Dialog>, Option<DialogIntent>) {
    let modal = Modal::new(egui::Id::unique("netdraft-dialog")).show(ctx, |ui| {
        // The gallery's three columns of cards need the room.
        ui.set_max_width(if matches!(dialog, Dialog::Gallery) {
            760.0
        } else {
            520.0
        });
        match &dialog {
            Dialog::ConfirmDiscard(then) => discard_ui(ui, then),
            Dialog::ConfirmDelete(ids, plan) => delete_ui(ui, design, ids, plan),
            Dialog::Recover(recovered, origin) => recover_ui(ui, recovered, origin.as_ref()),
            Dialog::Gallery => gallery_ui(ui, gallery),
            Dialog::Error(text) => error_ui(ui, text),
            Dialog::PathPrompt(pick, text) => path_ui(ui, *pick, text),
            Dialog::ImportSummary(report) => import_summary_ui(ui, report),
            Dialog::ExportBlocked(dir, blocked) => export_blocked_ui(ui, dir, blocked),
        }
    });
    let should_close = modal.should_close();
    let mut choice = modal.inner;
    if should_close && matches!(choice, Choice::None) && !matches!(dialog, Dialog::Recover(..)) {
        choice = Choice::Close;
    }
    match choice {
        Choice::None => (Some(dialog), None),
        // Cancelling "unsaved changes" before an import keeps the import for later.
        Choice::Close => match dialog {
            Dialog::ConfirmDiscard(AfterDiscard::Import(imported)) => (None, Some(DialogIntent::KeepImport(imported))),
            _ => (None, None),
        },
        Choice::SaveFirst(then) => (None, Some(DialogIntent::SaveFirst(then))),
        Choice::Discard(then) => (None, Some(DialogIntent::Discard(then))),
        Choice::Delete(ids) => (None, Some(DialogIntent::Delete(ids))),
        Choice::Recover(design, origin) => (None, Some(DialogIntent::Recover(design, origin))),
        Choice::Forget => (None, Some(DialogIntent::ForgetAutosave)),
        Choice::Failed(e) => (Some(Dialog::Error(e)), None),
        Choice::Overwrite(dir) => (None, Some(DialogIntent::Overwrite(dir))),
        Choice::CopyReport(text) => (Some(dialog), Some(DialogIntent::CopyReport(text))),
        Choice::Typing(pick, text) => (Some(Dialog::PathPrompt(pick, text)), None),
        Choice::Path(pick, path) => (None, Some(DialogIntent::Path(pick, path))),
        Choice::Template(design) => (None, Some(DialogIntent::Template(design))),
    }
}

fn discard_ui(ui: &mut egui::Ui, then: &AfterDiscard) -> Choice {
    let mut choice = Choice::None;
    ui.heading("Unsaved changes");
    ui.label("The design has changes that are not saved. What should happen to them?");
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Save").on_hover_text("Save first, then continue").clicked() {
            choice = Choice::SaveFirst(then.clone());
        }
        if ui
            .button("Discard changes")
            .on_hover_text("Continue and lose the changes")
            .clicked()
        {
            choice = Choice::Discard(then.clone());
        }
        if ui.button("Cancel").on_hover_text("Go back to the design").clicked() {
            choice = Choice::Close;
        }
    });
    choice
}

fn delete_ui(ui: &mut egui::Ui, design: &Design, ids: &[Id], plan: &DeletePlan) -> Choice {
    let mut choice = Choice::None;
    ui.heading("Delete with dependants?");
    let extra: Vec<Id> = plan.removed.iter().filter(|r| !ids.contains(r)).cloned().collect();
    ui.label(format!(
        "Deleting {} also deletes what cannot exist without it:",
        names(design, ids)
    ));
    if !extra.is_empty() {
        ui.label(RichText::new(names(design, &extra)).strong());
    }
    if !plan.detached.is_empty() {
        ui.label(format!(
            "and clears references to it in {}.",
            names(design, &plan.detached)
        ));
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui
            .button(format!("Delete {}", plural(plan.removed.len(), "resource")))
            .on_hover_text("Delete them all (undo brings them back)")
            .clicked()
        {
            choice = Choice::Delete(ids.to_vec());
        }
        if ui.button("Cancel").on_hover_text("Keep everything").clicked() {
            choice = Choice::Close;
        }
    });
    choice
}

fn recover_ui(ui: &mut egui::Ui, recovered: &Design, origin: Option<&PathBuf>) -> Choice {
    let mut choice = Choice::None;
    ui.heading("Recover unsaved work?");
    let from = origin.map_or_else(|| "an unsaved design".to_owned(), |p| p.display().to_string());
    ui.label(format!(
        "netdraft did not close cleanly last time. An autosaved copy of {from} ({}) is available.",
        plural(recovered.len(), "resource")
    ));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Recover").on_hover_text("Open the autosaved copy").clicked() {
            choice = Choice::Recover(Box::new(recovered.clone()), origin.cloned());
        }
        if ui
            .button("Discard it")
            .on_hover_text("Delete the autosaved copy")
            .clicked()
        {
            choice = Choice::Forget;
        }
    });
    choice
}

fn gallery_ui(ui: &mut egui::Ui, cards: Option<&[ShownCard]>) -> Choice {
    match crate::gallery::ui(ui, cards) {
        None => Choice::None,
        Some(GalleryChoice::Cancel) => Choice::Close,
        Some(GalleryChoice::Start(None)) => Choice::Template(Box::new(Design::new("New design"))),
        Some(GalleryChoice::Start(Some(name))) => match templates::find(name).map(templates::Template::load) {
            Some(Ok(l)) => Choice::Template(Box::new(l.design)),
            Some(Err(e)) => Choice::Failed(e.to_string()),
            None => Choice::Failed(format!("no template named {name}")),
        },
    }
}

fn error_ui(ui: &mut egui::Ui, text: &str) -> Choice {
    ui.heading("Something went wrong");
    egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
        ui.label(RichText::new(text).monospace());
    });
    if ui.button("OK").on_hover_text("Close this message").clicked() {
        Choice::Close
    } else {
        Choice::None
    }
}

fn path_ui(ui: &mut egui::Ui, pick: Pick, text: &str) -> Choice {
    let mut text = text.to_owned();
    let verb = match pick {
        Pick::Open => "Open",
        Pick::SaveAs => "Save as",
        Pick::ExportDir => "Export to folder",
        Pick::Live => "Compare with",
    };
    ui.heading(verb);
    ui.label("No file dialog is available on this desktop. Type the file's path:");
    let l = ui.label("Path");
    let r = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(460.0))
        .labelled_by(l.id);
    // Read "submitted" before taking the focus back (that would clear `lost_focus`).
    let submitted = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !submitted && ui.memory(|m| m.focused().is_none()) {
        r.request_focus();
    }
    let mut choice = if r.changed() {
        Choice::Typing(pick, text.clone())
    } else {
        Choice::None
    };
    ui.horizontal(|ui| {
        let go = ui.button(verb).on_hover_text("Use this path").clicked() || submitted;
        if go && !text.trim().is_empty() {
            choice = Choice::Path(pick, PathBuf::from(text.trim()));
        }
        if ui.button("Cancel").on_hover_text("Do nothing").clicked() {
            choice = Choice::Close;
        }
    });
    choice
}

fn import_summary_ui(ui: &mut egui::Ui, report: &netdraft_import::Report) -> Choice {
    let mut choice = Choice::None;
    ui.heading("Import finished");
    ui.label(format!(
        "Imported {} from {}. The design is new and unsaved: save it to keep it.",
        plural(report.imported.len(), "resource"),
        plural(report.sources.len(), "source")
    ));
    if !report.failures.is_empty() {
        ui.label(
            RichText::new(format!(
                "{} could not be read (the rest was imported):",
                plural(report.failures.len(), "call")
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
    egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
        for f in &report.failures {
            ui.label(format!("• {}: {}", f.what, f.message));
        }
        if !report.skipped.is_empty() {
            ui.label(RichText::new(format!("Skipped {}:", plural(report.skipped.len(), "resource"))).strong());
            for s in &report.skipped {
                ui.label(format!("• {} ({}): {}", s.source, s.kind, s.reason));
            }
        }
        for n in &report.notes {
            ui.label(RichText::new(n).weak());
        }
    });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui
            .button("Copy report")
            .on_hover_text("Copy the full import report as Markdown")
            .clicked()
        {
            choice = Choice::CopyReport(report.to_markdown());
        }
        if ui.button("OK").on_hover_text("Close this summary").clicked() {
            choice = Choice::Close;
        }
    });
    choice
}

fn export_blocked_ui(ui: &mut egui::Ui, dir: &std::path::Path, blocked: &[String]) -> Choice {
    let mut choice = Choice::None;
    ui.heading("Files in the way");
    ui.label(format!(
        "Exporting into {} would overwrite files that were edited since netdraft wrote them, or that netdraft did not write:",
        dir.display()
    ));
    egui::ScrollArea::vertical().max_height(200.0).show(ui, |ui| {
        for b in blocked {
            ui.label(RichText::new(b).monospace());
        }
    });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui
            .button("Overwrite them")
            .on_hover_text("Export anyway and replace these files")
            .clicked()
        {
            choice = Choice::Overwrite(dir.to_owned());
        }
        if ui.button("Cancel").on_hover_text("Leave the folder as it is").clicked() {
            choice = Choice::Close;
        }
    });
    choice
}
