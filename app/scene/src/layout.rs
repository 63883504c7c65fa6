//! The automatic layout: measure every container bottom-up from its contents,
//! then place everything top-down.
//!
//! Arrangement, per container:
//! - top level: global services (Front Door, Traffic Manager) in a row on top;
//!   below, on-premises networks, then hub VNets, then spokes in columns no
//!   taller than the hub, then regions and other containers; loose leaves last.
//! - region / resource group: the same hub-and-spoke arrangement without the globals.
//! - VNet: subnets in a grid, then the VNet's own leaves (route tables, NSGs…).
//! - subnet or cluster: its resources as tiles, three to a row.
//!
//! A stored `at` (relative to the parent's top-left corner) pins a node; a
//! stored `extent` sets a container's size (never smaller than its contents).

use std::collections::{BTreeMap, BTreeSet};

use netdraft_core::Id;
use netdraft_core::command::is_dedicated_subnet;
use netdraft_core::model::{
    AppGateway, Design, Firewall, Kind, NodePool, Region, Relation, Resource, Spec, Subnet, SubnetPrefix,
    VirtualNetwork, VnetRole,
};

use crate::{Edge, Node, Pos, Rect, Role, Scene, Size};

/// Size of a leaf tile.
pub const TILE: Size = Size::new(152.0, 48.0);
/// Height of a container's title band.
pub const HEADER: f32 = 42.0;
/// Padding inside containers and the gap between siblings.
pub const PAD: f32 = 16.0;
/// Smallest container: room for a title and a prefix.
const MIN_CONTAINER: Size = Size::new(TILE.w + 4.0 * PAD, HEADER + 2.0 * PAD);

/// A measured subtree: its size and its children at positions relative to its top-left corner.
struct Boxed<'d> {
    resource: &'d Resource,
    role: Role,
    size: Size,
    pinned: bool,
    children: Vec<(Pos, Boxed<'d>)>,
}

/// Lays a design out. Deterministic: the same design gives the same scene.
pub fn layout(design: &Design) -> Scene {
    let mut kids: BTreeMap<&str, Vec<&Resource>> = BTreeMap::new();
    let mut roots = Vec::new();
    for r in design.resources() {
        if r.kind() == Kind::VnetPeering {
            continue;
        }
        match r.parent().filter(|p| design.contains(p.as_str())) {
            Some(p) => kids.entry(p.as_str()).or_default().push(r),
            None => roots.push(r),
        }
    }
    for list in kids.values_mut() {
        list.sort_by_key(|r| (r.kind(), r.id.clone()));
    }
    let mut m = Measure {
        design,
        kids: &kids,
        seen: BTreeSet::new(),
    };
    let mut top: Vec<Boxed<'_>> = roots.iter().filter_map(|r| m.measure(r, 0)).collect();
    // Resources caught in a parent cycle are reached from nowhere: lay them out at the top level.
    let stray: Vec<&Resource> = design
        .resources()
        .filter(|r| r.kind() != Kind::VnetPeering && !m.seen.contains(r.id.as_str()))
        .collect();
    for r in stray {
        if let Some(b) = m.measure(r, 0) {
            top.push(b);
        }
    }
    let (free, fixed): (Vec<_>, Vec<_>) = top.into_iter().partition(|b| b.resource.meta.at.is_none());
    let mut placed = arrange(design, free, Pos::new(0.0, 0.0), Arrangement::TopLevel);
    for b in fixed {
        let at = b.resource.meta.at.unwrap_or_default();
        placed.items.push((Pos::new(at.0 as f32, at.1 as f32), b));
    }

    let mut scene = Scene::default();
    for (pos, b) in placed.items {
        emit(&mut scene, design, b, pos, None, 0);
    }
    scene.bounds = scene
        .nodes
        .iter()
        .map(|n| n.rect)
        .reduce(Rect::union)
        .unwrap_or_default();
    add_edges(&mut scene, design);
    scene
}

struct Measure<'d, 'k> {
    design: &'d Design,
    kids: &'k BTreeMap<&'d str, Vec<&'d Resource>>,
    seen: BTreeSet<&'d str>,
}

