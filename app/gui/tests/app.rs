//! The designer driven through its real UI with egui_kittest (no renderer):
//! click by label, type, press shortcuts, check the design.
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
fn save_and_reopen_gives_the_identical_design() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.netdraft.toml");
    let mut h = harness(Design::new("round trip"), None);
    palette(&mut h, "Virtual network");
    palette(&mut h, "Subnet");
    palette(&mut h, "Route table");
    let ctx = h.ctx.clone();
    h.state_mut().save_to(&ctx, path.clone());
    h.state_mut().finish_background_work(&ctx);
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert!(!h.state().window_title().contains('•'));
    // Edit, then Ctrl+S saves to the same file.
    palette(&mut h, "Network security group");
    assert!(h.state().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_for_work(&mut h);
    assert!(!h.state().is_dirty());
    let saved = h.state().design().clone();

    // A fresh app opens the file and holds the very same design.
    let mut h2 = harness(Design::new("other"), None);
    let ctx2 = h2.ctx.clone();
    h2.state_mut().open(&ctx2, path.clone());
    wait_for_work(&mut h2);
    assert_eq!(h2.state().design(), &saved);
    assert_eq!(h2.state().path(), Some(path.as_path()));
    assert!(!h2.state().is_dirty());
}

/// A hand-written design with comments everywhere a person puts them.
const COMMENTED: &str = r#"# Platform team's network. Top of the file.
format = 1
name = "commented"

# Between tables.
[vnet.hub]
# inside a table
name = "vnet-hub" # end of a line
address_space = ["10.0.0.0/16"]
# the last line of the file
"#;

#[test]
fn saving_an_edited_file_keeps_its_comments_whether_opened_from_the_menu_or_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.netdraft.toml");
    let comments = netdraft_core::file::comments_in(COMMENTED);
    // Opened through File > Open (the worker reads the text too).
    std::fs::write(&path, COMMENTED).unwrap();
    let mut h = harness(Design::new("other"), None);
    let ctx = h.ctx.clone();
    h.state_mut().open(&ctx, path.clone());
    wait_for_work(&mut h);
    palette(&mut h, "Network security group");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_for_work(&mut h);
    assert!(!h.state().is_dirty());
    let on_disk = std::fs::read_to_string(&path).unwrap();
    for c in &comments {
        assert!(on_disk.contains(c.as_str()), "lost {c:?}:\n{on_disk}");
    }
    assert!(on_disk.contains("[nsg."), "{on_disk}");
    assert_eq!(&netdraft_files::read_design(&path).unwrap().design, h.state().design());

    // Opened from the command line (`netdraft open FILE`): the file on disk is the base.
    std::fs::write(&path, COMMENTED).unwrap();
    let design = netdraft_gui::initial_design(Some(&path)).unwrap();
    let opened = path.clone();
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(10)
        .build_eframe(move |_cc| {
            netdraft_gui::NetdraftApp::new(
                design,
                Some(opened),
                netdraft_gui::Config {
                    data_dir: None,
                    native_dialogs: false,
                    azure: None,
                },
                netdraft_gui::prefs::Prefs::default(),
            )
        });
    h.run();
    palette(&mut h, "Route table");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_for_work(&mut h);
    let on_disk = std::fs::read_to_string(&path).unwrap();
    for c in &comments {
        assert!(on_disk.contains(c.as_str()), "lost {c:?}:\n{on_disk}");
    }
    assert!(on_disk.contains("[route_table."), "{on_disk}");
}

#[test]
fn autosave_is_offered_back_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(Design::new("unsaved"), Some(dir.path().to_owned()));
    palette(&mut h, "Virtual network");
    std::thread::sleep(netdraft_gui::app::AUTOSAVE_AFTER);
    // The next frame starts the autosave on the worker (a spinner shows while it runs).
    wait_for_work(&mut h);
    assert!(dir.path().join("autosave.netdraft.toml").exists());
    let lost = h.state().design().clone();
    drop(h); // a crash: nothing cleans up

    let mut h = harness(Design::new("fresh start"), Some(dir.path().to_owned()));
    assert!(h.query_by_label("Recover unsaved work?").is_some());
    h.get_by_label("Recover").click();
    h.run();
    assert_eq!(h.state().design(), &lost);
    assert!(h.state().is_dirty(), "recovered work is unsaved until saved");
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
fn replacing_unsaved_work_asks_first() {
    let mut h = harness(Design::new("the old one"), None);
    palette(&mut h, "Virtual network");
    assert!(h.state().is_dirty());
    open_gallery(&mut h);
    h.get_by_label("Empty design").click();
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_some(), "asks before replacing");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().design().len(), 1, "cancel keeps the work");
    open_gallery(&mut h);
    h.get_by_label("Empty design").click();
    h.run();
    h.get_by_label("Discard changes").click();
    h.run();
    assert!(h.state().design().is_empty());
    assert!(!h.state().is_dirty());
    assert_eq!(
        h.get_by_label("Title").value().as_deref(),
        Some("New design"),
        "the inspector shows the new design, not the old one"
    );
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
fn save_as_is_not_mistaken_for_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("first.netdraft.toml");
    let mut h = harness(Design::new("t"), None);
    palette(&mut h, "Virtual network");
    let ctx = h.ctx.clone();
    h.state_mut().save_to(&ctx, path.clone());
    h.state_mut().finish_background_work(&ctx);
    palette(&mut h, "Subnet");
    // Ctrl+Shift+S asks for a new file (in the app: tests have no file dialog); it does not overwrite.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    wait_for_work(&mut h);
    assert!(h.state().is_dirty());
    assert_eq!(h.state().path(), Some(path.as_path()));
    let second = dir.path().join("second.netdraft.toml");
    h.get_by_label("Path").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Path").type_text(&second.display().to_string());
    h.run();
    h.key_press(Key::Enter);
    // The save runs on the worker; a spinner shows meanwhile.
    wait_for_work(&mut h);
    assert_eq!(h.state().path(), Some(second.as_path()));
    assert!(!h.state().is_dirty());
    assert!(second.exists());
}

