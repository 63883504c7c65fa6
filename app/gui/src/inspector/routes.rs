//! The route table editor: BGP propagation and the routes, each with its
//! destination (a CIDR or a service tag), next-hop type and, for a virtual
//! appliance, the firewall it goes through.

use egui::Ui;
use netdraft_core::Design;
use netdraft_core::command::default_route_to;
use netdraft_core::model::{Kind, NextHop, Route, RouteTable};
use netdraft_core::net::AddressPrefix;

use super::fields::{self, Buffers};
use super::lists::{self, RowEditor};

/// Routes per route table (facts sheet §B.1, VNET-LIMITS: "routes per route table 400").
const MAX_ROUTES: usize = 400;

/// The routes, numbered from 1; new routes go to the design's first firewall.
struct Routes<'a> {
    design: &'a Design,
}

impl RowEditor<Route> for Routes<'_> {
    const NOUN: &'static str = "route";
    const ADD_HINT: &'static str = "Add a route: the default route to the first firewall when there is one";

    fn label(&self, _items: &[Route], i: usize) -> String {
        (i + 1).to_string()
    }

    fn new_row(&self, items: &[Route]) -> Result<Route, String> {
        if items.len() >= MAX_ROUTES {
            // Facts sheet §B.1 (VNET-LIMITS).
            return Err(format!(
                "A route table holds at most {MAX_ROUTES} routes (Azure's limit)"
            ));
        }
        Ok(match self.design.of_kind(Kind::Firewall).next() {
            Some(fw) => default_route_to(&fw.id),
            None => Route {
                name: lists::fresh_name("route", items.len(), |n| items.iter().any(|r| r.name == n)),
                prefix: AddressPrefix::ServiceTag("Internet".to_owned()),
                next_hop: NextHop::Internet,
                next_hop_ip: None,
                next_hop_resource: None,
            },
        })
    }

    fn row_ui(&mut self, ui: &mut Ui, items: &mut [Route], i: usize, n: &str, buffers: &mut Buffers) -> bool {
        let route = &mut items[i];
        let mut done = fields::text(ui, &format!("Route {n} name"), "Route name", &mut route.name);
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
                self.design,
                &fields::offered(Kind::RouteTable, "routes"),
                &mut route.next_hop_resource,
            );
        }
        done
    }
}

pub fn route_table(ui: &mut Ui, t: &mut RouteTable, design: &Design, buffers: &mut Buffers) -> bool {
    let mut done = fields::checkbox(
        ui,
        "BGP propagation",
        "Propagate gateway routes (must stay on for GatewaySubnet)",
        &mut t.bgp_route_propagation,
    );
    done |= lists::rows(ui, &mut Routes { design }, &mut t.routes, buffers);
    done
}
