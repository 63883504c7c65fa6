//! AKS and Azure address arithmetic: pure functions of numbers, shared by the
//! planner and the `netdraft size` calculator. Every rule cites the facts
//! sheet's source tag (`../shared/reference/azure-facts.md`).

use serde::Serialize;

use crate::model::{NetworkModel, Settings};

/// Addresses Azure reserves in every subnet: the first four and the last (VNET-FAQ).
pub const AZURE_RESERVED: u64 = 5;
/// The smallest IPv4 subnet Azure allows (VNET-FAQ).
pub const SMALLEST_SUBNET: u8 = 29;
/// The largest IPv4 subnet Azure allows (VNET-FAQ).
pub const LARGEST_SUBNET: u8 = 2;
/// Hard maximum of pods per node, any network model (AKS-IPPLAN).
pub const MAX_PODS_LIMIT: u32 = 250;
/// Smallest configurable max pods (AKS-IPPLAN).
pub const MIN_PODS_LIMIT: u32 = 10;
/// kubenet's node limit, from the 400-route UDR limit (AKS-KUBENET).
pub const KUBENET_MAX_NODES: u64 = 400;
/// Nodes per cluster across all pools, VMSS + Standard LB (AKS-QUOTA).
pub const CLUSTER_MAX_NODES: u64 = 5_000;
/// Nodes per VMSS node pool (AKS-QUOTA).
pub const POOL_MAX_NODES: u64 = 1_000;
/// Private IPs per VNet (VNET-LIMITS).
pub const VNET_MAX_PRIVATE_IPS: u64 = 65_536;
/// Pod-subnet IPs are handed to nodes in batches of this size (AKS-PODSUB, AKS-DYN).
pub const POD_BATCH: u64 = 16;

/// Usable addresses of an IPv4 subnet of prefix length `p`: `2^(32-p) - 5`.
pub fn usable(prefix_len: u8) -> u64 {
    block(prefix_len).saturating_sub(AZURE_RESERVED)
}

/// Addresses in an IPv4 block of prefix length `p`.
pub fn block(prefix_len: u8) -> u64 {
    1u64 << (32 - u32::from(prefix_len.min(32)))
}

/// The longest prefix (smallest subnet, never below /29) whose usable addresses
/// hold `ips`, or `None` if even a /2 is too small.
pub fn subnet_prefix_for(ips: u64) -> Option<u8> {
    (LARGEST_SUBNET..=SMALLEST_SUBNET).rev().find(|p| usable(*p) >= ips)
}

/// The longest prefix of a plain block (pod CIDR) holding `addresses`.
pub fn block_prefix_for(addresses: u64) -> Option<u8> {
    (0..=32u8).rev().find(|p| block(*p) >= addresses)
}

/// Default max pods per node for a network model (before any pool setting).
///
/// - kubenet 110 (AKS-KUBENET), Azure CNI node subnet 30 (AKS-IPPLAN),
///   Overlay 250 (AKS-OVL).
/// - Azure CNI pod subnet (dynamic and static block): CONFLICT between AKS-IPPLAN
///   (110) and AKS-DYN (250); the design setting `pod_subnet_max_pods_default`
///   decides (110 by default, following the newer page).
/// - BYO CNI: maxPods is enforced by the kubelet (AKS-BYOCNI); netdraft assumes
///   the kubelet default of 110.
pub fn default_max_pods(model: NetworkModel, settings: &Settings) -> u32 {
    match model {
        NetworkModel::Kubenet | NetworkModel::Byo => 110,
        NetworkModel::AzureCni => 30,
        NetworkModel::AzureCniPodSubnet | NetworkModel::AzureCniStaticBlock => settings.pod_subnet_max_pods_default,
        NetworkModel::Overlay => 250,
    }
}

/// Whether the model takes pod addresses from a private pod CIDR.
pub fn uses_pod_cidr(model: NetworkModel) -> bool {
    matches!(model, NetworkModel::Kubenet | NetworkModel::Overlay | NetworkModel::Byo)
}

/// Whether the model takes pod addresses from a pod subnet of the VNet.
pub fn uses_pod_subnet(model: NetworkModel) -> bool {
    matches!(
        model,
        NetworkModel::AzureCniPodSubnet | NetworkModel::AzureCniStaticBlock
    )
}

