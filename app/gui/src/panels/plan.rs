//! The IP plan tab: per VNet and subnet the prefix, demand, usable
//! addresses, utilisation and headroom, as the planner computed them for this
//! revision of the design. Every cell has a fixed width so the columns line
//! up with the header; numbers are right-aligned; overlapping ranges are
//! highlighted; click a name to show the resource.

use std::collections::BTreeSet;

use egui::{Align, Color32, Layout, RichText};
use netdraft_core::Id;
use netdraft_core::plan::{Plan, SubnetPlan, VnetPlan};

/// Colours of the table, from the theme.
struct Tone {
    ok: Color32,
    warn: Color32,
    error: Color32,
    overlap_bg: Color32,
}

/// One column: its header, width, alignment and hover text.
struct Column {
    title: &'static str,
    width: f32,
    right: bool,
    hint: &'static str,
}

const COLUMNS: [Column; 7] = [
    Column {
        title: "VNet / subnet",
        width: 180.0,
        right: false,
        hint: "Click a name to select it and show it on the canvas",
    },
    Column {
        title: "Range",
        width: 130.0,
        right: false,
        hint: "The address space or prefix; \"auto\" ones were placed by the planner",
    },
    Column {
        title: "Size",
        width: 64.0,
        right: true,
        hint: "Addresses in the range",
    },
    Column {
        title: "Demand",
        width: 64.0,
        right: true,
        hint: "Addresses the resources need (hover a subnet's figure for the breakdown)",
    },
    Column {
        title: "Usable",
        width: 64.0,
        right: true,
        hint: "Addresses left after Azure reserves five per subnet",
    },
    Column {
        title: "Utilisation",
        width: 130.0,
        right: false,
        hint: "Demand against usable addresses (for a VNet: how much of it subnets cover)",
    },
    Column {
        title: "Headroom",
        width: 170.0,
        right: true,
        hint: "Usable minus demand; for a VNet the free blocks left",
    },
];

/// One line of the table.
enum Row<'a> {
    Vnet(&'a VnetPlan),
    Subnet(&'a SubnetPlan),
}

/// Lays out one cell of column `col`.
fn cell<R>(ui: &mut egui::Ui, col: usize, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let c = &COLUMNS[col];
    let height = ui.spacing().interact_size.y;
    let layout = if c.right {
        Layout::right_to_left(Align::Center)
    } else {
        Layout::left_to_right(Align::Center)
    };
    ui.allocate_ui_with_layout(egui::vec2(c.width, height), layout, |ui| {
        ui.set_min_width(c.width);
        ui.set_max_width(c.width);
        add(ui)
    })
    .inner
}

fn number(ui: &mut egui::Ui, col: usize, value: &str) -> egui::Response {
    cell(ui, col, |ui| {
        ui.add_space(8.0);
        ui.label(RichText::new(value).monospace())
    })
}

/// Shows the plan table; returns the resource clicked. Only the rows in view
/// are laid out, so a plan of thousands of subnets costs what a screenful does.
pub fn ui(ui: &mut egui::Ui, plan: &Plan) -> Option<Id> {
    let mut clicked = None;
    let overlapping: BTreeSet<&Id> = plan.overlaps.iter().flat_map(|o| [&o.a.owner, &o.b.owner]).collect();
    let dark = ui.visuals().dark_mode;
    let tone = Tone {
        ok: if dark {
            Color32::from_rgb(70, 170, 100)
        } else {
            Color32::from_rgb(40, 150, 80)
        },
        warn: ui.visuals().warn_fg_color,
        error: ui.visuals().error_fg_color,
        overlap_bg: ui.visuals().error_fg_color.gamma_multiply(0.15),
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
    let rows: Vec<Row<'_>> = plan
        .vnets
        .iter()
        .flat_map(|v| std::iter::once(Row::Vnet(v)).chain(v.subnets.iter().map(Row::Subnet)))
        .collect();
    let height = ui.spacing().interact_size.y;
    egui::ScrollArea::horizontal()
        .id_salt("plan-h")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                for (i, c) in COLUMNS.iter().enumerate() {
                    cell(ui, i, |ui| {
                        if c.right {
                            ui.add_space(8.0);
                        }
                        ui.label(RichText::new(c.title).strong()).on_hover_text(c.hint)
                    });
                }
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("plan-v")
                .auto_shrink([false, false])
                .show_rows(ui, height, rows.len(), |ui, range| {
                    for row in &rows[range] {
                        let (id, overlaps) = match row {
                            Row::Vnet(v) => (&v.id, overlapping.contains(&v.id)),
                            Row::Subnet(s) => (&s.id, overlapping.contains(&s.id)),
                        };
                        let bg = ui.painter().add(egui::Shape::Noop);
                        let r = ui.horizontal(|ui| match row {
                            Row::Vnet(v) => vnet_row(ui, v, overlaps, &tone),
                            Row::Subnet(s) => subnet_row(ui, s, overlaps, &tone),
                        });
                        if overlaps {
                            ui.painter()
                                .set(bg, egui::Shape::rect_filled(r.response.rect, 2.0, tone.overlap_bg));
                        }
                        if r.inner {
                            clicked = Some(id.clone());
                        }
                    }
                });
        });
    clicked
}