#[test]
fn the_window_starts_with_the_file_or_the_starter_template() {
    let starter = netdraft_gui::initial_design(None).unwrap();
    match netdraft_core::templates::find(netdraft_core::templates::DEFAULT) {
        Some(t) => assert_eq!(starter, t.load().unwrap().design),
        None => assert!(netdraft_core::templates::ALL.is_empty() || !starter.is_empty()),
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.toml");
    std::fs::write(&path, "format = 1\nname = \"x\"\n").unwrap();
    assert_eq!(netdraft_gui::initial_design(Some(&path)).unwrap().name, "x");
    std::fs::write(&path, "format = 1\n[vnet.x]\nname = 3\n").unwrap();
    let e = netdraft_gui::initial_design(Some(&path)).unwrap_err().to_string();
    assert!(e.contains("d.toml:3"), "{e}");
}

#[test]
fn save_first_then_continue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.netdraft.toml");
    let mut h = harness(Design::new("t"), None);
    palette(&mut h, "Virtual network");
    let ctx = h.ctx.clone();
    h.state_mut().save_to(&ctx, path.clone());
    h.state_mut().finish_background_work(&ctx);
    palette(&mut h, "Subnet");
    let edited = h.state().design().clone();
    open_gallery(&mut h);
    h.get_by_label("Empty design").click();
    h.run();
    h.get_by_label("Save").click();
    wait_for_work(&mut h);
    assert!(
        h.state().design().is_empty(),
        "continued to the new design after saving"
    );
    let saved = netdraft_files::read_design(&path).unwrap().design;
    assert_eq!(saved, edited);
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
fn the_export_preview_shows_terraform_and_ctrl_e_writes_it_to_a_folder() {
    let starter = netdraft_gui::initial_design(None).unwrap();
    let mut h = harness(starter, None);
    h.get_by_label("Export preview").click();
    h.run();
    // The design file first: its text is on screen.
    assert!(h.query_by_label_contains("[vnet.hub]").is_some());
    h.get_by_label("Format").click();
    h.run();
    h.get_by_label("Terraform (azurerm)").click();
    h.run();
    assert!(
        h.query_by_label_contains("resource \"azurerm_").is_some(),
        "Terraform is previewed"
    );
    let dir = tempfile::tempdir().unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    wait_for_work(&mut h);
    h.get_by_label("Path").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Path").type_text(&dir.path().display().to_string());
    h.run();
    h.key_press(Key::Enter);
    wait_for_work(&mut h);
    let status = h.state().status().unwrap().clone();
    assert!(status.text.starts_with("Exported "), "{status:?}");
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(
        written
            .iter()
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "tf")),
        "{written:?}"
    );
}

#[test]
fn the_terraform_preview_switches_between_azurerm_majors_as_an_undoable_setting() {
    use netdraft_core::model::AzurermMajor;
    let starter = netdraft_gui::initial_design(None).unwrap();
    let mut h = harness(starter, None);
    h.get_by_label("Export preview").click();
    h.run();
    h.get_by_label("Format").click();
    h.run();
    h.get_by_label("Terraform (azurerm)").click();
    h.run();
    // dns.tf spells the zone links the way each major wants them.
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "File").click();
    h.run();
    h.get_by_label("dns.tf").click();
    h.run();
    assert_eq!(h.state().design().settings.azurerm, AzurermMajor::V5);
    assert!(
        h.query_by_label_contains("private_dns_zone_id ").is_some(),
        "5.x links by zone id"
    );
    h.get_by_label("Provider").click();
    h.run();
    h.get_by_label("azurerm 4.x").click();
    h.run();
    assert_eq!(h.state().design().settings.azurerm, AzurermMajor::V4);
    wait_for_work(&mut h);
    assert!(
        h.query_by_label_contains("private_dns_zone_name").is_some(),
        "the preview shows the 4.x spelling"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().design().settings.azurerm,
        AzurermMajor::V5,
        "undo restores 5.x"
    );
}

