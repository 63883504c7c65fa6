//! Every edit of a design is a [`Command`], and [`apply`] is the one place
//! edits happen. The GUI's canvas, palette and inspector only produce commands;
//! undo, dirty tracking and tests hang off this function.
//!
//! `apply` checks before it changes anything: on error the design is untouched
//! and the error says why in the user's words ("an Azure Firewall only goes
//! into a subnet named AzureFirewallSubnet…").
//!
//! - [`check_placement`]: the containment policy for drops and re-parents.
//! - [`starter`]: a new resource of a kind, with defaults, a fresh id and name.
//! - [`create`]: what a palette drop does (with the dedicated subnet a firewall,
//!   gateway or Bastion needs, when dropped onto their VNet).
//! - [`connect`]: the connection tool's policy (peering, route, origin, target…).
//! - [`plan_delete`]: what a delete takes with it, to show before deleting.

mod connect;
mod names;
mod policy;
mod slots;
mod starter;

use std::collections::{BTreeMap, BTreeSet};

pub use connect::connect;
pub use policy::{check_placement, dedicated_subnet_for, is_dedicated_subnet};
pub use starter::{create, default_route_to, free_vnet_space, peering, starter};

use crate::id::Id;
use crate::model::{Design, Extent, Point, Resource, Settings};
use crate::topology::Topology;

/// One edit of a design.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Adds a resource (its id must be free; placement and references are checked).
    Add(Resource),
    /// Deletes resources and everything that cannot exist without them
    /// (contents, pools of a deleted cluster, peerings of a deleted VNet);
    /// optional references to them are cleared. See [`plan_delete`].
    Delete(Vec<Id>),
    /// Sets canvas positions (relative to each parent; `None` hands the resource
    /// back to the automatic layout). A whole drag is one command.
    Move(Vec<(Id, Option<Point>)>),
    /// Sets or clears a container's canvas size.
    Resize { id: Id, extent: Option<Extent> },
    /// Moves a resource into another container (or to the top level), at a position in it.
    Reparent {
        id: Id,
        parent: Option<Id>,
        at: Option<Point>,
    },
    /// Replaces a resource with an edited copy (same id and kind): inspector edits.
    Update(Resource),
    /// Renames a resource (the Azure name; the id stays).
    Rename { id: Id, name: String },
    /// Replaces the design-wide settings.
    SetSettings(Settings),
    /// Sets the design's title and description.
    SetInfo { name: String, description: String },
    /// Adds copies of resources with fresh ids; references inside the batch
    /// follow the copies; top-level items with a position are shifted by `offset`.
    Paste { resources: Vec<Resource>, offset: Point },
}

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applied {
    /// One line for the status bar and the undo history ("Deleted vnet-hub and 4 more").
    pub summary: String,
    /// Resources created (to select after an add or a paste).
    pub created: Vec<Id>,
    /// Resources removed.
    pub removed: Vec<Id>,
}

/// Why a command was refused. The design is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("`{0}` is not in the design (it may have just been deleted)")]
    NotFound(Id),
    #[error("a resource with id `{0}` already exists; pick another id")]
    DuplicateId(Id),
    #[error("{0}")]
    Refused(String),
    #[error("nothing to do: {0}")]
    Nothing(&'static str),
}

/// What deleting a set of resources does, before it is done.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeletePlan {
    /// Every resource removed: the ones asked for and their dependants, sorted.
    pub removed: Vec<Id>,
    /// Resources that stay but lose a reference to a removed one.
    pub detached: Vec<Id>,
}

/// Works out what deleting `ids` removes and which references it clears.
///
/// [`Topology::dependants`] lists the candidates (contents and referrers);
/// contents are removed, referrers are removed only when the reference is
/// required (a pool's cluster, a peering's VNets), otherwise they are detached.
pub fn plan_delete(design: &Design, ids: &[Id]) -> Result<DeletePlan, CommandError> {
    if ids.is_empty() {
        return Err(CommandError::Nothing("select something to delete first"));
    }
    for id in ids {
        if !design.contains(id.as_str()) {
            return Err(CommandError::NotFound(id.clone()));
        }
    }
    let topology = Topology::build(design);
    let mut removed: BTreeSet<Id> = ids.iter().cloned().collect();
    loop {
        let mut grew = false;
        let current: Vec<Id> = removed.iter().cloned().collect();
        for id in &current {
            for dep in topology.dependants(id.as_str()) {
                if removed.contains(dep) {
                    continue;
                }
                let inside = design.ancestors(dep.as_str()).any(|a| removed.contains(&a.id));
                if inside || needs_any(design, dep, &removed) {
                    removed.insert(dep.clone());
                    grew = true;
                }
            }
        }
        if !grew {
            break;
        }
    }
    let detached = design
        .resources()
        .filter(|r| !removed.contains(&r.id))
        .filter(|r| {
            r.meta.resource_group.as_ref().is_some_and(|g| removed.contains(g))
                || r.spec.references().iter().any(|x| removed.contains(x.target))
        })
        .map(|r| r.id.clone())
        .collect();
    Ok(DeletePlan {
        removed: removed.into_iter().collect(),
        detached,
    })
}

