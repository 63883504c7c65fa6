//! Saved Azure output, read offline. Each file's kind is told by its shape:
//!
//! - a JSON array of resource objects (`az network vnet list`, `az aks list`,
//!   `az network firewall list`, `az resource list`, … `-o json`);
//! - an object with `data` (`az graph query`, object-array result format);
//! - an object with `value` (a raw ARM list response);
//! - an ARM template (`az group export`): `resources[]` with `type`, `name`,
//!   `properties`. Names and references may be ARM expressions: plain
//!   strings, `parameters('…')` with a default, `variables('…')`,
//!   `concat(…)` and `resourceId(…)` of those are evaluated; the rest is
//!   skipped and reported;
//! - a single resource object (`az network vnet show`);
//! - saved kubectl output ([`crate::kube::KUBECTL_COMMAND`]: a `List` of
//!   Kubernetes objects, or one object), kept apart for [`crate::kube::apply`].

use serde_json::{Map, Value};

use crate::ImportError;
use crate::kube::KubeFile;
use crate::raw::{Inventory, get_ci};
use crate::report::{Report, count};

/// The shapes accepted, for error messages.
pub const ACCEPTED_SHAPES: &str = "a JSON array of Azure resources (`az network vnet list -o json`, `az aks list`, \
`az network firewall list`, `az resource list`), an `az graph query` result (an object with `data`), an ARM list \
response (an object with `value`), an ARM template (`az group export`: an object with `resources`), or one resource \
object (with `id` and `type`), or saved kubectl output (`kubectl get … -o json`: a `List` with `items`)";

/// Subscription used for ids made up for ARM template resources (templates carry no ids).
const TEMPLATE_SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";

