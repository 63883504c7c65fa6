//! Importing 10,000 resources from a local ARM server on loopback (pages of
//! 1,000, real HTTP transport, default concurrency), mapping included.
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The binary's allocator, so the numbers are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use netdraft_import::auth::StaticToken;
use netdraft_import::http::HttpTransport;
use netdraft_import::{AccessToken, AzureOptions, import_azure};

fn bench(c: &mut Criterion) {
    let server = support::Server::start();
    server.page_size(1000);
    support::many(&server, 10_000);
    let mut options = AzureOptions::new(url::Url::parse(&server.base).unwrap());
    options.subscriptions = vec![support::SUB.to_owned()];
    let transport = HttpTransport::new().unwrap();
    let token = StaticToken(AccessToken::new("bench-token"));
    let cancel = AtomicBool::new(false);
    let once = import_azure(&options, &transport, &token, &|_| {}, &cancel).unwrap();
    assert!(once.design.len() >= 10_000, "{}", once.design.len());
    let mut g = c.benchmark_group("import");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("live_10k_resources", |b| {
        b.iter(|| import_azure(&options, &transport, &token, &|_| {}, &cancel).unwrap());
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
