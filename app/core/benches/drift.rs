//! Drift of a generated design of 200 VNets, ~2,000 subnets and 50 clusters
//! against itself as an import would read it (every value settled): what the
//! designer's Drift tab computes on its worker after an edit while a
//! comparison is open, and what `netdraft drift` computes once.

#![allow(clippy::expect_used, reason = "a benchmark harness may stop on a broken fixture")]

mod estate;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use netdraft_core::drift::{compare, settle};
use netdraft_core::plan::plan;

fn bench_drift(c: &mut Criterion) {
    let design = estate::estate();
    let computed = plan(&design);
    // What an import holds: every value the design leaves to Azure filled in
    // (ids do not matter to the comparison; `drift_tests` renames them).
    let live = settle(&design, &computed);
    let found = compare(&design, &computed, &live);
    assert!(found.is_empty(), "{:?}", found.entries.first());
    eprintln!("design: {} resources; {} the same", design.len(), found.same);
    c.bench_function("drift/200-vnets-2000-subnets-50-clusters", |b| {
        b.iter(|| compare(black_box(&design), black_box(&computed), black_box(&live)));
    });
}

criterion_group!(benches, bench_drift);
criterion_main!(benches);
