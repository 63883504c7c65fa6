//! The two ends of a path: what `--from` and `--to` name (a resource by id or
//! Azure name, `internet`, or an address), resolved to where a packet starts
//! or ends and with which address.

use std::net::Ipv4Addr;

use super::index::{Net, Origin, is_public, nth};
use super::table::ServiceRef;
use crate::model::{
    AksCluster, ApiManagement, AppGateway, AppGatewayForContainers, FrontDoor, K8sService, Kind, NetworkModel,
    NodePool, OnPremises, PaasService, PaasType, Region, Resource, TrafficManager,
};

/// An example public address for "the internet" (TEST-NET-3, RFC 5737).
pub const INTERNET_CLIENT: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 50);

/// One end of a path.
#[derive(Debug, Clone)]
pub enum Endpoint<'d> {
    /// Anywhere on the internet.
    Internet,
    /// A public address.
    PublicIp(Ipv4Addr),
    /// An address in a subnet, possibly of a resource.
    InSubnet {
        subnet: &'d str,
        ip: Ipv4Addr,
        assumed: bool,
        resource: Option<&'d Resource>,
    },
    /// The pods of a cluster.
    Pods {
        cluster: &'d Resource,
        /// The subnet their traffic leaves from (node subnet, or pod subnet).
        subnet: &'d str,
        ip: Ipv4Addr,
        /// The node address pod traffic is NATed to, for models that do.
        node_ip: Option<Ipv4Addr>,
    },
    /// An on-premises network.
    OnPrem { res: &'d Resource, ip: Ipv4Addr },
    /// A PaaS service's public endpoint.
    Paas { res: &'d Resource, service: ServiceRef },
    /// A public entry point: App Gateway, App Gateway for Containers, Front
    /// Door, Traffic Manager, a public Kubernetes service.
    Front { res: &'d Resource },
    /// A private cluster's API server.
    ApiServer {
        cluster: &'d Resource,
        subnet: &'d str,
        ip: Ipv4Addr,
    },
}

impl Endpoint<'_> {
    /// What to call it in a path.
    pub fn label(&self, net: &Net<'_>) -> String {
        match self {
            Endpoint::Internet => format!("internet (e.g. {INTERNET_CLIENT})"),
            Endpoint::PublicIp(ip) => format!("internet address {ip}"),
            Endpoint::InSubnet {
                subnet, ip, resource, ..
            } => match resource {
                Some(r) => format!("{} {} ({ip})", kind_word(r), r.name()),
                None => format!(
                    "{ip} in subnet {}",
                    net.subnet(subnet).map_or(*subnet, |s| s.res.name())
                ),
            },
            Endpoint::Pods { cluster, ip, .. } => format!("pods of {} ({ip})", cluster.name()),
            Endpoint::OnPrem { res, ip } => format!("on-premises {} ({ip})", res.name()),
            Endpoint::Paas { res, .. } => format!("{} (public endpoint)", res.name()),
            Endpoint::Front { res } => format!("{} {}", kind_word(res), res.name()),
            Endpoint::ApiServer { cluster, ip, .. } => format!("API server of {} ({ip})", cluster.name()),
        }
    }

    /// The address the packet carries for this end.
    pub fn address(&self) -> Option<Ipv4Addr> {
        match self {
            Endpoint::Internet => Some(INTERNET_CLIENT),
            Endpoint::PublicIp(ip)
            | Endpoint::InSubnet { ip, .. }
            | Endpoint::Pods { ip, .. }
            | Endpoint::OnPrem { ip, .. }
            | Endpoint::ApiServer { ip, .. } => Some(*ip),
            Endpoint::Paas { .. } | Endpoint::Front { .. } => None,
        }
    }
}

/// A kind in words, lowercase ("node pool", "private endpoint").
pub(crate) fn kind_word(r: &Resource) -> String {
    r.kind().label().to_lowercase()
}

/// The service tag of a PaaS service type.
pub(crate) fn paas_tag(t: PaasType) -> Option<&'static str> {
    Some(match t {
        PaasType::StorageAccount => "Storage",
        PaasType::KeyVault => "AzureKeyVault",
        PaasType::ContainerRegistry => "AzureContainerRegistry",
        PaasType::SqlServer | PaasType::PostgresqlFlexible => "Sql",
        PaasType::CosmosDb => "AzureCosmosDB",
        PaasType::ServiceBus => "ServiceBus",
        PaasType::EventHubs => "EventHub",
        PaasType::AppService => "AppService",
        PaasType::Other => return None,
    })
}

/// The Azure location of a resource (its region container).
pub(crate) fn location(net: &Net<'_>, r: &Resource) -> Option<String> {
    net.design
        .enclosing(r.id.as_str(), Kind::Region)
        .and_then(|g| g.as_spec::<Region>())
        .map(|g| g.location.clone())
}

