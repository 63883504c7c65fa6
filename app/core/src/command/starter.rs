//! New resources as the palette creates them: a valid spec with sensible
//! defaults, a fresh id and a readable, unused name. Kinds that cannot exist
//! without another resource (a node pool needs a cluster) pick the nearest one
//! or say what to add first.

use std::net::Ipv4Addr;

use super::CommandError;
use crate::id::Id;
use crate::model::{
    AcmeSolver, AksCluster, ApiManagement, ApimSku, ApimVnetMode, AppGateway, AppGatewayForContainers, AppGatewaySku,
    Bastion, CertIssuer, Design, ExpressRouteGateway, Firewall, FirewallPolicy, FrontDoor, K8sService, Kind, Meta,
    NatGateway, Nsg, OnPremConnection, OnPremises, OsType, PaasService, PaasType, Point, PoolMode, PrivateDnsZone,
    PrivateEndpoint, PrivateLinkService, PublicIp, Region, Resource, ResourceGroup, RouteTable, RoutingIntent, Spec,
    Subnet, SubnetPrefix, TrafficManager, TrafficPolicy, VirtualHub, VirtualNetwork, VirtualWan, VirtualWanSku,
    VnetPeering, VnetRole, VpnGateway, WafMode,
};
use crate::net::Cidr;

/// `vnet-1`, `vnet-2`, … the first name of that shape not used by a resource of the kind.
/// Node pools get `pool1` (AKS pool names are lowercase letters and digits only).
fn fresh_name(design: &Design, kind: Kind) -> String {
    let stem = kind.name_prefix();
    let sep = if kind == Kind::NodePool { "" } else { "-" };
    (1..=design.len() + 1)
        .map(|n| format!("{stem}{sep}{n}"))
        .find(|name| !design.of_kind(kind).any(|r| r.name() == name))
        .unwrap_or_else(|| stem.to_owned())
}

/// AKS's default ranges: the service CIDR (10.0.0.0/16) and the pod CIDR of
/// kubenet and CNI Overlay (10.244.0.0/16) (AKS-KUBENET, AKS-OVL-CFG). A new
/// VNet must not take them, or its first peering with a cluster's VNet
/// overlaps a cluster left at the defaults.
const AKS_DEFAULTS: [Ipv4Addr; 2] = [Ipv4Addr::new(10, 0, 0, 0), Ipv4Addr::new(10, 244, 0, 0)];

/// Every range a new VNet must stay clear of: the design's VNets (all their
/// prefixes), its subnets' extra prefixes, on-premises ranges, each cluster's
/// service and pod CIDRs, and AKS's default ranges.
fn taken_ranges(design: &Design) -> Vec<ipnet::IpNet> {
    let mut taken: Vec<ipnet::IpNet> = AKS_DEFAULTS
        .iter()
        .filter_map(|a| ipnet::Ipv4Net::new(*a, 16).ok())
        .map(ipnet::IpNet::V4)
        .collect();
    taken.extend(
        design
            .all::<VirtualNetwork>()
            .flat_map(|(_, v)| v.address_space.iter().map(|c| c.net())),
    );
    taken.extend(
        design
            .all::<Subnet>()
            .flat_map(|(_, s)| s.extra_prefixes.iter().map(|c| c.net())),
    );
    taken.extend(
        design
            .all::<OnPremises>()
            .flat_map(|(_, o)| o.address_ranges.iter().map(|c| c.net())),
    );
    taken.extend(design.all::<VirtualHub>().map(|(_, h)| h.address_prefix.net()));
    taken.extend(
        design
            .all::<AksCluster>()
            .flat_map(|(_, a)| a.service_cidr.iter().chain(a.pod_cidr.iter()).map(|c| c.net())),
    );
    taken
}

/// A new VNet's address space: the first `10.N.0.0/16` that overlaps nothing
/// in the design and no AKS default range (see [`taken_ranges`]).
pub fn free_vnet_space(design: &Design) -> Cidr {
    first_free(
        design,
        (0u8..=255).filter_map(|n| ipnet::Ipv4Net::new(Ipv4Addr::new(10, n, 0, 0), 16).ok()),
    )
}

/// The first candidate that overlaps nothing [`taken_ranges`] lists (or
/// `0.0.0.0/0`, which every check refuses, when all are taken).
fn first_free(design: &Design, candidates: impl Iterator<Item = ipnet::Ipv4Net>) -> Cidr {
    let taken = taken_ranges(design);
    candidates
        .map(ipnet::IpNet::V4)
        .find(|candidate| {
            !taken
                .iter()
                .any(|t| t.contains(&candidate.network()) || candidate.contains(&t.network()))
        })
        .map_or_else(|| Cidr::from(ipnet::IpNet::V4(ipnet::Ipv4Net::default())), Cidr::from)
}

