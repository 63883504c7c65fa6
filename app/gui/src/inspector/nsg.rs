//! The NSG editor: its security rules, shown in the order Azure evaluates
//! them (by direction, then priority), each with its name, priority,
//! direction, access, protocol, addresses and ports. Everything typed is
//! checked as it is typed, against the Azure rules cited below; a rule that
//! breaks one is not applied and the reason stays under the field.

use std::net::IpAddr;

use egui::{RichText, Ui};
use netdraft_core::model::{Access, Direction, Nsg, NsgRule, Protocol};
use netdraft_core::net::AddressPrefix;

use super::fields::{self, Buffers};
use super::lists::{self, RowEditor};

/// Lowest and highest NSG rule priority; each must be unique per direction
/// (facts sheet §D.2, `azurerm_network_security_group`: "priority 100–4096 (unique)").
pub const PRIORITIES: std::ops::RangeInclusive<u16> = 100..=4096;
/// Rules per NSG (facts sheet §B.1, VNET-LIMITS: "rules/NSG 1,000").
pub const MAX_RULES: usize = 1000;
/// The highest port in a rule's port ranges (facts sheet §D.2: source and
/// destination port range(s)).
const PORT_MAX: u32 = 65_535;

fn lower(d: Direction) -> &'static str {
    match d {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

/// The rule other than `i` that already uses `priority` in `direction`, if any.
fn clash(rules: &[NsgRule], i: usize, direction: Direction, priority: u16) -> Option<&NsgRule> {
    rules
        .iter()
        .enumerate()
        .find(|(j, r)| *j != i && r.direction == direction && r.priority == priority)
        .map(|(_, r)| r)
}

/// Checks the priority typed for rule `i`: a number in 100–4096, not used by
/// another rule of the same direction (facts sheet §D.2).
pub fn check_priority(rules: &[NsgRule], i: usize, text: &str) -> Result<u16, String> {
    let range = || {
        format!(
            "a priority is a number from {} to {}",
            PRIORITIES.start(),
            PRIORITIES.end()
        )
    };
    let p: u32 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{}` is not a number; {}", text.trim(), range()))?;
    let p = u16::try_from(p)
        .ok()
        .filter(|p| PRIORITIES.contains(p))
        .ok_or_else(|| format!("{p} is out of range; {} (lower wins)", range()))?;
    let direction = rules.get(i).map_or(Direction::Inbound, |r| r.direction);
    match clash(rules, i, direction, p) {
        Some(other) => Err(format!(
            "priority {p} is already used by {} rule {}; each {} rule needs its own priority",
            lower(direction),
            other.name,
            lower(direction)
        )),
        None => Ok(p),
    }
}

/// Checks a rule name: not empty and not the name of another rule of the NSG.
pub fn check_name(rules: &[NsgRule], i: usize, text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("a rule needs a name".to_owned());
    }
    if rules.iter().enumerate().any(|(j, r)| j != i && r.name == name) {
        return Err(format!(
            "another rule is already called {name}; rule names are unique in an NSG"
        ));
    }
    Ok(name.to_owned())
}

fn entries(text: &str) -> Vec<&str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// Checks a source or destination: `*`, or a comma-separated list of CIDR
/// blocks, IP addresses and service tags (`VirtualNetwork`, `Internet`,
/// `AzureLoadBalancer`, `Storage.WestEurope`). Returns the list as stored.
pub fn check_addresses(text: &str) -> Result<String, String> {
    let list = entries(text);
    match list.as_slice() {
        [] => Err("write `*`, a CIDR such as 10.0.0.0/24, or a service tag such as VirtualNetwork".to_owned()),
        ["*"] => Ok("*".to_owned()),
        _ if list.contains(&"*") => Err("`*` means any address; it cannot be combined with others".to_owned()),
        _ => {
            for entry in &list {
                if entry.parse::<IpAddr>().is_err() {
                    entry.parse::<AddressPrefix>().map_err(|e| {
                        format!("{e}; or a service tag such as VirtualNetwork, Internet, AzureLoadBalancer, or `*`")
                    })?;
                }
            }
            Ok(list.join(", "))
        }
    }
}

fn port(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .ok()
        .filter(|p| *p <= PORT_MAX)
        .ok_or_else(|| format!("`{text}` is not a port; ports are numbers from 0 to {PORT_MAX}"))
}

/// Checks ports: `*`, or a comma-separated list of ports (`443`) and ranges
/// (`1024-65535`). Returns the list as stored.
pub fn check_ports(text: &str) -> Result<String, String> {
    let list = entries(text);
    match list.as_slice() {
        [] => Err("write `*`, a port such as 443, or a range such as 1024-65535".to_owned()),
        ["*"] => Ok("*".to_owned()),
        _ if list.contains(&"*") => Err("`*` means any port; it cannot be combined with others".to_owned()),
        _ => {
            for entry in &list {
                if let Some((a, b)) = entry.split_once('-') {
                    let (a, b) = (port(a.trim())?, port(b.trim())?);
                    if a > b {
                        return Err(format!("`{entry}`: a range goes from the lower port to the higher"));
                    }
                } else {
                    port(entry)?;
                }
            }
            Ok(list.join(", "))
        }
    }
}

/// The priority a new rule in `direction` gets: the next ten above the
/// highest in use, or the lowest free one when that is past 4096.
pub fn next_priority(rules: &[NsgRule], direction: Direction) -> Option<u16> {
    let used: Vec<u16> = rules
        .iter()
        .filter(|r| r.direction == direction)
        .map(|r| r.priority)
        .collect();
    let after = used.iter().max().map_or(*PRIORITIES.start(), |m| (m / 10 + 1) * 10);
    if PRIORITIES.contains(&after) && !used.contains(&after) {
        return Some(after);
    }
    PRIORITIES.clone().find(|p| !used.contains(p))
}

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
            return Err(format!(
                "An NSG holds at most {MAX_RULES} rules (facts §B.1, VNET-LIMITS)"
            ));
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
            |t| check_name(items, i, t),
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
            if let Some(other) = clash(items, i, direction, priority) {
                let why = format!(
                    "Rule {label} cannot become {}: {} rule {} already has priority {priority}; change one priority first",
                    lower(direction),
                    lower(direction),
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
    for (i, r) in n.rules.iter().enumerate() {
        if let Some(other) = clash(&n.rules, i, r.direction, r.priority).filter(|o| o.name > r.name) {
            lists::warning(
                ui,
                &format!(
                    "{} rules {} and {} share priority {}; Azure refuses that (facts §D.2)",
                    lower(r.direction),
                    r.name,
                    other.name,
                    r.priority
                ),
            );
        }
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
    fn priorities_are_in_range_and_unique_per_direction() {
        let rules = [
            rule("a", 100, Direction::Inbound),
            rule("b", 110, Direction::Inbound),
            rule("c", 100, Direction::Outbound),
        ];
        assert_eq!(check_priority(&rules, 1, " 120 "), Ok(120));
        assert_eq!(check_priority(&rules, 1, "110"), Ok(110), "its own priority");
        assert!(check_priority(&rules, 1, "100").unwrap_err().contains("inbound rule a"));
        assert_eq!(
            check_priority(&rules, 2, "110"),
            Ok(110),
            "another direction may use it"
        );
        assert!(check_priority(&rules, 0, "99").unwrap_err().contains("out of range"));
        assert!(check_priority(&rules, 0, "4097").unwrap_err().contains("out of range"));
        assert!(check_priority(&rules, 0, "70000").unwrap_err().contains("out of range"));
        assert_eq!(check_priority(&rules, 0, "4096"), Ok(4096));
        assert!(check_priority(&rules, 0, "abc").unwrap_err().contains("not a number"));
    }

    #[test]
    fn addresses_are_star_cidrs_ips_or_service_tags() {
        assert_eq!(check_addresses("*"), Ok("*".to_owned()));
        assert_eq!(check_addresses("VirtualNetwork"), Ok("VirtualNetwork".to_owned()));
        assert_eq!(
            check_addresses("10.0.0.0/24,10.0.1.4 ,Storage.WestEurope"),
            Ok("10.0.0.0/24, 10.0.1.4, Storage.WestEurope".to_owned())
        );
        assert!(check_addresses("10.0.0.0/33").unwrap_err().contains("out of range"));
        assert!(check_addresses("* , 10.0.0.0/8").is_err());
        assert!(check_addresses(" ").is_err());
        assert!(check_addresses("10.0.0/8").is_err());
    }

    #[test]
    fn ports_are_star_numbers_or_ranges() {
        assert_eq!(check_ports("*"), Ok("*".to_owned()));
        assert_eq!(check_ports("443"), Ok("443".to_owned()));
        assert_eq!(check_ports("80,443, 1024-65535"), Ok("80, 443, 1024-65535".to_owned()));
        assert!(check_ports("65536").is_err());
        assert!(check_ports("500-400").unwrap_err().contains("lower port"));
        assert!(check_ports("https").is_err());
        assert!(check_ports("*,80").is_err());
        assert!(check_ports("").is_err());
    }

    #[test]
    fn names_are_required_and_unique() {
        let rules = [rule("a", 100, Direction::Inbound), rule("b", 110, Direction::Inbound)];
        assert_eq!(check_name(&rules, 0, " web "), Ok("web".to_owned()));
        assert!(check_name(&rules, 0, "b").is_err());
        assert!(check_name(&rules, 0, "  ").is_err());
    }

    #[test]
    fn new_rules_take_the_next_free_priority() {
        assert_eq!(next_priority(&[], Direction::Inbound), Some(100));
        let rules = [rule("a", 100, Direction::Inbound), rule("b", 4096, Direction::Outbound)];
        assert_eq!(next_priority(&rules, Direction::Inbound), Some(110));
        assert_eq!(
            next_priority(&rules, Direction::Outbound),
            Some(100),
            "wraps to the lowest free"
        );
        let r = Rules.new_row(&rules).unwrap();
        assert_eq!((r.priority, r.name.as_str()), (110, "rule-3"));
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
