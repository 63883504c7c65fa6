//! Quick fixes over a corpus: every starter template and generated designs,
//! each also broken on purpose (cluster ranges moved onto a VNet, subnets
//! moved onto a neighbour, shrunk below their demand or below /29), so the
//! fixable rules fire.
//!
//! Every prefix or range a fix suggests must be free (no overlap with
//! anything in the design) and valid (aligned; a subnet's inside its VNet);
//! applying a fix through `command::apply` must succeed and clear the finding;
//! `apply_fixes` must leave no fixable finding behind.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ipnet::IpNet;
use netdraft_core::command::{self, Command};
use netdraft_core::generate::{GenerateOptions, generate};
use netdraft_core::lint::{self, Finding};
use netdraft_core::model::{AksCluster, Design, Kind, OnPremises, Spec, Subnet, SubnetPrefix};
use netdraft_core::net::Cidr;
use netdraft_core::plan::{self, Plan};

fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

fn corpus() -> Vec<(String, Design)> {
    let mut out: Vec<(String, Design)> = netdraft_core::templates::ALL
        .iter()
        .map(|t| {
            let d = netdraft_core::file::parse(t.text, t.name).unwrap().design;
            (t.name.to_owned(), d)
        })
        .collect();
    for (i, opts) in [
        GenerateOptions::default(),
        GenerateOptions {
            hubs: 2,
            spokes_per_hub: 4,
            clusters: 4,
            subnets_per_spoke: 6,
            seed: 7,
        },
    ]
    .iter()
    .enumerate()
    {
        out.push((format!("generated-{i}"), generate(opts).unwrap()));
    }
    let mut broken = Vec::new();
    for (name, d) in &out {
        broken.push((format!("{name} with clashing cluster ranges"), clash_cluster_ranges(d)));
        broken.push((format!("{name} with overlapping subnets"), overlap_subnets(d)));
        broken.push((format!("{name} with shrunk subnets"), shrink_subnets(d)));
    }
    out.extend(broken);
    out
}

/// Applies an edit of one resource through the one apply path.
fn edit<T: Clone>(
    d: &mut Design,
    id: &str,
    get: impl Fn(&Spec) -> Option<&T>,
    wrap: impl Fn(T) -> Spec,
    f: impl FnOnce(&mut T),
) {
    let mut r = d.get(id).unwrap().clone();
    let mut spec = get(&r.spec).unwrap().clone();
    f(&mut spec);
    r.spec = wrap(spec);
    // An edit that changes nothing is refused; that is fine here.
    let _ = command::apply(d, Command::Update(r));
}

fn subnet_of(s: &Spec) -> Option<&Subnet> {
    if let Spec::Subnet(x) = s { Some(x) } else { None }
}

fn cluster_of(s: &Spec) -> Option<&AksCluster> {
    if let Spec::AksCluster(x) = s { Some(x) } else { None }
}

/// Every cluster's service CIDR (and pod CIDR) set to the first VNet's first range.
fn clash_cluster_ranges(d: &Design) -> Design {
    let mut d = d.clone();
    let plan = plan::plan(&d);
    let Some(space) = plan.vnets.iter().find_map(|v| v.address_space.first().copied()) else {
        return d;
    };
    let ids: Vec<String> = d.of_kind(Kind::AksCluster).map(|r| r.id.to_string()).collect();
    for id in ids {
        edit(&mut d, &id, cluster_of, Spec::AksCluster, |c| {
            c.service_cidr = Some(space);
            c.dns_service_ip = None;
            if c.pod_cidr.is_some() {
                c.pod_cidr = Some(space);
            }
        });
    }
    d
}

/// In each VNet, the second fixed subnet moved onto the first.
fn overlap_subnets(d: &Design) -> Design {
    let mut d = d.clone();
    let plan = plan::plan(&d);
    for v in &plan.vnets {
        let fixed: Vec<_> = v.subnets.iter().filter(|s| !s.auto && s.prefix.is_some()).collect();
        if let [first, second, ..] = fixed.as_slice() {
            let target = first.prefix.unwrap();
            edit(&mut d, second.id.as_str(), subnet_of, Spec::Subnet, |s| {
                s.prefix = SubnetPrefix::Fixed(target);
            });
        }
    }
    d
}

/// Every fixed subnet with contents shrunk to a /30 (below Azure's smallest),
/// every other one to a /29.
fn shrink_subnets(d: &Design) -> Design {
    let mut d = d.clone();
    let plan = plan::plan(&d);
    for v in &plan.vnets {
        for s in v.subnets.iter().filter(|s| !s.auto) {
            let Some(p) = s.prefix.filter(|p| p.is_ipv4()) else {
                continue;
            };
            let len = if s.demand > 0 { 30 } else { 29 };
            let IpNet::V4(net) = p.net() else { continue };
            let small: Cidr = IpNet::V4(ipnet::Ipv4Net::new(net.network(), len).unwrap()).into();
            edit(&mut d, s.id.as_str(), subnet_of, Spec::Subnet, |x| {
                x.prefix = SubnetPrefix::Fixed(small);
            });
        }
    }
    d
}

