//! The containment policy applied to every drop and re-parent: the catalogue's
//! kind-level rule ([`Kind::placement`]) plus Azure's dedicated subnets, which
//! accept only their own kind (a firewall only in `AzureFirewallSubnet`, a VPN
//! gateway only in `GatewaySubnet`, and nothing else in them).
//!
//! Loading a file checks only the kind-level rule, so a design in progress can
//! be saved; the canvas is stricter because it can explain itself on the spot.

use super::CommandError;
use crate::id::Id;
use crate::model::{Design, Kind, Resource};

/// The subnet names Azure reserves for a service (facts sheet §B.3). The kinds
/// each one takes are those whose placement in the `kinds!` table names it
/// (`sits_in: [Subnet] required in "GatewaySubnet"`); a reserved name no kind
/// names takes nothing of the design.
const RESERVED: &[&str] = &[
    "AzureFirewallSubnet",
    "AzureFirewallManagementSubnet",
    "GatewaySubnet",
    "AzureBastionSubnet",
    "RouteServerSubnet",
];

/// The dedicated subnet a kind needs when it sits in a subnet, if any.
pub fn dedicated_subnet_for(kind: Kind) -> Option<&'static str> {
    kind.placement().subnet
}

/// Whether a subnet name is one Azure reserves for a service (`GatewaySubnet`, …).
pub fn is_dedicated_subnet(name: &str) -> bool {
    RESERVED.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The kinds a reserved subnet takes, in catalogue order.
fn taken_by(name: &str) -> Vec<Kind> {
    Kind::ALL
        .iter()
        .copied()
        .filter(|k| k.placement().subnet.is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .collect()
}

fn article(label: &str) -> String {
    let vowel = label.chars().next().is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {label}", if vowel { "an" } else { "a" })
}

fn kinds_list(kinds: &[Kind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
    match names.as_slice() {
        [] => "nothing".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Whether a resource of `kind` may sit in `parent` (`None`: at the top level).
/// The error says why not and what would work, in the user's words.
pub fn check_placement(design: &Design, kind: Kind, parent: Option<&Id>) -> Result<(), CommandError> {
    let placement = kind.placement();
    let Some(parent_id) = parent else {
        if placement.required {
            return Err(CommandError::Refused(format!(
                "{} must sit inside {}; drop it onto one",
                article(kind.label()),
                article(&kinds_list(placement.parents))
            )));
        }
        return Ok(());
    };
    let parent = design
        .get(parent_id.as_str())
        .ok_or_else(|| CommandError::NotFound(parent_id.clone()))?;
    check_in(kind, parent)
}

fn check_in(kind: Kind, parent: &Resource) -> Result<(), CommandError> {
    let placement = kind.placement();
    if !placement.parents.contains(&parent.kind()) {
        let fix = if placement.parents.is_empty() {
            format!("{} stays at the top level of the canvas", article(kind.label()))
        } else {
            format!("it goes into {}", article(&kinds_list(placement.parents)))
        };
        return Err(CommandError::Refused(format!(
            "{} cannot go into {} `{}`: {fix}",
            article(kind.label()),
            article(parent.kind().label()),
            parent.name()
        )));
    }
    if parent.kind() != Kind::Subnet {
        return Ok(());
    }
    let subnet = parent.name();
    if let Some(name) = RESERVED.iter().find(|n| n.eq_ignore_ascii_case(subnet))
        && let allowed = taken_by(name)
        && !allowed.contains(&kind)
    {
        let only = if allowed.is_empty() {
            "Azure reserves it; nothing of the design goes there".to_owned()
        } else {
            format!("it only takes {}", article(&kinds_list(&allowed)))
        };
        return Err(CommandError::Refused(format!(
            "{} cannot go into {name}: {only}",
            article(kind.label())
        )));
    }
    if let Some(needed) = dedicated_subnet_for(kind)
        && !needed.eq_ignore_ascii_case(subnet)
    {
        return Err(CommandError::Refused(format!(
            "{} only goes into a subnet named {needed}, and `{subnet}` is not one; add or rename a subnet to {needed}",
            article(kind.label())
        )));
    }
    Ok(())
}

/// Whether `id` may move into `new_parent` without becoming its own ancestor.
pub(crate) fn check_no_cycle(design: &Design, id: &Id, new_parent: Option<&Id>) -> Result<(), CommandError> {
    let Some(p) = new_parent else { return Ok(()) };
    if p == id || design.ancestors(p.as_str()).any(|a| a.id == *id) {
        let name = design.get(id.as_str()).map_or(id.as_str(), Resource::name);
        return Err(CommandError::Refused(format!(
            "`{name}` cannot go inside itself or one of its own contents"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dedicated_subnet_of_the_table_is_a_reserved_name() {
        let mut named = 0;
        for kind in Kind::ALL {
            if let Some(subnet) = kind.placement().subnet {
                assert!(
                    is_dedicated_subnet(subnet),
                    "{kind:?}: `{subnet}` is no reserved subnet name"
                );
                assert!(
                    kind.placement().parents.contains(&Kind::Subnet),
                    "{kind:?} cannot sit in a subnet"
                );
                named += 1;
            }
        }
        assert_eq!(named, 4);
        assert_eq!(taken_by("gatewaysubnet"), [Kind::VpnGateway, Kind::ExpressRouteGateway]);
        assert!(taken_by("RouteServerSubnet").is_empty());
    }
}
