//! The export preview tab: the design file or any export format, file by
//! file, with syntax highlighting and a copy button. Exports are rendered
//! lazily, once per design revision and format (see [`Derived::export`]).

use egui::RichText;
use netdraft_core::Design;
use netdraft_core::model::AzurermMajor;
use netdraft_export::ExportKind;

use crate::derived::Derived;
use crate::prefs::{Prefs, PreviewKind};

/// What the preview asks for.
#[derive(Debug)]
pub enum PreviewIntent {
    /// Copy this text to the clipboard.
    Copy(String, String),
    /// Write the Terraform for this azurerm major (a design setting, so an undoable edit).
    SetAzurerm(AzurermMajor),
}

/// The format picker, the provider picker (Terraform), the file picker and the
/// copy button: a row of their own under the tabs, labels before their fields,
/// so they never crowd the tabs however narrow the window.
pub fn bar_ui(ui: &mut egui::Ui, prefs: &mut Prefs, derived: &mut Derived, design: &Design) -> Option<PreviewIntent> {
    let mut out = None;
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Format");
        egui::ComboBox::from_id_salt("preview-format")
            .selected_text(prefs.preview.label())
            .show_ui(ui, |ui| {
                for k in PreviewKind::all() {
                    ui.selectable_value(&mut prefs.preview, k, k.label())
                        .on_hover_text(k.hint());
                }
            })
            .response
            .labelled_by(l.id);
        if prefs.preview == PreviewKind::Export(ExportKind::Terraform) {
            let now = design.settings.azurerm;
            let mut pick = now;
            let l = ui.label("Provider");
            egui::ComboBox::from_id_salt("preview-azurerm")
                .selected_text(azurerm_label(now))
                .show_ui(ui, |ui| {
                    for m in AzurermMajor::ALL.iter().rev() {
                        ui.selectable_value(&mut pick, *m, azurerm_label(*m))
                            .on_hover_text(match m {
                                AzurermMajor::V5 => "Terraform for azurerm 5.x (~> 5.2), the current major",
                                AzurermMajor::V4 => "Terraform for azurerm 4.x (~> 4.81), for projects not yet on 5.x",
                            });
                    }
                })
                .response
                .labelled_by(l.id)
                .on_hover_text("The azurerm provider major the Terraform export is written for (a design setting)");
            if pick != now {
                out = Some(PreviewIntent::SetAzurerm(pick));
            }
        }
        if prefs.preview != PreviewKind::Design
            && let Some(Ok(files)) = derived.export(design, prefs.preview)
            && let Some(first) = files.first()
        {
            let shown = files
                .iter()
                .find(|f| f.path == prefs.preview_file)
                .unwrap_or(first)
                .path
                .clone();
            let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
            let l = ui.label("File");
            egui::ComboBox::from_id_salt("preview-file")
                .selected_text(shown)
                .width(200.0)
                .show_ui(ui, |ui| {
                    for path in paths {
                        let text = path.clone();
                        ui.selectable_value(&mut prefs.preview_file, path, text);
                    }
                })
                .response
                .labelled_by(l.id);
        }
        let text = current(prefs, derived, design).map(|(name, text)| (name.to_owned(), text.to_owned()));
        if ui
            .add_enabled(text.is_some(), egui::Button::new("Copy"))
            .on_hover_text("Copy the file shown to the clipboard")
            .clicked()
            && let Some((name, text)) = text
        {
            out = Some(PreviewIntent::Copy(name, text));
        }
    });
    out
}

fn azurerm_label(m: AzurermMajor) -> &'static str {
    match m {
        AzurermMajor::V5 => "azurerm 5.x",
        AzurermMajor::V4 => "azurerm 4.x",
    }
}