/// Checks one suggested value against the design it was computed for.
fn check_value(name: &str, design: &Design, plan: &Plan, finding: &Finding, field: &str, value: &str) {
    let fix = finding.quick_fix.as_ref().unwrap();
    let at = format!("{name}: {} on {}: {field} = {value}", finding.rule, fix.resource);
    match field {
        "prefix" => {
            let block: Cidr = value.parse().unwrap_or_else(|e| panic!("{at}: {e}"));
            assert!(block.is_normalized(), "{at}: not aligned");
            assert!(
                (2..=29).contains(&block.prefix_len()),
                "{at}: not a possible subnet size"
            );
            let (vnet, _) = plan
                .vnets
                .iter()
                .find_map(|v| v.subnets.iter().find(|s| s.id == fix.resource).map(|s| (v, s)))
                .unwrap_or_else(|| panic!("{at}: subnet not planned"));
            assert!(
                vnet.address_space
                    .iter()
                    .any(|a| a.net().trunc().contains(&block.net())),
                "{at}: outside VNet {}",
                vnet.id
            );
            for other in vnet.subnets.iter().filter(|s| s.id != fix.resource) {
                for o in other.prefix.iter().chain(&other.extra_prefixes) {
                    assert!(
                        !overlaps(&o.net(), &block.net()),
                        "{at}: overlaps subnet {} ({o})",
                        other.id
                    );
                }
            }
        }
        "pod_cidr" | "service_cidr" => {
            let block: Cidr = value.parse().unwrap_or_else(|e| panic!("{at}: {e}"));
            assert!(block.is_normalized(), "{at}: not aligned");
            let mut used: Vec<(String, IpNet)> = Vec::new();
            for v in &plan.vnets {
                used.extend(v.address_space.iter().map(|a| (format!("VNet {}", v.id), a.net())));
            }
            for cp in &plan.clusters {
                used.push((format!("service CIDR of {}", cp.id), cp.service_cidr.cidr.net()));
                if let Some(p) = &cp.pod_cidr {
                    used.push((format!("pod CIDR of {}", cp.id), p.cidr.net()));
                }
            }
            for r in design.of_kind(Kind::OnPremises) {
                let p = r.as_spec::<OnPremises>().unwrap();
                used.extend(
                    p.address_ranges
                        .iter()
                        .map(|a| (format!("on-premises {}", r.id), a.net())),
                );
            }
            // Ranges Azure (VNET-FAQ) and AKS (AKS-CNIOV) refuse, written out independently of the planner.
            for r in [
                "224.0.0.0/4",
                "255.255.255.255/32",
                "127.0.0.0/8",
                "169.254.0.0/16",
                "168.63.129.16/32",
                "172.30.0.0/16",
                "172.31.0.0/16",
                "192.0.2.0/24",
            ] {
                used.push((format!("reserved {r}"), r.parse().unwrap()));
            }
            for (what, u) in &used {
                assert!(!overlaps(u, &block.net()), "{at}: overlaps {what} ({u})");
            }
        }
        _ => {}
    }
}

#[test]
fn every_suggested_prefix_is_free_and_valid_and_every_fix_clears_its_finding() {
    let mut fixes = 0;
    let mut by_rule = std::collections::BTreeSet::new();
    for (name, d) in corpus() {
        let plan = plan::plan(&d);
        let findings = lint::lint(&d, &plan);
        for f in findings.iter().filter(|f| f.quick_fix.is_some()) {
            let q = f.quick_fix.as_ref().unwrap();
            assert!(!q.changes.is_empty() && !q.label.is_empty(), "{name}: {}", f.rule);
            for c in &q.changes {
                check_value(&name, &d, &plan, f, c.field, &c.value);
            }
            let mut fixed = d.clone();
            command::apply(&mut fixed, q.command.clone())
                .unwrap_or_else(|e| panic!("{name}: {} fix refused: {e}", f.rule));
            let after = lint::lint(&fixed, &plan::plan(&fixed));
            assert!(
                !after
                    .iter()
                    .any(|g| g.rule == f.rule && g.message == f.message && g.resources == f.resources),
                "{name}: {} still there after its fix ({}): {}",
                f.rule,
                q.label,
                f.message
            );
            fixes += 1;
            by_rule.insert(f.rule);
        }
    }
    eprintln!("{fixes} fixes checked, by rule: {by_rule:?}");
    // The corpus exercises the fixes it is meant to (it fails if they stop being offered).
    for rule in ["ND001", "ND004", "ND005", "ND010", "ND048"] {
        assert!(
            by_rule.contains(rule),
            "no {rule} fix in the corpus; fixes seen: {by_rule:?}"
        );
    }
    assert!(fixes > 20, "{fixes} fixes");
}

#[test]
fn apply_fixes_leaves_no_fixable_finding() {
    for (name, d) in corpus() {
        let run = lint::apply_fixes(&d);
        assert!(
            run.refused.is_empty(),
            "{name}: refused {:?}",
            run.refused.iter().map(|r| &r.2).collect::<Vec<_>>()
        );
        let left: Vec<String> = lint::lint(&run.design, &plan::plan(&run.design))
            .into_iter()
            .filter(|f| f.accepted.is_none())
            .filter_map(|f| f.quick_fix.map(|q| format!("{}: {}", f.rule, q.label)))
            .collect();
        assert!(left.is_empty(), "{name}: fixable findings left: {left:#?}");
    }
}

#[test]
fn fixes_show_in_json_without_the_command() {
    let text = netdraft_core::templates::find("aks-baseline-hub-spoke")
        .unwrap()
        .text
        .replacen("pod_cidr = \"10.244.0.0/16\"", "pod_cidr = \"10.240.0.0/16\"", 1);
    let d = netdraft_core::file::parse(&text, "t").unwrap().design;
    let findings = lint::lint(&d, &plan::plan(&d));
    let f = findings.iter().find(|f| f.rule == "ND004").unwrap();
    let json = serde_json::to_value(f).unwrap();
    assert_eq!(json["quick_fix"]["resource"], "cluster");
    assert_eq!(json["quick_fix"]["changes"][0]["field"], "pod_cidr");
    assert_eq!(json["quick_fix"]["changes"][0]["value"], "100.64.0.0/16");
    assert!(json["quick_fix"].get("command").is_none());
}