/// Exports the previewed format with Ctrl+E into a fresh folder; returns it.
fn export_with_ctrl_e(h: &mut egui_kittest::Harness<'_, netdraft_gui::NetdraftApp>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    wait_for_work(h);
    type_into(h, "Path", &dir.path().display().to_string());
    h.key_press(Key::Enter);
    wait_for_work(h);
    dir
}

#[test]
fn the_picture_previews_as_svg_and_png_and_exports_as_files_that_decode() {
    let starter = netdraft_gui::initial_design(None).unwrap();
    let mut h = harness(starter, None);
    h.get_by_label("Export preview").click();
    h.run();
    h.get_by_label("Format").click();
    h.run();
    h.get_by_label("Picture (SVG)").click();
    h.run();
    assert!(h.query_by_label_contains("<svg").is_some(), "the SVG text is previewed");
    let dir = export_with_ctrl_e(&mut h);
    let svg = std::fs::read_to_string(dir.path().join("design.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..80.min(svg.len())]
    );
    assert!(svg.contains("hub"), "the design's names are drawn");

    h.get_by_label("Format").click();
    h.run();
    h.get_by_label("Picture (PNG)").click();
    // Drawn on the worker: the frame that asks for it shows no picture yet,
    // whatever the machine's speed, because results are taken in later frames.
    for _ in 0..10 {
        h.step();
        if h.state().is_working() {
            break;
        }
    }
    assert!(h.state().is_working(), "the picture is drawn on the worker");
    assert!(h.query_by_label("Picture of the design").is_none());
    wait_for_work(&mut h);
    assert!(
        h.query_by_label("Picture of the design").is_some(),
        "the picture is shown"
    );
    let dir = export_with_ctrl_e(&mut h);
    let png = std::fs::read(dir.path().join("design.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
    // Its header's size is the PNG export's scale of the scene, not the preview's.
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert!(width > 2048, "full resolution, not the preview: {width}");
    let status = h.state().status().unwrap().clone();
    assert_eq!(status.text, format!("Exported 1 file to {}", dir.path().display()));
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
fn the_gallery_shows_a_card_per_template_with_its_picture_and_starts_from_one() {
    let mut h = harness(Design::new("empty"), None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    wait_for_work(&mut h);
    for t in netdraft_core::templates::ALL {
        let picture = format!("Picture of the {} template", t.name);
        assert!(h.query_by_label(&picture).is_some(), "{picture}");
    }
    assert!(
        h.query_by_label_contains("2 regions").is_some(),
        "the two-region template says so"
    );
    assert_eq!(
        h.query_all_by_label_contains("Lints clean").count(),
        netdraft_core::templates::ALL.len(),
        "every template lints clean"
    );
    h.get_by_role_and_label(egui::Role::Button, "apim-internal-lb").click();
    h.run();
    let expected = netdraft_core::templates::find("apim-internal-lb")
        .unwrap()
        .load()
        .unwrap()
        .design;
    assert_eq!(h.state().design(), &expected);
    assert!(h.query_by_label("New design").is_none(), "the gallery closed");
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

#[test]
fn before_its_pictures_are_drawn_the_gallery_lists_the_templates_by_name() {
    let mut chosen = None;
    {
        let mut h = egui_kittest::Harness::new_ui(|ui| {
            if let Some(c) = netdraft_gui::gallery::ui(ui, None) {
                chosen = Some(format!("{c:?}"));
            }
        });
        h.run();
        assert!(h.query_by_label("Drawing the previews…").is_some());
        assert!(h.query_by_label_contains("Picture of the").is_none(), "no cards yet");
        h.get_by_role_and_label(egui::Role::Button, "agc-gateway-api").click();
        h.run();
    }
    assert_eq!(chosen.as_deref(), Some("Start(Some(\"agc-gateway-api\"))"));
}

#[test]
fn file_export_leaves_hand_edited_files_alone_unless_told_to_overwrite() {
    let starter = netdraft_gui::initial_design(None).unwrap();
    let mut h = harness(starter, None);
    let ctx = h.ctx.clone();
    let dir = tempfile::tempdir().unwrap();
    let export = |h: &mut egui_kittest::Harness<'_, netdraft_gui::NetdraftApp>| {
        h.state_mut().export_to(&ctx, dir.path().to_owned());
        wait_for_work(h);
    };
    export(&mut h);
    let network = dir.path().join("network.tf");
    let original = std::fs::read_to_string(&network).unwrap();
    assert!(dir.path().join(".netdraft-export").exists(), "the CLI's manifest");
    std::fs::write(&network, "# my own edit\n").unwrap();
    export(&mut h);
    assert!(h.query_by_label("Files in the way").is_some());
    assert!(h.query_by_label_contains("network.tf: was edited since").is_some());
    assert_eq!(
        std::fs::read_to_string(&network).unwrap(),
        "# my own edit\n",
        "not overwritten"
    );
    h.get_by_role_and_label(egui::Role::Button, "Overwrite them").click();
    wait_for_work(&mut h);
    assert_eq!(std::fs::read_to_string(&network).unwrap(), original);
}