/// The file shown: its name and text.
fn current<'a>(prefs: &Prefs, derived: &'a mut Derived, design: &Design) -> Option<(&'a str, &'a str)> {
    if prefs.preview == PreviewKind::Design {
        return Some(("design file", derived.toml.as_str()));
    }
    let files = derived.export(design, prefs.preview)?.as_ref().ok()?;
    let f = files
        .iter()
        .find(|f| f.path == prefs.preview_file)
        .or_else(|| files.first())?;
    Some((f.path.as_str(), f.contents.as_str()))
}

/// The preview itself.
pub fn ui(
    ui: &mut egui::Ui,
    prefs: &Prefs,
    derived: &mut Derived,
    design: &Design,
    picture: Option<(&Result<crate::picture::Picture, String>, bool)>,
    dark: bool,
) {
    if prefs.preview == PreviewKind::Export(ExportKind::Png) {
        picture_ui(ui, picture);
        return;
    }
    let job = if prefs.preview == PreviewKind::Design {
        Some(derived.toml_job(dark).clone())
    } else {
        match derived.export(design, prefs.preview) {
            None => None,
            Some(Err(e)) => {
                ui.label(RichText::new(format!("The export failed: {e}")).color(ui.visuals().error_fg_color));
                return;
            }
            Some(Ok(files)) if files.is_empty() => {
                ui.label(RichText::new(no_files(prefs.preview, design)).weak());
                return;
            }
            Some(Ok(_)) => derived.code_job(prefs.preview, &prefs.preview_file, dark).cloned(),
        }
    };
    let Some(job) = job else {
        ui.label(RichText::new("This build has no exporter for this format.").weak());
        return;
    };
    egui::ScrollArea::both()
        .id_salt("preview")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add(egui::Label::new(job).selectable(true));
        });
}

/// Why an export of `kind` writes no files, in the design's own terms.
pub fn no_files(kind: PreviewKind, design: &Design) -> String {
    let clusters = design.of_kind(netdraft_core::Kind::AksCluster).count();
    match kind.export() {
        Some(ExportKind::Helm | ExportKind::K8s) if clusters == 0 => format!(
            "No files: {} are written per AKS cluster, and this design has none yet.",
            kind.label()
        ),
        Some(ExportKind::Helm) => "No files: Helm values are written for the charts a cluster installs with Helm \
             (the Application Gateway Ingress Controller as a Helm release, the ALB controller, cert-manager, \
             ingress-nginx), and no AKS cluster of this design installs one."
            .to_owned(),
        Some(ExportKind::K8s) => "No files: no AKS cluster of this design has Kubernetes objects to write \
             (services, ingress, gateways, issuers)."
            .to_owned(),
        _ => format!("No files: this design has nothing the {} export writes.", kind.label()),
    }
}

/// The PNG preview: the picture File > Export writes, scaled to the panel
/// (drawn on the worker; the previous one stays while the new one is drawn).
fn picture_ui(ui: &mut egui::Ui, picture: Option<(&Result<crate::picture::Picture, String>, bool)>) {
    match picture {
        None => {
            ui.label(RichText::new("Drawing the picture…").weak());
        }
        Some((Err(e), _)) => {
            ui.label(RichText::new(format!("The picture failed: {e}")).color(ui.visuals().error_fg_color));
        }
        Some((Ok(p), current)) => {
            let redrawing = if current {
                ""
            } else {
                " Redrawing after the last edit…"
            };
            ui.label(
                RichText::new(format!(
                    "Preview at {}×{} px. File > Export writes design.png at {} pixels per canvas unit \
                     (less for designs over {} px a side).{redrawing}",
                    p.size[0],
                    p.size[1],
                    netdraft_export::diagram::PNG_SCALE,
                    netdraft_export::diagram::PNG_MAX_SIDE
                ))
                .weak(),
            );
            let texture = p.texture.clone();
            egui::ScrollArea::both()
                .id_salt("picture")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.add(
                        egui::Image::from_texture(&texture)
                            .max_width(ui.available_width())
                            .maintain_aspect_ratio(true)
                            .alt_text("Picture of the design"),
                    );
                });
        }
    }
}
