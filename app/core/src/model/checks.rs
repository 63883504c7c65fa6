//! Pure checks on the rules a design carries: NSG security rules (priority
//! range and uniqueness per direction, names, port and address syntax) and
//! firewall-policy rules (ports and protocols).
//!
//! One truth for every front end: the GUI inspector checks what is typed with
//! these, and lint (`ND138`–`ND141`) reports designs that break them however
//! they were made (file, import, generator). Errors are one-line sentences
//! meant to be shown as they are.
//!
//! The NSG facts are in azure-facts.md §D.2 (`azurerm_network_security_group`:
//! "priority 100–4096 (unique)", source/destination port range(s) and address
//! prefix(es); TF4) and §B.1 (VNET-LIMITS: "rules/NSG 1,000").

use std::net::IpAddr;
use std::ops::RangeInclusive;

use super::{Direction, FirewallRuleKind, NsgRule};
use crate::net::AddressPrefix;

/// Lowest and highest NSG rule priority; each must be unique per direction
/// (facts §D.2, `azurerm_network_security_group`: "priority 100–4096 (unique)").
pub const PRIORITIES: RangeInclusive<u16> = 100..=4096;
/// Rules per NSG (facts §B.1, VNET-LIMITS: "rules/NSG 1,000").
pub const MAX_RULES: usize = 1000;
/// The highest port in a rule's port ranges (facts §D.2: source and
/// destination port range(s)).
pub const PORT_MAX: u32 = 65_535;

