//! An editor for any kind, built from what the `kinds!` table says of it:
//! its spec's fields in declaration order (`Kind::field_names`), their types
//! and documentation from the spec's JSON Schema (`Kind::spec_schema`; the
//! documentation becomes the hover text), and its reference fields with the
//! kinds they allow. A kind without a hand-written editor gets this one, so a
//! new kind is editable the day it enters the table.
//!
//! It edits the spec's JSON form: a change is put into a copy of it and taken
//! only if the whole spec still deserializes (the same check as loading a
//! file), so it never holds a value the design could not.

use egui::{RichText, Ui};
use netdraft_core::model::{Arity, Spec};
use netdraft_core::{Design, Id, Kind};
use serde_json::{Map, Value};

use super::fields::{self, Buffers};
use super::lists::{self, RefList};

/// Shows every field of `spec`; `true` when a change is complete.
pub fn editor(ui: &mut Ui, spec: &mut Spec, design: &Design, buffers: &mut Buffers) -> bool {
    let kind = spec.kind();
    let root = schema_of(kind);
    let Some(props) = root.get("properties").and_then(Value::as_object) else {
        return false;
    };
    let defs = root.get("$defs");
    let Ok(Value::Object(obj)) = serde_json::to_value(&*spec) else {
        return false;
    };
    let mut done = false;
    for name in kind.field_names() {
        let Some(outer) = props.get(*name) else { continue };
        let schema = resolve(outer, defs);
        let items_scalar = schema.get("items").is_some_and(|i| {
            matches!(
                resolve(i, defs).get("type").and_then(Value::as_str),
                Some("string" | "integer")
            )
        });
        let field = Field {
            kind,
            name,
            hint: outer.get("description").and_then(Value::as_str).unwrap_or_default(),
            schema,
            items_scalar,
        };
        let current = obj.get(*name).cloned().unwrap_or_else(|| implicit(&obj, &field));
        let Some(new) = field.ui(ui, current, &obj, design, buffers) else {
            continue;
        };
        if let Some(s) = with(&obj, name, new) {
            *spec = s;
            done = true;
        }
    }
    done
}

/// A kind's spec schema as JSON, built once per kind and thread: the editor
/// draws every frame the inspector shows, and the schema never changes.
fn schema_of(kind: Kind) -> std::rc::Rc<Value> {
    thread_local! {
        static SCHEMAS: std::cell::RefCell<std::collections::HashMap<Kind, std::rc::Rc<Value>>> =
            std::cell::RefCell::default();
    }
    SCHEMAS.with_borrow_mut(|m| {
        m.entry(kind)
            .or_insert_with(|| std::rc::Rc::new(kind.spec_schema().as_value().clone()))
            .clone()
    })
}

/// One field of a kind's spec.
struct Field<'a> {
    kind: Kind,
    name: &'a str,
    hint: &'a str,
    /// Its schema, `$ref`s followed.
    schema: Value,
    /// For a list: whether its items are plain strings or numbers.
    items_scalar: bool,
}

