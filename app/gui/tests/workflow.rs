//! Whole-session workflows a workshop hits: saving and exporting after each
//! other, building a hub and spoke by clicking the palette.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use netdraft_core::Design;

/// The text in the "Path" prompt.
fn prompted_path(h: &egui_kittest::Harness<'_, netdraft_gui::NetdraftApp>) -> String {
    h.get_by_label("Path").value().unwrap_or_default()
}

/// Accepts the proposed path in the "Path" prompt and waits for the work.
fn accept_prompt(h: &mut egui_kittest::Harness<'_, netdraft_gui::NetdraftApp>) {
    h.get_by_label("Path").focus();
    h.run();
    h.key_press(Key::Enter);
    wait_for_work(h);
}

#[test]
fn save_and_export_keep_working_after_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("hub.netdraft.toml");
    let export = dir.path().join("hub-terraform");
    let starter = netdraft_gui::initial_design(None).unwrap();
    let mut h = harness(starter, None);

    // Save (a new design: Save asks for a path).
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_for_work(&mut h);
    type_into(&mut h, "Path", &design.display().to_string());
    h.key_press(Key::Enter);
    wait_for_work(&mut h);
    assert!(!h.state().is_dirty(), "{:?}", h.state().status());
    assert!(design.is_file());

    for round in 0..2 {
        // Export proposes a folder beside the design, named after it, never the design file.
        h.key_press_modifiers(Modifiers::COMMAND, Key::E);
        wait_for_work(&mut h);
        assert_eq!(prompted_path(&h), export.display().to_string(), "round {round}");
        accept_prompt(&mut h);
        let status = h.state().status().unwrap().clone();
        assert!(status.text.starts_with("Exported "), "round {round}: {status:?}");
        assert!(export.join("network.tf").is_file(), "round {round}");
        assert!(design.is_file(), "the design file is still a file");

        // Save again after an edit: it still works.
        palette(&mut h, "Route table");
        assert!(h.state().is_dirty());
        h.key_press_modifiers(Modifiers::COMMAND, Key::S);
        wait_for_work(&mut h);
        assert!(!h.state().is_dirty(), "round {round}: {:?}", h.state().status());
        let saved = std::fs::read_to_string(&design).unwrap();
        assert!(saved.contains("[route_table."), "round {round}");
    }
}

#[test]
fn an_unsaved_design_exports_beside_the_working_folder_not_into_a_design_file() {
    let mut h = harness(Design::new("new"), None);
    palette(&mut h, "Virtual network");
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    wait_for_work(&mut h);
    let proposed = prompted_path(&h);
    assert!(proposed.ends_with("design-terraform"), "{proposed}");
    assert!(std::path::Path::new(&proposed).extension().is_none(), "{proposed}");
}

/// Fails with the names of the first overlapping sibling boxes, if any.
fn assert_no_overlap(h: &egui_kittest::Harness<'_, netdraft_gui::NetdraftApp>, step: &str) {
    let scene = h.state().scene();
    let pairs = netdraft_scene::overlaps(scene);
    let names: Vec<String> = pairs
        .iter()
        .map(|(a, b)| {
            let (a, b) = (&scene.nodes[*a], &scene.nodes[*b]);
            format!("{} {:?} / {} {:?}", a.label, a.rect, b.label, b.rect)
        })
        .collect();
    assert!(names.is_empty(), "after {step}: overlapping boxes {names:#?}");
}

/// Zooms to fit (so the box is on screen), then clicks it.
fn select(h: &mut egui_kittest::Harness<'_, netdraft_gui::NetdraftApp>, name: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::ListItem, name).click();
    h.run();
}

/// A palette click, then the check: nothing overlaps, and the step (with
/// the layout moves it made) undoes to exactly the design before it.
fn add_and_check(h: &mut egui_kittest::Harness<'_, netdraft_gui::NetdraftApp>, label: &str) {
    let before = h.state().design().clone();
    palette(h, label);
    assert_ne!(
        h.state().design(),
        &before,
        "{label} was added: {:?}",
        h.state().status()
    );
    assert_no_overlap(h, label);
    let after = h.state().design().clone();
    let added: Vec<String> = h
        .state()
        .selection()
        .iter()
        .map(|id| after.get(id.as_str()).unwrap().name().to_owned())
        .collect();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().design(),
        &before,
        "undo of {label} restores the design exactly"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(h.state().design(), &after, "redo of {label}");
    // Undo dropped the selection: select what was added again.
    if let [name] = added.as_slice() {
        select(h, name);
    }
}

