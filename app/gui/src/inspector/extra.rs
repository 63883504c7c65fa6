//! Editors for the remaining kinds: gateways, NAT and public IPs, Traffic
//! Manager, App Gateway for Containers, private DNS and Private Link, cert
//! issuers, and the read-mostly NSG and resource group.

use egui::Ui;
use netdraft_core::Design;
use netdraft_core::model::{
    AcmeSolver, AgcDeployment, AppGatewayForContainers, CertIssuer, ExpressRouteGateway, Kind, NatGateway, NatSku, Nsg,
    PrivateDnsZone, PrivateLinkService, PublicIp, PublicIpSku, TrafficManager, TrafficRouting, VpnGateway,
};

use super::fields;

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
    done
}

pub fn expressroute_gateway(ui: &mut Ui, g: &mut ExpressRouteGateway) -> bool {
    fields::text(ui, "SKU", "Gateway SKU, e.g. ErGw1AZ", &mut g.sku)
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
    let ips = n
        .public_ips
        .iter()
        .map(|id| design.get(id.as_str()).map_or(id.as_str(), |r| r.name()))
        .collect::<Vec<_>>()
        .join(", ");
    fields::read_only(ui, "Public IPs", if ips.is_empty() { "(none)" } else { &ips });
    done
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
    let done = fields::choice(
        ui,
        "Routing",
        "How DNS answers pick an endpoint",
        &mut t.routing,
        TrafficRouting::ALL,
    );
    let endpoints = t
        .endpoints
        .iter()
        .map(|id| design.get(id.as_str()).map_or(id.as_str(), |r| r.name()))
        .collect::<Vec<_>>()
        .join(", ");
    fields::read_only(
        ui,
        "Endpoints",
        if endpoints.is_empty() {
            "(none: connect them with the Connect tool)"
        } else {
            &endpoints
        },
    );
    done
}

pub fn agc(ui: &mut Ui, a: &mut AppGatewayForContainers, design: &Design) -> bool {
    let mut done = fields::reference(
        ui,
        "Cluster",
        "The AKS cluster whose ALB controller manages it",
        design,
        &[Kind::AksCluster],
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
    let done = fields::text(
        ui,
        "Zone",
        "Zone name, e.g. privatelink.vaultcore.azure.net",
        &mut z.zone,
    );
    let links = z
        .links
        .iter()
        .map(|id| design.get(id.as_str()).map_or(id.as_str(), |r| r.name()))
        .collect::<Vec<_>>()
        .join(", ");
    fields::read_only(ui, "Linked VNets", if links.is_empty() { "(none)" } else { &links });
    done
}

pub fn private_link_service(ui: &mut Ui, p: &mut PrivateLinkService, design: &Design) -> bool {
    let mut done = fields::reference(
        ui,
        "Load balancer",
        "The Kubernetes internal LoadBalancer service it exposes",
        design,
        &[Kind::K8sService],
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
        &[Kind::AksCluster],
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

pub fn nsg(ui: &mut Ui, n: &Nsg) -> bool {
    let rules = match n.rules.len() {
        0 => "Azure's defaults only".to_owned(),
        1 => "1 rule beyond Azure's defaults".to_owned(),
        k => format!("{k} rules beyond Azure's defaults"),
    };
    fields::read_only(ui, "Rules", &rules);
    false
}
