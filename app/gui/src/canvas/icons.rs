//! Kind icons, from netdraft's own SVG files (`netdraft_scene::icons`).
//! The files use a small SVG subset (rect, circle, line, polyline, polygon,
//! and paths of M/L/H/V/Z), which this module reads once into vector shapes
//! and paints with the painter: crisp at any zoom, no image decoding. Below a
//! readable size only the coloured square is drawn.

use std::collections::HashMap;
use std::sync::OnceLock;

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, StrokeKind};
use netdraft_core::Kind;

use netdraft_scene::icons::ICONS as FILES;

/// The side of the icons' view box.
const VIEW: f32 = 24.0;

/// One drawing primitive in view-box units.
#[derive(Debug, Clone, PartialEq)]
enum Prim {
    Rect {
        min: Pos2,
        max: Pos2,
        radius: f32,
        fill: bool,
        stroke: f32,
    },
    Circle {
        centre: Pos2,
        radius: f32,
        fill: bool,
        stroke: f32,
    },
    Line {
        points: Vec<Pos2>,
        closed: bool,
        fill: bool,
        stroke: f32,
    },
}

/// A parsed icon: the background square, then white marks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Icon {
    marks: Vec<Prim>,
}

fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let pattern = format!(" {name}=\"");
    let start = element.find(&pattern)? + pattern.len();
    let len = element[start..].find('"')?;
    Some(&element[start..start + len])
}

fn num(element: &str, name: &str) -> f32 {
    attr(element, name).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

fn points(text: &str) -> Vec<Pos2> {
    let values: Vec<f32> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter_map(|s| s.parse().ok())
        .collect();
    values.chunks_exact(2).map(|p| Pos2::new(p[0], p[1])).collect()
}

fn flush(cmd: char, nums: &mut Vec<f32>, current: &mut Vec<Pos2>, out: &mut Vec<(Vec<Pos2>, bool)>) {
    let last = current.last().copied().unwrap_or(Pos2::ZERO);
    match cmd {
        'M' | 'L' => {
            for (i, p) in nums.chunks_exact(2).enumerate() {
                if cmd == 'M' && i == 0 && !current.is_empty() {
                    out.push((std::mem::take(current), false));
                }
                current.push(Pos2::new(p[0], p[1]));
            }
        }
        'H' => current.extend(nums.iter().map(|x| Pos2::new(*x, last.y))),
        'V' => current.extend(nums.iter().map(|y| Pos2::new(last.x, *y))),
        'Z' if !current.is_empty() => out.push((std::mem::take(current), true)),
        _ => {}
    }
    nums.clear();
}

/// Absolute M/L/H/V/Z paths, one polyline per sub-path.
fn path(d: &str) -> Vec<(Vec<Pos2>, bool)> {
    let mut out = Vec::new();
    let mut current: Vec<Pos2> = Vec::new();
    let mut cmd = 'M';
    let mut nums: Vec<f32> = Vec::new();
    let mut token = String::new();
    for c in d.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphabetic() {
            if let Ok(v) = token.parse() {
                nums.push(v);
            }
            token.clear();
            flush(cmd, &mut nums, &mut current, &mut out);
            cmd = c.to_ascii_uppercase();
        } else if c == ',' || c.is_whitespace() || (c == '-' && !token.is_empty()) {
            if let Ok(v) = token.parse() {
                nums.push(v);
            }
            token.clear();
            if c == '-' {
                token.push(c);
            }
        } else {
            token.push(c);
        }
    }
    flush(cmd, &mut nums, &mut current, &mut out);
    if !current.is_empty() {
        out.push((current, false));
    }
    out
}

