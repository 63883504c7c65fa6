//! The Drift tab driven through the real UI with egui_kittest: choose a live
//! design (through the path prompt: no dialog service here), read what differs,
//! show a resource from the list, stop comparing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: that is a failed test

use egui::Key;
use egui_kittest::kittest::Queryable;
use netdraft_core::templates;

mod common;
use common::*;

#[test]
fn the_drift_tab_lists_what_differs_from_a_live_design_and_shows_it() {
    let template = templates::find("virtual-wan-secured-hub").unwrap();
    let design = template.load().unwrap().design;
    // "Live": the datacentre has one range more, and the apps NSG was renamed by hand.
    let live = template
        .text
        .replacen(
            "address_ranges = [\"192.168.0.0/16\"]",
            "address_ranges = [\"192.168.0.0/16\", \"172.20.0.0/16\"]",
            1,
        )
        .replacen("name = \"nsg-apps\"", "name = \"nsg-apps-by-hand\"", 1);
    let dir = tempfile::tempdir().unwrap();
    let live_path = dir.path().join("live.netdraft.toml");
    std::fs::write(&live_path, live).unwrap();

    let mut h = harness(design, None);
    h.get_by_label("Drift").click();
    h.run();
    h.get_by_label("Compare with live design…").click();
    wait_for_work(&mut h);
    type_into(&mut h, "Path", &live_path.display().to_string());
    h.key_press(Key::Enter);
    wait_for_work(&mut h);
    assert!(
        h.query_by_label_contains("4 resources differ from").is_some(),
        "the summary is shown"
    );
    for text in [
        "Network security group nsg-apps-by-hand",
        "in Azure, not in the design",
        "address_ranges",
    ] {
        assert!(h.query_by_label_contains(text).is_some(), "{text} is listed");
    }

    // A resource of the design is shown on the canvas from the list.
    h.get_by_label("Network security group nsg-apps").click();
    h.run();
    let nsg = h
        .state()
        .design()
        .resources()
        .find(|r| r.name() == "nsg-apps")
        .map(|r| r.id.clone())
        .unwrap();
    assert!(h.state().selection().contains(&nsg), "{:?}", h.state().selection());

    // Renamed as in Azure, the NSG is no longer missing nor unmanaged, and the
    // subnet names the same NSG as Azure: only the datacentre's range is left.
    rename(&mut h, "nsg-apps-by-hand");
    // The new revision is compared on the worker: wait for it, however slow the machine.
    wait_for_work(&mut h);
    assert!(
        h.query_by_label_contains("1 resource differs from").is_some(),
        "the list follows the edit"
    );
    assert!(h.query_by_label_contains("in Azure, not in the design").is_none());

    // Stop comparing: the tab asks for a live design again.
    h.get_by_label("Stop comparing").click();
    h.run();
    assert!(h.query_by_label("Compare with live design…").is_some());
}