/// Whether `id` holds a required reference to one of `gone`.
fn needs_any(design: &Design, id: &Id, gone: &BTreeSet<Id>) -> bool {
    let Some(r) = design.get(id.as_str()) else {
        return false;
    };
    let mut spec = r.spec.clone();
    slots::slots(&mut spec)
        .iter_mut()
        .any(|s| s.clear(&|t| gone.contains(t)).is_err())
}

fn get<'a>(design: &'a Design, id: &Id) -> Result<&'a Resource, CommandError> {
    design
        .get(id.as_str())
        .ok_or_else(|| CommandError::NotFound(id.clone()))
}

fn name_of(design: &Design, id: &Id) -> String {
    design
        .get(id.as_str())
        .map_or_else(|| id.to_string(), |r| r.name().to_owned())
}

fn check_name(name: &str) -> Result<String, CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CommandError::Refused(
            "a name cannot be empty; Azure needs one for every resource".to_owned(),
        ));
    }
    Ok(name.to_owned())
}

/// Checks every reference of `r` (and its resource group) points at an existing
/// resource of an allowed kind. `extra` holds resources being added alongside.
fn check_references(design: &Design, r: &Resource, extra: &BTreeMap<Id, &Resource>) -> Result<(), CommandError> {
    let lookup = |id: &Id| extra.get(id).copied().or_else(|| design.get(id.as_str()));
    for reference in r.spec.references() {
        match lookup(reference.target) {
            None => {
                return Err(CommandError::Refused(format!(
                    "`{}` ({}) points at `{}`, which is not in the design",
                    r.name(),
                    reference.field,
                    reference.target
                )));
            }
            Some(t) if !reference.allowed.contains(&t.kind()) => {
                return Err(CommandError::Refused(format!(
                    "`{}` ({}) cannot point at `{}`: it is a {}, and this field takes {}",
                    r.name(),
                    reference.field,
                    t.name(),
                    t.kind().label(),
                    reference
                        .allowed
                        .iter()
                        .map(|k| k.label())
                        .collect::<Vec<_>>()
                        .join(" or ")
                )));
            }
            Some(_) => {}
        }
    }
    if let Some(rg) = &r.meta.resource_group
        && lookup(rg).is_none_or(|g| g.kind() != crate::model::Kind::ResourceGroup)
    {
        return Err(CommandError::Refused(format!(
            "`{}` names resource group `{rg}`, which is not a resource group of the design",
            r.name()
        )));
    }
    Ok(())
}

/// Applies one command: the single place a design changes.
pub fn apply(design: &mut Design, cmd: Command) -> Result<Applied, CommandError> {
    match cmd {
        Command::Add(r) => add(design, r),
        Command::Delete(ids) => delete(design, &ids),
        Command::Move(moves) => move_to(design, moves),
        Command::Resize { id, extent } => {
            get(design, &id)?;
            if let Some(r) = design.get_mut(id.as_str()) {
                r.meta.extent = extent;
            }
            Ok(Applied {
                summary: format!("Resized {}", name_of(design, &id)),
                ..Applied::default()
            })
        }
        Command::Reparent { id, parent, at } => reparent(design, &id, parent, at),
        Command::Update(r) => update(design, r),
        Command::Rename { id, name } => {
            get(design, &id)?;
            let name = check_name(&name)?;
            let old = name_of(design, &id);
            if let Some(r) = design.get_mut(id.as_str()) {
                r.meta.name.clone_from(&name);
            }
            Ok(Applied {
                summary: format!("Renamed {old} to {name}"),
                ..Applied::default()
            })
        }
        Command::SetSettings(settings) => {
            design.settings = settings;
            Ok(Applied {
                summary: "Changed the design settings".to_owned(),
                ..Applied::default()
            })
        }
        Command::SetInfo { name, description } => {
            design.name = name;
            design.description = description;
            Ok(Applied {
                summary: "Changed the design's title".to_owned(),
                ..Applied::default()
            })
        }
        Command::Paste { resources, offset } => paste(design, resources, offset),
    }
}

