//! The automatic layout: measure every container bottom-up from its contents,
//! then place everything top-down.
//!
//! Arrangement, per container:
//! - top level: global services (Front Door, Traffic Manager) in a row on top;
//!   below, on-premises networks, then hub VNets, then spokes in columns no
//!   taller than the hub, then regions; the loose leaves (DNS zones, PaaS,
//!   policies) in a labelled "shared" strip under that row; resource groups last.
//! - region / resource group: the same hub-and-spoke arrangement without the globals.
//! - VNet: subnets in a grid (one column for a hub's few dedicated subnets),
//!   then the VNet's own leaves (route tables, NSGs…) in a labelled strip.
//! - subnet or cluster: its resources as tiles, two to a row.
//!
//! Boxes are sized to fit their names (estimated from the text sizes the
//! canvas uses, see [`text`]) and stretched to their grid column, so edges line up.
//!
//! A stored `at` (relative to the parent's top-left corner) pins a node; a
//! stored `extent` sets a container's size (never smaller than its contents).

use std::collections::{BTreeMap, BTreeSet};

use netdraft_core::command::is_dedicated_subnet;
use netdraft_core::model::{
    AppGateway, ColourFamily, Design, Firewall, Kind, NodePool, Region, Relation, Resource, Spec, Subnet, SubnetPrefix,
    VirtualNetwork, VnetRole,
};

use crate::{Edge, Node, Pos, Rect, Role, Scene, Size, Strip};

/// Size of a leaf tile.
pub const TILE: Size = Size::new(152.0, 48.0);
/// Height of a container's title band.
pub const HEADER: f32 = 42.0;
/// Padding inside containers and the gap between siblings.
pub const PAD: f32 = 16.0;
/// Smallest container: room for a title and a prefix.
const MIN_CONTAINER: Size = Size::new(TILE.w + 4.0 * PAD, HEADER + 2.0 * PAD);
/// Height of a strip's caption band.
pub const STRIP_HEADER: f32 = 24.0;
/// The widest a leaf tile grows to fit its name.
const MAX_TILE_W: f32 = 320.0;

/// Text sizes the canvas draws at zoom 1 (the scene sizes boxes to fit them).
pub mod text {
    /// A tile's name.
    pub const TILE_NAME: f32 = 13.0;
    /// A tile's second line.
    pub const TILE_DETAIL: f32 = 10.5;
    /// A container's title.
    pub const TITLE: f32 = 15.0;
    /// A container's second line (monospace).
    pub const TITLE_DETAIL: f32 = 11.5;
    /// Room a tile keeps left of its text: padding and the icon.
    pub const TILE_LEFT: f32 = 48.0;
    /// Room a container keeps left of its title: padding and the icon.
    pub const TITLE_LEFT: f32 = 42.0;
    /// Width of a subnet's utilisation bar.
    pub const METER_W: f32 = 96.0;
}

/// A generous estimate of the width of `s` in a proportional font of `size`
/// points (the scene knows no fonts; the canvas truncates what still overflows).
fn text_w(s: &str, size: f32) -> f32 {
    s.chars().count() as f32 * size * 0.56
}

/// The same for a monospace font.
fn mono_w(s: &str, size: f32) -> f32 {
    s.chars().count() as f32 * size * 0.62
}

