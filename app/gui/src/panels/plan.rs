//! The IP plan tab: per VNet and subnet the prefix, demand, usable
//! addresses, utilisation and headroom, as the planner computed them for this
//! revision of the design. Overlapping ranges are highlighted; click a row to
//! show the resource.

use std::collections::BTreeSet;

use egui::{Color32, RichText};
use netdraft_core::Id;
use netdraft_core::plan::{Plan, SubnetPlan, VnetPlan};

/// Colours of the table, from the theme.
struct Tone {
    warn: Color32,
    error: Color32,
}

/// Column widths of the table.
const COLUMNS: [f32; 6] = [230.0, 170.0, 70.0, 70.0, 140.0, 110.0];

/// One line of the table.
enum Row<'a> {
    Vnet(&'a VnetPlan),
    Subnet(&'a SubnetPlan),
}

/// Lays out one cell of `width`, left-aligned.
fn cell<R>(ui: &mut egui::Ui, width: f32, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(width);
            add(ui)
        },
    )
    .inner
}

/// Shows the plan table; returns the resource clicked. Only the rows in view
/// are laid out, so a plan of thousands of subnets costs what a screenful does.
pub fn ui(ui: &mut egui::Ui, plan: &Plan) -> Option<Id> {
    let mut clicked = None;
    let overlapping: BTreeSet<&Id> = plan.overlaps.iter().flat_map(|o| [&o.a.owner, &o.b.owner]).collect();
    let tone = Tone {
        warn: ui.visuals().warn_fg_color,
        error: ui.visuals().error_fg_color,
    };
    if plan.vnets.is_empty() {
        ui.label(RichText::new("No VNets yet: the plan appears as soon as the design has one.").weak());
        return None;
    }
    for o in &plan.overlaps {
        let text = format!(
            "overlap: {} {} ({}) and {} {} ({}): {}",
            o.a.what, o.a.owner, o.a.cidr, o.b.what, o.b.owner, o.b.cidr, o.rule
        );
        ui.label(RichText::new(text).color(tone.error));
    }
    ui.horizontal(|ui| {
        for (h, w) in ["VNet / subnet", "prefix", "demand", "usable", "utilisation", "headroom"]
            .iter()
            .zip(COLUMNS)
        {
            cell(ui, w, |ui| ui.label(RichText::new(*h).strong()));
        }
    });
    let rows: Vec<Row<'_>> = plan
        .vnets
        .iter()
        .flat_map(|v| std::iter::once(Row::Vnet(v)).chain(v.subnets.iter().map(Row::Subnet)))
        .collect();
    let height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, height, rows.len(), |ui, range| {
            for row in &rows[range] {
                ui.horizontal(|ui| match row {
                    Row::Vnet(v) => {
                        if vnet_row(ui, v, overlapping.contains(&v.id), &tone) {
                            clicked = Some(v.id.clone());
                        }
                    }
                    Row::Subnet(s) => {
                        if subnet_row(ui, s, overlapping.contains(&s.id), &tone) {
                            clicked = Some(s.id.clone());
                        }
                    }
                });
            }
        });
    clicked
}

fn name_button(ui: &mut egui::Ui, text: RichText, overlaps: bool, tone: &Tone, hint: &str) -> bool {
    let text = if overlaps { text.color(tone.error) } else { text };
    ui.add(egui::Button::new(text).frame(false))
        .on_hover_text(hint)
        .clicked()
}

fn vnet_row(ui: &mut egui::Ui, v: &VnetPlan, overlaps: bool, tone: &Tone) -> bool {
    let clicked = name_button(ui, RichText::new(&v.name).strong(), overlaps, tone, "Show this VNet");
    let space = v
        .address_space
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    ui.label(RichText::new(space).monospace());
    ui.label(v.demand.to_string());
    ui.label(v.addresses.to_string());
    let used = if v.addresses > 0 {
        v.allocated as f32 / v.addresses as f32
    } else {
        0.0
    };
    cell(ui, COLUMNS[4], |ui| {
        ui.add(
            egui::ProgressBar::new(used.clamp(0.0, 1.0))
                .desired_width(COLUMNS[4] - 10.0)
                .text(format!("{:.0}% allocated", used * 100.0)),
        )
    });
    cell(ui, COLUMNS[5], |ui| {
        ui.label(format!("{} free blocks", v.free_blocks.len()))
    });
    clicked
}

fn subnet_row(ui: &mut egui::Ui, s: &SubnetPlan, overlaps: bool, tone: &Tone) -> bool {
    let clicked = name_button(
        ui,
        RichText::new(format!("  {}", s.name)),
        overlaps,
        tone,
        "Show this subnet",
    );
    let prefix = match (s.prefix, s.auto) {
        (Some(p), true) => format!("auto: {p}"),
        (Some(p), false) => p.to_string(),
        (None, _) => "does not fit".to_owned(),
    };
    cell(ui, COLUMNS[1], |ui| ui.label(RichText::new(prefix).monospace()));
    let demand = cell(ui, COLUMNS[2], |ui| ui.label(s.demand.to_string()));
    if !s.items.is_empty() {
        demand.on_hover_ui(|ui| {
            for item in &s.items {
                ui.label(format!("{}: {} ({})", item.label, item.figure.ips, item.figure.formula));
            }
        });
    }
    cell(ui, COLUMNS[3], |ui| ui.label(s.usable.to_string()));
    // The planner reports percent.
    let u = (s.utilisation / 100.0) as f32;
    let colour = if u > 1.0 {
        tone.error
    } else if u > 0.8 {
        tone.warn
    } else {
        Color32::from_rgb(40, 150, 80)
    };
    ui.add(
        egui::ProgressBar::new(u.clamp(0.0, 1.0))
            .desired_width(120.0)
            .fill(colour)
            .text(format!("{:.0}%", u * 100.0)),
    );
    let headroom = RichText::new(s.headroom.to_string());
    ui.label(if s.headroom < 0 {
        headroom.color(tone.error)
    } else {
        headroom
    });
    ui.end_row();
    clicked
}
