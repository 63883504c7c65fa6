//! One editor per resource kind. Each edits the draft copy in place and
//! returns `true` when a finished change should become a command. Kinds
//! without an editor of their own get the generic one (`generic.rs`), built
//! from the `kinds!` table.

use egui::Ui;
use netdraft_core::Design;
use netdraft_core::Kind;
use netdraft_core::model::{
    AgicMode, AksCluster, AksSkuTier, AppGateway, AppGatewaySku, DataPlane, Firewall, FirewallTier, IngressChoice,
    NetworkModel, NetworkPolicy, NodePool, OsType, OutboundType, PoolMode, Spec, Subnet, SubnetPrefix, VirtualNetwork,
    VnetRole,
};
use netdraft_core::net::Cidr;

use super::fields::{self, Buffers};
use super::lists::{self, RefList};
use super::{extra, generic, more, nsg, routes};

/// Shows the editor for a spec; `true` when a change is complete.
pub fn editor(ui: &mut Ui, spec: &mut Spec, design: &Design, buffers: &mut Buffers) -> bool {
    let done = kind_editor(ui, spec, design, buffers);
    plain_lists(ui, spec, buffers) || done
}

/// The plain lists some kinds carry (zones, DNS servers, service endpoints,
/// hostnames, ports), as comma-separated fields after the kind's own editor.
fn plain_lists(ui: &mut Ui, spec: &mut Spec, buffers: &mut Buffers) -> bool {
    match spec {
        Spec::VirtualNetwork(v) => fields::list(
            ui,
            "DNS servers",
            "Custom DNS server addresses, comma-separated; empty: Azure-provided DNS",
            "vnet.dns_servers",
            buffers,
            &mut v.dns_servers,
            |_| Ok(()),
        ),
        Spec::Subnet(s) => fields::list(
            ui,
            "Service endpoints",
            "Service endpoints, comma-separated, e.g. Microsoft.Storage, Microsoft.KeyVault",
            "subnet.service_endpoints",
            buffers,
            &mut s.service_endpoints,
            service_endpoint,
        ),
        Spec::NodePool(p) => fields::zones(ui, "pool.zones", buffers, &mut p.zones),
        Spec::Firewall(f) => fields::zones(ui, "firewall.zones", buffers, &mut f.zones),
        Spec::NatGateway(n) => fields::zones(ui, "nat.zones", buffers, &mut n.zones),
        Spec::PublicIp(p) => fields::zones(ui, "pip.zones", buffers, &mut p.zones),
        Spec::AppGatewayForContainers(a) => fields::list(
            ui,
            "Hostnames",
            "Hostnames the HTTPRoute matches, comma-separated, e.g. app.contoso.com",
            "agc.hostnames",
            buffers,
            &mut a.hostnames,
            hostname,
        ),
        Spec::K8sService(k) => fields::list(
            ui,
            "Ports",
            "Ports the service exposes, comma-separated (1-65535)",
            "service.ports",
            buffers,
            &mut k.ports,
            |p| match p.parse::<u16>() {
                Ok(0) => Err("port 0 is not a port: use 1-65535".to_owned()),
                _ => Ok(()),
            },
        ),
        _ => false,
    }
}

/// `Microsoft.Storage`, `Microsoft.Storage.Global`, …: a provider namespace.
fn service_endpoint(s: &str) -> Result<(), String> {
    let ok = s.starts_with("Microsoft.")
        && s.len() > "Microsoft.".len()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{s}`: a service endpoint names a provider, e.g. Microsoft.Storage"
        ))
    }
}

/// A DNS hostname (a leading `*.` wildcard allowed), labels of letters, digits and hyphens.
fn hostname(s: &str) -> Result<(), String> {
    let name = s.strip_prefix("*.").unwrap_or(s);
    let ok = name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{s}`: not a hostname (labels of letters, digits and hyphens, e.g. app.contoso.com)"
        ))
    }
}