/// A measured subtree: its size and its children at positions relative to its top-left corner.
struct Boxed<'d> {
    resource: &'d Resource,
    role: Role,
    detail: String,
    size: Size,
    pinned: bool,
    children: Vec<(Pos, Boxed<'d>)>,
    /// Labelled bands inside this box, relative to its top-left corner.
    strips: Vec<Strip>,
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
        list.sort_by_cached_key(|r| (r.kind(), natural_key(r.id.as_str())));
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

    let mut scene = Scene {
        strips: placed.strips,
        ..Scene::default()
    };
    for (pos, b) in placed.items {
        emit(&mut scene, b, pos, None, 0);
    }
    scene.bounds = scene
        .nodes
        .iter()
        .map(|n| n.rect)
        .chain(scene.strips.iter().map(|s| s.rect))
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
        let detail = detail(self.design, r);
        if !role.is_container() {
            let w = text::TILE_LEFT + text_w(r.name(), text::TILE_NAME).max(text_w(&detail, text::TILE_DETAIL)) + 12.0;
            return Some(Boxed {
                resource: r,
                role,
                detail,
                size: Size::new(w.clamp(TILE.w, MAX_TILE_W), TILE.h),
                pinned,
                children: Vec::new(),
                strips: Vec::new(),
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
        // Room for the title, and for the second line beside a subnet's meter.
        let meter = if matches!(role, Role::Subnet | Role::DedicatedSubnet) {
            text::METER_W + 16.0
        } else {
            0.0
        };
        size.w = size
            .w
            .max(text::TITLE_LEFT + text_w(r.name(), text::TITLE) + 16.0)
            .max(text::TITLE_LEFT + mono_w(&detail, text::TITLE_DETAIL) + meter + 16.0);
        for (p, b) in &placed.items {
            size.w = size.w.max(p.x + b.size.w + PAD);
            size.h = size.h.max(p.y + b.size.h + PAD);
        }
        for strip in &placed.strips {
            size.w = size.w.max(strip.rect.x + strip.rect.w + PAD);
            size.h = size.h.max(strip.rect.y + strip.rect.h + PAD);
        }
        if let Some(e) = r.meta.extent {
            size.w = size.w.max(e.0 as f32);
            size.h = size.h.max(e.1 as f32);
        }
        Some(Boxed {
            resource: r,
            role,
            detail,
            size,
            pinned,
            children: placed.items,
            strips: placed.strips,
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
        // Any other kind that holds something is a container of its kind; a
        // virtual hub always is (it is the hub its gateways and firewall sit in).
        Spec::VirtualHub(_) => Role::Container(r.kind()),
        _ if has_children => Role::Container(r.kind()),
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
    strips: Vec<Strip>,
}

/// Widens a box to `w` (and, for containers, heightens it to `h`), so the
/// boxes of a grid line up. Contents keep their places; only the frame grows.
fn stretch(b: &mut Boxed<'_>, w: f32, h: f32) {
    b.size.w = b.size.w.max(w);
    if b.role.is_container() {
        b.size.h = b.size.h.max(h);
    }
}

/// Places a grid of boxes row by row, `cols` to a row, columns as wide as
/// their widest box; boxes are stretched to their column (containers to their
/// row too) so edges line up.
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
    for (i, mut b) in boxes.into_iter().enumerate() {
        let x = origin.x + widths[..i % cols].iter().map(|w| w + PAD).sum::<f32>();
        let y = origin.y + heights[..i / cols].iter().map(|h| h + PAD).sum::<f32>();
        if !b.pinned {
            stretch(&mut b, widths[i % cols], heights[i / cols]);
        }
        out.push((Pos::new(x, y), b));
    }
    let used = widths.iter().filter(|w| **w > 0.0).count();
    Size::new(
        widths.iter().sum::<f32>() + PAD * (used.saturating_sub(1)) as f32,
        heights.iter().sum::<f32>() + PAD * (rows - 1) as f32,
    )
}

/// Stacks boxes in columns of `per_column` boxes (the last may hold fewer);
/// the boxes of a column are stretched to its width.
fn columns<'d>(boxes: Vec<Boxed<'d>>, per_column: usize, origin: Pos, out: &mut Vec<(Pos, Boxed<'d>)>) -> Size {
    let mut cols: Vec<Vec<Boxed<'d>>> = Vec::new();
    for b in boxes {
        match cols.last_mut() {
            Some(col) if col.len() < per_column.max(1) => col.push(b),
            _ => cols.push(vec![b]),
        }
    }
    let mut x = origin.x;
    let mut size = Size::default();
    for col in cols {
        let w = col.iter().map(|b| b.size.w).fold(0.0, f32::max);
        let mut y = origin.y;
        for mut b in col {
            stretch(&mut b, w, 0.0);
            let h = b.size.h;
            out.push((Pos::new(x, y), b));
            size.h = size.h.max(y + h - origin.y);
            y += h + PAD;
        }
        size.w = x + w - origin.x;
        x += w + PAD * 2.0;
    }
    size
}

/// Lays out leaves in a labelled strip at `origin`, `cols` to a row.
fn strip<'d>(
    leaves: Vec<Boxed<'d>>,
    cols: usize,
    title: &str,
    origin: Pos,
    out: &mut Vec<(Pos, Boxed<'d>)>,
    strips: &mut Vec<Strip>,
) -> Size {
    if leaves.is_empty() {
        return Size::default();
    }
    let inner = Pos::new(origin.x + PAD / 2.0, origin.y + STRIP_HEADER);
    let used = grid(leaves, cols, inner, out);
    let size = Size::new(used.w + PAD, used.h + STRIP_HEADER + PAD / 2.0);
    strips.push(Strip {
        rect: Rect::at(origin, size),
        title: title.to_owned(),
    });
    size
}

/// A VNet: subnets in a grid, then its other resources in a strip below.
fn arrange_vnet<'d>(boxes: Vec<Boxed<'d>>, origin: Pos, items: &mut Vec<(Pos, Boxed<'d>)>, strips: &mut Vec<Strip>) {
    let (subnets, leaves): (Vec<_>, Vec<_>) = boxes.into_iter().partition(|b| b.role.is_container());
    // A hub's few dedicated subnets stack in one column beside its spokes.
    let cols = match subnets.len() {
        0..=3 => 1,
        4..=8 => 2,
        _ => 3,
    };
    let used = grid(subnets, cols, origin, items);
    let y = if used.h > 0.0 {
        origin.y + used.h + PAD
    } else {
        origin.y
    };
    // As many columns as fit under the subnets (at least two).
    let tile_w = leaves.iter().map(|b| b.size.w).fold(TILE.w, f32::max);
    let fit = tiles_across(used.w, tile_w);
    strip(
        leaves,
        fit.min(4),
        "VNet resources (not in a subnet)",
        Pos::new(origin.x, y),
        items,
        strips,
    );
}

/// How many tiles `tile_w` wide fit side by side in `width` (at least two).
#[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)] // at least 2.0, and small
fn tiles_across(width: f32, tile_w: f32) -> usize {
    ((width + PAD) / (tile_w + PAD)).floor().max(2.0) as usize
}

/// Global services (the `kinds!` table's global family: Front Door, Traffic
/// Manager) are drawn in a row above everything else.
fn is_global(kind: Kind) -> bool {
    kind.colour_family() == ColourFamily::Global
}

fn arrange<'d>(design: &Design, boxes: Vec<Boxed<'d>>, origin: Pos, how: Arrangement) -> Placed<'d> {
    let mut items = Vec::new();
    let mut strips = Vec::new();
    match how {
        Arrangement::Tiles => {
            grid(boxes, 2, origin, &mut items);
        }
        Arrangement::Vnet => arrange_vnet(boxes, origin, &mut items, &mut strips),
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
                } else if b.role == Role::HubVnet || b.resource.kind() == Kind::VirtualHub {
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
            let n_globals = globals.len();
            let row = grid(globals, 6, Pos::new(origin.x, y), &mut items);
            if row.h > 0.0 {
                y += row.h + PAD * 4.0;
            }
            let mut x = origin.x;
            let mut row_h = 0.0f32;
            let hub_h = hubs.iter().map(|b| b.size.h).fold(0.0, f32::max);
            for (group, gap) in [(on_prem, 4.0), (hubs, 4.0)] {
                let s = columns(group, usize::MAX, Pos::new(x, y), &mut items);
                if s.w > 0.0 {
                    x += s.w + PAD * gap;
                    row_h = row_h.max(s.h);
                }
            }
            let per_column = spokes_per_column(&spokes, x - origin.x, hub_h);
            let s = columns(spokes, per_column, Pos::new(x, y), &mut items);
            if s.w > 0.0 {
                x += s.w + PAD * 4.0;
                row_h = row_h.max(s.h);
            }
            // Regions sit side by side; resource groups go below.
            let (regions, groups): (Vec<_>, Vec<_>) = containers.into_iter().partition(|b| b.role == Role::Region);
            for b in regions {
                let h = b.size.h;
                items.push((Pos::new(x, y), b));
                x += items.last().map_or(0.0, |(_, b)| b.size.w) + PAD * 4.0;
                row_h = row_h.max(h);
            }
            let row_w = x - PAD * 4.0 - origin.x;
            // Global services stand centred over the networks they front.
            let shift = ((row_w - row.w) / 2.0).max(0.0);
            for (p, _) in items.iter_mut().take(n_globals) {
                p.x += shift;
            }
            if row_h > 0.0 {
                y += row_h + PAD * 2.0;
            }
            // Leaves that serve the whole scope (DNS zones, PaaS, policies,
            // groups that only name resources) stand in a labelled strip
            // under the networks, as wide as they are, not scattered about.
            if row_w > 0.0 && !leaves.is_empty() {
                let tile_w = leaves.iter().map(|b| b.size.w).fold(TILE.w, f32::max);
                let fit = tiles_across(row_w - PAD, tile_w);
                let title = if how == Arrangement::Scope {
                    "Shared services"
                } else {
                    "Not in a region"
                };
                let cols = fit.min(leaves.len());
                let s = strip(
                    std::mem::take(&mut leaves),
                    cols,
                    title,
                    Pos::new(origin.x, y),
                    &mut items,
                    &mut strips,
                );
                y += s.h + PAD * 2.0;
            }
            let below = grid(groups, 3, Pos::new(origin.x, y), &mut items);
            if below.h > 0.0 {
                y += below.h + PAD * 2.0;
            }
            grid(leaves, 6, Pos::new(origin.x, y), &mut items);
        }
    }
    Placed { items, strips }
}

/// How many spokes go in a column: the column count whose block, beside
/// what is already in the row (`left` wide, `hub_h` tall), comes closest to a
/// 16:10 picture; the spokes are then spread evenly over the columns (equal
/// counts, so no column is left with a straggler).
fn spokes_per_column(spokes: &[Boxed<'_>], left: f32, hub_h: f32) -> usize {
    let n = spokes.len();
    if n == 0 {
        return 1;
    }
    let w = spokes.iter().map(|b| b.size.w).fold(0.0, f32::max);
    let h = spokes.iter().map(|b| b.size.h).fold(0.0, f32::max) + PAD;
    let score = |cols: usize| {
        let rows = n.div_ceil(cols) as f32;
        let width = left + cols as f32 * (w + PAD * 2.0);
        let height = hub_h.max(rows * h);
        ((width / height) - 1.6).abs()
    };
    let cols = (1..=n).min_by(|a, b| score(*a).total_cmp(&score(*b))).unwrap_or(1);
    n.div_ceil(cols)
}

/// Spokes peered with a hub come first, in id order; unpeered VNets after.
fn spoke_order(design: &Design, r: &Resource) -> (bool, Vec<Chunk>) {
    let peered = design
        .all::<netdraft_core::model::VnetPeering>()
        .any(|(_, p)| p.from == r.id || p.to == r.id);
    (!peered, natural_key(r.id.as_str()))
}

/// A run of an id: text, or digits compared as a number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Chunk {
    Number(u64, usize),
    Text(String),
}

/// Orders ids as people number things: `spoke-2` before `spoke-10`. Digit
/// runs compare by value (then by length, so `07` and `7` stay apart).
fn natural_key(id: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut rest = id;
    while let Some(c) = rest.chars().next() {
        let digits = c.is_ascii_digit();
        let end = rest
            .find(|ch: char| ch.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        out.push(match run.parse::<u64>() {
            Ok(n) if digits => Chunk::Number(n, run.len()),
            _ => Chunk::Text(run.to_owned()),
        });
        rest = tail;
    }
    out
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
        Spec::VirtualHub(h) => h.address_prefix.to_string(),
        Spec::VirtualWan(w) => format!("Virtual WAN {}", w.sku),
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

fn emit(scene: &mut Scene, b: Boxed<'_>, at: Pos, parent: Option<usize>, depth: u32) {
    let r = b.resource;
    let strips = b
        .strips
        .into_iter()
        .map(|s| Strip {
            rect: s.rect.translate(at.x, at.y),
            title: s.title,
        })
        .collect();
    let i = scene.push(Node {
        id: r.id.clone(),
        kind: r.kind(),
        role: b.role,
        rect: Rect::at(at, b.size),
        label: r.name().to_owned(),
        detail: b.detail,
        parent,
        depth,
        pinned: b.pinned,
        meter: None,
        badge: None,
        strips,
    });
    for (p, child) in b.children {
        emit(scene, child, Pos::new(at.x + p.x, at.y + p.y), Some(i), depth + 1);
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

#[cfg(test)]
mod natural_tests {
    use super::*;

    /// A kind the `kinds!` table lets hold others is drawn as a container
    /// when it does: a new container kind left a tile would hide its contents.
    #[test]
    fn every_kind_that_may_hold_others_is_drawn_as_a_container() {
        let parents: BTreeSet<Kind> = Kind::ALL
            .iter()
            .flat_map(|k| k.placement().parents.iter().copied())
            .collect();
        let mut seen = BTreeSet::new();
        for t in netdraft_core::templates::ALL {
            let design = t.load().unwrap().design;
            for r in design.resources().filter(|r| parents.contains(&r.kind())) {
                assert!(
                    role_of(r, true).is_container(),
                    "{:?} {} holds others as a tile",
                    r.kind(),
                    r.id
                );
                seen.insert(r.kind());
            }
        }
        assert_eq!(seen, parents, "a kind that may hold others is in no template");
    }

    #[test]
    fn ids_sort_naturally() {
        let mut ids = vec![
            "spoke-10",
            "spoke-2",
            "spoke-1",
            "hub",
            "spoke-02",
            "spoke-99999999999999999999",
        ];
        ids.sort_by_key(|s| natural_key(s));
        assert_eq!(
            ids,
            [
                "hub",
                "spoke-1",
                "spoke-2",
                "spoke-02",
                "spoke-10",
                "spoke-99999999999999999999"
            ]
        );
    }
}
