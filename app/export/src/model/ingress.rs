//! Application Gateway, Application Gateway for Containers, API Management,
//! Private Link Services and Traffic Manager in the export model (Terraform
//! `ingress.tf`).

use netdraft_core::model::{
    AgcDeployment, ApiManagement, ApimVnetMode, AppGateway, AppGatewayForContainers, AppGatewaySku, IngressChoice,
    K8sService, Kind, MonitorProtocol, PrivateLinkService, Resource, Subnet, TrafficManager,
};
use serde::Serialize;

use super::{Attr, Builder, Common, NamedChild, NeedM, PublicIpM, Ref, RefKind, ValueM};
use crate::names;

/// A managed rule set of a WAF policy.
#[derive(Debug, Clone, Serialize)]
pub struct WafRuleSetM {
    #[serde(rename = "type")]
    pub kind: String,
    pub version: String,
}

with_common! {
    pub struct AppGatewayM {
        pub sku: String,
        pub v2: bool,
        pub waf_mode: Option<String>,
        /// The WAF policy's managed rule sets: the design's (an imported
        /// policy's own), else OWASP 3.2.
        pub waf_rule_sets: Vec<WafRuleSetM>,
        pub waf_policy: Option<Ref>,
        pub min_capacity: u32,
        pub max_capacity: u32,
        pub subnet: Ref,
        pub private_ip: Option<String>,
        pub public_ip: Option<PublicIpM>,
        /// Static backend addresses (internal load balancer services).
        pub backend_ips: Vec<String>,
        pub backend_port: u16,
        pub backend_protocol: &'static str,
        /// The cluster whose AGIC manages this gateway's listeners and rules.
        pub agic: Option<Ref>,
        /// Predefined TLS policy: the design's (an imported gateway's own), else the pinned secure default.
        pub tls_policy: String,
        /// Whether that is the pinned secure default.
        pub tls_pinned: bool,
    }
}

with_common! {
    pub struct AgcM {
        pub byo: bool,
        pub subnet: Ref,
        pub association: NamedChild,
        pub frontends: Vec<NamedChild>,
        pub cluster: Option<Ref>,
        pub identity: NamedChild,
        pub backend_tls: bool,
        pub hostnames: Vec<String>,
    }
}

