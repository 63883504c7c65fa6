//! Rounded rectangles and their outlines drawn straight into a band, with
//! exact horizontal coverage: a picture is mostly boxes inside boxes, and a
//! general path filler would scan every box again in every band it crosses.
//! A row that lies in a box's straight part is a span with a fractional pixel
//! at either end; only rows through a rounded corner or a top or bottom edge
//! are sampled, at [`SUB_ROWS`] heights, as a scanline filler samples them.

use super::pen::Pen;
use crate::diagram::Colour;

/// Heights a row through a corner or an edge is sampled at.
const SUB_ROWS: usize = 8;

/// A rounded rectangle in pixels (radius already clamped to fit).
#[derive(Clone, Copy, Debug)]
pub(super) struct Rounded {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) w: f32,
    pub(super) h: f32,
    pub(super) r: f32,
}

impl Rounded {
    pub(super) fn new(x: f32, y: f32, w: f32, h: f32, radius: f32) -> Rounded {
        let (w, h) = (w.max(0.0), h.max(0.0));
        Rounded {
            x,
            y,
            w,
            h,
            r: radius.min(w / 2.0).min(h / 2.0).max(0.0),
        }
    }

    /// The horizontal extent of the shape at height `y`, if it reaches there.
    fn span(&self, y: f32) -> Option<(f32, f32)> {
        if y < self.y || y >= self.y + self.h {
            return None;
        }
        let dy = if y < self.y + self.r {
            self.y + self.r - y
        } else if y > self.y + self.h - self.r {
            y - (self.y + self.h - self.r)
        } else {
            0.0
        };
        let dx = if dy > 0.0 {
            self.r - (self.r * self.r - dy * dy).max(0.0).sqrt()
        } else {
            0.0
        };
        Some((self.x + dx, self.x + self.w - dx))
    }

    /// Whether the row of pixels from `y` to `y + 1` crosses only the
    /// straight part of the shape (every height in it has the same extent).
    fn straight_at(&self, y: f32) -> bool {
        y >= self.y + self.r && y + 1.0 <= self.y + self.h - self.r
    }

    /// Whether the row from `y` to `y + 1` misses the shape.
    fn misses(&self, y: f32) -> bool {
        y + 1.0 <= self.y || y >= self.y + self.h
    }
}

/// A filled rounded rectangle, or (with `inner`) the ring between two.
#[derive(Clone, Copy, Debug)]
pub(super) struct Shape {
    pub(super) outer: Rounded,
    pub(super) inner: Option<Rounded>,
}

impl Shape {
    /// The spans of the shape at height `y` (at most two).
    fn spans(&self, y: f32) -> [Option<(f32, f32)>; 2] {
        let Some((l, r)) = self.outer.span(y) else {
            return [None, None];
        };
        match self.inner.and_then(|i| i.span(y)) {
            Some((il, ir)) if il < ir => [Some((l, il.max(l))), Some((ir.min(r), r))],
            _ => [Some((l, r)), None],
        }
    }

    /// Whether every height in the row from `y` to `y + 1` has the same spans.
    fn uniform_at(&self, y: f32) -> bool {
        self.outer.straight_at(y) && self.inner.is_none_or(|i| i.straight_at(y) || i.misses(y))
    }

    /// Draws the shape in `colour` into `rows` (premultiplied RGBA, `width`
    /// pixels a row); `scratch` is reused between calls.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        clippy::cast_possible_wrap
    )]
    pub(super) fn draw(&self, colour: Colour, rows: &mut [u8], width: usize, scratch: &mut Scratch) {
        if width == 0 || colour.a == 0 {
            return;
        }
        let height = rows.len() / (width * 4);
        let o = self.outer;
        let first = o.y.floor().max(0.0) as usize;
        let last = ((o.y + o.h).ceil().max(0.0) as usize).min(height);
        let left = (o.x.floor().max(0.0) as usize).min(width);
        let right = (((o.x + o.w).ceil().max(0.0)) as usize).min(width);
        if first >= last || left >= right {
            return;
        }
        let pen = Pen::new(colour);
        for row in first..last {
            let y = row as f32;
            let line = &mut rows[row * width * 4..][..width * 4];
            if self.uniform_at(y) {
                for (a, b) in self.spans(y + 0.5).into_iter().flatten() {
                    span(line, a, b, width, &pen);
                }
                continue;
            }
            // Sample the row at several heights into per-pixel coverage; full
            // pixels go through a running sum (`+` where a run starts, `−`
            // where it ends) so a wide edge costs one pass.
            let weight = 1.0 / SUB_ROWS as f32;
            let mut spans = [(0.0_f32, 0.0_f32); 2 * SUB_ROWS];
            let mut count = 0;
            // What the pixels between the corners get: every sampled height
            // inside the outer shape and outside the inner one.
            let mut between = 0.0;
            for s in 0..SUB_ROWS {
                let sy = y + (s as f32 + 0.5) * weight;
                for (a, b) in self.spans(sy).into_iter().flatten() {
                    let (a, b) = (a.clamp(left as f32, right as f32), b.clamp(left as f32, right as f32));
                    if b > a {
                        spans[count] = (a, b);
                        count += 1;
                    }
                }
                let hole = self.inner.and_then(|i| i.span(sy)).is_some_and(|(il, ir)| il < ir);
                if self.outer.span(sy).is_some() && !hole {
                    between += weight;
                }
            }
            // Only the corners are sampled pixel by pixel; between them every
            // pixel has the same coverage (the sum of the same binary
            // fractions the sampling adds up, so the same pixels).
            let (m0, m1) = self.between_corners();
            let (c0, c1) = (
                (m0.ceil().max(left as f32) as usize).min(right),
                (m1.floor().max(0.0) as usize).min(right),
            );
            if c1 > c0 {
                scratch.sample(&spans[..count], left, c0, weight, line, &pen);
                if between >= 1.0 {
                    pen.fill(&mut line[c0 * 4..c1 * 4]);
                } else if between > 0.0 {
                    for px in line[c0 * 4..c1 * 4].chunks_exact_mut(4) {
                        pen.blend(px, between);
                    }
                }
                scratch.sample(&spans[..count], c1, right, weight, line, &pen);
            } else {
                scratch.sample(&spans[..count], left, right, weight, line, &pen);
            }
        }
    }

    /// The horizontal range between the rounded corners of the outer shape
    /// and of the inner one: there a row's coverage depends on its height only.
    fn between_corners(&self) -> (f32, f32) {
        let o = self.outer;
        let (mut from, mut to) = (o.x + o.r, o.x + o.w - o.r);
        if let Some(i) = self.inner {
            from = from.max(i.x + i.r);
            to = to.min(i.x + i.w - i.r);
        }
        (from, to)
    }
}

