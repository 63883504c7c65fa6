//! Unit tests of the route engine: one documented rule each, on route lists
//! or on the baseline template changed in one place.

use std::net::Ipv4Addr;

use super::table::{RouteRole, mark, select};
use super::*;
use crate::plan::plan;
use crate::templates;

fn cidr(s: &str) -> RoutePrefix {
    RoutePrefix::Cidr(s.parse().unwrap())
}

fn route(prefix: &str, source: RouteSource, hop: NextHopType) -> EffectiveRoute {
    EffectiveRoute::new(cidr(prefix), source, hop, format!("{prefix} {source:?}"))
}

fn chosen(routes: &mut [EffectiveRoute], ip: &str) -> EffectiveRoute {
    mark(routes);
    let c = select(routes, &Destination::ip(ip.parse().unwrap())).unwrap();
    routes[c.index].clone()
}

/// udr-overview "How Azure selects a route": same prefix → user-defined,
/// then BGP, then system.
#[test]
fn same_prefix_user_beats_bgp_beats_system() {
    let mut r = vec![
        route("10.10.0.0/16", RouteSource::Default, NextHopType::None),
        route("10.10.0.0/16", RouteSource::Gateway, NextHopType::VirtualNetworkGateway),
        route("10.10.0.0/16", RouteSource::User, NextHopType::VirtualAppliance),
    ];
    assert_eq!(chosen(&mut r, "10.10.1.1").source, RouteSource::User);
    let mut r = vec![
        route("10.10.0.0/16", RouteSource::Default, NextHopType::None),
        route("10.10.0.0/16", RouteSource::Gateway, NextHopType::VirtualNetworkGateway),
    ];
    assert_eq!(chosen(&mut r, "10.10.1.1").source, RouteSource::Gateway);
}

/// Longest prefix first, whatever the source.
#[test]
fn longest_prefix_wins_over_source() {
    let mut r = vec![
        route("10.0.0.0/16", RouteSource::User, NextHopType::VirtualAppliance),
        route("10.0.0.0/24", RouteSource::Default, NextHopType::VnetLocal),
    ];
    assert_eq!(chosen(&mut r, "10.0.0.5").prefix, cidr("10.0.0.0/24"));
    assert_eq!(chosen(&mut r, "10.0.1.5").prefix, cidr("10.0.0.0/16"));
}

/// udr-overview note: VNet and peering system routes win even over more
/// specific BGP routes.
#[test]
fn peering_route_beats_more_specific_bgp() {
    let mut peering = route("10.1.0.0/16", RouteSource::Default, NextHopType::VNetPeering);
    peering.role = RouteRole::Peering;
    let mut r = vec![
        peering,
        route("10.1.5.0/24", RouteSource::Gateway, NextHopType::VirtualNetworkGateway),
    ];
    assert_eq!(chosen(&mut r, "10.1.5.100").next_hop, NextHopType::VNetPeering);
}

/// A 0.0.0.0/0 user route takes the reserved ranges' None routes with it.
#[test]
fn default_route_override_invalidates_reserved_none_routes() {
    let mut reserved = route("192.168.0.0/16", RouteSource::Default, NextHopType::None);
    reserved.role = RouteRole::Reserved;
    let mut internet = route("0.0.0.0/0", RouteSource::Default, NextHopType::Internet);
    internet.role = RouteRole::DefaultInternet;
    let mut r = vec![reserved.clone(), internet.clone()];
    assert_eq!(chosen(&mut r, "192.168.1.1").next_hop, NextHopType::None);
    let mut r = vec![
        reserved,
        internet,
        route("0.0.0.0/0", RouteSource::User, NextHopType::VirtualAppliance),
    ];
    assert_eq!(chosen(&mut r, "192.168.1.1").next_hop, NextHopType::VirtualAppliance);
}

/// PE-POL: a UDR overrides a private endpoint's /32 only when the endpoint's
/// subnet applies route tables and the UDR is at least as long as the VNet's
/// address space; 0.0.0.0/0 never does.
#[test]
fn private_endpoint_route_override() {
    let pe = |min| {
        let mut r = route("10.240.4.36/32", RouteSource::Default, NextHopType::InterfaceEndpoint);
        r.role = RouteRole::PrivateEndpoint { min_override_len: min };
        r
    };
    let udr16 = route("10.240.0.0/16", RouteSource::User, NextHopType::VirtualAppliance);
    let udr0 = route("0.0.0.0/0", RouteSource::User, NextHopType::VirtualAppliance);
    let mut r = vec![pe(None), udr16.clone()];
    assert_eq!(chosen(&mut r, "10.240.4.36").next_hop, NextHopType::InterfaceEndpoint);
    let mut r = vec![pe(Some(16)), udr16];
    assert_eq!(chosen(&mut r, "10.240.4.36").next_hop, NextHopType::VirtualAppliance);
    let mut r = vec![pe(Some(16)), udr0];
    assert_eq!(chosen(&mut r, "10.240.4.36").next_hop, NextHopType::InterfaceEndpoint);
}

