use super::*;
use crate::file;

fn design(text: &str) -> Design {
    file::parse(text, "test").unwrap_or_else(|e| panic!("{e}")).design
}

const HEADER: &str = "format = 1\nname = \"t\"\n";

#[test]
fn a_29_node_subnet_for_50_azure_cni_nodes_is_reported_with_exact_numbers() {
    let d = design(&format!(
        r#"{HEADER}
[vnet.v]
name = "v"
address_space = ["10.1.0.0/16"]
[subnet.nodes]
name = "snet-nodes"
parent = "v"
prefix = "10.1.0.0/29"
[aks.c]
name = "aks"
network_model = "azure"
[node_pool.p]
name = "pool"
parent = "nodes"
cluster = "c"
vm_size = "Standard_D4ds_v5"
count = 50
max_pods = 30
max_surge = 1
"#
    ));
    let p = plan(&d);
    let s = p.subnet("nodes").unwrap();
    assert_eq!((s.usable, s.demand), (3, 1_581));
    let issue = p.issues.iter().find(|i| i.code == "subnet-too-small").unwrap();
    assert!(
        issue.message.contains("3 usable addresses but needs 1581"),
        "{}",
        issue.message
    );
    assert!(
        issue
            .message
            .contains("(50 nodes + 1 surge) × (30 max pods + 1) = 1,581"),
        "{}",
        issue.message
    );
    assert!(issue.fix.contains("/21"), "{}", issue.fix);
    assert_eq!(p.cluster("c").unwrap().pools[0].headroom_nodes, Some(0));
}

#[test]
fn an_overlay_pod_cidr_inside_a_peered_spoke_is_reported_with_exact_ranges() {
    let d = design(&format!(
        r#"{HEADER}
[vnet.hub]
name = "hub"
address_space = ["10.0.0.0/16"]
[vnet.spoke]
name = "spoke"
address_space = ["10.244.0.0/16"]
[peering.p]
name = "p"
from = "hub"
to = "spoke"
[subnet.nodes]
name = "nodes"
parent = "hub"
prefix = "10.0.1.0/24"
[aks.c]
name = "aks"
network_model = "overlay"
service_cidr = "172.16.0.0/16"
dns_service_ip = "172.16.0.10"
[node_pool.p1]
name = "p1"
parent = "nodes"
cluster = "c"
vm_size = "x"
count = 3
"#
    ));
    let p = plan(&d);
    let o = p
        .overlaps
        .iter()
        .find(|o| o.a.what == "pod-cidr" || o.b.what == "pod-cidr")
        .expect("pod CIDR overlap");
    let ranges = [o.a.cidr.to_string(), o.b.cidr.to_string()];
    assert!(ranges.contains(&"10.244.0.0/16".to_owned()), "{o:?}");
    assert!(o.a.owner.as_str() == "spoke" || o.b.owner.as_str() == "spoke", "{o:?}");
    assert!(o.rule.contains("pod CIDR"));
    assert!(p.has_errors());
}

#[test]
fn auto_subnets_are_sized_with_margin_packed_around_fixed_ones_and_stable() {
    let d = design(&format!(
        r#"{HEADER}
[settings]
growth_margin_percent = 25
[vnet.v]
name = "v"
address_space = ["10.1.0.0/22"]
[subnet.fixed]
name = "fixed"
parent = "v"
prefix = "10.1.0.0/24"
[subnet.nodes]
name = "nodes"
parent = "v"
prefix = "auto"
[subnet.small]
name = "small"
parent = "v"
prefix = "auto"
size = 28
[aks.c]
name = "aks"
network_model = "azure"
[node_pool.p]
name = "p"
parent = "nodes"
cluster = "c"
vm_size = "x"
count = 5
max_pods = 30
max_surge = 1
"#
    ));
    let p = plan(&d);
    // (5 + 1) × 31 = 186; × 1.25 = 233 → /24 (251 usable).
    let nodes = p.subnet("nodes").unwrap();
    assert_eq!(nodes.demand, 186);
    assert_eq!(nodes.prefix.unwrap().to_string(), "10.1.1.0/24");
    assert!(nodes.auto);
    assert_eq!(p.subnet("small").unwrap().prefix.unwrap().to_string(), "10.1.2.0/28");
    assert_eq!(p.next_free(&d, "v", 24).unwrap().to_string(), "10.1.3.0/24");
    assert_eq!(plan(&d), p, "same input, same plan");
    assert!(p.issues.is_empty(), "{:?}", p.issues);
}