/// `inbound` or `outbound`, for messages.
pub fn direction_word(d: Direction) -> &'static str {
    match d {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

fn range_text() -> String {
    format!(
        "a priority is a number from {} to {}",
        PRIORITIES.start(),
        PRIORITIES.end()
    )
}

/// Checks a priority value: 100–4096 (facts §D.2).
pub fn check_priority_range(p: u32) -> Result<u16, String> {
    u16::try_from(p)
        .ok()
        .filter(|p| PRIORITIES.contains(p))
        .ok_or_else(|| format!("{p} is out of range; {} (lower wins)", range_text()))
}

/// The rule other than `i` that already uses `priority` in `direction`, if any.
pub fn priority_clash(rules: &[NsgRule], i: usize, direction: Direction, priority: u16) -> Option<&NsgRule> {
    rules
        .iter()
        .enumerate()
        .find(|(j, r)| *j != i && r.direction == direction && r.priority == priority)
        .map(|(_, r)| r)
}

/// Checks the priority typed for rule `i`: a number in 100–4096, not used by
/// another rule of the same direction (facts §D.2).
pub fn check_priority(rules: &[NsgRule], i: usize, text: &str) -> Result<u16, String> {
    let p: u32 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{}` is not a number; {}", text.trim(), range_text()))?;
    let p = check_priority_range(p)?;
    let direction = rules.get(i).map_or(Direction::Inbound, |r| r.direction);
    match priority_clash(rules, i, direction, p) {
        Some(other) => Err(format!(
            "priority {p} is already used by {} rule {}; each {} rule needs its own priority",
            direction_word(direction),
            other.name,
            direction_word(direction)
        )),
        None => Ok(p),
    }
}

/// Rules sharing a priority in one direction: each group is the direction,
/// the priority and the indexes of its rules (two or more, in list order).
/// Groups come by direction, then priority. Names play no part, so two rules
/// with the same name and priority are reported too.
pub fn duplicate_priorities(rules: &[NsgRule]) -> Vec<(Direction, u16, Vec<usize>)> {
    let mut keyed: Vec<(Direction, u16, usize)> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.direction, r.priority, i))
        .collect();
    keyed.sort_unstable();
    let mut out: Vec<(Direction, u16, Vec<usize>)> = Vec::new();
    for (d, p, i) in keyed {
        match out.last_mut() {
            Some((ld, lp, list)) if *ld == d && *lp == p => list.push(i),
            _ => out.push((d, p, vec![i])),
        }
    }
    out.retain(|(_, _, list)| list.len() > 1);
    out
}

/// The priority a new rule in `direction` gets: the next ten above the
/// highest in use, or the lowest free one when that is past 4096 (or taken).
/// Never above 4096, whatever priorities the rules already hold.
pub fn next_priority(rules: &[NsgRule], direction: Direction) -> Option<u16> {
    let used: Vec<u16> = rules
        .iter()
        .filter(|r| r.direction == direction)
        .map(|r| r.priority)
        .collect();
    let after = used
        .iter()
        .max()
        .map_or(u32::from(*PRIORITIES.start()), |m| (u32::from(*m) / 10 + 1) * 10);
    if let Ok(after) = u16::try_from(after)
        && PRIORITIES.contains(&after)
        && !used.contains(&after)
    {
        return Some(after);
    }
    PRIORITIES.clone().find(|p| !used.contains(p))
}

/// Checks a rule name: not empty and not the name of another rule of the NSG.
pub fn check_rule_name(rules: &[NsgRule], i: usize, text: &str) -> Result<String, String> {
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

/// Checks an NSG source or destination: `*`, or a comma-separated list of
/// CIDR blocks, IP addresses and service tags (`VirtualNetwork`, `Internet`,
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

/// Checks NSG ports: `*`, or a comma-separated list of ports (`443`) and
/// ranges (`1024-65535`). Returns the list as stored.
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

/// Application-rule protocols Azure Firewall accepts in `Protocol:port`.
pub const APP_PROTOCOLS: &[&str] = &["Http", "Https", "Mssql"];
/// Network-rule protocols.
pub const NET_PROTOCOLS: &[&str] = &["TCP", "UDP", "ICMP", "Any"];

/// A comma-separated list, trimmed, without empty entries.
pub fn split_list(text: &str) -> Vec<String> {
    entries(text).into_iter().map(str::to_owned).collect()
}

/// A comma-separated list of at least one `what`.
pub fn check_non_empty(text: &str, what: &str) -> Result<Vec<String>, String> {
    let list = split_list(text);
    if list.is_empty() {
        return Err(format!("a rule needs at least one {what}"));
    }
    Ok(list)
}

/// Checks the ports of a firewall-policy rule: `Https:443` (application) or
/// ports and ranges (network).
pub fn check_firewall_ports(kind: FirewallRuleKind, text: &str) -> Result<Vec<String>, String> {
    let list = check_non_empty(text, "port")?;
    for entry in &list {
        match kind {
            FirewallRuleKind::Application => {
                let ok = entry
                    .split_once(':')
                    .is_some_and(|(p, n)| APP_PROTOCOLS.contains(&p) && n.parse::<u16>().is_ok_and(|n| n > 0));
                if !ok {
                    return Err(format!(
                        "`{entry}`: application rules take Protocol:port, e.g. Https:443 ({})",
                        APP_PROTOCOLS.join(", ")
                    ));
                }
            }
            FirewallRuleKind::Network => {
                check_ports(entry)?;
            }
        }
    }
    Ok(list)
}

/// Checks firewall network-rule protocols: TCP, UDP, ICMP or Any.
pub fn check_firewall_protocols(text: &str) -> Result<Vec<String>, String> {
    let list = check_non_empty(text, "protocol")?;
    match list.iter().find(|p| !NET_PROTOCOLS.contains(&p.as_str())) {
        Some(bad) => Err(format!("`{bad}` is not one of {}", NET_PROTOCOLS.join(", "))),
        None => Ok(list),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Access, Protocol};

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
        assert_eq!(check_priority_range(100), Ok(100));
        assert!(check_priority_range(65_535).is_err());
    }

    #[test]
    fn duplicate_priorities_are_grouped_by_direction_whatever_the_names() {
        let rules = [
            rule("a", 200, Direction::Inbound),
            rule("b", 100, Direction::Inbound),
            rule("a", 200, Direction::Inbound),
            rule("c", 200, Direction::Outbound),
            rule("d", 100, Direction::Inbound),
            rule("e", 300, Direction::Inbound),
        ];
        assert_eq!(
            duplicate_priorities(&rules),
            [
                (Direction::Inbound, 100, vec![1, 4]),
                (Direction::Inbound, 200, vec![0, 2]),
            ]
        );
        assert!(duplicate_priorities(&rules[3..]).is_empty());
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
        assert_eq!(check_rule_name(&rules, 0, " web "), Ok("web".to_owned()));
        assert!(check_rule_name(&rules, 0, "b").is_err());
        assert!(check_rule_name(&rules, 0, "  ").is_err());
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
    }

    #[test]
    fn out_of_range_priorities_neither_overflow_nor_leak_into_the_next_one() {
        // A design may carry any u16 (lint reports it, ND138); the suggestion
        // must not overflow (65530 / 10 + 1) * 10 nor go past 4096.
        for high in [4091, 4096, 5000, 65_529, 65_530, 65_535] {
            let rules = [rule("a", 100, Direction::Inbound), rule("z", high, Direction::Inbound)];
            assert_eq!(next_priority(&rules, Direction::Inbound), Some(101), "{high}");
        }
        let rules = [rule("z", u16::MAX, Direction::Inbound)];
        assert_eq!(next_priority(&rules, Direction::Inbound), Some(100));
        assert_eq!(
            next_priority(&[rule("a", 4085, Direction::Inbound)], Direction::Inbound),
            Some(4090)
        );
        let full: Vec<NsgRule> = PRIORITIES
            .map(|p| rule(&p.to_string(), p, Direction::Inbound))
            .collect();
        assert_eq!(next_priority(&full, Direction::Inbound), None);
    }

    #[test]
    fn firewall_ports_follow_the_rule_kind() {
        assert_eq!(
            check_firewall_ports(FirewallRuleKind::Application, "Https:443, Http:80"),
            Ok(vec!["Https:443".to_owned(), "Http:80".to_owned()])
        );
        assert!(check_firewall_ports(FirewallRuleKind::Application, "443").is_err());
        assert!(check_firewall_ports(FirewallRuleKind::Application, "Ftp:21").is_err());
        assert_eq!(
            check_firewall_ports(FirewallRuleKind::Network, "53, 1024-2048"),
            Ok(vec!["53".to_owned(), "1024-2048".to_owned()])
        );
        assert!(check_firewall_ports(FirewallRuleKind::Network, "Https:443").is_err());
        assert!(check_firewall_ports(FirewallRuleKind::Network, "").is_err());
    }

    #[test]
    fn firewall_protocols_are_azure_firewall_ones() {
        assert_eq!(
            check_firewall_protocols("TCP,UDP"),
            Ok(vec!["TCP".to_owned(), "UDP".to_owned()])
        );
        assert!(check_firewall_protocols("SCTP").is_err());
        assert!(check_firewall_protocols(" ").is_err());
    }
}