impl<'d> Measure<'d, '_> {
    fn measure(&mut self, r: &'d Resource, depth: u32) -> Option<Boxed<'d>> {
        if !self.seen.insert(r.id.as_str()) || depth > 32 {
            return None;
        }
        let children: Vec<Boxed<'d>> = self
            .kids
            .get(r.id.as_str())
            .map(|list| list.iter().filter_map(|c| self.measure(c, depth + 1)).collect())
            .unwrap_or_default();
        let role = role_of(r, !children.is_empty());
        let pinned = r.meta.at.is_some();
        if !role.is_container() {
            return Some(Boxed {
                resource: r,
                role,
                size: TILE,
                pinned,
                children: Vec::new(),
            });
        }
        let (free, fixed): (Vec<_>, Vec<_>) = children.into_iter().partition(|c| c.resource.meta.at.is_none());
        let arrangement = match r.kind() {
            Kind::VirtualNetwork => Arrangement::Vnet,
            Kind::Region | Kind::ResourceGroup => Arrangement::Scope,
            _ => Arrangement::Tiles,
        };
        let mut placed = arrange(self.design, free, Pos::new(PAD, HEADER), arrangement);
        for b in fixed {
            let at = b.resource.meta.at.unwrap_or_default();
            placed.items.push((Pos::new(at.0 as f32, at.1 as f32), b));
        }
        let mut size = MIN_CONTAINER;
        for (p, b) in &placed.items {
            size.w = size.w.max(p.x + b.size.w + PAD);
            size.h = size.h.max(p.y + b.size.h + PAD);
        }
        if let Some(e) = r.meta.extent {
            size.w = size.w.max(e.0 as f32);
            size.h = size.h.max(e.1 as f32);
        }
        Some(Boxed {
            resource: r,
            role,
            size,
            pinned,
            children: placed.items,
        })
    }
}

