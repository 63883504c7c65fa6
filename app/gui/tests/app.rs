//! The designer driven through its real UI with egui_kittest (no renderer):
//! click by label, type, press shortcuts, check the design. Editing on the
//! canvas, in the palette, the inspector and the command table here; files,
//! exports and the gallery in `files.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: that is a failed test

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use netdraft_core::Design;
use netdraft_core::model::{Kind, NodePool, Subnet};
use netdraft_gui::derived::Level;

mod common;
use common::*;

#[test]
fn create_a_vnet_and_a_subnet_from_the_palette_then_rename_undo_and_redo() {
    let mut h = harness(Design::new("empty"), None);
    palette(&mut h, "Virtual network");
    let vnet = only(h.state(), Kind::VirtualNetwork);
    assert!(h.state().selection().contains(&vnet.id), "a new resource is selected");
    // With the VNet selected, the subnet goes inside it.
    palette(&mut h, "Subnet");
    let subnet = only(h.state(), Kind::Subnet);
    assert_eq!(subnet.parent(), Some(&vnet.id));
    assert!(
        h.state().window_title().starts_with("• "),
        "{}",
        h.state().window_title()
    );

    // Select the VNet on the canvas (its node is labelled with its name) and rename it.
    h.get_by_role_and_label(egui::Role::ListItem, "vnet-1").click();
    h.run();
    assert_eq!(h.state().selection().iter().next(), Some(&vnet.id));
    rename(&mut h, "vnet-hub");
    assert_eq!(h.state().design().get(vnet.id.as_str()).unwrap().name(), "vnet-hub");

    // Undo the rename, then the subnet; redo both.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().design().get(vnet.id.as_str()).unwrap().name(), "vnet-1");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().design().of_kind(Kind::Subnet).count(), 0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(h.state().design().of_kind(Kind::Subnet).count(), 1);
    assert_eq!(h.state().design().get(vnet.id.as_str()).unwrap().name(), "vnet-hub");
}

#[test]
fn the_containment_policy_refuses_with_a_reason_or_brings_the_dedicated_subnet() {
    let mut h = harness(Design::new("empty"), None);
    palette(&mut h, "Virtual network");
    palette(&mut h, "Subnet");
    let before = h.state().design().clone();
    // A node pool needs a cluster first; nothing changes and the status says why.
    palette(&mut h, "Node pool");
    assert_eq!(h.state().design(), &before);
    let status = h.state().status().unwrap().clone();
    assert!(status.error && status.text.contains("AKS cluster"), "{status:?}");
    // A firewall with a subnet selected: it goes into a new AzureFirewallSubnet of that VNet, in one step.
    palette(&mut h, "Azure Firewall");
    let fw = only(h.state(), Kind::Firewall);
    let fw_subnet = h.state().design().get(fw.parent().unwrap().as_str()).unwrap().clone();
    assert_eq!(fw_subnet.name(), "AzureFirewallSubnet");
    assert_eq!(fw_subnet.parent(), Some(&only(h.state(), Kind::VirtualNetwork).id));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().design(), &before, "one undo removes both");
}

#[test]
fn place_a_node_pool_and_change_its_node_count_in_the_inspector() {
    let mut h = harness(Design::new("empty"), None);
    palette(&mut h, "AKS cluster");
    palette(&mut h, "Virtual network");
    palette(&mut h, "Subnet");
    palette(&mut h, "Node pool");
    let pool = only(h.state(), Kind::NodePool);
    let cluster = only(h.state(), Kind::AksCluster);
    assert_eq!(pool.as_spec::<NodePool>().unwrap().cluster, cluster.id);
    assert_eq!(pool.as_spec::<NodePool>().unwrap().count, Some(3));
    let subnet = only(h.state(), Kind::Subnet).id;
    let demand_before = h.state().plan().subnet(subnet.as_str()).unwrap().demand;
    assert!(demand_before > 0, "the node subnet's demand comes from the pool");
    // The node count is a drag value labelled "Node count": type a new value.
    h.get_by_label("Node count").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Node count").type_text("7");
    h.key_press(Key::Enter);
    h.run();
    let pool = only(h.state(), Kind::NodePool);
    assert_eq!(pool.as_spec::<NodePool>().unwrap().count, Some(7));
    let demand_after = h.state().plan().subnet(subnet.as_str()).unwrap().demand;
    assert!(
        demand_after > demand_before,
        "the plan follows: {demand_before} -> {demand_after}"
    );
    // The plan tab shows the subnet, and the inspector explains the pool's numbers.
    assert!(
        h.query_all_by_label_contains("snet-1").count() >= 2,
        "on the canvas and in the plan"
    );
    assert!(h.query_by_label("Planned nodes").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        only(h.state(), Kind::NodePool).as_spec::<NodePool>().unwrap().count,
        Some(3)
    );
}

