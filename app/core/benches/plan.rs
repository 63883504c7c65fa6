//! Full re-plan of a generated design of 200 VNets, ~2,000 subnets and 50
//! clusters: the work the GUI does after every edit (budget: 1 ms median).

#![allow(clippy::expect_used, reason = "a benchmark harness may stop on a broken fixture")]

/// The binary's allocator, so the numbers are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use netdraft_core::generate::{GenerateOptions, generate};
use netdraft_core::plan::plan;

fn bench_plan(c: &mut Criterion) {
    // 10 hubs × (1 + 19 spokes) = 200 VNets; 190 spokes × 10 subnets + hub and cluster subnets ≈ 2,000 subnets.
    let design = generate(&GenerateOptions {
        hubs: 10,
        spokes_per_hub: 19,
        clusters: 50,
        subnets_per_spoke: 10,
        seed: 0,
    })
    .expect("generator options are valid");
    let subnets = design.of_kind(netdraft_core::Kind::Subnet).count();
    eprintln!("design: {} resources, {subnets} subnets", design.len());
    c.bench_function("plan/200-vnets-2000-subnets-50-clusters", |b| {
        b.iter(|| plan(black_box(&design)));
    });
}

criterion_group!(benches, bench_plan);
criterion_main!(benches);
