//! Labelled field editors for the inspector. Each returns `true` when the
//! edit is complete and should become a command: at once for toggles and
//! choices, on leaving the field for text, at the end of a drag for numbers.
//! Text that does not parse stays in the field with the reason below it.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::str::FromStr;

use egui::{RichText, Ui};
use netdraft_core::net::Cidr;
use netdraft_core::{Design, Id, Kind};

/// Text buffers of fields whose typed text may not parse yet.
pub type Buffers = BTreeMap<String, String>;

fn label(ui: &mut Ui, text: &str, hint: &str) -> egui::Id {
    let r = ui.label(text);
    let id = r.id;
    if !hint.is_empty() {
        r.on_hover_text(hint);
    }
    id
}

pub fn text(ui: &mut Ui, name: &str, hint: &str, value: &mut String) -> bool {
    let l = label(ui, name, hint);
    let r = ui
        .add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
        .labelled_by(l);
    ui.end_row();
    r.lost_focus()
}

/// Text that may be absent: empty means `None`. Typing goes straight into
/// `value` (the draft keeps it between frames); leaving the field trims it
/// and completes the edit.
pub fn optional_text(ui: &mut Ui, name: &str, hint: &str, value: &mut Option<String>) -> bool {
    let mut text = value.clone().unwrap_or_default();
    let l = label(ui, name, hint);
    let r = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY))
        .labelled_by(l);
    ui.end_row();
    if r.changed() {
        *value = (!text.is_empty()).then_some(text);
    }
    if r.lost_focus() {
        *value = value
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
    }
    r.lost_focus()
}

pub fn read_only(ui: &mut Ui, name: &str, value: &str) {
    label(ui, name, "");
    ui.label(RichText::new(value).monospace());
    ui.end_row();
}

pub fn checkbox(ui: &mut Ui, name: &str, hint: &str, value: &mut bool) -> bool {
    let l = label(ui, name, hint);
    let r = ui.checkbox(value, "").labelled_by(l);
    ui.end_row();
    r.changed()
}

pub fn choice<T: Copy + PartialEq + Display>(ui: &mut Ui, name: &str, hint: &str, value: &mut T, all: &[T]) -> bool {
    let l = label(ui, name, hint);
    let mut changed = false;
    let r = egui::ComboBox::from_id_salt(name)
        .selected_text(value.to_string())
        .show_ui(ui, |ui| {
            for v in all {
                changed |= ui.selectable_value(value, *v, v.to_string()).changed();
            }
        });
    r.response.labelled_by(l);
    ui.end_row();
    changed
}

fn drag_done(r: &egui::Response) -> bool {
    r.drag_stopped() || (r.changed() && !r.dragged())
}

pub fn number(ui: &mut Ui, name: &str, hint: &str, value: &mut u32, range: std::ops::RangeInclusive<u32>) -> bool {
    let l = label(ui, name, hint);
    let r = ui.add(egui::DragValue::new(value).range(range)).labelled_by(l);
    ui.end_row();
    drag_done(&r)
}