/// Reads one file's text into the inventory, or, when it is kubectl output,
/// into `kube` (with no cluster named). `name` is used in messages and as the origin.
pub fn read(
    name: &str,
    text: &str,
    inv: &mut Inventory,
    kube: &mut Vec<KubeFile>,
    report: &mut Report,
) -> Result<(), ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::Json {
        file: name.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let shape = |found: String| ImportError::Shape {
        file: name.to_owned(),
        found,
    };
    match &value {
        Value::Array(items) => {
            read_items(name, items, "", inv, report);
            report.sources.push(format!(
                "{name}: a list of {}",
                count(items.len() as u64, "resource", "resources")
            ));
        }
        Value::Object(obj) => {
            if let Some(items) = get_ci(&value, "id")
                .is_none()
                .then(|| crate::kube::objects(&value))
                .flatten()
            {
                kube.push(KubeFile {
                    name: name.to_owned(),
                    cluster: None,
                    items,
                });
            } else if let Some(data) = get_ci(&value, "data") {
                let Some(items) = data.as_array() else {
                    return Err(shape(
                        "`data` is not an array (table result format?); run `az graph query` with the default object-array output".into(),
                    ));
                };
                read_items(name, items, "data", inv, report);
                report.sources.push(format!(
                    "{name}: a Resource Graph result of {}",
                    count(items.len() as u64, "row", "rows")
                ));
                let token = ["$skipToken", "skipToken", "skip_token"].iter().find_map(|k| {
                    get_ci(&value, k)
                        .and_then(Value::as_str)
                        .filter(|t| !t.trim().is_empty())
                });
                if token.is_some() {
                    report.fail(
                        name,
                        format!(
                            "an incomplete result: this is one page of a Resource Graph query and its skip token says more rows follow, so they are not in the design (the {} on this page are). Save every page: `az graph query` with `--first 1000` and `--skip-token`, or fewer rows per query",
                            count(items.len() as u64, "row", "rows")
                        ),
                    );
                }
            } else if let Some(items) = get_ci(&value, "value").and_then(Value::as_array) {
                read_items(name, items, "value", inv, report);
                report.sources.push(format!(
                    "{name}: an ARM list response of {}",
                    count(items.len() as u64, "resource", "resources")
                ));
                if get_ci(&value, "nextLink")
                    .and_then(Value::as_str)
                    .is_some_and(|l| !l.trim().is_empty())
                {
                    report.fail(
                        name,
                        format!(
                            "an incomplete list: this is one page of an ARM list response and its `nextLink` says the list continues, so the resources on later pages are not in the design (the {} on this page are). Save every page and import that: `az … list -o json` follows nextLink itself",
                            count(items.len() as u64, "resource", "resources")
                        ),
                    );
                }
            } else if let Some(items) = get_ci(&value, "resources").and_then(Value::as_array) {
                let n = template(name, obj, items, inv, report);
                report.sources.push(format!(
                    "{name}: an ARM template of {}",
                    count(n as u64, "resource", "resources")
                ));
            } else if get_ci(&value, "id").is_some_and(Value::is_string) {
                inv.add(value.clone(), name);
                report.sources.push(format!("{name}: one resource"));
            } else {
                let keys: Vec<&str> = obj.keys().map(String::as_str).take(8).collect();
                return Err(shape(format!("an object with keys {}", keys.join(", "))));
            }
        }
        other => {
            return Err(shape(format!("a JSON {}", json_kind(other))));
        }
    }
    Ok(())
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn read_items(name: &str, items: &[Value], field: &str, inv: &mut Inventory, report: &mut Report) {
    for (i, item) in items.iter().enumerate() {
        if !inv.add(item.clone(), name) {
            let at = if field.is_empty() {
                format!("{name} [{i}]")
            } else {
                format!("{name} {field}[{i}]")
            };
            report.skip(
                &at,
                "?",
                "not an Azure resource object: it has no string `id` (and `type`)",
            );
        }
    }
}

/// Reads an ARM template's resources; returns how many were read.
fn template(file: &str, obj: &Map<String, Value>, items: &[Value], inv: &mut Inventory, report: &mut Report) -> usize {
    let group = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .map_or("template", |s| s.trim_end_matches(".template"))
        .to_owned();
    let ctx = Ctx {
        params: obj.get("parameters").cloned().unwrap_or(Value::Null),
        vars: obj.get("variables").cloned().unwrap_or(Value::Null),
        group: group.clone(),
    };
    report.note(format!(
        "{file} is an ARM template: it carries no ids, so its resources are given ids in resource group `{group}` (the file's name) of subscription {TEMPLATE_SUBSCRIPTION}."
    ));
    let mut n = 0;
    for (i, item) in items.iter().enumerate() {
        let kind = item.get("type").and_then(Value::as_str);
        let name = item.get("name").and_then(Value::as_str);
        let (Some(kind), Some(name)) = (kind, name) else {
            report.skip(&format!("{file} resources[{i}]"), "?", "no `type` or `name`");
            continue;
        };
        let Some(name) = ctx.eval(name) else {
            report.skip(
                &format!("{file} resources[{i}] ({name})"),
                kind,
                "its name is an ARM expression netdraft cannot evaluate offline (only plain strings, parameters with defaults, variables, concat and resourceId)",
            );
            continue;
        };
        let Some(id) = ctx.resource_id(kind, &name) else {
            report.skip(
                &format!("{file} resources[{i}] ({name})"),
                kind,
                "its type and name do not make a resource id (one name segment per child type)",
            );
            continue;
        };
        let mut body = item.clone();
        ctx.resolve_in(&mut body);
        if let Value::Object(o) = &mut body {
            o.insert("id".into(), Value::String(id));
            o.insert("name".into(), Value::String(name));
        }
        if inv.add(body, file) {
            n += 1;
        }
    }
    n
}

/// Evaluation context for the small subset of ARM template expressions.
struct Ctx {
    params: Value,
    vars: Value,
    group: String,
}

impl Ctx {
    fn resource_id(&self, kind: &str, name: &str) -> Option<String> {
        let mut parts = kind.split('/');
        let namespace = parts.next()?;
        let types: Vec<&str> = parts.collect();
        let names: Vec<&str> = name.split('/').collect();
        if types.is_empty() || types.len() != names.len() {
            return None;
        }
        let mut id = format!(
            "/subscriptions/{TEMPLATE_SUBSCRIPTION}/resourceGroups/{}/providers/{namespace}",
            self.group
        );
        for (t, n) in types.iter().zip(names) {
            id.push('/');
            id.push_str(t);
            id.push('/');
            id.push_str(n);
        }
        Some(id)
    }

    /// A string as its value: plain, or a `[…]` expression (`[[` escapes a bracket).
    fn eval(&self, text: &str) -> Option<String> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix("[[") {
            return Some(format!("[{rest}"));
        }
        match t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Some(expr) => {
                let mut p = Parser {
                    s: expr.trim(),
                    ctx: self,
                    depth: 0,
                };
                let v = p.expr()?;
                p.s.trim().is_empty().then_some(v)
            }
            None => Some(text.to_owned()),
        }
    }

    /// Replaces every evaluable expression string in a value by its result.
    fn resolve_in(&self, v: &mut Value) {
        match v {
            Value::String(s) if s.trim_start().starts_with('[') => {
                if let Some(x) = self.eval(s) {
                    *s = x;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.resolve_in(i)),
            Value::Object(o) => o.values_mut().for_each(|i| self.resolve_in(i)),
            _ => {}
        }
    }
}