/// Service-tag routes: a regional tag beats the top-level tag, and both
/// beat 0.0.0.0/0 for the service.
#[test]
fn service_tag_routes_rank_regional_first() {
    let mut r = vec![
        route("0.0.0.0/0", RouteSource::User, NextHopType::VirtualAppliance),
        EffectiveRoute::new(
            RoutePrefix::Tag("Storage".into()),
            RouteSource::User,
            NextHopType::Internet,
            "top",
        ),
        EffectiveRoute::new(
            RoutePrefix::Tag("Storage.WestEurope".into()),
            RouteSource::User,
            NextHopType::None,
            "regional",
        ),
    ];
    mark(&mut r);
    let dst = Destination {
        ip: None,
        service: Some(ServiceRef {
            tag: "Storage".into(),
            region: Some("westeurope".into()),
        }),
    };
    assert_eq!(r[select(&r, &dst).unwrap().index].label, "regional");
}

fn baseline(edit: &[(&str, &str)]) -> crate::model::Design {
    let mut text = templates::find("aks-baseline-hub-spoke").unwrap().text.to_owned();
    for (a, b) in edit {
        assert!(text.contains(a), "{a}");
        text = text.replacen(a, b, 1);
    }
    crate::file::parse(&text, "t").unwrap().design
}

pub(super) fn trace_ids(design: &crate::model::Design, from: &str, to: &str, port: u16) -> Path {
    let p = plan(design);
    let net = Net::build(design, &p);
    let from = resolve(&net, from).unwrap();
    let to = resolve(&net, to).unwrap();
    trace(&net, &from, &to, Proto::Tcp, port)
}

/// Gateway route propagation off: the spoke learns no on-premises route.
#[test]
fn bgp_propagation_setting_controls_gateway_routes() {
    let off = baseline(&[]);
    let p = plan(&off);
    let net = Net::build(&off, &p);
    let routes = effective_routes(&net, "nodes");
    assert!(!routes.iter().any(|r| r.source == RouteSource::Gateway));
    let on = baseline(&[("bgp_route_propagation = false\n", "")]);
    let p = plan(&on);
    let net = Net::build(&on, &p);
    let routes = effective_routes(&net, "nodes");
    let bgp = routes.iter().find(|r| r.source == RouteSource::Gateway).unwrap();
    assert_eq!(bgp.prefix, cidr("192.168.0.0/16"));
    // The learned /16 is longer than the 0.0.0.0/0 UDR: on-premises traffic
    // now goes straight to the gateway, past the firewall.
    let path = trace_ids(&on, "cluster", "dc", 443);
    assert_eq!(path.verdict, Verdict::Delivered, "{}", render_path(&path));
    assert!(
        path.hops
            .iter()
            .all(|h| h.resource.as_ref().is_none_or(|r| r.as_str() != "afw"))
    );
}

/// A network rule to a private destination: no SNAT, and the reply must come
/// back through the firewall.
#[test]
fn firewall_network_rule_keeps_private_source() {
    let d = baseline(&[(
        "[route_table.rt-spoke]",
        "[[firewall_policy.afwp.rules]]\nname = \"to-dc\"\nkind = \"network\"\nsources = [\"10.240.0.0/22\"]\ndestinations = [\"192.168.0.0/16\"]\nports = [\"22\"]\nprotocols = [\"TCP\"]\n\n[route_table.rt-spoke]",
    )]);
    let path = trace_ids(&d, "cluster", "dc", 22);
    let text = render_path(&path);
    assert!(text.contains("allowed by network rule to-dc"), "{text}");
    assert!(text.contains("no SNAT"), "{text}");
    assert_eq!(path.verdict, Verdict::Asymmetric, "{text}");
}

/// NAT gateway precedence: a NAT gateway on the subnet translates, not the
/// cluster's load balancer.
#[test]
fn nat_gateway_takes_precedence_over_load_balancer_outbound() {
    let text = templates::find("agic-cert-manager")
        .unwrap()
        .text
        .replacen(
            "nsg = \"nsg-aks\"\n",
            "nsg = \"nsg-aks\"\nnat_gateway = \"nat\"\n",
            1,
        )
        .replacen(
            "[nsg.nsg-aks]",
            "[nat_gateway.nat]\nname = \"ng\"\nparent = \"vnet\"\npublic_ips = [\"pip\"]\n\n[public_ip.pip]\nname = \"pip-ng\"\nparent = \"weu\"\n\n[nsg.nsg-aks]",
            1,
        );
    let d = crate::file::parse(&text, "t").unwrap().design;
    let path = trace_ids(&d, "cluster", "internet", 443);
    let text = render_path(&path);
    assert!(text.contains("SNAT by NAT gateway ng: source becomes pip-ng"), "{text}");
    assert!(!text.contains("Standard Load Balancer"), "{text}");
    let _ = Ipv4Addr::LOCALHOST;
}
