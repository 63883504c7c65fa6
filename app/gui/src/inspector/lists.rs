//! The two list editors every list field of the inspector is built from:
//!
//! - [`references`]: a list of other resources of the design (a NAT gateway's
//!   public IPs, a DNS zone's linked VNets, a Front Door's origins): each
//!   entry with a labelled remove button, and an "Add …" menu of the
//!   resources of the allowed kinds not in the list yet, optionally under a
//!   limit that refuses with a reason.
//! - [`rows`]: a list of records edited in place (NSG rules, firewall policy
//!   rules, routes): a heading per row with its remove (and, when the rows
//!   have an order, move) buttons, the caller's fields below it, and an
//!   "Add …" button that can refuse with a reason.
//!
//! Both draw rows of the inspector's two-column grid and return `true` when
//! the list changed, so the edit becomes one command.

use egui::{RichText, Ui};
use netdraft_core::{Design, Id, Kind};

use super::fields::Buffers;

/// What a references list holds and how its buttons are labelled.
pub struct RefList<'a> {
    /// The field's label, e.g. "Public IPs".
    pub name: &'a str,
    /// One entry, for the buttons: "Add {noun}", "Remove {noun} {name}".
    pub noun: &'a str,
    /// What the list means (hover text of the field label).
    pub hint: &'a str,
    /// Kinds that may be added.
    pub kinds: &'a [Kind],
    /// Hover text of every remove button (what else removing does, if anything).
    pub remove_hint: &'a str,
    /// A cap on the list, if Azure has one.
    pub limit: Option<Limit<'a>>,
}

/// A cap on a references list: each entry weighs `weight` (1 for a single
/// address, the prefix's size for an address prefix), the sum may not pass `max`.
pub struct Limit<'a> {
    pub max: usize,
    /// What is counted, plural: "addresses".
    pub unit: &'a str,
    /// Where the limit comes from, shown with it (facts-sheet section and source).
    pub source: &'a str,
    pub weight: &'a dyn Fn(&Design, &Id) -> usize,
}

/// What a references list edit did, for callers that keep another list consistent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefEdit {
    Added(Id),
    Removed(Id),
}

fn shown_name(design: &Design, id: &Id) -> String {
    design.get(id.as_str()).map_or_else(
        || format!("{id} (missing)"),
        |r| format!("{} ({})", r.name(), r.kind().label()),
    )
}

fn plain_name(design: &Design, id: &Id) -> String {
    design
        .get(id.as_str())
        .map_or_else(|| id.to_string(), |r| r.name().to_owned())
}

/// Why `candidate` cannot be added under `limit` given the current `list`, if it cannot.
pub fn refused(limit: &Limit<'_>, design: &Design, list: &[Id], candidate: &Id) -> Option<String> {
    let used: usize = list.iter().map(|id| (limit.weight)(design, id)).sum();
    let more = (limit.weight)(design, candidate);
    (used + more > limit.max).then(|| {
        format!(
            "{} would take {more} more of the {} {} allowed ({used} in use; {})",
            plain_name(design, candidate),
            limit.max,
            limit.unit,
            limit.source
        )
    })
}

/// Shows a list of references with remove buttons and an "Add {noun}" menu;
/// returns what changed, if anything.
pub fn references(ui: &mut Ui, spec: &RefList<'_>, design: &Design, list: &mut Vec<Id>) -> Option<RefEdit> {
    let l = ui.label(spec.name).on_hover_text(spec.hint);
    let summary = match (&spec.limit, list.len()) {
        (Some(limit), _) => {
            let used: usize = list.iter().map(|id| (limit.weight)(design, id)).sum();
            format!("{used} of {} {} ({})", limit.max, limit.unit, limit.source)
        }
        (None, 0) => "(none)".to_owned(),
        (None, 1) => "1".to_owned(),
        (None, n) => n.to_string(),
    };
    ui.label(RichText::new(summary).weak()).labelled_by(l.id);
    ui.end_row();
    let mut edit = None;
    for id in list.iter() {
        ui.label("");
        ui.horizontal(|ui| {
            // The button first: a long name is cut at the panel's edge, the button never is.
            let remove = format!("Remove {} {}", spec.noun, plain_name(design, id));
            if action(ui, "Remove", &remove, spec.remove_hint).clicked() {
                edit = Some(RefEdit::Removed(id.clone()));
            }
            ui.add(egui::Label::new(RichText::new(shown_name(design, id)).monospace()).truncate());
        });
        ui.end_row();
    }
    ui.label("");
    ui.horizontal(|ui| {
        let candidates: Vec<_> = design
            .resources()
            .filter(|r| spec.kinds.contains(&r.kind()) && !list.contains(&r.id))
            .map(|r| {
                let why = spec.limit.as_ref().and_then(|lim| refused(lim, design, list, &r.id));
                (r.id.clone(), format!("{} ({})", r.name(), r.kind().label()), why)
            })
            .collect();
        let add = format!("Add {}", spec.noun);
        let kinds = spec.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(" or ");
        let blocked = if candidates.is_empty() {
            Some(format!("Nothing left to add: no other {kinds} in the design"))
        } else if candidates.iter().all(|(_, _, why)| why.is_some()) {
            candidates.iter().find_map(|(_, _, why)| why.clone())
        } else {
            None
        };
        if let Some(why) = blocked {
            ui.add_enabled(false, egui::Button::new(add))
                .on_disabled_hover_text(&why);
            ui.label(RichText::new(why).small().weak());
            return;
        }
        ui.menu_button(add, |ui| {
            for (id, text, why) in &candidates {
                let r = ui.add_enabled(why.is_none(), egui::Button::new(text));
                if let Some(why) = why {
                    r.on_disabled_hover_text(why);
                } else if r.clicked() {
                    edit = Some(RefEdit::Added(id.clone()));
                }
            }
        })
        .response
        .on_hover_text(format!("Pick from the design: {kinds}"));
    });
    ui.end_row();
    match &edit {
        Some(RefEdit::Added(id)) => list.push(id.clone()),
        Some(RefEdit::Removed(id)) => list.retain(|x| x != id),
        None => {}
    }
    edit
}