#[test]
fn a_full_vnet_says_how_much_is_missing() {
    let d = design(&format!(
        r#"{HEADER}
[vnet.v]
name = "vnet-small"
address_space = ["10.1.0.0/24"]
[subnet.a]
name = "a"
parent = "v"
prefix = "10.1.0.0/25"
[subnet.b]
name = "b"
parent = "v"
prefix = "auto"
size = 24
"#
    ));
    let p = plan(&d);
    let i = p.issues.iter().find(|i| i.code == "vnet-full").unwrap();
    assert!(i.message.contains("needs a /24 (256 addresses)"), "{}", i.message);
    assert!(
        i.message.contains("a /25 (128 addresses); 128 addresses are missing"),
        "{}",
        i.message
    );
}

#[test]
fn special_subnets_below_their_minimum_are_flagged() {
    let d = design(&format!(
        r#"{HEADER}
[vnet.v]
name = "v"
address_space = ["10.1.0.0/24"]
[subnet.bastion]
name = "AzureBastionSubnet"
parent = "v"
prefix = "10.1.0.0/27"
[subnet.agw]
name = "snet-agw"
parent = "v"
prefix = "10.1.0.32/27"
[app_gateway.g]
name = "agw"
parent = "agw"
max_capacity = 10
"#
    ));
    let p = plan(&d);
    let min = p.issues.iter().find(|i| i.code == "subnet-below-minimum").unwrap();
    assert_eq!(min.resources[0].as_str(), "bastion");
    assert!(min.message.contains("/26"), "{}", min.message);
    let rec = p.issues.iter().find(|i| i.code == "subnet-below-recommended").unwrap();
    assert_eq!(rec.resources[0].as_str(), "agw");
}

#[test]
fn cluster_range_rules() {
    let d = design(&format!(
        r#"{HEADER}
[aks.a]
name = "a"
network_model = "overlay"
service_cidr = "10.0.0.0/12"
dns_service_ip = "10.0.0.1"
pod_cidr = "172.16.0.0/12"
[aks.b]
name = "b"
network_model = "kubenet"
service_cidr = "10.0.0.0/16"
dns_service_ip = "10.1.0.10"
"#
    ));
    let p = plan(&d);
    let codes: Vec<&str> = p.issues.iter().map(|i| i.code).collect();
    assert!(codes.contains(&"service-cidr-too-large"), "{codes:?}");
    assert!(codes.contains(&"dns-ip-first-address"), "{codes:?}");
    assert!(codes.contains(&"dns-ip-outside-service-cidr"), "{codes:?}");
}

#[test]
fn every_starter_template_plans_without_errors_or_overlaps() {
    for t in crate::templates::ALL {
        let d = t.load().unwrap().design;
        let p = plan(&d);
        assert!(p.overlaps.is_empty(), "{}: {:?}", t.name, p.overlaps);
        let errors: Vec<_> = p.issues.iter().filter(|i| i.severity == IssueSeverity::Error).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", t.name);
    }
}

#[test]
fn generated_designs_plan_cleanly() {
    let d = crate::generate::generate(&crate::generate::GenerateOptions {
        hubs: 2,
        spokes_per_hub: 4,
        clusters: 6,
        subnets_per_spoke: 6,
        seed: 1,
    })
    .unwrap();
    let p = plan(&d);
    assert!(p.overlaps.is_empty(), "{:?}", p.overlaps);
    assert!(!p.has_errors(), "{:#?}", p.issues);
    assert!(p.vnets.iter().flat_map(|v| &v.subnets).all(|s| s.prefix.is_some()));
}

#[test]
fn every_prefix_of_a_multi_prefix_subnet_is_taken_and_an_unconnected_peering_joins_nothing() {
    let d = design(&format!(
        r#"{HEADER}
[vnet.v]
name = "v"
address_space = ["10.1.0.0/22"]
[vnet.w]
name = "w"
address_space = ["10.1.0.0/22"]
[subnet.multi]
name = "multi"
parent = "v"
prefix = "10.1.0.0/24"
extra_prefixes = ["10.1.1.0/24"]
[subnet.other]
name = "other"
parent = "v"
prefix = "auto"
size = 24
[peering.vw]
name = "v-to-w"
from = "v"
to = "w"
state = "Initiated"
"#
    ));
    let p = plan(&d);
    // The second prefix is not free: the auto subnet goes after it.
    assert_eq!(p.subnet("other").unwrap().prefix.unwrap().to_string(), "10.1.2.0/24");
    assert_eq!(p.next_free(&d, "v", 24).unwrap().to_string(), "10.1.3.0/24");
    // An `Initiated` peering carries no traffic: the equal spaces do not overlap in one component.
    assert!(
        !p.overlaps.iter().any(|o| o.a.what == "vnet" || o.b.what == "vnet"),
        "{:?}",
        p.overlaps
    );
    let t = crate::topology::Topology::build(&d);
    assert!(t.peers_of("v").is_empty());
    assert_ne!(t.component_of("v"), t.component_of("w"));
}
