//! Editors for the kinds around the network core: peerings, regions,
//! on-premises networks, PaaS services, private endpoints, Bastion, Front
//! Door, firewall policies, API Management and Kubernetes services.

use egui::Ui;
use netdraft_core::Design;
use netdraft_core::model::{
    ApiManagement, ApimSku, ApimVnetMode, Bastion, BastionSku, FirewallPolicy, FrontDoor, FrontDoorSku, K8sService,
    Kind, OnPremConnection, OnPremises, PaasService, PaasType, PrivateEndpoint, Region, ThreatIntelMode, VnetPeering,
};

use super::fields::{self, Buffers};
use super::lists::{self, RefList};
use super::policy;

pub fn peering(ui: &mut Ui, p: &mut VnetPeering, design: &Design) -> bool {
    let mut done = fields::required_reference(
        ui,
        "From",
        "The VNet that offers its gateway (usually the hub)",
        design,
        &fields::offered(Kind::VnetPeering, "from"),
        &mut p.from,
    );
    done |= fields::required_reference(
        ui,
        "To",
        "The other VNet (usually a spoke)",
        design,
        &fields::offered(Kind::VnetPeering, "to"),
        &mut p.to,
    );
    done |= fields::checkbox(
        ui,
        "Forwarded traffic",
        "Allow traffic forwarded by an appliance (the firewall) in both directions",
        &mut p.allow_forwarded_traffic,
    );
    done |= fields::checkbox(
        ui,
        "Gateway transit",
        "From lets To use its VPN/ExpressRoute gateway",
        &mut p.allow_gateway_transit,
    );
    done |= fields::checkbox(
        ui,
        "Use remote gateways",
        "To uses From's gateway (needs gateway transit)",
        &mut p.use_remote_gateways,
    );
    done
}

pub fn region(ui: &mut Ui, r: &mut Region) -> bool {
    fields::text(ui, "Location", "Azure location name, e.g. westeurope", &mut r.location)
}

pub fn on_prem(ui: &mut Ui, o: &mut OnPremises, design: &Design, buffers: &mut Buffers) -> bool {
    let mut done = fields::cidr_list(
        ui,
        "Address ranges",
        "Ranges used on premises, comma-separated; checked against every VNet",
        "onprem.ranges",
        buffers,
        &mut o.address_ranges,
    );
    done |= fields::choice(
        ui,
        "Connection",
        "VPN or ExpressRoute",
        &mut o.connection,
        OnPremConnection::ALL,
    );
    done |= fields::reference(
        ui,
        "Gateway",
        "The VPN or ExpressRoute gateway that connects it",
        design,
        &fields::offered(Kind::OnPremises, "gateway"),
        &mut o.gateway,
    );
    done
}

pub fn paas(ui: &mut Ui, p: &mut PaasService) -> bool {
    let mut done = fields::choice(ui, "Service", "What service it is", &mut p.service, PaasType::ALL);
    done |= fields::checkbox(
        ui,
        "Public access",
        "Public network access left on",
        &mut p.public_network_access,
    );
    done
}

pub fn private_endpoint(ui: &mut Ui, p: &mut PrivateEndpoint, design: &Design) -> bool {
    let mut done = fields::required_reference(
        ui,
        "Target",
        "What it connects to",
        design,
        &fields::offered(Kind::PrivateEndpoint, "target"),
        &mut p.target,
    );
    done |= fields::optional_text(
        ui,
        "Sub-resource",
        "Group id: blob, vault, registry, management…",
        &mut p.subresource,
    );
    done |= fields::reference(
        ui,
        "DNS zone",
        "The private DNS zone its record goes into",
        design,
        &fields::offered(Kind::PrivateEndpoint, "dns_zone"),
        &mut p.dns_zone,
    );
    done
}

