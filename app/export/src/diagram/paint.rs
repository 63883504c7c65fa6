//! The PNG picture drawn straight from the scene, without going through the
//! SVG text: the same drawing calls as the SVG ([`super::Canvas`]) record a
//! display list of tiny-skia paths (numbers rounded as the SVG rounds them),
//! which is rasterised in horizontal bands on all cores and streamed band by
//! band into the PNG encoder, so the whole image is never held in memory.
//!
//! Text is drawn from the embedded DejaVu outlines, placed by their advances
//! and the font's kerning pairs (the widths [`super::text_width`] measures
//! with); each glyph is rasterised once per size and quarter-pixel offset
//! ([`sprite`]) and blended wherever it is used. Boxes and their outlines are
//! drawn by [`shape`] with exact coverage, not as paths; dashed lines are cut
//! into dashes once and filed by the band they fall in. Icons are parsed once
//! per process and drawn with resvg once per picture and size ([`icons`]),
//! on whole pixels. What resvg would draw from the SVG and what
//! this draws agree to within anti-aliasing (a test compares them).

use std::collections::HashMap;
use std::sync::{OnceLock, mpsc};

use netdraft_core::Kind;
use netdraft_scene::Rect;
use netdraft_scene::icons::ICONS;
use resvg::tiny_skia::{self, FillRule, IntSize, Paint, Path, PathBuilder, Pixmap, Stroke, StrokeDash, Transform};
use resvg::usvg;

use super::{Anchor, Canvas, Colour, ExportError, fonts, threads};

mod bands;
mod contours;
mod convex;
mod icons;
mod pen;
mod shape;
mod sprite;

pub(super) use sprite::work;

/// Rows of pixels per band: small enough that a band per core plus the
/// encoder's queue stay a few megabytes, large enough that culling and
/// per-band setup cost little.
const BAND_ROWS: u32 = 64;

/// A number as the SVG writes it (two decimals), so both pictures agree.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// The edges' dash pattern (`stroke-dasharray="8 5.6"`): on, off.
const DASH: [f32; 2] = [8.0, 5.6];

/// [`DASH`] for tiny-skia's dasher.
fn dash() -> Option<StrokeDash> {
    StrokeDash::new(DASH.to_vec(), 0.0)
}

fn paint_of(c: Colour) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(c.r, c.g, c.b, c.a);
    paint.anti_alias = true;
    paint
}

/// Something to draw, in scene units.
enum Prim {
    Fill {
        path: Path,
        colour: Colour,
    },
    /// A hairline (dashes already cut).
    Stroke {
        path: Path,
        colour: Colour,
        width: f32,
    },
    /// A line of text: its glyphs' masks placed on the picture's pixels.
    Text {
        glyphs: Vec<sprite::Placed>,
        colour: Colour,
    },
    /// A convex polygon with straight sides (scene units), drawn by [`convex`].
    Convex {
        poly: convex::Convex,
        colour: Colour,
    },
    /// A rounded rectangle or the ring of its outline (scene units), drawn
    /// by [`shape`] rather than as a path.
    Shape {
        shape: shape::Shape,
        colour: Colour,
    },
    /// A kind's icon (a 24×24 drawing), its sprite placed on the picture.
    Icon {
        placed: icons::Placed,
    },
}

struct Op {
    /// Top and bottom in scene units, widened for strokes and anti-aliasing.
    top: f32,
    bottom: f32,
    /// Left and right in scene units, widened alike.
    left: f32,
    right: f32,
    /// What the op is known to leave under it, for pre-compositing.
    cover: Cover,
    prim: Prim,
}

/// What an op paints, as far as pre-compositing a later fill needs to know.
#[derive(Clone, Copy)]
enum Cover {
    /// Somewhere in its bounds, in a way not tracked.
    Bounds,
    /// An opaque rounded rectangle of one colour.
    Solid(RoundRect, Colour),
    /// Only the ring of a rounded rectangle's outline: nothing inside `hole`.
    Ring(RoundRect),
}

