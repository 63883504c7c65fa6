//! AKS clusters, node pools and what runs on them (services, issuers) in the
//! export model (Terraform `aks.tf`, Helm, Kubernetes).

use netdraft_core::model::{
    AcmeSolver, AgcDeployment, AgicMode, ApiManagement, AppGateway, AppGatewayForContainers, CertIssuer, ClusterAuth,
    ClusterIdentity, DataPlane, IngressChoice, K8sService, Kind, NetworkModel, NetworkPolicy, NodePool, PaasService,
    PaasType, PoolMode, PrivateLinkService, PublicIp, Resource, Subnet,
};
use netdraft_core::plan::ClusterPlan;
use serde::Serialize;

use super::{Builder, Common, NamedChild, NeedM, Ref};
use crate::names;

#[derive(Debug, Clone, Serialize)]
pub struct PoolM {
    pub id: String,
    /// Pool name as AKS wants it (`^[a-z][a-z0-9]{0,11}$`).
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub mode: String,
    pub vm_size: String,
    pub os: String,
    pub autoscale: bool,
    pub count: Option<u32>,
    pub min_count: Option<u32>,
    pub max_count: Option<u32>,
    /// Effective max pods (the plan's).
    pub max_pods: u32,
    /// Upgrade surge (the pool's, or the nodes the plan assumed).
    pub max_surge: String,
    pub node_subnet: Option<Ref>,
    pub pod_subnet: Option<Ref>,
    pub zones: Vec<String>,
}

