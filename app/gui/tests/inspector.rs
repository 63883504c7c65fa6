//! The inspector's list editors driven through the real app: NSG rules,
//! private DNS zone links, a NAT gateway's public IPs, Traffic Manager
//! endpoints. Click by label, type, check the design.
#![allow(clippy::unwrap_used)] // the helpers below are test code too

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use netdraft_core::Design;
use netdraft_core::model::{Direction, Kind, NatGateway, Nsg, PrivateDnsZone, TrafficManager};
use netdraft_gui::NetdraftApp;

mod common;
use common::*;

fn nsg(h: &Harness<'_, NetdraftApp>) -> Nsg {
    only(h.state(), Kind::Nsg).as_spec::<Nsg>().unwrap().clone()
}

fn undo(h: &mut Harness<'_, NetdraftApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
}

/// Scrolls the inspector to the widget labelled `label` (the panel is
/// shorter than a long list of rules), then clicks it.
fn click(h: &mut Harness<'_, NetdraftApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Opens the "Add …" menu labelled `menu` and picks `item` from it.
fn pick(h: &mut Harness<'_, NetdraftApp>, menu: &str, item: &str) {
    h.get_by_role_and_label(egui::Role::Button, menu).scroll_to_me();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, menu).click();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, item).click();
    h.run();
}

/// Opens the drop-down labelled `combo` and picks `item` from it.
fn choose(h: &mut Harness<'_, NetdraftApp>, combo: &str, item: &str) {
    h.get_by_label(combo).scroll_to_me();
    h.run();
    h.get_by_label(combo).click();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, item).click();
    h.run();
}

/// Clicks a palette entry that may be scrolled out of view.
fn palette_scrolled(h: &mut Harness<'_, NetdraftApp>, label: &str) {
    h.get_by_role_and_label(egui::Role::Button, label).scroll_to_me();
    h.run();
    palette(h, label);
}

/// Selects a resource by clicking its box on the canvas.
fn select(h: &mut Harness<'_, NetdraftApp>, name: &str) {
    h.get_by_role_and_label(egui::Role::ListItem, name).click();
    h.run();
}

#[test]
fn nsg_rules_are_added_validated_as_typed_reordered_and_undone() {
    let mut h = harness(Design::new("t"), None);
    palette(&mut h, "Network security group");
    assert!(nsg(&h).rules.is_empty());
    click(&mut h, "Add rule");
    h.run();
    click(&mut h, "Add rule");
    h.run();
    let rules = nsg(&h).rules;
    assert_eq!(
        rules.iter().map(|r| (r.name.as_str(), r.priority)).collect::<Vec<_>>(),
        [("rule-1", 100), ("rule-2", 110)]
    );
    assert!(rules.iter().all(|r| r.direction == Direction::Inbound));

    // A duplicate priority in the same direction: the reason shows while typing, nothing is applied.
    let before = h.state().design().clone();
    type_into(&mut h, "Rule rule-2 priority", "100");
    assert!(
        h.query_by_label_contains("already used by inbound rule rule-1")
            .is_some(),
        "the reason shows while typing"
    );
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().design(), &before, "no command for a duplicate priority");
    // Out of Azure's range: refused too.
    type_into(&mut h, "Rule rule-2 priority", "5000");
    assert!(h.query_by_label_contains("out of range").is_some());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().design(), &before);

    // Fixed: applied as one step, and undo restores it.
    type_and_enter(&mut h, "Rule rule-2 priority", "120");
    assert_eq!(nsg(&h).rules[1].priority, 120);
    undo(&mut h);
    assert_eq!(h.state().design(), &before, "one undo restores the priority");

    // Ports and addresses are checked as typed as well.
    type_into(&mut h, "Rule rule-1 destination ports", "443-80");
    assert!(h.query_by_label_contains("from the lower port to the higher").is_some());
    type_and_enter(&mut h, "Rule rule-1 destination ports", "80, 8080-8090");
    assert_eq!(nsg(&h).rules[0].destination_ports, "80, 8080-8090");
    type_and_enter(&mut h, "Rule rule-1 source", "AzureLoadBalancer");
    assert_eq!(nsg(&h).rules[0].source, "AzureLoadBalancer");

    // Reorder: moving rule-1 down swaps its priority with the next inbound rule.
    click(&mut h, "Move rule rule-1 down");
    h.run();
    let rules = nsg(&h).rules;
    assert_eq!((rules[0].priority, rules[1].priority), (110, 100));

    click(&mut h, "Remove rule rule-2");
    h.run();
    let rules = nsg(&h).rules;
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].name, "rule-1");
    undo(&mut h);
    assert_eq!(nsg(&h).rules.len(), 2, "one undo brings the rule back");
}