fn kind_editor(ui: &mut Ui, spec: &mut Spec, design: &Design, buffers: &mut Buffers) -> bool {
    match spec {
        Spec::VirtualNetwork(v) => vnet(ui, v, buffers),
        Spec::Subnet(s) => subnet(ui, s, design, buffers),
        Spec::AksCluster(a) => cluster(ui, a, design, buffers),
        Spec::NodePool(p) => pool(ui, p, design, buffers),
        Spec::Firewall(f) => firewall(ui, f, design),
        Spec::AppGateway(g) => app_gateway(ui, g, design),
        Spec::VnetPeering(p) => more::peering(ui, p, design),
        Spec::Region(r) => more::region(ui, r),
        Spec::OnPremises(o) => more::on_prem(ui, o, design, buffers),
        Spec::PaasService(p) => more::paas(ui, p),
        Spec::PrivateEndpoint(p) => more::private_endpoint(ui, p, design),
        Spec::Bastion(b) => more::bastion(ui, b),
        Spec::FrontDoor(f) => more::front_door(ui, f, design),
        Spec::FirewallPolicy(p) => more::firewall_policy(ui, p, design, buffers),
        Spec::ApiManagement(a) => more::api_management(ui, a, design),
        Spec::K8sService(k) => more::k8s_service(ui, k, design),
        Spec::RouteTable(t) => routes::route_table(ui, t, design, buffers),
        Spec::VpnGateway(g) => extra::vpn_gateway(ui, g),
        Spec::ExpressRouteGateway(g) => extra::expressroute_gateway(ui, g),
        Spec::NatGateway(n) => extra::nat_gateway(ui, n, design),
        Spec::PublicIp(p) => extra::public_ip(ui, p),
        Spec::TrafficManager(t) => extra::traffic_manager(ui, t, design),
        Spec::AppGatewayForContainers(a) => extra::agc(ui, a, design),
        Spec::PrivateDnsZone(z) => extra::private_dns_zone(ui, z, design),
        Spec::PrivateLinkService(p) => extra::private_link_service(ui, p, design),
        Spec::CertIssuer(c) => extra::cert_issuer(ui, c, design),
        Spec::Nsg(n) => nsg::nsg(ui, n, buffers),
        // Kinds without an editor of their own: every field, from the table.
        other @ (Spec::ResourceGroup(_) | Spec::VirtualWan(_) | Spec::VirtualHub(_)) => {
            generic::editor(ui, other, design, buffers)
        }
    }
}

fn vnet(ui: &mut Ui, v: &mut VirtualNetwork, buffers: &mut Buffers) -> bool {
    let mut done = fields::choice(
        ui,
        "Role",
        "Hub, spoke or standalone: drives layout and hub-spoke checks",
        &mut v.role,
        VnetRole::ALL,
    );
    done |= fields::cidr_list(
        ui,
        "Address space",
        "One or more CIDR blocks, comma-separated (RFC 1918 or RFC 6598)",
        "vnet.address_space",
        buffers,
        &mut v.address_space,
    );
    done |= fields::checkbox(
        ui,
        "DDoS protection",
        "DDoS Network Protection plan enabled",
        &mut v.ddos_protection,
    );
    done
}

