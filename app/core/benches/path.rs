//! `netdraft path` on a generated design of 200 VNets and ~2,000 subnets:
//! building the route engine's facts from a computed plan, then tracing a
//! cluster's pods through the hub firewall to the internet and to on premises
//! (budget: 50 ms median for the whole answer, plan included).

#![allow(clippy::expect_used, reason = "a benchmark harness may stop on a broken fixture")]

mod estate;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use netdraft_core::plan::plan;
use netdraft_core::route::{Endpoint, Net, Proto, resolve, trace};

fn bench_path(c: &mut Criterion) {
    let design = estate::estate();
    let cluster = design
        .of_kind(netdraft_core::Kind::AksCluster)
        .last()
        .expect("a cluster")
        .id
        .clone();
    let site = design
        .of_kind(netdraft_core::Kind::OnPremises)
        .next()
        .expect("an on-premises network")
        .id
        .clone();
    let subnets = design.of_kind(netdraft_core::Kind::Subnet).count();
    {
        let p = plan(&design);
        let net = Net::build(&design, &p);
        let from = resolve(&net, cluster.as_str()).expect("cluster resolves");
        let path = trace(&net, &from, &Endpoint::Internet, Proto::Tcp, 443);
        eprintln!(
            "design: {} resources, {subnets} subnets; {cluster} → internet: {} hops, {}",
            design.len(),
            path.hops.len(),
            path.verdict.as_str()
        );
    }
    c.bench_function("path/plan+trace/200-vnets-2000-subnets", |b| {
        b.iter(|| {
            let p = plan(black_box(&design));
            let net = Net::build(&design, &p);
            let from = resolve(&net, cluster.as_str()).expect("cluster resolves");
            let to = resolve(&net, site.as_str()).expect("site resolves");
            (
                trace(&net, &from, &Endpoint::Internet, Proto::Tcp, 443),
                trace(&net, &from, &to, Proto::Tcp, 443),
            )
        });
    });
    let p = plan(&design);
    c.bench_function("path/trace-only/200-vnets-2000-subnets", |b| {
        b.iter(|| {
            let net = Net::build(black_box(&design), &p);
            let from = resolve(&net, cluster.as_str()).expect("cluster resolves");
            trace(&net, &from, &Endpoint::Internet, Proto::Tcp, 443)
        });
    });
}

criterion_group!(benches, bench_path);
criterion_main!(benches);