/// One computed figure with the arithmetic that produced it and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Figure {
    /// The number of addresses.
    pub ips: u64,
    /// The arithmetic with the numbers filled in.
    pub formula: String,
    /// Facts-sheet source tag(s).
    pub source: &'static str,
}

/// Thousands separators make demand figures readable in tables.
fn n(v: u64) -> crate::text::Thousands {
    crate::text::Thousands(v)
}

/// Node-subnet addresses taken by `nodes + surge` nodes of a model.
///
/// Azure CNI node subnet: each node also pre-reserves `max_pods` addresses,
/// `(N + S) × (M + 1)` (AKS-IPPLAN); every other model: `N + S`.
pub fn node_subnet_ips(model: NetworkModel, nodes: u64, surge: u64, max_pods: u32) -> Figure {
    let total = nodes + surge;
    if model == NetworkModel::AzureCni {
        let ips = total * (u64::from(max_pods) + 1);
        Figure {
            ips,
            formula: format!(
                "({} nodes + {} surge) × ({} max pods + 1) = {}",
                n(nodes),
                n(surge),
                max_pods,
                n(ips)
            ),
            source: "AKS-IPPLAN",
        }
    } else {
        Figure {
            ips: total,
            formula: format!("{} nodes + {} surge = {}", n(nodes), n(surge), n(total)),
            source: "AKS-IPPLAN",
        }
    }
}

/// Pod-subnet addresses for `nodes + surge` nodes, or `None` for models without a pod subnet.
///
/// - Dynamic allocation: nodes receive batches of 16 and ask for another batch when
///   fewer than 8 are free (AKS-PODSUB, AKS-DYN), so a full node holds at most
///   `16 × ceil((M + 8) / 16)` addresses (DERIVED; never less than one batch).
/// - Static block: `ceil((M + 1) / 16)` /28 blocks per node for the node's
///   lifetime (AKS-PODSUB).
pub fn pod_subnet_ips(model: NetworkModel, nodes: u64, surge: u64, max_pods: u32) -> Option<Figure> {
    let total = nodes + surge;
    let m = u64::from(max_pods);
    match model {
        NetworkModel::AzureCniPodSubnet => {
            let per_node = POD_BATCH * (m + 8).div_ceil(POD_BATCH).max(1);
            let ips = total * per_node;
            Some(Figure {
                ips,
                formula: format!(
                    "({} nodes + {} surge) × 16 × ceil(({max_pods} max pods + 8) / 16) = {} × {per_node} = {}",
                    n(nodes),
                    n(surge),
                    n(total),
                    n(ips)
                ),
                source: "AKS-PODSUB, AKS-DYN (DERIVED)",
            })
        }
        NetworkModel::AzureCniStaticBlock => {
            let blocks = (m + 1).div_ceil(POD_BATCH);
            let ips = total * blocks * POD_BATCH;
            Some(Figure {
                ips,
                formula: format!(
                    "({} nodes + {} surge) × 16 × ceil(({max_pods} max pods + 1) / 16) = {} × {blocks} blocks × 16 = {}",
                    n(nodes),
                    n(surge),
                    n(total),
                    n(ips)
                ),
                source: "AKS-PODSUB",
            })
        }
        _ => None,
    }
}

/// Static-block allocation wastes addresses unless `max_pods = 16k − 1` (AKS-PODSUB).
pub fn static_block_waste(max_pods: u32) -> u32 {
    let blocks = (max_pods + 1).div_ceil(16);
    blocks * 16 - (max_pods + 1)
}

/// Pod CIDR addresses for kubenet and Overlay: one /24 per node (AKS-KUBENET, AKS-OVL).
/// BYO CNI decides itself, so there is no figure for it.
pub fn pod_cidr_ips(model: NetworkModel, nodes: u64, surge: u64) -> Option<Figure> {
    if !matches!(model, NetworkModel::Kubenet | NetworkModel::Overlay) {
        return None;
    }
    let total = nodes + surge;
    let ips = total * 256;
    Some(Figure {
        ips,
        formula: format!(
            "({} nodes + {} surge) × 256 (one /24 per node) = {}",
            n(nodes),
            n(surge),
            n(ips)
        ),
        source: if model == NetworkModel::Kubenet {
            "AKS-KUBENET"
        } else {
            "AKS-OVL"
        },
    })
}

