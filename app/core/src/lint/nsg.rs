//! NSG security rules: priority range and uniqueness per direction, port and
//! address syntax (azure-facts.md §D.2 `azurerm_network_security_group`);
//! and the port and protocol syntax of firewall-policy rules.
//! The checks themselves are [`crate::model::checks`], shared with the GUI
//! inspector, so a design that loads from a file or an import is held to
//! what the inspector lets one type.

use super::{Ctx, Finding, Level::Error, Rule, rule};
use crate::model::checks::{self, PRIORITIES};
use crate::model::{FirewallPolicy, FirewallRuleKind, Kind, Nsg};

pub(super) const RULES: &[Rule] = &[
    // TF4 (§D.2): priority 100–4096.
    rule(
        "ND138",
        "nsg-priority-range",
        Error,
        "An NSG rule's priority is outside 100–4096",
        "Azure takes NSG rule priorities from 100 to 4096 only (lower wins) and refuses the NSG otherwise, so the export fails on apply (azure-facts.md §D.2 `azurerm_network_security_group`: \"priority 100–4096 (unique)\"; TF4).",
        "TF4",
        "give the rule a priority from 100 to 4096, unused by the NSG's other rules of the same direction",
        priority_range,
    ),
    // TF4 (§D.2): priorities are unique per direction.
    rule(
        "ND139",
        "nsg-priority-duplicate",
        Error,
        "Two rules of one NSG share a priority in the same direction",
        "Each NSG rule needs its own priority within its direction; Azure refuses an NSG where two inbound (or two outbound) rules share one (azure-facts.md §D.2 `azurerm_network_security_group`: \"priority 100–4096 (unique)\"; TF4).",
        "TF4",
        "give each rule of that direction its own priority (Azure evaluates the lower first)",
        priority_duplicate,
    ),
    // TF4 (§D.2): source/destination port range(s).
    rule(
        "ND140",
        "nsg-port-syntax",
        Error,
        "An NSG rule's source or destination ports are not `*`, ports or ranges",
        "NSG port ranges are `*`, a port from 0 to 65535 or a range low-high, comma-separated in netdraft; anything else is refused by Azure on apply (azure-facts.md §D.2 `azurerm_network_security_group` source/destination_port_range(s); TF4).",
        "TF4",
        "write `*`, ports such as 443 or ranges such as 1024-65535",
        port_syntax,
    ),
    // TF4 (§D.2): source/destination address prefix(es).
    rule(
        "ND141",
        "nsg-address-syntax",
        Error,
        "An NSG rule's source or destination is not `*`, CIDRs, IP addresses or service tags",
        "NSG source and destination address prefixes are `*`, CIDR blocks, IP addresses or service tags; anything else is refused by Azure on apply (azure-facts.md §D.2 `azurerm_network_security_group` source/destination_address_prefix(es); TF4).",
        "TF4",
        "write `*`, CIDRs such as 10.0.0.0/24, IP addresses or a service tag such as VirtualNetwork",
        address_syntax,
    ),
    // TF4 (§D.2, rules in `azurerm_firewall_policy_rule_collection_group`): network rules take
    // port numbers or ranges and TCP/UDP/ICMP/Any; application rules take Protocol:port.
    rule(
        "ND146",
        "firewall-rule-syntax",
        Error,
        "A firewall-policy rule's ports or protocols are not what its kind takes",
        "A network rule's destination ports are port numbers or ranges (443, 1024-65535) and its protocols TCP, UDP, ICMP or Any; an application rule's are Protocol:port (Https:443). Azure refuses anything else when the rule collection group is applied (TF4, `azurerm_firewall_policy_rule_collection_group`).",
        "TF4",
        "write ports such as 443 with protocols such as TCP for a network rule, or Https:443 for an application rule",
        firewall_rule_syntax,
    ),
];

fn priority_range(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, n) in cx.all::<Nsg>(Kind::Nsg) {
        for sr in n.rules.iter().filter(|sr| !PRIORITIES.contains(&sr.priority)) {
            rule.emit(
                out,
                format!(
                    "NSG {} rule {} has priority {}; Azure takes {} to {}",
                    r.name(),
                    sr.name,
                    sr.priority,
                    PRIORITIES.start(),
                    PRIORITIES.end()
                ),
                &[&r.id],
            );
        }
    }
}

fn priority_duplicate(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, n) in cx.all::<Nsg>(Kind::Nsg) {
        for (direction, priority, list) in checks::duplicate_priorities(&n.rules) {
            let names: Vec<&str> = list.iter().map(|&i| n.rules[i].name.as_str()).collect();
            rule.emit(
                out,
                format!(
                    "NSG {}: {} rules {} share priority {priority}",
                    r.name(),
                    checks::direction_word(direction),
                    names.join(", ")
                ),
                &[&r.id],
            );
        }
    }
}

fn port_syntax(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, n) in cx.all::<Nsg>(Kind::Nsg) {
        for sr in &n.rules {
            for (what, value) in [
                ("source ports", &sr.source_ports),
                ("destination ports", &sr.destination_ports),
            ] {
                if let Err(e) = checks::check_ports(value) {
                    rule.emit_fix(
                        out,
                        format!("NSG {} rule {} {what} `{value}` are not valid", r.name(), sr.name),
                        &[&r.id],
                        e,
                    );
                }
            }
        }
    }
}

fn address_syntax(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, n) in cx.all::<Nsg>(Kind::Nsg) {
        for sr in &n.rules {
            for (what, value) in [("source", &sr.source), ("destination", &sr.destination)] {
                if let Err(e) = checks::check_addresses(value) {
                    rule.emit_fix(
                        out,
                        format!("NSG {} rule {} {what} `{value}` is not valid", r.name(), sr.name),
                        &[&r.id],
                        e,
                    );
                }
            }
        }
    }
}

fn firewall_rule_syntax(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, p) in cx.all::<FirewallPolicy>(Kind::FirewallPolicy) {
        for fr in &p.rules {
            let mut problems = Vec::new();
            if let Err(e) = checks::check_firewall_ports(fr.kind, &fr.ports.join(",")) {
                problems.push(e);
            }
            if fr.kind == FirewallRuleKind::Network
                && !fr.protocols.is_empty()
                && let Err(e) = checks::check_firewall_protocols(&fr.protocols.join(","))
            {
                problems.push(e);
            }
            for e in problems {
                rule.emit_fix(
                    out,
                    format!("firewall policy {} rule {}: {e}", r.name(), fr.name),
                    &[&r.id],
                    e.clone(),
                );
            }
        }
    }
}