/// A rounded rectangle in scene units.
#[derive(Clone, Copy)]
struct RoundRect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    radius: f32,
}

impl RoundRect {
    /// Whether every point of the rectangle (x, y, w, h) lies inside this
    /// shape, at least `margin` from its edge. The shape is convex, so its
    /// four corners inside is enough.
    #[allow(clippy::many_single_char_names)]
    fn holds(&self, x: f32, y: f32, w: f32, h: f32, margin: f32) -> bool {
        let r = self.radius.min(self.w / 2.0).min(self.h / 2.0).max(0.0);
        let inside = |px: f32, py: f32| {
            let (x0, x1) = (self.x + r, self.x + self.w - r);
            let (y0, y1) = (self.y + r, self.y + self.h - r);
            let dx = (x0 - px).max(px - x1).max(0.0);
            let dy = (y0 - py).max(py - y1).max(0.0);
            if dx == 0.0 && dy == 0.0 {
                // In the straight part: distance to the nearest side.
                let d = (px - self.x)
                    .min(self.x + self.w - px)
                    .min(py - self.y)
                    .min(self.y + self.h - py);
                d >= margin
            } else {
                (dx * dx + dy * dy).sqrt() <= r - margin
            }
        };
        inside(x, y) && inside(x + w, y) && inside(x, y + h) && inside(x + w, y + h)
    }
}

/// `top` drawn with its opacity over the opaque `under`, as one opaque colour.
/// A rounded rectangle filled with the result, its anti-aliased edge included,
/// gives the pixels the translucent fill would: coverage × (α·top + (1−α)·under)
/// + (1 − coverage) × under = coverage·α × top + (1 − coverage·α) × under.
#[allow(clippy::cast_sign_loss)] // clamped to 0..=255 first
fn over(top: Colour, under: Colour) -> Colour {
    let a = f32::from(top.a) / 255.0;
    let mix = |t: u8, u: u8| (f32::from(t) * a + f32::from(u) * (1.0 - a)).round().clamp(0.0, 255.0) as u8;
    Colour {
        r: mix(top.r, under.r),
        g: mix(top.g, under.g),
        b: mix(top.b, under.b),
        a: 255,
    }
}

/// The kinds' icons, parsed once per process.
fn icon_trees() -> &'static [Option<usvg::Tree>] {
    static TREES: OnceLock<Vec<Option<usvg::Tree>>> = OnceLock::new();
    TREES.get_or_init(|| {
        ICONS
            .iter()
            .map(|(_, text)| usvg::Tree::from_str(text, &usvg::Options::default()).ok())
            .collect()
    })
}

/// Builds a tiny-skia path from a glyph outline.
struct Outline(PathBuilder);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// The picture as a display list, recorded through [`Canvas`].
pub(super) struct Painter {
    /// Pixels per scene unit, for stroking at the right precision.
    scale: f32,
    ops: Vec<Op>,
    /// Glyph outlines, built once per (face, glyph) in this picture.
    glyphs: Vec<Path>,
    glyph_index: HashMap<(bool, u16), Option<usize>>,
    /// The scene point at the picture's top-left pixel.
    origin: (f32, f32),
    /// Where each glyph goes, at which size and offset; rasterised once.
    masks: sprite::Masks,
    /// Where each icon goes, at which size; drawn once per size.
    icons: icons::Icons,
    /// Draw translucent fills over a known opaque colour as opaque (on; the
    /// tests turn it off to compare).
    pub(super) precompose: bool,
    /// Outline straight lines as rectangles rather than through tiny-skia's
    /// dasher and stroker (on; the tests turn it off to compare).
    pub(super) straight_lines: bool,
}