#[test]
fn a_dns_zone_links_and_unlinks_vnets_and_keeps_registration_linked() {
    let mut h = harness(Design::new("t"), None);
    palette(&mut h, "Virtual network");
    palette_scrolled(&mut h, "Private DNS zone");
    let vnet = only(h.state(), Kind::VirtualNetwork).id;
    let zone = |h: &Harness<'_, NetdraftApp>| {
        only(h.state(), Kind::PrivateDnsZone)
            .as_spec::<PrivateDnsZone>()
            .unwrap()
            .clone()
    };
    pick(&mut h, "Add linked VNet", "vnet-1 (Virtual network)");
    assert_eq!(zone(&h).links, std::slice::from_ref(&vnet));
    assert!(zone(&h).registration.is_empty());
    click(&mut h, "Remove linked VNet vnet-1");
    h.run();
    assert!(zone(&h).links.is_empty());

    // Auto-registration rides on the link: adding it links the VNet in the same step.
    pick(&mut h, "Add registration VNet", "vnet-1 (Virtual network)");
    assert_eq!(zone(&h).registration, std::slice::from_ref(&vnet));
    assert_eq!(zone(&h).links, std::slice::from_ref(&vnet));
    undo(&mut h);
    assert!(zone(&h).links.is_empty() && zone(&h).registration.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    // Unlinking stops the registration too.
    click(&mut h, "Remove linked VNet vnet-1");
    h.run();
    assert!(zone(&h).links.is_empty() && zone(&h).registration.is_empty());
}

#[test]
fn a_nat_gateway_takes_public_ips_from_the_design_and_lets_them_go() {
    let mut h = harness(Design::new("t"), None);
    palette(&mut h, "NAT gateway");
    palette(&mut h, "Public IP");
    palette(&mut h, "Public IP");
    select(&mut h, "ng-1");
    let ips = |h: &Harness<'_, NetdraftApp>| {
        only(h.state(), Kind::NatGateway)
            .as_spec::<NatGateway>()
            .unwrap()
            .public_ips
            .iter()
            .map(|id| h.state().design().get(id.as_str()).unwrap().name().to_owned())
            .collect::<Vec<_>>()
    };
    pick(&mut h, "Add public IP", "pip-1 (Public IP)");
    pick(&mut h, "Add public IP", "pip-2 (Public IP)");
    assert_eq!(ips(&h), ["pip-1", "pip-2"]);
    assert!(
        h.query_by_label_contains("2 of 16 addresses").is_some(),
        "the limit shows"
    );
    click(&mut h, "Remove public IP pip-1");
    h.run();
    assert_eq!(ips(&h), ["pip-2"]);
}

const FULL_NAT: &str = r#"format = 1
name = "full"

[nat_gateway.ng]
name = "ng-full"
public_ips = ["prefix"]

[public_ip.prefix]
name = "pip-prefix-28"
prefix_length = 28

[public_ip.one]
name = "pip-one"
"#;

#[test]
fn a_nat_gateway_refuses_public_ips_beyond_sixteen_addresses_with_a_reason() {
    let design = netdraft_core::file::parse(FULL_NAT, "full.toml").unwrap().design;
    let mut h = harness(design, None);
    select(&mut h, "ng-full");
    assert!(h.query_by_label_contains("16 of 16 addresses").is_some());
    let add = h.get_by_role_and_label(egui::Role::Button, "Add public IP");
    assert!(add.accesskit_node().is_disabled(), "no room left");
    assert!(
        h.query_by_label_contains("pip-one would take 1 more of the 16 addresses allowed")
            .is_some(),
        "the reason is on screen"
    );
    click(&mut h, "Add public IP");
    h.run();
    assert!(
        h.query_by_role_and_label(egui::Role::Button, "pip-one (Public IP)")
            .is_none()
    );
    // Removing the prefix makes room again.
    click(&mut h, "Remove public IP pip-prefix-28");
    h.run();
    pick(&mut h, "Add public IP", "pip-one (Public IP)");
    let nat = only(h.state(), Kind::NatGateway);
    assert_eq!(nat.as_spec::<NatGateway>().unwrap().public_ips.len(), 1);
    assert_eq!(nat.as_spec::<NatGateway>().unwrap().public_ips[0].as_str(), "one");
}

#[test]
fn a_traffic_manager_gets_an_endpoint_from_the_design() {
    let mut h = harness(Design::new("t"), None);
    palette_scrolled(&mut h, "Traffic Manager");
    palette_scrolled(&mut h, "Public IP");
    select(&mut h, "traf-1");
    assert!(h.query_by_label("Remove endpoint pip-1").is_none());
    pick(&mut h, "Add endpoint", "pip-1 (Public IP)");
    let tm = only(h.state(), Kind::TrafficManager);
    let pip = only(h.state(), Kind::PublicIp).id;
    assert_eq!(tm.as_spec::<TrafficManager>().unwrap().endpoints, [pip]);
    assert!(h.query_by_label("Remove endpoint pip-1").is_some());
    undo(&mut h);
    let tm = only(h.state(), Kind::TrafficManager);
    assert!(tm.as_spec::<TrafficManager>().unwrap().endpoints.is_empty());
}

