//! The Problems panel's "Fix" button applies lint's computed quick fix as one
//! undoable edit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{harness, has_finding, only, palette, set_prefix};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use netdraft_core::model::Subnet;
use netdraft_core::{Design, Kind};

/// The lint rule for a subnet outside its VNet's address space.
const OUTSIDE_VNET: &str = "ND013";

fn prefix(app: &netdraft_gui::NetdraftApp) -> String {
    let subnet = only(app, Kind::Subnet);
    let spec = subnet.as_spec::<Subnet>().unwrap();
    format!("{:?}", spec.prefix)
}

#[test]
fn the_fix_button_applies_the_computed_prefix_and_undo_takes_it_back() {
    let mut h = harness(Design::new("empty"), None);
    palette(&mut h, "Virtual network");
    palette(&mut h, "Subnet");
    set_prefix(&mut h, "192.168.7.0/24");
    assert!(has_finding(h.state(), OUTSIDE_VNET));
    let broken = prefix(h.state());
    let fix = h
        .state()
        .problems()
        .iter()
        .find(|p| p.code.as_deref() == Some(OUTSIDE_VNET))
        .and_then(|p| p.quick_fix.clone())
        .expect("lint computes a free prefix inside the VNet");
    h.get_by_label_contains("Problems (").click();
    h.run();
    h.get_by_label(&format!("Fix: {}", fix.label)).click();
    h.run();
    assert!(!has_finding(h.state(), OUTSIDE_VNET), "{:?}", h.state().problems());
    assert_ne!(prefix(h.state()), broken);
    assert!(
        h.query_by_label_contains("Fixed: ").is_some(),
        "the status line says what changed"
    );
    // One edit: one undo restores the broken prefix and its finding.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(prefix(h.state()), broken);
    assert!(has_finding(h.state(), OUTSIDE_VNET));
}
