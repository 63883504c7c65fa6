//! The design model: a design is a header (name, settings, decisions, accepted
//! lint findings) and a map of resources by id. Each resource is its common
//! `Meta` (name, parent, canvas position) and a kind-specific `Spec`.
//!
//! Relations are explicit fields holding ids (`subnet.route_table`,
//! `node_pool.cluster`, `peering.from`); [`Spec::references`] lists them all so
//! validation, the topology graph and "delete with dependants" share one truth.
//! Hover and selection are UI state and never appear here.

#[macro_use]
mod macros;
pub mod checks;
mod defaults;
mod facts;
mod front_door;
mod kinds;
mod parts;
mod refs;
mod spec_impls;
mod values;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use defaults::{ACME_PRODUCTION, ACME_STAGING};
pub use facts::{AddressDemand, AzureType, ColourFamily, NameScope, PaletteGroup, Placement};
pub use front_door::{FrontDoorLayout, FrontDoorOrigin, FrontDoorOriginGroup, FrontDoorRoute};
pub use kinds::*;
pub use parts::*;
pub(crate) use refs::Slot;
pub use refs::{Arity, Ref, RefField, Relation};
pub use values::*;

use crate::id::Id;
use crate::net::Surge;

/// The design file format this build writes and the newest it reads.
pub const CURRENT_FORMAT: u32 = 1;

/// A canvas position `[x, y]` in canvas units, relative to the parent's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
pub struct Point(pub i32, pub i32);

/// A canvas size `[width, height]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
pub struct Extent(pub u32, pub u32);

/// The fields every resource has.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Meta {
    pub name: String,
    pub parent: Option<Id>,
    pub resource_group: Option<Id>,
    pub notes: Option<String>,
    pub at: Option<Point>,
    pub extent: Option<Extent>,
}

/// One resource of a design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    pub id: Id,
    pub meta: Meta,
    pub spec: Spec,
}

impl Resource {
    pub fn new(id: Id, name: impl Into<String>, parent: Option<Id>, spec: impl Into<Spec>) -> Resource {
        Resource {
            id,
            meta: Meta {
                name: name.into(),
                parent,
                ..Meta::default()
            },
            spec: spec.into(),
        }
    }

    pub fn kind(&self) -> Kind {
        self.spec.kind()
    }

    pub fn name(&self) -> &str {
        &self.meta.name
    }

    pub fn parent(&self) -> Option<&Id> {
        self.meta.parent.as_ref()
    }
}

/// How many surge nodes to plan for when a pool sets no `max_surge`.
///
/// The facts sheet records a CONFLICT (A.1): the AKS upgrade doc says one extra
/// node by default, the API reference says 10%. netdraft sizes for the larger of
/// the two by default (`max-1-or-10-percent`); users who know their platform can
/// pick either documented value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
pub enum SurgeDefault {
    #[default]
    #[serde(rename = "max-1-or-10-percent")]
    MaxOfOneAndTenPercent,
    #[serde(rename = "1")]
    OneNode,
    #[serde(rename = "10%")]
    TenPercent,
}

impl SurgeDefault {
    /// Surge nodes for a pool of `nodes` nodes under this default.
    pub fn nodes_for(self, nodes: u32) -> u32 {
        match self {
            SurgeDefault::MaxOfOneAndTenPercent => 1.max(Surge::Percent(10).nodes_for(nodes)),
            SurgeDefault::OneNode => 1,
            SurgeDefault::TenPercent => Surge::Percent(10).nodes_for(nodes),
        }
    }
}

/// The azurerm provider major version the Terraform export is written for.
///
/// azurerm 5.0 shipped in July 2026 and renamed or made required several
/// arguments netdraft writes (e.g. `node_provisioning_profile` on
/// `azurerm_kubernetes_cluster`, `private_dns_zone_id` on DNS zone links,
/// `service_endpoint` blocks on subnets). New projects start on 5.x, so that
/// is the default; teams that have not upgraded pick 4 (4.81 or later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "u8", into = "u8")]
#[schemars(with = "AzurermMajorSchema")]
pub enum AzurermMajor {
    /// azurerm 4.x (`~> 4.81`).
    V4,
    /// azurerm 5.x (`~> 5.2`).
    #[default]
    V5,
}