fn name_button(ui: &mut egui::Ui, text: RichText, overlaps: bool, tone: &Tone, hint: &str) -> bool {
    cell(ui, 0, |ui| {
        let text = if overlaps { text.color(tone.error) } else { text };
        ui.add(egui::Button::new(text).frame(false).truncate())
            .on_hover_text(hint)
            .clicked()
    })
}

fn bar(ui: &mut egui::Ui, fraction: f32, text: String, colour: Color32) {
    cell(ui, 5, |ui| {
        ui.add(
            egui::ProgressBar::new(fraction.clamp(0.0, 1.0))
                .desired_width(COLUMNS[5].width - 12.0)
                .fill(colour)
                .text(text),
        )
    });
}

fn vnet_row(ui: &mut egui::Ui, v: &VnetPlan, overlaps: bool, tone: &Tone) -> bool {
    let clicked = name_button(ui, RichText::new(&v.name).strong(), overlaps, tone, "Show this VNet");
    let space = v
        .address_space
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    cell(ui, 1, |ui| ui.label(RichText::new(space).monospace().strong()));
    number(ui, 2, &v.addresses.to_string());
    number(ui, 3, &v.demand.to_string());
    cell(ui, 4, |ui| ui.label(""));
    let used = if v.addresses > 0 {
        v.allocated as f32 / v.addresses as f32
    } else {
        0.0
    };
    bar(
        ui,
        used,
        format!("{:.0}% in subnets", used * 100.0),
        tone.ok.gamma_multiply(0.6),
    );
    let free: u64 = v.addresses.saturating_sub(v.allocated);
    let blocks = v.free_blocks.len();
    let plural = if blocks == 1 { "" } else { "s" };
    number(ui, 6, &format!("{free} free ({blocks} block{plural})")).on_hover_text(
        v.free_blocks
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    );
    clicked
}

fn subnet_row(ui: &mut egui::Ui, s: &SubnetPlan, overlaps: bool, tone: &Tone) -> bool {
    let clicked = name_button(
        ui,
        RichText::new(format!("    {}", s.name)),
        overlaps,
        tone,
        "Show this subnet",
    );
    let prefix = match (s.prefix, s.auto) {
        (Some(p), true) => format!("{p} (auto)"),
        (Some(p), false) => p.to_string(),
        (None, _) => "does not fit".to_owned(),
    };
    cell(ui, 1, |ui| {
        let t = RichText::new(prefix).monospace();
        ui.label(if s.prefix.is_none() { t.color(tone.error) } else { t })
    });
    let size = s.prefix.map_or(0, netdraft_core::net::Cidr::size);
    number(ui, 2, &size.to_string());
    let demand = number(ui, 3, &s.demand.to_string());
    if !s.items.is_empty() {
        demand.on_hover_ui(|ui| {
            for item in &s.items {
                ui.label(format!("{}: {} ({})", item.label, item.figure.ips, item.figure.formula));
            }
        });
    }
    number(ui, 4, &s.usable.to_string());
    // The planner reports percent.
    let u = (s.utilisation / 100.0) as f32;
    let colour = if u > 1.0 {
        tone.error
    } else if u > 0.8 {
        tone.warn
    } else {
        tone.ok
    };
    bar(ui, u, format!("{:.0}%", u * 100.0), colour);
    cell(ui, 6, |ui| {
        ui.add_space(8.0);
        let headroom = RichText::new(s.headroom.to_string()).monospace();
        ui.label(if s.headroom < 0 {
            headroom.color(tone.error).strong()
        } else {
            headroom
        })
    });
    clicked
}
