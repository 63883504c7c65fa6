//! What the IP plan says about the selected resource: derived numbers with
//! where they come from (the formula and the facts-sheet source), so a user
//! can check every figure.

use egui::{RichText, Ui};
use netdraft_core::Resource;
use netdraft_core::plan::{ClusterPlan, Plan, PoolPlan, SubnetPlan};

fn row(ui: &mut Ui, name: &str, value: String, why: &str) {
    let l = ui.label(name);
    let v = ui.label(RichText::new(value).monospace()).labelled_by(l.id);
    if !why.is_empty() {
        v.on_hover_text(why);
    }
    ui.end_row();
}

fn grid(ui: &mut Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    ui.add_space(10.0);
    ui.label(RichText::new("From the IP plan").strong())
        .on_hover_text("Derived from the design; recomputed on every edit");
    egui::Grid::new(id).num_columns(2).spacing([12.0, 4.0]).show(ui, add);
}

/// Shows the plan's figures for `r`, if the plan has any.
pub fn ui(ui: &mut Ui, r: &Resource, plan: &Plan) {
    let id = r.id.as_str();
    if let Some(s) = plan.subnet(id) {
        grid(ui, "plan-subnet", |ui| subnet(ui, s));
    } else if let Some(c) = plan.cluster(id) {
        grid(ui, "plan-cluster", |ui| cluster(ui, c));
    } else if let Some(p) = plan
        .clusters
        .iter()
        .flat_map(|c| &c.pools)
        .find(|p| p.id.as_str() == id)
    {
        grid(ui, "plan-pool", |ui| pool(ui, p));
    }
}

fn subnet(ui: &mut Ui, s: &SubnetPlan) {
    let prefix = match (s.prefix, s.auto) {
        (Some(p), true) => format!("{p} (allocated by the planner)"),
        (Some(p), false) => p.to_string(),
        (None, _) => "does not fit in the VNet".to_owned(),
    };
    row(ui, "Planned prefix", prefix, "");
    row(
        ui,
        "Usable",
        s.usable.to_string(),
        "Addresses left after Azure's five reserved ones",
    );
    row(ui, "Demand", s.demand.to_string(), "The sum of the items below");
    for item in &s.items {
        let why = format!("{} (source: {})", item.figure.formula, item.figure.source);
        row(ui, &format!("  {}", item.label), item.figure.ips.to_string(), &why);
    }
    row(
        ui,
        "Utilisation",
        format!("{:.0}%", s.utilisation),
        "Demand in percent of usable",
    );
    row(ui, "Headroom", s.headroom.to_string(), "Usable minus demand");
    for rule in &s.rules {
        let text = match rule.recommended_prefix {
            Some(rec) => format!("at least /{}, /{rec} recommended", rule.min_prefix),
            None => format!("at least /{}", rule.min_prefix),
        };
        row(ui, "Azure rule", text, rule.source);
    }
}

fn cluster(ui: &mut Ui, c: &ClusterPlan) {
    let default = |d: bool| if d { " (AKS default)" } else { "" };
    let service = format!("{}{}", c.service_cidr.cidr, default(c.service_cidr.is_default));
    row(ui, "Service CIDR", service, "");
    let dns = format!("{}{}", c.dns_service_ip, default(c.dns_service_ip_is_default));
    row(ui, "DNS service IP", dns, "");
    if let Some(p) = &c.pod_cidr {
        row(ui, "Pod CIDR", format!("{}{}", p.cidr, default(p.is_default)), "");
    }
    if let Some(f) = &c.pod_cidr_demand {
        let why = format!("{} (source: {})", f.formula, f.source);
        row(ui, "Pod addresses", f.ips.to_string(), &why);
    }
    row(
        ui,
        "Planned nodes",
        c.planned_nodes.to_string(),
        "Every pool at its maximum",
    );
}

fn pool(ui: &mut Ui, p: &PoolPlan) {
    row(
        ui,
        "Planned nodes",
        p.nodes.to_string(),
        "count, or max_count with the autoscaler",
    );
    row(ui, "Surge nodes", p.surge.to_string(), &p.surge_rule);
    let max_pods = if p.max_pods_is_default {
        format!("{} (default of the network model)", p.max_pods)
    } else {
        p.max_pods.to_string()
    };
    row(ui, "Max pods", max_pods, "");
    let headroom = p
        .headroom_nodes
        .map_or_else(|| "not limited by addresses".to_owned(), |n| format!("{n} more nodes"));
    row(ui, "Headroom", headroom, &p.limited_by);
}
