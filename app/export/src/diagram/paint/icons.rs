//! Icons prepared once per picture: each kind's icon at each pixel size and
//! quarter-pixel offset is drawn once with resvg into a small premultiplied
//! sprite, and every use of it is a blend of that sprite into the band, as
//! glyphs are ([`super::sprite`]). Before, resvg drew every icon again in
//! every band it crossed; on the 30-spoke estate 447 icons now take 139
//! sprites.

use std::collections::HashMap;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

use super::pen;

/// Pixels of room around an icon's 24-unit box, for strokes on its edge.
const MARGIN: i32 = 2;

/// Sub-pixel positions per pixel an icon can be drawn at.
const STEPS: f32 = 4.0;

/// Which icon at which size (the bits of its side in pixels) and sub-pixel offset.
type Key = (usize, u32, u8, u8);

/// An icon drawn at one size: premultiplied RGBA rows.
struct Sprite {
    side: usize,
    rgba: Vec<u8>,
}

/// An icon placed on the picture: its sprite and top-left pixel.
#[derive(Clone, Copy)]
pub(super) struct Placed {
    sprite: u32,
    x: i32,
    y: i32,
}

/// The icon sprites of one picture: placed first, then drawn all at once.
#[derive(Default)]
pub(super) struct Icons {
    keys: Vec<Key>,
    index: HashMap<Key, u32>,
    sprites: Vec<Sprite>,
}

impl Icons {
    /// Icon `icon` with its top-left corner at pixel (`x`, `y`), `side` pixels a side.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // pixel positions within the picture's limit
    pub(super) fn place(&mut self, icon: usize, side: f32, x: f32, y: f32) -> Option<Placed> {
        let split = |v: f32| {
            let steps = (v * STEPS).round();
            let whole = (steps / STEPS).floor();
            (whole as i32, (steps - whole * STEPS) as u8)
        };
        let ((ix, fx), (iy, fy)) = (split(x), split(y));
        let key = (icon, side.to_bits(), fx, fy);
        let sprite = if let Some(&s) = self.index.get(&key) {
            s
        } else {
            let s = u32::try_from(self.keys.len()).ok()?;
            self.keys.push(key);
            self.index.insert(key, s);
            s
        };
        Some(Placed {
            sprite,
            x: ix - MARGIN,
            y: iy - MARGIN,
        })
    }

    /// Draws every placed icon's sprite from the parsed icons `trees` (once:
    /// nothing is placed after).
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    pub(super) fn prepare(&mut self, trees: &[Option<usvg::Tree>]) {
        if self.sprites.len() == self.keys.len() {
            return;
        }
        self.sprites = self
            .keys
            .iter()
            .map(|&(icon, side, fx, fy)| {
                let side = f32::from_bits(side);
                let pixels = (side.ceil().max(0.0) as i32 + 2 * MARGIN + 1) as u32;
                let drawn = trees.get(icon).and_then(Option::as_ref).and_then(|tree| {
                    let mut pixmap = Pixmap::new(pixels, pixels)?;
                    let s = side / 24.0;
                    let (dx, dy) = (f32::from(fx) / STEPS, f32::from(fy) / STEPS);
                    let at = Transform::from_row(s, 0.0, 0.0, s, MARGIN as f32 + dx, MARGIN as f32 + dy);
                    resvg::render(tree, at, &mut pixmap.as_mut());
                    Some(pixmap.take())
                });
                Sprite {
                    side: if drawn.is_some() { pixels as usize } else { 0 },
                    rgba: drawn.unwrap_or_default(),
                }
            })
            .collect();
    }

    /// Blends `placed` into `rows` (premultiplied RGBA, `width` pixels a
    /// row), whose first row is picture row `first_row`.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_possible_wrap)]
    pub(super) fn blend(&self, placed: Placed, rows: &mut [u8], width: usize, first_row: i32) {
        let Some(sprite) = self.sprites.get(placed.sprite as usize) else {
            return;
        };
        let side = sprite.side as i32;
        let height = (rows.len() / (width * 4).max(1)) as i32;
        let (x0, y0) = (placed.x, placed.y - first_row);
        let (from_y, to_y) = (y0.max(0), (y0 + side).min(height));
        let (from_x, to_x) = (x0.max(0), (x0 + side).min(width as i32));
        if from_y >= to_y || from_x >= to_x {
            return;
        }
        let span = (to_x - from_x) as usize * 4;
        for y in from_y..to_y {
            let src = &sprite.rgba[((y - y0) * side + (from_x - x0)) as usize * 4..][..span];
            let dst = &mut rows[(y as usize * width + from_x as usize) * 4..][..span];
            for (d, s) in dst.as_chunks_mut::<4>().0.iter_mut().zip(src.as_chunks::<4>().0) {
                pen::over_premultiplied(d, *s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icons_of_one_kind_size_and_offset_share_a_sprite() {
        let mut icons = Icons::default();
        let a = icons.place(0, 20.0, 10.0, 30.0).expect("placed");
        let b = icons.place(0, 20.0, 110.0, 230.0).expect("placed");
        let c = icons.place(0, 20.0, 10.25, 30.0).expect("placed");
        let d = icons.place(1, 20.0, 10.0, 30.0).expect("placed");
        assert_eq!(a.sprite, b.sprite);
        assert_ne!(a.sprite, c.sprite, "another quarter-pixel offset");
        assert_ne!(a.sprite, d.sprite, "another icon");
        assert_eq!((b.x, b.y), (110 - MARGIN, 230 - MARGIN));
        // Drawn once each, and blending one paints pixels where it is placed.
        let trees: Vec<Option<usvg::Tree>> = netdraft_scene::icons::ICONS
            .iter()
            .take(2)
            .map(|(_, text)| usvg::Tree::from_str(text, &usvg::Options::default()).ok())
            .collect();
        icons.prepare(&trees);
        assert_eq!(icons.sprites.len(), 3);
        let (width, rows) = (64, 64);
        let mut band = vec![0_u8; width * rows * 4];
        icons.blend(a, &mut band, width, 0);
        let painted = |x0: usize, x1: usize, y0: usize, y1: usize| {
            (y0..y1).any(|y| (x0..x1).any(|x| band[(y * width + x) * 4 + 3] > 0))
        };
        assert!(painted(10, 30, 30, 50), "the icon's box");
        assert!(!painted(40, 64, 0, 64) && !painted(0, 64, 0, 25), "nothing far from it");
    }
}