impl Painter {
    /// A painter for a picture of `view` at `scale` pixels per unit.
    pub(super) fn new(view: Rect, scale: f32) -> Painter {
        Painter {
            scale,
            ops: Vec::new(),
            glyphs: Vec::new(),
            glyph_index: HashMap::new(),
            origin: (r2(view.x), r2(view.y)),
            masks: sprite::Masks::default(),
            icons: icons::Icons::default(),
            precompose: true,
            straight_lines: true,
        }
    }

    /// Sends each glyph mask to `jobs` to be made as soon as it is placed.
    pub(super) fn send_masks_to(&mut self, jobs: mpsc::Sender<sprite::Job>) {
        self.masks.send_to(jobs);
    }

    /// Stops sending glyph masks and draws the icons' sprites (on this
    /// thread, while workers finish the masks).
    pub(super) fn finish_sending(&mut self) {
        self.masks.stop_sending();
        self.icons.prepare(icon_trees());
    }

    /// Takes glyph masks a worker made.
    pub(super) fn receive_masks(&mut self, made: Vec<(u32, sprite::Mask)>) {
        self.masks.receive(made);
    }

    fn push(&mut self, (left, top, right, bottom): (f32, f32, f32, f32), prim: Prim) {
        self.ops.push(Op {
            top: top - 2.0,
            bottom: bottom + 2.0,
            left: left - 2.0,
            right: right + 2.0,
            cover: Cover::Bounds,
            prim,
        });
    }

    /// The opaque colour right under the rectangle (x, y, w, h) if everything
    /// drawn there so far is known to be one: the nearest earlier solid
    /// rounded rectangle that holds it, with nothing drawn over that inside
    /// the rectangle since. `None` when anything else may show through.
    #[allow(clippy::many_single_char_names)]
    fn solid_under(&self, x: f32, y: f32, w: f32, h: f32) -> Option<Colour> {
        // A pixel of anti-aliasing either side of every edge.
        let margin = 1.5 / self.scale;
        for op in self.ops.iter().rev() {
            let apart = op.right < x || op.left > x + w || op.bottom < y || op.top > y + h;
            match op.cover {
                Cover::Solid(shape, colour) if shape.holds(x, y, w, h, margin) => return Some(colour),
                Cover::Ring(hole) if apart || hole.holds(x, y, w, h, margin) => {}
                _ if apart => {}
                _ => return None,
            }
        }
        None
    }

    fn fill(&mut self, path: Path, colour: Colour) {
        if colour.a == 0 {
            return;
        }
        // Outlines of lines and dashes, arrowheads: convex polygons, each
        // drawn on its own; anything else (curves, concave shapes) as a path.
        if let Some(polys) = contours::convex(&path) {
            for poly in polys {
                let (mut l, mut t, mut r, mut b) = (f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY);
                for &(x, y) in &poly.points {
                    (l, t, r, b) = (l.min(x), t.min(y), r.max(x), b.max(y));
                }
                self.push((l, t, r, b), Prim::Convex { poly, colour });
            }
            return;
        }
        let b = path.bounds();
        self.push((b.left(), b.top(), b.right(), b.bottom()), Prim::Fill { path, colour });
    }

    /// A rounded rectangle (or the ring between `outer` and `inner`) in scene units.
    fn shape(&mut self, outer: shape::Rounded, inner: Option<shape::Rounded>, colour: Colour) {
        if colour.a == 0 || outer.w <= 0.0 || outer.h <= 0.0 {
            return;
        }
        let inner = inner.filter(|i| i.w > 0.0 && i.h > 0.0);
        self.push(
            (outer.x, outer.y, outer.x + outer.w, outer.y + outer.h),
            Prim::Shape {
                shape: shape::Shape { outer, inner },
                colour,
            },
        );
    }