with_common! {
    pub struct ClusterM {
        pub k8s: String,
        pub dns_prefix: String,
        pub load_balancer_sku: String,
        pub managed_outbound_ip_count: Option<u32>,
        /// Outbound public IPs and prefixes of the design (`loadBalancer` egress).
        pub outbound_ips: Vec<Ref>,
        pub outbound_ip_prefixes: Vec<Ref>,
        /// ARM id of an existing private DNS zone (or `none`), outside the design.
        pub private_dns_zone_existing: Option<String>,
        /// ARM id of an existing user-assigned identity the cluster uses; nothing is created for it.
        pub identity_existing: Option<String>,
        pub azure_policy: bool,
        pub local_accounts: bool,
        /// Entra ID integration (`aadProfile`) on.
        pub entra: bool,
        pub azure_rbac: bool,
        pub upgrade_channel: String,
        pub node_os_upgrade_channel: String,
        /// AKS's default node resource group name (Bicep sets it so others can find it).
        pub node_rg: String,
        pub kubernetes_version: Option<String>,
        pub sku_tier: String,
        pub network_model: String,
        pub network_plugin: &'static str,
        pub network_plugin_mode: Option<&'static str>,
        pub data_plane: Option<&'static str>,
        pub network_policy: Option<String>,
        pub outbound_type: String,
        pub service_cidr: String,
        pub dns_service_ip: String,
        pub pod_cidr: Option<String>,
        pub static_block: bool,
        pub private_cluster: bool,
        pub private_dns_zone: Option<Ref>,
        pub api_server_subnet: Option<Ref>,
        pub authorized_ip_ranges: Vec<String>,
        pub ingress: String,
        pub app_gateway: Option<Ref>,
        pub agic_addon: bool,
        pub workload_identity: bool,
        pub user_assigned: bool,
        pub identity: NamedChild,
        pub system_pool: Option<PoolM>,
        pub pools: Vec<PoolM>,
        /// VNets holding the cluster's subnets (the identity needs Network Contributor there).
        pub vnets: Vec<Ref>,
        /// Subnet associations that must exist before the cluster (route tables for UDR, NAT for NAT egress).
        pub needs: Vec<NeedM>,
        /// Route tables of the cluster's subnets (kubenet writes its pod routes there).
        pub route_tables: Vec<Ref>,
        pub default_deny_namespaces: Vec<String>,
        pub agc: Option<AgcRef>,
        pub services: Vec<ServiceM>,
        pub issuers: Vec<IssuerM>,
        /// Namespaces the manifests use, sorted.
        pub namespaces: Vec<String>,
        /// AGIC installed as a Helm release (identity + federated credential).
        pub agic_helm: bool,
        /// The identity AGIC signs in with when installed as a Helm release.
        pub agic_identity: Option<NamedChild>,
        /// The Key Vault Secrets Provider add-on is on (the design has a Key Vault).
        pub key_vault_secrets_provider: bool,
        /// Host names of the cluster's AGIC Ingress (from its Application Gateway).
        pub ingress_hostnames: Vec<String>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AgcRef {
    pub name: String,
    pub k8s: String,
    pub tf: String,
    pub bicep: String,
    pub byo: bool,
    pub frontend: Option<String>,
    pub backend_tls: bool,
    pub hostnames: Vec<String>,
    pub identity_tf: String,
    pub identity_bicep: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceM {
    pub id: String,
    pub name: String,
    pub namespace: String,
    pub internal: bool,
    pub static_ip: Option<String>,
    pub ports: Vec<u16>,
    pub app: String,
    pub external_traffic_policy: String,
    /// The Azure name of the subnet its frontend IP comes from.
    pub subnet: Option<String>,
    pub private_link: Option<PlsM>,
    /// The Application Gateway or API Management that sends traffic here.
    pub fronted_by: Vec<String>,
    pub public_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlsM {
    pub name: String,
    pub subnet: Option<String>,
    pub nat_ip_count: u32,
    pub visibility: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IssuerM {
    pub name: String,
    pub server: String,
    pub email: String,
    pub solver: String,
    pub ingress_class: Option<String>,
    /// DNS-01: the public Azure DNS zone and its resource group, when the design names them.
    pub dns_zone: Option<String>,
    pub dns_zone_rg: Option<String>,
    /// DNS-01: the identity cert-manager signs in with (workload identity).
    pub identity: Option<NamedChild>,
}

impl Builder<'_> {
    /// The node resource group AKS names by default: `MC_<group>_<cluster>_<location>`.
    pub(super) fn node_rg(&mut self, cluster: &Resource) -> String {
        let c = self.common(cluster);
        let location = self
            .regions
            .iter()
            .find(|r| r.key == c.region)
            .map(|r| r.location.clone())
            .unwrap_or_default();
        format!("MC_{}_{}_{location}", c.rg.name, c.name)
    }

    pub(super) fn pool(&self, r: &Resource, s: &NodePool, cp: Option<&ClusterPlan>) -> PoolM {
        let pp = cp.and_then(|c| c.pools.iter().find(|p| p.id == r.id));
        let autoscale = s.min_count.is_some() || s.max_count.is_some();
        PoolM {
            id: r.id.to_string(),
            name: pool_name(r.name()),
            tf: self.tf_of(r.id.as_str()),
            bicep: self.bicep_of(r.id.as_str()),
            mode: s.mode.as_str().to_owned(),
            vm_size: s.vm_size.clone(),
            os: s.os.as_str().to_owned(),
            autoscale,
            count: if autoscale { None } else { Some(s.count.unwrap_or(1)) },
            min_count: if autoscale {
                Some(s.min_count.unwrap_or(1))
            } else {
                None
            },
            max_count: if autoscale {
                Some(s.max_count.unwrap_or(s.min_count.unwrap_or(1)))
            } else {
                None
            },
            max_pods: pp.map_or(s.max_pods.unwrap_or(110), |p| p.max_pods),
            max_surge: s.max_surge.map_or_else(
                || pp.map_or_else(|| "1".to_owned(), |p| p.surge.max(1).to_string()),
                |m| m.to_string(),
            ),
            node_subnet: r.parent().and_then(|p| self.r(p)).filter(|p| p.is(Kind::Subnet)),
            pod_subnet: s.pod_subnet.as_ref().and_then(|i| self.r(i)),
            zones: s.zones.clone(),
        }
    }

    #[allow(clippy::too_many_lines)]
    pub(super) fn cluster(&mut self, r: &Resource, s: &netdraft_core::model::AksCluster) -> ClusterM {
        let d = self.design;
        let cp = self.plan.cluster(r.id.as_str());
        let mut pools: Vec<PoolM> = d
            .all::<NodePool>()
            .filter(|(_, p)| p.cluster == r.id)
            .map(|(pr, p)| self.pool(pr, p, cp))
            .collect();
        let system_index = pools.iter().position(|p| p.mode == PoolMode::System.as_str());
        let system_pool = system_index.map(|i| pools.remove(i));

        let (network_plugin, network_plugin_mode) = match s.network_model {
            NetworkModel::Overlay => ("azure", Some("overlay")),
            NetworkModel::Kubenet => ("kubenet", None),
            NetworkModel::AzureCni | NetworkModel::AzureCniPodSubnet | NetworkModel::AzureCniStaticBlock => {
                ("azure", None)
            }
            NetworkModel::Byo => ("none", None),
        };
        // Node and pod subnets: their VNets get a role assignment, their route
        // tables / NAT gateways must be associated before the cluster exists.
        let mut subnet_ids: Vec<String> = system_pool
            .iter()
            .chain(&pools)
            .flat_map(|p| p.node_subnet.iter().chain(p.pod_subnet.iter()))
            .map(|x| x.id.clone())
            .collect();
        if let Some(a) = &s.api_server_subnet {
            subnet_ids.push(a.to_string());
        }
        subnet_ids.sort();
        subnet_ids.dedup();
        let mut vnets: Vec<Ref> = subnet_ids
            .iter()
            .filter_map(|i| d.get(i))
            .filter_map(|x| self.parent_ref(x))
            .collect();
        vnets.sort_by(|a, b| a.id.cmp(&b.id));
        vnets.dedup_by(|a, b| a.id == b.id);
        let mut needs = Vec::new();
        let mut route_tables: Vec<Ref> = Vec::new();
        for sid in &subnet_ids {
            let Some(sub) = d.spec::<Subnet>(sid) else { continue };
            let label = self.tf_of(sid);
            if let Some(rt) = sub.route_table.as_ref().and_then(|i| self.r(i)) {
                if !route_tables.iter().any(|x| x.id == rt.id) {
                    route_tables.push(rt);
                }
                needs.push(NeedM::RouteTableAssociation { subnet: label.clone() });
            }
            if sub.nat_gateway.is_some() {
                needs.push(NeedM::NatGatewayAssociation { subnet: label });
            }
        }

        let (itf, ibicep) = self.derived(r.id.as_str(), "identity");
        let agic_helm = s.ingress == IngressChoice::Agic && s.agic_mode == AgicMode::Helm;
        let agic_identity = (agic_helm && s.app_gateway.is_some()).then(|| {
            let (tf, bicep) = self.derived(r.id.as_str(), "agic-identity");
            NamedChild {
                name: format!("id-{}-agic", r.name()),
                tf,
                bicep,
            }
        });
        let ingress_hostnames = s
            .app_gateway
            .as_ref()
            .and_then(|g| d.spec::<AppGateway>(g.as_str()))
            .map(|g| g.hostnames.clone())
            .unwrap_or_default();
        let key_vault_secrets_provider = d.all::<PaasService>().any(|(_, p)| p.service == PaasType::KeyVault);
        if s.identity == ClusterIdentity::UserAssigned && s.identity_existing.is_none() {
            // The identity's roles on the VNets must exist before AKS uses the subnets.
            needs.extend(vnets.iter().map(|v| NeedM::VnetRole {
                identity: itf.clone(),
                vnet: v.tf.clone(),
            }));
        }
        let agc = d
            .all::<AppGatewayForContainers>()
            .find(|(_, a)| a.cluster.as_ref() == Some(&r.id))
            .map(|(ar, a)| AgcRef {
                name: ar.name().to_owned(),
                k8s: names::k8s_name(ar.name()),
                tf: self.tf_of(ar.id.as_str()),
                bicep: self.bicep_of(ar.id.as_str()),
                byo: a.deployment == AgcDeployment::Byo,
                frontend: a.frontends.first().cloned(),
                backend_tls: a.backend_tls,
                hostnames: a.hostnames.clone(),
                identity_tf: format!("{}_identity", self.tf_of(ar.id.as_str())),
                identity_bicep: names::bicep_ident(&format!("{}-identity", self.bicep_of(ar.id.as_str()))),
            });
        let services: Vec<ServiceM> = d
            .all::<K8sService>()
            .filter(|(_, k)| k.cluster == r.id)
            .map(|(kr, k)| self.service(kr, k))
            .collect();
        let issuers: Vec<IssuerM> = d
            .all::<CertIssuer>()
            .filter(|(_, c)| c.cluster == r.id)
            .map(|(ir, i)| {
                let identity = (i.solver == AcmeSolver::Dns01).then(|| {
                    let (tf, bicep) = self.derived(ir.id.as_str(), "identity");
                    NamedChild {
                        name: format!("id-{}-cert-manager", ir.name()),
                        tf,
                        bicep,
                    }
                });
                IssuerM {
                    name: names::k8s_name(ir.name()),
                    server: i.server.clone(),
                    email: i.email.clone(),
                    solver: i.solver.as_str().to_owned(),
                    ingress_class: i.ingress_class.clone(),
                    dns_zone: i.dns_zone.clone(),
                    dns_zone_rg: i.dns_zone_resource_group.clone(),
                    identity,
                }
            })
            .collect();
        let default_deny: Vec<String> = s.default_deny_namespaces.iter().map(|n| names::k8s_name(n)).collect();
        let mut namespaces: Vec<String> = services
            .iter()
            .map(|x| x.namespace.clone())
            .chain(default_deny.iter().cloned())
            .filter(|n| n != "default" && n != "kube-system")
            .collect();
        namespaces.sort();
        namespaces.dedup();

        let service_cidr = cp.map_or_else(|| "10.0.0.0/16".to_owned(), |c| c.service_cidr.cidr.to_string());
        let dns_service_ip = cp.map_or_else(|| "10.0.0.10".to_owned(), |c| c.dns_service_ip.clone());
        let pod_cidr = cp
            .and_then(|c| c.pod_cidr.as_ref())
            .map(|p| p.cidr.to_string())
            .filter(|_| matches!(s.network_model, NetworkModel::Overlay | NetworkModel::Kubenet));
        ClusterM {
            c: self.common(r),
            k8s: names::k8s_name(r.name()),
            dns_prefix: s
                .dns_prefix
                .clone()
                .unwrap_or_else(|| netdraft_core::model::AksCluster::default_dns_prefix(r.name())),
            load_balancer_sku: s.load_balancer_sku.as_str().to_owned(),
            managed_outbound_ip_count: s.managed_outbound_ip_count,
            outbound_ips: s
                .outbound_ips
                .iter()
                .filter(|i| {
                    d.spec::<PublicIp>(i.as_str())
                        .is_some_and(|p| p.prefix_length.is_none())
                })
                .filter_map(|i| self.r(i))
                .collect(),
            outbound_ip_prefixes: s
                .outbound_ips
                .iter()
                .filter(|i| {
                    d.spec::<PublicIp>(i.as_str())
                        .is_some_and(|p| p.prefix_length.is_some())
                })
                .filter_map(|i| self.r(i))
                .collect(),
            private_dns_zone_existing: s
                .private_dns_zone_existing
                .clone()
                .filter(|_| s.private_dns_zone.is_none()),
            identity_existing: s
                .identity_existing
                .clone()
                .filter(|_| s.identity == ClusterIdentity::UserAssigned),
            azure_policy: s.azure_policy,
            local_accounts: s.local_accounts,
            entra: s.auth != ClusterAuth::KubernetesRbac,
            azure_rbac: s.auth == ClusterAuth::EntraAzureRbac,
            upgrade_channel: s.upgrade_channel.as_str().to_owned(),
            node_os_upgrade_channel: s.node_os_upgrade_channel.as_str().to_owned(),
            node_rg: self.node_rg(r),
            kubernetes_version: s.kubernetes_version.clone(),
            sku_tier: s.sku_tier.as_str().to_owned(),
            network_model: s.network_model.as_str().to_owned(),
            network_plugin,
            network_plugin_mode,
            data_plane: (s.data_plane == DataPlane::Cilium).then_some("cilium"),
            network_policy: (s.network_policy != NetworkPolicy::None).then(|| s.network_policy.as_str().to_owned()),
            outbound_type: s.outbound_type.as_str().to_owned(),
            service_cidr,
            dns_service_ip,
            pod_cidr,
            static_block: s.network_model == NetworkModel::AzureCniStaticBlock,
            private_cluster: s.private_cluster,
            private_dns_zone: s.private_dns_zone.as_ref().and_then(|i| self.r(i)),
            api_server_subnet: s.api_server_subnet.as_ref().and_then(|i| self.r(i)),
            authorized_ip_ranges: s.authorized_ip_ranges.iter().map(ToString::to_string).collect(),
            ingress: s.ingress.as_str().to_owned(),
            app_gateway: s.app_gateway.as_ref().and_then(|i| self.r(i)),
            agic_addon: s.ingress == IngressChoice::Agic && s.agic_mode == AgicMode::Addon && s.app_gateway.is_some(),
            agic_helm,
            agic_identity,
            key_vault_secrets_provider,
            ingress_hostnames,
            workload_identity: s.workload_identity,
            user_assigned: s.identity == ClusterIdentity::UserAssigned,
            identity: NamedChild {
                name: format!("id-{}", r.name()),
                tf: itf,
                bicep: ibicep,
            },
            system_pool,
            pools,
            vnets,
            needs,
            route_tables,
            default_deny_namespaces: default_deny,
            agc,
            services,
            issuers,
            namespaces,
        }
    }

    pub(super) fn service(&self, r: &Resource, k: &K8sService) -> ServiceM {
        let d = self.design;
        let pls = d
            .all::<PrivateLinkService>()
            .find(|(_, p)| p.load_balancer.as_ref() == Some(&r.id))
            .map(|(pr, p)| PlsM {
                name: pr.name().to_owned(),
                subnet: pr.parent().and_then(|s| d.get(s.as_str())).map(|s| s.name().to_owned()),
                nat_ip_count: p.nat_ip_count,
                visibility: p.visibility.clone(),
            });
        let mut fronted_by: Vec<String> = d
            .all::<AppGateway>()
            .filter(|(_, a)| a.backends.contains(&r.id))
            .map(|(a, _)| a.name().to_owned())
            .chain(
                d.all::<ApiManagement>()
                    .filter(|(_, a)| a.backends.contains(&r.id))
                    .map(|(a, _)| a.name().to_owned()),
            )
            .collect();
        fronted_by.sort();
        ServiceM {
            id: r.id.to_string(),
            name: names::k8s_name(r.name()),
            namespace: names::k8s_name(&k.namespace),
            internal: k.internal,
            static_ip: k.static_ip.map(|ip| ip.to_string()),
            ports: k.ports.clone(),
            app: k.app.clone().unwrap_or_else(|| names::k8s_name(r.name())),
            external_traffic_policy: k.external_traffic_policy.as_str().to_owned(),
            subnet: r
                .parent()
                .and_then(|s| d.get(s.as_str()))
                .filter(|s| s.kind() == Kind::Subnet)
                .map(|s| s.name().to_owned()),
            private_link: pls,
            fronted_by,
            public_reason: k.public_reason.clone(),
        }
    }
}

/// AKS pool names: `^[a-z][a-z0-9]{0,11}$` (AKS-API).
fn pool_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .filter(char::is_ascii_alphanumeric)
        .take(12)
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert(0, 'p');
        out.truncate(12);
    }
    out
}
