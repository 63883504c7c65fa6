//! Paths taken apart by contour: into convex polygons the band painter draws
//! itself, or into strips of contours so a band scans only those near it.

use std::collections::BTreeMap;

use resvg::tiny_skia::{Path, PathBuilder};

use super::convex::Convex;

/// The contours of `path` as convex polygons, if every one is one (straight
/// sides only, no turn against the others).
pub(super) fn convex(path: &Path) -> Option<Vec<Convex>> {
    use resvg::tiny_skia::PathSegment;
    let mut out = Vec::new();
    let mut points: Vec<(f32, f32)> = Vec::new();
    let close = |points: &mut Vec<(f32, f32)>, out: &mut Vec<Convex>| -> Option<()> {
        if points.len() > 1 && points.first() == points.last() {
            points.pop();
        }
        if !points.is_empty() {
            out.push(Convex::new(std::mem::take(points))?);
        }
        Some(())
    };
    for s in path.segments() {
        match s {
            PathSegment::MoveTo(p) => {
                close(&mut points, &mut out)?;
                points.push((p.x, p.y));
            }
            PathSegment::LineTo(p) => points.push((p.x, p.y)),
            PathSegment::Close => close(&mut points, &mut out)?,
            PathSegment::QuadTo(..) | PathSegment::CubicTo(..) => return None,
        }
    }
    close(&mut points, &mut out)?;
    Some(out)
}

/// `path` cut into pieces by the `rows`-tall strip each of its contours
/// starts in (one piece when it has a single contour), so that a band only
/// scans the contours near it.
pub(super) fn by_rows(path: Path, rows: f32) -> Vec<Path> {
    use resvg::tiny_skia::PathSegment;
    let moves = path.segments().filter(|s| matches!(s, PathSegment::MoveTo(_))).count();
    if moves <= 1 {
        return vec![path];
    }
    let mut strips: BTreeMap<i64, PathBuilder> = BTreeMap::new();
    let mut contour: Vec<PathSegment> = Vec::new();
    let mut flush = |contour: &mut Vec<PathSegment>| {
        let top = contour
            .iter()
            .filter_map(|s| match s {
                PathSegment::MoveTo(p)
                | PathSegment::LineTo(p)
                | PathSegment::QuadTo(_, p)
                | PathSegment::CubicTo(_, _, p) => Some(p.y),
                PathSegment::Close => None,
            })
            .fold(f32::INFINITY, f32::min);
        #[allow(clippy::cast_possible_truncation)] // a strip number
        let strip = strips.entry((top / rows).floor() as i64).or_default();
        for s in contour.drain(..) {
            match s {
                PathSegment::MoveTo(p) => strip.move_to(p.x, p.y),
                PathSegment::LineTo(p) => strip.line_to(p.x, p.y),
                PathSegment::QuadTo(a, p) => strip.quad_to(a.x, a.y, p.x, p.y),
                PathSegment::CubicTo(a, b, p) => strip.cubic_to(a.x, a.y, b.x, b.y, p.x, p.y),
                PathSegment::Close => strip.close(),
            }
        }
    };
    for s in path.segments() {
        if matches!(s, PathSegment::MoveTo(_)) && !contour.is_empty() {
            flush(&mut contour);
        }
        contour.push(s);
    }
    if !contour.is_empty() {
        flush(&mut contour);
    }
    strips.into_values().filter_map(PathBuilder::finish).collect()
}
