//! The designer's file work driven through its real UI with egui_kittest
//! (no renderer): save and open, comments kept, autosave, the unsaved-changes
//! prompt, the export preview and File > Export, pictures and the template
//! gallery.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: that is a failed test

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use netdraft_core::Design;

mod common;
use common::*;

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
        .with_max_steps(40)
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
    step_until(&mut h, "the picture is drawn on the worker", |h| h.state().is_working());
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