#[test]
fn a_hub_and_spoke_built_by_clicking_the_palette_never_overlaps() {
    use netdraft_core::model::Kind;
    let mut h = harness(Design::new("workshop"), None);
    add_and_check(&mut h, "Virtual network");
    h.get_by_label("Role").click();
    h.run();
    h.get_by_label("hub").click();
    h.run();
    let hub = only(h.state(), Kind::VirtualNetwork);
    add_and_check(&mut h, "Azure Firewall");
    select(&mut h, hub.name());
    add_and_check(&mut h, "Route table");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().selection().is_empty(), "Escape clears the selection");

    // The spoke, dragged right beside the hub (its position is now the user's).
    add_and_check(&mut h, "Virtual network");
    let spoke = h.state().selection().iter().next().unwrap().clone();
    let spoke_name = h.state().design().get(spoke.as_str()).unwrap().name().to_owned();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    let hub_grip = h
        .get_by_role_and_label(egui::accesskit::Role::ListItem, hub.name())
        .rect();
    let spoke_grip = h
        .get_by_role_and_label(egui::accesskit::Role::ListItem, &spoke_name)
        .rect();
    let to = egui::pos2(hub_grip.max.x + spoke_grip.width() / 2.0 + 6.0, hub_grip.center().y);
    drag(&mut h, spoke_grip.center(), to);
    assert!(h.state().design().get(spoke.as_str()).unwrap().meta.at.is_some());
    assert_no_overlap(&h, "the drag");

    // The hub grows (a second column of subnets) and must not cover the spoke.
    for _ in 0..3 {
        select(&mut h, hub.name());
        add_and_check(&mut h, "Subnet");
    }
    select(&mut h, &spoke_name);
    add_and_check(&mut h, "Subnet");
    add_and_check(&mut h, "AKS cluster");
    let subnet = h
        .state()
        .design()
        .children(spoke.as_str())
        .find(|r| r.kind() == Kind::Subnet)
        .unwrap()
        .name()
        .to_owned();
    select(&mut h, &subnet);
    add_and_check(&mut h, "Node pool");
    select(&mut h, &subnet);
    add_and_check(&mut h, "Node pool");
    select(&mut h, &spoke_name);
    add_and_check(&mut h, "Route table");

    // Duplicating a subnet puts the copy beside it, not on it.
    select(&mut h, &subnet);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    assert_no_overlap(&h, "duplicate");
    // Nudging a box onto its neighbour pushes the neighbour, not back.
    for _ in 0..6 {
        h.key_press(Key::ArrowRight);
        h.run();
        assert_no_overlap(&h, "nudge");
    }
}

fn small_window() -> egui_kittest::Harness<'static, netdraft_gui::NetdraftApp> {
    let config = netdraft_gui::Config {
        data_dir: None,
        native_dialogs: false,
        azure: None,
    };
    let starter = netdraft_gui::initial_design(None).unwrap();
    harness_sized(starter, config, egui::vec2(1024.0, 680.0))
}

#[test]
fn at_1024_by_680_every_panel_is_usable_and_the_bottom_panel_resizes() {
    let mut h = small_window();
    let p = h.state().panel_rects();
    let (palette, inspector, bottom) = (p.palette.unwrap(), p.inspector.unwrap(), p.bottom.unwrap());
    // The palette stands beside the bottom panel, the inspector above it: nothing is drawn over it.
    assert!(palette.max.x <= bottom.min.x + 0.5, "{palette:?} {bottom:?}");
    assert!(inspector.max.y <= bottom.min.y + 0.5, "{inspector:?} {bottom:?}");
    for tab in ["IP plan", "Problems", "Export preview"] {
        let r = h.get_by_label_contains(tab).rect();
        assert!(bottom.contains_rect(r), "{tab} tab {r:?} inside {bottom:?}");
    }
    // The canvas keeps a real share of the window, and the overview stays off it.
    assert!(
        p.canvas.width() >= 1024.0 * 0.35 && p.canvas.height() >= 680.0 * 0.35,
        "{p:?}"
    );
    assert!(
        h.query_by_label("Overview").is_none(),
        "no overview over a small canvas"
    );

    // Dragging the bottom panel's edge resizes it (and does not pan the canvas).
    let design = h.state().design().clone();
    let x = p.canvas.center().x;
    drag(&mut h, egui::pos2(x, bottom.min.y), egui::pos2(x, bottom.min.y - 80.0));
    let taller = h.state().panel_rects().bottom.unwrap();
    assert!(
        (taller.height() - bottom.height() - 80.0).abs() < 4.0,
        "{bottom:?} → {taller:?}"
    );
    assert!(
        (h.state().prefs().bottom_height - taller.height()).abs() < 1.0,
        "remembered"
    );
    assert_eq!(h.state().design(), &design);
    // Never beyond its maximum, whatever the drag.
    drag(&mut h, egui::pos2(x, taller.min.y), egui::pos2(x, 0.0));
    let max = netdraft_gui::prefs::PanelLimits::for_window(egui::vec2(1024.0, 680.0))
        .bottom
        .1;
    assert!(h.state().panel_rects().bottom.unwrap().height() <= max + 1.0);
}

#[test]
fn the_inspector_keeps_its_width_whatever_it_shows() {
    let mut h = small_window();
    let before = h.state().panel_rects().inspector.unwrap().width();
    let names: Vec<String> = h.state().design().resources().map(|r| r.name().to_owned()).collect();
    for name in names.iter().take(12) {
        if h.query_by_role_and_label(egui::accesskit::Role::ListItem, name)
            .is_none()
        {
            continue;
        }
        h.get_by_role_and_label(egui::accesskit::Role::ListItem, name).click();
        h.run();
        let w = h.state().panel_rects().inspector.unwrap().width();
        assert!(
            (w - before).abs() < 1.0,
            "{name}: the inspector went from {before} to {w}"
        );
    }
}

