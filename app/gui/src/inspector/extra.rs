//! Editors for the remaining kinds: gateways, NAT and public IPs, Traffic
//! Manager, App Gateway for Containers, private DNS and Private Link, cert
//! issuers.

use egui::Ui;
use netdraft_core::model::{
    AcmeSolver, AgcDeployment, AppGatewayForContainers, CertIssuer, ExpressRouteGateway, Kind, NatGateway, NatSku,
    PrivateDnsZone, PrivateLinkService, PublicIp, PublicIpSku, TrafficManager, TrafficRouting, VpnGateway,
};
use netdraft_core::{Design, Id};

use super::fields;
use super::lists::{self, Limit, RefEdit, RefList};

pub fn vpn_gateway(ui: &mut Ui, g: &mut VpnGateway) -> bool {
    let mut done = fields::text(
        ui,
        "SKU",
        "Gateway SKU, e.g. VpnGw2AZ (AZ SKUs are zone-redundant)",
        &mut g.sku,
    );
    done |= fields::checkbox(
        ui,
        "Active-active",
        "Two active instances, each with its own public IP",
        &mut g.active_active,
    );
    done |= fields::optional_number(
        ui,
        "BGP ASN",
        "The gateway's autonomous system number (65515 is Azure's default)",
        &mut g.bgp_asn,
        65515,
        1..=4_294_967_295,
    );
    done |= scale_units(
        ui,
        "In a virtual hub: scale units, 500 Mbps each (SKU and active-active are a VNet gateway's)",
        &mut g.scale_units,
    );
    done
}

pub fn expressroute_gateway(ui: &mut Ui, g: &mut ExpressRouteGateway) -> bool {
    let mut done = fields::text(ui, "SKU", "Gateway SKU, e.g. ErGw1AZ", &mut g.sku);
    done |= scale_units(
        ui,
        "In a virtual hub: scale units, 2 Gbps each (the SKU is a VNet gateway's)",
        &mut g.scale_units,
    );
    done
}

pub fn nat_gateway(ui: &mut Ui, n: &mut NatGateway, design: &Design) -> bool {
    let mut done = fields::choice(ui, "SKU", "Standard (zonal) or StandardV2", &mut n.sku, NatSku::ALL);
    done |= fields::optional_number(
        ui,
        "Idle timeout (min)",
        "TCP idle timeout in minutes, 4-120 (Azure's default is 4)",
        &mut n.idle_timeout_minutes,
        4,
        4..=120,
    );
    // Facts sheet §B.4: at most 16 public IP addresses per NAT gateway.
    let limit = Limit {
        max: NAT_MAX_ADDRESSES,
        unit: "addresses",
        source: "Azure's limit for a NAT gateway",
        weight: &public_ip_addresses,
    };
    let spec = RefList {
        name: "Public IPs",
        noun: "public IP",
        hint: "Public IPs and prefixes it sends outbound traffic from",
        kinds: &fields::offered(Kind::NatGateway, "public_ips"),
        remove_hint: "Stop using this public IP",
        limit: Some(limit),
    };
    done |= lists::references(ui, &spec, design, &mut n.public_ips).is_some();
    done
}

/// A NAT gateway uses up to 16 addresses, public IPs and prefixes combined
/// (facts sheet §B.4, NAT-RES).
pub const NAT_MAX_ADDRESSES: usize = 16;

/// Addresses a public IP resource brings: one, or the size of its prefix.
fn public_ip_addresses(design: &Design, id: &Id) -> usize {
    design
        .get(id.as_str())
        .and_then(|r| r.as_spec::<PublicIp>())
        .and_then(|p| p.prefix_length)
        .map_or(1, |len| 1usize << 32u32.saturating_sub(u32::from(len)).min(16))
}

pub fn public_ip(ui: &mut Ui, p: &mut PublicIp) -> bool {
    let mut done = fields::choice(ui, "SKU", "Standard or StandardV2", &mut p.sku, PublicIpSku::ALL);
    let mut len = p.prefix_length.map(u32::from);
    if fields::optional_number(
        ui,
        "Prefix length",
        "A public IP prefix of this length instead of one address (28-31)",
        &mut len,
        30,
        28..=31,
    ) {
        p.prefix_length = len.and_then(|l| u8::try_from(l).ok());
        done = true;
    }
    done
}

pub fn traffic_manager(ui: &mut Ui, t: &mut TrafficManager, design: &Design) -> bool {
    let mut done = fields::choice(
        ui,
        "Routing",
        "How DNS answers pick an endpoint",
        &mut t.routing,
        TrafficRouting::ALL,
    );
    let spec = RefList {
        name: "Endpoints",
        noun: "endpoint",
        hint: "What DNS answers point at: App Gateways, public IPs, Front Doors, API Management, clusters, \
               Kubernetes services, App Gateway for Containers, Private Link Services, PaaS services",
        kinds: &fields::offered(Kind::TrafficManager, "endpoints"),
        remove_hint: "Stop routing to this endpoint",
        limit: None,
    };
    done |= lists::references(ui, &spec, design, &mut t.endpoints).is_some();
    done
}

