//! The "Traffic flows" tab of the bottom panel: each cluster's standard flows
//! with their verdicts, and a picker for any two ends. Choosing one returns
//! an intent; the app traces it (once per revision) and the canvas marks it.

use egui::RichText;
use netdraft_core::route::Verdict;

use crate::traffic::{FlowChoice, Traffic};

/// The free picker's fields, as typed.
#[derive(Debug, Clone)]
pub struct FlowPicker {
    pub from: String,
    pub to: String,
    pub port: String,
}

impl Default for FlowPicker {
    fn default() -> Self {
        FlowPicker {
            from: String::new(),
            to: "internet".to_owned(),
            port: "443".to_owned(),
        }
    }
}

/// What the user picked in the tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowPick {
    Show(FlowChoice),
    Clear,
}

/// The colour a verdict is written in.
pub fn verdict_colour(ui: &egui::Ui, v: Verdict) -> egui::Color32 {
    match v {
        Verdict::Delivered | Verdict::Restricted => egui::Color32::from_rgb(0x2e, 0x9d, 0x4f),
        Verdict::NotApplicable => ui.visuals().weak_text_color(),
        Verdict::Asymmetric => ui.visuals().warn_fg_color,
        Verdict::Denied | Verdict::BlackHoled | Verdict::Unreachable => ui.visuals().error_fg_color,
    }
}

/// Shows the tab; returns the flow to show, or to show none.
pub fn ui(
    ui: &mut egui::Ui,
    picker: &mut FlowPicker,
    traffic: &Traffic,
    chosen: Option<&FlowChoice>,
) -> Option<FlowPick> {
    let mut out = None;
    ui.columns(2, |cols| {
        // Both ways: a long flow line scrolls inside its column, never over the picker.
        egui::ScrollArea::both()
            .id_salt("standard-flows")
            .auto_shrink([false, false])
            .show(&mut cols[0], |ui| {
                out = standard_ui(ui, traffic, chosen).or(out.take());
            });
        if let Some(c) = picker_ui(&mut cols[1], picker, traffic, chosen) {
            out = Some(c);
        }
    });
    out
}

fn standard_ui(ui: &mut egui::Ui, traffic: &Traffic, chosen: Option<&FlowChoice>) -> Option<FlowPick> {
    let mut out = None;
    let Some(clusters) = traffic.entries() else {
        ui.label(RichText::new("Tracing the standard flows…").weak());
        return None;
    };
    if clusters.is_empty() {
        ui.label(RichText::new("No AKS cluster: standard flows are per cluster. Pick two ends on the right.").weak());
    }
    for c in clusters {
        ui.label(RichText::new(format!("Cluster {}", c.name)).strong());
        for f in &c.flows {
            let on = matches!(chosen, Some(FlowChoice::Standard(id)) if *id == f.id);
            ui.horizontal(|ui| {
                ui.add_space(8.0);
                // The verdict first, in a column of its own, so it is never cut off.
                ui.add_sized(
                    [84.0, ui.spacing().interact_size.y],
                    egui::Label::new(RichText::new(f.verdict.as_str()).color(verdict_colour(ui, f.verdict))),
                );
                let full = format!("{}: {} -> {}", f.flow, f.from, f.to);
                let r = ui.add(egui::Button::selectable(on, RichText::new(&full)).truncate());
                r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, on, format!("Flow {}", f.id)));
                let r = r.on_hover_text(if f.verdict == Verdict::NotApplicable {
                    format!("{full}\n\nDoes not apply to this design")
                } else {
                    format!("{full}\n\nShow this flow's hops on the canvas (click again to clear)")
                });
                if r.clicked() && f.verdict != Verdict::NotApplicable {
                    out = Some(if on {
                        FlowPick::Clear
                    } else {
                        FlowPick::Show(FlowChoice::Standard(f.id.clone()))
                    });
                }
            });
        }
        ui.add_space(4.0);
    }
    out
}

fn picker_ui(
    ui: &mut egui::Ui,
    picker: &mut FlowPicker,
    traffic: &Traffic,
    chosen: Option<&FlowChoice>,
) -> Option<FlowPick> {
    let mut out = None;
    let hint = "A resource id or Azure name (subnet, node pool, cluster = its pods, on-premises network, \
                gateway, service), `internet`, or an IPv4 address";
    egui::Grid::new("flow-picker").num_columns(2).show(ui, |ui| {
        ui.label("From");
        let r = ui
            .add(egui::TextEdit::singleline(&mut picker.from).desired_width(180.0))
            .on_hover_text(hint);
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Flow from"));
        ui.end_row();
        ui.label("To");
        let r = ui
            .add(egui::TextEdit::singleline(&mut picker.to).desired_width(180.0))
            .on_hover_text(hint);
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Flow to"));
        ui.end_row();
        ui.label("TCP port");
        let r = ui.add(egui::TextEdit::singleline(&mut picker.port).desired_width(60.0));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Flow port"));
        ui.end_row();
    });
    let port = picker.port.trim().parse::<u16>().ok().filter(|p| *p > 0);
    ui.horizontal(|ui| {
        let ready = port.is_some() && !picker.from.trim().is_empty() && !picker.to.trim().is_empty();
        let b = ui
            .add_enabled(ready, egui::Button::new("Trace"))
            .on_hover_text("Trace a packet between these two ends and show its hops on the canvas");
        if b.clicked()
            && let Some(port) = port
        {
            out = Some(FlowPick::Show(FlowChoice::Custom {
                from: picker.from.trim().to_owned(),
                to: picker.to.trim().to_owned(),
                port,
            }));
        }
        if chosen.is_some() && ui.button("Clear flow").on_hover_text("Stop showing a flow").clicked() {
            out = Some(FlowPick::Clear);
        }
        if port.is_none() {
            ui.label(RichText::new("The port is a number from 1 to 65535").color(ui.visuals().error_fg_color));
        }
    });
    match traffic.shown() {
        Some(Ok(v)) => {
            ui.label(RichText::new(&v.title).strong());
            ui.label(RichText::new(format!("Verdict {}", v.verdict())).color(verdict_colour(ui, v.path.verdict)));
            ui.label(RichText::new("The hops are numbered on the canvas and listed in its corner.").weak());
        }
        Some(Err(e)) => {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        None => {
            ui.label(RichText::new("Pick a standard flow on the left, or two ends here.").weak());
        }
    }
    out
}