/// A new virtual hub's address prefix: the first `10.N.M.0/23` clear of
/// everything [`taken_ranges`] lists, a /23 being the size Microsoft
/// recommends for a hub (the minimum is a /24; VWAN-FAQ, "What is the
/// recommended hub address space during hub creation?").
pub fn free_hub_prefix(design: &Design) -> Cidr {
    first_free(
        design,
        (0u8..=255)
            .flat_map(|n| (0u8..=254).step_by(2).map(move |m| (n, m)))
            .filter_map(|(n, m)| ipnet::Ipv4Net::new(Ipv4Addr::new(10, n, m, 0), 23).ok()),
    )
}

/// The cluster a new pool or service in `parent` most likely belongs to: one
/// already serving the same VNet, else the only (or first) cluster.
fn nearest_cluster(design: &Design, parent: Option<&Id>) -> Option<Id> {
    let vnet = parent.and_then(|p| design.enclosing(p.as_str(), Kind::VirtualNetwork));
    if let Some(vnet) = vnet {
        let in_vnet = design.all::<crate::model::NodePool>().find(|(r, _)| {
            design
                .enclosing(r.id.as_str(), Kind::VirtualNetwork)
                .is_some_and(|v| v.id == vnet.id)
        });
        if let Some((_, pool)) = in_vnet {
            return Some(pool.cluster.clone());
        }
    }
    if let Some(p) = parent
        && let Some(cluster) = design.enclosing(p.as_str(), Kind::AksCluster)
    {
        return Some(cluster.id.clone());
    }
    design.of_kind(Kind::AksCluster).next().map(|r| r.id.clone())
}

fn needs(what: &str, kind: Kind) -> CommandError {
    CommandError::Refused(format!(
        "a {} needs {what} first; drop one on the canvas, then try again",
        kind.label()
    ))
}

