//! The NSG editor: its security rules, shown in the order Azure evaluates
//! them (by direction, then priority), each with its name, priority,
//! direction, access, protocol, addresses and ports. Everything typed is
//! checked as it is typed with the core's checks ([`netdraft_core::model::checks`],
//! the same ones lint runs as ND138–ND141); a value that breaks one is not
//! applied and the reason stays under the field.

use egui::{RichText, Ui};
use netdraft_core::model::checks::{
    self, MAX_RULES, check_addresses, check_ports, check_priority, check_rule_name, direction_word, next_priority,
    priority_clash,
};
use netdraft_core::model::{Access, Direction, Nsg, NsgRule, Protocol};

use super::fields::{self, Buffers};
use super::lists::{self, RowEditor};

/// The rule editor (one per frame), with the NSG's shared notice slot.
struct Rules;

const NOTICE: &str = "nsg.notice";

impl RowEditor<NsgRule> for Rules {
    const NOUN: &'static str = "rule";

    const ADD_HINT: &'static str =
        "Add an inbound rule allowing HTTPS within the virtual network, at the next free priority";

    fn label(&self, items: &[NsgRule], i: usize) -> String {
        let name = items[i].name.trim();
        let unique = items.iter().filter(|r| r.name.trim() == name).count() == 1;
        if name.is_empty() || !unique {
            (i + 1).to_string()
        } else {
            name.to_owned()
        }
    }

    fn order(&self, items: &[NsgRule]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| (items[i].direction, items[i].priority, i));
        order
    }

    fn swap_with(&self, items: &[NsgRule], order: &[usize], i: usize, up: bool) -> Option<usize> {
        let at = order.iter().position(|&j| j == i)?;
        let other = if up { at.checked_sub(1)? } else { at + 1 };
        let j = *order.get(other)?;
        (items[j].direction == items[i].direction).then_some(j)
    }

    fn swap(&self, items: &mut [NsgRule], a: usize, b: usize) {
        let (pa, pb) = (items[a].priority, items[b].priority);
        items[a].priority = pb;
        items[b].priority = pa;
    }

    fn new_row(&self, items: &[NsgRule]) -> Result<NsgRule, String> {
        if items.len() >= MAX_RULES {
            // Facts sheet §B.1 (VNET-LIMITS).
            return Err(format!("An NSG holds at most {MAX_RULES} rules (Azure's limit)"));
        }
        let priority = next_priority(items, Direction::Inbound)
            .ok_or_else(|| "Every inbound priority from 100 to 4096 is taken".to_owned())?;
        let name = lists::fresh_name("rule", items.len(), |n| items.iter().any(|r| r.name == n));
        Ok(NsgRule {
            name,
            priority,
            direction: Direction::Inbound,
            access: Access::Allow,
            protocol: Protocol::Tcp,
            source: "VirtualNetwork".to_owned(),
            source_ports: "*".to_owned(),
            destination: "VirtualNetwork".to_owned(),
            destination_ports: "443".to_owned(),
            description: None,
        })
    }

    fn row_ui(&mut self, ui: &mut Ui, items: &mut [NsgRule], i: usize, label: &str, buffers: &mut Buffers) -> bool {
        let mut done = false;
        let field = |f: &str| format!("Rule {label} {f}");
        let key = |f: &str| format!("nsg{i}.{f}");
        let shown = items[i].name.clone();
        if let Some(name) = fields::parsed(
            ui,
            &field("name"),
            "Unique in the NSG",
            &key("name"),
            buffers,
            shown,
            |t| check_rule_name(items, i, t),
        ) && name != items[i].name
        {
            items[i].name = name;
            done = true;
        }
        let shown = items[i].priority.to_string();
        if let Some(p) = fields::parsed(
            ui,
            &field("priority"),
            "100-4096, lower wins; unique per direction",
            &key("priority"),
            buffers,
            shown,
            |t| check_priority(items, i, t),
        ) && p != items[i].priority
        {
            items[i].priority = p;
            done = true;
        }
        let before = items[i].direction;
        if fields::choice(
            ui,
            &field("direction"),
            "Inbound or outbound traffic",
            &mut items[i].direction,
            Direction::ALL,
        ) {
            let (direction, priority) = (items[i].direction, items[i].priority);
            if let Some(other) = priority_clash(items, i, direction, priority) {
                let why = format!(
                    "Rule {label} cannot become {}: {} rule {} already has priority {priority}; change one priority first",
                    direction_word(direction),
                    direction_word(direction),
                    other.name
                );
                buffers.insert(NOTICE.to_owned(), why);
                items[i].direction = before;
            } else {
                done = true;
            }
        }
        done |= fields::choice(ui, &field("access"), "Allow or deny", &mut items[i].access, Access::ALL);
        done |= fields::choice(
            ui,
            &field("protocol"),
            "Tcp, Udp, Icmp or * (any)",
            &mut items[i].protocol,
            Protocol::ALL,
        );
        let address_hint = "`*`, CIDRs or IP addresses, or a service tag (VirtualNetwork, Internet, AzureLoadBalancer), comma-separated";
        let port_hint = "`*`, ports (443) or ranges (1024-65535), comma-separated";
        let rule = &mut items[i];
        for (name, hint, value, check) in [
            (
                "source",
                address_hint,
                &mut rule.source,
                check_addresses as fn(&str) -> Result<String, String>,
            ),
            ("source ports", port_hint, &mut rule.source_ports, check_ports),
            ("destination", address_hint, &mut rule.destination, check_addresses),
            ("destination ports", port_hint, &mut rule.destination_ports, check_ports),
        ] {
            if let Some(v) = fields::parsed(ui, &field(name), hint, &key(name), buffers, value.clone(), check)
                && v != *value
            {
                *value = v;
                done = true;
            }
        }
        let shown = rule.description.clone().unwrap_or_default();
        if let Some(d) = fields::parsed(
            ui,
            &field("description"),
            "Optional; why the rule exists",
            &key("description"),
            buffers,
            shown,
            |t| Ok::<_, String>(t.trim().to_owned()),
        ) {
            let d = (!d.is_empty()).then_some(d);
            if d != rule.description {
                rule.description = d;
                done = true;
            }
        }
        done
    }
}