#[test]
fn cidr_fields_validate_as_you_type() {
    let mut h = harness(Design::new("empty"), None);
    palette(&mut h, "Virtual network");
    palette(&mut h, "Subnet");
    h.get_by_label("Prefix").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Prefix").type_text("10.0.0.0/33");
    h.run();
    assert!(
        h.query_by_label_contains("out of range").is_some(),
        "the reason shows while typing"
    );
    h.key_press(Key::Enter);
    h.run();
    let s = only(h.state(), Kind::Subnet);
    assert_eq!(
        s.as_spec::<Subnet>().unwrap().prefix.to_string(),
        "auto",
        "bad text is not applied"
    );
    assert!(
        h.query_by_label("Not applied: the design keeps `auto` until this is fixed.")
            .is_some(),
        "and the field says so, with the value still in force"
    );
    h.get_by_label("Prefix").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Prefix").type_text("10.0.1.0/24");
    h.key_press(Key::Enter);
    h.run();
    let s = only(h.state(), Kind::Subnet);
    assert_eq!(s.as_spec::<Subnet>().unwrap().prefix.to_string(), "10.0.1.0/24");
}

#[test]
fn delete_shows_dependants_first() {
    let mut h = harness(Design::new("empty"), None);
    palette(&mut h, "Virtual network");
    palette(&mut h, "Subnet");
    h.get_by_role_and_label(egui::Role::ListItem, "vnet-1").click();
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert!(h.query_by_label("Delete with dependants?").is_some());
    assert_eq!(h.state().design().len(), 2, "nothing is deleted before the answer");
    h.get_by_label("Delete 2 resources").click();
    h.run();
    assert!(h.state().design().is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().design().len(), 2, "one undo brings both back");
}

#[test]
fn copy_paste_gives_fresh_copies() {
    let mut h = harness(Design::new("empty"), None);
    palette(&mut h, "Virtual network");
    palette(&mut h, "Subnet");
    h.get_by_role_and_label(egui::Role::ListItem, "vnet-1").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    assert_eq!(h.state().design().of_kind(Kind::VirtualNetwork).count(), 2);
    assert_eq!(h.state().design().of_kind(Kind::Subnet).count(), 2);
    let subnets: Vec<_> = h.state().design().of_kind(Kind::Subnet).cloned().collect();
    assert_ne!(
        subnets[0].parent(),
        subnets[1].parent(),
        "the copy's subnet sits in the copied VNet"
    );
}

#[test]
fn every_kind_in_the_palette_has_hover_text_and_a_label() {
    let h = harness(Design::new("empty"), None);
    for kind in Kind::ALL {
        assert!(
            h.query_by_role_and_label(egui::Role::Button, kind.label()).is_some(),
            "{kind:?} missing from the palette"
        );
    }
}

#[test]
fn drag_from_the_palette_move_on_the_canvas_and_connect_two_vnets() {
    let mut h = harness(Design::new("empty"), None);
    // Drag a VNet from the palette onto the canvas.
    let source = h
        .get_by_role_and_label(egui::Role::Button, "Virtual network")
        .rect()
        .center();
    drag(&mut h, source, egui::pos2(600.0, 300.0));
    assert_eq!(h.state().design().of_kind(Kind::VirtualNetwork).count(), 1);
    palette(&mut h, "Virtual network");
    assert_eq!(h.state().design().of_kind(Kind::VirtualNetwork).count(), 2);

    // Move vnet-1 by its title band: one command, one undo step.
    let before = h.state().design().clone();
    let grip = h.get_by_role_and_label(egui::Role::ListItem, "vnet-1").rect().center();
    // (To the right: vnet-2 went below vnet-1, into free space, and a VNet
    // dropped onto a VNet is refused.)
    drag(&mut h, grip, grip + egui::vec2(320.0, 0.0));
    assert_ne!(h.state().design(), &before, "{:?}", h.state().status());
    assert!(h.state().design().get("vnet-1").unwrap().meta.at.is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().design(), &before, "a drag is one undo step");

    // The connection tool: from one VNet to the other makes a peering.
    h.get_by_label("Connect").click();
    h.run();
    let a = h.get_by_role_and_label(egui::Role::ListItem, "vnet-1").rect().center();
    let b = h.get_by_role_and_label(egui::Role::ListItem, "vnet-2").rect().center();
    drag(&mut h, a, b);
    let peerings: Vec<_> = h.state().design().all::<netdraft_core::model::VnetPeering>().collect();
    assert_eq!(peerings.len(), 1, "status: {:?}", h.state().status());
}