#[test]
fn messages_count_in_words_and_say_why_an_export_is_empty() {
    let mut h = harness(Design::new("t"), None);
    palette(&mut h, "Virtual network");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("1 resource").is_some(), "not \"1 resources\"");
    assert!(h.query_by_label_contains("1 resource · 0 selected").is_some());
    // A cluster that installs nothing with Helm: the preview says so, not "no AKS cluster yet?".
    select(&mut h, "vnet-1");
    palette(&mut h, "Subnet");
    palette(&mut h, "AKS cluster");
    h.get_by_label("Export preview").click();
    h.run();
    h.get_by_label("Format").click();
    h.run();
    h.get_by_label("Helm values").click();
    h.run();
    assert!(
        h.query_by_label_contains("no AKS cluster of this design installs one")
            .is_some(),
        "the reason the Helm export is empty"
    );
    assert!(h.query_by_label_contains("no AKS cluster yet").is_none());
    // The window title names the file (Untitled here) and marks unsaved work.
    assert_eq!(h.state().window_title(), "• Untitled — netdraft");
}

#[test]
fn the_nat_gateway_inspector_cites_azure_not_an_internal_sheet() {
    let mut h = harness(Design::new("t"), None);
    palette(&mut h, "Virtual network");
    h.get_by_role_and_label(egui::Role::Button, "NAT gateway")
        .scroll_to_me();
    h.run();
    palette(&mut h, "NAT gateway");
    assert!(h.query_by_label_contains("Azure's limit for a NAT gateway").is_some());
    assert!(h.query_by_label_contains("facts").is_none());
    assert!(h.query_by_label_contains("§").is_none());
}

#[test]
fn right_click_find_by_name_and_the_legend() {
    let starter = netdraft_gui::initial_design(None).unwrap();
    let mut h = harness(starter, None);
    // Find lists the design's resources by name; a click selects and shows one.
    type_into(&mut h, "Find", "spoke-aks");
    let show = "Show vnet-spoke-aks-weu";
    assert!(h.query_by_label(show).is_some(), "found by name");
    assert!(h.query_by_label("Show vnet-hub-weu").is_none(), "only what matches");
    h.get_by_label(show).click();
    h.run();
    let spoke = h.state().selection().iter().next().unwrap().clone();
    assert_eq!(
        h.state().design().get(spoke.as_str()).unwrap().name(),
        "vnet-spoke-aks-weu"
    );
    type_into(&mut h, "Find", "");

    // Right-click on a box: its menu duplicates it (selecting it first).
    let count = h.state().design().len();
    h.get_by_role_and_label(egui::accesskit::Role::ListItem, "rt-spoke-to-hub")
        .click_secondary();
    h.run();
    // (A menu button's name carries its shortcut: "Duplicate Ctrl+D".)
    assert!(
        h.query_by_label_contains("Zoom to it").is_some(),
        "the context menu is open"
    );
    h.get_by_label_contains("Duplicate").click();
    h.run();
    assert_eq!(h.state().design().len(), count + 1);
    let copy = h.state().selection().iter().next().unwrap().clone();
    assert_eq!(
        h.state().design().get(copy.as_str()).unwrap().name(),
        "rt-spoke-to-hub-2",
        "a duplicate takes the next free name"
    );
    assert_no_overlap(&h, "duplicate from the context menu");

    // The legend unfolds to say what the lines mean.
    assert!(h.query_by_label("VNet peering").is_none());
    h.get_by_label("Legend").click();
    h.run();
    assert!(h.query_by_label("VNet peering").is_some());
    assert!(h.query_by_label("Route to a next hop").is_some());
    h.get_by_label("Hide legend").click();
    h.run();
    assert!(h.query_by_label("VNet peering").is_none());
}

#[test]
fn a_resized_window_keeps_the_design_framed_until_the_view_is_moved_by_hand() {
    let mut h = small_window();
    let small = h.state().canvas_zoom();
    // A presenter maximises the window: the design is framed again, larger.
    h.set_size(egui::vec2(1440.0, 900.0));
    h.run();
    let large = h.state().canvas_zoom();
    assert!(large > small * 1.2, "zoom {small} at 1024×680, {large} at 1440×900");
    // Once the view is panned by hand, a resize leaves it where it is.
    // From the canvas's empty top-right corner (dragging a box would move it instead).
    let from = h.get_by_label("Design canvas").rect().right_top() + egui::vec2(-30.0, 30.0);
    drag(&mut h, from, from + egui::vec2(-60.0, 40.0));
    let moved = h.state().canvas_zoom();
    h.set_size(egui::vec2(1024.0, 680.0));
    h.run();
    assert!(
        (h.state().canvas_zoom() - moved).abs() < f32::EPSILON,
        "zoom {moved} before the resize, {} after",
        h.state().canvas_zoom()
    );
}
