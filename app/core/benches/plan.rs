//! Full re-plan of a generated design of 200 VNets, ~2,000 subnets and 50
//! clusters: the work the GUI does after every edit (budget: 1 ms median).

#![allow(clippy::expect_used, reason = "a benchmark harness may stop on a broken fixture")]

mod estate;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use netdraft_core::plan::plan;

fn bench_plan(c: &mut Criterion) {
    let design = estate::estate();
    let subnets = design.of_kind(netdraft_core::Kind::Subnet).count();
    eprintln!("design: {} resources, {subnets} subnets", design.len());
    c.bench_function("plan/200-vnets-2000-subnets-50-clusters", |b| {
        b.iter(|| plan(black_box(&design)));
    });
}

criterion_group!(benches, bench_plan);
criterion_main!(benches);
