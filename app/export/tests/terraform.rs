//! The Terraform export re-parsed with hcl-rs: every file parses, every
//! `azurerm_*` reference points at a resource or data source the export
//! declares, and the network agrees with the IP plan.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use hcl::{Body, Expression};
use netdraft_core::plan;
use netdraft_core::templates;
use netdraft_export::{Format, OutputFile, Templates, export, model, plan_findings};

fn terraform(template: &str) -> (netdraft_core::Design, plan::Plan, Vec<OutputFile>) {
    let design = templates::find(template).unwrap().load().unwrap().design;
    let p = plan::plan(&design);
    let files = export(&design, &p, &Templates::builtin(Format::Terraform), &plan_findings(&p)).unwrap();
    (design, p, files)
}

fn label(l: &hcl::structure::BlockLabel) -> String {
    l.as_str().to_owned()
}

/// `(kind, type, name)` of every top-level resource and data block.
fn declared(body: &Body) -> BTreeSet<(String, String, String)> {
    body.blocks()
        .filter(|b| matches!(b.identifier(), "resource" | "data"))
        .filter(|b| b.labels().len() == 2)
        .map(|b| (b.identifier().to_owned(), label(&b.labels()[0]), label(&b.labels()[1])))
        .collect()
}

/// Every `azurerm_type.name` (or `data.azurerm_type.name`) reference outside strings and comments.
fn references(text: &str) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let mut code = String::new();
        let mut in_string = false;
        let mut prev = ' ';
        for c in line.chars() {
            if in_string {
                if c == '"' && prev != '\\' {
                    in_string = false;
                }
                code.push(' ');
            } else if c == '"' {
                in_string = true;
                code.push(' ');
            } else if c == '#' {
                break;
            } else {
                code.push(c);
            }
            prev = c;
        }
        let tokens: Vec<&str> = code
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .filter(|t| !t.is_empty())
            .collect();
        for t in tokens {
            let parts: Vec<&str> = t.split('.').collect();
            let (kind, rest) = if parts.first() == Some(&"data") {
                ("data", &parts[1..])
            } else {
                ("resource", &parts[..])
            };
            if rest.len() >= 2 && rest[0].starts_with("azurerm_") {
                out.insert((kind.to_owned(), rest[0].to_owned(), rest[1].to_owned()));
            }
        }
    }
    out
}

#[test]
fn every_file_parses_and_every_reference_resolves() {
    for t in templates::ALL {
        let (_, _, files) = terraform(t.name);
        let mut all_declared = BTreeSet::new();
        let mut all_refs = BTreeMap::new();
        for f in files.iter().filter(|f| {
            let p = std::path::Path::new(&f.path);
            p.extension().is_some_and(|e| e == "tf") || f.path.ends_with(".tfvars.example")
        }) {
            let body: Body = hcl::parse(&f.contents).unwrap_or_else(|e| panic!("{}/{}: {e}", t.name, f.path));
            all_declared.extend(declared(&body));
            for r in references(&f.contents) {
                all_refs.entry(r).or_insert_with(|| f.path.clone());
            }
        }
        for (r, file) in &all_refs {
            assert!(
                all_declared.contains(r),
                "{}/{file}: {} {}.{} is referenced but not declared",
                t.name,
                r.0,
                r.1,
                r.2
            );
        }
        assert!(!all_declared.is_empty(), "{}: nothing declared", t.name);
    }
}

fn string_list(e: &Expression) -> Vec<String> {
    match e {
        Expression::Array(items) => items
            .iter()
            .map(|i| match i {
                Expression::String(s) => s.clone(),
                other => panic!("not a string literal: {other:?}"),
            })
            .collect(),
        other => panic!("not an array: {other:?}"),
    }
}

#[test]
fn subnet_prefixes_agree_with_the_plan() {
    for t in templates::ALL {
        let (design, p, files) = terraform(t.name);
        let m = model::build(&design, &p);
        let by_label: BTreeMap<&str, &str> = m.subnets.iter().map(|s| (s.c.tf.as_str(), s.c.id.as_str())).collect();
        let network = files.iter().find(|f| f.path == "network.tf").unwrap();
        let body: Body = hcl::parse(&network.contents).unwrap();
        let mut seen = BTreeSet::new();
        for b in body.blocks().filter(|b| b.identifier() == "resource") {
            if label(&b.labels()[0]) != "azurerm_subnet" {
                continue;
            }
            let l = label(&b.labels()[1]);
            let id = by_label[l.as_str()];
            let attr = b.body().attributes().find(|a| a.key() == "address_prefixes").unwrap();
            let want = p.prefix_of(id).map(|c| c.to_string()).into_iter().collect::<Vec<_>>();
            assert_eq!(string_list(attr.expr()), want, "{}: subnet {id}", t.name);
            seen.insert(id.to_owned());
        }
        let subnets: BTreeSet<String> = p
            .vnets
            .iter()
            .flat_map(|v| &v.subnets)
            .map(|s| s.id.to_string())
            .collect();
        assert_eq!(seen, subnets, "{}: every planned subnet is exported once", t.name);
    }
}

#[test]
fn auto_subnets_export_their_allocated_prefix() {
    let (_, p, files) = terraform("aks-baseline-hub-spoke");
    let build = p.subnet("build").unwrap();
    assert!(build.auto);
    let prefix = build.prefix.unwrap().to_string();
    let network = &files.iter().find(|f| f.path == "network.tf").unwrap().contents;
    assert!(
        network.contains(&format!("address_prefixes     = [\"{prefix}\"]")),
        "{network}"
    );
}

#[test]
fn peerings_are_exported_in_both_directions() {
    let (_, _, files) = terraform("aks-baseline-hub-spoke");
    let network = &files.iter().find(|f| f.path == "network.tf").unwrap().contents;
    assert!(network.contains("remote_virtual_network_id    = azurerm_virtual_network.vnet_spoke_aks_weu.id"));
    assert!(network.contains("remote_virtual_network_id    = azurerm_virtual_network.vnet_hub_weu.id"));
}

#[test]
fn terraform_and_bicep_names_follow_a_rename() {
    let (mut design, _, _) = terraform("aks-baseline-hub-spoke");
    let id = netdraft_core::Id::new("spoke").unwrap();
    netdraft_core::command::apply(
        &mut design,
        netdraft_core::command::Command::Rename {
            id,
            name: "vnet-payments".to_owned(),
        },
    )
    .unwrap();
    let p = plan::plan(&design);
    let tf = export(&design, &p, &Templates::builtin(Format::Terraform), &plan_findings(&p)).unwrap();
    let network = &tf.iter().find(|f| f.path == "network.tf").unwrap().contents;
    assert!(
        network.contains("resource \"azurerm_virtual_network\" \"vnet_payments\""),
        "{network}"
    );
    assert!(!network.contains("vnet_spoke_aks_weu"), "the old name is gone");
    let bicep = export(&design, &p, &Templates::builtin(Format::Bicep), &plan_findings(&p)).unwrap();
    let main = &bicep.iter().find(|f| f.path == "main.bicep").unwrap().contents;
    assert!(
        main.contains("resource vnetPayments 'Microsoft.Network/virtualNetworks@"),
        "{main}"
    );
}
