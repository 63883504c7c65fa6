//! AKS clusters and their node pools: the network profile, API server
//! access, identity, add-ons and upgrade settings as the estate has them
//! (absent values are Azure's defaults, not a new design's secure ones), and
//! the ingress a cluster's add-ons say it uses: AGIC with the gateway it
//! names, the App Gateway for Containers add-on, or application routing.

use netdraft_core::Id;
use netdraft_core::model::{
    AksCluster, AksSkuTier, ClusterAuth, ClusterIdentity, DataPlane, IngressChoice, Kind, LoadBalancerSku,
    NetworkModel, NetworkPolicy, NodeOsUpgradeChannel, NodePool, OsType, OutboundType, PoolMode, Spec, UpgradeChannel,
};
use netdraft_core::net::Surge;
use serde_json::Value;

use super::{AKS, Mapper, POOL, SUBNET, cidr, enum_ci, group_key, node_group};
use crate::raw::{
    RawResource, arr, bool_field, field, get_ci, last_segment, parent_id, ref_field, str_field, strings, u32_field,
};

impl Mapper<'_> {
    #[allow(clippy::too_many_lines)]
    pub(super) fn clusters(&mut self) {
        for r in self.inv.of_type(AKS) {
            let np = field(&r.body, "networkProfile").cloned().unwrap_or(Value::Null);
            let pools: Vec<&RawResource> = self.inv.children_of(&r.id, POOL).collect();
            let plugin = str_field(&np, "networkPlugin")
                .unwrap_or("kubenet")
                .to_ascii_lowercase();
            let mode = str_field(&np, "networkPluginMode")
                .unwrap_or_default()
                .to_ascii_lowercase();
            let any_pod_subnet = pools.iter().any(|p| ref_field(&p.body, "podSubnetID").is_some());
            let static_block = pools.iter().any(|p| {
                str_field(&p.body, "podIpAllocationMode").is_some_and(|m| m.eq_ignore_ascii_case("StaticBlock"))
            });
            let network_model = match (plugin.as_str(), mode.as_str()) {
                ("kubenet", _) => NetworkModel::Kubenet,
                ("none", _) => NetworkModel::Byo,
                (_, "overlay") => NetworkModel::Overlay,
                _ if static_block => NetworkModel::AzureCniStaticBlock,
                _ if any_pod_subnet => NetworkModel::AzureCniPodSubnet,
                _ => NetworkModel::AzureCni,
            };
            let api = field(&r.body, "apiServerAccessProfile").cloned().unwrap_or(Value::Null);
            let private_zone = str_field(&api, "privateDNSZone")
                .filter(|z| z.starts_with('/'))
                .map(str::to_owned);
            let addons = field(&r.body, "addonProfiles").cloned().unwrap_or(Value::Null);
            let agic =
                get_ci(&addons, "ingressApplicationGateway").filter(|a| bool_field(a, "enabled").unwrap_or(false));
            let agic_gateway = agic.and_then(|a| {
                get_ci(a, "config").and_then(|c| {
                    str_field(c, "effectiveApplicationGatewayId")
                        .or_else(|| str_field(c, "applicationGatewayId"))
                        .map(str::to_owned)
                })
            });
            let app_routing = field(&r.body, "ingressProfile")
                .and_then(|i| get_ci(i, "webAppRouting"))
                .and_then(|w| bool_field(w, "enabled"))
                .unwrap_or(false);
            // The managed ALB controller add-on of App Gateway for Containers
            // (`ingressProfile.applicationLoadBalancer`, AKS API reference,
            // ManagedClusterIngressProfileApplicationLoadBalancer). A Helm-installed
            // controller leaves no trace on the cluster.
            let alb = field(&r.body, "ingressProfile")
                .and_then(|i| get_ci(i, "applicationLoadBalancer"))
                .and_then(|a| bool_field(a, "enabled"))
                .unwrap_or(false);
            let ingress = if agic.is_some() {
                IngressChoice::Agic
            } else if alb {
                IngressChoice::AppGatewayForContainers
            } else if app_routing {
                IngressChoice::AppRouting
            } else {
                IngressChoice::None
            };
            let identity = match r.body.get("identity").and_then(|i| str_field(i, "type")) {
                Some(t) if t.to_ascii_lowercase().contains("userassigned") => ClusterIdentity::UserAssigned,
                _ => ClusterIdentity::SystemAssigned,
            };
            let vnet_integration = bool_field(&api, "enableVnetIntegration").unwrap_or(false);
            // No sku (older API versions, some `az` output): Azure's default tier, Free.
            let sku_tier = match r.body.get("sku").and_then(|s| str_field(s, "tier")) {
                None => AksSkuTier::Free,
                tier => self.enum_or_default(r, "sku.tier", AksSkuTier::ALL, tier),
            };
            self.aks_changes(r, &np);
            let (private_dns_zone, private_dns_zone_existing) = match private_zone {
                Some(zone) => match self.resolve(Some(zone.clone()), &[Kind::PrivateDnsZone]) {
                    Some(id) => (Some(id), None),
                    // A zone outside the import: referenced as it is, not created.
                    None => (None, Some(zone)),
                },
                None => (
                    None,
                    str_field(&api, "privateDNSZone")
                        .filter(|z| !z.eq_ignore_ascii_case("system"))
                        .map(str::to_owned),
                ),
            };
            let lb = get_ci(&np, "loadBalancerProfile").cloned().unwrap_or(Value::Null);
            let managed_outbound_ip_count = get_ci(&lb, "managedOutboundIPs")
                .and_then(|m| u32_field(m, "count"))
                .filter(|n| *n != 1);
            let mut outbound_ips = Vec::new();
            for ip in get_ci(&lb, "outboundIPs")
                .map(|o| arr(o, "publicIPs").to_vec())
                .unwrap_or_default()
            {
                let Some(arm) = get_ci(&ip, "id").and_then(Value::as_str) else {
                    continue;
                };
                match self.resolve(Some(arm.to_owned()), &[Kind::PublicIp]) {
                    Some(id) => outbound_ips.push(id),
                    None => self.changed(
                        r,
                        "networkProfile.loadBalancerProfile.outboundIPs",
                        arm,
                        "not linked: that public IP is not in the import",
                    ),
                }
            }
            let identity_existing = (identity == ClusterIdentity::UserAssigned)
                .then(|| {
                    r.body
                        .get("identity")
                        .and_then(|i| get_ci(i, "userAssignedIdentities"))
                        .and_then(Value::as_object)
                        .and_then(|m| m.keys().next().cloned())
                })
                .flatten()
                // The identity netdraft's export makes (`id-{cluster}` in the
                // cluster's group) is the design's own, not an existing one.
                .filter(|id| {
                    !(last_segment(id).eq_ignore_ascii_case(&format!("id-{}", r.name))
                        && group_key(id).is_some_and(|g| Some(g) == group_key(&r.id)))
                });
            let aad = field(&r.body, "aadProfile").filter(|a| !a.is_null());
            let auth = match aad {
                None => ClusterAuth::KubernetesRbac,
                Some(a) if bool_field(a, "enableAzureRBAC").unwrap_or(false) => ClusterAuth::EntraAzureRbac,
                Some(_) => ClusterAuth::EntraKubernetesRbac,
            };
            let upgrades = field(&r.body, "autoUpgradeProfile").cloned().unwrap_or(Value::Null);
            let dns_prefix = str_field(&r.body, "dnsPrefix")
                .filter(|p| *p != AksCluster::default_dns_prefix(&r.name))
                .map(str::to_owned);
            let spec = Spec::AksCluster(AksCluster {
                dns_prefix,
                load_balancer_sku: self.enum_or_default(
                    r,
                    "networkProfile.loadBalancerSku",
                    LoadBalancerSku::ALL,
                    str_field(&np, "loadBalancerSku"),
                ),
                managed_outbound_ip_count,
                outbound_ips,
                private_dns_zone_existing,
                identity_existing,
                // What the estate has; absent values are Azure's defaults
                // (no Azure Policy, local accounts on, no upgrade channel).
                azure_policy: get_ci(&addons, "azurepolicy")
                    .and_then(|a| bool_field(a, "enabled"))
                    .unwrap_or(false),
                local_accounts: !bool_field(&r.body, "disableLocalAccounts").unwrap_or(false),
                auth,
                upgrade_channel: str_field(&upgrades, "upgradeChannel").map_or(UpgradeChannel::None, |c| {
                    self.enum_or_default(r, "autoUpgradeProfile.upgradeChannel", UpgradeChannel::ALL, Some(c))
                }),
                node_os_upgrade_channel: self.enum_or_default(
                    r,
                    "autoUpgradeProfile.nodeOSUpgradeChannel",
                    NodeOsUpgradeChannel::ALL,
                    str_field(&upgrades, "nodeOSUpgradeChannel"),
                ),
                kubernetes_version: str_field(&r.body, "kubernetesVersion").map(str::to_owned),
                sku_tier,
                network_model,
                data_plane: enum_ci(DataPlane::ALL, str_field(&np, "networkDataplane")).unwrap_or_default(),
                network_policy: enum_ci(NetworkPolicy::ALL, str_field(&np, "networkPolicy")).unwrap_or_default(),
                outbound_type: enum_ci(OutboundType::ALL, str_field(&np, "outboundType")).unwrap_or_default(),
                service_cidr: str_field(&np, "serviceCidr").and_then(cidr),
                dns_service_ip: str_field(&np, "dnsServiceIP").and_then(|ip| ip.parse().ok()),
                pod_cidr: matches!(
                    network_model,
                    NetworkModel::Kubenet | NetworkModel::Overlay | NetworkModel::Byo
                )
                .then(|| str_field(&np, "podCidr").and_then(cidr))
                .flatten(),
                private_cluster: bool_field(&api, "enablePrivateCluster").unwrap_or(false),
                private_dns_zone,
                api_server_subnet: if vnet_integration {
                    self.resolve(ref_field(&api, "subnetId"), &[Kind::Subnet])
                } else {
                    None
                },
                authorized_ip_ranges: strings(&api, "authorizedIPRanges")
                    .iter()
                    .filter_map(|c| cidr(c))
                    .collect(),
                ingress,
                app_gateway: self.resolve(agic_gateway, &[Kind::AppGateway]),
                agic_mode: netdraft_core::model::AgicMode::default(),
                workload_identity: field(&r.body, "securityProfile")
                    .and_then(|s| get_ci(s, "workloadIdentity"))
                    .and_then(|w| bool_field(w, "enabled"))
                    .unwrap_or(false),
                identity,
                default_deny_namespaces: vec![],
            });
            let parent = self.region_of(r);
            let cluster = self.add(Some(r), &r.name, &r.name, parent, spec);
            for p in pools {
                self.pool(p, &cluster, &r.name);
            }
        }
    }

    /// Values of a cluster the design cannot hold as they are: a second
    /// (dual-stack) service or pod CIDR, IPv6, outbound IP prefixes.
    fn aks_changes(&mut self, r: &RawResource, np: &Value) {
        for (many, one) in [("serviceCidrs", "serviceCidr"), ("podCidrs", "podCidr")] {
            let list = strings(np, many);
            if list.len() > 1 {
                let kept = str_field(np, one).map_or_else(|| list[0].clone(), str::to_owned);
                self.changed(
                    r,
                    &format!("networkProfile.{many}"),
                    list.join(", "),
                    format!("{kept} (a design cluster holds one, IPv4)"),
                );
            }
        }
        let families = strings(np, "ipFamilies");
        if families.iter().any(|f| f.eq_ignore_ascii_case("IPv6")) {
            self.changed(r, "networkProfile.ipFamilies", families.join(", "), "IPv4");
        }
        let prefixes = get_ci(np, "loadBalancerProfile")
            .and_then(|l| get_ci(l, "outboundIPPrefixes"))
            .map_or(0, |o| arr(o, "publicIPPrefixes").len());
        if prefixes > 0 {
            self.changed(
                r,
                "networkProfile.loadBalancerProfile.outboundIPPrefixes",
                crate::report::count(prefixes as u64, "public IP prefix", "public IP prefixes"),
                "none: public IP prefixes are not imported",
            );
        }
    }

    /// The subnet of the AKS-managed VNet in a cluster's node resource group
    /// (`aks-vnet-*`/`aks-subnet`), when that VNet was imported.
    fn managed_subnet(&self, cluster: &RawResource) -> Option<Id> {
        let group = node_group(cluster)?;
        self.inv
            .of_type(SUBNET)
            .filter(|s| group_key(&s.id).is_some_and(|g| g == group) && s.name.eq_ignore_ascii_case("aks-subnet"))
            .filter(|s| parent_id(&s.id).is_some_and(|v| last_segment(v).to_ascii_lowercase().starts_with("aks-vnet-")))
            .find_map(|s| self.resolve(Some(s.id.clone()), &[Kind::Subnet]))
    }

    fn pool(&mut self, p: &RawResource, cluster: &Id, cluster_name: &str) {
        let managed = ref_field(&p.body, "vnetSubnetID").is_none();
        let subnet = self
            .resolve(ref_field(&p.body, "vnetSubnetID"), &[Kind::Subnet])
            .or_else(|| {
                let c = self
                    .inv
                    .of_type(AKS)
                    .find(|c| self.id_of(&c.id).as_ref() == Some(cluster))?;
                managed.then(|| self.managed_subnet(c)).flatten()
            });
        let Some(subnet) = subnet else {
            let shape = format!(
                "{} pool, {} × {}{}{}",
                str_field(&p.body, "mode").unwrap_or("User"),
                u32_field(&p.body, "count").map_or_else(|| "?".to_owned(), |n| n.to_string()),
                str_field(&p.body, "vmSize").unwrap_or("?"),
                str_field(&p.body, "osType").map_or_else(String::new, |o| format!(", {o}")),
                Some(strings(&p.body, "availabilityZones"))
                    .filter(|z| !z.is_empty())
                    .map_or_else(String::new, |z| format!(", zones {}", z.join(","))),
            );
            let why = if managed {
                format!(
                    "node pool of cluster `{cluster_name}` ({shape}) on the AKS-managed VNet (no vnetSubnetID), which is not in the import; a design node pool must sit in a subnet. Import the cluster's node resource group too to place it on that VNet"
                )
            } else {
                format!("node pool of cluster `{cluster_name}` ({shape}): its node subnet is not in the import")
            };
            self.skip(p, why);
            return;
        };
        let autoscale = bool_field(&p.body, "enableAutoScaling").unwrap_or(false);
        let max_surge = field(&p.body, "upgradeSettings")
            .and_then(|u| str_field(u, "maxSurge"))
            .and_then(|s| s.parse::<Surge>().ok());
        let spec = Spec::NodePool(NodePool {
            cluster: cluster.clone(),
            mode: enum_ci(PoolMode::ALL, str_field(&p.body, "mode")).unwrap_or_default(),
            vm_size: str_field(&p.body, "vmSize").unwrap_or("Standard_D4ds_v5").to_owned(),
            os: enum_ci(OsType::ALL, str_field(&p.body, "osType")).unwrap_or_default(),
            count: if autoscale { None } else { u32_field(&p.body, "count") },
            min_count: if autoscale {
                u32_field(&p.body, "minCount")
            } else {
                None
            },
            max_count: if autoscale {
                u32_field(&p.body, "maxCount")
            } else {
                None
            },
            max_pods: u32_field(&p.body, "maxPods"),
            max_surge,
            pod_subnet: self.resolve(ref_field(&p.body, "podSubnetID"), &[Kind::Subnet]),
            zones: strings(&p.body, "availabilityZones"),
        });
        self.add(
            Some(p),
            &format!("{cluster_name}-{}", p.name),
            &p.name,
            Some(subnet),
            spec,
        );
    }
}