with_common! {
    pub struct ApimM {
        pub sku: String,
        pub capacity: u32,
        /// `None`, `External` or `Internal` (injection); integration mode is `None` plus an outbound subnet.
        pub vnet_type: &'static str,
        pub integration: bool,
        pub subnet: Option<Ref>,
        pub publisher_name: String,
        pub publisher_email: String,
        /// The subnet's NSG association (injection needs the NSG in place first, APIM-INJ).
        pub needs: Vec<NeedM>,
        pub zones: Vec<String>,
        /// Its own public IP (`publicIpAddressId`), when the design names one.
        pub public_ip: Option<Ref>,
        /// Managed identity type (`SystemAssigned`, `UserAssigned`, both), and the user-assigned ids.
        pub identity: Option<&'static str>,
        pub identity_ids: Vec<String>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PlsRef {
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub region: String,
    /// The Terraform label of its own resource group.
    pub group: String,
    /// The Terraform label of the AKS cluster that creates it in its node
    /// resource group from a Service's annotations, when one does.
    pub cluster: Option<String>,
    /// The node resource group it lives in, when AKS creates it.
    pub node_rg: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TmEndpointM {
    pub name: String,
    pub target: Ref,
    pub tf: String,
    /// `azure` (target resource id) or `external` (host name).
    pub kind: &'static str,
    /// The target resource's id (`azure`) or its host name (`external`).
    pub value: ValueM,
    pub priority: usize,
    pub weight: u32,
    /// `endpointLocation` of an external endpoint (Performance routing).
    pub location: Option<String>,
}

with_common! {
    pub struct TrafficManagerM {
        pub routing: String,
        pub dns_name: String,
        pub ttl: u32,
        pub monitor_protocol: String,
        pub monitor_port: u16,
        /// `None` for TCP probes.
        pub monitor_path: Option<String>,
        pub endpoints: Vec<TmEndpointM>,
    }
}

impl Builder<'_> {
    pub(super) fn app_gateway(&mut self, r: &Resource, s: &AppGateway) -> Option<AppGatewayM> {
        /// TLS 1.2 or later with strong cipher suites only.
        const PINNED_TLS_POLICY: &str = "AppGwSslPolicy20220101S";
        let subnet = self.parent_ref(r)?;
        let waf = matches!(s.sku, AppGatewaySku::WafV2 | AppGatewaySku::WafV1);
        let zones = Vec::new();
        let public_ip = if s.public_frontend {
            let mut pip = self.implicit_ip(r, "pip", &zones, None);
            // Traffic Manager Azure endpoints need a DNS name on the public IP.
            let fronted_by_tm = self
                .design
                .all::<TrafficManager>()
                .any(|(_, t)| t.endpoints.contains(&r.id));
            if fronted_by_tm {
                pip.dns_label = Some(names::k8s_name(r.name()));
            }
            Some(pip)
        } else {
            None
        };
        let waf_policy = if waf && s.waf_mode.is_some() {
            let (tf, bicep) = self.derived(r.id.as_str(), "waf");
            Some(Ref {
                id: format!("{}-waf", r.id),
                name: format!("waf-{}", r.name()),
                kind: RefKind::WafPolicy,
                tf,
                bicep,
                existing: false,
            })
        } else {
            None
        };
        let mut backend_ips = Vec::new();
        let mut backend_port = 80;
        for b in &s.backends {
            if let Some(svc) = self.design.spec::<K8sService>(b.as_str()) {
                if let Some(ip) = svc.static_ip {
                    backend_ips.push(ip.to_string());
                }
                if let Some(p) = svc.ports.first() {
                    backend_port = *p;
                }
            }
        }
        let agic = self
            .design
            .all::<netdraft_core::model::AksCluster>()
            .find(|(_, c)| c.ingress == IngressChoice::Agic && c.app_gateway.as_ref() == Some(&r.id))
            .map(|(c, _)| self.ref_of(c));
        Some(AppGatewayM {
            c: self.common(r),
            sku: s.sku.as_str().to_owned(),
            v2: matches!(
                s.sku,
                AppGatewaySku::WafV2 | AppGatewaySku::StandardV2 | AppGatewaySku::Basic
            ),
            waf_mode: s.waf_mode.filter(|_| waf).map(|m| m.as_str().to_owned()),
            waf_rule_sets: if s.waf_rule_sets.is_empty() {
                vec![WafRuleSetM {
                    kind: "OWASP".to_owned(),
                    version: "3.2".to_owned(),
                }]
            } else {
                s.waf_rule_sets
                    .iter()
                    .map(|r| WafRuleSetM {
                        kind: r.kind.clone(),
                        version: r.version.clone(),
                    })
                    .collect()
            },
            waf_policy,
            min_capacity: s.min_capacity.unwrap_or(1),
            max_capacity: s.max_capacity.unwrap_or(10).max(s.min_capacity.unwrap_or(1)),
            subnet,
            private_ip: s.private_ip.map(|ip| ip.to_string()),
            public_ip,
            backend_ips,
            backend_port,
            backend_protocol: if backend_port == 443 { "Https" } else { "Http" },
            agic,
            tls_policy: s.tls_policy.clone().unwrap_or_else(|| PINNED_TLS_POLICY.to_owned()),
            tls_pinned: s.tls_policy.is_none(),
        })
    }

    pub(super) fn agc(&mut self, r: &Resource, s: &AppGatewayForContainers) -> Option<AgcM> {
        let subnet = self.parent_ref(r)?;
        let (atf, abicep) = self.derived(r.id.as_str(), "association");
        let mut frontends = Vec::new();
        for f in &s.frontends {
            let (tf, bicep) = self.derived(r.id.as_str(), f);
            frontends.push(NamedChild {
                name: f.clone(),
                tf,
                bicep,
            });
        }
        let (itf, ibicep) = self.derived(r.id.as_str(), "identity");
        Some(AgcM {
            c: self.common(r),
            byo: s.deployment == AgcDeployment::Byo,
            association: NamedChild {
                name: format!("{}-association", subnet.name),
                tf: atf,
                bicep: abicep,
            },
            subnet,
            frontends,
            cluster: s.cluster.as_ref().and_then(|i| self.r(i)),
            // The identity name the AGC quickstart uses (AGC-QS).
            identity: NamedChild {
                name: "azure-alb-identity".to_owned(),
                tf: itf,
                bicep: ibicep,
            },
            backend_tls: s.backend_tls,
            hostnames: s.hostnames.clone(),
        })
    }

    pub(super) fn apim(&mut self, r: &Resource, s: &ApiManagement) -> ApimM {
        let subnet = self.parent_ref(r).filter(|p| p.is(Kind::Subnet));
        let needs = subnet
            .iter()
            .filter(|x| self.design.spec::<Subnet>(&x.id).is_some_and(|sn| sn.nsg.is_some()))
            .map(|x| NeedM::NsgAssociation { subnet: x.tf.clone() })
            .collect();
        ApimM {
            needs,
            c: self.common(r),
            sku: s.sku.as_str().to_owned(),
            capacity: s.capacity,
            vnet_type: match s.vnet_mode {
                ApimVnetMode::None | ApimVnetMode::Integration => "None",
                ApimVnetMode::External => "External",
                ApimVnetMode::Internal => "Internal",
            },
            integration: s.vnet_mode == ApimVnetMode::Integration,
            subnet: if s.vnet_mode == ApimVnetMode::None {
                None
            } else {
                subnet
            },
            publisher_name: s.publisher_name.clone(),
            publisher_email: s.publisher_email.clone(),
            zones: s.zones.clone(),
            public_ip: s.public_ip.as_ref().and_then(|p| self.r(p)),
            identity: s.identity.map(netdraft_core::model::IdentityType::as_str),
            identity_ids: s.identity_ids.clone(),
        }
    }

    pub(super) fn pls(&mut self, r: &Resource, s: &PrivateLinkService) -> PlsRef {
        // AKS creates the Private Link Service in the cluster's node resource group
        // from the Service annotations (AKS-ILB); find that cluster.
        let cluster = s
            .load_balancer
            .as_ref()
            .and_then(|lb| self.design.spec::<K8sService>(lb.as_str()))
            .map(|svc| svc.cluster.clone());
        let group = self.common(r).rg.tf;
        let node_rg = cluster
            .as_ref()
            .and_then(|c| self.design.get(c.as_str()))
            .map(|c| self.node_rg(c));
        let cluster = cluster.map(|c| self.tf_of(c.as_str()));
        PlsRef {
            name: r.name().to_owned(),
            tf: self.tf_of(r.id.as_str()),
            bicep: self.bicep_of(r.id.as_str()),
            region: self.region_key_of(r.id.as_str()),
            group,
            cluster,
            node_rg,
        }
    }

    pub(super) fn traffic_manager(&mut self, r: &Resource, s: &TrafficManager) -> TrafficManagerM {
        let mut endpoints = Vec::new();
        for (i, e) in s.endpoints.iter().enumerate() {
            let Some(target) = self.r(e) else { continue };
            let (tf, _) = self.derived(r.id.as_str(), &format!("{e}-endpoint"));
            let (kind, value) = match target.kind {
                RefKind::Resource(of @ (Kind::AppGateway | Kind::PublicIp)) => {
                    ("azure", ValueM::attribute(of, &target, Attr::Id))
                }
                _ => ("external", ValueM::host_of(&target)),
            };
            endpoints.push(TmEndpointM {
                name: names::k8s_name(&target.name),
                target: target.clone(),
                tf,
                kind,
                value,
                priority: i + 1,
                weight: 100,
                location: None,
            });
        }
        let next = endpoints.len();
        for (i, e) in s.external_endpoints.iter().enumerate() {
            let (tf, _) = self.derived(r.id.as_str(), &format!("{}-endpoint", e.name));
            endpoints.push(TmEndpointM {
                name: e.name.clone(),
                target: Ref {
                    id: String::new(),
                    name: e.target.clone(),
                    kind: RefKind::External,
                    tf: String::new(),
                    bicep: String::new(),
                    existing: false,
                },
                tf,
                kind: "external",
                value: ValueM::Literal { text: e.target.clone() },
                priority: e.priority.map_or(next + i + 1, |p| p as usize),
                weight: e.weight.unwrap_or(100),
                location: e.location.clone(),
            });
        }
        let monitor_protocol = s.monitor_protocol;
        TrafficManagerM {
            c: self.common(r),
            routing: s.routing.as_str().to_owned(),
            ttl: s.ttl.unwrap_or(60),
            monitor_protocol: monitor_protocol.as_str().to_owned(),
            monitor_port: s.monitor_port.unwrap_or(match monitor_protocol {
                MonitorProtocol::Http => 80,
                _ => 443,
            }),
            monitor_path: (monitor_protocol != MonitorProtocol::Tcp)
                .then(|| s.monitor_path.clone().unwrap_or_else(|| "/".to_owned())),
            dns_name: s.dns_name.clone().unwrap_or_else(|| names::k8s_name(r.name())),
            endpoints,
        }
    }
}
