//! One traffic flow drawn on the picture (`netdraft export --format svg|png
//! --flow …`): a highlighted line through the resources the packet passes,
//! in order, a numbered marker on each, SNAT/DNAT tags where an address
//! changes, a red marker where it stops, and under the design the hops as a
//! numbered list with the verdict. The SVG writer and the PNG painter take
//! the same calls, as for the rest of the picture.

use netdraft_core::route::Path;
use netdraft_scene::{Rect, Scene};

use super::{Canvas, Colour, MARGIN, fit, palette, rgb};

/// The canvas's accent (light theme), the colour of the path.
const ACCENT: Colour = rgb(0, 110, 220);
/// Legend text size and line height.
const TEXT: f32 = 12.0;
const LINE: f32 = 17.0;

/// The hop list under the design: title, verdict, one line per hop.
fn legend_lines(path: &Path) -> Vec<(String, bool)> {
    let stop = path.stop_hop();
    let mut lines = vec![
        (
            format!(
                "Traffic flow: {} → {} ({}/{})",
                path.from,
                path.to,
                path.protocol.as_str(),
                path.port
            ),
            false,
        ),
        (
            format!("Verdict: {}: {}", path.verdict.as_str(), path.reason),
            stop.is_some(),
        ),
    ];
    for (i, h) in path.hops.iter().enumerate() {
        let mut s = format!("{}. {}", i + 1, h.at);
        if h.snat() {
            s.push_str(" · SNAT");
        }
        if h.dnat() {
            s.push_str(" · DNAT");
        }
        if stop == Some(i) {
            s.push_str(" · stops here");
        }
        lines.push((s, stop == Some(i)));
    }
    lines
}

/// The height the hop list adds under the design.
pub(super) fn legend_height(path: &Path) -> f32 {
    legend_lines(path).len() as f32 * LINE + 16.0 + MARGIN
}

/// Where one resource of the flow is drawn, and its hops.
struct Place {
    rect: Rect,
    numbers: Vec<String>,
    snat: bool,
    dnat: bool,
    stop: bool,
}

/// Draws the flow over the scene and its hop list in `legend` (the strip
/// under the design).
pub(super) fn draw(canvas: &mut impl Canvas, scene: &Scene, path: &Path, legend: Rect) {
    let stop = path.stop_hop();
    let mut places: Vec<(&str, Place)> = Vec::new();
    let mut line: Vec<(f32, f32)> = Vec::new();
    for (i, h) in path.hops.iter().enumerate() {
        let Some(id) = &h.resource else { continue };
        let Some(node) = scene.get(id.as_str()) else {
            continue;
        };
        let c = node.rect.center();
        if line.last() != Some(&(c.x, c.y)) {
            line.push((c.x, c.y));
        }
        let at = if let Some(at) = places.iter().position(|(k, _)| *k == id.as_str()) {
            at
        } else {
            let empty = Place {
                rect: node.rect,
                numbers: Vec::new(),
                snat: false,
                dnat: false,
                stop: false,
            };
            places.push((id.as_str(), empty));
            places.len() - 1
        };
        let p = &mut places[at].1;
        p.numbers.push((i + 1).to_string());
        p.snat |= h.snat();
        p.dnat |= h.dnat();
        p.stop |= stop == Some(i);
    }
    for w in line.windows(2) {
        canvas.line(w[0], w[1], ACCENT.alpha(140), 4.0, false);
    }
    for (_, p) in &places {
        let colour = if p.stop { palette::REFUSED } else { ACCENT };
        let r = p.rect;
        let outline = Rect::new(r.x - 3.0, r.y - 3.0, r.w + 6.0, r.h + 6.0);
        canvas.rect(outline, 5.0, colour.alpha(0), Some((colour, 2.5)));
        let label = p.numbers.join(",");
        let radius = if label.len() > 2 { 13.0 } else { 10.0 };
        canvas.badge(r.x, r.y, radius, colour, palette::WHITE, &label);
        let mut x = r.x + radius + 4.0;
        let tags = [(p.snat, "SNAT"), (p.dnat, "DNAT"), (p.stop, "stops here")];
        for (_, tag) in tags.iter().filter(|(on, _)| *on) {
            let w = super::text_width(tag, 10.0, false) + 8.0;
            canvas.rect(
                Rect::new(x, r.y - 8.0, w, 16.0),
                3.0,
                palette::WHITE,
                Some((colour, 1.0)),
            );
            canvas.text_at_top(x + 4.0, r.y - 6.5, 10.0, false, colour, false, tag);
            x += w + 3.0;
        }
    }
    canvas.rect(legend, 0.0, palette::TILE, Some((palette::TILE_STROKE, 1.0)));
    let max = (legend.w - 16.0).max(0.0);
    for (i, (text, red)) in legend_lines(path).iter().enumerate() {
        let colour = match (i, *red) {
            (_, true) => palette::REFUSED,
            (0, false) => palette::TEXT,
            _ => palette::WEAK_TEXT,
        };
        let top = legend.y + 8.0 + i as f32 * LINE;
        canvas.text_at_top(
            legend.x + 8.0,
            top,
            TEXT,
            false,
            colour,
            false,
            &fit(text, TEXT, false, max),
        );
    }
}
