//! CPU time of one designer frame (layout of the whole window and
//! tessellation; no GPU), for generated designs of about 100, 1,000 and
//! 5,000 resources, zoomed to fit. Run with
//! `cargo bench -p netdraft-gui --bench frame`; prints a Markdown table.

use std::time::{Duration, Instant};

use netdraft_core::generate::{GenerateOptions, generate};
use netdraft_gui::prefs::Prefs;
use netdraft_gui::{Config, NetdraftApp};

const FRAMES: usize = 60;

fn input(t: f64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1440.0, 900.0))),
        time: Some(t),
        ..egui::RawInput::default()
    }
}

fn frame(ctx: &egui::Context, app: &mut NetdraftApp, t: f64) -> Duration {
    let start = Instant::now();
    let out = ctx.run_ui(input(t), |ui| {
        app.logic_step(ui.ctx());
        app.ui_contents(ui);
    });
    let primitives = ctx.tessellate(out.shapes, out.pixels_per_point);
    std::hint::black_box(primitives);
    start.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
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
    println!("| target | resources | median frame | p90 frame |");
    println!("|---|---|---|---|");
    for (opts, target) in sizes {
        let Ok(design) = generate(&opts) else {
            eprintln!("cannot generate {opts:?}");
            continue;
        };
        let n = design.len();
        let ctx = egui::Context::default();
        let mut app = NetdraftApp::new(design, None, Config::default(), Prefs::default());
        // Warm up: fonts, layout caches, zoom to fit.
        for i in 0..5 {
            frame(&ctx, &mut app, f64::from(i) / 60.0);
        }
        let mut times: Vec<Duration> = (0..FRAMES)
            .map(|i| frame(&ctx, &mut app, (i + 5) as f64 / 60.0))
            .collect();
        let med = median(times.clone());
        times.sort();
        let p90 = times[times.len() * 9 / 10];
        println!(
            "| ~{target} | {n} | {:.2} ms | {:.2} ms |",
            med.as_secs_f64() * 1000.0,
            p90.as_secs_f64() * 1000.0
        );
    }
}