impl Field<'_> {
    fn label(&self) -> String {
        if let Some(f) = self.kind.reference_field(self.name)
            && f.arity != Arity::Many
            && let [only] = f.allowed
        {
            return only.label().to_owned();
        }
        let mut text = self.name.replace('_', " ");
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        text
    }

    fn types(&self) -> Vec<&str> {
        match self.schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    fn nullable(&self) -> bool {
        self.types().contains(&"null")
    }

    /// Draws the field; the new value when a change is complete.
    fn ui(
        &self,
        ui: &mut Ui,
        current: Value,
        obj: &Map<String, Value>,
        design: &Design,
        buffers: &mut Buffers,
    ) -> Option<Value> {
        let label = self.label();
        if let Some(r) = self.kind.reference_field(self.name) {
            let kinds = fields::offered(self.kind, self.name);
            return match r.arity {
                Arity::Many => {
                    let mut list: Vec<Id> = serde_json::from_value(current).ok()?;
                    let noun = match r.allowed {
                        [only] => only.label().to_owned(),
                        _ => "resource".to_owned(),
                    };
                    let remove_hint = format!("Remove it from {}", label.to_lowercase());
                    let spec = RefList {
                        name: &label,
                        noun: &noun,
                        hint: self.hint,
                        kinds: &kinds,
                        remove_hint: &remove_hint,
                        limit: None,
                    };
                    lists::references(ui, &spec, design, &mut list)?;
                    serde_json::to_value(list).ok()
                }
                Arity::Optional => {
                    let mut value: Option<Id> = serde_json::from_value(current).ok()?;
                    fields::reference(ui, &label, self.hint, design, &kinds, &mut value)
                        .then(|| serde_json::to_value(value).ok())?
                }
                Arity::Required => {
                    let mut value: Id = serde_json::from_value(current).ok()?;
                    fields::required_reference(ui, &label, self.hint, design, &kinds, &mut value)
                        .then(|| serde_json::to_value(value).ok())?
                }
            };
        }
        if let Some(options) = self.schema.get("enum").and_then(Value::as_array) {
            return choice(ui, &label, self.hint, &current, options);
        }
        let types = self.types();
        if types.contains(&"boolean") {
            let mut on = current.as_bool().unwrap_or_default();
            return fields::checkbox(ui, &label, self.hint, &mut on).then_some(Value::Bool(on));
        }
        if types.contains(&"object") || (types.contains(&"array") && !self.items_scalar) {
            fields::read_only(ui, &label, &structured(&current));
            return None;
        }
        let key = format!("generic.{}.{}", self.kind.key(), self.name);
        fields::parsed(ui, &label, self.hint, &key, buffers, shown(&current), |text| {
            let value = self.parse(text)?;
            with(obj, self.name, value.clone())
                .map(|_| value)
                .ok_or_else(|| self.refusal(obj, text))
        })
    }

    /// The JSON value typed `text` stands for, by the field's type.
    fn parse(&self, text: &str) -> Result<Value, String> {
        let text = text.trim();
        let types = self.types();
        if text.is_empty() && self.nullable() {
            return Ok(Value::Null);
        }
        if types.contains(&"array") {
            let numbers = self.schema.pointer("/items/type").and_then(Value::as_str) == Some("integer");
            return text
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| scalar(t, numbers))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array);
        }
        scalar(text, types.contains(&"integer"))
    }

    /// Why `text` is not a value of the field: what loading the spec says.
    fn refusal(&self, obj: &Map<String, Value>, text: &str) -> String {
        let mut o = obj.clone();
        if let Ok(v) = self.parse(text) {
            o.insert(self.name.to_owned(), v);
        }
        match serde_json::from_value::<Spec>(Value::Object(o)) {
            Err(e) => e.to_string(),
            Ok(_) => format!("`{text}` is not a value of {}", self.name),
        }
    }
}

/// Follows a `$ref` (or an `anyOf` of one `$ref` and null) into `$defs`,
/// keeping the field's own description and marking it nullable.
fn resolve(schema: &Value, defs: Option<&Value>) -> Value {
    let lookup = |s: &Value| -> Option<Value> {
        let name = s.get("$ref")?.as_str()?.strip_prefix("#/$defs/")?;
        defs?.get(name).cloned()
    };
    if let Some(found) = lookup(schema) {
        return found;
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array)
        && any
            .iter()
            .any(|s| s.get("type").and_then(Value::as_str) == Some("null"))
        && let Some(found) = any.iter().find_map(lookup)
    {
        let mut found = found;
        if let Some(t) = found.get("type").cloned() {
            found["type"] = Value::Array(vec![t, Value::String("null".to_owned())]);
        }
        return found;
    }
    schema.clone()
}

/// The value a field the file omits has: the one the spec would omit again.
fn implicit(obj: &Map<String, Value>, field: &Field<'_>) -> Value {
    let types = field.types();
    if field.nullable() {
        return Value::Null;
    }
    if types.contains(&"array") {
        return Value::Array(Vec::new());
    }
    if types.contains(&"object") {
        return Value::Object(Map::new());
    }
    let candidates: Vec<Value> = if let Some(options) = field.schema.get("enum").and_then(Value::as_array) {
        options.clone()
    } else if types.contains(&"boolean") {
        vec![Value::Bool(false), Value::Bool(true)]
    } else if types.contains(&"integer") {
        (0..=4).map(Value::from).collect()
    } else {
        vec![Value::String(String::new())]
    };
    candidates
        .into_iter()
        .find(|c| {
            with(obj, field.name, c.clone())
                .and_then(|s| serde_json::to_value(s).ok())
                .is_some_and(|v| v.get(field.name).is_none())
        })
        .unwrap_or(Value::Null)
}

/// The spec with `name` set to `value`, if it is still a valid spec.
fn with(obj: &Map<String, Value>, name: &str, value: Value) -> Option<Spec> {
    let mut o = obj.clone();
    o.insert(name.to_owned(), value);
    serde_json::from_value(Value::Object(o)).ok()
}

fn scalar(text: &str, integer: bool) -> Result<Value, String> {
    if integer {
        text.parse::<u64>()
            .map(Value::from)
            .map_err(|_| format!("`{text}` is not a whole number"))
    } else {
        Ok(Value::String(text.to_owned()))
    }
}