/// The file form of [`AzurermMajor`]: `4` or `5`.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct AzurermMajorSchema(#[schemars(range(min = 4, max = 5))] u8);

impl AzurermMajor {
    /// Every supported major, oldest first.
    pub const ALL: [AzurermMajor; 2] = [AzurermMajor::V4, AzurermMajor::V5];

    /// The major version number.
    pub fn number(self) -> u8 {
        match self {
            AzurermMajor::V4 => 4,
            AzurermMajor::V5 => 5,
        }
    }
}

impl TryFrom<u8> for AzurermMajor {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        match n {
            4 => Ok(AzurermMajor::V4),
            5 => Ok(AzurermMajor::V5),
            _ => Err(format!("azurerm {n} is not supported; use 5 (current) or 4")),
        }
    }
}

impl From<AzurermMajor> for u8 {
    fn from(m: AzurermMajor) -> u8 {
        m.number()
    }
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_default_azurerm(m: &AzurermMajor) -> bool {
    *m == AzurermMajor::default()
}

fn default_growth() -> u32 {
    25
}
fn default_pod_subnet_max_pods() -> u32 {
    110
}

/// Design-wide settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Extra room the planner leaves in `auto` subnets, in percent of demand.
    #[serde(default = "default_growth")]
    pub growth_margin_percent: u32,
    /// Surge assumed for pools with no `max_surge` (see the docs: CONFLICT between AKS doc and API).
    #[serde(default)]
    pub surge_default: SurgeDefault,
    /// Default max pods for the Azure CNI pod-subnet models. CONFLICT between two
    /// AKS docs (110 in the IP-planning page of 2026-04, 250 in the dynamic-allocation
    /// page of 2024-07); netdraft follows the newer page, 110.
    #[serde(default = "default_pod_subnet_max_pods")]
    pub pod_subnet_max_pods_default: u32,
    /// Tags applied to every exported resource.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// The azurerm provider major the Terraform export targets: `5` (default) or `4`.
    #[serde(default, skip_serializing_if = "is_default_azurerm")]
    pub azurerm: AzurermMajor,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            growth_margin_percent: default_growth(),
            surge_default: SurgeDefault::default(),
            pod_subnet_max_pods_default: default_pod_subnet_max_pods(),
            tags: BTreeMap::new(),
            azurerm: AzurermMajor::default(),
        }
    }
}

impl Settings {
    pub fn is_default(&self) -> bool {
        *self == Settings::default()
    }
}

/// A lint finding the design accepts on purpose, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Rule id, e.g. `ND012`.
    pub rule: String,
    /// Why the design keeps it.
    pub reason: String,
    /// Only for these resources; empty: the whole design.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Id>,
}

/// A design decision, for the design record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub title: String,
    pub decision: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Everything in a design that is not a resource.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Header {
    pub format: u32,
    pub name: String,
    pub description: String,
    pub settings: Settings,
    pub accept: Vec<Acceptance>,
    pub decision: Vec<Decision>,
}

/// A whole design, in memory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Design {
    pub name: String,
    pub description: String,
    pub settings: Settings,
    pub accept: Vec<Acceptance>,
    pub decisions: Vec<Decision>,
    resources: BTreeMap<Id, Resource>,
}

/// Returned when inserting a resource whose id is taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a resource with id `{0}` already exists; pick another id")]
pub struct DuplicateId(pub Id);

impl Design {
    pub fn new(name: impl Into<String>) -> Design {
        Design {
            name: name.into(),
            ..Design::default()
        }
    }

    /// All resources, ordered by id.
    pub fn resources(&self) -> impl ExactSizeIterator<Item = &Resource> + Clone {
        self.resources.values()
    }

