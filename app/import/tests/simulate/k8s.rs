//! Kubernetes LoadBalancer services as Azure holds them: AKS's cloud provider
//! keeps each internal service as a frontend IP configuration of the
//! `kubernetes-internal` load balancer (Standard SKU) in the cluster's node
//! resource group (facts sheet §C.2), with a load-balancing rule and a health
//! probe per service port and the cluster's backend pool `kubernetes`.
//! Shapes as the Load Balancers API returns them ("Load Balancers - Get",
//! learn.microsoft.com/rest/api/load-balancer/load-balancers/get, example
//! `LoadBalancerGet`): child resources carry their own `id`, `name`, `type`
//! and `properties`, and refer to each other by id.
//!
//! The cloud provider names a frontend `a` + the service's UID without
//! dashes, and its rules and probes `<frontend>-TCP-<port>`; an internal
//! frontend is `Static` when the service asks for an address, `Dynamic`
//! otherwise. A public service is a frontend of the `kubernetes` load
//! balancer beside it, on a public IP the cloud provider makes.

use std::collections::BTreeMap;
use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{AksCluster, Design, K8sService, LoadBalancerSku, Resource};
use netdraft_core::plan::Plan;
use netdraft_core::route::{Endpoint, Net, resolve};
use serde_json::{Value, json};

use super::{Sim, location_of, private_link};

/// A stable stand-in for the UID Kubernetes gives a service, from its design id
/// (two FNV-1a hashes make the 128 bits of a UUID).
pub fn service_uid(svc: &Id) -> String {
    let fnv = |seed: u64| {
        svc.as_str()
            .bytes()
            .fold(seed, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
    };
    let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4));
    let hex = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The name of a service's frontend on its cluster's internal load balancer.
pub fn service_frontend(svc: &Id) -> String {
    format!("a{}", service_uid(svc).replace('-', ""))
}

/// The node port Kubernetes gives a service port (30000–32767), stable per service and port.
fn node_port(svc: &Id, port: u16) -> u16 {
    let h = service_uid(svc)
        .bytes()
        .fold(u32::from(port), |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    30000 + u16::try_from(h % 2768).unwrap_or(0)
}

/// The private address of each internal service in a subnet: its static IP,
/// or, for one that asks for none, the address the design gives it (the
/// route model's, which netdraft's flows show), standing for the one Azure
/// gave its `Dynamic` frontend.
pub fn service_ips(d: &Design, p: &Plan) -> BTreeMap<Id, IpAddr> {
    let net = Net::build(d, p);
    d.all::<K8sService>()
        .filter(|(_, s)| s.internal)
        .filter_map(|(r, s)| {
            let ip = s.static_ip.or_else(|| match resolve(&net, r.id.as_str()) {
                Ok(Endpoint::InSubnet { ip, .. }) => Some(IpAddr::V4(ip)),
                _ => None,
            })?;
            Some((r.id.clone(), ip))
        })
        .collect()
}

impl Sim<'_> {
    /// Per cluster, in its node resource group: the `kubernetes-internal`
    /// load balancer of its internal services placed in a subnet, and the
    /// `kubernetes` one of its public services, each on a public IP the cloud
    /// provider made, named `kubernetes-<frontend>` and tagged with the service
    /// (`k8s-azure-service`, cloud-provider-azure "Tagging resources managed by
    /// Cloud Provider Azure"). The `kubernetes` load balancer's outbound
    /// frontend (the managed outbound IP) is not written: the design holds the
    /// cluster's outbound IPs as a count.
    pub(super) fn service_load_balancers(&mut self) {
        let d = self.d;
        let ips = service_ips(d, self.p);
        for (c, spec) in d.all::<AksCluster>() {
            let group = format!(
                "/subscriptions/{}/resourceGroups/{}",
                crate::support::SUB,
                private_link::node_group(d, c)
            );
            let sku = match spec.load_balancer_sku {
                LoadBalancerSku::Basic => "Basic",
                LoadBalancerSku::Standard => "Standard",
            };
            for internal in [true, false] {
                let services: Vec<(&Resource, &K8sService)> = d
                    .all::<K8sService>()
                    .filter(|(r, s)| {
                        s.cluster == c.id
                            && s.internal == internal
                            && (!internal || (r.parent().is_some() && ips.contains_key(&r.id)))
                    })
                    .collect();
                if services.is_empty() {
                    continue;
                }
                let name = if internal { "kubernetes-internal" } else { "kubernetes" };
                let lb = format!("{group}/providers/Microsoft.Network/loadBalancers/{name}");
                let frontends: Vec<(&Resource, &K8sService, Value)> = services
                    .into_iter()
                    .map(|(r, s)| {
                        let props = if internal {
                            let subnet = r.parent().and_then(|x| self.arm.get(x)).cloned();
                            json!({
                                "privateIPAddress": ips[&r.id].to_string(),
                                "privateIPAllocationMethod": if s.static_ip.is_some() { "Static" } else { "Dynamic" },
                                "privateIPAddressVersion": "IPv4",
                                "subnet": {"id": subnet},
                            })
                        } else {
                            json!({"publicIPAddress": {"id": self.service_public_ip(c, r, s, &group)}})
                        };
                        (r, s, props)
                    })
                    .collect();
                let body = load_balancer(&lb, name, sku, &location_of(d, c.id.as_str()), frontends, !internal);
                self.push("Microsoft.Network/loadBalancers", body);
            }
        }
    }

    /// The public IP the cloud provider makes for a public service, listed; its id.
    fn service_public_ip(&mut self, c: &Resource, r: &Resource, s: &K8sService, group: &str) -> String {
        let name = format!("kubernetes-{}", service_frontend(&r.id));
        let id = format!("{group}/providers/Microsoft.Network/publicIPAddresses/{name}");
        let body = json!({
            "id": id, "name": name, "type": "Microsoft.Network/publicIPAddresses",
            "location": location_of(self.d, c.id.as_str()),
            "sku": {"name": "Standard", "tier": "Regional"},
            "tags": {"k8s-azure-service": format!("{}/{}", s.namespace, r.name()), "k8s-azure-cluster-name": "kubernetes"},
            "properties": {"provisioningState": "Succeeded", "publicIPAllocationMethod": "Static",
                           "publicIPAddressVersion": "IPv4", "idleTimeoutInMinutes": 4},
        });
        self.push("Microsoft.Network/publicIPAddresses", body);
        id
    }

    /// The address Azure holds for an internal service (its static IP or its dynamic frontend's).
    pub(super) fn service_ip(&self, svc: &Id) -> Option<IpAddr> {
        let s = self.d.spec::<K8sService>(svc.as_str())?;
        s.static_ip.or_else(|| service_ips(self.d, self.p).get(svc).copied())
    }
}