/// Reads an icon file (the first element, the background, is skipped).
pub fn parse(svg: &str) -> Icon {
    let mut marks = Vec::new();
    for element in svg.split('<').skip(1).map(|e| e.split('>').next().unwrap_or_default()) {
        let tag = element.split_whitespace().next().unwrap_or_default();
        let fill = attr(element, "fill").is_some_and(|f| f != "none");
        let stroke = if attr(element, "stroke").is_some_and(|s| s != "none") {
            num(element, "stroke-width").max(0.5)
        } else {
            0.0
        };
        match tag {
            "rect" => {
                let (x, y) = (num(element, "x"), num(element, "y"));
                marks.push(Prim::Rect {
                    min: Pos2::new(x, y),
                    max: Pos2::new(x + num(element, "width"), y + num(element, "height")),
                    radius: num(element, "rx"),
                    fill,
                    stroke,
                });
            }
            "circle" => marks.push(Prim::Circle {
                centre: Pos2::new(num(element, "cx"), num(element, "cy")),
                radius: num(element, "r"),
                fill,
                stroke,
            }),
            "line" => marks.push(Prim::Line {
                points: vec![
                    Pos2::new(num(element, "x1"), num(element, "y1")),
                    Pos2::new(num(element, "x2"), num(element, "y2")),
                ],
                closed: false,
                fill: false,
                stroke,
            }),
            "polyline" | "polygon" => marks.push(Prim::Line {
                points: points(attr(element, "points").unwrap_or_default()),
                closed: tag == "polygon",
                fill,
                stroke,
            }),
            "path" => {
                for (points, closed) in path(attr(element, "d").unwrap_or_default()) {
                    marks.push(Prim::Line {
                        points,
                        closed,
                        fill,
                        stroke,
                    });
                }
            }
            _ => {}
        }
    }
    // The first rectangle is the coloured background, painted by the caller.
    if matches!(marks.first(), Some(Prim::Rect { min, .. }) if *min == Pos2::ZERO) {
        marks.remove(0);
    }
    Icon { marks }
}

fn icons() -> &'static HashMap<&'static str, Icon> {
    static ICONS: OnceLock<HashMap<&'static str, Icon>> = OnceLock::new();
    ICONS.get_or_init(|| FILES.iter().map(|(key, svg)| (*key, parse(svg))).collect())
}

/// Paints the icon of `kind` filling `rect`, its square in `colour`.
pub fn paint(painter: &Painter, kind: Kind, rect: Rect, colour: Color32) {
    let scale = rect.width() / VIEW;
    painter.rect_filled(rect, 5.0 * scale, colour);
    if rect.width() < 11.0 {
        return;
    }
    let Some(icon) = icons().get(kind.key()) else {
        return;
    };
    let white = Color32::WHITE.gamma_multiply(f32::from(colour.a()) / 255.0);
    let at = |p: Pos2| rect.min + p.to_vec2() * scale;
    let stroke = |w: f32| Stroke::new(w * scale, white);
    for mark in &icon.marks {
        match mark {
            Prim::Rect {
                min,
                max,
                radius,
                fill,
                stroke: w,
            } => {
                let r = Rect::from_min_max(at(*min), at(*max));
                if *fill {
                    painter.rect_filled(r, radius * scale, white);
                }
                if *w > 0.0 {
                    painter.rect_stroke(r, radius * scale, stroke(*w), StrokeKind::Middle);
                }
            }
            Prim::Circle {
                centre,
                radius,
                fill,
                stroke: w,
            } => {
                let fill = if *fill { white } else { Color32::TRANSPARENT };
                painter.circle(at(*centre), radius * scale, fill, stroke(*w));
            }
            Prim::Line {
                points,
                closed,
                fill,
                stroke: w,
            } => {
                let pts: Vec<Pos2> = points.iter().map(|p| at(*p)).collect();
                if *fill {
                    painter.add(Shape::convex_polygon(pts.clone(), white, Stroke::NONE));
                }
                if *w > 0.0 {
                    painter.add(if *closed {
                        Shape::closed_line(pts, stroke(*w))
                    } else {
                        Shape::line(pts, stroke(*w))
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_an_icon_with_marks() {
        for kind in Kind::ALL {
            let icon = icons()
                .get(kind.key())
                .unwrap_or_else(|| panic!("no icon for {kind:?}"));
            assert!(!icon.marks.is_empty(), "{kind:?} has an empty icon");
        }
    }

    #[test]
    fn paths_read_sub_paths_and_closing() {
        let p = path("M7 4 L15 4 L18 7 L18 20 L7 20 Z");
        assert_eq!(p.len(), 1);
        assert!(p[0].1);
        assert_eq!(p[0].0.len(), 5);
        let p = path("M5.5 7 L5.5 17 L8 19");
        assert_eq!(
            p,
            vec![(
                vec![Pos2::new(5.5, 7.0), Pos2::new(5.5, 17.0), Pos2::new(8.0, 19.0)],
                false
            )]
        );
    }
}
