//! Export of a generated design of about 1,000 resources to every text format
//! (Terraform, Bicep, Helm values, Kubernetes manifests, Markdown) together:
//! what `netdraft export` and the GUI's preview cost on a large estate
//! (budget: 50 ms median). `all-text-formats` resolves the design once (an
//! [`Exporter`]) and renders every format from it; `each-format-alone` calls
//! [`export`] once per format, paying the model each time, as five separate
//! `netdraft export` runs would. The SVG picture is measured on its own.

#![allow(clippy::expect_used, reason = "a benchmark harness may stop on a broken fixture")]

/// The binary's allocator, so the numbers are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use netdraft_core::generate::{GenerateOptions, generate};
use netdraft_core::plan::plan;
use netdraft_export::{Exporter, Format, Templates, diagram, export, plan_findings};

fn bench_export(c: &mut Criterion) {
    let design = generate(&GenerateOptions {
        hubs: 4,
        spokes_per_hub: 12,
        clusters: 12,
        subnets_per_spoke: 12,
        seed: 0,
    })
    .expect("generator options are valid");
    let computed = plan(&design);
    let findings = plan_findings(&computed);
    let templates: Vec<Templates> = Format::ALL.iter().map(|f| Templates::builtin(*f)).collect();
    let files: usize = templates
        .iter()
        .map(|t| export(&design, &computed, t, &findings).expect("exports").len())
        .sum();
    eprintln!("design: {} resources; {files} files in all text formats", design.len());
    c.bench_function("export/all-text-formats/1000-resources", |b| {
        b.iter(|| {
            let exporter = Exporter::new(black_box(&design), &computed, &findings);
            for t in &templates {
                black_box(exporter.export(t).expect("exports"));
            }
        });
    });
    c.bench_function("export/each-format-alone/1000-resources", |b| {
        b.iter(|| {
            for t in &templates {
                black_box(export(black_box(&design), &computed, t, &findings).expect("exports"));
            }
        });
    });
    c.bench_function("export/svg/1000-resources", |b| {
        b.iter(|| diagram::svg(black_box(&design), &computed, &findings));
    });
}

criterion_group!(benches, bench_export);
criterion_main!(benches);
