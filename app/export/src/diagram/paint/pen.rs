//! Drawing one colour into premultiplied RGBA pixels, source over
//! destination, at any coverage: what boxes, convex shapes and glyph masks
//! share.

use crate::diagram::Colour;

/// A colour ready to draw with: premultiplied, with its opacity.
pub(super) struct Pen {
    rgb: [u32; 3],
    a: u32,
    solid: [u8; 4],
}

impl Pen {
    pub(super) fn new(c: Colour) -> Pen {
        Pen {
            rgb: [u32::from(c.r), u32::from(c.g), u32::from(c.b)],
            a: u32::from(c.a),
            solid: [c.r, c.g, c.b, 255],
        }
    }

    /// Fully covered pixels.
    pub(super) fn fill(&self, pixels: &mut [u8]) {
        if self.a == 255 {
            pixels.as_chunks_mut::<4>().0.fill(self.solid);
        } else {
            for px in pixels.chunks_exact_mut(4) {
                self.over(px, self.a);
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

    /// Source over the pixel, with source opacity `sa` (0–255).
    #[allow(clippy::cast_possible_truncation)]
    fn over(&self, px: &mut [u8], sa: u32) {
        let keep = 255 - sa;
        for (c, &s) in self.rgb.iter().enumerate() {
            px[c] = (div255(s * sa) + div255(u32::from(px[c]) * keep)).min(255) as u8;
        }
        px[3] = (sa + div255(u32::from(px[3]) * keep)).min(255) as u8;
    }
}

/// `v / 255` rounded, for `v` up to 255 × 255.
fn div255(v: u32) -> u32 {
    (v + 128 + ((v + 128) >> 8)) >> 8
}