/// An optional number: a checkbox to set it, the value when set.
pub fn optional_number(
    ui: &mut Ui,
    name: &str,
    hint: &str,
    value: &mut Option<u32>,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> bool {
    let l = label(ui, name, hint);
    let mut done = false;
    ui.horizontal(|ui| {
        let mut on = value.is_some();
        if ui
            .checkbox(&mut on, "")
            .labelled_by(l)
            .on_hover_text(format!("Set {name}"))
            .changed()
        {
            *value = on.then_some(value.unwrap_or(default));
            done = true;
        }
        if let Some(v) = value {
            let r = ui.add(egui::DragValue::new(v).range(range)).labelled_by(l);
            done |= drag_done(&r);
        } else {
            ui.weak("not set");
        }
    });
    ui.end_row();
    done
}

/// A text field that parses as the user types; keeps the text and shows why
/// it does not parse. Commits the parsed value on leaving the field.
pub fn parsed<T>(
    ui: &mut Ui,
    name: &str,
    hint: &str,
    key: &str,
    buffers: &mut Buffers,
    shown: String,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Option<T> {
    let l = label(ui, name, hint);
    let in_force = shown.clone();
    let buf = buffers.entry(key.to_owned()).or_insert(shown);
    let mut out = None;
    ui.vertical(|ui| {
        let r = ui
            .add(
                egui::TextEdit::singleline(buf)
                    .desired_width(f32::INFINITY)
                    .font(egui::TextStyle::Monospace),
            )
            .labelled_by(l);
        match parse(buf) {
            Ok(v) => {
                if r.lost_focus() {
                    out = Some(v);
                }
            }
            Err(e) => {
                ui.label(RichText::new(e).small().color(ui.visuals().error_fg_color));
                // The draft is not the design: say what still holds.
                let kept = if in_force.trim().is_empty() {
                    "no value".to_owned()
                } else {
                    format!("`{in_force}`")
                };
                ui.label(
                    RichText::new(format!("Not applied: the design keeps {kept} until this is fixed."))
                        .small()
                        .color(ui.visuals().warn_fg_color),
                );
            }
        }
    });
    ui.end_row();
    out
}

/// A comma-separated list of values that parse with `FromStr` and pass
/// `check`; the text stays with the reason below it until it does.
pub fn list<T: FromStr + Display + PartialEq>(
    ui: &mut Ui,
    name: &str,
    hint: &str,
    key: &str,
    buffers: &mut Buffers,
    value: &mut Vec<T>,
    check: impl Fn(&str) -> Result<(), String>,
) -> bool
where
    T::Err: Display,
{
    let shown = value.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let parsed = parsed(ui, name, hint, key, buffers, shown, |text| {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                check(s)?;
                T::from_str(s).map_err(|e| format!("`{s}`: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()
    });
    match parsed {
        Some(v) if v != *value => {
            *value = v;
            true
        }
        _ => false,
    }
}

/// A list of CIDR blocks, comma-separated.
pub fn cidr_list(ui: &mut Ui, name: &str, hint: &str, key: &str, buffers: &mut Buffers, value: &mut Vec<Cidr>) -> bool {
    list(ui, name, hint, key, buffers, value, |_| Ok(()))
}

/// Availability zones: `1`, `2` or `3`, each at most once.
pub fn zones(ui: &mut Ui, key: &str, buffers: &mut Buffers, value: &mut Vec<String>) -> bool {
    let before = value.clone();
    let done = list(
        ui,
        "Zones",
        "Availability zones, comma-separated: 1, 2, 3 (empty: no zone pinning)",
        key,
        buffers,
        value,
        |z| {
            if matches!(z, "1" | "2" | "3") {
                Ok(())
            } else {
                Err(format!("`{z}`: a zone is 1, 2 or 3"))
            }
        },
    );
    if done {
        let mut seen = std::collections::BTreeSet::new();
        value.retain(|z| seen.insert(z.clone()));
        return *value != before;
    }
    false
}

/// One optional CIDR block; empty text means "not set".
pub fn optional_cidr(
    ui: &mut Ui,
    name: &str,
    hint: &str,
    key: &str,
    buffers: &mut Buffers,
    value: &mut Option<Cidr>,
) -> bool {
    let shown = value.map(|c| c.to_string()).unwrap_or_default();
    let parsed = parsed(ui, name, hint, key, buffers, shown, |text| {
        let t = text.trim();
        if t.is_empty() {
            Ok(None)
        } else {
            Cidr::from_str(t).map(Some).map_err(|e| e.to_string())
        }
    });
    match parsed {
        Some(v) if v != *value => {
            *value = v;
            true
        }
        _ => false,
    }
}

/// The kinds a picker for `holder`'s reference field `field` offers: exactly
/// what the `kinds!` table allows there (but the holder's own kind), so the
/// inspector, the connection tool and validation agree. A test holds every
/// call in the inspector to a declared field.
pub fn offered(holder: Kind, field: &str) -> Vec<Kind> {
    holder
        .reference_field(field)
        .map(|f| f.offers(holder))
        .unwrap_or_default()
}

/// A reference to another resource of one of `kinds`, or none.
pub fn reference(ui: &mut Ui, name: &str, hint: &str, design: &Design, kinds: &[Kind], value: &mut Option<Id>) -> bool {
    let l = label(ui, name, hint);
    let shown = value.as_ref().map_or_else(
        || "(none)".to_owned(),
        |id| {
            design
                .get(id.as_str())
                .map_or_else(|| id.to_string(), |r| r.name().to_owned())
        },
    );
    let mut changed = false;
    let r = egui::ComboBox::from_id_salt(name)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            changed |= ui.selectable_value(value, None, "(none)").changed();
            for r in design.resources().filter(|r| kinds.contains(&r.kind())) {
                changed |= ui.selectable_value(value, Some(r.id.clone()), r.name()).changed();
            }
        });
    r.response.labelled_by(l);
    ui.end_row();
    changed
}

/// A required reference to another resource of one of `kinds`.
pub fn required_reference(
    ui: &mut Ui,
    name: &str,
    hint: &str,
    design: &Design,
    kinds: &[Kind],
    value: &mut Id,
) -> bool {
    let l = label(ui, name, hint);
    let shown = design
        .get(value.as_str())
        .map_or_else(|| value.to_string(), |r| r.name().to_owned());
    let mut changed = false;
    let r = egui::ComboBox::from_id_salt(name)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for r in design.resources().filter(|r| kinds.contains(&r.kind())) {
                changed |= ui.selectable_value(value, r.id.clone(), r.name()).changed();
            }
        });
    r.response.labelled_by(l);
    ui.end_row();
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `offered(Kind::X, "field")` in the inspector names a reference
    /// field the table declares for that kind (a misspelt one would offer nothing).
    #[test]
    fn every_picker_names_a_declared_reference_field() {
        let sources = [
            include_str!("extra.rs"),
            include_str!("kinds.rs"),
            include_str!("more.rs"),
            include_str!("routes.rs"),
        ];
        let mut calls = 0;
        for src in sources {
            for call in src.split("offered(Kind::").skip(1) {
                let (kind, rest) = call.split_once(", \"").expect("offered(Kind::X, \"field\")");
                let field = rest.split('"').next().unwrap_or_default();
                let kind = Kind::ALL
                    .iter()
                    .copied()
                    .find(|k| format!("{k:?}") == kind)
                    .unwrap_or_else(|| panic!("no kind {kind}"));
                assert!(
                    !offered(kind, field).is_empty(),
                    "{kind:?} has no reference field `{field}`"
                );
                calls += 1;
            }
        }
        assert!(calls >= 20, "found only {calls} pickers");
        assert_eq!(offered(Kind::TrafficManager, "endpoints").len(), 9);
    }
}
