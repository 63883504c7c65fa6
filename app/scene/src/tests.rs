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