pub fn nsg(ui: &mut Ui, n: &mut Nsg, buffers: &mut Buffers) -> bool {
    let l = ui.label("Rules").on_hover_text(
        "Security rules beyond Azure's defaults, in evaluation order: by direction, then priority (lower wins)",
    );
    let summary = match n.rules.len() {
        0 => "Azure's defaults only".to_owned(),
        1 => "1 rule beyond Azure's defaults".to_owned(),
        k => format!("{k} rules beyond Azure's defaults"),
    };
    ui.label(RichText::new(summary).weak()).labelled_by(l.id);
    ui.end_row();
    let done = lists::rows(ui, &mut Rules, &mut n.rules, buffers);
    if let Some(notice) = buffers.get(NOTICE) {
        lists::warning(ui, notice);
    }
    for (direction, priority, list) in checks::duplicate_priorities(&n.rules) {
        let names: Vec<&str> = list.iter().map(|&i| n.rules[i].name.as_str()).collect();
        lists::warning(
            ui,
            &format!(
                "{} rules {} share priority {priority}; Azure refuses that (lint rule ND139)",
                direction_word(direction),
                names.join(", "),
            ),
        );
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, priority: u16, direction: Direction) -> NsgRule {
        NsgRule {
            name: name.to_owned(),
            priority,
            direction,
            access: Access::Allow,
            protocol: Protocol::Tcp,
            source: "*".to_owned(),
            source_ports: "*".to_owned(),
            destination: "*".to_owned(),
            destination_ports: "443".to_owned(),
            description: None,
        }
    }

    #[test]
    fn new_rules_take_the_next_free_priority() {
        let rules = [rule("a", 100, Direction::Inbound), rule("b", 4096, Direction::Outbound)];
        let r = Rules.new_row(&rules).unwrap();
        assert_eq!((r.priority, r.name.as_str()), (110, "rule-3"));
    }

    #[test]
    fn a_loaded_priority_past_65529_does_not_panic_the_editor() {
        // Core accepts any u16 on load (lint reports it as ND138); new_row
        // runs every frame the NSG is selected.
        for high in [65_530, u16::MAX] {
            let rules = [rule("a", 100, Direction::Inbound), rule("z", high, Direction::Inbound)];
            let r = Rules.new_row(&rules).unwrap();
            assert_eq!(r.priority, 101, "{high}");
        }
    }

    #[test]
    fn rules_show_in_evaluation_order_and_move_within_their_direction() {
        let mut rules = vec![
            rule("out", 100, Direction::Outbound),
            rule("b", 200, Direction::Inbound),
            rule("a", 100, Direction::Inbound),
        ];
        let order = Rules.order(&rules);
        assert_eq!(order, [2, 1, 0]);
        assert_eq!(Rules.swap_with(&rules, &order, 2, true), None, "first of all");
        assert_eq!(Rules.swap_with(&rules, &order, 2, false), Some(1));
        assert_eq!(Rules.swap_with(&rules, &order, 1, false), None, "not across directions");
        Rules.swap(&mut rules, 2, 1);
        assert_eq!((rules[2].priority, rules[1].priority), (200, 100));
    }
}