pub fn agc(ui: &mut Ui, a: &mut AppGatewayForContainers, design: &Design) -> bool {
    let mut done = fields::reference(
        ui,
        "Cluster",
        "The AKS cluster whose ALB controller manages it",
        design,
        &fields::offered(Kind::AppGatewayForContainers, "cluster"),
        &mut a.cluster,
    );
    done |= fields::choice(
        ui,
        "Deployment",
        "Bring your own (created by IaC) or managed by the ALB controller",
        &mut a.deployment,
        AgcDeployment::ALL,
    );
    done |= fields::checkbox(
        ui,
        "Backend TLS",
        "Re-encrypt to the backend (BackendTLSPolicy)",
        &mut a.backend_tls,
    );
    done
}

pub fn private_dns_zone(ui: &mut Ui, z: &mut PrivateDnsZone, design: &Design) -> bool {
    let mut done = fields::text(
        ui,
        "Zone",
        "Zone name, e.g. privatelink.vaultcore.azure.net",
        &mut z.zone,
    );
    let links = RefList {
        name: "Linked VNets",
        noun: "linked VNet",
        hint: "VNets linked to the zone resolve its records",
        kinds: &fields::offered(Kind::PrivateDnsZone, "links"),
        remove_hint: "Unlink the VNet; its auto-registration stops too",
        limit: None,
    };
    if let Some(edit) = lists::references(ui, &links, design, &mut z.links) {
        if let RefEdit::Removed(id) = edit {
            z.registration.retain(|v| *v != id);
        }
        done = true;
    }
    let registration = RefList {
        name: "Auto-registration",
        noun: "registration VNet",
        // Facts sheet §D.2: registration is a setting of the link.
        hint: "VNets whose VMs register their records in the zone; registration is a setting of the VNet's \
               link to the zone, so these VNets are linked too",
        kinds: &fields::offered(Kind::PrivateDnsZone, "registration"),
        remove_hint: "Stop auto-registration; the VNet stays linked",
        limit: None,
    };
    if let Some(edit) = lists::references(ui, &registration, design, &mut z.registration) {
        if let RefEdit::Added(id) = edit
            && !z.links.contains(&id)
        {
            z.links.push(id);
        }
        done = true;
    }
    let unlinked: Vec<_> = z
        .registration
        .iter()
        .filter(|v| !z.links.contains(v))
        .map(|v| design.get(v.as_str()).map_or(v.as_str(), |r| r.name()))
        .collect();
    if !unlinked.is_empty() {
        lists::warning(
            ui,
            &format!(
                "{} auto-register but are not linked; registration is a setting of the link: link them",
                unlinked.join(", ")
            ),
        );
    }
    done
}

pub fn private_link_service(ui: &mut Ui, p: &mut PrivateLinkService, design: &Design) -> bool {
    let mut done = fields::reference(
        ui,
        "Load balancer",
        "The Kubernetes internal LoadBalancer service it exposes",
        design,
        &fields::offered(Kind::PrivateLinkService, "load_balancer"),
        &mut p.load_balancer,
    );
    done |= fields::number(
        ui,
        "NAT IPs",
        "NAT IP addresses taken from its subnet (1-8); they count in the subnet's demand",
        &mut p.nat_ip_count,
        1..=8,
    );
    done
}

pub fn cert_issuer(ui: &mut Ui, c: &mut CertIssuer, design: &Design) -> bool {
    let mut done = fields::required_reference(
        ui,
        "Cluster",
        "The cluster it is installed in",
        design,
        &fields::offered(Kind::CertIssuer, "cluster"),
        &mut c.cluster,
    );
    done |= fields::text(ui, "E-mail", "ACME registration e-mail", &mut c.email);
    done |= fields::text(ui, "ACME server", "ACME directory URL", &mut c.server);
    done |= fields::choice(
        ui,
        "Solver",
        "HTTP-01 through the ingress, or DNS-01 with Azure DNS",
        &mut c.solver,
        AcmeSolver::ALL,
    );
    done
}

/// A gateway's scale units when it sits in a Virtual WAN hub (VPN: 500 Mbps
/// each; ExpressRoute: 2 Gbps each; Microsoft Learn, Virtual WAN FAQ).
fn scale_units(ui: &mut Ui, hint: &str, value: &mut Option<u32>) -> bool {
    fields::optional_number(ui, "Scale units", hint, value, 1, 1..=100)
}
