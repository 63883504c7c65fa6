//! Property test: any design survives save → load exactly, and saving is
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! idempotent (the canonical text of a reloaded design is the same bytes).

use netdraft_core::file;
use netdraft_core::generate::{GenerateOptions, generate};
use netdraft_core::model::{Decision, Extent, Point};
use proptest::prelude::*;

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _.-]{0,24}",
        any::<String>(),
        Just("quote \" backslash \\ dollar ${var} percent %{x}".to_owned()),
        Just("multi\nline\r\n\ttabbed".to_owned()),
        Just("ünïcødé 日本語 🚀".to_owned()),
        Just("'''triple''' \"\"\"quotes\"\"\"".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn save_load_is_exact(
        hubs in 1u32..3,
        spokes in 0u32..4,
        clusters in 0u32..4,
        subnets in 0u32..5,
        seed in any::<u64>(),
        names in proptest::collection::vec(hostile_text(), 1..40),
        positions in proptest::collection::vec((any::<i32>(), any::<i32>(), any::<u32>(), any::<u32>()), 1..40),
        tags in proptest::collection::btree_map("[a-z]{1,8}", hostile_text(), 0..4),
        decision in hostile_text(),
        growth in 0u32..200,
    ) {
        let clusters = if spokes == 0 { 0 } else { clusters };
        let mut d = generate(&GenerateOptions { hubs, spokes_per_hub: spokes, clusters, subnets_per_spoke: subnets, seed }).unwrap();
        d.settings.tags = tags;
        d.settings.growth_margin_percent = growth;
        d.description = decision.clone();
        d.decisions.push(Decision { title: decision.clone(), decision: decision.clone(), reason: String::new() });
        let ids: Vec<_> = d.resources().map(|r| r.id.clone()).collect();
        for (i, id) in ids.iter().enumerate() {
            let r = d.get_mut(id.as_str()).unwrap();
            r.meta.name = names[i % names.len()].clone();
            if i % 3 == 0 {
                r.meta.notes = Some(names[(i + 1) % names.len()].clone());
            }
            let (x, y, w, h) = positions[i % positions.len()];
            r.meta.at = Some(Point(x, y));
            if i % 2 == 0 {
                r.meta.extent = Some(Extent(w, h));
            }
        }
        let text = file::to_toml(&d);
        let loaded = file::parse(&text, "roundtrip").unwrap_or_else(|e| panic!("{e}\n---\n{text}"));
        // Hostile names may hold control characters, which load with a warning
        // (Azure refuses them); nothing else may warn.
        prop_assert!(
            loaded.warnings.iter().all(|w| w.message.contains("control character")),
            "{:?}",
            loaded.warnings
        );
        prop_assert_eq!(&loaded.design, &d);
        prop_assert_eq!(file::to_toml(&loaded.design), text);
    }
}
