//! What some specs know beyond their fields: the secure defaults of a new
//! cluster, the names Azure derives when the design sets none.

use super::{
    AgicMode, AksCluster, AksSkuTier, ClusterAuth, ClusterIdentity, DataPlane, IngressChoice, LoadBalancerSku,
    NetworkModel, NetworkPolicy, NodeOsUpgradeChannel, OutboundType, PeeringState, UpgradeChannel, VnetPeering,
};

impl Default for AksCluster {
    /// A new cluster with the secure defaults (what a design file that omits the fields gets).
    fn default() -> Self {
        AksCluster {
            dns_prefix: None,
            kubernetes_version: None,
            sku_tier: AksSkuTier::default(),
            network_model: NetworkModel::default(),
            data_plane: DataPlane::default(),
            network_policy: NetworkPolicy::default(),
            outbound_type: OutboundType::default(),
            load_balancer_sku: LoadBalancerSku::default(),
            managed_outbound_ip_count: None,
            outbound_ips: Vec::new(),
            service_cidr: None,
            dns_service_ip: None,
            pod_cidr: None,
            private_cluster: false,
            private_dns_zone: None,
            private_dns_zone_existing: None,
            api_server_subnet: None,
            authorized_ip_ranges: Vec::new(),
            ingress: IngressChoice::default(),
            app_gateway: None,
            agic_mode: AgicMode::default(),
            workload_identity: false,
            identity: ClusterIdentity::default(),
            identity_existing: None,
            azure_policy: true,
            local_accounts: false,
            auth: ClusterAuth::default(),
            upgrade_channel: UpgradeChannel::default(),
            node_os_upgrade_channel: NodeOsUpgradeChannel::default(),
            default_deny_namespaces: Vec::new(),
        }
    }
}

impl AksCluster {
    /// The DNS prefix a cluster named `name` gets when the design sets none.
    pub fn default_dns_prefix(name: &str) -> String {
        let mut p = crate::text::dns1123(name);
        p.truncate(54);
        while p.ends_with('-') {
            p.pop();
        }
        p
    }
}

impl VnetPeering {
    /// The Azure name of the `to` → `from` direction when the design sets no
    /// `reverse_name`: `peer-a-to-b` turns round, else `peer-{to}-to-{from}`.
    pub fn default_reverse_name(name: &str, from: &str, to: &str) -> String {
        if let Some((a, b)) = name.strip_prefix("peer-").and_then(|n| n.split_once("-to-")) {
            return format!("peer-{b}-to-{a}");
        }
        format!("peer-{to}-to-{from}")
    }

    /// Whether the peering carries traffic: only a `Connected` peering does
    /// (an `Initiated` one waits for its other side, a `Disconnected` one lost it).
    pub fn is_connected(&self) -> bool {
        self.state == PeeringState::Connected
    }
}
