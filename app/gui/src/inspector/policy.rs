//! A firewall policy's own rules: application rules (FQDNs over `Https:443`
//! and the like) and network rules (addresses, ports and protocols), each
//! list typed comma-separated and checked as it is typed.

use egui::Ui;
use netdraft_core::model::checks::{check_firewall_ports, check_firewall_protocols, check_non_empty};
use netdraft_core::model::{FirewallRule, FirewallRuleKind};

use super::fields::{self, Buffers};
use super::lists::{self, RowEditor};

struct Rules;

impl RowEditor<FirewallRule> for Rules {
    const NOUN: &'static str = "policy rule";

    const ADD_HINT: &'static str = "Add an application rule allowing HTTPS to one FQDN";

    fn label(&self, items: &[FirewallRule], i: usize) -> String {
        let name = items[i].name.trim();
        if name.is_empty() || items.iter().filter(|r| r.name.trim() == name).count() > 1 {
            (i + 1).to_string()
        } else {
            name.to_owned()
        }
    }

    fn new_row(&self, items: &[FirewallRule]) -> Result<FirewallRule, String> {
        let name = lists::fresh_name("rule", items.len(), |n| items.iter().any(|r| r.name == n));
        Ok(FirewallRule {
            name,
            kind: FirewallRuleKind::Application,
            sources: vec!["*".to_owned()],
            destinations: vec!["example.com".to_owned()],
            ports: vec!["Https:443".to_owned()],
            protocols: Vec::new(),
        })
    }

    fn row_ui(
        &mut self,
        ui: &mut Ui,
        items: &mut [FirewallRule],
        i: usize,
        label: &str,
        buffers: &mut Buffers,
    ) -> bool {
        let field = |f: &str| format!("Policy rule {label} {f}");
        let key = |f: &str| format!("fwrule{i}.{f}");
        let mut done = false;
        let shown = items[i].name.clone();
        let others: Vec<String> = items
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, r)| r.name.clone())
            .collect();
        if let Some(name) = fields::parsed(
            ui,
            &field("name"),
            "Unique in the policy",
            &key("name"),
            buffers,
            shown,
            |t| {
                let t = t.trim();
                if t.is_empty() {
                    Err("a rule needs a name".to_owned())
                } else if others.iter().any(|o| o == t) {
                    Err(format!("another rule is already called {t}"))
                } else {
                    Ok(t.to_owned())
                }
            },
        ) && name != items[i].name
        {
            items[i].name = name;
            done = true;
        }
        let rule = &mut items[i];
        if fields::choice(
            ui,
            &field("kind"),
            "Application (FQDNs) or network (addresses and ports)",
            &mut rule.kind,
            FirewallRuleKind::ALL,
        ) {
            // The ports of one kind mean nothing to the other.
            match rule.kind {
                FirewallRuleKind::Application => {
                    rule.ports = vec!["Https:443".to_owned()];
                    rule.protocols.clear();
                }
                FirewallRuleKind::Network => {
                    rule.ports = vec!["443".to_owned()];
                    rule.protocols = vec!["TCP".to_owned()];
                }
            }
            done = true;
        }
        let kind = rule.kind;
        let mut list = |ui: &mut Ui,
                        name: &str,
                        hint: &str,
                        value: &mut Vec<String>,
                        check: &dyn Fn(&str) -> Result<Vec<String>, String>| {
            if let Some(v) = fields::parsed(ui, &field(name), hint, &key(name), buffers, value.join(", "), check)
                && v != *value
            {
                *value = v;
                return true;
            }
            false
        };
        done |= list(
            ui,
            "sources",
            "Source CIDRs or `*`, comma-separated",
            &mut rule.sources,
            &|t| check_non_empty(t, "source"),
        );
        let (what, hint) = match kind {
            FirewallRuleKind::Application => ("FQDN", "FQDNs, comma-separated (`*.example.com` allowed)"),
            FirewallRuleKind::Network => ("destination", "CIDRs, service tags or FQDNs, comma-separated"),
        };
        done |= list(ui, "destinations", hint, &mut rule.destinations, &|t| {
            check_non_empty(t, what)
        });
        let hint = match kind {
            FirewallRuleKind::Application => "Protocol:port, e.g. Https:443, Http:80",
            FirewallRuleKind::Network => "Ports or ranges, e.g. 443, 1024-65535, or `*`",
        };
        done |= list(ui, "ports", hint, &mut rule.ports, &|t| check_firewall_ports(kind, t));
        if kind == FirewallRuleKind::Network {
            done |= list(
                ui,
                "protocols",
                "TCP, UDP, ICMP or Any, comma-separated",
                &mut rule.protocols,
                &check_firewall_protocols,
            );
        }
        done
    }
}

/// The policy's rules.
pub fn rules(ui: &mut Ui, rules: &mut Vec<FirewallRule>, buffers: &mut Buffers) -> bool {
    lists::rows(ui, &mut Rules, rules, buffers)
}
