//! Holds every entry of the `kinds!` table to being complete and coherent:
//! a kind that states a fact wrongly or half fails here, by name.

use std::collections::{BTreeMap, BTreeSet};

use super::{AddressDemand, AzureType, Kind, PaletteGroup, Relation, Spec};
use crate::id::Id;

#[test]
fn name_prefixes_are_unique_lowercase_abbreviations() {
    let mut seen = BTreeMap::new();
    for kind in Kind::ALL {
        let prefix = kind.name_prefix();
        assert!(
            !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_lowercase()),
            "{kind:?}: `{prefix}` is not a lowercase abbreviation"
        );
        if let Some(other) = seen.insert(prefix, *kind) {
            panic!("{kind:?} and {other:?} share the name prefix `{prefix}`");
        }
    }
}

#[test]
fn every_kind_is_in_one_palette_group_or_hidden() {
    let mut listed: Vec<Kind> = PaletteGroup::SHOWN.iter().flat_map(|g| g.kinds()).collect();
    listed.extend(PaletteGroup::Hidden.kinds());
    listed.sort();
    let mut all = Kind::ALL.to_vec();
    all.sort();
    assert_eq!(listed, all);
    for group in PaletteGroup::SHOWN {
        assert!(
            group.kinds().next().is_some(),
            "the palette group {} is empty",
            group.label()
        );
    }
}

#[test]
fn reference_fields_are_well_formed() {
    for kind in Kind::ALL {
        let mut names = BTreeSet::new();
        for field in kind.reference_fields() {
            assert!(names.insert(field.name), "{kind:?}.{} is declared twice", field.name);
            assert!(!field.allowed.is_empty(), "{kind:?}.{} allows no kind", field.name);
            let unique: BTreeSet<_> = field.allowed.iter().collect();
            assert_eq!(
                unique.len(),
                field.allowed.len(),
                "{kind:?}.{} repeats a kind",
                field.name
            );
            assert!(
                !matches!(field.relation, Relation::Contains | Relation::DeployedIn),
                "{kind:?}.{}: containment and resource groups are `meta`, not fields",
                field.name
            );
            assert_eq!(
                field.relation == Relation::Peers,
                *kind == Kind::VnetPeering,
                "{kind:?}.{}: only a peering's ends peer",
                field.name
            );
            assert_eq!(kind.reference_field(field.name), Some(field));
        }
    }
}

/// One spec of every kind that holds references, from the starter templates
/// and a generated design.
fn specs() -> BTreeMap<Kind, Spec> {
    let mut designs: Vec<super::Design> = crate::templates::ALL
        .iter()
        .map(|t| t.load().expect("templates load").design)
        .collect();
    designs.push(crate::generate::generate(&crate::generate::GenerateOptions::default()).expect("generates"));
    let mut out = BTreeMap::new();
    for d in &designs {
        for r in d.resources() {
            out.entry(r.kind()).or_insert_with(|| r.spec.clone());
        }
    }
    out
}

#[test]
fn every_connection_rule_sets_a_reference_the_model_lists() {
    let specs = specs();
    let target = Id::new("connected-target").expect("valid id");
    let mut rules = 0;
    for kind in Kind::ALL {
        if kind.reference_fields().is_empty() {
            continue;
        }
        let spec = specs
            .get(kind)
            .unwrap_or_else(|| panic!("no template or generated design holds a {kind:?}"));
        for field in kind.reference_fields() {
            for t in Kind::ALL {
                let mut edited = spec.clone();
                let linked = edited.link(*t, &target);
                if !field.connects(*kind, *t) {
                    continue;
                }
                rules += 1;
                assert_eq!(linked, Some(true), "{kind:?} → {t:?} should connect");
                let refs = edited.references();
                let r = refs
                    .iter()
                    .find(|r| *r.target == target)
                    .unwrap_or_else(|| panic!("{kind:?} → {t:?} set no listed reference"));
                assert!(r.allowed.contains(t), "{kind:?}.{} does not allow {t:?}", r.field);
                let mut again = edited.clone();
                assert_eq!(again.link(*t, &target), Some(false), "{kind:?} → {t:?} twice");
                let mut slots = edited.slots();
                let cleared = slots
                    .iter_mut()
                    .map(|s| s.clear(&|id| *id == target))
                    .collect::<Vec<_>>();
                assert!(
                    cleared.iter().any(|c| matches!(c, Ok(true) | Err(()))),
                    "{kind:?} → {t:?}: no slot holds the reference"
                );
            }
        }
    }
    assert!(rules > 40, "only {rules} connection rules");
}

#[test]
fn the_traffic_manager_offers_every_kind_the_model_allows() {
    let endpoints = Kind::TrafficManager.reference_field("endpoints").expect("declared");
    assert_eq!(endpoints.offers(Kind::TrafficManager), endpoints.allowed.to_vec());
    assert_eq!(endpoints.allowed.len(), 9);
    let origins = Kind::FrontDoor.reference_field("origins").expect("declared");
    assert!(!origins.offers(Kind::FrontDoor).contains(&Kind::FrontDoor));
}

#[test]
fn azure_types_are_well_formed_and_children_follow_their_parent() {
    let types: BTreeMap<&str, &str> = Kind::ALL.iter().filter_map(|k| k.azure().resource()).collect();
    for kind in Kind::ALL {
        let AzureType::Resource {
            resource_type,
            api_version,
            deploy_api_version,
        } = kind.azure()
        else {
            continue;
        };
        let parts: Vec<&str> = resource_type.split('/').collect();
        assert!(
            parts.len() >= 2 && parts[0].starts_with("Microsoft.") && parts.iter().all(|p| !p.is_empty()),
            "{kind:?}: `{resource_type}` is not an ARM type"
        );
        for version in [api_version, deploy_api_version] {
            let date = version.as_bytes();
            assert!(
                date.len() == 10
                    && date[4] == b'-'
                    && date[7] == b'-'
                    && version.replace('-', "").chars().all(|c| c.is_ascii_digit()),
                "{kind:?}: `{version}` is not a GA api-version"
            );
        }
        // The export writes the newest GA version, never one older than what the import reads.
        assert!(
            deploy_api_version >= api_version,
            "{kind:?}: writes {deploy_api_version}, reads {api_version}"
        );
        if parts.len() > 2 {
            let parent = parts[..parts.len() - 1].join("/");
            assert_eq!(
                types.get(parent.as_str()),
                Some(&api_version),
                "{kind:?} is read inside {parent}, at its api-version"
            );
            let parent_deploy = Kind::ALL
                .iter()
                .find(|k| k.azure().resource().is_some_and(|(t, _)| t == parent))
                .and_then(|k| k.azure().deploy_api_version());
            assert_eq!(
                parent_deploy,
                Some(deploy_api_version),
                "{kind:?} is written at {parent}'s api-version"
            );
        }
    }
}

#[test]
fn only_kinds_that_sit_in_subnets_take_addresses() {
    for kind in Kind::ALL {
        if kind.address_demand() != AddressDemand::None {
            assert!(
                kind.placement().parents.contains(&Kind::Subnet),
                "{kind:?} takes addresses but cannot sit in a subnet"
            );
        }
    }
}

#[test]
fn placements_are_coherent() {
    for kind in Kind::ALL {
        let p = kind.placement();
        assert!(!p.parents.contains(kind), "{kind:?} may sit in itself");
        assert!(
            !p.required || !p.parents.is_empty(),
            "{kind:?} needs a parent but has none"
        );
    }
}
