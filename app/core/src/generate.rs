//! Synthetic designs of any size, for benchmarks and tests.
//!
//! A generated design is a valid hub-and-spoke estate: per hub a firewall with
//! its policy, a VPN gateway with an on-premises network, Bastion and a private
//! DNS zone; per spoke a VNet peered to its hub, an NSG, a UDR to the hub
//! firewall, a private endpoint to a storage account and `subnets_per_spoke`
//! subnets; clusters are spread over the spokes, each with a system and a user
//! pool in an `auto` node subnet and an internal load balancer service.
//!
//! Address plan (deterministic): VNet number `i` gets `10.0.0.0/8`'s i-th /19;
//! fixed spoke subnets are /24s from the top of the /19 down, `auto` subnets are
//! left to the planner; on-premises hub `h` gets `192.168.h.0/24`; clusters use
//! pod CIDR `100.64.0.0/16` and service CIDR `172.16.0.0/16`, outside every VNet.

use crate::id::Id;
use crate::model::{
    AksCluster, Design, Firewall, FirewallPolicy, Kind, NetworkModel, NetworkPolicy, NextHop, NodePool, Nsg,
    OnPremConnection, OnPremises, OutboundType, PaasService, PaasType, PoolMode, PrivateDnsZone, PrivateEndpoint,
    Region, Resource, ResourceGroup, Route, RouteTable, Subnet, SubnetPrefix, VirtualNetwork, VnetPeering, VnetRole,
    VpnGateway,
};
use crate::net::{AddressPrefix, Cidr, Surge};

/// The most VNets a generated design can hold (the /19s of 10.0.0.0/8).
pub const MAX_VNETS: u32 = 2048;
/// The most hubs (one /24 of 192.168.0.0/16 on premises each).
pub const MAX_HUBS: u32 = 256;
/// The most fixed subnets per spoke (/24s of its /19, leaving a /21 for auto subnets).
pub const MAX_SUBNETS_PER_SPOKE: u32 = 24;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub hubs: u32,
    pub spokes_per_hub: u32,
    pub clusters: u32,
    /// Fixed /24 subnets in each spoke, besides the cluster subnets.
    pub subnets_per_spoke: u32,
    /// Varies choices (network models, VM sizes) between otherwise equal designs.
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            hubs: 1,
            spokes_per_hub: 3,
            clusters: 2,
            subnets_per_spoke: 4,
            seed: 0,
        }
    }
}

/// Why options cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    #[error("--hubs must be from 1 to {MAX_HUBS} (got {0})")]
    Hubs(u32),
    #[error("{0} VNets requested (hubs × (1 + spokes per hub)); at most {MAX_VNETS} fit in 10.0.0.0/8 as /19s")]
    TooManyVnets(u64),
    #[error("--subnets-per-spoke must be at most {MAX_SUBNETS_PER_SPOKE} (got {0})")]
    Subnets(u32),
    #[error("--clusters needs at least one spoke to live in (use --spokes-per-hub 1 or more)")]
    NoSpokes,
}

const REGIONS: &[(&str, &str)] = &[
    ("weu", "westeurope"),
    ("neu", "northeurope"),
    ("swc", "swedencentral"),
    ("eus", "eastus2"),
];
const VM_SIZES: &[&str] = &["Standard_D4ds_v5", "Standard_D8ds_v5", "Standard_E4ds_v5"];

fn id(s: &str) -> Id {
    Id::slug(s)
}

fn cidr(text: &str) -> Cidr {
    // Inputs are formatted from in-range numbers above; a parse failure is a bug.
    text.parse()
        .unwrap_or_else(|e| panic!("generator produced a bad CIDR {text}: {e}"))
}

/// The /19 of VNet number `i`, as its first three octets' base.
fn vnet_base(i: u32) -> (u32, u32) {
    let block = i * 32; // /19 = 32 × /24
    (block / 256, block % 256)
}

fn add(design: &mut Design, r: Resource) {
    // Ids are built from unique indices, so a clash is a bug in this module.
    if let Err(e) = design.insert(r) {
        panic!("generator produced a duplicate id: {e}");
    }
}