/// A value as the user types it: text bare, lists comma-separated, none empty.
fn shown(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A structured value shown read-only: `key = value` pairs of a map, a
/// list's items, one per line; `(none)` when empty.
fn structured(v: &Value) -> String {
    let lines: Vec<String> = match v {
        Value::Object(m) => m.iter().map(|(k, v)| format!("{k} = {}", shown(v))).collect(),
        Value::Array(items) => items.iter().map(Value::to_string).collect(),
        Value::Null => Vec::new(),
        other => vec![other.to_string()],
    };
    if lines.is_empty() {
        "(none)".to_owned()
    } else {
        lines.join("\n")
    }
}

/// A drop-down of the values a closed set allows.
fn choice(ui: &mut Ui, label: &str, hint: &str, current: &Value, options: &[Value]) -> Option<Value> {
    let l = ui.label(label);
    let l_id = l.id;
    if !hint.is_empty() {
        l.on_hover_text(hint);
    }
    let mut picked = None;
    let r = egui::ComboBox::from_id_salt(label)
        .selected_text(RichText::new(shown(current)))
        .show_ui(ui, |ui| {
            for o in options {
                if ui.selectable_label(o == current, shown(o)).clicked() && o != current {
                    picked = Some(o.clone());
                }
            }
        });
    r.response.labelled_by(l_id);
    ui.end_row();
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(spec: &mut Spec, design: &Design) -> bool {
        let ctx = egui::Context::default();
        let mut buffers = Buffers::new();
        let mut done = false;
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            egui::Grid::new("fields").show(ui, |ui| {
                done |= editor(ui, spec, design, &mut buffers);
            });
        });
        out.textures_delta.clear();
        done
    }

    /// Every resource of every template, of every kind, shows in the generic
    /// editor without the editor changing anything by itself.
    #[test]
    fn every_kind_shows_in_the_generic_editor_without_changing() {
        for t in netdraft_core::templates::ALL {
            let d = t.load().unwrap().design;
            for r in d.resources() {
                let mut spec = r.spec.clone();
                assert!(!show(&mut spec, &d), "{}: {} changed by showing it", t.name, r.id);
                assert_eq!(spec, r.spec, "{}: {}", t.name, r.id);
            }
        }
    }

    /// A field the file omits shows the value the spec takes without it:
    /// a firewall's one public IP, a WAN's branch-to-branch on, a hub's routing intent none.
    #[test]
    fn an_omitted_field_shows_its_implicit_value() {
        let d = netdraft_core::templates::find("virtual-wan-secured-hub")
            .unwrap()
            .load()
            .unwrap()
            .design;
        let implicit_of = |id: &str, name: &str| {
            let spec = &d.get(id).unwrap().spec;
            let Ok(Value::Object(obj)) = serde_json::to_value(spec) else {
                panic!()
            };
            let kind = spec.kind();
            let schema = kind.spec_schema();
            let root = schema.as_value();
            let field = Field {
                kind,
                name,
                hint: "",
                schema: resolve(&root["properties"][name], root.get("$defs")),
                items_scalar: false,
            };
            (obj.get(name).cloned(), implicit(&obj, &field))
        };
        assert_eq!(implicit_of("vwan", "allow_branch_to_branch"), (None, Value::Bool(true)));
        assert_eq!(implicit_of("vwan", "sku"), (None, Value::String("Standard".into())));
        assert_eq!(
            implicit_of("hub", "connection_names"),
            (None, Value::Object(Map::new()))
        );
        assert_eq!(structured(&Value::Object(Map::new())), "(none)");
        assert_eq!(implicit_of("afw", "tier").1, Value::String("Standard".into()));
        let mut d2 = d.clone();
        if let Some(Spec::Firewall(f)) = d2.get_mut("afw").map(|r| &mut r.spec) {
            f.public_ip_count = 1;
        }
        let spec = &d2.get("afw").unwrap().spec;
        let Ok(Value::Object(obj)) = serde_json::to_value(spec) else {
            panic!()
        };
        assert!(obj.get("public_ip_count").is_none(), "one is the omitted value");
        let schema = Kind::Firewall.spec_schema();
        let root = schema.as_value();
        let field = Field {
            kind: Kind::Firewall,
            name: "public_ip_count",
            hint: "",
            schema: resolve(&root["properties"]["public_ip_count"], root.get("$defs")),
            items_scalar: false,
        };
        assert_eq!(implicit(&obj, &field), Value::from(1));
    }
}