fn role_of(r: &Resource, has_children: bool) -> Role {
    match &r.spec {
        Spec::Region(_) => Role::Region,
        // A group that only *names* its resources (through `resource_group`) is a tile.
        Spec::ResourceGroup(_) if has_children => Role::ResourceGroup,
        Spec::VirtualNetwork(v) if v.role == VnetRole::Hub => Role::HubVnet,
        Spec::VirtualNetwork(_) => Role::Vnet,
        Spec::Subnet(_) if is_dedicated_subnet(r.name()) => Role::DedicatedSubnet,
        Spec::Subnet(_) => Role::Subnet,
        Spec::AksCluster(_) if has_children => Role::Cluster,
        _ => Role::Leaf(r.kind()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrangement {
    TopLevel,
    Scope,
    Vnet,
    Tiles,
}

struct Placed<'d> {
    items: Vec<(Pos, Boxed<'d>)>,
}

/// Places a grid of boxes row by row, `cols` to a row, columns as wide as their widest box.
fn grid<'d>(boxes: Vec<Boxed<'d>>, cols: usize, origin: Pos, out: &mut Vec<(Pos, Boxed<'d>)>) -> Size {
    if boxes.is_empty() {
        return Size::default();
    }
    let cols = cols.max(1);
    let mut widths = vec![0.0f32; cols];
    let rows = boxes.len().div_ceil(cols);
    let mut heights = vec![0.0f32; rows];
    for (i, b) in boxes.iter().enumerate() {
        widths[i % cols] = widths[i % cols].max(b.size.w);
        heights[i / cols] = heights[i / cols].max(b.size.h);
    }
    for (i, b) in boxes.into_iter().enumerate() {
        let x = origin.x + widths[..i % cols].iter().map(|w| w + PAD).sum::<f32>();
        let y = origin.y + heights[..i / cols].iter().map(|h| h + PAD).sum::<f32>();
        out.push((Pos::new(x, y), b));
    }
    let used = widths.iter().filter(|w| **w > 0.0).count();
    Size::new(
        widths.iter().sum::<f32>() + PAD * (used.saturating_sub(1)) as f32,
        heights.iter().sum::<f32>() + PAD * (rows - 1) as f32,
    )
}

/// Stacks boxes in columns no taller than `max_h` (at least one box per column).
fn columns<'d>(boxes: Vec<Boxed<'d>>, max_h: f32, origin: Pos, out: &mut Vec<(Pos, Boxed<'d>)>) -> Size {
    let mut x = origin.x;
    let mut y = origin.y;
    let mut col_w = 0.0f32;
    let mut size = Size::default();
    for b in boxes {
        if y > origin.y && y + b.size.h > origin.y + max_h {
            x += col_w + PAD * 2.0;
            y = origin.y;
            col_w = 0.0;
        }
        col_w = col_w.max(b.size.w);
        size.w = size.w.max(x + col_w - origin.x);
        size.h = size.h.max(y + b.size.h - origin.y);
        let h = b.size.h;
        out.push((Pos::new(x, y), b));
        y += h + PAD;
    }
    size
}

fn is_global(kind: Kind) -> bool {
    matches!(kind, Kind::FrontDoor | Kind::TrafficManager)
}

fn arrange<'d>(design: &Design, boxes: Vec<Boxed<'d>>, origin: Pos, how: Arrangement) -> Placed<'d> {
    let mut items = Vec::new();
    match how {
        Arrangement::Tiles => {
            grid(boxes, 3, origin, &mut items);
        }
        Arrangement::Vnet => {
            let (subnets, leaves): (Vec<_>, Vec<_>) = boxes.into_iter().partition(|b| b.role.is_container());
            let cols = match subnets.len() {
                0..=1 => 1,
                2..=6 => 2,
                _ => 3,
            };
            let used = grid(subnets, cols, origin, &mut items);
            let y = if used.h > 0.0 {
                origin.y + used.h + PAD
            } else {
                origin.y
            };
            grid(leaves, 4, Pos::new(origin.x, y), &mut items);
        }
        Arrangement::TopLevel | Arrangement::Scope => {
            let mut globals = Vec::new();
            let mut on_prem = Vec::new();
            let mut hubs = Vec::new();
            let mut spokes = Vec::new();
            let mut containers = Vec::new();
            let mut leaves = Vec::new();
            for b in boxes {
                let kind = b.resource.kind();
                if how == Arrangement::TopLevel && is_global(kind) {
                    globals.push(b);
                } else if kind == Kind::OnPremises {
                    on_prem.push(b);
                } else if b.role == Role::HubVnet {
                    hubs.push(b);
                } else if kind == Kind::VirtualNetwork {
                    spokes.push(b);
                } else if b.role.is_container() {
                    containers.push(b);
                } else {
                    leaves.push(b);
                }
            }
            spokes.sort_by_key(|b| spoke_order(design, b.resource));
            let mut y = origin.y;
            let row = grid(globals, 6, Pos::new(origin.x, y), &mut items);
            if row.h > 0.0 {
                y += row.h + PAD * 4.0;
            }
            let mut x = origin.x;
            let mut row_h = 0.0f32;
            let hub_h = hubs.iter().map(|b| b.size.h).fold(0.0, f32::max);
            for (group, gap) in [(on_prem, 4.0), (hubs, 6.0)] {
                let s = columns(group, f32::MAX, Pos::new(x, y), &mut items);
                if s.w > 0.0 {
                    x += s.w + PAD * gap;
                    row_h = row_h.max(s.h);
                }
            }
            let max_h = spoke_column_height(&spokes, x - origin.x, hub_h);
            let s = columns(spokes, max_h, Pos::new(x, y), &mut items);
            if s.w > 0.0 {
                x += s.w + PAD * 4.0;
                row_h = row_h.max(s.h);
            }
            // Regions sit side by side; resource groups and loose leaves go below.
            let (regions, groups): (Vec<_>, Vec<_>) = containers.into_iter().partition(|b| b.role == Role::Region);
            for b in regions {
                let h = b.size.h;
                items.push((Pos::new(x, y), b));
                x += items.last().map_or(0.0, |(_, b)| b.size.w) + PAD * 4.0;
                row_h = row_h.max(h);
            }
            if row_h > 0.0 {
                y += row_h + PAD * 3.0;
            }
            let below = grid(groups, 3, Pos::new(origin.x, y), &mut items);
            if below.h > 0.0 {
                y += below.h + PAD * 2.0;
            }
            grid(leaves, 6, Pos::new(origin.x, y), &mut items);
        }
    }
    Placed { items }
}

/// How tall a column of spokes may grow: the column count whose block, beside
/// what is already in the row (`left` wide, `hub_h` tall), comes closest to a
/// 16:10 picture.
fn spoke_column_height(spokes: &[Boxed<'_>], left: f32, hub_h: f32) -> f32 {
    let n = spokes.len();
    if n == 0 {
        return 0.0;
    }
    let w = spokes.iter().map(|b| b.size.w).fold(0.0, f32::max);
    let h = spokes.iter().map(|b| b.size.h).fold(0.0, f32::max);
    let score = |cols: usize| {
        let rows = n.div_ceil(cols) as f32;
        let width = left + cols as f32 * (w + PAD * 2.0);
        let height = hub_h.max(rows * (h + PAD));
        ((width / height) - 1.6).abs()
    };
    let cols = (1..=n).min_by(|a, b| score(*a).total_cmp(&score(*b))).unwrap_or(1);
    let rows = n.div_ceil(cols) as f32;
    (rows * (h + PAD)).max(hub_h).max(h)
}

/// Spokes peered with a hub come first, in id order; unpeered VNets after.
fn spoke_order(design: &Design, r: &Resource) -> (bool, Id) {
    let peered = design
        .all::<netdraft_core::model::VnetPeering>()
        .any(|(_, p)| p.from == r.id || p.to == r.id);
    (!peered, r.id.clone())
}

fn detail(design: &Design, r: &Resource) -> String {
    match &r.spec {
        Spec::Region(Region { location }) => location.clone(),
        Spec::VirtualNetwork(VirtualNetwork { address_space, .. }) => address_space
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Spec::Subnet(Subnet { prefix, size, .. }) => match (prefix, size) {
            (SubnetPrefix::Auto, Some(n)) => format!("auto /{n}"),
            (SubnetPrefix::Auto, None) => "auto".to_owned(),
            (SubnetPrefix::Fixed(c), _) => c.to_string(),
        },
        Spec::NodePool(NodePool {
            count,
            min_count,
            max_count,
            vm_size,
            mode,
            ..
        }) => {
            let n = match (count, min_count, max_count) {
                (Some(c), _, _) => c.to_string(),
                (None, Some(lo), Some(hi)) => format!("{lo}-{hi}"),
                (None, _, Some(hi)) => format!("up to {hi}"),
                _ => "?".to_owned(),
            };
            format!("{mode} · {n} × {}", vm_size.trim_start_matches("Standard_"))
        }
        Spec::Firewall(Firewall { tier, .. }) => format!("Azure Firewall {tier}"),
        Spec::AppGateway(AppGateway { sku, .. }) => format!("App Gateway {sku}"),
        Spec::AksCluster(a) => format!("AKS · {}", a.network_model),
        Spec::PaasService(p) => p.service.to_string(),
        Spec::PrivateEndpoint(p) => {
            let target = design.get(p.target.as_str()).map_or(p.target.as_str(), Resource::name);
            format!("to {target}")
        }
        _ => r.kind().label().to_owned(),
    }
}

fn emit(scene: &mut Scene, design: &Design, b: Boxed<'_>, at: Pos, parent: Option<usize>, depth: u32) {
    let r = b.resource;
    let i = scene.push(Node {
        id: r.id.clone(),
        kind: r.kind(),
        role: b.role,
        rect: Rect::at(at, b.size),
        label: r.name().to_owned(),
        detail: detail(design, r),
        parent,
        depth,
        pinned: b.pinned,
        meter: None,
        badge: None,
    });
    for (p, child) in b.children {
        emit(
            scene,
            design,
            child,
            Pos::new(at.x + p.x, at.y + p.y),
            Some(i),
            depth + 1,
        );
    }
}

fn add_edges(scene: &mut Scene, design: &Design) {
    let mut edges = Vec::new();
    for r in design.resources() {
        if let Spec::VnetPeering(p) = &r.spec {
            if let (Some(a), Some(b)) = (scene.index_of(p.from.as_str()), scene.index_of(p.to.as_str())) {
                edges.push(Edge {
                    from: a,
                    to: b,
                    relation: Relation::Peers,
                    resource: Some(r.id.clone()),
                });
            }
            continue;
        }
        let Some(from) = scene.index_of(r.id.as_str()) else {
            continue;
        };
        for reference in r.spec.references() {
            if let Some(to) = scene.index_of(reference.target.as_str()) {
                edges.push(Edge {
                    from,
                    to,
                    relation: reference.relation,
                    resource: None,
                });
            }
        }
    }
    scene.edges = edges;
}