/// Generates a design. Deterministic: the same options give the same design.
#[allow(clippy::too_many_lines)]
pub fn generate(opts: &GenerateOptions) -> Result<Design, GenerateError> {
    if opts.hubs == 0 || opts.hubs > MAX_HUBS {
        return Err(GenerateError::Hubs(opts.hubs));
    }
    let vnets = u64::from(opts.hubs) * (1 + u64::from(opts.spokes_per_hub));
    if vnets > u64::from(MAX_VNETS) {
        return Err(GenerateError::TooManyVnets(vnets));
    }
    if opts.subnets_per_spoke > MAX_SUBNETS_PER_SPOKE {
        return Err(GenerateError::Subnets(opts.subnets_per_spoke));
    }
    if opts.clusters > 0 && opts.spokes_per_hub == 0 {
        return Err(GenerateError::NoSpokes);
    }

    let mut d = Design::new(format!(
        "Generated: {} hubs × {} spokes, {} clusters",
        opts.hubs, opts.spokes_per_hub, opts.clusters
    ));
    "Synthetic hub-and-spoke estate made by `netdraft generate` for benchmarks and tests."
        .clone_into(&mut d.description);
    let pick = |i: u64, n: usize| ((opts.seed.wrapping_add(i)) % n as u64) as usize;

    let used_regions = (opts.hubs as usize).min(REGIONS.len());
    for (short, location) in &REGIONS[..used_regions] {
        add(
            &mut d,
            Resource::new(
                id(short),
                *location,
                None,
                Region {
                    location: (*location).to_owned(),
                },
            ),
        );
    }

    let mut vnet_no = 0u32;
    let mut spokes: Vec<(Id, u32)> = Vec::new(); // (spoke vnet id, vnet number)
    for h in 0..opts.hubs {
        let (short, location) = REGIONS[h as usize % REGIONS.len()];
        let region = id(short);
        let rg = id(&format!("rg-hub-{h}"));
        add(
            &mut d,
            Resource::new(
                rg.clone(),
                format!("rg-hub-{h}-{location}"),
                Some(region.clone()),
                ResourceGroup::default(),
            ),
        );
        let (a, b) = vnet_base(vnet_no);
        vnet_no += 1;
        let hub = id(&format!("hub-{h}"));
        let mut r = Resource::new(
            hub.clone(),
            format!("vnet-hub-{h}"),
            Some(region.clone()),
            VirtualNetwork {
                role: VnetRole::Hub,
                address_space: vec![cidr(&format!("10.{a}.{b}.0/19"))],
                dns_servers: vec![],
                ddos_protection: false,
                existing: None,
            },
        );
        r.meta.resource_group = Some(rg.clone());
        add(&mut d, r);
        let special = [
            ("fw", "AzureFirewallSubnet", format!("10.{a}.{b}.0/26")),
            ("gw", "GatewaySubnet", format!("10.{a}.{b}.64/27")),
            ("bastion", "AzureBastionSubnet", format!("10.{a}.{b}.128/26")),
        ];
        for (short_name, name, prefix) in special {
            add(
                &mut d,
                Resource::new(
                    id(&format!("hub-{h}-{short_name}")),
                    name,
                    Some(hub.clone()),
                    subnet(Some(cidr(&prefix))),
                ),
            );
        }
        let policy = id(&format!("hub-{h}-fw-policy"));
        add(
            &mut d,
            Resource::new(
                policy.clone(),
                format!("afwp-hub-{h}"),
                Some(rg.clone()),
                FirewallPolicy {
                    dns_proxy: true,
                    tier: None,
                    dns_servers: Vec::new(),
                    threat_intel_allow_ips: Vec::new(),
                    threat_intel_allow_fqdns: Vec::new(),
                    idps_mode: None,
                    tls_inspection: None,
                    threat_intel_mode: crate::model::ThreatIntelMode::Deny,
                    aks_egress_for: vec![],
                    rules: vec![],
                },
            ),
        );
        add(
            &mut d,
            Resource::new(
                id(&format!("hub-{h}-afw")),
                format!("afw-hub-{h}"),
                Some(id(&format!("hub-{h}-fw"))),
                Firewall {
                    tier: crate::model::FirewallTier::Standard,
                    public_ip_count: 20,
                    policy: Some(policy),
                    zones: vec!["1".into(), "2".into(), "3".into()],
                },
            ),
        );
        let vpn = id(&format!("hub-{h}-vpn"));
        add(
            &mut d,
            Resource::new(
                vpn.clone(),
                format!("vpng-hub-{h}"),
                Some(id(&format!("hub-{h}-gw"))),
                VpnGateway {
                    sku: "VpnGw2AZ".into(),
                    active_active: true,
                    bgp_asn: Some(65515),
                    scale_units: None,
                },
            ),
        );
        add(
            &mut d,
            Resource::new(
                id(&format!("dc-{h}")),
                format!("datacentre-{h}"),
                None,
                OnPremises {
                    address_ranges: vec![cidr(&format!("192.168.{h}.0/24"))],
                    connection: OnPremConnection::Vpn,
                    gateway: Some(vpn),
                    device_address: None,
                    bgp_asn: Some(65010),
                },
            ),
        );
        add(
            &mut d,
            Resource::new(
                id(&format!("hub-{h}-bas")),
                format!("bas-hub-{h}"),
                Some(id(&format!("hub-{h}-bastion"))),
                crate::model::Bastion {
                    sku: crate::model::BastionSku::Standard,
                    scale_units: None,
                },
            ),
        );
        let zone = id(&format!("hub-{h}-blob-zone"));
        let mut links = vec![hub.clone()];

        for s in 0..opts.spokes_per_hub {
            let (a, b) = vnet_base(vnet_no);
            let number = vnet_no;
            vnet_no += 1;
            let spoke = id(&format!("spoke-{h}-{s}"));
            let mut r = Resource::new(
                spoke.clone(),
                format!("vnet-spoke-{h}-{s}"),
                Some(region.clone()),
                VirtualNetwork {
                    role: VnetRole::Spoke,
                    address_space: vec![cidr(&format!("10.{a}.{b}.0/19"))],
                    dns_servers: vec![],
                    ddos_protection: false,
                    existing: None,
                },
            );
            r.meta.resource_group = Some(rg.clone());
            add(&mut d, r);
            links.push(spoke.clone());
            add(
                &mut d,
                Resource::new(
                    id(&format!("peer-{h}-{s}")),
                    format!("hub-{h}-to-spoke-{s}"),
                    None,
                    VnetPeering {
                        from: hub.clone(),
                        to: spoke.clone(),
                        allow_forwarded_traffic: true,
                        allow_gateway_transit: true,
                        use_remote_gateways: true,
                        allow_virtual_network_access: true,
                        reverse_name: None,
                        state: crate::model::PeeringState::default(),
                    },
                ),
            );
            let nsg = id(&format!("spoke-{h}-{s}-nsg"));
            add(
                &mut d,
                Resource::new(
                    nsg.clone(),
                    format!("nsg-spoke-{h}-{s}"),
                    Some(spoke.clone()),
                    Nsg { rules: vec![] },
                ),
            );
            let rt = id(&format!("spoke-{h}-{s}-rt"));
            add(
                &mut d,
                Resource::new(
                    rt.clone(),
                    format!("rt-spoke-{h}-{s}"),
                    Some(spoke.clone()),
                    // Gateway routes propagate, so traffic to and from the
                    // datacentre takes the gateway both ways; a spoke that
                    // sent it to the firewall one way only would be
                    // asymmetric (lint ND142).
                    RouteTable {
                        bgp_route_propagation: true,
                        routes: vec![Route {
                            name: "default-via-firewall".into(),
                            prefix: AddressPrefix::Cidr(cidr("0.0.0.0/0")),
                            next_hop: NextHop::VirtualAppliance,
                            next_hop_ip: None,
                            next_hop_resource: Some(id(&format!("hub-{h}-afw"))),
                        }],
                    },
                ),
            );
            for j in 0..opts.subnets_per_spoke {
                let third = b + 31 - j;
                let mut sn = subnet(Some(cidr(&format!("10.{a}.{third}.0/24"))));
                if let crate::model::Spec::Subnet(x) = &mut sn {
                    x.nsg = Some(nsg.clone());
                    x.route_table = Some(rt.clone());
                }
                add(
                    &mut d,
                    Resource::new(
                        id(&format!("spoke-{h}-{s}-snet-{j}")),
                        format!("snet-{j}"),
                        Some(spoke.clone()),
                        sn,
                    ),
                );
            }
            if opts.subnets_per_spoke > 0 {
                let storage = id(&format!("spoke-{h}-{s}-st"));
                add(
                    &mut d,
                    Resource::new(
                        storage.clone(),
                        format!("stspoke{h}x{s}"),
                        Some(rg.clone()),
                        PaasService {
                            service: PaasType::StorageAccount,
                            public_network_access: false,
                        },
                    ),
                );
                add(
                    &mut d,
                    Resource::new(
                        id(&format!("spoke-{h}-{s}-pe")),
                        format!("pe-stspoke{h}x{s}-blob"),
                        Some(id(&format!("spoke-{h}-{s}-snet-0"))),
                        PrivateEndpoint {
                            target: storage,
                            subresource: Some("blob".into()),
                            dns_zone: Some(zone.clone()),
                            static_ip: None,
                        },
                    ),
                );
            }
            spokes.push((spoke, number));
        }
        add(
            &mut d,
            Resource::new(
                zone,
                "privatelink.blob.core.windows.net",
                Some(rg),
                PrivateDnsZone {
                    zone: "privatelink.blob.core.windows.net".into(),
                    links,
                    registration: vec![],
                },
            ),
        );
    }

    for c in 0..opts.clusters {
        let (spoke, _) = &spokes[c as usize % spokes.len()];
        let round = c as usize / spokes.len();
        let cluster = id(&format!("aks-{c}"));
        let model = [NetworkModel::Overlay, NetworkModel::AzureCniPodSubnet][pick(u64::from(c), 2)];
        let nodes = id(&format!("aks-{c}-nodes"));
        // Cluster subnets take the spoke's NSG and its route table to the hub
        // firewall: the clusters' outbound type is userDefinedRouting (lint ND050).
        let spoke_subnet = || {
            let mut sn = auto_subnet();
            if let crate::model::Spec::Subnet(x) = &mut sn {
                x.nsg = Some(id(&format!("{spoke}-nsg")));
                x.route_table = Some(id(&format!("{spoke}-rt")));
            }
            sn
        };
        add(
            &mut d,
            Resource::new(
                nodes.clone(),
                format!("snet-aks-{c}-nodes"),
                Some(spoke.clone()),
                spoke_subnet(),
            ),
        );
        let pod_subnet = (model == NetworkModel::AzureCniPodSubnet).then(|| id(&format!("aks-{c}-pods")));
        if let Some(p) = &pod_subnet {
            add(
                &mut d,
                Resource::new(
                    p.clone(),
                    format!("snet-aks-{c}-pods"),
                    Some(spoke.clone()),
                    spoke_subnet(),
                ),
            );
        }
        add(
            &mut d,
            Resource::new(
                cluster.clone(),
                format!("aks-{c}-r{round}"),
                Some(spoke.clone()),
                AksCluster {
                    kubernetes_version: None,
                    sku_tier: crate::model::AksSkuTier::Standard,
                    network_model: model,
                    data_plane: crate::model::DataPlane::Cilium,
                    network_policy: NetworkPolicy::Cilium,
                    outbound_type: OutboundType::UserDefinedRouting,
                    service_cidr: Some(cidr("172.16.0.0/16")),
                    dns_service_ip: Some(std::net::IpAddr::from([172, 16, 0, 10])),
                    pod_cidr: (model == NetworkModel::Overlay).then(|| cidr("100.64.0.0/16")),
                    private_cluster: true,
                    private_dns_zone: None,
                    api_server_subnet: None,
                    authorized_ip_ranges: vec![],
                    ingress: crate::model::IngressChoice::None,
                    app_gateway: None,
                    workload_identity: true,
                    identity: crate::model::ClusterIdentity::UserAssigned,
                    ..AksCluster::default()
                },
            ),
        );
        // The hub firewall lets the cluster's egress out (the AKS FQDN tag;
        // lint ND144 without it).
        let hub = (c as usize % spokes.len()) / opts.spokes_per_hub.max(1) as usize;
        if let Some(r) = d.get_mut(&format!("hub-{hub}-fw-policy"))
            && let crate::model::Spec::FirewallPolicy(p) = &mut r.spec
        {
            p.aks_egress_for.push(cluster.clone());
        }
        for (pool, mode, count, min, max) in [
            ("system", PoolMode::System, Some(3), None, None),
            ("user", PoolMode::User, None, Some(2), Some(10)),
        ] {
            add(
                &mut d,
                Resource::new(
                    id(&format!("aks-{c}-{pool}")),
                    pool,
                    Some(nodes.clone()),
                    NodePool {
                        cluster: cluster.clone(),
                        mode,
                        vm_size: VM_SIZES[pick(u64::from(c) + 1, VM_SIZES.len())].to_owned(),
                        os: crate::model::OsType::Linux,
                        count,
                        min_count: min,
                        max_count: max,
                        max_pods: Some(if model == NetworkModel::Overlay { 250 } else { 50 }),
                        max_surge: Some(Surge::Percent(33)),
                        pod_subnet: pod_subnet.clone(),
                        zones: vec!["1".into(), "2".into(), "3".into()],
                    },
                ),
            );
        }
        add(
            &mut d,
            Resource::new(
                id(&format!("aks-{c}-ilb")),
                format!("ilb-aks-{c}"),
                Some(nodes),
                crate::model::K8sService {
                    cluster,
                    namespace: "ingress".into(),
                    internal: true,
                    static_ip: None,
                    ports: vec![443],
                    app: Some("gateway".into()),
                    external_traffic_policy: crate::model::TrafficPolicy::Cluster,
                    public_reason: None,
                },
            ),
        );
    }
    debug_assert!(d.resources().all(|r| r.kind() != Kind::Region || r.parent().is_none()));
    Ok(d)
}