fn add(design: &mut Design, mut r: Resource) -> Result<Applied, CommandError> {
    if design.contains(r.id.as_str()) {
        return Err(CommandError::DuplicateId(r.id));
    }
    r.meta.name = check_name(&r.meta.name)?;
    check_placement(design, r.kind(), r.meta.parent.as_ref())?;
    check_references(design, &r, &BTreeMap::new())?;
    let summary = format!("Added {} {}", r.kind().label(), r.name());
    let id = r.id.clone();
    design.insert(r).map_err(|e| CommandError::DuplicateId(e.0))?;
    Ok(Applied {
        summary,
        created: vec![id],
        removed: Vec::new(),
    })
}

fn delete(design: &mut Design, ids: &[Id]) -> Result<Applied, CommandError> {
    let plan = plan_delete(design, ids)?;
    let gone: BTreeSet<Id> = plan.removed.iter().cloned().collect();
    for id in &plan.detached {
        if let Some(r) = design.get_mut(id.as_str()) {
            if r.meta.resource_group.as_ref().is_some_and(|g| gone.contains(g)) {
                r.meta.resource_group = None;
            }
            for mut slot in slots::slots(&mut r.spec) {
                // Required references to removed resources made the holder removed too.
                let _cleared = slot.clear(&|t| gone.contains(t));
            }
        }
    }
    let first = ids.first().map(|id| name_of(design, id)).unwrap_or_default();
    for id in &plan.removed {
        design.remove(id.as_str());
    }
    let summary = match plan.removed.len() {
        1 => format!("Deleted {first}"),
        n => format!("Deleted {first} and {} more", n - 1),
    };
    Ok(Applied {
        summary,
        created: Vec::new(),
        removed: plan.removed,
    })
}

fn move_to(design: &mut Design, moves: Vec<(Id, Option<Point>)>) -> Result<Applied, CommandError> {
    if moves.is_empty() {
        return Err(CommandError::Nothing("nothing was moved"));
    }
    for (id, _) in &moves {
        get(design, id)?;
    }
    let summary = match moves.as_slice() {
        [(id, _)] => format!("Moved {}", name_of(design, id)),
        many => format!("Moved {} resources", many.len()),
    };
    for (id, at) in moves {
        if let Some(r) = design.get_mut(id.as_str()) {
            r.meta.at = at;
        }
    }
    Ok(Applied {
        summary,
        ..Applied::default()
    })
}

fn reparent(design: &mut Design, id: &Id, parent: Option<Id>, at: Option<Point>) -> Result<Applied, CommandError> {
    let kind = get(design, id)?.kind();
    policy::check_no_cycle(design, id, parent.as_ref())?;
    check_placement(design, kind, parent.as_ref())?;
    let target = parent
        .as_ref()
        .map_or_else(|| "the canvas".to_owned(), |p| name_of(design, p));
    let summary = format!("Moved {} into {target}", name_of(design, id));
    if let Some(r) = design.get_mut(id.as_str()) {
        r.meta.parent = parent;
        r.meta.at = at;
    }
    Ok(Applied {
        summary,
        ..Applied::default()
    })
}

fn update(design: &mut Design, mut r: Resource) -> Result<Applied, CommandError> {
    let old = get(design, &r.id)?;
    if old.kind() != r.kind() {
        return Err(CommandError::Refused(format!(
            "`{}` is a {}; it cannot become a {} (delete it and add a new one)",
            old.name(),
            old.kind().label(),
            r.kind().label()
        )));
    }
    if old == &r {
        return Err(CommandError::Nothing("the resource is unchanged"));
    }
    r.meta.name = check_name(&r.meta.name)?;
    if old.meta.parent != r.meta.parent {
        policy::check_no_cycle(design, &r.id, r.meta.parent.as_ref())?;
        check_placement(design, r.kind(), r.meta.parent.as_ref())?;
    }
    check_references(design, &r, &BTreeMap::new())?;
    let summary = format!("Edited {}", r.name());
    if let Some(slot) = design.get_mut(r.id.as_str()) {
        *slot = r;
    }
    Ok(Applied {
        summary,
        ..Applied::default()
    })
}

