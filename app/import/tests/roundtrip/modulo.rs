//! Comparison modulo ids, layout and what Azure does not hold (a module of
//! `roundtrip.rs`; its header doc says what "equal" means).

use std::collections::BTreeMap;

use netdraft_core::Id;
use netdraft_core::model::{AcmeSolver, Design, Kind, Resource, Spec};
use netdraft_core::plan::Plan;
use serde_json::Value;

use super::simulate;

pub use netdraft_core::drift::{NESTED, key, rewrite};
use netdraft_core::drift::{canonical, design_only, public_service};

/// What Azure or the export fills in where the design leaves a default
/// (`netdraft_core::drift::settle`), and a DNS-01 issuer's absent zone as the
/// one the simulated cluster's kubectl output holds.
pub fn settle(d: &Design, p: &Plan) -> Design {
    let mut out = netdraft_core::drift::settle(d, p);
    let ids: Vec<Id> = out.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        if let Some(Spec::CertIssuer(i)) = out.get_mut(id.as_str()).map(|r| &mut r.spec)
            && i.solver == AcmeSolver::Dns01
        {
            i.dns_zone.get_or_insert_with(|| simulate::kubectl::DNS_ZONE.to_owned());
            i.dns_zone_resource_group
                .get_or_insert_with(|| simulate::kubectl::DNS_ZONE_RESOURCE_GROUP.to_owned());
        }
    }
    out
}

/// The differences between the original and the imported design, each with its kind.
pub fn differences(original: &Design, imported: &Design) -> Vec<(Kind, String)> {
    let index = |d: &Design| -> BTreeMap<String, (Kind, Value)> {
        d.resources()
            .map(|r| (key(d, r), (r.kind(), canonical(d, r))))
            .collect()
    };
    let (a, b) = (index(original), index(imported));
    let mut out = Vec::new();
    for (k, (kind, v)) in &a {
        match b.get(k) {
            None => out.push((*kind, format!("{k}: not imported"))),
            Some((_, w)) if w != v => out.push((*kind, format!("{k}:\n  design   {v}\n  imported {w}"))),
            Some(_) => {}
        }
    }
    for (k, (kind, _)) in &b {
        if !a.contains_key(k) {
            out.push((*kind, format!("{k}: imported, not in the design")));
        }
    }
    out
}

/// The imported design with the original's ids, header, notes cleared on both.
pub fn rekey(original: &Design, imported: &Design) -> (Design, Design) {
    let by_key: BTreeMap<String, Id> = original.resources().map(|r| (key(original, r), r.id.clone())).collect();
    let map: BTreeMap<String, String> = imported
        .resources()
        .filter_map(|r| Some((r.id.to_string(), by_key.get(&key(imported, r))?.to_string())))
        .collect();
    let mut out = Design::new(original.name.clone());
    out.description.clone_from(&original.description);
    out.settings = original.settings.clone();
    out.accept.clone_from(&original.accept);
    out.decisions.clone_from(&original.decisions);
    let new_id = |id: &Id| -> Id {
        map.get(id.as_str())
            .map_or_else(|| id.clone(), |n| Id::new(n.clone()).unwrap())
    };
    for r in imported.resources() {
        let mut spec = serde_json::to_value(&r.spec).unwrap();
        let refs: BTreeMap<String, String> = r
            .spec
            .references()
            .iter()
            .filter_map(|x| Some((x.target.to_string(), map.get(x.target.as_str())?.clone())))
            .collect();
        rewrite(&mut spec, &refs);
        let mut x = Resource::new(
            new_id(&r.id),
            r.name(),
            r.parent().map(new_id),
            serde_json::from_value::<Spec>(spec).unwrap(),
        );
        x.meta.resource_group = r.meta.resource_group.as_ref().map(new_id);
        out.insert(x).unwrap();
    }
    // Canvas parents of resources Azure does not nest are layout: take the original's.
    let ids: Vec<Id> = out.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let Some(orig) = original.get(id.as_str()) else {
            continue;
        };
        let (parent, rg) = (orig.meta.parent.clone(), orig.meta.resource_group.clone());
        let r = out.get_mut(id.as_str()).unwrap();
        if !NESTED.contains(&r.kind()) || public_service(r) {
            r.meta.parent = parent;
            r.meta.resource_group = rg;
        }
        r.meta.name.clone_from(&orig.meta.name);
        design_only(&mut r.spec, Some(&orig.spec));
    }
    let mut orig = original.clone();
    let ids: Vec<Id> = orig.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let r = orig.get_mut(id.as_str()).unwrap();
        r.meta.notes = None;
        r.meta.at = None;
        r.meta.extent = None;
    }
    (orig, out)
}