    /// Resources of one kind, ordered by id.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Resource> + Clone {
        self.resources.values().filter(move |r| r.kind() == kind)
    }

    pub fn get(&self, id: &str) -> Option<&Resource> {
        self.resources.get(id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Resource> {
        self.resources.get_mut(id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.resources.contains_key(id)
    }

    pub fn len(&self) -> usize {
        self.resources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// Adds a resource; fails if the id is taken.
    pub fn insert(&mut self, resource: Resource) -> Result<(), DuplicateId> {
        if self.resources.contains_key(&resource.id) {
            return Err(DuplicateId(resource.id));
        }
        self.resources.insert(resource.id.clone(), resource);
        Ok(())
    }

    /// Removes one resource (not its dependants) and returns it.
    pub fn remove(&mut self, id: &str) -> Option<Resource> {
        self.resources.remove(id)
    }

    /// An id not used yet, derived from `base` (`base`, `base-2`, `base-3`, …).
    pub fn fresh_id(&self, base: &str) -> Id {
        let base = Id::slug(base);
        if !self.contains(base.as_str()) {
            return base;
        }
        // Leave room for the suffix so truncation to 64 characters cannot make
        // two candidates equal; one of len + 1 candidates is always free.
        let stem: String = base.as_str().chars().take(54).collect();
        (2..=self.resources.len() + 2)
            .map(|n| Id::slug(&format!("{stem}-{n}")))
            .find(|id| !self.contains(id.as_str()))
            .unwrap_or(base)
    }

    /// The resource's parent chain, nearest first (stops at a missing parent).
    pub fn ancestors<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Resource> + 'a {
        let mut next = self.get(id).and_then(|r| r.meta.parent.clone());
        let mut guard = self.resources.len();
        std::iter::from_fn(move || {
            let parent = self.get(next.take()?.as_str())?;
            guard = guard.checked_sub(1)?;
            next.clone_from(&parent.meta.parent);
            Some(parent)
        })
    }

    /// The nearest ancestor of the given kind (or the resource itself).
    pub fn enclosing(&self, id: &str, kind: Kind) -> Option<&Resource> {
        let me = self.get(id)?;
        if me.kind() == kind {
            return Some(me);
        }
        self.ancestors(id).find(|r| r.kind() == kind)
    }

    /// Direct children, ordered by id.
    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources
            .values()
            .filter(move |r| r.meta.parent.as_ref().is_some_and(|p| p.as_str() == id))
    }

    pub(crate) fn from_parts(header: Header, resources: Vec<(Id, Meta, Spec)>) -> Design {
        Design {
            name: header.name,
            description: header.description,
            settings: header.settings,
            accept: header.accept,
            decisions: header.decision,
            resources: resources
                .into_iter()
                .map(|(id, meta, spec)| (id.clone(), Resource { id, meta, spec }))
                .collect(),
        }
    }

    pub(crate) fn to_file(&self) -> DesignFile {
        let header = Header {
            format: CURRENT_FORMAT,
            name: self.name.clone(),
            description: self.description.clone(),
            settings: self.settings.clone(),
            accept: self.accept.clone(),
            decision: self.decisions.clone(),
        };
        DesignFile::from_parts(
            header,
            self.resources
                .values()
                .map(|r| (r.id.clone(), r.meta.clone(), r.spec.clone())),
        )
    }
}

/// Typed accessors: `design.spec::<Subnet>(id)`; the `kinds!` table implements it for every spec.
pub trait SpecOf: Sized {
    fn from_spec(spec: &Spec) -> Option<&Self>;
}

impl Resource {
    /// The spec as a concrete kind, if it is one.
    pub fn as_spec<T: SpecOf>(&self) -> Option<&T> {
        T::from_spec(&self.spec)
    }
}

impl Design {
    /// Resources of kind `T` with their specs, ordered by id.
    pub fn all<'a, T: SpecOf + 'a>(&'a self) -> impl Iterator<Item = (&'a Resource, &'a T)> + Clone {
        self.resources
            .values()
            .filter_map(|r| T::from_spec(&r.spec).map(|s| (r, s)))
    }

    /// One resource's spec as kind `T`.
    pub fn spec<'a, T: SpecOf + 'a>(&'a self, id: &str) -> Option<&'a T> {
        self.get(id).and_then(Resource::as_spec)
    }
}

#[cfg(test)]
mod table_tests;