/// How a list of rows is shown and edited; implemented once per row type.
pub trait RowEditor<T> {
    /// One row, for the buttons: "Add {noun}", "Remove {noun} {label}".
    const NOUN: &'static str;
    /// Hover text of the add button.
    const ADD_HINT: &'static str;
    /// The row's label, unique in the list (its name, or its number).
    fn label(&self, items: &[T], i: usize) -> String;
    /// The order rows are shown in (indices into `items`); the stored order by default.
    fn order(&self, items: &[T]) -> Vec<usize> {
        (0..items.len()).collect()
    }
    /// The row's fields, as grid rows; `true` when an edit is complete.
    fn row_ui(&mut self, ui: &mut Ui, items: &mut [T], i: usize, label: &str, buffers: &mut Buffers) -> bool;
    /// A new row to add, or why none can be added.
    fn new_row(&self, items: &[T]) -> Result<T, String>;
    /// Rows with an order of their own (NSG priorities) can move: the row
    /// `i` swaps places with this one, shown just before (`up`) or after it.
    fn swap_with(&self, _items: &[T], _order: &[usize], _i: usize, _up: bool) -> Option<usize> {
        None
    }
    /// Swaps the places of rows `a` and `b` (their priorities, say).
    fn swap(&self, _items: &mut [T], _a: usize, _b: usize) {}
}

enum RowAction {
    Remove(usize),
    Swap(usize, usize),
}

/// Shows a list of rows, each with its heading and buttons, and an add button.
pub fn rows<T, E: RowEditor<T>>(ui: &mut Ui, editor: &mut E, items: &mut Vec<T>, buffers: &mut Buffers) -> bool {
    let order = editor.order(items);
    let mut done = false;
    let mut action_taken = None;
    for &i in &order {
        let label = editor.label(items, i);
        let noun = E::NOUN;
        ui.label(RichText::new(format!("{} {label}", capitalised(noun))).strong());
        ui.horizontal(|ui| {
            for (up, text) in [(true, "Up"), (false, "Down")] {
                if let Some(j) = editor.swap_with(items, &order, i, up) {
                    let label = format!("Move {noun} {label} {}", text.to_lowercase());
                    if action(ui, text, &label, "Swap its place with the neighbouring row").clicked() {
                        action_taken = Some(RowAction::Swap(i, j));
                    }
                }
            }
            let remove = format!("Remove {noun} {label}");
            if action(ui, "Remove", &remove, &format!("Delete this {noun}")).clicked() {
                action_taken = Some(RowAction::Remove(i));
            }
        });
        ui.end_row();
        done |= editor.row_ui(ui, items, i, &label, buffers);
    }
    match action_taken {
        Some(RowAction::Remove(i)) => {
            items.remove(i);
            done = true;
        }
        Some(RowAction::Swap(a, b)) => {
            editor.swap(items, a, b);
            done = true;
        }
        None => {}
    }
    ui.label("");
    let add = format!("Add {}", E::NOUN);
    match editor.new_row(items) {
        Ok(row) => {
            if ui.button(add).on_hover_text(E::ADD_HINT).clicked() {
                items.push(row);
                done = true;
            }
        }
        Err(why) => {
            ui.horizontal(|ui| {
                ui.add_enabled(false, egui::Button::new(add))
                    .on_disabled_hover_text(&why);
                ui.label(RichText::new(why).small().weak());
            });
        }
    }
    ui.end_row();
    done
}

/// `{prefix}-{n}` for the first `n` from `len + 1` that is not `taken`
/// (one of the `len + 1` names tried is free when `len` names exist).
pub fn fresh_name(prefix: &str, len: usize, taken: impl Fn(&str) -> bool) -> String {
    (1..=len + 1)
        .map(|n| format!("{prefix}-{}", (n + len - 1) % (len + 1) + 1))
        .find(|n| !taken(n))
        .unwrap_or_else(|| format!("{prefix}-{}", len + 1))
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A small button showing `text` whose accessible name is the full `label`
/// ("Remove public IP pip-1"), so tests and screen readers tell rows apart
/// while the narrow panel shows "Remove".
fn action(ui: &mut Ui, text: &str, label: &str, hint: &str) -> egui::Response {
    let r = ui.small_button(text);
    let enabled = r.enabled();
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, label));
    if hint.is_empty() {
        r.on_hover_text(label)
    } else {
        r.on_hover_text(format!("{label}: {hint}"))
    }
}

/// A problem with the list as a whole (shown below it until fixed).
pub fn warning(ui: &mut Ui, text: &str) {
    ui.label("");
    ui.label(RichText::new(text).small().color(ui.visuals().warn_fg_color));
    ui.end_row();
}

#[cfg(test)]
mod tests {
    use super::fresh_name;

    #[test]
    fn fresh_names_follow_the_count_and_fill_gaps() {
        assert_eq!(fresh_name("rule", 0, |_| false), "rule-1");
        assert_eq!(fresh_name("rule", 2, |_| false), "rule-3");
        assert_eq!(fresh_name("rule", 2, |n| n == "rule-3" || n == "rule-1"), "rule-2");
    }
}
