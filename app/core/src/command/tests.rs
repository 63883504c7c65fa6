use super::*;
use crate::file;
use crate::model::{AksCluster, Kind, NodePool, RouteTable, Spec, Subnet, VnetPeering};

const TEXT: &str = r#"
format = 1
name = "t"
[vnet.hub]
name = "hub"
address_space = ["10.0.0.0/16"]
[vnet.spoke]
name = "spoke"
address_space = ["10.1.0.0/16"]
[peering.hub-spoke]
name = "hub-spoke"
from = "hub"
to = "spoke"
[subnet.fw]
name = "AzureFirewallSubnet"
parent = "hub"
prefix = "10.0.0.0/26"
[subnet.nodes]
name = "nodes"
parent = "spoke"
prefix = "10.1.0.0/24"
route_table = "rt"
[route_table.rt]
name = "rt"
[aks.aks]
name = "aks"
network_model = "overlay"
[node_pool.sys]
name = "sys"
parent = "nodes"
cluster = "aks"
vm_size = "Standard_D4ds_v5"
count = 3
"#;

fn design() -> Design {
    file::parse(TEXT, "t").unwrap().design
}

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

#[test]
fn add_checks_placement_and_names_the_reason() {
    let mut d = design();
    let fw = starter(&d, Kind::Firewall, Some(&id("fw")), None).unwrap();
    apply(&mut d, Command::Add(fw)).unwrap();
    // A firewall in an ordinary subnet is refused, with the subnet it needs.
    let e = starter(&d, Kind::Firewall, Some(&id("nodes")), None).unwrap_err();
    assert!(e.to_string().contains("AzureFirewallSubnet"), "{e}");
    // A node pool in the firewall subnet is refused: the subnet is dedicated.
    let e = check_placement(&d, Kind::NodePool, Some(&id("fw"))).unwrap_err();
    assert!(e.to_string().contains("only takes an Azure Firewall"), "{e}");
    // A node pool into a VNet: kind-level refusal.
    let e = check_placement(&d, Kind::NodePool, Some(&id("hub"))).unwrap_err();
    assert!(e.to_string().contains("it goes into a Subnet"), "{e}");
    // A subnet needs a VNet.
    let e = check_placement(&d, Kind::Subnet, None).unwrap_err();
    assert!(e.to_string().contains("must sit inside"), "{e}");
}

