//! Azure Virtual WAN in the designer: a hub from the palette needs a WAN,
//! takes a free /23 of its own, and connects VNets from the inspector.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: that is a failed test
use egui_kittest::kittest::Queryable;
use netdraft_core::Design;
use netdraft_core::model::{Kind, VirtualHub};

mod common;
use common::*;

fn palette_scrolled(h: &mut egui_kittest::Harness<'_, netdraft_gui::app::NetdraftApp>, label: &str) {
    h.get_by_role_and_label(egui::Role::Button, label).scroll_to_me();
    h.run();
    palette(h, label);
}

#[test]
fn a_hub_needs_a_wan_takes_a_free_23_and_connects_a_vnet() {
    let mut h = harness(Design::new("t"), None);
    palette_scrolled(&mut h, "Virtual hub");
    assert_eq!(
        h.state().design().of_kind(Kind::VirtualHub).count(),
        0,
        "refused without a WAN"
    );
    palette_scrolled(&mut h, "Virtual WAN");
    palette_scrolled(&mut h, "Virtual network");
    palette_scrolled(&mut h, "Virtual hub");
    let hub = only(h.state(), Kind::VirtualHub);
    let wan = only(h.state(), Kind::VirtualWan).id;
    let vnet = only(h.state(), Kind::VirtualNetwork);
    let spec = hub.as_spec::<VirtualHub>().unwrap();
    assert_eq!(spec.wan, wan);
    assert_eq!(spec.address_prefix.prefix_len(), 23, "the size Microsoft recommends");
    let space = vnet
        .as_spec::<netdraft_core::model::VirtualNetwork>()
        .unwrap()
        .address_space[0];
    assert!(
        !space.net().contains(&spec.address_prefix.net().network())
            && !spec.address_prefix.net().contains(&space.net().network()),
        "the hub's prefix is clear of the VNet's {space}"
    );
    // The new hub is selected: connect the VNet from its inspector.
    let item = format!("{} (Virtual network)", vnet.name());
    h.get_by_role_and_label(egui::Role::Button, "Add Virtual network")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, "Add Virtual network")
        .click();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, &item).click();
    h.run();
    let hub = only(h.state(), Kind::VirtualHub);
    assert_eq!(
        hub.as_spec::<VirtualHub>().unwrap().connections,
        std::slice::from_ref(&vnet.id)
    );
    assert!(
        h.query_by_label(&format!("Remove Virtual network {}", vnet.name()))
            .is_some()
    );
}

/// The hub has no editor of its own: the generic one, from the `kinds!`
/// table, edits its fields, and refuses what the design file would refuse.
#[test]
fn the_generic_editor_edits_a_hubs_prefix_and_routing_intent() {
    let mut h = harness(Design::new("t"), None);
    palette_scrolled(&mut h, "Virtual WAN");
    palette_scrolled(&mut h, "Virtual hub");
    type_and_enter(&mut h, "Address prefix", "10.77.0.0/24");
    let prefix = |h: &egui_kittest::Harness<'_, netdraft_gui::app::NetdraftApp>| {
        only(h.state(), Kind::VirtualHub)
            .as_spec::<VirtualHub>()
            .unwrap()
            .address_prefix
            .to_string()
    };
    assert_eq!(prefix(&h), "10.77.0.0/24");
    type_and_enter(&mut h, "Address prefix", "10.77.0.0/99");
    assert_eq!(
        prefix(&h),
        "10.77.0.0/24",
        "a prefix that does not parse is not applied"
    );
    assert!(h.query_by_label_contains("Not applied").is_some());
    h.get_by_label("Routing intent").click();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, "private").click();
    h.run();
    let hub = only(h.state(), Kind::VirtualHub);
    assert_eq!(
        hub.as_spec::<VirtualHub>().unwrap().routing_intent,
        netdraft_core::model::RoutingIntent::Private
    );
}