/// The spec a new resource of `kind` starts with.
#[allow(clippy::too_many_lines)] // one arm per kind of the catalogue
fn starter_spec(design: &Design, kind: Kind, parent: Option<&Id>) -> Result<Spec, CommandError> {
    let in_subnet = parent.is_some_and(|p| design.get(p.as_str()).is_some_and(|r| r.kind() == Kind::Subnet));
    Ok(match kind {
        Kind::Region => Region {
            location: "westeurope".to_owned(),
        }
        .into(),
        Kind::ResourceGroup => ResourceGroup::default().into(),
        Kind::VirtualNetwork => VirtualNetwork {
            role: VnetRole::Standalone,
            address_space: vec![free_vnet_space(design)],
            dns_servers: Vec::new(),
            ddos_protection: false,
            existing: None,
        }
        .into(),
        Kind::Subnet => Subnet {
            prefix: SubnetPrefix::Auto,
            extra_prefixes: Vec::new(),
            size: None,
            delegation: None,
            nsg: None,
            route_table: None,
            nat_gateway: None,
            service_endpoints: Vec::new(),
            private_endpoint_network_policies: crate::model::PrivateEndpointPolicies::default(),
            private_link_service_network_policies: true,
            extra_ips: 0,
        }
        .into(),
        Kind::VnetPeering => {
            return Err(CommandError::Refused(
                "a peering joins two VNets: use the connection tool from one VNet to the other".to_owned(),
            ));
        }
        Kind::OnPremises => OnPremises {
            address_ranges: Vec::new(),
            connection: OnPremConnection::Vpn,
            gateway: design.of_kind(Kind::VpnGateway).next().map(|r| r.id.clone()),
            device_address: None,
            bgp_asn: None,
        }
        .into(),
        Kind::AksCluster => AksCluster::default().into(),
        Kind::NodePool => {
            let cluster = nearest_cluster(design, parent).ok_or_else(|| needs("an AKS cluster", kind))?;
            let has_pools = design
                .all::<crate::model::NodePool>()
                .any(|(_, p)| p.cluster == cluster);
            crate::model::NodePool {
                cluster,
                mode: if has_pools { PoolMode::User } else { PoolMode::System },
                vm_size: "Standard_D4ds_v5".to_owned(),
                os: OsType::Linux,
                count: Some(3),
                min_count: None,
                max_count: None,
                max_pods: None,
                max_surge: None,
                pod_subnet: None,
                zones: Vec::new(),
            }
            .into()
        }
        Kind::Firewall => Firewall {
            tier: crate::model::FirewallTier::default(),
            public_ip_count: 1,
            policy: design.of_kind(Kind::FirewallPolicy).next().map(|r| r.id.clone()),
            zones: Vec::new(),
        }
        .into(),
        Kind::FirewallPolicy => FirewallPolicy {
            dns_proxy: true,
            tier: None,
            dns_servers: Vec::new(),
            threat_intel_allow_ips: Vec::new(),
            threat_intel_allow_fqdns: Vec::new(),
            idps_mode: None,
            tls_inspection: None,
            threat_intel_mode: crate::model::ThreatIntelMode::Deny,
            aks_egress_for: Vec::new(),
            rules: Vec::new(),
        }
        .into(),
        Kind::RouteTable => RouteTable {
            bgp_route_propagation: true,
            routes: Vec::new(),
        }
        .into(),
        Kind::Nsg => Nsg { rules: Vec::new() }.into(),
        Kind::NatGateway => NatGateway {
            sku: crate::model::NatSku::default(),
            public_ips: Vec::new(),
            idle_timeout_minutes: None,
            zones: Vec::new(),
        }
        .into(),
        Kind::PublicIp => PublicIp {
            sku: crate::model::PublicIpSku::default(),
            allocation: crate::model::IpAllocation::default(),
            prefix_length: None,
            zones: Vec::new(),
            dns_label: None,
        }
        .into(),
        Kind::VpnGateway => VpnGateway {
            sku: "VpnGw2AZ".to_owned(),
            active_active: false,
            bgp_asn: None,
            scale_units: None,
        }
        .into(),
        Kind::ExpressRouteGateway => ExpressRouteGateway {
            sku: "ErGw1AZ".to_owned(),
            scale_units: None,
        }
        .into(),
        Kind::VirtualWan => VirtualWan {
            sku: VirtualWanSku::Standard,
            allow_branch_to_branch: true,
        }
        .into(),
        Kind::VirtualHub => VirtualHub {
            wan: design
                .of_kind(Kind::VirtualWan)
                .next()
                .map(|r| r.id.clone())
                .ok_or_else(|| needs("a Virtual WAN", kind))?,
            address_prefix: free_hub_prefix(design),
            connections: Vec::new(),
            routing_intent: RoutingIntent::None,
            connection_names: std::collections::BTreeMap::new(),
        }
        .into(),
        Kind::Bastion => Bastion {
            sku: if in_subnet {
                crate::model::BastionSku::Standard
            } else {
                crate::model::BastionSku::Developer
            },
            scale_units: None,
        }
        .into(),
        Kind::AppGateway => AppGateway {
            sku: AppGatewaySku::WafV2,
            waf_mode: Some(WafMode::Prevention),
            min_capacity: Some(2),
            max_capacity: Some(10),
            private_ip: None,
            public_frontend: true,
            backends: Vec::new(),
            hostnames: Vec::new(),
            tls_policy: None,
            waf_rule_sets: vec![],
        }
        .into(),
        Kind::AppGatewayForContainers => AppGatewayForContainers {
            cluster: nearest_cluster(design, parent),
            frontends: Vec::new(),
            deployment: crate::model::AgcDeployment::default(),
            backend_tls: false,
            hostnames: Vec::new(),
        }
        .into(),
        Kind::ApiManagement => ApiManagement {
            sku: ApimSku::Developer,
            capacity: 1,
            vnet_mode: if in_subnet {
                ApimVnetMode::Internal
            } else {
                ApimVnetMode::None
            },
            publisher_name: String::new(),
            publisher_email: String::new(),
            backends: Vec::new(),
            zones: Vec::new(),
            public_ip: None,
            identity: None,
            identity_ids: Vec::new(),
        }
        .into(),
        Kind::FrontDoor => FrontDoor {
            sku: crate::model::FrontDoorSku::default(),
            waf_mode: Some(WafMode::Prevention),
            origins: Vec::new(),
            private_link: false,
            layout: None,
        }
        .into(),
        Kind::TrafficManager => TrafficManager {
            routing: crate::model::TrafficRouting::default(),
            ttl: None,
            monitor_protocol: crate::model::MonitorProtocol::default(),
            monitor_port: None,
            monitor_path: None,
            external_endpoints: Vec::new(),
            endpoints: Vec::new(),
            dns_name: None,
        }
        .into(),
        Kind::PrivateEndpoint => {
            let target = design
                .of_kind(Kind::PaasService)
                .next()
                .map(|r| r.id.clone())
                .ok_or_else(|| needs("a PaaS service to connect to", kind))?;
            PrivateEndpoint {
                target,
                subresource: None,
                dns_zone: None,
                static_ip: None,
            }
            .into()
        }
        Kind::PrivateDnsZone => PrivateDnsZone {
            zone: "privatelink.vaultcore.azure.net".to_owned(),
            links: Vec::new(),
            registration: Vec::new(),
        }
        .into(),
        Kind::PrivateLinkService => PrivateLinkService {
            load_balancer: None,
            nat_ip_count: 1,
            visibility: Vec::new(),
        }
        .into(),
        Kind::PaasService => PaasService {
            service: PaasType::KeyVault,
            public_network_access: false,
        }
        .into(),
        Kind::K8sService => K8sService {
            cluster: nearest_cluster(design, parent).ok_or_else(|| needs("an AKS cluster", kind))?,
            namespace: "default".to_owned(),
            internal: true,
            static_ip: None,
            ports: vec![443],
            app: None,
            external_traffic_policy: TrafficPolicy::default(),
            public_reason: None,
        }
        .into(),
        Kind::CertIssuer => CertIssuer {
            cluster: nearest_cluster(design, parent).ok_or_else(|| needs("an AKS cluster", kind))?,
            server: crate::model::ACME_PRODUCTION.to_owned(),
            email: String::new(),
            solver: AcmeSolver::default(),
            ingress_class: None,
            dns_zone: None,
            dns_zone_resource_group: None,
        }
        .into(),
    })
}