#[test]
#[allow(clippy::many_single_char_names)]
fn starters_are_valid_and_named_freshly() {
    let mut d = design();
    let a = starter(&d, Kind::Subnet, Some(&id("hub")), Some(Point(10, 20))).unwrap();
    assert_eq!(a.name(), "snet-1");
    apply(&mut d, Command::Add(a)).unwrap();
    let b = starter(&d, Kind::Subnet, Some(&id("hub")), None).unwrap();
    assert_eq!(b.name(), "snet-2");
    let v = starter(&d, Kind::VirtualNetwork, None, None).unwrap();
    let space = v.as_spec::<crate::model::VirtualNetwork>().unwrap().address_space[0];
    assert_eq!(space.to_string(), "10.2.0.0/16", "first /16 free of hub and spoke");
    let pool = starter(&d, Kind::NodePool, Some(&id("nodes")), None).unwrap();
    assert_eq!(pool.as_spec::<NodePool>().unwrap().cluster.as_str(), "aks");
    assert_eq!(pool.as_spec::<NodePool>().unwrap().mode, crate::model::PoolMode::User);
    // Every kind either starts or says what it needs first.
    let empty = Design::new("e");
    for kind in Kind::ALL {
        match starter(&empty, *kind, None, None) {
            Ok(r) => assert_eq!(r.kind(), *kind),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    // What starts saves and reloads.
    let text = file::to_toml(&d);
    assert_eq!(file::parse(&text, "t").unwrap().design, d);
}

#[test]
fn delete_takes_dependants_and_detaches_optional_references() {
    let mut d = design();
    let plan = plan_delete(&d, &[id("spoke")]).unwrap();
    let removed: Vec<&str> = plan.removed.iter().map(Id::as_str).collect();
    assert_eq!(removed, ["hub-spoke", "nodes", "spoke", "sys"]);
    assert!(plan.detached.is_empty());
    // Deleting the route table only clears the subnet's association.
    let applied = apply(&mut d, Command::Delete(vec![id("rt")])).unwrap();
    assert_eq!(applied.removed, vec![id("rt")]);
    assert_eq!(d.spec::<Subnet>("nodes").unwrap().route_table, None);
    // Deleting the cluster takes its pool (a pool cannot exist without one).
    let applied = apply(&mut d, Command::Delete(vec![id("aks")])).unwrap();
    assert_eq!(applied.removed, vec![id("aks"), id("sys")]);
    assert!(applied.summary.contains("1 more"), "{}", applied.summary);
    assert!(matches!(
        apply(&mut d, Command::Delete(vec![])),
        Err(CommandError::Nothing(_))
    ));
}

#[test]
fn move_is_one_command_for_many() {
    let mut d = design();
    let a = apply(
        &mut d,
        Command::Move(vec![(id("hub"), Some(Point(1, 2))), (id("spoke"), Some(Point(3, 4)))]),
    )
    .unwrap();
    assert_eq!(a.summary, "Moved 2 resources");
    assert_eq!(d.get("spoke").unwrap().meta.at, Some(Point(3, 4)));
    let before = d.clone();
    assert!(apply(&mut d, Command::Move(vec![(id("nope"), None)])).is_err());
    assert_eq!(d, before, "a refused command leaves the design as it was");
}

#[test]
fn reparent_checks_policy_and_cycles() {
    let mut d = design();
    apply(
        &mut d,
        Command::Reparent {
            id: id("nodes"),
            parent: Some(id("hub")),
            at: Some(Point(5, 5)),
        },
    )
    .unwrap();
    assert_eq!(d.get("nodes").unwrap().parent().unwrap().as_str(), "hub");
    let e = apply(
        &mut d,
        Command::Reparent {
            id: id("sys"),
            parent: Some(id("fw")),
            at: None,
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("AzureFirewallSubnet"), "{e}");
    let e = apply(
        &mut d,
        Command::Reparent {
            id: id("hub"),
            parent: Some(id("nodes")),
            at: None,
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("cannot go"), "{e}");
}

#[test]
fn update_and_rename() {
    let mut d = design();
    let mut pool = d.get("sys").unwrap().clone();
    if let Spec::NodePool(p) = &mut pool.spec {
        p.count = Some(5);
    }
    apply(&mut d, Command::Update(pool.clone())).unwrap();
    assert_eq!(d.spec::<NodePool>("sys").unwrap().count, Some(5));
    assert!(matches!(
        apply(&mut d, Command::Update(pool.clone())),
        Err(CommandError::Nothing(_))
    ));
    // A dangling reference is refused.
    if let Spec::NodePool(p) = &mut pool.spec {
        p.cluster = id("ghost");
    }
    assert!(apply(&mut d, Command::Update(pool)).is_err());
    // Kind cannot change.
    let mut wrong = d.get("rt").unwrap().clone();
    wrong.spec = d.get("nodes").unwrap().spec.clone();
    assert!(apply(&mut d, Command::Update(wrong)).is_err());
    apply(
        &mut d,
        Command::Rename {
            id: id("hub"),
            name: " vnet-hub ".into(),
        },
    )
    .unwrap();
    assert_eq!(d.get("hub").unwrap().name(), "vnet-hub");
    assert!(
        apply(
            &mut d,
            Command::Rename {
                id: id("hub"),
                name: "  ".into()
            }
        )
        .is_err()
    );
}

#[test]
fn paste_gives_fresh_ids_and_follows_references_inside_the_batch() {
    let mut d = design();
    let batch: Vec<Resource> = ["nodes", "sys"].iter().map(|i| d.get(i).unwrap().clone()).collect();
    let a = apply(
        &mut d,
        Command::Paste {
            resources: batch,
            offset: Point(20, 20),
        },
    )
    .unwrap();
    assert_eq!(a.created, vec![id("nodes-2"), id("sys-2")]);
    let copy = d.get("sys-2").unwrap();
    assert_eq!(copy.parent().unwrap().as_str(), "nodes-2");
    assert_eq!(copy.as_spec::<NodePool>().unwrap().cluster.as_str(), "aks");
    assert_eq!(
        d.get("nodes-2").unwrap().meta.at,
        None,
        "unpositioned copies stay automatic"
    );
    assert_eq!(d.get("nodes-2").unwrap().parent().unwrap().as_str(), "spoke");
    // Pasting a pool whose cluster is absent is refused.
    let mut other = Design::new("o");
    let pool = d.get("sys").unwrap().clone();
    assert!(
        apply(
            &mut other,
            Command::Paste {
                resources: vec![pool],
                offset: Point(0, 0)
            }
        )
        .is_err()
    );
}

#[test]
fn connect_follows_the_policy() {
    let mut d = design();
    let fw = starter(&d, Kind::Firewall, Some(&id("fw")), None).unwrap();
    let fw_id = fw.id.clone();
    apply(&mut d, Command::Add(fw)).unwrap();
    // Route table → firewall: a default route.
    let cmd = connect(&d, &fw_id, &id("rt")).unwrap();
    apply(&mut d, cmd).unwrap();
    let routes = &d.spec::<RouteTable>("rt").unwrap().routes;
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0].prefix.to_string(), "0.0.0.0/0");
    // Already peered.
    assert!(connect(&d, &id("spoke"), &id("hub")).is_err());
    let v = starter(&d, Kind::VirtualNetwork, None, None).unwrap();
    let v_id = v.id.clone();
    apply(&mut d, Command::Add(v)).unwrap();
    let cmd = connect(&d, &id("hub"), &v_id).unwrap();
    apply(&mut d, cmd).unwrap();
    assert_eq!(d.all::<VnetPeering>().count(), 2);
    let e = connect(&d, &id("rt"), &id("hub")).unwrap_err();
    assert!(e.to_string().contains("nothing connects"), "{e}");
}

#[test]
fn dropping_a_firewall_on_a_vnet_brings_its_subnet() {
    let mut d = design();
    // The spoke has no AzureFirewallSubnet: the subnet and the firewall come together.
    let cmd = create(&d, Kind::Firewall, Some(&id("spoke")), None).unwrap();
    let applied = apply(&mut d, cmd).unwrap();
    assert_eq!(applied.created.len(), 2);
    let subnet = d.get(applied.created[0].as_str()).unwrap();
    assert_eq!(subnet.name(), "AzureFirewallSubnet");
    assert_eq!(subnet.as_spec::<Subnet>().unwrap().size, Some(26));
    assert_eq!(subnet.meta.at, None, "laid out automatically");
    let fw = d.get(applied.created[1].as_str()).unwrap();
    assert_eq!(fw.parent(), Some(&subnet.id));
    // The hub has one already: the firewall goes into it.
    let cmd = create(&d, Kind::Firewall, Some(&id("hub")), None).unwrap();
    let applied = apply(&mut d, cmd).unwrap();
    assert_eq!(d.get(applied.created[0].as_str()).unwrap().parent(), Some(&id("fw")));
    // Kinds without a dedicated subnet keep the plain refusal.
    assert!(create(&d, Kind::NodePool, Some(&id("hub")), None).is_err());
}

fn nd(d: &Design, rule: &str) -> usize {
    crate::lint::lint(d, &crate::plan::plan(d))
        .iter()
        .filter(|f| f.rule == rule)
        .count()
}

#[test]
fn pasted_and_duplicated_resources_get_the_next_free_name_in_their_scope() {
    let mut d = design();
    let rt = starter(&d, Kind::RouteTable, None, None).unwrap();
    assert_eq!(rt.name(), "rt-1");
    apply(&mut d, Command::Add(rt.clone())).unwrap();
    let paste = |d: &mut Design, resources: Vec<Resource>| {
        let a = apply(
            d,
            Command::Paste {
                resources,
                offset: Point(32, 32),
            },
        )
        .unwrap();
        a.created
            .iter()
            .map(|i| d.get(i.as_str()).unwrap().name().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(paste(&mut d, vec![rt.clone()]), ["rt-2"]);
    assert_eq!(paste(&mut d, vec![rt]), ["rt-3"]);
    // A subnet duplicated in its VNet, a pool in its cluster: renamed.
    let batch: Vec<Resource> = ["nodes", "sys"].iter().map(|i| d.get(i).unwrap().clone()).collect();
    assert_eq!(paste(&mut d, batch), ["nodes-2", "sys2"]);
    // A copied VNet brings its subnets under their own names (a new scope):
    // AzureFirewallSubnet must keep its name.
    let batch: Vec<Resource> = ["hub", "fw"].iter().map(|i| d.get(i).unwrap().clone()).collect();
    assert_eq!(paste(&mut d, batch), ["hub-2", "AzureFirewallSubnet"]);
    assert_eq!(nd(&d, "ND191"), 0, "no duplicate Azure names after pasting");
}

#[test]
fn duplicate_azure_names_in_one_scope_are_flagged_by_lint() {
    // The rule the paste naming keeps clear of: two route tables named rt-1
    // in the default resource group, two subnets of one VNet.
    let mut d = design();
    let rt = starter(&d, Kind::RouteTable, None, None).unwrap();
    let mut twin = rt.clone();
    twin.id = id("rt-twin");
    apply(&mut d, Command::Add(rt)).unwrap();
    apply(&mut d, Command::Add(twin)).unwrap();
    assert_eq!(nd(&d, "ND191"), 1);
    let mut sub = d.get("nodes").unwrap().clone();
    sub.id = id("nodes-twin");
    if let Spec::Subnet(s) = &mut sub.spec {
        s.prefix = crate::model::SubnetPrefix::Auto;
        s.route_table = None;
    }
    apply(&mut d, Command::Add(sub)).unwrap();
    assert_eq!(nd(&d, "ND191"), 2);
    // The same name in another VNet is fine.
    let mut other = d.get("nodes-twin").unwrap().clone();
    other.id = id("hub-nodes");
    other.meta.parent = Some(id("hub"));
    apply(&mut d, Command::Add(other)).unwrap();
    assert_eq!(nd(&d, "ND191"), 2);
}

#[test]
fn a_new_vnet_takes_a_range_clear_of_the_design_and_of_aks_defaults() {
    let mut d = Design::new("fresh");
    let add = |d: &mut Design, kind: Kind, parent: Option<&Id>| {
        let r = starter(d, kind, parent, None).unwrap();
        let i = r.id.clone();
        apply(d, Command::Add(r)).unwrap();
        i
    };
    let hub = add(&mut d, Kind::VirtualNetwork, None);
    let space = |d: &Design, v: &Id| {
        d.spec::<crate::model::VirtualNetwork>(v.as_str())
            .unwrap()
            .address_space[0]
    };
    assert_eq!(
        space(&d, &hub).to_string(),
        "10.1.0.0/16",
        "not AKS's default service CIDR"
    );
    let spoke = add(&mut d, Kind::VirtualNetwork, None);
    assert_eq!(space(&d, &spoke).to_string(), "10.2.0.0/16");
    // A cluster at the defaults (service 10.0.0.0/16, pods 10.244.0.0/16) in the spoke, then the peering.
    let nodes = add(&mut d, Kind::Subnet, Some(&spoke));
    let aks = add(&mut d, Kind::AksCluster, Some(&spoke));
    let pool = starter(&d, Kind::NodePool, Some(&nodes), None).unwrap();
    apply(&mut d, Command::Add(pool)).unwrap();
    let cmd = connect(&d, &hub, &spoke).unwrap();
    apply(&mut d, cmd).unwrap();
    let aks_spec = d.spec::<crate::model::AksCluster>(aks.as_str()).unwrap();
    assert!(
        aks_spec.service_cidr.is_none() && aks_spec.pod_cidr.is_none(),
        "at the defaults"
    );
    for rule in ["ND004", "ND005", "ND006"] {
        assert_eq!(nd(&d, rule), 0, "{rule}");
    }
    // Ranges in the design are skipped too: on-premises, a cluster's own CIDRs.
    let mut c = d.get(aks.as_str()).unwrap().clone();
    if let Spec::AksCluster(a) = &mut c.spec {
        a.service_cidr = Some("10.3.0.0/16".parse().unwrap());
    }
    apply(&mut d, Command::Update(c)).unwrap();
    assert_eq!(free_vnet_space(&d).to_string(), "10.4.0.0/16");
    // Not 10.244.0.0/16: the 244th /16 is skipped when everything below is taken.
    for n in 4..=243 {
        let mut v = d.get(hub.as_str()).unwrap().clone();
        v.id = id(&format!("filler-{n}"));
        v.meta.name = format!("filler-{n}");
        if let Spec::VirtualNetwork(s) = &mut v.spec {
            s.address_space = vec![format!("10.{n}.0.0/16").parse().unwrap()];
        }
        apply(&mut d, Command::Add(v)).unwrap();
    }
    assert_eq!(free_vnet_space(&d).to_string(), "10.245.0.0/16");
}

#[test]
fn a_public_ip_connected_as_outbound_ip_is_detached_when_deleted() {
    // The cluster's `outbound_ips` were in the reference list but not in the
    // connection rules or the slots; all three come from the table now.
    let mut d = design();
    let pip = starter(&d, Kind::PublicIp, None, None).unwrap();
    let pip_id = pip.id.clone();
    apply(&mut d, Command::Add(pip)).unwrap();
    let cmd = connect(&d, &pip_id, &id("aks")).unwrap();
    apply(&mut d, cmd).unwrap();
    assert_eq!(d.spec::<AksCluster>("aks").unwrap().outbound_ips, vec![pip_id.clone()]);
    let plan = plan_delete(&d, std::slice::from_ref(&pip_id)).unwrap();
    assert_eq!(plan.detached, vec![id("aks")]);
    apply(&mut d, Command::Delete(vec![pip_id])).unwrap();
    assert!(d.spec::<AksCluster>("aks").unwrap().outbound_ips.is_empty());
}
