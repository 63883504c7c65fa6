//! What every core benchmark shares: the binary's allocator, so the numbers
//! are the app's, and the estate they measure.

use netdraft_core::Design;
use netdraft_core::generate::{GenerateOptions, generate};

/// The binary's allocator, so the numbers are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A generated hub-and-spoke estate: 10 hubs × (1 + 19 spokes) = 200 VNets,
/// 190 spokes × 10 subnets + hub and cluster subnets ≈ 2,000 subnets, 50
/// clusters (3,429 resources).
pub fn estate() -> Design {
    generate(&GenerateOptions {
        hubs: 10,
        spokes_per_hub: 19,
        clusters: 50,
        subnets_per_spoke: 10,
        seed: 0,
    })
    .expect("generator options are valid")
}
