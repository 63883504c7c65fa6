//! Drift of a generated design of 200 VNets, ~2,000 subnets and 50 clusters
//! against itself as an import would read it (every value settled, every id
//! renamed): what the designer's Drift tab recomputes after an edit while a
//! comparison is open, and what `netdraft drift` computes once.

#![allow(clippy::expect_used, reason = "a benchmark harness may stop on a broken fixture")]

/// The binary's allocator, so the numbers are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use netdraft_core::drift::{compare, rewrite, settle};
use netdraft_core::generate::{GenerateOptions, generate};
use netdraft_core::plan::plan;
use netdraft_core::{Design, Id, Resource, Spec};

/// The design as the import would bring it back: settled, with ids named otherwise.
fn as_imported(d: &Design) -> Design {
    let settled = settle(d, &plan(d));
    let rename = |id: &Id| Id::new(format!("live-{id}")).expect("a valid id");
    let mut out = Design::new("live");
    for r in settled.resources() {
        let refs: BTreeMap<String, String> = r
            .spec
            .references()
            .iter()
            .map(|x| (x.target.to_string(), rename(x.target).to_string()))
            .collect();
        let mut spec = serde_json::to_value(&r.spec).expect("a spec serialises");
        rewrite(&mut spec, &refs);
        let mut x = Resource::new(
            rename(&r.id),
            r.name(),
            r.parent().map(rename),
            serde_json::from_value::<Spec>(spec).expect("and reads back"),
        );
        x.meta.resource_group = r.meta.resource_group.as_ref().map(rename);
        out.insert(x).expect("ids stay unique");
    }
    out
}

fn bench_drift(c: &mut Criterion) {
    let design = generate(&GenerateOptions {
        hubs: 10,
        spokes_per_hub: 19,
        clusters: 50,
        subnets_per_spoke: 10,
        seed: 0,
    })
    .expect("generator options are valid");
    let computed = plan(&design);
    let live = as_imported(&design);
    let found = compare(&design, &computed, &live);
    assert!(found.is_empty(), "{:?}", found.entries.first());
    eprintln!("design: {} resources; {} the same", design.len(), found.same);
    c.bench_function("drift/200-vnets-2000-subnets-50-clusters", |b| {
        b.iter(|| compare(black_box(&design), black_box(&computed), black_box(&live)));
    });
}

criterion_group!(benches, bench_drift);
criterion_main!(benches);