/// Nodes a pod CIDR of prefix `p` can hold with one /24 per node: `2^(24-p)`.
pub fn pod_cidr_node_capacity(prefix_len: u8) -> u64 {
    if prefix_len > 24 {
        0
    } else {
        1u64 << (24 - u32::from(prefix_len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_addresses_follow_the_five_reserved() {
        // B.1 DERIVED: /29 → 3, /28 → 11, /27 → 27, /26 → 59, /25 → 123, /24 → 251.
        for (p, u) in [(29, 3), (28, 11), (27, 27), (26, 59), (25, 123), (24, 251)] {
            assert_eq!(usable(p), u, "/{p}");
        }
    }

    #[test]
    fn fifty_node_azure_cni_example() {
        // A.3: 50 nodes, maxPods 30, +1 upgrade node = 1,581 → /21 (/22 has only 1,019 usable).
        let f = node_subnet_ips(NetworkModel::AzureCni, 50, 1, 30);
        assert_eq!(f.ips, 1_581);
        assert_eq!(subnet_prefix_for(f.ips), Some(21));
        assert_eq!(usable(22), 1_019);
        assert_eq!(usable(21), 2_043);
        assert!(f.formula.contains("1,581"), "{}", f.formula);
        // Planning +10 scale-out nodes: 61 + 61×30 = 1,891 → /21.
        let f = node_subnet_ips(NetworkModel::AzureCni, 60, 1, 30);
        assert_eq!(f.ips, 1_891);
        assert_eq!(subnet_prefix_for(f.ips), Some(21));
    }

    #[test]
    fn subnet_capacity_examples() {
        // kubenet on /24: 251 nodes; Azure CNI on /24 at 30 pods: 8 nodes (240 pods).
        assert_eq!(usable(24), 251);
        assert_eq!(usable(24) / 31, 8);
        // Overlay node subnet /24: 256 addresses, 251 usable.
        assert_eq!(block(24), 256);
    }

    #[test]
    fn static_block_examples() {
        // M=30 → 2 blocks, waste 1; M=31 → 2 blocks, waste 0; M=32 → 3 blocks, waste 15.
        assert_eq!(
            pod_subnet_ips(NetworkModel::AzureCniStaticBlock, 1, 0, 30).unwrap().ips,
            32
        );
        assert_eq!(static_block_waste(30), 1);
        assert_eq!(
            pod_subnet_ips(NetworkModel::AzureCniStaticBlock, 1, 0, 31).unwrap().ips,
            32
        );
        assert_eq!(static_block_waste(31), 0);
        assert_eq!(
            pod_subnet_ips(NetworkModel::AzureCniStaticBlock, 1, 0, 32).unwrap().ips,
            48
        );
        assert_eq!(static_block_waste(32), 15);
    }

    #[test]
    fn pod_cidr_capacity_examples() {
        // A.3 DERIVED: /16 → 256 nodes, /14 → 1,024, /12 → 4,096.
        assert_eq!(pod_cidr_node_capacity(16), 256);
        assert_eq!(pod_cidr_node_capacity(14), 1_024);
        assert_eq!(pod_cidr_node_capacity(12), 4_096);
        let f = pod_cidr_ips(NetworkModel::Overlay, 255, 1).unwrap();
        assert_eq!(block_prefix_for(f.ips), Some(16));
    }

    #[test]
    fn dynamic_pod_subnet_is_at_least_one_batch_per_node() {
        let f = pod_subnet_ips(NetworkModel::AzureCniPodSubnet, 10, 0, 10).unwrap();
        assert_eq!(f.ips, 10 * 32);
        let f = pod_subnet_ips(NetworkModel::AzureCniPodSubnet, 3, 1, 110).unwrap();
        assert_eq!(f.ips, 4 * 128);
    }

    #[test]
    fn smallest_subnet_is_a_29() {
        assert_eq!(subnet_prefix_for(1), Some(29));
        assert_eq!(subnet_prefix_for(3), Some(29));
        assert_eq!(subnet_prefix_for(4), Some(28));
        assert_eq!(subnet_prefix_for(u64::MAX), None);
    }
}
