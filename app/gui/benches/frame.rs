//! CPU time of one designer frame (layout of the whole window and
//! tessellation; no GPU), for generated designs of about 100, 1,000 and
//! 5,000 resources, zoomed to fit. Run with
//! `cargo bench -p netdraft-gui --bench frame`; prints a Markdown table.
//!
//! Two rows per size:
//! - *still*: the window redrawn with nothing changed (what a repaint for a
//!   hover, a tooltip or a blinking caret costs);
//! - *panning*: the view moves by a few points every frame (a middle-button
//!   drag), so nothing drawn on the canvas can be reused from the frame before.
//!
//! Pass sizes or views to run only those:
//! `cargo bench -p netdraft-gui --bench frame -- 1000 still`.

/// The binary's allocator, so the numbers are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use netdraft_core::generate::{GenerateOptions, generate};
use netdraft_gui::prefs::Prefs;
use netdraft_gui::{Config, NetdraftApp};

const FRAMES: usize = 60;
const WARM_UP: usize = 5;

/// Roughly the middle of the canvas in the default 1440×900 window.
const CANVAS_MIDDLE: egui::Pos2 = egui::Pos2::new(660.0, 380.0);

fn input(t: f64, events: Vec<egui::Event>) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1440.0, 900.0))),
        time: Some(t),
        events,
        ..egui::RawInput::default()
    }
}

fn frame(ctx: &egui::Context, app: &mut NetdraftApp, t: f64, events: Vec<egui::Event>) -> Duration {
    let start = Instant::now();
    let out = ctx.run_ui(input(t, events), |ui| {
        app.logic_step(ui.ctx());
        app.ui_contents(ui);
    });
    let primitives = ctx.tessellate(out.shapes, out.pixels_per_point);
    std::hint::black_box(primitives);
    start.elapsed()
}

/// What happens between frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Motion {
    Still,
    Panning,
}

impl Motion {
    fn name(self) -> &'static str {
        match self {
            Motion::Still => "still",
            Motion::Panning => "panning",
        }
    }

    /// The input events of frame `i`: a panning drag presses the middle
    /// button on the third frame (egui hit-tests against the frame before),
    /// then moves back and forth by 3 points every frame.
    fn events(self, i: usize) -> Vec<egui::Event> {
        const PRESS: usize = 2;
        if self == Motion::Still || i < PRESS {
            return Vec::new();
        }
        let x = match i - PRESS {
            0 => 0.0,
            n if n % 2 == 0 => 12.0,
            _ => 15.0,
        };
        let at = CANVAS_MIDDLE + egui::vec2(x, 0.0);
        let mut events = vec![egui::Event::PointerMoved(at)];
        if i == PRESS {
            events.push(egui::Event::PointerButton {
                pos: at,
                button: egui::PointerButton::Middle,
                pressed: true,
                modifiers: egui::Modifiers::NONE,
            });
        }
        events
    }
}

/// Median and 90th percentile of frame times for one design and motion.
fn measure(design: &netdraft_core::Design, motion: Motion) -> (Duration, Duration) {
    let ctx = egui::Context::default();
    let mut app = NetdraftApp::new(design.clone(), None, Config::default(), Prefs::default());
    // Warm up: fonts, layout caches, zoom to fit (and the drag past its threshold).
    for i in 0..WARM_UP {
        frame(&ctx, &mut app, i as f64 / 60.0, motion.events(i));
    }
    let mut times: Vec<Duration> = (WARM_UP..WARM_UP + FRAMES)
        .map(|i| frame(&ctx, &mut app, i as f64 / 60.0, motion.events(i)))
        .collect();
    times.sort();
    (times[times.len() / 2], times[times.len() * 9 / 10])
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let motions: Vec<Motion> = [Motion::Still, Motion::Panning]
        .into_iter()
        .filter(|m| !args.iter().any(|a| a == "still" || a == "panning") || args.iter().any(|a| a == m.name()))
        .collect();
    let sizes = [
        (
            GenerateOptions {
                hubs: 1,
                spokes_per_hub: 6,
                clusters: 3,
                subnets_per_spoke: 7,
                seed: 0,
            },
            100,
        ),
        (
            GenerateOptions {
                hubs: 5,
                spokes_per_hub: 12,
                clusters: 20,
                subnets_per_spoke: 9,
                seed: 0,
            },
            1_000,
        ),
        (
            GenerateOptions {
                hubs: 11,
                spokes_per_hub: 26,
                clusters: 70,
                subnets_per_spoke: 10,
                seed: 0,
            },
            5_000,
        ),
    ];
    println!("| target | resources | view | median frame | p90 frame |");
    println!("|---|---|---|---|---|");
    for (opts, target) in sizes {
        if !only.is_empty() && !only.contains(&target) {
            continue;
        }
        let Ok(design) = generate(&opts) else {
            eprintln!("cannot generate {opts:?}");
            continue;
        };
        let n = design.len();
        for &motion in &motions {
            let (med, p90) = measure(&design, motion);
            println!(
                "| ~{target} | {n} | {} | {:.2} ms | {:.2} ms |",
                motion.name(),
                med.as_secs_f64() * 1000.0,
                p90.as_secs_f64() * 1000.0
            );
        }
    }
}
