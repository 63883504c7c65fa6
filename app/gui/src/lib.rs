//! # netdraft-gui
//!
//! The designer window, on egui/eframe 0.37 (`App::logic` + `App::ui`).
//!
//! - [`app::NetdraftApp`]: owns the [`document::Document`] (design, path,
//!   undo history), the derived data (scene, problems, file preview; see
//!   [`derived`]) and the panels. Panels, the canvas, the menus and the
//!   dialogs only *return* what the user wants (an intent); the app's
//!   handlers (`app/handlers.rs`, the only other home of `impl NetdraftApp`)
//!   apply it, every design edit a core `Command` applied in one place
//!   ([`document::Document::apply`]), one undo step each (a drag is one).
//! - [`canvas`]: the infinite canvas over the `netdraft-scene` layout: pan,
//!   zoom, zoom to fit, grid snapping, selection, drag-move, palette drops
//!   checked against the containment policy, the connection tool.
//! - [`panels`], [`inspector`]: palette, problems and file preview, and one
//!   editor per resource kind.
//! - [`actions`]: the command table behind menus, shortcuts and the command palette.
//! - [`files`]: file dialogs, reading, saving, exports and autosave, run as
//!   jobs on the [`worker`], which hands each result back as a message.
//! - [`prefs`]: theme, panels and recent files in eframe storage, apart from the design.
//!
//! An idle window does no work: repaints come from input, finished background
//! jobs, or a pending autosave.

pub mod actions;
pub mod app;
pub mod canvas;
pub mod derived;
mod dialogs;
pub mod document;
pub mod files;
pub mod gallery;
pub mod import;
pub mod inspector;
mod menus;
pub mod panels;
pub mod picture;
pub mod prefs;
pub mod traffic;
pub mod worker;
pub mod workshop;

use std::path::PathBuf;

pub use app::{Config, NetdraftApp, PanelRects};

/// The app id: window class and storage folder name.
pub const APP_ID: &str = "netdraft";

/// Why the window could not run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Open(String),
    #[error("the window could not start: {0}")]
    Window(String),
}

/// The design to show first: the file, or the starter template, or an empty design.
pub fn initial_design(initial: Option<&std::path::Path>) -> Result<netdraft_core::Design, RunError> {
    if let Some(path) = initial {
        return netdraft_files::read_design(path)
            .map(|l| l.design)
            .map_err(|e| RunError::Open(e.to_string()));
    }
    let template = netdraft_core::templates::find(netdraft_core::templates::DEFAULT)
        .or_else(|| netdraft_core::templates::ALL.first());
    Ok(template
        .and_then(|t| t.load().ok())
        .map_or_else(|| netdraft_core::Design::new("New design"), |l| l.design))
}

/// Opens the designer window and runs until it is closed.
pub fn run(initial: Option<PathBuf>) -> Result<(), RunError> {
    let design = initial_design(initial.as_deref())?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("netdraft")
            .with_app_id(APP_ID)
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([800.0, 500.0]),
        ..eframe::NativeOptions::default()
    };
    let config = Config {
        data_dir: eframe::storage_dir(APP_ID),
        native_dialogs: true,
        azure: None,
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            let prefs: prefs::Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, prefs::Prefs::KEY))
                .unwrap_or_default();
            Ok(Box::new(NetdraftApp::new(design, initial, config, prefs)))
        }),
    )
    .map_err(|e| RunError::Window(e.to_string()))
}
