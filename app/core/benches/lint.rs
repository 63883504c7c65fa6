//! Plan plus lint of a generated design of 200 VNets, ~2,000 subnets and 50
//! clusters: what the GUI recomputes after every edit (budget: 2 ms median).
//! `lint/only` isolates the lint pass over an already-computed plan.

#![allow(clippy::expect_used, reason = "a benchmark harness may stop on a broken fixture")]

mod estate;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use netdraft_core::lint::{lint, lint_flows};
use netdraft_core::plan::plan;

fn bench_lint(c: &mut Criterion) {
    let design = estate::estate();
    let subnets = design.of_kind(netdraft_core::Kind::Subnet).count();
    let computed = plan(&design);
    let findings = lint(&design, &computed);
    eprintln!(
        "design: {} resources, {subnets} subnets; {} findings",
        design.len(),
        findings.len()
    );
    c.bench_function("plan+lint/200-vnets-2000-subnets-50-clusters", |b| {
        b.iter(|| {
            let p = plan(black_box(&design));
            lint(black_box(&design), &p)
        });
    });
    c.bench_function("lint/only/200-vnets-2000-subnets-50-clusters", |b| {
        b.iter(|| lint(black_box(&design), black_box(&computed)));
    });
    // The flow pass (ND065, ND142–ND145): the route engine built and each
    // cluster's flows traced; run beside `lint` by check, export and the designer.
    c.bench_function("lint/flows/200-vnets-2000-subnets-50-clusters", |b| {
        b.iter(|| lint_flows(black_box(&design), black_box(&computed)));
    });
}

criterion_group!(benches, bench_lint);
criterion_main!(benches);