    fn stroke(&mut self, path: Path, colour: Colour, width: f32, dashed: bool) {
        if colour.a == 0 || width <= 0.0 {
            return;
        }
        // Dashes are cut once here, not again in every band the line crosses,
        // and the dashes go to the bands they lie in, a band's height at a time.
        let path = if dashed {
            match dash().and_then(|d| path.dash(&d, self.scale)) {
                Some(dashes) => dashes,
                None => return,
            }
        } else {
            path
        };
        #[allow(clippy::cast_precision_loss)] // a small constant
        let rows = BAND_ROWS as f32 / self.scale;
        // Strokes wider than a pixel are outlined once here, as tiny-skia
        // would outline them for every band; thinner ones stay hairlines.
        if width * self.scale > 1.0 {
            let stroke = Stroke {
                width,
                ..Stroke::default()
            };
            if let Some(outline) = path.stroke(&stroke, self.scale) {
                for piece in contours::by_rows(outline, rows) {
                    self.fill(piece, colour);
                }
            }
            return;
        }
        for path in contours::by_rows(path, rows) {
            let b = path.bounds();
            self.push(
                (b.left() - width, b.top() - width, b.right() + width, b.bottom() + width),
                Prim::Stroke { path, colour, width },
            );
        }
    }

    /// A straight line wider than a pixel: its outline with butt ends, or
    /// each dash's, is a rectangle, made here rather than by dashing and
    /// stroking a path (what tiny-skia's stroker gives for it, to within
    /// float rounding).
    fn straight(&mut self, start: (f32, f32), end: (f32, f32), colour: Colour, width: f32, dashed: bool) {
        let (dx, dy) = (end.0 - start.0, end.1 - start.1);
        let len = dx.hypot(dy);
        if !(len > 0.0 && len.is_finite() && width > 0.0) {
            return;
        }
        let (ux, uy) = (dx / len, dy / len);
        let (nx, ny) = (-uy * width / 2.0, ux * width / 2.0);
        let mut piece = |from: f32, to: f32| {
            let near = (start.0 + ux * from, start.1 + uy * from);
            let far = (start.0 + ux * to, start.1 + uy * to);
            let points = vec![
                (near.0 + nx, near.1 + ny),
                (far.0 + nx, far.1 + ny),
                (far.0 - nx, far.1 - ny),
                (near.0 - nx, near.1 - ny),
            ];
            let mut bounds = (f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY);
            for &(x, y) in &points {
                bounds = (bounds.0.min(x), bounds.1.min(y), bounds.2.max(x), bounds.3.max(y));
            }
            // A rectangle is convex: no check needed.
            let poly = convex::Convex { points };
            self.push(bounds, Prim::Convex { poly, colour });
        };
        if dashed {
            // The dash pattern from the line's start, as the dasher cuts it.
            let [on, off] = DASH;
            let mut at = 0.0;
            while at < len {
                piece(at, (at + on).min(len));
                at += on + off;
            }
        } else {
            piece(0.0, len);
        }
    }

    /// The path of glyph `gid` of the sans (or mono) face, built on first use.
    fn glyph(&mut self, mono: bool, gid: ttf_parser::GlyphId) -> Option<usize> {
        if let Some(&known) = self.glyph_index.get(&(mono, gid.0)) {
            return known;
        }
        let f = fonts();
        let face = if mono { &f.mono } else { &f.sans }.as_ref()?;
        let mut outline = Outline(PathBuilder::new());
        let path = face
            .face
            .outline_glyph(gid, &mut outline)
            .and_then(|_| outline.0.finish());
        let index = path.map(|p| {
            self.glyphs.push(p);
            self.glyphs.len() - 1
        });
        self.glyph_index.insert((mono, gid.0), index);
        index
    }