fn paste(design: &mut Design, resources: Vec<Resource>, offset: Point) -> Result<Applied, CommandError> {
    if resources.is_empty() {
        return Err(CommandError::Nothing("the clipboard holds no resources"));
    }
    // Fresh ids, unique against the design and against each other.
    let mut scratch = design.clone();
    let mut map: BTreeMap<Id, Id> = BTreeMap::new();
    for r in &resources {
        let fresh = scratch.fresh_id(r.id.as_str());
        // Reserve the id so the next copy gets another one.
        let _ = scratch.insert(Resource::new(
            fresh.clone(),
            "",
            None,
            crate::model::ResourceGroup::default(),
        ));
        map.insert(r.id.clone(), fresh);
    }
    let mut copies = Vec::with_capacity(resources.len());
    for mut r in resources {
        let top_level = r.meta.parent.as_ref().is_none_or(|p| !map.contains_key(p));
        r.id = map[&r.id].clone();
        if let Some(p) = &r.meta.parent {
            r.meta.parent = Some(map.get(p).cloned().unwrap_or_else(|| p.clone()));
        }
        if let Some(g) = &r.meta.resource_group {
            r.meta.resource_group = Some(map.get(g).cloned().unwrap_or_else(|| g.clone()));
        }
        for mut slot in slots::slots(&mut r.spec) {
            slot.remap(&mut |id| map.get(id).cloned().unwrap_or_else(|| id.clone()));
        }
        if top_level && let Some(at) = r.meta.at {
            r.meta.at = Some(Point(at.0 + offset.0, at.1 + offset.1));
        }
        copies.push(r);
    }
    // Optional references to resources that are not here (pasting into another
    // design) are dropped; required ones refuse the paste.
    let batch: BTreeSet<Id> = copies.iter().map(|r| r.id.clone()).collect();
    for r in &mut copies {
        let missing = |id: &Id| !batch.contains(id) && !design.contains(id.as_str());
        for mut slot in slots::slots(&mut r.spec) {
            if slot.clear(&missing).is_err() {
                return Err(CommandError::Refused(format!(
                    "`{}` needs a resource that is neither copied nor in this design; copy it together with what it belongs to",
                    r.name()
                )));
            }
        }
        if r.meta.resource_group.as_ref().is_some_and(missing) {
            r.meta.resource_group = None;
        }
        if r.meta.parent.as_ref().is_some_and(missing) {
            r.meta.parent = None;
        }
    }
    unique_names(design, &mut copies);
    let extra: BTreeMap<Id, &Resource> = copies.iter().map(|r| (r.id.clone(), r)).collect();
    for r in &copies {
        match &r.meta.parent {
            Some(p) if extra.contains_key(p) => {
                if !r.kind().placement().parents.contains(&extra[p].kind()) {
                    check_placement(design, r.kind(), None)?;
                }
            }
            parent => check_placement(design, r.kind(), parent.as_ref())?,
        }
        check_references(design, r, &extra)?;
    }
    let created: Vec<Id> = copies.iter().map(|r| r.id.clone()).collect();
    let summary = match copies.as_slice() {
        [one] => format!("Pasted {}", one.name()),
        many => format!("Pasted {} resources", many.len()),
    };
    for r in copies {
        design.insert(r).map_err(|e| CommandError::DuplicateId(e.0))?;
    }
    Ok(Applied {
        summary,
        created,
        removed: Vec::new(),
    })
}

/// Gives each copy the next free Azure name in its scope (`rt-1` → `rt-2`),
/// so a paste or duplicate never makes two resources Azure would confuse.
fn unique_names(design: &Design, copies: &mut [Resource]) {
    let mut taken: BTreeSet<(names::Scope, String)> = design
        .resources()
        .map(|r| {
            let lookup = |id: &Id| design.get(id.as_str());
            (names::scope_of(r, &lookup), r.name().to_ascii_lowercase())
        })
        .collect();
    for i in 0..copies.len() {
        let scope = {
            let batch: &[Resource] = copies;
            let lookup = |id: &Id| batch.iter().find(|c| c.id == *id).or_else(|| design.get(id.as_str()));
            names::scope_of(&batch[i], &lookup)
        };
        let name = names::next_free(&taken, &scope, copies[i].name());
        taken.insert((scope, name.to_ascii_lowercase()));
        copies[i].meta.name = name;
    }
}

#[cfg(test)]
mod tests;
