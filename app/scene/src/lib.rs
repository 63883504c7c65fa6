//! # netdraft-scene
//!
//! A design laid out as a diagram: absolute rectangles for every resource,
//! containment drawn as nesting (region → VNet → subnet → what runs in it),
//! references and peerings as edges. The scene carries *roles* (a hub VNet, a
//! dedicated subnet, a leaf of some kind), never colours or fonts: the GUI
//! canvas and the SVG/PNG exporter each style roles their own way.
//!
//! - [`layout`]: design → [`Scene`]. Deterministic; stored positions (`at`,
//!   `extent`, relative to the parent) win, the rest is placed automatically:
//!   global services on top, on-premises beside the hub, hubs left of their
//!   spokes, subnets in a grid, leaves as icon tiles.
//! - [`Scene`]: the laid-out nodes and edges, with hit testing for the canvas.
//! - [`settle`]: after an edit, the stored positions that push overlapping
//!   siblings aside and put newcomers into free space (applied as a command).
//! - [`icons`]: the kind icons both drawers use; [`colours`]: the colours
//!   of kinds and roles both drawers use.
//!
//! No GUI toolkit here: the crate depends on the core model only.

pub mod colours;
mod geometry;
pub mod icons;
mod layout;
mod settle;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

pub use geometry::{Pos, Rect, Size};
pub use layout::{HEADER, PAD, STRIP_HEADER, TILE, layout, text};
pub use settle::{overlaps, settle};

use netdraft_core::model::{Kind, Relation};
use netdraft_core::{Id, Severity};

/// How a node is drawn: what it is, not what colour it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Region,
    ResourceGroup,
    /// A hub VNet (role `hub`).
    HubVnet,
    /// Any other VNet.
    Vnet,
    Subnet,
    /// An Azure-reserved subnet (AzureFirewallSubnet, GatewaySubnet, …).
    DedicatedSubnet,
    /// Any other kind drawn as a container (an AKS cluster holding its
    /// issuers, a virtual hub its firewall and gateways): captioned with its
    /// label and drawn in its kind's colour, so a kind that may hold others
    /// needs nothing of its own here.
    Container(Kind),
    /// An icon tile for a resource of this kind.
    Leaf(Kind),
}

impl Role {
    /// Whether nodes of this role hold other nodes.
    pub fn is_container(self) -> bool {
        !matches!(self, Role::Leaf(_))
    }

    /// The small caption a container shows in its corner (empty for tiles),
    /// the same on the canvas and in the picture export.
    pub fn caption(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            Role::Region => "REGION",
            Role::ResourceGroup => "RESOURCE GROUP",
            Role::HubVnet => "HUB VNET",
            Role::Vnet => "VNET",
            Role::Subnet => "SUBNET",
            Role::DedicatedSubnet => "AZURE SUBNET",
            Role::Container(kind) => return std::borrow::Cow::Owned(kind.label().to_uppercase()),
            Role::Leaf(_) => "",
        })
    }
}

/// A fill gauge shown on a node (a subnet's address utilisation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Meter {
    /// 0.0-1.0 (values above 1 mean over capacity).
    pub fraction: f32,
}

/// A marker for findings on a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Badge {
    pub severity: Severity,
    pub count: u32,
}

/// One laid-out resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: Id,
    pub kind: Kind,
    pub role: Role,
    /// Absolute canvas rectangle.
    pub rect: Rect,
    /// The resource's name.
    pub label: String,
    /// A second line: a prefix, an address space, a SKU.
    pub detail: String,
    /// Index of the parent node, if drawn inside one.
    pub parent: Option<usize>,
    /// Nesting depth (0 at the top level).
    pub depth: u32,
    /// Whether the position came from the design (`at`) rather than the automatic layout.
    pub pinned: bool,
    pub meter: Option<Meter>,
    pub badge: Option<Badge>,
    /// Labelled bands inside this container grouping some of its contents
    /// (a VNet's resources outside subnets, a region's shared services).
    pub strips: Vec<Strip>,
}

