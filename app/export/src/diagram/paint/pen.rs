//! Drawing one colour into premultiplied RGBA pixels, source over
//! destination, at any coverage: what boxes, convex shapes and glyph masks
//! share.
//!
//! A pixel is handled as one `u32` with two 16-bit lanes (red and blue,
//! green and alpha), so the four channels are scaled and rounded together;
//! the lanes never carry into each other (255 × 255 + 255 < 65,536).

use crate::diagram::Colour;

/// The red and blue (or, shifted, green and alpha) bytes of a pixel.
const LANES: u32 = 0x00ff_00ff;

/// A colour ready to draw with: premultiplied, with its opacity.
pub(super) struct Pen {
    /// Red and blue in their lanes, and green with alpha 255 in theirs.
    rb: u32,
    ga: u32,
    a: u32,
    solid: [u8; 4],
    /// The colour drawn at full coverage (premultiplied by its own opacity),
    /// and what is kept of the pixel under it.
    full: u32,
    keep: u32,
}

impl Pen {
    pub(super) fn new(c: Colour) -> Pen {
        let a = u32::from(c.a);
        let rb = u32::from(c.r) | u32::from(c.b) << 16;
        let ga = u32::from(c.g) | 255 << 16;
        Pen {
            rb,
            ga,
            a,
            solid: [c.r, c.g, c.b, 255],
            full: premultiplied(rb, ga, a),
            keep: 255 - a,
        }
    }

    /// Fully covered pixels.
    pub(super) fn fill(&self, pixels: &mut [u8]) {
        if self.a == 255 {
            pixels.as_chunks_mut::<4>().0.fill(self.solid);
        } else {
            for px in pixels.as_chunks_mut::<4>().0 {
                *px = (self.full + scale(u32::from_le_bytes(*px), self.keep)).to_le_bytes();
            }
        }
    }

    /// One pixel covered by the fraction `coverage`.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    pub(super) fn blend(&self, px: &mut [u8], coverage: f32) {
        self.cover(px, ((coverage * 255.0 + 0.5) as u32).min(255));
    }

    /// One pixel covered by `coverage` of 255 (a glyph mask's value).
    pub(super) fn cover(&self, px: &mut [u8], coverage: u32) {
        if coverage > 0 {
            self.over(px, div255(coverage * self.a));
        }
    }

    /// Source over the pixel, with source opacity `sa` (0–255): each
    /// channel becomes `s·sa/255 + d·(255 − sa)/255`, both terms rounded
    /// (they never sum past 255).
    fn over(&self, px: &mut [u8], sa: u32) {
        let Some(px) = px.first_chunk_mut::<4>() else {
            return;
        };
        let d = u32::from_le_bytes(*px);
        *px = (premultiplied(self.rb, self.ga, sa) + scale(d, 255 - sa)).to_le_bytes();
    }
}

/// The premultiplied pixel `src` over `dst`: `src + dst·(255 − src alpha)/255`
/// in every channel, rounded.
pub(super) fn over_premultiplied(dst: &mut [u8; 4], src: [u8; 4]) {
    match src[3] {
        0 => {}
        255 => *dst = src,
        a => {
            let kept = scale(u32::from_le_bytes(*dst), 255 - u32::from(a));
            *dst = (u32::from_le_bytes(src) + kept).to_le_bytes();
        }
    }
}

/// The colour in lanes `rb` and `ga` scaled by `sa` of 255, as one pixel.
fn premultiplied(rb: u32, ga: u32, sa: u32) -> u32 {
    lanes_div255(rb * sa) | lanes_div255(ga * sa) << 8
}

/// Every channel of pixel `d` scaled by `k` of 255, rounded.
fn scale(d: u32, k: u32) -> u32 {
    lanes_div255((d & LANES) * k) | lanes_div255((d >> 8 & LANES) * k) << 8
}

/// [`div255`] in both 16-bit lanes of `v`.
fn lanes_div255(v: u32) -> u32 {
    let v = v + 0x0080_0080;
    ((v + (v >> 8 & LANES)) >> 8) & LANES
}

/// `v / 255` rounded, for `v` up to 255 × 255.
fn div255(v: u32) -> u32 {
    (v + 128 + ((v + 128) >> 8)) >> 8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blend per channel, as it was first written.
    fn reference(colour: [u8; 4], sa: u32, px: [u8; 4]) -> [u8; 4] {
        let keep = 255 - sa;
        let mut out = [0; 4];
        for c in 0..3 {
            out[c] = (div255(u32::from(colour[c]) * sa) + div255(u32::from(px[c]) * keep)).min(255) as u8;
        }
        out[3] = (sa + div255(u32::from(px[3]) * keep)).min(255) as u8;
        out
    }

    #[test]
    fn packed_blending_equals_the_per_channel_formula() {
        let values = [0_u8, 1, 2, 17, 100, 127, 128, 129, 200, 254, 255];
        for &r in &values {
            for &a in &values {
                let colour = Colour {
                    r,
                    g: 255 - r,
                    b: r / 3,
                    a,
                };
                let pen = Pen::new(colour);
                for &d in &values {
                    for &coverage in &[0_u32, 1, 64, 128, 200, 254, 255] {
                        let px = [d, 255 - d, d / 2, d.max(a)];
                        let mut got = px;
                        pen.cover(&mut got, coverage);
                        let sa = div255(coverage * u32::from(a));
                        let want = if coverage == 0 {
                            px
                        } else {
                            reference([r, 255 - r, r / 3, a], sa, px)
                        };
                        assert_eq!(got, want, "colour {colour:?} coverage {coverage} over {px:?}");
                    }
                    let mut filled = [d, 255 - d, d / 2, 255, 0, d, 9, 255];
                    let before = filled;
                    pen.fill(&mut filled);
                    for (got, was) in filled.chunks_exact(4).zip(before.chunks_exact(4)) {
                        let was: [u8; 4] = was.try_into().expect("a pixel");
                        let want = if a == 255 {
                            [r, 255 - r, r / 3, 255]
                        } else {
                            reference([r, 255 - r, r / 3, a], u32::from(a), was)
                        };
                        assert_eq!(got, want, "fill {colour:?} over {was:?}");
                    }
                }
            }
        }
    }
}
