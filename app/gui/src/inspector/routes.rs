//! The route table editor: BGP propagation and the routes, each with its
//! destination (a CIDR or a service tag), next-hop type and, for a virtual
//! appliance, the firewall it goes through.

use egui::Ui;
use netdraft_core::Design;
use netdraft_core::command::default_route_to;
use netdraft_core::model::{Kind, NextHop, Route, RouteTable};
use netdraft_core::net::AddressPrefix;

use super::fields::{self, Buffers};

pub fn route_table(ui: &mut Ui, t: &mut RouteTable, design: &Design, buffers: &mut Buffers) -> bool {
    let mut done = fields::checkbox(
        ui,
        "BGP propagation",
        "Propagate gateway routes (must stay on for GatewaySubnet)",
        &mut t.bgp_route_propagation,
    );
    let mut remove = None;
    for (i, route) in t.routes.iter_mut().enumerate() {
        let n = i + 1;
        done |= fields::text(ui, &format!("Route {n}"), "Route name", &mut route.name);
        let shown = route.prefix.to_string();
        if let Some(p) = fields::parsed(
            ui,
            &format!("Route {n} destination"),
            "A CIDR (0.0.0.0/0 for the default route) or a service tag",
            &format!("route{i}.prefix"),
            buffers,
            shown,
            |text| text.trim().parse::<AddressPrefix>().map_err(|e| e.to_string()),
        ) && p != route.prefix
        {
            route.prefix = p;
            done = true;
        }
        done |= fields::choice(
            ui,
            &format!("Route {n} next hop"),
            "Where the traffic goes",
            &mut route.next_hop,
            NextHop::ALL,
        );
        if route.next_hop == NextHop::VirtualAppliance {
            done |= fields::reference(
                ui,
                &format!("Route {n} firewall"),
                "The firewall the traffic goes through; its private IP comes from the plan",
                design,
                &[Kind::Firewall],
                &mut route.next_hop_resource,
            );
        }
        ui.label("");
        if ui
            .button(format!("Remove route {n}"))
            .on_hover_text("Delete this route")
            .clicked()
        {
            remove = Some(i);
        }
        ui.end_row();
    }
    if let Some(i) = remove {
        t.routes.remove(i);
        done = true;
    }
    ui.label("");
    if ui
        .button("Add route")
        .on_hover_text("Add a route: the default route to the first firewall when there is one")
        .clicked()
    {
        let route = match design.of_kind(Kind::Firewall).next() {
            Some(fw) => default_route_to(&fw.id),
            None => Route {
                name: format!("route-{}", t.routes.len() + 1),
                prefix: AddressPrefix::ServiceTag("Internet".to_owned()),
                next_hop: NextHop::Internet,
                next_hop_ip: None,
                next_hop_resource: None,
            },
        };
        t.routes.push(route);
        done = true;
    }
    ui.end_row();
    done
}