/// A load balancer of Kubernetes services: per service a frontend (`props`
/// as its IP), and per port a load-balancing rule and a TCP probe on the
/// service's node port, all into the backend pool `kubernetes`.
fn load_balancer(
    lb: &str,
    name: &str,
    sku: &str,
    location: &str,
    services: Vec<(&Resource, &K8sService, Value)>,
    public: bool,
) -> Value {
    let pool = format!("{lb}/backendAddressPools/kubernetes");
    let (mut frontends, mut rules, mut probes, mut all_rules) = (vec![], vec![], vec![], vec![]);
    for (r, s, mut props) in services {
        let fe_name = service_frontend(&r.id);
        let fe = format!("{lb}/frontendIPConfigurations/{fe_name}");
        let mut fe_rules = vec![];
        for port in &s.ports {
            let rule = format!("{fe_name}-TCP-{port}");
            let (rule_id, probe_id) = (format!("{lb}/loadBalancingRules/{rule}"), format!("{lb}/probes/{rule}"));
            rules.push(json!({
                "id": rule_id, "name": rule, "type": "Microsoft.Network/loadBalancers/loadBalancingRules",
                "properties": {
                    "provisioningState": "Succeeded",
                    "frontendIPConfiguration": {"id": fe},
                    "backendAddressPool": {"id": pool}, "backendAddressPools": [{"id": pool}],
                    "probe": {"id": probe_id},
                    "protocol": "Tcp", "loadDistribution": "Default",
                    "frontendPort": port, "backendPort": port,
                    "idleTimeoutInMinutes": 4, "enableFloatingIP": true, "enableTcpReset": true,
                    "disableOutboundSnat": public,
                }
            }));
            probes.push(json!({
                "id": probe_id, "name": rule, "type": "Microsoft.Network/loadBalancers/probes",
                "properties": {
                    "provisioningState": "Succeeded", "protocol": "Tcp", "port": node_port(&r.id, *port),
                    "intervalInSeconds": 5, "numberOfProbes": 2, "probeThreshold": 1,
                    "loadBalancingRules": [{"id": rule_id}],
                }
            }));
            fe_rules.push(json!({"id": rule_id}));
            all_rules.push(json!({"id": rule_id}));
        }
        props["provisioningState"] = json!("Succeeded");
        props["loadBalancingRules"] = json!(fe_rules);
        frontends.push(json!({
            "id": fe, "name": fe_name, "type": "Microsoft.Network/loadBalancers/frontendIPConfigurations",
            "properties": props,
        }));
    }
    json!({
        "id": lb, "name": name, "type": "Microsoft.Network/loadBalancers",
        "location": location,
        "sku": {"name": sku, "tier": "Regional"},
        "properties": {
            "provisioningState": "Succeeded",
            "frontendIPConfigurations": frontends,
            "backendAddressPools": [{
                "id": pool, "name": "kubernetes", "type": "Microsoft.Network/loadBalancers/backendAddressPools",
                "properties": {"provisioningState": "Succeeded", "loadBalancingRules": all_rules},
            }],
            "loadBalancingRules": rules,
            "probes": probes,
            "inboundNatRules": [], "outboundRules": [], "inboundNatPools": [],
        }
    })
}
