use std::collections::BTreeMap;

use netdraft_core::command::{Command, apply};
use netdraft_core::file;
use netdraft_core::generate::{GenerateOptions, generate};
use netdraft_core::model::{Kind, Point};

use super::*;

const TEXT: &str = r#"
format = 1
name = "t"
[region.weu]
name = "weu"
location = "westeurope"
[vnet.hub]
name = "hub"
parent = "weu"
role = "hub"
address_space = ["10.0.0.0/16"]
[vnet.spoke]
name = "spoke"
parent = "weu"
role = "spoke"
address_space = ["10.1.0.0/16"]
[peering.hub-spoke]
name = "hub-spoke"
from = "hub"
to = "spoke"
[on_prem.dc]
name = "dc"
address_ranges = ["192.168.0.0/16"]
connection = "vpn"
[front_door.fd]
name = "fd"
[subnet.fw]
name = "AzureFirewallSubnet"
parent = "hub"
prefix = "10.0.0.0/26"
[subnet.nodes]
name = "nodes"
parent = "spoke"
prefix = "auto"
[aks.aks]
name = "aks"
parent = "spoke"
network_model = "overlay"
[node_pool.sys]
name = "sys"
parent = "nodes"
cluster = "aks"
vm_size = "Standard_D4ds_v5"
count = 3
"#;

fn design() -> netdraft_core::Design {
    file::parse(TEXT, "t").unwrap().design
}

fn inside(inner: Rect, outer: Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.x + inner.w <= outer.x + outer.w + 0.01
        && inner.y + inner.h <= outer.y + outer.h + 0.01
}

#[test]
fn every_resource_but_peerings_is_a_node_nested_in_its_parent() {
    let d = design();
    let s = layout(&d);
    assert_eq!(s.nodes.len(), d.len() - 1);
    for n in &s.nodes {
        if let Some(p) = n.parent {
            assert!(inside(n.rect, s.nodes[p].rect), "{} not inside {}", n.id, s.nodes[p].id);
            assert!(p < s.index_of(n.id.as_str()).unwrap(), "parents come first");
        }
    }
    assert_eq!(s.get("fw").unwrap().role, Role::DedicatedSubnet);
    assert_eq!(s.get("hub").unwrap().role, Role::HubVnet);
    assert_eq!(s.get("sys").unwrap().role, Role::Leaf(Kind::NodePool));
    assert_eq!(s.get("fw").unwrap().detail, "10.0.0.0/26");
    // The peering is an edge carrying its resource.
    let peer = s.edges.iter().find(|e| e.resource.is_some()).unwrap();
    assert_eq!(s.nodes[peer.from].id.as_str(), "hub");
    assert_eq!(s.nodes[peer.to].id.as_str(), "spoke");
}

#[test]
fn hub_left_of_spokes_on_prem_beside_globals_on_top() {
    let s = layout(&design());
    let hub = s.get("hub").unwrap().rect;
    let spoke = s.get("spoke").unwrap().rect;
    let dc = s.get("dc").unwrap().rect;
    let fd = s.get("fd").unwrap().rect;
    assert!(hub.x + hub.w < spoke.x, "hub left of spoke");
    assert!(fd.y + fd.h < dc.y, "globals on top");
    let region = s.get("weu").unwrap().rect;
    assert!(dc.x + dc.w < region.x, "on-prem beside the region holding the hub");
}

#[test]
fn siblings_do_not_overlap_and_layout_is_deterministic() {
    let d = generate(&GenerateOptions {
        hubs: 2,
        spokes_per_hub: 4,
        clusters: 3,
        subnets_per_spoke: 5,
        seed: 1,
    })
    .unwrap();
    let a = layout(&d);
    assert_eq!(a, layout(&d));
    for (i, x) in a.nodes.iter().enumerate() {
        for y in &a.nodes[i + 1..] {
            if x.parent == y.parent {
                let shrunk = Rect::new(y.rect.x + 1.0, y.rect.y + 1.0, y.rect.w - 2.0, y.rect.h - 2.0);
                assert!(!x.rect.intersects(shrunk), "{} overlaps {}", x.id, y.id);
            }
        }
    }
}

#[test]
fn stored_positions_pin_nodes_relative_to_their_parent() {
    let mut d = design();
    apply(
        &mut d,
        Command::Move(vec![(Id::new("sys").unwrap(), Some(Point(300, 200)))]),
    )
    .unwrap();
    let s = layout(&d);
    let nodes = s.get("nodes").unwrap().rect;
    let sys = s.get("sys").unwrap();
    assert!(sys.pinned);
    assert_eq!((sys.rect.x - nodes.x, sys.rect.y - nodes.y), (300.0, 200.0));
    assert!(inside(sys.rect, nodes), "the subnet grows to hold it");
}

