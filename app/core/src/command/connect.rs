//! The connection tool's policy: what drawing a line from one resource to
//! another means (a peering between VNets, a default route to a firewall, an
//! origin of a Front Door, the target of a private endpoint…). Apart from the
//! peering, the rules are the reference fields of the `kinds!` table: a line
//! sets the first field of either end that allows the other end's kind
//! ([`crate::model::RefField::connects`]).

use super::{Command, CommandError, starter};
use crate::id::Id;
use crate::model::{Design, Kind, Resource};

/// Points `holder` at `target` if one of its reference fields connects to
/// the target's kind (the `kinds!` table's annotations; the first such field
/// in declaration order). `None`: no field does; `Some(false)`: already connected.
fn link(holder: &mut Resource, target: &Resource) -> Option<bool> {
    holder.spec.link(target.kind(), &target.id)
}

/// What connecting `from` to `to` does, as a command. Tries the direction
/// drawn first, then the reverse (a line from a firewall to a route table means
/// the same as the other way round).
pub fn connect(design: &Design, from: &Id, to: &Id) -> Result<Command, CommandError> {
    let a = design
        .get(from.as_str())
        .ok_or_else(|| CommandError::NotFound(from.clone()))?;
    let b = design
        .get(to.as_str())
        .ok_or_else(|| CommandError::NotFound(to.clone()))?;
    if a.id == b.id {
        return Err(CommandError::Nothing("a resource cannot be connected to itself"));
    }
    if a.kind() == Kind::VirtualNetwork && b.kind() == Kind::VirtualNetwork {
        let exists = design
            .all::<crate::model::VnetPeering>()
            .any(|(_, p)| (p.from == a.id && p.to == b.id) || (p.from == b.id && p.to == a.id));
        if exists {
            return Err(CommandError::Nothing("these VNets are already peered"));
        }
        return Ok(Command::Add(starter::peering(design, &a.id, &b.id)));
    }
    for (holder, target) in [(a, b), (b, a)] {
        let mut edited = holder.clone();
        match link(&mut edited, target) {
            Some(true) => return Ok(Command::Update(edited)),
            Some(false) => return Err(CommandError::Nothing("these resources are already connected")),
            None => {}
        }
    }
    Err(CommandError::Refused(format!(
        "nothing connects {} to {}; connections are peerings between VNets, subnet associations \
         (route table, NSG, NAT gateway), routes to a firewall, front ends to their origins or backends, \
         private endpoints to their targets and DNS zones, and pools or services to their cluster",
        a.kind().label(),
        b.kind().label()
    )))
}