/// A labelled band grouping leaves that belong to a container but to none of
/// its children: drawn behind them, never selected or dropped onto.
#[derive(Debug, Clone, PartialEq)]
pub struct Strip {
    /// Absolute canvas rectangle (relative to the container while laying out).
    pub rect: Rect,
    pub title: String,
}

/// One line between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Node indices.
    pub from: usize,
    pub to: usize,
    pub relation: Relation,
    /// The resource the edge *is*, when it is one (a peering).
    pub resource: Option<Id>,
}

/// A laid-out design.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    /// Parents before their children, so drawing in order nests correctly.
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Strips at the top level (inside no container).
    pub strips: Vec<Strip>,
    /// The rectangle holding every node.
    pub bounds: Rect,
    index: HashMap<Id, usize>,
}

impl Scene {
    /// The node of a resource.
    pub fn get(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|i| &self.nodes[*i])
    }

    /// The node index of a resource.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Mutable access to a node (the GUI adds meters and badges).
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Node> {
        self.index.get(id).map(|i| &mut self.nodes[*i])
    }

    /// Shows the plan on the subnets: a utilisation meter on each, and the
    /// allocated prefix on those the planner placed. The canvas and the
    /// picture export both draw the scene this way.
    pub fn show_plan(&mut self, plan: &netdraft_core::plan::Plan) {
        for s in plan.vnets.iter().flat_map(|v| &v.subnets) {
            if let Some(node) = self.get_mut(s.id.as_str()) {
                // The planner reports percent; the meter takes a fraction.
                node.meter = Some(Meter {
                    fraction: (s.utilisation / 100.0) as f32,
                });
                if s.auto
                    && let Some(p) = s.prefix
                {
                    node.detail = format!("auto: {p}");
                }
            }
        }
    }

    /// Removes every finding badge (before counting a new set of findings).
    pub fn clear_findings(&mut self) {
        for node in &mut self.nodes {
            node.badge = None;
        }
    }

    /// Counts one open finding on a resource's badge, which shows the worst
    /// severity and how many findings there are.
    pub fn add_finding(&mut self, resource: &str, severity: Severity) {
        if let Some(node) = self.get_mut(resource) {
            let count = node.badge.map_or(0, |b| b.count) + 1;
            let severity = node.badge.map_or(severity, |b| b.severity.min(severity));
            node.badge = Some(Badge { severity, count });
        }
    }

    /// The deepest node under a point.
    pub fn hit(&self, p: Pos) -> Option<&Node> {
        self.nodes.iter().rev().find(|n| n.rect.contains(p))
    }

    /// Whether node `i` is `ancestor` or inside it.
    pub fn is_within(&self, mut i: usize, ancestor: usize) -> bool {
        loop {
            if i == ancestor {
                return true;
            }
            match self.nodes[i].parent {
                Some(p) => i = p,
                None => return false,
            }
        }
    }

    /// The deepest container under a point, skipping `moving` nodes and their contents.
    pub fn container_at(&self, p: Pos, moving: &[usize]) -> Option<&Node> {
        self.nodes.iter().enumerate().rev().find_map(|(i, n)| {
            let skipped = moving.iter().any(|m| self.is_within(i, *m));
            (n.role.is_container() && !skipped && n.rect.contains(p)).then_some(n)
        })
    }

    /// Nodes whose rectangle intersects `area` (for rubber-band selection and culling).
    pub fn within(&self, area: Rect) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(move |n| n.rect.intersects(area))
    }

    /// The rectangle holding the given resources (for "frame selection").
    pub fn bounds_of<'a>(&self, ids: impl IntoIterator<Item = &'a Id>) -> Option<Rect> {
        ids.into_iter()
            .filter_map(|id| self.get(id.as_str()))
            .map(|n| n.rect)
            .reduce(Rect::union)
    }

    pub(crate) fn push(&mut self, node: Node) -> usize {
        let i = self.nodes.len();
        self.index.insert(node.id.clone(), i);
        self.nodes.push(node);
        i
    }
}