    /// Lays out `text` at `size` from its baseline's left end: the glyphs of
    /// the face (the other embedded face for chars it lacks, else the missing
    /// glyph), advanced by their widths and kerning pairs.
    fn layout(mono: bool, size: f32, text: &str) -> (Vec<(bool, ttf_parser::GlyphId, f32, f32)>, f32) {
        let f = fonts();
        let (main, other) = if mono { (&f.mono, &f.sans) } else { (&f.sans, &f.mono) };
        let mut out = Vec::new();
        let mut pen = 0.0_f32;
        let mut previous: Option<(bool, ttf_parser::GlyphId)> = None;
        for c in text.chars() {
            let found = main
                .as_ref()
                .and_then(|m| m.face.glyph_index(c).map(|g| (mono, g, m)))
                .or_else(|| {
                    other
                        .as_ref()
                        .and_then(|m| m.face.glyph_index(c).map(|g| (!mono, g, m)))
                })
                .or_else(|| main.as_ref().map(|m| (mono, ttf_parser::GlyphId(0), m)));
            let Some((face_mono, gid, metrics)) = found else {
                pen += size / 2.0;
                continue;
            };
            let scale = size / metrics.upem;
            if let Some((prev_mono, prev)) = previous
                && prev_mono == face_mono
            {
                pen += f32::from(metrics.kerning(prev, gid)) * scale;
            }
            out.push((face_mono, gid, pen, scale));
            pen += metrics
                .face
                .glyph_hor_advance(gid)
                .map_or(metrics.upem / 2.0, f32::from)
                * scale;
            previous = Some((face_mono, gid));
        }
        (out, pen)
    }

    /// Pixel size of the picture at `scale` (as resvg sizes the SVG's).
    #[allow(clippy::cast_sign_loss)] // both factors are positive
    fn pixel_size(view: Rect, scale: f32) -> Option<IntSize> {
        let w = r2(view.w).round().max(1.0);
        let h = r2(view.h).round().max(1.0);
        IntSize::from_wh((w * scale).round() as u32, (h * scale).round() as u32)
    }
}

