//! The incremental layout pass run after every edit: it keeps the user's
//! placements but leaves no two sibling boxes overlapping.
//!
//! [`layout`] already grows every container around its contents; what it
//! does not do is move a stored position (`at`) out of the way when a grown
//! sibling, a pasted copy or an automatically placed newcomer lands on it.
//! [`settle`] does, and only that: it lays the design out, and in every
//! container (and at the top level) keeps the first of each overlapping pair
//! and moves the other to the nearest free place beside or below what is
//! already there. Moved boxes get a stored position, so the answer is a list
//! of `at` changes the caller applies as one command (undo restores exactly).
//!
//! Who stays: the `anchors` (what the user just moved or resized), then boxes
//! with a stored position, then the automatically placed ones; within each,
//! top to bottom, left to right. Pure and deterministic.

use std::collections::BTreeMap;

use netdraft_core::Id;
use netdraft_core::model::{Design, Point};

use crate::{HEADER, Node, PAD, Rect, Scene, layout};

/// Rounds of layout and repair: each round pins what it moves, so a few are
/// enough in practice; the cap only guards against a design that never settles.
const MAX_ROUNDS: usize = 24;

/// The stored positions (relative to each parent) that leave no two sibling
/// boxes of `design`'s layout overlapping, `anchors` kept where they are;
/// empty when nothing overlaps. Sorted by id.
pub fn settle(design: &Design, anchors: &[Id]) -> Vec<(Id, Point)> {
    let mut scratch = design.clone();
    let mut moved: BTreeMap<Id, Point> = BTreeMap::new();
    for _ in 0..MAX_ROUNDS {
        let scene = layout(&scratch);
        let moves = repair(&scene, anchors);
        if moves.is_empty() {
            break;
        }
        for (id, at) in moves {
            if let Some(r) = scratch.get_mut(id.as_str()) {
                r.meta.at = Some(at);
            }
            moved.insert(id, at);
        }
    }
    moved
        .into_iter()
        .filter(|(id, at)| design.get(id.as_str()).is_some_and(|r| r.meta.at != Some(*at)))
        .collect()
}

/// Pairs of sibling nodes (indices) whose boxes overlap.
pub fn overlaps(scene: &Scene) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for members in siblings(scene).values() {
        for (k, a) in members.iter().enumerate() {
            for b in &members[k + 1..] {
                if overlap(scene.nodes[*a].rect, scene.nodes[*b].rect) {
                    out.push((*a, *b));
                }
            }
        }
    }
    out
}

/// Node indices grouped by parent (`None`: the top level), in scene order.
fn siblings(scene: &Scene) -> BTreeMap<Option<usize>, Vec<usize>> {
    let mut groups: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (i, n) in scene.nodes.iter().enumerate() {
        groups.entry(n.parent).or_default().push(i);
    }
    groups
}