/// Finds a resource by id, else by Azure name (case-insensitive, unique).
fn find<'d>(net: &Net<'d>, text: &str) -> Result<&'d Resource, String> {
    if let Some(r) = net.design.get(text) {
        return Ok(r);
    }
    let matches: Vec<&Resource> = net
        .design
        .resources()
        .filter(|r| r.name().eq_ignore_ascii_case(text))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "no resource has the id or name `{text}`; give a resource id (as in `[kind.id]`), its Azure name, `internet` or an IPv4 address"
        )),
        many => Err(format!(
            "`{text}` is the name of {} resources ({}); give one of their ids instead",
            many.len(),
            many.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The pods of a cluster: their address and the subnet they leave from.
pub(crate) fn pods<'d>(net: &Net<'d>, cluster: &'d Resource) -> Result<Endpoint<'d>, String> {
    let c = cluster
        .as_spec::<AksCluster>()
        .ok_or_else(|| format!("{} is not an AKS cluster", cluster.id))?;
    let pools = net.pools(cluster.id.as_str());
    let (pool, spec) = pools.first().ok_or_else(|| {
        format!(
            "cluster {} has no node pool; add a node pool in a subnet so its pods have somewhere to run",
            cluster.name()
        )
    })?;
    pool_pods(net, cluster, c, pool, spec)
}

fn pool_pods<'d>(
    net: &Net<'d>,
    cluster: &'d Resource,
    c: &AksCluster,
    pool: &'d Resource,
    spec: &NodePool,
) -> Result<Endpoint<'d>, String> {
    let node_subnet = net
        .subnet_of(pool)
        .ok_or_else(|| format!("node pool {} is not in a subnet", pool.name()))?;
    let node_ip = net.address(pool.id.as_str()).map(|(ip, _)| ip).ok_or_else(|| {
        format!(
            "subnet {} has no address yet (the planner could not place it); run `netdraft plan` to see why",
            node_subnet.res.name()
        )
    })?;
    match c.network_model {
        NetworkModel::Overlay | NetworkModel::Kubenet | NetworkModel::Byo => {
            let pod_ip = net.pod_cidr(cluster.id.as_str()).map_or(node_ip, |p| nth(p, 4));
            Ok(Endpoint::Pods {
                cluster,
                subnet: node_subnet.res.id.as_str(),
                ip: pod_ip,
                node_ip: Some(node_ip),
            })
        }
        NetworkModel::AzureCni => Ok(Endpoint::Pods {
            cluster,
            subnet: node_subnet.res.id.as_str(),
            ip: net.spare(node_subnet.res.id.as_str()).unwrap_or(node_ip),
            node_ip: None,
        }),
        NetworkModel::AzureCniPodSubnet | NetworkModel::AzureCniStaticBlock => {
            let pod_subnet = spec
                .pod_subnet
                .as_ref()
                .and_then(|s| net.subnet(s.as_str()))
                .unwrap_or(node_subnet);
            Ok(Endpoint::Pods {
                cluster,
                subnet: pod_subnet.res.id.as_str(),
                ip: net.spare(pod_subnet.res.id.as_str()).unwrap_or(node_ip),
                node_ip: None,
            })
        }
    }
}

/// A private cluster's API server: the internal address in the API-server
/// subnet with VNet integration (AKS-APISRV), else a private endpoint in the
/// node subnet (AKS-PRIV).
pub(crate) fn api_server<'d>(net: &Net<'d>, cluster: &'d Resource) -> Option<Endpoint<'d>> {
    let c = cluster.as_spec::<AksCluster>()?;
    let subnet = if let Some(s) = &c.api_server_subnet {
        net.subnet(s.as_str())?
    } else {
        let pools = net.pools(cluster.id.as_str());
        net.subnet_of(pools.first()?.0)?
    };
    let id = subnet.res.id.as_str();
    Some(Endpoint::ApiServer {
        cluster,
        subnet: id,
        ip: net.spare(id)?,
    })
}

fn in_subnet<'d>(net: &Net<'d>, r: &'d Resource) -> Result<Endpoint<'d>, String> {
    let s = net
        .subnet_of(r)
        .ok_or_else(|| format!("{} {} is not in a subnet", kind_word(r), r.name()))?;
    let (ip, origin) = net.address(r.id.as_str()).ok_or_else(|| {
        format!(
            "subnet {} has no address yet (the planner could not place it); run `netdraft plan` to see why",
            s.res.name()
        )
    })?;
    Ok(Endpoint::InSubnet {
        subnet: s.res.id.as_str(),
        ip,
        assumed: origin == Origin::Assumed,
        resource: Some(r),
    })
}