impl Canvas for Painter {
    #[allow(clippy::many_single_char_names)]
    fn rect(&mut self, r: Rect, radius: f32, fill: Colour, stroke: Option<(Colour, f32)>) {
        let (x, y, w, h) = (r2(r.x), r2(r.y), r2(r.w.max(0.0)), r2(r.h.max(0.0)));
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        let radius = r2(radius);
        let shape = RoundRect { x, y, w, h, radius };
        // A translucent fill over one known opaque colour is drawn as the
        // opaque colour it makes there: the same pixels, without blending
        // every one of them (containers nest four or five deep).
        let fill = match fill.a {
            0 | 255 => fill,
            _ if !self.precompose => fill,
            _ => self.solid_under(x, y, w, h).map_or(fill, |under| over(fill, under)),
        };
        let filled = self.ops.len();
        let outer = shape::Rounded::new(x, y, w, h, radius);
        self.shape(outer, None, fill);
        if fill.a == 255
            && let Some(op) = self.ops.get_mut(filled)
        {
            op.cover = Cover::Solid(shape, fill);
        }
        if let Some((colour, width)) = stroke {
            let width = r2(width);
            let stroked = self.ops.len();
            // The outline is centred on the edge: the ring between the box
            // grown and shrunk by half its width (sharp corners stay sharp).
            let half = width / 2.0;
            let grown = if radius > 0.0 { radius + half } else { 0.0 };
            let outer = shape::Rounded::new(x - half, y - half, w + width, h + width, grown);
            let inner = shape::Rounded::new(x + half, y + half, w - width, h - width, (radius - half).max(0.0));
            self.shape(outer, Some(inner), colour);
            // The outline paints a ring: nothing inside it, half a width in.
            let hole = RoundRect {
                x: x + width / 2.0,
                y: y + width / 2.0,
                w: (w - width).max(0.0),
                h: (h - width).max(0.0),
                radius: (radius - width / 2.0).max(0.0),
            };
            for op in self.ops.iter_mut().skip(stroked) {
                op.cover = Cover::Ring(hole);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn text(&mut self, x: f32, baseline: f32, size: f32, mono: bool, colour: Colour, anchor: Anchor, text: &str) {
        if text.is_empty() || colour.a == 0 {
            return;
        }
        let (x, baseline, size) = (r2(x), r2(baseline), r2(size));
        let (glyphs, width) = Painter::layout(mono, size, text);
        let start = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - width / 2.0,
            Anchor::End => x - width,
        };
        // Everything a glyph can cover: DejaVu's ascent and descent are under 1 em.
        let (top, bottom) = (baseline - size * 1.2, baseline + size * 0.4);
        let (left, right) = (start - size, start + width + size);
        // One op for the whole line, each glyph placed on whole pixels plus
        // a quarter-pixel step, its mask made once for the picture.
        let (x0, y0) = self.origin;
        let px = self.scale;
        let mut placed = Vec::with_capacity(glyphs.len());
        for (face_mono, gid, pen, em) in glyphs {
            if let Some(glyph) = self.glyph(face_mono, gid) {
                let (gx, gy) = ((start + pen - x0) * px, (baseline - y0) * px);
                if let Some(outline) = self.glyphs.get(glyph) {
                    placed.extend(self.masks.place(glyph, outline, em * px, gx, gy));
                }
            }
        }
        if !placed.is_empty() {
            self.push((left, top, right, bottom), Prim::Text { glyphs: placed, colour });
        }
    }

    fn icon(&mut self, kind: Kind, x: f32, y: f32, side: f32) {
        let Some(icon) = ICONS.iter().position(|(k, _)| *k == kind.key()) else {
            return;
        };
        let (x, y, side) = (r2(x), r2(y), r2(side));
        if side <= 0.0 {
            return;
        }
        let (x0, y0) = self.origin;
        let px = self.scale;
        if let Some(placed) = self.icons.place(icon, side * px, (x - x0) * px, (y - y0) * px) {
            self.push((x, y, x + side, y + side), Prim::Icon { placed });
        }
    }

    fn badge(&mut self, cx: f32, cy: f32, radius: f32, fill: Colour, text_colour: Colour, count: &str) {
        if let Some(circle) = PathBuilder::from_circle(r2(cx), r2(cy), r2(radius)) {
            self.fill(circle, fill);
        }
        let size = radius * 1.2;
        self.text(cx, cy + size * 0.36, size, false, text_colour, Anchor::Middle, count);
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), colour: Colour, width: f32, dashed: bool) {
        if self.straight_lines && width * self.scale > 1.0 && colour.a > 0 {
            self.straight(
                (r2(from.0), r2(from.1)),
                (r2(to.0), r2(to.1)),
                colour,
                r2(width),
                dashed,
            );
            return;
        }
        let mut p = PathBuilder::new();
        p.move_to(r2(from.0), r2(from.1));
        p.line_to(r2(to.0), r2(to.1));
        if let Some(path) = p.finish() {
            self.stroke(path, colour, r2(width), dashed);
        }
    }

    fn polygon(&mut self, points: &[(f32, f32)], fill: Colour) {
        let mut p = PathBuilder::new();
        for (i, &(x, y)) in points.iter().enumerate() {
            if i == 0 {
                p.move_to(r2(x), r2(y));
            } else {
                p.line_to(r2(x), r2(y));
            }
        }
        p.close();
        if let Some(path) = p.finish() {
            self.fill(path, fill);
        }
    }
}

/// A picture ready to rasterise: the display list with each band's ops.
pub(super) struct Picture {
    painter: Painter,
    size: IntSize,
    /// Scene units to pixels.
    transform: Transform,
    /// For each band, the ops that reach into it, in drawing order.
    bands: Vec<Vec<u32>>,
    /// The glyphs' coverage masks, made once per picture.
    masks: sprite::Masks,
    /// The icons' sprites, drawn once per picture and size.
    icons: icons::Icons,
}

impl Picture {
    /// The recorded picture of `view` (the SVG's viewBox) at `scale` pixels per unit.
    #[allow(clippy::cast_sign_loss)] // rows are clamped at 0
    pub(super) fn new(mut painter: Painter, view: Rect, scale: f32) -> Result<Picture, ExportError> {
        let size = Painter::pixel_size(view, scale).ok_or_else(|| ExportError::Image {
            detail: format!("cannot scale a {}×{} picture by {scale}", view.w, view.h),
        })?;
        let (x0, y0) = (r2(view.x), r2(view.y));
        let transform = Transform::from_row(scale, 0.0, 0.0, scale, -x0 * scale, -y0 * scale);
        let count = size.height().div_ceil(BAND_ROWS) as usize;
        let mut bands = vec![Vec::new(); count];
        for (i, op) in painter.ops.iter().enumerate() {
            let top = ((op.top - y0) * scale).floor().max(0.0) as usize / BAND_ROWS as usize;
            let bottom = ((op.bottom - y0) * scale).ceil().max(0.0) as usize / BAND_ROWS as usize;
            for band in bands.iter_mut().take(bottom + 1).skip(top) {
                band.push(i as u32);
            }
        }
        let mut masks = std::mem::take(&mut painter.masks);
        // The icons' sprites are drawn beside the glyph masks.
        let icons = std::mem::take(&mut painter.icons);
        let icons = std::thread::scope(|scope| {
            let drawing = scope.spawn(|| {
                let mut icons = icons;
                icons.prepare(icon_trees());
                icons
            });
            masks.prepare(&painter.glyphs, threads());
            drawing.join()
        })
        // Icons that could not be drawn are left out; the rest of the picture stands.
        .unwrap_or_default();
        Ok(Picture {
            painter,
            size,
            transform,
            bands,
            masks,
            icons,
        })
    }

