//! Azure resources as read, before mapping: one flat, de-duplicated list of
//! JSON objects keyed by their lower-cased ARM id, whatever the source.
//!
//! Sources differ in shape: ARM REST and Resource Graph nest a resource's
//! fields under `properties`; `az network … list` flattens them to the top
//! level; key case varies (`vnetSubnetID` in ARM, `vnetSubnetId` in the CLI).
//! The accessors here look in `properties` first, then at the top level, and
//! match keys case-insensitively, so the mapper reads every source the same way.

use std::collections::BTreeMap;

use serde_json::Value;

/// One Azure resource as read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawResource {
    /// The ARM id as given.
    pub id: String,
    /// `type`, lower-cased (`microsoft.network/virtualnetworks/subnets`).
    pub kind: String,
    /// The Azure name (last segment of the id when the object has no `name`).
    pub name: String,
    /// Where it came from: a file name or `Azure`.
    pub origin: String,
    /// The whole object.
    pub body: Value,
}

impl RawResource {
    /// The lower-cased id: ARM ids compare case-insensitively.
    pub fn key(&self) -> String {
        self.id.to_ascii_lowercase()
    }

    /// The location, normalised (`West Europe` → `westeurope`), if it is a plain region.
    pub fn location(&self) -> Option<String> {
        let loc = self.body.get("location").and_then(Value::as_str)?;
        let norm: String = loc
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        (!norm.is_empty() && norm != "global" && norm.chars().all(|c| c.is_ascii_alphanumeric())).then_some(norm)
    }

    /// A field of the resource (see [`field`]).
    pub fn field(&self, key: &str) -> Option<&Value> {
        field(&self.body, key)
    }
}

/// `key` of an ARM object: under `properties` first, then at the top level;
/// case-insensitive. `null` counts as absent.
pub fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let props = get_ci(v, "properties").filter(|p| p.is_object());
    props
        .and_then(|p| get_ci(p, key))
        .or_else(|| get_ci(v, key))
        .filter(|x| !x.is_null())
}

/// A key of one object, case-insensitive (exact match first).
pub fn get_ci<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let obj = v.as_object()?;
    obj.get(key)
        .or_else(|| obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
        .filter(|x| !x.is_null())
}

