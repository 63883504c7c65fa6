//! Route engine tests of Virtual WAN hubs (`hub.rs`), on the
//! `virtual-wan-secured-hub` template changed in one place.

use super::tests::trace_ids;
use super::*;
use crate::plan::plan;
use crate::templates;

fn vwan(edit: &[(&str, &str)]) -> crate::model::Design {
    let mut text = templates::find("virtual-wan-secured-hub").unwrap().text.to_owned();
    for (a, b) in edit {
        assert!(text.contains(a), "{a}");
        text = text.replacen(a, b, 1);
    }
    crate::file::parse(&text, "t").unwrap().design
}

fn passes(path: &Path, id: &str) -> bool {
    path.hops
        .iter()
        .any(|h| h.resource.as_ref().is_some_and(|r| r.as_str() == id))
}

/// A connected spoke learns the branch's range from its hub, and private
/// routing intent adds the RFC 1918 ranges, all with the hub as next hop.
#[test]
fn a_connected_spoke_learns_its_hubs_routes() {
    let d = vwan(&[]);
    let p = plan(&d);
    let net = Net::build(&d, &p);
    let routes = effective_routes(&net, "nodes");
    let from_hub: Vec<String> = routes
        .iter()
        .filter(|r| r.origin.as_ref().is_some_and(|o| o.as_str() == "hub"))
        .map(EffectiveRoute::describe)
        .collect();
    for want in [
        "10.100.0.0/23",
        "10.120.0.0/16",
        "192.168.0.0/16",
        "10.0.0.0/8",
        "172.16.0.0/12",
    ] {
        assert!(
            from_hub.iter().any(|r| r.starts_with(want)),
            "{want} missing from {from_hub:?}"
        );
    }
    assert!(!from_hub.iter().any(|r| r.starts_with("0.0.0.0/0")), "{from_hub:?}");
}

/// Private routing intent: branch traffic goes through the hub's firewall,
/// which allows it by its network rule; without the rule it denies it.
#[test]
fn private_routing_intent_sends_branch_traffic_through_the_hub_firewall() {
    let path = trace_ids(&vwan(&[]), "cluster", "dc", 443);
    let text = render_path(&path);
    assert_eq!(path.verdict, Verdict::Delivered, "{text}");
    assert!(passes(&path, "hub") && passes(&path, "afw"), "{text}");
    let path = trace_ids(&vwan(&[]), "cluster", "dc", 22);
    assert_eq!(path.verdict, Verdict::Denied, "{}", render_path(&path));
}

/// From the datacentre in: the hub's VPN gateway, then its firewall (private
/// routing intent), then the spoke; the policy allows only spokes to the
/// datacentre, so a reply-less packet the other way is denied until a rule
/// allows it, and without routing intent the hub delivers past the firewall.
#[test]
fn branch_traffic_enters_through_the_hub_gateway_and_firewall() {
    let path = trace_ids(&vwan(&[]), "dc", "apps", 443);
    let text = render_path(&path);
    assert_eq!(path.verdict, Verdict::Denied, "{text}");
    assert!(
        passes(&path, "vpng") && passes(&path, "hub") && passes(&path, "afw"),
        "{text}"
    );
    let allowed = vwan(&[(
        "sources = [\"10.110.0.0/16\", \"10.120.0.0/16\"]\ndestinations = [\"192.168.0.0/16\"]",
        "sources = [\"192.168.0.0/16\"]\ndestinations = [\"10.120.0.0/16\"]",
    )]);
    let path = trace_ids(&allowed, "dc", "apps", 443);
    let text = render_path(&path);
    assert_eq!(path.verdict, Verdict::Delivered, "{text}");
    assert!(passes(&path, "afw") && passes(&path, "apps"), "{text}");
    let open = vwan(&[("routing_intent = \"private\"\n", "")]);
    let path = trace_ids(&open, "dc", "apps", 443);
    let text = render_path(&path);
    assert_eq!(path.verdict, Verdict::Delivered, "{text}");
    assert!(passes(&path, "hub") && !passes(&path, "afw"), "{text}");
}

/// No routing intent: the hub's router delivers without the firewall.
#[test]
fn without_routing_intent_the_hub_routes_past_its_firewall() {
    let d = vwan(&[("routing_intent = \"private\"\n", "")]);
    let path = trace_ids(&d, "cluster", "dc", 22);
    let text = render_path(&path);
    assert_eq!(path.verdict, Verdict::Delivered, "{text}");
    assert!(passes(&path, "hub") && !passes(&path, "afw"), "{text}");
}

/// Internet routing intent: the default route points at the hub, and the
/// firewall decides (no rule allows the pods' internet traffic here).
#[test]
fn internet_routing_intent_takes_the_default_route() {
    let d = vwan(&[(
        "routing_intent = \"private\"",
        "routing_intent = \"internet-and-private\"",
    )]);
    let path = trace_ids(&d, "cluster", "internet", 443);
    let text = render_path(&path);
    assert!(passes(&path, "afw"), "{text}");
    assert_eq!(path.verdict, Verdict::Denied, "{text}");
}

/// The hub's prefix counts in the planner: overlapping a connected VNet is an overlap.
#[test]
fn a_hub_prefix_overlapping_a_connected_vnet_is_an_overlap() {
    let d = vwan(&[(
        "address_prefix = \"10.100.0.0/23\"",
        "address_prefix = \"10.120.0.0/23\"",
    )]);
    let p = plan(&d);
    assert!(
        p.overlaps
            .iter()
            .any(|o| o.a.what == "virtual-hub" || o.b.what == "virtual-hub"),
        "{:?}",
        p.overlaps
    );
    assert!(plan(&vwan(&[])).overlaps.is_empty());
}
