//! Editors of Azure Virtual WAN: the WAN itself and its hubs.

use egui::Ui;
use netdraft_core::Design;
use netdraft_core::Kind;
use netdraft_core::model::{RoutingIntent, VirtualHub, VirtualWan, VirtualWanSku};
use netdraft_core::net::Cidr;

use super::fields::{self, Buffers};
use super::lists::{self, RefList};

pub fn virtual_wan(ui: &mut Ui, w: &mut VirtualWan) -> bool {
    let mut done = fields::choice(
        ui,
        "Type",
        "Standard meshes its hubs and carries ExpressRoute, VNet-to-VNet transit and secured hubs; Basic only site-to-site VPN",
        &mut w.sku,
        VirtualWanSku::ALL,
    );
    done |= fields::checkbox(
        ui,
        "Branch to branch",
        "Let branches (VPN sites, ExpressRoute circuits) reach each other through the hubs",
        &mut w.allow_branch_to_branch,
    );
    done
}

pub fn virtual_hub(ui: &mut Ui, h: &mut VirtualHub, design: &Design, buffers: &mut Buffers) -> bool {
    let mut done = fields::required_reference(
        ui,
        "Virtual WAN",
        "The Virtual WAN the hub belongs to",
        design,
        &fields::offered(Kind::VirtualHub, "wan"),
        &mut h.wan,
    );
    if let Some(prefix) = fields::parsed(
        ui,
        "Address prefix",
        "The hub's own range: a /23 is recommended, a /24 the minimum; it must not overlap connected VNets, on-premises or other hubs",
        "hub.address_prefix",
        buffers,
        h.address_prefix.to_string(),
        |s| s.trim().parse::<Cidr>().map_err(|e| e.to_string()),
    ) && prefix != h.address_prefix
    {
        h.address_prefix = prefix;
        done = true;
    }
    done |= fields::choice(
        ui,
        "Routing intent",
        "The traffic the hub sends through its Azure Firewall: internet-bound, private (VNets, branches, hubs) or both",
        &mut h.routing_intent,
        RoutingIntent::ALL,
    );
    let spec = RefList {
        name: "Connections",
        noun: "VNet",
        hint: "The VNets connected to the hub (a VNet connects to one hub)",
        kinds: &fields::offered(Kind::VirtualHub, "connections"),
        remove_hint: "Disconnect this VNet from the hub",
        limit: None,
    };
    done |= lists::references(ui, &spec, design, &mut h.connections).is_some();
    done
}

/// A gateway's scale units when it sits in a hub (VPN: 500 Mbps each; ExpressRoute: 2 Gbps each; VWAN-FAQ).
pub fn scale_units(ui: &mut Ui, hint: &str, value: &mut Option<u32>) -> bool {
    fields::optional_number(ui, "Scale units", hint, value, 1, 1..=100)
}