/// A new resource of `kind` inside `parent` at `at`, ready for [`super::Command::Add`].
pub fn starter(design: &Design, kind: Kind, parent: Option<&Id>, at: Option<Point>) -> Result<Resource, CommandError> {
    super::policy::check_placement(design, kind, parent)?;
    let spec = starter_spec(design, kind, parent)?;
    let name = fresh_name(design, kind);
    Ok(Resource {
        id: design.fresh_id(&name),
        meta: Meta {
            name,
            parent: parent.cloned(),
            at,
            ..Meta::default()
        },
        spec,
    })
}

/// A new peering from `from` to `to` (both VNets).
pub fn peering(design: &Design, from: &Id, to: &Id) -> Resource {
    let name = |id: &Id| design.get(id.as_str()).map_or(id.to_string(), |r| r.name().to_owned());
    let label = format!("{}-to-{}", name(from), name(to));
    Resource::new(
        design.fresh_id(&label),
        label,
        None,
        VnetPeering {
            from: from.clone(),
            to: to.clone(),
            allow_forwarded_traffic: true,
            allow_gateway_transit: false,
            use_remote_gateways: false,
            allow_virtual_network_access: true,
            reverse_name: None,
            state: crate::model::PeeringState::default(),
        },
    )
}

/// The default route `0.0.0.0/0` to a firewall.
pub fn default_route_to(firewall: &Id) -> crate::model::Route {
    crate::model::Route::default_to(firewall)
}

/// The size Azure asks of a dedicated subnet (a /26 for Azure Firewall and
/// Bastion, a /27 for gateways).
fn dedicated_size(name: &str) -> Option<u8> {
    match name {
        "AzureFirewallSubnet" | "AzureBastionSubnet" => Some(26),
        "GatewaySubnet" => Some(27),
        _ => None,
    }
}

/// What dropping a new `kind` into `parent` does: an `Add`, or, for kinds that
/// live in a dedicated subnet (a firewall, a gateway, Bastion) dropped onto
/// their VNet, the subnet and the resource together in one step (reusing the
/// subnet when the VNet has it).
pub fn create(
    design: &Design,
    kind: Kind,
    parent: Option<&Id>,
    at: Option<Point>,
) -> Result<super::Command, CommandError> {
    let direct = starter(design, kind, parent, at);
    let Err(refusal) = direct else {
        return direct.map(super::Command::Add);
    };
    let (Some(name), Some(vnet)) = (
        super::policy::dedicated_subnet_for(kind),
        parent
            .and_then(|p| design.get(p.as_str()))
            .filter(|p| p.kind() == Kind::VirtualNetwork),
    ) else {
        return Err(refusal);
    };
    if let Some(existing) = design
        .children(vnet.id.as_str())
        .find(|c| c.kind() == Kind::Subnet && c.name().eq_ignore_ascii_case(name))
    {
        return starter(design, kind, Some(&existing.id), None).map(super::Command::Add);
    }
    let mut subnet = starter(design, Kind::Subnet, Some(&vnet.id), None)?;
    name.clone_into(&mut subnet.meta.name);
    subnet.id = design.fresh_id(name);
    if let Spec::Subnet(s) = &mut subnet.spec {
        s.size = dedicated_size(name);
    }
    let mut scratch = design.clone();
    scratch
        .insert(subnet.clone())
        .map_err(|e| CommandError::DuplicateId(e.0))?;
    let resource = starter(&scratch, kind, Some(&subnet.id), None)?;
    Ok(super::Command::Paste {
        resources: vec![subnet, resource],
        offset: Point(0, 0),
    })
}