struct Parser<'a> {
    s: &'a str,
    ctx: &'a Ctx,
    depth: u32,
}

impl Parser<'_> {
    fn expr(&mut self) -> Option<String> {
        self.depth += 1;
        if self.depth > 16 {
            return None;
        }
        self.s = self.s.trim_start();
        let out = if let Some(rest) = self.s.strip_prefix('\'') {
            // A string literal; '' is an escaped quote.
            let mut lit = String::new();
            let mut chars = rest.char_indices().peekable();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                if c == '\'' {
                    if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        lit.push('\'');
                        chars.next();
                    } else {
                        end = Some(i + 1);
                        break;
                    }
                } else {
                    lit.push(c);
                }
            }
            self.s = &rest[end?..];
            lit
        } else {
            let open = self.s.find('(')?;
            let func = self.s[..open].trim().to_ascii_lowercase();
            self.s = &self.s[open + 1..];
            let mut args = Vec::new();
            loop {
                self.s = self.s.trim_start();
                if let Some(rest) = self.s.strip_prefix(')') {
                    self.s = rest;
                    break;
                }
                args.push(self.expr()?);
                self.s = self.s.trim_start();
                if let Some(rest) = self.s.strip_prefix(',') {
                    self.s = rest;
                }
            }
            self.call(&func, &args)?
        };
        self.depth -= 1;
        Some(out)
    }

    fn call(&self, func: &str, args: &[String]) -> Option<String> {
        match (func, args) {
            ("parameters", [p]) => {
                let d = get_ci(&self.ctx.params, p).and_then(|p| get_ci(p, "defaultValue"))?;
                let s = d.as_str()?;
                self.ctx.eval(s)
            }
            ("variables", [v]) => {
                let s = get_ci(&self.ctx.vars, v)?.as_str()?;
                self.ctx.eval(s)
            }
            ("concat", parts) => Some(parts.concat()),
            ("resourceid", parts) => {
                // resourceId([subscriptionId], [resourceGroupName], type, name1, name2, …)
                let at = parts.iter().position(|p| p.contains('/') && p.contains('.'))?;
                let kind = &parts[at];
                let names = parts[at + 1..].join("/");
                self.ctx.resource_id(kind, &names)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> Ctx {
        Ctx {
            params: json!({"vnet_name": {"type": "String", "defaultValue": "vnet-hub"}}),
            vars: json!({"sub": "[concat(parameters('vnet_name'), '/GatewaySubnet')]"}),
            group: "rg".into(),
        }
    }

    #[test]
    fn evaluates_the_expressions_az_group_export_writes() {
        let c = ctx();
        assert_eq!(c.eval("plain").as_deref(), Some("plain"));
        assert_eq!(c.eval("[parameters('vnet_name')]").as_deref(), Some("vnet-hub"));
        assert_eq!(c.eval("[variables('sub')]").as_deref(), Some("vnet-hub/GatewaySubnet"));
        assert_eq!(
            c.eval("[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('vnet_name'), 'a')]")
                .as_deref(),
            Some(
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/a"
            )
        );
        assert_eq!(c.eval("[resourceGroup().location]"), None);
        assert_eq!(c.eval("[parameters('missing')]"), None);
        assert_eq!(c.eval("[[literal]").as_deref(), Some("[literal]"));
    }
}