#[test]
fn a_front_door_takes_an_origin_and_a_firewall_policy_gets_a_checked_rule() {
    use netdraft_core::model::{FirewallPolicy, FirewallRuleKind, FrontDoor};
    let mut h = harness(Design::new("t"), None);
    palette_scrolled(&mut h, "Front Door");
    palette_scrolled(&mut h, "Public IP");
    select(&mut h, "afd-1");
    pick(&mut h, "Add origin", "pip-1 (Public IP)");
    let afd = only(h.state(), Kind::FrontDoor);
    assert_eq!(afd.as_spec::<FrontDoor>().unwrap().origins.len(), 1);

    palette_scrolled(&mut h, "Firewall policy");
    click(&mut h, "Add policy rule");
    h.run();
    let policy = |h: &Harness<'_, NetdraftApp>| {
        only(h.state(), Kind::FirewallPolicy)
            .as_spec::<FirewallPolicy>()
            .unwrap()
            .clone()
    };
    assert_eq!(policy(&h).rules.len(), 1);
    assert_eq!(policy(&h).rules[0].kind, FirewallRuleKind::Application);
    let before = h.state().design().clone();
    // An application rule's ports are Protocol:port.
    type_into(&mut h, "Policy rule rule-1 ports", "443");
    assert!(
        h.query_by_label_contains("application rules take Protocol:port")
            .is_some()
    );
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().design(), &before);
    type_and_enter(&mut h, "Policy rule rule-1 ports", "Https:443, Http:80");
    assert_eq!(policy(&h).rules[0].ports, ["Https:443", "Http:80"]);
    type_and_enter(&mut h, "Policy rule rule-1 destinations", "*.contoso.com, contoso.com");
    assert_eq!(policy(&h).rules[0].destinations, ["*.contoso.com", "contoso.com"]);
    click(&mut h, "Remove policy rule rule-1");
    h.run();
    assert!(policy(&h).rules.is_empty());
}

#[test]
fn nsg_priorities_are_unique_per_direction_not_across_directions() {
    let mut h = harness(Design::new("t"), None);
    palette(&mut h, "Network security group");
    click(&mut h, "Add rule");
    h.run();
    click(&mut h, "Add rule");
    h.run();
    // rule-2 goes outbound; there it may share priority 100 with the inbound rule-1.
    choose(&mut h, "Rule rule-2 direction", "Outbound");
    assert_eq!(nsg(&h).rules[1].direction, Direction::Outbound);
    type_and_enter(&mut h, "Rule rule-2 priority", "100");
    assert_eq!(nsg(&h).rules[1].priority, 100);
    // Back to inbound would clash with rule-1: refused, with the reason.
    let before = h.state().design().clone();
    choose(&mut h, "Rule rule-2 direction", "Inbound");
    assert_eq!(h.state().design(), &before);
    assert!(
        h.query_by_label_contains("Rule rule-2 cannot become inbound").is_some(),
        "the refusal says why"
    );
}

#[test]
fn plain_lists_are_edited_as_checked_comma_separated_text() {
    let mut h = harness(Design::new("empty"), None);
    palette(&mut h, "Virtual network");
    let vnet = only(h.state(), Kind::VirtualNetwork);
    type_and_enter(&mut h, "DNS servers", "10.0.0.4, 10.0.0.999");
    assert!(h.query_by_label_contains("10.0.0.999").is_some());
    let dns = |h: &Harness<'_, NetdraftApp>| {
        h.state()
            .design()
            .get(vnet.id.as_str())
            .unwrap()
            .as_spec::<netdraft_core::model::VirtualNetwork>()
            .unwrap()
            .dns_servers
            .clone()
    };
    assert!(dns(&h).is_empty(), "a bad address changes nothing");
    type_and_enter(&mut h, "DNS servers", "10.0.0.4, 10.0.0.5");
    assert_eq!(dns(&h).len(), 2);
    undo(&mut h);
    assert!(dns(&h).is_empty(), "one undo step");

    h.get_by_role_and_label(egui::Role::ListItem, "vnet-1").click();
    h.run();
    palette_scrolled(&mut h, "Public IP");
    let pip = only(h.state(), Kind::PublicIp);
    let zones = |h: &Harness<'_, NetdraftApp>| {
        h.state()
            .design()
            .get(pip.id.as_str())
            .unwrap()
            .as_spec::<netdraft_core::model::PublicIp>()
            .unwrap()
            .zones
            .clone()
    };
    type_and_enter(&mut h, "Zones", "1, 4");
    assert!(h.query_by_label_contains("a zone is 1, 2 or 3").is_some());
    assert!(zones(&h).is_empty());
    type_and_enter(&mut h, "Zones", "1, 2, 2");
    assert_eq!(zones(&h), ["1", "2"], "each zone once");
}