#[test]
fn the_command_palette_runs_actions_and_adds_resources_by_keyboard() {
    let mut h = harness(Design::new("empty"), None);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    h.get_by_label("Command").type_text("add virtual");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().design().of_kind(Kind::VirtualNetwork).count(), 1);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    h.get_by_label("Command").type_text("undo");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().design().is_empty());
}

#[test]
fn menus_are_drawn_from_the_command_table() {
    let mut h = harness(Design::new("empty"), None);
    for (menu, item) in [("File", "Save as…"), ("Edit", "Delete…"), ("View", "Command palette…")] {
        h.get_by_label(menu).click();
        h.run();
        assert!(h.query_by_label_contains(item).is_some(), "{menu} lacks {item}");
        h.key_press(Key::Escape);
        h.run();
    }
}

#[test]
fn pasting_design_text_from_elsewhere_adds_its_resources() {
    let mut h = harness(Design::new("t"), None);
    h.event(egui::Event::Paste("just some words".to_owned()));
    h.run();
    assert!(h.state().design().is_empty());
    assert!(h.state().status().unwrap().text.contains("not netdraft resources"));
    let other = "format = 1\nname = \"x\"\n\n[vnet.other]\nname = \"vnet-other\"\naddress_space = [\"10.9.0.0/16\"]\n";
    h.event(egui::Event::Paste(other.to_owned()));
    h.run();
    let vnet = only(h.state(), Kind::VirtualNetwork);
    assert_eq!(vnet.name(), "vnet-other");
    // Ctrl+C on the canvas arrives as a copy event; a copy of our own pastes once.
    h.event(egui::Event::Copy);
    h.run();
    assert!(h.state().status().unwrap().text.starts_with("Copied 1"));
}

#[test]
fn an_idle_window_asks_for_no_frames() {
    let starter = netdraft_gui::initial_design(None).unwrap();
    let mut h = harness(starter, None);
    // Settled: another run with no input needs a single frame and schedules none.
    assert_eq!(h.run(), 1);
    palette(&mut h, "Virtual network");
    assert_eq!(h.run(), 1, "after an edit, the window settles again");
}

#[test]
fn a_route_table_gets_its_default_route_to_the_firewall_in_the_inspector() {
    let mut h = harness(Design::new("t"), None);
    palette(&mut h, "Virtual network");
    palette(&mut h, "Azure Firewall");
    palette(&mut h, "Route table");
    let rt = only(h.state(), Kind::RouteTable);
    assert!(h.state().selection().contains(&rt.id));
    h.get_by_label("Add route").click();
    h.run();
    let rt = only(h.state(), Kind::RouteTable);
    let routes = &rt.as_spec::<netdraft_core::model::RouteTable>().unwrap().routes;
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0].prefix.to_string(), "0.0.0.0/0");
    assert_eq!(routes[0].next_hop_resource, Some(only(h.state(), Kind::Firewall).id));
    h.get_by_label("Remove route 1").click();
    h.run();
    assert!(
        only(h.state(), Kind::RouteTable)
            .as_spec::<netdraft_core::model::RouteTable>()
            .unwrap()
            .routes
            .is_empty()
    );
}

/// The lint rule for a subnet outside its VNet's address space.
const OUTSIDE_VNET: &str = "ND013";

