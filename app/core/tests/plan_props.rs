//! Property tests of the planner's allocation: for random VNets with fixed
//! and `auto` subnets, allocations never overlap, always sit inside their VNet,
//! are aligned, are the smallest block that fits, and a subnet is left
//! unplaced only when no aligned block of its size is free.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;

use ipnet::{IpNet, Ipv4Net};
use netdraft_core::file;
use netdraft_core::plan::{self, sizing};
use proptest::prelude::*;

/// One generated subnet: fixed at a slot of the VNet, or `auto` with a
/// requested size or a number of private endpoints as its demand.
#[derive(Debug, Clone)]
enum Sub {
    Fixed { slot: u32, prefix: u8 },
    AutoSized(u8),
    AutoDemand(u32),
}

fn sub() -> impl Strategy<Value = Sub> {
    prop_oneof![
        (0u32..64, 22u8..=29).prop_map(|(slot, prefix)| Sub::Fixed { slot, prefix }),
        (22u8..=29).prop_map(Sub::AutoSized),
        (0u32..300).prop_map(Sub::AutoDemand),
    ]
}

fn v4(c: netdraft_core::net::Cidr) -> Ipv4Net {
    match c.net() {
        IpNet::V4(n) => n,
        IpNet::V6(_) => panic!("IPv6 in an IPv4 test"),
    }
}

fn span(n: Ipv4Net) -> (u64, u64) {
    let start = u64::from(u32::from(n.network()));
    (start, start + (1u64 << (32 - u32::from(n.prefix_len()))))
}

/// Builds the design text; fixed subnets that would overlap an earlier fixed
/// one are dropped so only the planner's placements are under test.
fn design_text(vnet_prefix: u8, subs: &[Sub], margin: u32) -> (String, Vec<(String, Sub)>) {
    let base = u32::from(std::net::Ipv4Addr::new(10, 20, 0, 0));
    let vnet = Ipv4Net::new(base.into(), vnet_prefix).unwrap();
    let mut text = format!(
        "format = 1\nname = \"prop\"\n[settings]\ngrowth_margin_percent = {margin}\n\
         [vnet.v]\nname = \"v\"\naddress_space = [\"{vnet}\"]\n\
         [paas_service.kv]\nname = \"kv\"\nservice = \"key-vault\"\n"
    );
    let mut kept = Vec::new();
    let mut fixed: Vec<(u64, u64)> = Vec::new();
    for (i, s) in subs.iter().enumerate() {
        let id = format!("s{i:02}");
        match s {
            Sub::Fixed { slot, prefix } => {
                if *prefix < vnet_prefix {
                    continue;
                }
                let size = 1u32 << (32 - u32::from(*prefix));
                let slots = 1u32 << (u32::from(*prefix) - u32::from(vnet_prefix));
                let net = Ipv4Net::new((base + (slot % slots) * size).into(), *prefix).unwrap();
                let sp = span(net);
                if fixed.iter().any(|f| f.0 < sp.1 && sp.0 < f.1) {
                    continue;
                }
                fixed.push(sp);
                writeln!(
                    text,
                    "[subnet.{id}]\nname = \"{id}\"\nparent = \"v\"\nprefix = \"{net}\""
                )
                .unwrap();
            }
            Sub::AutoSized(size) => {
                writeln!(
                    text,
                    "[subnet.{id}]\nname = \"{id}\"\nparent = \"v\"\nprefix = \"auto\"\nsize = {size}"
                )
                .unwrap();
            }
            Sub::AutoDemand(n) => {
                writeln!(
                    text,
                    "[subnet.{id}]\nname = \"{id}\"\nparent = \"v\"\nprefix = \"auto\""
                )
                .unwrap();
                for e in 0..*n {
                    writeln!(
                        text,
                        "[private_endpoint.{id}-pe{e}]\nname = \"{id}-pe{e}\"\nparent = \"{id}\"\ntarget = \"kv\""
                    )
                    .unwrap();
                }
            }
        }
        kept.push((id, s.clone()));
    }
    (text, kept)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn allocations_are_disjoint_inside_aligned_and_smallest(
        vnet_prefix in 18u8..=24,
        subs in proptest::collection::vec(sub(), 1..10),
        margin in 0u32..60,
    ) {
        let (text, kept) = design_text(vnet_prefix, &subs, margin);
        let design = file::parse(&text, "prop").unwrap_or_else(|e| panic!("{e}\n{text}")).design;
        let p = plan::plan(&design);
        prop_assert_eq!(&plan::plan(&design), &p, "the plan is stable for the same input");
        let vnet = v4(design.spec::<netdraft_core::model::VirtualNetwork>("v").unwrap().address_space[0]);
        let vspan = span(vnet);

        let mut placed: Vec<(String, (u64, u64))> = Vec::new();
        for (id, s) in &kept {
            let sp = p.subnet(id).unwrap();
            match (s, sp.prefix) {
                (Sub::Fixed { .. }, Some(c)) => placed.push((id.clone(), span(v4(c)))),
                (Sub::Fixed { .. }, None) => prop_assert!(false, "fixed subnet {id} lost its prefix"),
                (_, Some(c)) => {
                    prop_assert!(sp.auto);
                    let n = v4(c);
                    // Aligned: the prefix is its own network address.
                    prop_assert_eq!(n.network(), n.addr(), "{} not aligned", n);
                    let range = span(n);
                    prop_assert!(vspan.0 <= range.0 && range.1 <= vspan.1, "{} outside {}", n, vnet);
                    // Smallest fit.
                    match s {
                        Sub::AutoSized(size) => prop_assert_eq!(n.prefix_len(), *size),
                        Sub::AutoDemand(k) => {
                            let wanted = (u64::from(*k) * u64::from(100 + margin)).div_ceil(100).max(1);
                            prop_assert_eq!(sp.demand, u64::from(*k));
                            prop_assert!(sizing::usable(n.prefix_len()) >= wanted);
                            prop_assert!(
                                n.prefix_len() == sizing::SMALLEST_SUBNET || sizing::usable(n.prefix_len() + 1) < wanted,
                                "{} is not the smallest block for {} addresses", n, wanted
                            );
                        }
                        Sub::Fixed { .. } => unreachable!(),
                    }
                    placed.push((id.clone(), range));
                }
                (_, None) => {
                    // Unplaced only when the VNet has no free aligned block of the size wanted.
                    let issue = p.issues.iter().find(|i| i.code == "vnet-full" && i.resources[0].as_str() == id);
                    prop_assert!(issue.is_some(), "unplaced {id} without a vnet-full issue");
                    if let Sub::AutoSized(size) = s {
                        prop_assert_eq!(p.next_free(&design, "v", *size), None);
                    }
                }
            }
        }
        for (i, (a, ra)) in placed.iter().enumerate() {
            for (b, rb) in &placed[i + 1..] {
                prop_assert!(!(ra.0 < rb.1 && rb.0 < ra.1), "{a} and {b} overlap");
            }
        }
        prop_assert!(p.overlaps.is_empty(), "{:?}", p.overlaps);
    }
}