/// Resolves what `--from` or `--to` names.
pub fn resolve<'d>(net: &Net<'d>, text: &str) -> Result<Endpoint<'d>, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("internet") {
        return Ok(Endpoint::Internet);
    }
    if let Ok(ip) = text.parse::<Ipv4Addr>() {
        return resolve_ip(net, ip);
    }
    if text.parse::<std::net::Ipv6Addr>().is_ok() {
        return Err(format!("`{text}` is an IPv6 address; netdraft traces IPv4 paths only"));
    }
    let r = find(net, text)?;
    match r.kind() {
        Kind::Subnet => {
            let s = net
                .subnet(r.id.as_str())
                .ok_or_else(|| format!("subnet {} is in no VNet", r.name()))?;
            let ip = net.spare(r.id.as_str()).ok_or_else(|| {
                format!(
                    "subnet {} has no address yet (the planner could not place it); run `netdraft plan` to see why",
                    r.name()
                )
            })?;
            Ok(Endpoint::InSubnet {
                subnet: s.res.id.as_str(),
                ip,
                assumed: true,
                resource: None,
            })
        }
        Kind::AksCluster => pods(net, r),
        Kind::NodePool => {
            let spec = r.as_spec::<NodePool>().ok_or("not a node pool")?;
            let cluster = net
                .design
                .get(spec.cluster.as_str())
                .ok_or_else(|| format!("node pool {} names a missing cluster", r.name()))?;
            let c = cluster.as_spec::<AksCluster>().ok_or("not a cluster")?;
            pool_pods(net, cluster, c, r, spec)
        }
        Kind::OnPremises => {
            let o = r.as_spec::<OnPremises>().ok_or("not on-premises")?;
            let range = o
                .address_ranges
                .iter()
                .find_map(|c| super::index::v4(*c))
                .ok_or_else(|| format!("on-premises network {} has no IPv4 address range", r.name()))?;
            Ok(Endpoint::OnPrem {
                res: r,
                ip: nth(range, 10),
            })
        }
        Kind::PaasService => {
            let p = r.as_spec::<PaasService>().ok_or("not a PaaS service")?;
            Ok(Endpoint::Paas {
                res: r,
                service: ServiceRef {
                    tag: paas_tag(p.service).unwrap_or("AzureCloud").to_owned(),
                    region: location(net, r),
                },
            })
        }
        Kind::AppGateway => {
            let g = r.as_spec::<AppGateway>().ok_or("not an app gateway")?;
            if g.public_frontend {
                Ok(Endpoint::Front { res: r })
            } else {
                in_subnet(net, r)
            }
        }
        Kind::K8sService => {
            let s = r.as_spec::<K8sService>().ok_or("not a service")?;
            if s.internal {
                in_subnet(net, r)
            } else {
                Ok(Endpoint::Front { res: r })
            }
        }
        Kind::AppGatewayForContainers | Kind::FrontDoor | Kind::TrafficManager => Ok(Endpoint::Front { res: r }),
        Kind::PrivateEndpoint
        | Kind::Firewall
        | Kind::Bastion
        | Kind::VpnGateway
        | Kind::ExpressRouteGateway
        | Kind::ApiManagement
        | Kind::PrivateLinkService => in_subnet(net, r),
        other => Err(format!(
            "a path cannot start or end at a {} ({}); name a subnet, node pool, cluster (its pods), a resource in a subnet, an on-premises network, a PaaS service, a public entry point, `internet` or an IPv4 address",
            other.label().to_lowercase(),
            r.name()
        )),
    }
}

/// Where an address is: a subnet, a pod range, on premises or the internet.
fn resolve_ip<'d>(net: &Net<'d>, ip: Ipv4Addr) -> Result<Endpoint<'d>, String> {
    if let Some(s) = net.subnet_at(ip) {
        let resource = net
            .residents(s.res.id.as_str())
            .into_iter()
            .find(|r| net.address(r.id.as_str()).is_some_and(|(a, _)| a == ip));
        return Ok(Endpoint::InSubnet {
            subnet: s.res.id.as_str(),
            ip,
            assumed: false,
            resource,
        });
    }
    for (r, _) in net.design.all::<AksCluster>() {
        if net.pod_cidr(r.id.as_str()).is_some_and(|p| p.contains(&ip))
            && let Ok(Endpoint::Pods {
                cluster,
                subnet,
                node_ip,
                ..
            }) = pods(net, r)
        {
            return Ok(Endpoint::Pods {
                cluster,
                subnet,
                ip,
                node_ip,
            });
        }
    }
    for (r, o) in net.design.all::<OnPremises>() {
        if o.address_ranges
            .iter()
            .filter_map(|c| super::index::v4(*c))
            .any(|n| n.contains(&ip))
        {
            return Ok(Endpoint::OnPrem { res: r, ip });
        }
    }
    if is_public(ip) {
        return Ok(Endpoint::PublicIp(ip));
    }
    if let Some(v) = net.vnet_at(ip) {
        return Err(format!(
            "{ip} is in {} but in none of its placed subnets; give an address inside a subnet",
            v.name()
        ));
    }
    Err(format!(
        "no subnet, pod range or on-premises range of the design holds {ip}, and it is not a public address"
    ))
}

/// The kinds that front a cluster from the internet, for messages.
pub(crate) fn is_public_front(r: &Resource) -> bool {
    if let Some(g) = r.as_spec::<AppGateway>() {
        return g.public_frontend;
    }
    if let Some(s) = r.as_spec::<K8sService>() {
        return !s.internal;
    }
    r.as_spec::<AppGatewayForContainers>().is_some()
        || r.as_spec::<FrontDoor>().is_some()
        || r.as_spec::<TrafficManager>().is_some()
        || r.as_spec::<ApiManagement>().is_some_and(|a| {
            matches!(
                a.vnet_mode,
                crate::model::ApimVnetMode::External | crate::model::ApimVnetMode::None
            )
        })
}