pub fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    field(v, key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

pub fn bool_field(v: &Value, key: &str) -> Option<bool> {
    match field(v, key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("enabled") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") || s.eq_ignore_ascii_case("disabled") => Some(false),
        _ => None,
    }
}

pub fn u32_field(v: &Value, key: &str) -> Option<u32> {
    match field(v, key)? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An array field; empty when absent.
pub fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    field(v, key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A reference: `{ "id": "…" }` or a plain id string.
pub fn ref_field(v: &Value, key: &str) -> Option<String> {
    let r = field(v, key)?;
    let id = match r {
        Value::String(s) => s.as_str(),
        other => get_ci(other, "id").and_then(Value::as_str)?,
    };
    id.starts_with('/').then(|| id.to_owned())
}

/// Strings of an array field (`zones`, `addressPrefixes`).
pub fn strings(v: &Value, key: &str) -> Vec<String> {
    arr(v, key)
        .iter()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

/// The last segment of an ARM id (the resource's name).
pub fn last_segment(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

/// The parent of a child resource's id (`…/virtualNetworks/v/subnets/s` → `…/virtualNetworks/v`).
pub fn parent_id(id: &str) -> Option<&str> {
    let t = id.trim_end_matches('/');
    let cut = t.rfind('/')?;
    let t = &t[..cut];
    let cut = t.rfind('/')?;
    Some(&t[..cut])
}

/// The segment following `name` in an id (`subscriptions`, `resourceGroups`), case-insensitive.
pub fn segment_after<'a>(id: &'a str, name: &str) -> Option<&'a str> {
    let mut parts = id.split('/');
    while let Some(p) = parts.next() {
        if p.eq_ignore_ascii_case(name) {
            return parts.next().filter(|s| !s.is_empty());
        }
    }
    None
}

/// The resource type an id names, e.g. `Microsoft.Network/virtualNetworks/subnets`.
pub fn type_from_id(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.trim_matches('/').split('/').collect();
    let Some(at) = parts.iter().rposition(|p| p.eq_ignore_ascii_case("providers")) else {
        return match parts.as_slice() {
            [s, _, r, _] if s.eq_ignore_ascii_case("subscriptions") && r.eq_ignore_ascii_case("resourcegroups") => {
                Some("Microsoft.Resources/resourceGroups".to_owned())
            }
            [s, _] if s.eq_ignore_ascii_case("subscriptions") => Some("Microsoft.Resources/subscriptions".to_owned()),
            _ => None,
        };
    };
    let rest = &parts[at + 1..];
    let (namespace, pairs) = rest.split_first()?;
    if pairs.is_empty() || pairs.len() % 2 != 0 {
        return None;
    }
    let mut out = (*namespace).to_owned();
    for pair in pairs.chunks(2) {
        out.push('/');
        out.push_str(pair[0]);
    }
    Some(out)
}

/// Resources by lower-cased id, first one read wins (a later copy is kept
/// in [`Inventory::duplicates`] for the report, never merged); embedded
/// children (subnets and peerings of a VNet, agent pools of a cluster) are
/// split out as resources of their own.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    by_key: BTreeMap<String, RawResource>,
    duplicates: Vec<Duplicate>,
}

/// The same ARM id read a second time (in another file, or twice in one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub id: String,
    /// `type`, lower-cased.
    pub kind: String,
    /// Where the copy that was kept came from.
    pub kept_from: String,
    /// Where this copy came from.
    pub origin: String,
    /// Whether this copy's body equals the kept one.
    pub identical: bool,
}

/// Embedded child collections: (parent type, field, child type segment).
const EMBEDDED: &[(&str, &str, &str)] = &[
    ("microsoft.network/virtualnetworks", "subnets", "subnets"),
    (
        "microsoft.network/virtualnetworks",
        "virtualNetworkPeerings",
        "virtualNetworkPeerings",
    ),
    (
        "microsoft.containerservice/managedclusters",
        "agentPoolProfiles",
        "agentPools",
    ),
];

impl Inventory {
    pub fn new() -> Inventory {
        Inventory::default()
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Adds an ARM object; returns `false` when it has no usable id.
    pub fn add(&mut self, body: Value, origin: &str) -> bool {
        let Some(id) = get_ci(&body, "id").and_then(Value::as_str).map(str::to_owned) else {
            return false;
        };
        let Some(kind) = get_ci(&body, "type")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| type_from_id(&id))
        else {
            return false;
        };
        self.add_typed(id, &kind, body, origin);
        true
    }

    fn add_typed(&mut self, id: String, kind: &str, body: Value, origin: &str) {
        let kind = kind.to_ascii_lowercase();
        for (parent_kind, key, child) in EMBEDDED {
            if kind != *parent_kind {
                continue;
            }
            for item in arr(&body, key) {
                let Some(name) = get_ci(item, "name").and_then(Value::as_str) else {
                    continue;
                };
                let child_id = get_ci(item, "id")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("{id}/{child}/{name}"), str::to_owned);
                let child_kind = format!("{kind}/{}", child.to_ascii_lowercase());
                self.add_typed(child_id, &child_kind, item.clone(), origin);
            }
        }
        let name = get_ci(&body, "name")
            .and_then(Value::as_str)
            .map_or_else(|| last_segment(&id).to_owned(), |n| last_segment(n).to_owned());
        match self.by_key.entry(id.to_ascii_lowercase()) {
            std::collections::btree_map::Entry::Occupied(kept) => {
                let kept = kept.get();
                self.duplicates.push(Duplicate {
                    identical: kept.body == body,
                    kept_from: kept.origin.clone(),
                    id,
                    kind,
                    origin: origin.to_owned(),
                });
            }
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(RawResource {
                    id,
                    kind,
                    name,
                    origin: origin.to_owned(),
                    body,
                });
            }
        }
    }

    /// Ids read more than once, in the order read; the first copy is the one kept.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    pub fn get(&self, id: &str) -> Option<&RawResource> {
        self.by_key.get(&id.to_ascii_lowercase())
    }

    /// All resources, ordered by lower-cased id (deterministic whatever the read order).
    pub fn iter(&self) -> impl Iterator<Item = &RawResource> {
        self.by_key.values()
    }

    /// Resources of one (lower-case) type, ordered by id.
    pub fn of_type<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a RawResource> + 'a {
        self.by_key.values().filter(move |r| r.kind == kind)
    }

    /// Children of a resource of a given child type (`…/subnets`).
    pub fn children_of<'a>(&'a self, parent: &str, kind: &'a str) -> impl Iterator<Item = &'a RawResource> + 'a {
        let parent = parent.to_ascii_lowercase();
        self.of_type(kind)
            .filter(move |r| parent_id(&r.id).is_some_and(|p| p.eq_ignore_ascii_case(&parent)))
    }

    /// Keeps only resources whose resource group is in `groups` (case-insensitive);
    /// resource-group objects themselves are filtered by name.
    pub fn retain_groups(&mut self, groups: &[String]) {
        if groups.is_empty() {
            return;
        }
        self.by_key.retain(|_, r| {
            segment_after(&r.id, "resourceGroups").is_some_and(|rg| groups.iter().any(|g| g.eq_ignore_ascii_case(rg)))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_come_from_ids() {
        assert_eq!(
            type_from_id("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a")
                .as_deref(),
            Some("Microsoft.Network/virtualNetworks/subnets")
        );
        assert_eq!(
            type_from_id("/subscriptions/s/resourceGroups/rg").as_deref(),
            Some("Microsoft.Resources/resourceGroups")
        );
        assert_eq!(parent_id("/s/x/providers/N/a/b/c/d"), Some("/s/x/providers/N/a/b"));
    }

    #[test]
    fn fields_are_found_flat_or_nested_and_in_any_case() {
        let arm = json!({"properties": {"vnetSubnetID": "/x"}});
        let cli = json!({"vnetSubnetId": "/x"});
        assert_eq!(ref_field(&arm, "vnetSubnetId").as_deref(), Some("/x"));
        assert_eq!(ref_field(&cli, "vnetSubnetID").as_deref(), Some("/x"));
    }

    #[test]
    fn embedded_children_become_resources_and_ids_are_case_insensitive() {
        let mut inv = Inventory::new();
        inv.add(
            json!({"id": "/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/hub",
                   "type": "Microsoft.Network/virtualNetworks",
                   "properties": {"subnets": [{"name": "GatewaySubnet", "properties": {}}]}}),
            "f",
        );
        assert_eq!(inv.len(), 2);
        let sub = inv
            .get("/subscriptions/s/resourcegroups/rg/providers/microsoft.network/virtualnetworks/hub/subnets/gatewaysubnet")
            .unwrap();
        assert_eq!(sub.kind, "microsoft.network/virtualnetworks/subnets");
        assert_eq!(sub.name, "GatewaySubnet");
    }
}
