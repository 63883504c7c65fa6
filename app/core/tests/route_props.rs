//! Property tests of route selection: for any set of routes and any
//! destination, the route chosen is a longest matching prefix, and among
//! routes of that length it is the user-defined one, else the BGP one, else
//! the system one (udr-overview "How Azure selects a route").
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use netdraft_core::route::table::{mark, select};
use netdraft_core::route::{Destination, EffectiveRoute, NextHopType, RoutePrefix, RouteSource};
use proptest::prelude::*;

fn source() -> impl Strategy<Value = RouteSource> {
    prop_oneof![
        Just(RouteSource::User),
        Just(RouteSource::Gateway),
        Just(RouteSource::Default)
    ]
}

/// Prefixes inside 10.0.0.0/16 (and 0.0.0.0/0) so that they overlap often.
fn prefix() -> impl Strategy<Value = Ipv4Net> {
    (any::<u16>(), prop_oneof![Just(0u8), 8u8..=32]).prop_map(|(low, len)| {
        let addr = Ipv4Addr::from(0x0A00_0000 | u32::from(low));
        Ipv4Net::new(addr, len).unwrap().trunc()
    })
}

fn routes() -> impl Strategy<Value = Vec<(Ipv4Net, RouteSource)>> {
    prop::collection::vec((prefix(), source()), 1..24)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn chosen_route_is_longest_prefix_with_azure_tie_break(list in routes(), low in any::<u16>()) {
        let dst = Ipv4Addr::from(0x0A00_0000 | u32::from(low));
        let mut table: Vec<EffectiveRoute> = list
            .iter()
            .enumerate()
            .map(|(i, (p, s))| EffectiveRoute::new(RoutePrefix::Cidr(*p), *s, NextHopType::VirtualAppliance, format!("r{i}")))
            .collect();
        mark(&mut table);
        let choice = select(&table, &Destination::ip(dst));
        // The oracle, from the unmarked list: longest holding prefix, then the
        // best source among routes of that length.
        let holding: Vec<&(Ipv4Net, RouteSource)> = list.iter().filter(|(p, _)| p.contains(&dst)).collect();
        match holding.iter().map(|(p, _)| p.prefix_len()).max() {
            None => prop_assert!(choice.is_none()),
            Some(best_len) => {
                let best_source = holding
                    .iter()
                    .filter(|(p, _)| p.prefix_len() == best_len)
                    .map(|(_, s)| *s)
                    .min()
                    .unwrap();
                let c = choice.expect("a route holds the destination");
                let r = &table[c.index];
                let RoutePrefix::Cidr(p) = r.prefix else { panic!("tag") };
                prop_assert!(p.contains(&dst));
                prop_assert_eq!(p.prefix_len(), best_len);
                prop_assert_eq!(r.source, best_source);
                prop_assert!(r.active);
            }
        }
    }
}