fn subnet(ui: &mut Ui, s: &mut Subnet, design: &Design, buffers: &mut Buffers) -> bool {
    let shown = s.prefix.to_string();
    let prefix = fields::parsed(
        ui,
        "Prefix",
        "`auto` lets the planner size and place the subnet; or a CIDR inside the VNet",
        "subnet.prefix",
        buffers,
        shown,
        |t| {
            let t = t.trim();
            if t == "auto" {
                Ok(SubnetPrefix::Auto)
            } else {
                t.parse::<Cidr>()
                    .map(SubnetPrefix::Fixed)
                    .map_err(|e| format!("{e}; or write `auto`"))
            }
        },
    );
    let mut done = match prefix {
        Some(p) if p != s.prefix => {
            s.prefix = p;
            true
        }
        _ => false,
    };
    if s.prefix == SubnetPrefix::Auto {
        let mut size = s.size.map(u32::from);
        if fields::optional_number(
            ui,
            "Size (prefix length)",
            "The prefix length wanted; unset: sized from demand",
            &mut size,
            24,
            8..=29,
        ) {
            s.size = size.and_then(|n| u8::try_from(n).ok());
            done = true;
        }
    }
    done |= fields::optional_text(
        ui,
        "Delegation",
        "Service delegation, e.g. Microsoft.ContainerService/managedClusters",
        &mut s.delegation,
    );
    done |= fields::reference(
        ui,
        "Route table",
        "Route table associated with the subnet",
        design,
        &fields::offered(Kind::Subnet, "route_table"),
        &mut s.route_table,
    );
    done |= fields::reference(
        ui,
        "NSG",
        "Network security group associated with the subnet",
        design,
        &fields::offered(Kind::Subnet, "nsg"),
        &mut s.nsg,
    );
    done |= fields::reference(
        ui,
        "NAT gateway",
        "NAT gateway for outbound traffic",
        design,
        &fields::offered(Kind::Subnet, "nat_gateway"),
        &mut s.nat_gateway,
    );
    done |= fields::number(
        ui,
        "Extra IPs",
        "Addresses taken by things not drawn in the design (VMs, other NICs)",
        &mut s.extra_ips,
        0..=65_536,
    );
    done
}

fn cluster(ui: &mut Ui, a: &mut AksCluster, design: &Design, buffers: &mut Buffers) -> bool {
    let mut done = fields::choice(
        ui,
        "Network model",
        "How nodes and pods get addresses: overlay, kubenet, Azure CNI (node subnet, pod subnet, static block), or none",
        &mut a.network_model,
        NetworkModel::ALL,
    );
    done |= fields::choice(ui, "Data plane", "Azure or Cilium", &mut a.data_plane, DataPlane::ALL);
    done |= fields::choice(
        ui,
        "Network policy",
        "Network policy engine",
        &mut a.network_policy,
        NetworkPolicy::ALL,
    );
    done |= fields::choice(
        ui,
        "Outbound type",
        "Egress: load balancer, user-defined routing (through a firewall), NAT gateway",
        &mut a.outbound_type,
        OutboundType::ALL,
    );
    done |= fields::optional_cidr(
        ui,
        "Pod CIDR",
        "Pod range for kubenet, overlay and BYO CNI; empty: the AKS default 10.244.0.0/16",
        "aks.pod_cidr",
        buffers,
        &mut a.pod_cidr,
    );
    done |= fields::optional_cidr(
        ui,
        "Service CIDR",
        "Kubernetes service range; empty: the AKS default 10.0.0.0/16",
        "aks.service_cidr",
        buffers,
        &mut a.service_cidr,
    );
    done |= fields::checkbox(
        ui,
        "Private cluster",
        "API server reachable only on a private endpoint",
        &mut a.private_cluster,
    );
    done |= fields::choice(
        ui,
        "Ingress",
        "The ingress the cluster uses",
        &mut a.ingress,
        IngressChoice::ALL,
    );
    if a.ingress == IngressChoice::Agic {
        done |= fields::reference(
            ui,
            "App Gateway",
            "The Application Gateway driven by AGIC",
            design,
            &fields::offered(Kind::AksCluster, "app_gateway"),
            &mut a.app_gateway,
        );
        done |= fields::choice(
            ui,
            "AGIC mode",
            "AKS add-on or Helm release",
            &mut a.agic_mode,
            AgicMode::ALL,
        );
    }
    done |= fields::choice(ui, "SKU tier", "Pricing tier", &mut a.sku_tier, AksSkuTier::ALL);
    done |= fields::checkbox(
        ui,
        "Workload identity",
        "Workload identity and the OIDC issuer",
        &mut a.workload_identity,
    );
    done
}

