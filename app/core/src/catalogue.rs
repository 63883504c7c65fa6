//! The resource catalogue as a Markdown page (`docs/catalogue.md`), generated
//! from the same types that read the design file, so it cannot drift.

use std::fmt::Write as _;

use serde_json::Value;

use crate::model::Kind;

/// Renders the catalogue page: every kind, where it may sit, and its fields.
pub fn markdown() -> String {
    let schema: Value = serde_json::from_str(&crate::file::json_schema()).unwrap_or(Value::Null);
    let defs = &schema["$defs"];
    let mut out = String::new();
    out.push_str("# Resource catalogue\n\n");
    out.push_str(
        "Generated from the code by `cargo test -p netdraft-core catalogue` (set `UPDATE_DOCS=1` to refresh).\n\
         Every resource is a TOML table `[<key>.<id>]`. All kinds share the fields `name` (the Azure name), \
         `parent`, `resource_group`, `notes`, `at` and `extent` (canvas position and size, relative to the \
         parent). Fields marked *required* must be present; the others have the default shown in their \
         description or are absent.\n\n",
    );
    out.push_str("| key | kind | may sit in |\n|---|---|---|\n");
    for kind in Kind::ALL {
        let _ = writeln!(out, "| `{}` | {} | {} |", kind.key(), kind.label(), parents(*kind));
    }
    for kind in Kind::ALL {
        let _ = write!(
            out,
            "\n## `{}`: {}\n\n{}\n\n",
            kind.key(),
            kind.label(),
            kind.description()
        );
        let _ = writeln!(out, "May sit in: {}.\n", parents(*kind));
        let entry = entry_schema(&schema, defs, kind.key());
        let required: Vec<&str> = entry["required"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        out.push_str("| field | required | description |\n|---|---|---|\n");
        if let Some(props) = entry["properties"].as_object() {
            for (name, prop) in props {
                if ["name", "parent", "resource_group", "notes", "at", "extent"].contains(&name.as_str()) {
                    continue;
                }
                let desc = prop["description"]
                    .as_str()
                    .unwrap_or("")
                    .replace('\n', " ")
                    .replace('|', "\\|");
                let req = if required.contains(&name.as_str()) { "yes" } else { "" };
                let _ = writeln!(out, "| `{name}` | {req} | {desc} |");
            }
        }
    }
    out
}

fn parents(kind: Kind) -> String {
    let p = kind.placement();
    if p.parents.is_empty() {
        return "top level".to_owned();
    }
    let names: Vec<String> = p.parents.iter().map(|k| format!("`{}`", k.key())).collect();
    let list = names.join(", ");
    if p.required {
        list
    } else {
        format!("{list} or top level")
    }
}

/// The schema of one kind's entry (the map's value type).
fn entry_schema<'a>(schema: &'a Value, defs: &'a Value, key: &str) -> &'a Value {
    let map = &schema["properties"][key];
    let value = map["patternProperties"]
        .as_object()
        .and_then(|o| o.values().next())
        .unwrap_or(&Value::Null);
    match value["$ref"].as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => &defs[name],
        None => value,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_page_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/catalogue.md");
        let fresh = super::markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == fresh,
            "docs/catalogue.md is stale: run `UPDATE_DOCS=1 cargo test -p netdraft-core catalogue`"
        );
        assert!(fresh.contains("## `subnet`: Subnet"));
        assert!(fresh.contains("| `prefix` | yes |"));
    }
}
