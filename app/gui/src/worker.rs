//! Background jobs: the [`Worker`] runs each on a thread of its own and hands
//! its result back as a [`Msg`], which the app handles in `logic`. A job
//! wakes the window when it finishes; nothing here blocks a frame.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use netdraft_core::Design;

use crate::files::{ExportFailed, Pick, Saved};

/// A result coming back from a worker.
#[derive(Debug)]
pub enum Msg {
    /// A file dialog closed (`None`: cancelled, or no dialog service available;
    /// `instant` when it came back too fast for a person to have answered).
    Picked {
        pick: Pick,
        path: Option<PathBuf>,
        instant: bool,
    },
    /// A design was read, with the text it was read from.
    Loaded {
        path: PathBuf,
        result: Result<(Design, String), String>,
    },
    /// A live design to compare with was read.
    LiveLoaded {
        path: PathBuf,
        result: Result<(Design, String), String>,
    },
    /// The design at `revision` was written (or not).
    Saved {
        path: PathBuf,
        revision: u64,
        result: Result<Saved, String>,
    },
    /// An export was written into `dir`: how many files (or why not).
    Exported {
        dir: PathBuf,
        result: Result<usize, ExportFailed>,
    },
    /// The autosave copy was written (or not).
    Autosaved { revision: u64, result: Result<(), String> },
    /// JSON files chosen for an import (empty: cancelled or no dialog service).
    PickedJson(Vec<PathBuf>),
    /// Signed in to Azure: the connection and the subscriptions it can read.
    SignedIn {
        result: Result<
            (
                std::sync::Arc<crate::import::Connection>,
                Vec<netdraft_import::Subscription>,
            ),
            String,
        >,
    },
    /// The comparison of `revision` with the live design of `generation` finished.
    Drift {
        generation: u64,
        revision: u64,
        drift: netdraft_core::drift::Drift,
    },
    /// The flow lint pass of `revision` finished.
    Flows {
        revision: u64,
        findings: Vec<netdraft_core::lint::Finding>,
    },
    /// The picture preview of `revision` was rasterised.
    Raster {
        revision: u64,
        result: Result<netdraft_export::diagram::Raster, String>,
    },
    /// The template gallery's cards are ready.
    Gallery(Vec<crate::gallery::Card>),
    /// An import finished (or failed, or was cancelled).
    Imported {
        result: Result<Box<netdraft_import::Imported>, String>,
    },
}

/// Runs jobs on threads and hands their results back.
#[derive(Debug)]
pub struct Worker {
    /// Each job sends exactly one item: its message, or `None` when it panicked.
    tx: Sender<Option<Msg>>,
    rx: Receiver<Option<Msg>>,
    busy: usize,
}

impl Default for Worker {
    fn default() -> Self {
        let (tx, rx) = channel();
        Worker { tx, rx, busy: 0 }
    }
}

impl Worker {
    /// Runs `job` on a new thread; its message wakes the UI when it arrives.
    /// A job that panics still reports back (as nothing), so `busy` never
    /// counts a job that is gone.
    pub fn spawn(&mut self, ctx: &egui::Context, job: impl FnOnce() -> Msg + Send + 'static) {
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        self.busy += 1;
        std::thread::spawn(move || {
            let msg = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).ok();
            // The receiver lives as long as the app; a send error means it is closing.
            let _ = tx.send(msg);
            ctx.request_repaint();
        });
    }

    /// Messages that have arrived.
    pub fn drain(&mut self) -> Vec<Msg> {
        let items: Vec<Option<Msg>> = self.rx.try_iter().collect();
        self.busy = self.busy.saturating_sub(items.len());
        items.into_iter().flatten().collect()
    }

    /// Whether jobs are still running.
    pub fn is_busy(&self) -> bool {
        self.busy > 0
    }

    /// How many jobs are still running.
    pub fn running(&self) -> usize {
        self.busy
    }

    /// Waits for every running job (tests and shutdown). No timeout: a slow
    /// machine only makes the wait longer, and every job reports back, even
    /// one that panicked.
    pub fn wait(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        while self.busy > 0 {
            match self.rx.recv() {
                Ok(m) => {
                    self.busy -= 1;
                    out.extend(m);
                }
                Err(_) => break,
            }
        }
        out
    }
}