/// Whether two boxes share area (touching edges do not count).
fn overlap(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// One round: new stored positions for the boxes that overlap a sibling kept before them.
fn repair(scene: &Scene, anchors: &[Id]) -> Vec<(Id, Point)> {
    let mut out = Vec::new();
    for (parent, mut members) in siblings(scene) {
        if members.len() < 2 {
            continue;
        }
        let rank = |n: &Node| {
            if anchors.contains(&n.id) {
                0
            } else if n.pinned {
                1
            } else {
                2
            }
        };
        members.sort_by(|a, b| {
            let (na, nb) = (&scene.nodes[*a], &scene.nodes[*b]);
            rank(na)
                .cmp(&rank(nb))
                .then(na.rect.y.total_cmp(&nb.rect.y))
                .then(na.rect.x.total_cmp(&nb.rect.x))
                .then(a.cmp(b))
        });
        // Where contents may go: below the container's title, inside its padding.
        let origin = parent.map_or(crate::Pos::new(0.0, 0.0), |p| scene.nodes[p].rect.min());
        let floor = parent.map_or((f32::MIN, f32::MIN), |_| (origin.x + PAD, origin.y + HEADER));
        let mut kept: Vec<Rect> = Vec::with_capacity(members.len());
        for i in members {
            let node = &scene.nodes[i];
            let r = node.rect;
            if !kept.iter().any(|k| overlap(*k, r)) {
                kept.push(r);
                continue;
            }
            let place = free_place(r, &kept, floor);
            kept.push(Rect::new(place.0, place.1, r.w, r.h));
            out.push((
                node.id.clone(),
                Point((place.0 - origin.x).ceil() as i32, (place.1 - origin.y).ceil() as i32),
            ));
        }
    }
    out
}

/// The free top-left corner nearest to `r`'s: right of or below a kept box,
/// or right of everything (always free).
fn free_place(r: Rect, kept: &[Rect], floor: (f32, f32)) -> (f32, f32) {
    let right_of_all = kept.iter().map(|k| k.x + k.w).fold(r.x, f32::max) + PAD;
    let mut candidates = vec![(right_of_all, r.y.max(floor.1))];
    for k in kept {
        let (right, below) = (k.x + k.w + PAD, k.y + k.h + PAD);
        candidates.extend([(right, r.y), (r.x, below), (right, k.y), (k.x, below)]);
    }
    candidates
        .into_iter()
        .map(|(x, y)| (x.max(floor.0), y.max(floor.1)))
        .filter(|(x, y)| !kept.iter().any(|k| overlap(*k, Rect::new(*x, *y, r.w, r.h))))
        .min_by(|a, b| {
            let d = |p: &(f32, f32)| (p.0 - r.x).powi(2) + (p.1 - r.y).powi(2);
            d(a).total_cmp(&d(b))
                .then(a.1.total_cmp(&b.1))
                .then(a.0.total_cmp(&b.0))
        })
        .unwrap_or((right_of_all, r.y))
}

#[cfg(test)]
mod tests {
    use netdraft_core::command::{Command, apply, starter};
    use netdraft_core::model::Kind;

    use super::*;

    fn add(design: &mut Design, kind: Kind, parent: Option<&str>, at: Option<Point>) -> Id {
        let parent = parent.map(|p| Id::new(p).unwrap());
        let r = starter(design, kind, parent.as_ref(), at).unwrap();
        let id = r.id.clone();
        apply(design, Command::Add(r)).unwrap();
        id
    }

    fn settled(design: &mut Design, anchors: &[Id]) -> Vec<(Id, Point)> {
        let moves = settle(design, anchors);
        if !moves.is_empty() {
            let cmd = Command::Move(moves.iter().map(|(id, at)| (id.clone(), Some(*at))).collect());
            apply(design, cmd).unwrap();
        }
        moves
    }

    #[test]
    fn a_growing_container_pushes_its_pinned_neighbour_aside() {
        let mut d = Design::new("t");
        let hub = add(&mut d, Kind::VirtualNetwork, None, Some(Point(0, 0)));
        let spoke = add(&mut d, Kind::VirtualNetwork, None, Some(Point(260, 0)));
        assert!(overlaps(&layout(&d)).is_empty(), "apart at first");
        for _ in 0..4 {
            add(&mut d, Kind::Subnet, Some(hub.as_str()), None);
        }
        assert!(!overlaps(&layout(&d)).is_empty(), "the hub grew over the spoke");
        let moves = settled(&mut d, &[]);
        assert!(overlaps(&layout(&d)).is_empty(), "{moves:?}");
        assert_eq!(moves.len(), 1, "only the spoke moves: {moves:?}");
        assert_eq!(moves[0].0, spoke);
        assert_eq!(d.get(hub.as_str()).unwrap().meta.at, Some(Point(0, 0)), "the hub stays");
        assert!(settle(&d, &[]).is_empty(), "settled stays settled");
    }

    #[test]
    fn new_and_pasted_items_go_to_free_space_and_anchors_stay() {
        let mut d = Design::new("t");
        let vnet = add(&mut d, Kind::VirtualNetwork, None, None);
        let pinned = add(&mut d, Kind::Subnet, Some(vnet.as_str()), Some(Point(16, 42)));
        // Automatically placed: lands on the pinned subnet.
        add(&mut d, Kind::Subnet, Some(vnet.as_str()), None);
        assert!(!overlaps(&layout(&d)).is_empty());
        settled(&mut d, &[]);
        assert!(overlaps(&layout(&d)).is_empty());
        assert_eq!(d.get(pinned.as_str()).unwrap().meta.at, Some(Point(16, 42)));

        // An anchor (just dragged onto another box) stays; the other moves.
        let other = add(&mut d, Kind::VirtualNetwork, None, Some(Point(900, 0)));
        apply(&mut d, Command::Move(vec![(other.clone(), Some(Point(20, 10)))])).unwrap();
        let moves = settled(&mut d, std::slice::from_ref(&other));
        assert_eq!(d.get(other.as_str()).unwrap().meta.at, Some(Point(20, 10)));
        assert!(moves.iter().all(|(id, _)| *id != other));
        assert!(overlaps(&layout(&d)).is_empty());
    }

    #[test]
    fn settling_is_deterministic() {
        let mut d = Design::new("t");
        for i in 0..5 {
            add(&mut d, Kind::VirtualNetwork, None, Some(Point(i * 40, i * 20)));
        }
        let a = settle(&d, &[]);
        let b = settle(&d, &[]);
        assert_eq!(a, b);
        settled(&mut d, &[]);
        assert!(overlaps(&layout(&d)).is_empty());
    }
}