    pub(super) fn width(&self) -> u32 {
        self.size.width()
    }

    pub(super) fn height(&self) -> u32 {
        self.size.height()
    }

    /// Draws band `index` into `pixmap` (its full width, `BAND_ROWS` tall or
    /// the rest of the picture).
    fn draw_band(&self, index: usize, pixmap: &mut Pixmap) {
        pixmap.fill(tiny_skia::Color::TRANSPARENT);
        let offset = (index as u32 * BAND_ROWS) as f32;
        let base = self.transform.post_translate(0.0, -offset);
        let mut scratch = shape::Scratch::default();
        let (s, tx, ty) = (base.sx, base.tx, base.ty);
        let width = pixmap.width() as usize;
        for &i in &self.bands[index] {
            let op = &self.painter.ops[i as usize];
            match &op.prim {
                Prim::Fill { path, colour } => {
                    pixmap.fill_path(path, &paint_of(*colour), FillRule::Winding, base, None);
                }
                Prim::Stroke { path, colour, width } => {
                    let stroke = Stroke {
                        width: *width,
                        ..Stroke::default()
                    };
                    pixmap.stroke_path(path, &paint_of(*colour), &stroke, base, None);
                }
                Prim::Convex { poly, colour } => {
                    poly.map(|(x, y)| (x * s + tx, y * s + ty))
                        .draw(*colour, pixmap.data_mut(), width, &mut scratch);
                }
                Prim::Shape { shape, colour } => {
                    let px =
                        |r: shape::Rounded| shape::Rounded::new(r.x * s + tx, r.y * s + ty, r.w * s, r.h * s, r.r * s);
                    let on_band = shape::Shape {
                        outer: px(shape.outer),
                        inner: shape.inner.map(px),
                    };
                    on_band.draw(*colour, pixmap.data_mut(), width, &mut scratch);
                }
                Prim::Text { glyphs, colour } => {
                    #[allow(clippy::cast_possible_wrap)] // bands start well within i32
                    let first_row = (index as u32 * BAND_ROWS) as i32;
                    for placed in glyphs {
                        self.masks.blend(*placed, *colour, pixmap.data_mut(), width, first_row);
                    }
                }
                Prim::Icon { placed } => {
                    #[allow(clippy::cast_possible_wrap)] // bands start well within i32
                    let first_row = (index as u32 * BAND_ROWS) as i32;
                    self.icons.blend(*placed, pixmap.data_mut(), width, first_row);
                }
            }
        }
    }
}