fn pool(ui: &mut Ui, p: &mut NodePool, design: &Design, _buffers: &mut Buffers) -> bool {
    let mut done = fields::required_reference(
        ui,
        "Cluster",
        "The cluster this pool belongs to",
        design,
        &fields::offered(Kind::NodePool, "cluster"),
        &mut p.cluster,
    );
    done |= fields::choice(
        ui,
        "Mode",
        "System pools run cluster add-ons",
        &mut p.mode,
        PoolMode::ALL,
    );
    done |= fields::text(ui, "VM size", "e.g. Standard_D4ds_v5", &mut p.vm_size);
    done |= fields::choice(ui, "OS", "Node operating system", &mut p.os, OsType::ALL);
    let mut autoscale = p.count.is_none();
    if fields::checkbox(
        ui,
        "Autoscale",
        "Let the cluster autoscaler choose the node count between a minimum and a maximum",
        &mut autoscale,
    ) {
        if autoscale {
            let n = p.count.take().unwrap_or(3);
            p.min_count = Some(n);
            p.max_count = Some(n.max(1) * 2);
        } else {
            p.count = Some(p.max_count.or(p.min_count).unwrap_or(3));
            p.min_count = None;
            p.max_count = None;
        }
        done = true;
    }
    if autoscale {
        let mut lo = p.min_count.unwrap_or(1);
        let mut hi = p.max_count.unwrap_or(lo);
        if fields::number(ui, "Min nodes", "Autoscaler minimum", &mut lo, 0..=1000) {
            p.min_count = Some(lo);
            done = true;
        }
        if fields::number(
            ui,
            "Max nodes",
            "Autoscaler maximum; the planner sizes for this",
            &mut hi,
            1..=1000,
        ) {
            p.max_count = Some(hi);
            done = true;
        }
    } else {
        let mut n = p.count.unwrap_or(3);
        if fields::number(ui, "Node count", "Fixed number of nodes", &mut n, 0..=1000) {
            p.count = Some(n);
            done = true;
        }
    }
    done |= fields::optional_number(
        ui,
        "Max pods",
        "Max pods per node; unset: the network model's default",
        &mut p.max_pods,
        30,
        10..=250,
    );
    done |= fields::reference(
        ui,
        "Pod subnet",
        "Pod subnet (Azure CNI pod subnet and static block models)",
        design,
        &fields::offered(Kind::NodePool, "pod_subnet"),
        &mut p.pod_subnet,
    );
    done
}

fn firewall(ui: &mut Ui, f: &mut Firewall, design: &Design) -> bool {
    let mut done = fields::choice(ui, "Tier", "Basic, Standard or Premium", &mut f.tier, FirewallTier::ALL);
    done |= fields::number(
        ui,
        "Public IPs",
        "AKS recommends at least 20 in production to avoid SNAT port exhaustion",
        &mut f.public_ip_count,
        1..=250,
    );
    done |= fields::reference(
        ui,
        "Policy",
        "The firewall policy",
        design,
        &fields::offered(Kind::Firewall, "policy"),
        &mut f.policy,
    );
    done
}

fn app_gateway(ui: &mut Ui, g: &mut AppGateway, design: &Design) -> bool {
    let mut done = fields::choice(
        ui,
        "SKU",
        "WAF_v2, Standard_v2 or Basic; Standard and WAF are the retired v1",
        &mut g.sku,
        AppGatewaySku::ALL,
    );
    done |= fields::optional_number(
        ui,
        "Min instances",
        "Autoscale minimum",
        &mut g.min_capacity,
        2,
        0..=125,
    );
    done |= fields::optional_number(
        ui,
        "Max instances",
        "Autoscale maximum; the planner sizes the subnet for this",
        &mut g.max_capacity,
        10,
        1..=125,
    );
    done |= fields::checkbox(ui, "Public frontend", "A public frontend IP", &mut g.public_frontend);
    let backends = RefList {
        name: "Backends",
        noun: "backend",
        hint: "What it fronts: AKS clusters, Kubernetes services, API Management, App Gateway for Containers, \
               Private Link Services, public IPs, PaaS services, Front Doors",
        kinds: &fields::offered(Kind::AppGateway, "backends"),
        remove_hint: "Stop fronting this backend",
        limit: None,
    };
    done |= lists::references(ui, &backends, design, &mut g.backends).is_some();
    done
}