pub fn bastion(ui: &mut Ui, b: &mut Bastion) -> bool {
    let mut done = fields::choice(
        ui,
        "SKU",
        "Developer, Basic, Standard or Premium",
        &mut b.sku,
        BastionSku::ALL,
    );
    done |= fields::optional_number(
        ui,
        "Scale units",
        "2-50, Standard and Premium",
        &mut b.scale_units,
        2,
        2..=50,
    );
    done
}

pub fn front_door(ui: &mut Ui, f: &mut FrontDoor, design: &Design) -> bool {
    let mut done = fields::choice(ui, "SKU", "Standard or Premium", &mut f.sku, FrontDoorSku::ALL);
    done |= fields::checkbox(
        ui,
        "Private Link",
        "Reach origins over Private Link (Premium)",
        &mut f.private_link,
    );
    let origins = RefList {
        name: "Origins",
        noun: "origin",
        hint: "What it sends requests to: App Gateways, Private Link Services, API Management, public IPs, \
               clusters, Kubernetes services, App Gateway for Containers, PaaS services",
        kinds: &fields::offered(Kind::FrontDoor, "origins"),
        remove_hint: "Stop sending requests to this origin",
        limit: None,
    };
    done |= lists::references(ui, &origins, design, &mut f.origins).is_some();
    done
}

pub fn firewall_policy(ui: &mut Ui, p: &mut FirewallPolicy, design: &Design, buffers: &mut Buffers) -> bool {
    let mut done = fields::checkbox(ui, "DNS proxy", "Needed for FQDNs in network rules", &mut p.dns_proxy);
    done |= fields::choice(
        ui,
        "Threat intelligence",
        "Off, Alert or Deny",
        &mut p.threat_intel_mode,
        ThreatIntelMode::ALL,
    );
    let clusters = RefList {
        name: "AKS egress for",
        noun: "cluster",
        hint: "Clusters whose required AKS egress rules the policy carries",
        kinds: &fields::offered(Kind::FirewallPolicy, "aks_egress_for"),
        remove_hint: "Drop this cluster's required egress rules from the policy",
        limit: None,
    };
    done |= lists::references(ui, &clusters, design, &mut p.aks_egress_for).is_some();
    done |= policy::rules(ui, &mut p.rules, buffers);
    done
}

pub fn api_management(ui: &mut Ui, a: &mut ApiManagement, design: &Design) -> bool {
    let mut done = fields::choice(ui, "SKU", "Developer, Premium, the v2 tiers…", &mut a.sku, ApimSku::ALL);
    done |= fields::number(ui, "Capacity", "Scale units", &mut a.capacity, 1..=32);
    done |= fields::choice(
        ui,
        "VNet mode",
        "none, external, internal or integration",
        &mut a.vnet_mode,
        ApimVnetMode::ALL,
    );
    done |= fields::text(
        ui,
        "Publisher",
        "Publisher name (required by Azure)",
        &mut a.publisher_name,
    );
    done |= fields::text(
        ui,
        "Publisher e-mail",
        "Publisher e-mail (required by Azure)",
        &mut a.publisher_email,
    );
    let backends = RefList {
        name: "Backends",
        noun: "backend",
        hint: "What its APIs call: Kubernetes services, App Gateways, clusters, App Gateway for Containers, \
               Private Link Services, public IPs, PaaS services, Front Doors",
        kinds: &fields::offered(Kind::ApiManagement, "backends"),
        remove_hint: "Stop calling this backend",
        limit: None,
    };
    done |= lists::references(ui, &backends, design, &mut a.backends).is_some();
    done
}

pub fn k8s_service(ui: &mut Ui, s: &mut K8sService, design: &Design) -> bool {
    let mut done = fields::required_reference(
        ui,
        "Cluster",
        "The cluster running it",
        design,
        &fields::offered(Kind::K8sService, "cluster"),
        &mut s.cluster,
    );
    done |= fields::text(ui, "Namespace", "Kubernetes namespace", &mut s.namespace);
    done |= fields::checkbox(
        ui,
        "Internal",
        "An Azure internal load balancer (else public)",
        &mut s.internal,
    );
    done
}