#[test]
fn a_finding_shows_in_the_problems_list_selects_its_resource_and_goes_when_fixed() {
    let mut h = harness(Design::new("empty"), None);
    palette(&mut h, "Virtual network");
    palette(&mut h, "Subnet");
    let subnet = only(h.state(), Kind::Subnet).id;
    let vnet = only(h.state(), Kind::VirtualNetwork).id;
    assert!(!has_finding(h.state(), OUTSIDE_VNET));
    let errors_before = h.state().problems().iter().filter(|p| p.level == Level::Error).count();
    // Trigger: a prefix outside the VNet's address space.
    set_prefix(&mut h, "192.168.7.0/24");
    assert!(has_finding(h.state(), OUTSIDE_VNET), "{:?}", h.state().problems());
    assert_eq!(
        h.state().problems().iter().filter(|p| p.level == Level::Error).count(),
        errors_before + 1
    );
    h.get_by_label_contains("Problems (").click();
    h.run();
    // Click the finding: its resources are selected (and framed).
    h.get_by_role_and_label(egui::Role::ListItem, "vnet-1").click();
    h.run();
    assert!(!h.state().selection().contains(&subnet));
    h.get_by_label_contains("is not inside the address space").click();
    h.run();
    assert_eq!(
        h.state().selection().iter().collect::<Vec<_>>(),
        [&subnet, &vnet],
        "the subnet and the VNet it should fit in"
    );
    assert!(
        h.query_all_by_label_contains("Fix: ").next().is_some(),
        "the fix is shown"
    );
    // Fix it in the inspector: the finding goes.
    h.get_by_role_and_label(egui::Role::ListItem, "snet-1").click();
    h.run();
    set_prefix(&mut h, "10.1.1.0/24");
    assert!(!has_finding(h.state(), OUTSIDE_VNET));
    assert!(h.query_by_label_contains("is not inside the address space").is_none());
    // And undo brings it back: findings follow the revision.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(has_finding(h.state(), OUTSIDE_VNET));
}

#[test]
fn workshop_mode_hides_the_panels_and_steps_through_the_layers() {
    let design = netdraft_gui::initial_design(None).unwrap();
    let mut h = harness(design, None);
    assert!(h.query_by_label("Virtual network").is_some(), "the palette shows");
    h.key_press(Key::F5);
    h.run();
    assert_eq!(h.state().workshop_step(), Some(0), "workshop mode starts at the hub");
    assert!(h.query_by_label("Virtual network").is_none(), "the palette steps aside");
    assert!(h.query_by_label("Step 1 of 5: Hub").is_some());
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().workshop_step(), Some(1));
    h.get_by_label("Next").click();
    h.run();
    assert!(h.query_by_label("Step 3 of 5: Cluster").is_some());
    for _ in 0..5 {
        h.key_press(Key::ArrowRight);
        h.run();
    }
    assert_eq!(h.state().workshop_step(), Some(4), "egress is the last step");
    h.get_by_label("Previous").click();
    h.run();
    assert_eq!(h.state().workshop_step(), Some(3));
    assert!(h.state().design().len() > 30, "stepping edits nothing");
    assert!(!h.state().is_dirty());
    // The presenter decides about finding badges; they start hidden on the slides.
    assert!(!h.state().badges_shown());
    h.get_by_label("Finding badges").click();
    h.run();
    assert!(h.state().badges_shown());
    h.key_press(Key::F5);
    h.run();
    assert_eq!(h.state().workshop_step(), None);
    assert!(h.query_by_label("Virtual network").is_some(), "the palette is back");
    assert!(
        h.state().badges_shown(),
        "the View menu's setting outside workshop mode"
    );
}

#[test]
fn the_theme_switches_from_the_command_table_and_back() {
    let mut h = harness(Design::new("empty"), None);
    assert!(!h.state().prefs().dark);
    assert!(h.ctx.theme() == egui::Theme::Light);
    h.state_mut().queue(netdraft_gui::actions::Action::ToggleTheme);
    h.run();
    assert!(h.state().prefs().dark);
    assert!(h.ctx.theme() == egui::Theme::Dark, "egui follows the preference");
    h.state_mut().queue(netdraft_gui::actions::Action::ToggleTheme);
    h.run();
    assert!(!h.state().prefs().dark);
    assert!(h.ctx.theme() == egui::Theme::Light);
}

#[test]
fn optional_text_fields_keep_what_is_typed_until_it_is_committed() {
    let mut h = harness(Design::new("empty"), None);
    palette(&mut h, "Virtual network");
    palette(&mut h, "Subnet");
    let subnet = only(h.state(), Kind::Subnet);
    type_into(&mut h, "Delegation", "Microsoft.ContainerService/managedClusters ");
    h.key_press(Key::Enter);
    h.run();
    let after = h.state().design().get(subnet.id.as_str()).unwrap().clone();
    let netdraft_core::model::Spec::Subnet(s) = &after.spec else {
        panic!("not a subnet")
    };
    assert_eq!(
        s.delegation.as_deref(),
        Some("Microsoft.ContainerService/managedClusters"),
        "typed, trimmed, committed on Enter"
    );
}
