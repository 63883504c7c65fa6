//! Convex polygons with straight sides (the outlines of lines and dashes,
//! arrowheads) drawn straight into a band: each row of pixels is sampled at
//! [`SUB_ROWS`] heights, the polygon's extent at each height accumulated as
//! exact horizontal coverage over just the pixels that row touches. A long
//! line across the picture costs a few pixels a row, where a general path
//! filler sets up a full-width row buffer in every band it crosses.

use super::pen::Pen;
use super::shape::Scratch;
use crate::diagram::Colour;

/// Heights each row is sampled at (as many as tiny-skia's scanline filler).
const SUB_ROWS: usize = 4;

/// A convex polygon, its corners in order (either direction).
#[derive(Clone, Debug)]
pub(super) struct Convex {
    pub(super) points: Vec<(f32, f32)>,
}

impl Convex {
    /// The polygon if `points` (three or more) make a convex shape; `None`
    /// for a concave or self-crossing one, which a path filler must draw.
    pub(super) fn new(points: Vec<(f32, f32)>) -> Option<Convex> {
        let n = points.len();
        if n < 3 || points.iter().any(|(x, y)| !x.is_finite() || !y.is_finite()) {
            return None;
        }
        // The side every turn goes to (none yet), and the angle turned in all.
        let mut side: Option<bool> = None;
        let mut turns = 0.0_f32;
        for i in 0..n {
            let (a, b, c) = (points[i], points[(i + 1) % n], points[(i + 2) % n]);
            let cross = (b.0 - a.0) * (c.1 - b.1) - (b.1 - a.1) * (c.0 - b.0);
            if cross.abs() <= f32::EPSILON {
                continue;
            }
            let left = cross > 0.0;
            if *side.get_or_insert(left) != left {
                return None;
            }
            let (d1, d2) = ((b.0 - a.0, b.1 - a.1), (c.0 - b.0, c.1 - b.1));
            turns += (d1.0 * d2.1 - d1.1 * d2.0).atan2(d1.0 * d2.0 + d1.1 * d2.1);
        }
        // One turn around, not a star that winds twice.
        (side.is_some() && turns.abs() < 7.0).then_some(Convex { points })
    }

    /// The same polygon mapped by `f` (scene units to pixels).
    pub(super) fn map(&self, f: impl Fn((f32, f32)) -> (f32, f32)) -> Convex {
        Convex {
            points: self.points.iter().copied().map(f).collect(),
        }
    }

    /// The polygon's sides as (top, bottom, x at top, x per unit of y),
    /// horizontal ones as (y, y, left x, right x − left x).
    fn sides(&self) -> Vec<(f32, f32, f32, f32)> {
        let n = self.points.len();
        (0..n)
            .map(|i| {
                let ((x1, y1), (x2, y2)) = (self.points[i], self.points[(i + 1) % n]);
                let ((xa, ya), (xb, yb)) = if y1 <= y2 {
                    ((x1, y1), (x2, y2))
                } else {
                    ((x2, y2), (x1, y1))
                };
                if yb - ya <= f32::EPSILON {
                    (ya, yb, xa.min(xb), (xa - xb).abs())
                } else {
                    (ya, yb, xa, (xb - xa) / (yb - ya))
                }
            })
            .collect()
    }

    /// Draws the polygon in `colour` into `rows` (premultiplied RGBA, `width`
    /// pixels a row); `scratch` is reused between calls.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    pub(super) fn draw(&self, colour: Colour, rows: &mut [u8], width: usize, scratch: &mut Scratch) {
        if width == 0 || colour.a == 0 {
            return;
        }
        let height = rows.len() / (width * 4);
        let (mut top, mut bottom) = (f32::INFINITY, f32::NEG_INFINITY);
        for &(_, y) in &self.points {
            top = top.min(y);
            bottom = bottom.max(y);
        }
        let first = top.floor().max(0.0) as usize;
        let last = (bottom.ceil().max(0.0) as usize).min(height);
        let pen = Pen::new(colour);
        let weight = 1.0 / SUB_ROWS as f32;
        let sides = self.sides();
        // The polygon's extent at height `y`: where the sides crossing it are.
        let span = |y: f32| {
            let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
            for &(top, bottom, x, slope) in &sides {
                if y < top || y > bottom {
                    continue;
                }
                if bottom - top <= f32::EPSILON {
                    // A horizontal side: all of it.
                    lo = lo.min(x);
                    hi = hi.max(x + slope);
                } else {
                    let at = x + (y - top) * slope;
                    lo = lo.min(at);
                    hi = hi.max(at);
                }
            }
            (lo < hi).then_some((lo, hi))
        };
        let mut spans = [(0.0_f32, 0.0_f32); SUB_ROWS];
        for row in first..last {
            let mut count = 0;
            let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
            for s in 0..SUB_ROWS {
                let y = row as f32 + (s as f32 + 0.5) * weight;
                if let Some((a, b)) = span(y) {
                    let (a, b) = (a.clamp(0.0, width as f32), b.clamp(0.0, width as f32));
                    if b > a {
                        spans[count] = (a, b);
                        count += 1;
                        lo = lo.min(a);
                        hi = hi.max(b);
                    }
                }
            }
            if count == 0 {
                continue;
            }
            // Both are clamped to 0 or more: truncating is flooring.
            let left = lo as usize;
            let whole = hi as usize;
            let right = if hi > whole as f32 { whole + 1 } else { whole }.min(width);
            let line = &mut rows[row * width * 4..][..width * 4];
            scratch.sample(&spans[..count], left, right, weight, line, &pen);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_convex_polygons_are_taken() {
        let square = vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)];
        assert!(Convex::new(square.clone()).is_some());
        let reversed: Vec<_> = square.into_iter().rev().collect();
        assert!(Convex::new(reversed).is_some());
        // A notch (concave), a five-pointed star (winds twice), too few corners.
        assert!(Convex::new(vec![(0.0, 0.0), (4.0, 0.0), (2.0, 1.0), (4.0, 4.0), (0.0, 4.0)]).is_none());
        let star = (0..5)
            .map(|i| {
                let a = f32::from(u8::try_from(i * 2 % 5).unwrap()) * std::f32::consts::TAU / 5.0;
                (a.cos(), a.sin())
            })
            .collect();
        assert!(Convex::new(star).is_none());
        assert!(Convex::new(vec![(0.0, 0.0), (1.0, 1.0)]).is_none());
    }

    #[test]
    fn a_half_pixel_edge_is_half_covered_and_the_inside_full() {
        // Black on white, 4×2 pixels: the polygon covers x 0.5..3 on both rows.
        let (width, height) = (4, 2);
        let mut rows = [255_u8].repeat(width * height * 4);
        let poly = Convex::new(vec![(0.5, 0.0), (3.0, 0.0), (3.0, 2.0), (0.5, 2.0)]).unwrap();
        let black = Colour {
            r: 0,
            g: 0,
            b: 0,
            a: 255,
        };
        poly.draw(black, &mut rows, width, &mut Scratch::default());
        for row in rows.chunks_exact(width * 4) {
            let red: Vec<u8> = row.chunks_exact(4).map(|p| p[0]).collect();
            assert!((126..=129).contains(&red[0]), "{red:?}");
            assert_eq!(&red[1..], [0, 0, 255], "{red:?}");
        }
    }
}