fn subnet(prefix: Option<Cidr>) -> crate::model::Spec {
    Subnet {
        prefix: prefix.map_or(SubnetPrefix::Auto, SubnetPrefix::Fixed),
        extra_prefixes: Vec::new(),
        size: None,
        delegation: None,
        nsg: None,
        route_table: None,
        nat_gateway: None,
        service_endpoints: vec![],
        private_endpoint_network_policies: crate::model::PrivateEndpointPolicies::Disabled,
        private_link_service_network_policies: true,
        extra_ips: 0,
    }
    .into()
}

fn auto_subnet() -> crate::model::Spec {
    subnet(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file;

    #[test]
    fn generated_designs_are_valid_and_deterministic() {
        let opts = GenerateOptions {
            hubs: 2,
            spokes_per_hub: 5,
            clusters: 7,
            subnets_per_spoke: 6,
            seed: 3,
        };
        let d = generate(&opts).unwrap();
        let text = file::to_toml(&d);
        let loaded = file::parse(&text, "generated").unwrap_or_else(|e| panic!("{e}"));
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.design, d);
        assert_eq!(file::to_toml(&generate(&opts).unwrap()), text);
        assert_eq!(d.of_kind(Kind::VirtualNetwork).count(), 12);
        assert_eq!(d.of_kind(Kind::AksCluster).count(), 7);
    }

    #[test]
    fn generated_designs_plan_and_lint_without_errors() {
        for (hubs, spokes, clusters) in [(1, 3, 2), (1, 30, 4), (2, 5, 7)] {
            let d = generate(&GenerateOptions {
                hubs,
                spokes_per_hub: spokes,
                clusters,
                subnets_per_spoke: 2,
                seed: 1,
            })
            .unwrap();
            let plan = crate::plan::plan(&d);
            let errors: Vec<String> = crate::lint::lint_all(&d, &plan)
                .into_iter()
                .filter(|f| f.severity == crate::lint::Level::Error)
                .map(|f| format!("{} {}", f.rule, f.message))
                .collect();
            assert!(errors.is_empty(), "{hubs}x{spokes}, {clusters} clusters: {errors:#?}");
        }
    }

    #[test]
    fn large_designs_have_over_a_thousand_resources() {
        let d = generate(&GenerateOptions {
            hubs: 4,
            spokes_per_hub: 20,
            clusters: 50,
            subnets_per_spoke: 8,
            seed: 0,
        })
        .unwrap();
        assert!(d.len() > 1000, "{}", d.len());
    }

    #[test]
    fn impossible_sizes_are_refused() {
        let too_many = GenerateOptions {
            hubs: 100,
            spokes_per_hub: 30,
            ..GenerateOptions::default()
        };
        assert!(matches!(generate(&too_many), Err(GenerateError::TooManyVnets(_))));
        assert!(matches!(
            generate(&GenerateOptions {
                hubs: 0,
                ..GenerateOptions::default()
            }),
            Err(GenerateError::Hubs(0))
        ));
    }
}
