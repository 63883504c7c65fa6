//! Helpers shared by the designer's kittest suites: build the real app in a
//! headless harness, find palette entries, type into labelled fields.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use netdraft_core::model::Kind;
use netdraft_core::{Design, Resource};
use netdraft_gui::prefs::Prefs;
use netdraft_gui::{Config, NetdraftApp};

pub fn harness(design: Design, data_dir: Option<std::path::PathBuf>) -> Harness<'static, NetdraftApp> {
    harness_with(
        design,
        Config {
            data_dir,
            native_dialogs: false,
            azure: None,
        },
    )
}

pub fn harness_with(design: Design, config: Config) -> Harness<'static, NetdraftApp> {
    harness_sized(design, config, egui::vec2(1400.0, 900.0))
}

/// The app in a window of `size` points.
pub fn harness_sized(design: Design, config: Config, size: egui::Vec2) -> Harness<'static, NetdraftApp> {
    // Grids take a few frames to settle their column widths after rows appear,
    // and a worker result arriving mid-run (gallery cards, pictures) starts a
    // few more; `run` stops as soon as nothing repaints, so a generous bound
    // only catches a window that never settles.
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(40)
        .build_eframe(move |_cc| NetdraftApp::new(design, None, config, Prefs::default()));
    h.run();
    h
}

/// Types `text` into the field labelled `label`, then presses Enter to leave it.
pub fn type_and_enter(h: &mut Harness<'_, NetdraftApp>, label: &str, text: &str) {
    type_into(h, label, text);
    h.key_press(Key::Enter);
    h.run();
}

/// Types `text` into the field labelled `label`, replacing what was there.
pub fn type_into(h: &mut Harness<'_, NetdraftApp>, label: &str, text: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label(label).type_text(text);
    h.run();
}

pub fn only(app: &NetdraftApp, kind: Kind) -> Resource {
    let all: Vec<&Resource> = app.design().of_kind(kind).collect();
    assert_eq!(all.len(), 1, "expected one {kind:?}, found {}", all.len());
    all[0].clone()
}

/// Clicks a palette entry (the palette and the canvas may both show a label; the palette is a button).
pub fn palette(h: &mut Harness<'_, NetdraftApp>, label: &str) {
    h.get_by_role_and_label(egui::Role::Button, label).click();
    h.run();
}

pub fn rename(h: &mut Harness<'_, NetdraftApp>, to: &str) {
    h.get_by_label("Name").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Name").type_text(to);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

/// Presses at `from`, moves in a few steps to `to` and releases there.
pub fn drag(h: &mut Harness<'_, NetdraftApp>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=4 {
        h.hover_at(from + (to - from) * (i as f32 / 4.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
}

pub fn set_prefix(h: &mut Harness<'_, NetdraftApp>, text: &str) {
    h.get_by_label("Prefix").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Prefix").type_text(text);
    h.key_press(Key::Enter);
    h.run();
}

pub fn has_finding(app: &NetdraftApp, code: &str) -> bool {
    app.problems().iter().any(|p| p.code.as_deref() == Some(code))
}

/// File > New (Ctrl+N): opens the gallery and waits for its cards (the
/// status bar's spinner turns while the worker draws them).
pub fn open_gallery(h: &mut Harness<'_, NetdraftApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    wait_for_work(h);
}

/// Steps frames until `done` holds, without waiting for background work to
/// finish (a running import or picture repaints its spinner until then). The
/// bound counts frames, not time: each frame takes what the machine's speed
/// makes it take, and `what` names the state that never came.
pub fn step_until(h: &mut Harness<'_, NetdraftApp>, what: &str, done: impl Fn(&Harness<'_, NetdraftApp>) -> bool) {
    for _ in 0..100 {
        if done(h) {
            return;
        }
        h.step();
    }
    assert!(done(h), "after 100 frames: {what}");
}

/// Lets the app act on the last input and waits for every result that input
/// started (saves, exports, pictures, imports), however long the machine takes:
/// a frame to start the work, then a blocking wait, again until a frame starts
/// nothing new; then the window settles.
pub fn wait_for_work(h: &mut Harness<'_, NetdraftApp>) {
    let ctx = h.ctx.clone();
    for _ in 0..100 {
        h.step();
        // Settled with nothing running: done. A window that keeps repainting
        // because settling started more work (a spinner while the worker
        // runs, on a loaded machine for longer than the harness's step
        // bound) waits for that work and tries again.
        if !h.state().is_working() && h.try_run().is_ok() && !h.state().is_working() {
            return;
        }
        h.state_mut().finish_background_work(&ctx);
    }
    panic!("every frame started more background work");
}