#[test]
fn hit_testing_finds_the_deepest_node_and_drop_targets() {
    let s = layout(&design());
    let sys = s.get("sys").unwrap().rect;
    assert_eq!(s.hit(sys.center()).unwrap().id.as_str(), "sys");
    let i = s.index_of("sys").unwrap();
    assert_eq!(s.container_at(sys.center(), &[i]).unwrap().id.as_str(), "nodes");
    let nodes = s.index_of("nodes").unwrap();
    assert_eq!(s.container_at(sys.center(), &[nodes]).unwrap().id.as_str(), "spoke");
    assert!(
        s.bounds_of([&Id::new("hub").unwrap(), &Id::new("sys").unwrap()])
            .is_some()
    );
}

/// Every node inside its parent, and no two siblings (nor sibling strips) overlapping.
fn assert_tidy(what: &str, s: &Scene) {
    for (i, x) in s.nodes.iter().enumerate() {
        if let Some(p) = x.parent {
            assert!(
                inside(x.rect, s.nodes[p].rect),
                "{what}: {} not inside {}",
                x.id,
                s.nodes[p].id
            );
        }
        for strip in &x.strips {
            assert!(
                inside(strip.rect, x.rect),
                "{what}: strip {} not inside {}",
                strip.title,
                x.id
            );
        }
        for y in &s.nodes[i + 1..] {
            if x.parent == y.parent {
                let shrunk = Rect::new(y.rect.x + 1.0, y.rect.y + 1.0, y.rect.w - 2.0, y.rect.h - 2.0);
                assert!(!x.rect.intersects(shrunk), "{what}: {} overlaps {}", x.id, y.id);
            }
        }
    }
}

#[test]
fn starter_templates_lay_out_tidily_with_hubs_left_of_their_spokes() {
    for t in netdraft_core::templates::ALL {
        let d = t.load().unwrap().design;
        let s = layout(&d);
        assert_tidy(t.name, &s);
        let of_role = |role: Role| s.nodes.iter().filter(move |n| n.role == role);
        for hub in of_role(Role::HubVnet) {
            for spoke in of_role(Role::Vnet).filter(|v| v.parent == hub.parent) {
                assert!(
                    hub.rect.x + hub.rect.w <= spoke.rect.x,
                    "{}: hub {} left of spoke {}",
                    t.name,
                    hub.id,
                    spoke.id
                );
            }
        }
    }
}

#[test]
fn a_generated_hub_has_on_prem_beside_it_and_spokes_in_even_columns() {
    let d = generate(&GenerateOptions {
        hubs: 1,
        spokes_per_hub: 8,
        clusters: 2,
        subnets_per_spoke: 4,
        seed: 0,
    })
    .unwrap();
    let s = layout(&d);
    assert_tidy("generated", &s);
    let hub = s.nodes.iter().find(|n| n.role == Role::HubVnet).unwrap();
    let on_prem = s.nodes.iter().find(|n| n.kind == Kind::OnPremises).unwrap();
    assert!(
        on_prem.rect.x + on_prem.rect.w < hub.rect.x,
        "on-premises left of the hub"
    );
    let spokes: Vec<&Node> = s.nodes.iter().filter(|n| n.role == Role::Vnet).collect();
    assert_eq!(spokes.len(), 8);
    assert!(
        spokes.iter().all(|v| hub.rect.x + hub.rect.w < v.rect.x),
        "spokes right of the hub"
    );
    // Columns hold equal counts (the last may be one short), not a straggler alone.
    let mut per_column: BTreeMap<i64, usize> = BTreeMap::new();
    for v in &spokes {
        *per_column.entry(v.rect.x.round() as i64).or_default() += 1;
    }
    let counts: Vec<usize> = per_column.values().copied().collect();
    let (most, least) = (counts.iter().max().unwrap(), counts.iter().min().unwrap());
    assert!(most - least <= 1, "uneven spoke columns {counts:?}");
}

#[test]
fn global_services_stand_centred_over_the_networks() {
    let s = layout(&design());
    let fd = s.get("fd").unwrap().rect;
    let below: Vec<Rect> = s
        .nodes
        .iter()
        .filter(|n| n.parent.is_none() && n.kind != Kind::FrontDoor)
        .map(|n| n.rect)
        .collect();
    let left = below.iter().map(|r| r.x).fold(f32::MAX, f32::min);
    let right = below.iter().map(|r| r.x + r.w).fold(f32::MIN, f32::max);
    let centre = fd.x + fd.w / 2.0;
    assert!(
        (centre - f32::midpoint(left, right)).abs() < 1.0,
        "front door centred: {centre} in {left}..{right}"
    );
}