/// Per-pixel coverage of one row being sampled: partial pixels, and where
/// runs of full pixels start (+) and end (−).
#[derive(Default)]
pub(super) struct Scratch {
    run: Vec<f32>,
    full: Vec<f32>,
}

impl Scratch {
    /// Draws with `pen` into `line` (one row of pixels) the coverage of
    /// pixels `left..right` by `spans`, each seen at one sampled height worth
    /// `weight`: fully covered runs as fills, the rest pixel by pixel.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    pub(super) fn sample(
        &mut self,
        spans: &[(f32, f32)],
        left: usize,
        right: usize,
        weight: f32,
        line: &mut [u8],
        pen: &Pen,
    ) {
        if right <= left {
            return;
        }
        let (run, full) = (&mut self.run, &mut self.full);
        for v in [&mut *run, &mut *full] {
            v.clear();
            v.resize(right - left + 1, 0.0);
        }
        for &(a, b) in spans {
            let (a, b) = (a.clamp(left as f32, right as f32), b.clamp(left as f32, right as f32));
            if b <= a {
                continue;
            }
            // Both are at least `left`, so truncating is flooring (and
            // cheaper: without SSE4.1 `floor` is a library call).
            let (ia, ib) = (a as usize, b as usize);
            if ia == ib {
                run[ia - left] += (b - a) * weight;
                continue;
            }
            // Partial end pixels, and a run of full ones in between (+ where
            // it starts, − where it ends, summed as the row is walked).
            run[ia - left] += (ia as f32 + 1.0 - a) * weight;
            run[ib - left] += (b - ib as f32) * weight;
            full[ia + 1 - left] += weight;
            full[ib - left] -= weight;
        }
        // The weights are binary fractions, so a covered pixel sums to
        // exactly 1; drawing it by `fill` gives what `blend` at 1 gives.
        let mut sum = 0.0;
        let mut covered: Option<usize> = None;
        for x in left..right {
            sum += full[x - left];
            let c = (run[x - left] + sum).clamp(0.0, 1.0);
            if c >= 1.0 {
                covered.get_or_insert(x);
                continue;
            }
            if let Some(from) = covered.take() {
                pen.fill(&mut line[from * 4..x * 4]);
            }
            if c > 0.0 {
                pen.blend(&mut line[x * 4..x * 4 + 4], c);
            }
        }
        if let Some(from) = covered {
            pen.fill(&mut line[from * 4..right * 4]);
        }
    }
}

/// Fills pixels `a`..`b` of one row (fractional ends partly covered).
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
fn span(line: &mut [u8], a: f32, b: f32, width: usize, pen: &Pen) {
    let (a, b) = (a.clamp(0.0, width as f32), b.clamp(0.0, width as f32));
    if b <= a {
        return;
    }
    // Not negative: truncating is flooring.
    let (ia, ib) = (a as usize, b as usize);
    if ia == ib {
        pen.blend(&mut line[ia * 4..ia * 4 + 4], b - a);
        return;
    }
    pen.blend(&mut line[ia * 4..ia * 4 + 4], ia as f32 + 1.0 - a);
    pen.fill(&mut line[(ia + 1) * 4..ib * 4]);
    if ib < width {
        pen.blend(&mut line[ib * 4..ib * 4 + 4], b - ib as f32);
    }
}
