//! Azure names for copies: a pasted or duplicated resource gets the next free
//! name in the scope where Azure needs names to be unique (`rt-1` → `rt-2`),
//! so a paste never creates what lint ND191 (`duplicate-azure-name`) flags.
//!
//! The scopes follow Azure's naming rules
//! (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules):
//! a subnet's VNet, a node pool's cluster, the subscription for resource
//! groups, the resource group for the rest (netdraft's default group when
//! none is named). Kinds that are not Azure resources of their own are kept
//! unique among their siblings. Each kind's scope is stated in the `kinds!`
//! table ([`Kind::name_scope`]).

use std::collections::BTreeSet;

use crate::id::Id;
use crate::model::{Kind, NameScope, NodePool, Resource};

/// Where a name must be unique: the kind and a scope key.
pub(super) type Scope = (Kind, String);

/// The scope of `r`; `lookup` finds resources by id (the design and what is
/// being added alongside).
pub(super) fn scope_of<'a>(r: &'a Resource, lookup: &dyn Fn(&Id) -> Option<&'a Resource>) -> Scope {
    let key = match r.kind().name_scope() {
        NameScope::Parent => r.meta.parent.as_ref().map(ToString::to_string).unwrap_or_default(),
        NameScope::Cluster => r
            .as_spec::<NodePool>()
            .map(|p| p.cluster.to_string())
            .unwrap_or_default(),
        NameScope::Subscription => String::new(),
        NameScope::Siblings => format!(
            "in:{}",
            r.meta.parent.as_ref().map(ToString::to_string).unwrap_or_default()
        ),
        NameScope::ResourceGroup => {
            resource_group(r, lookup).map_or_else(|| "(default resource group)".to_owned(), |g| g.to_string())
        }
    };
    (r.kind(), key)
}

/// The resource group `r` is deployed to: its own, else its nearest container's.
fn resource_group<'a>(r: &'a Resource, lookup: &dyn Fn(&Id) -> Option<&'a Resource>) -> Option<Id> {
    let mut current = Some(r);
    // Parent chains are short; the bound only guards against a cycle.
    for _ in 0..64 {
        let c = current?;
        if c.id != r.id && c.kind() == Kind::ResourceGroup {
            return Some(c.id.clone());
        }
        if let Some(g) = &c.meta.resource_group {
            return Some(g.clone());
        }
        current = c.meta.parent.as_ref().and_then(lookup);
    }
    None
}

/// `wanted` if it is free in `scope`, else the next numbered name: a trailing
/// number counts up (`rt-1` → `rt-2`, `pool1` → `pool2`), a name without one
/// gets `-2` (`hub` → `hub-2`; node pools, whose names are letters and digits
/// only, get `2`). Names compare case-insensitively, as Azure's do.
pub(super) fn next_free(taken: &BTreeSet<(Scope, String)>, scope: &Scope, wanted: &str) -> String {
    let free = |n: &str| !taken.contains(&(scope.clone(), n.to_ascii_lowercase()));
    if free(wanted) {
        return wanted.to_owned();
    }
    let digits = wanted.len() - wanted.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (stem, start) = if digits > 0 {
        let (stem, n) = wanted.split_at(wanted.len() - digits);
        (stem.to_owned(), n.parse::<u64>().unwrap_or(1).saturating_add(1))
    } else if scope.0 == Kind::NodePool {
        (wanted.to_owned(), 2)
    } else {
        (format!("{wanted}-"), 2)
    };
    // At most as many names are taken as there are resources: one of the next
    // `taken.len() + 1` numbers is free.
    (start..=start.saturating_add(taken.len() as u64))
        .map(|n| format!("{stem}{n}"))
        .find(|n| free(n))
        .unwrap_or_else(|| wanted.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_free_name_counts_up() {
        let scope: Scope = (Kind::RouteTable, "rg".to_owned());
        let mut taken = BTreeSet::new();
        for n in ["rt-1", "rt-2", "hub", "HUB-2"] {
            taken.insert((scope.clone(), n.to_ascii_lowercase()));
        }
        assert_eq!(next_free(&taken, &scope, "rt-1"), "rt-3");
        assert_eq!(next_free(&taken, &scope, "rt-7"), "rt-7");
        assert_eq!(next_free(&taken, &scope, "hub"), "hub-3", "case-insensitive");
        let other: Scope = (Kind::RouteTable, "other".to_owned());
        assert_eq!(next_free(&taken, &other, "rt-1"), "rt-1", "another scope is free");
        let pools: Scope = (Kind::NodePool, "aks".to_owned());
        let taken: BTreeSet<_> = [(pools.clone(), "sys".to_owned()), (pools.clone(), "pool1".to_owned())].into();
        assert_eq!(next_free(&taken, &pools, "sys"), "sys2");
        assert_eq!(next_free(&taken, &pools, "pool1"), "pool2");
    }
}
