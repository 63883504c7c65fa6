//! Glyphs prepared once per picture: each (glyph, pixel size, quarter-pixel
//! offset) is rasterised once into a small coverage mask, and every use of it
//! is a blend of that mask into the band, instead of scanning the glyph's
//! outline again for every letter of every label. A quarter of a pixel is
//! finer than anti-aliasing shows, so the letters look as they did.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError, mpsc};

use resvg::tiny_skia::{FillRule, Paint, Path, Pixmap, Transform};

use super::pen::Pen;
use crate::diagram::Colour;

/// Sub-pixel positions per pixel a glyph can be drawn at.
const STEPS: f32 = 4.0;

/// A glyph's coverage at one size and sub-pixel offset.
pub(in crate::diagram) struct Mask {
    /// Offset of the mask's top-left pixel from the glyph's whole-pixel origin.
    left: i32,
    top: i32,
    width: usize,
    height: usize,
    /// Coverage, 0–255, row by row.
    alpha: Vec<u8>,
}

/// A glyph placed on the picture: its mask and whole-pixel origin.
#[derive(Clone, Copy)]
pub(super) struct Placed {
    pub(super) mask: u32,
    pub(super) x: i32,
    pub(super) y: i32,
}

/// Which glyph at which size and offset a mask is of.
type Key = (usize, u32, u8, u8);

/// A mask to make: its index, the glyph's outline and where it is drawn.
pub(in crate::diagram) type Job = (u32, Path, Transform);

/// The masks of one picture: each sent to be made as it is first placed
/// (when a worker is listening, while the rest of the picture is still
/// being recorded), and any not made that way made all at once on all cores.
#[derive(Default)]
pub(super) struct Masks {
    keys: Vec<Key>,
    list: Vec<Mask>,
    index: HashMap<Key, u32>,
    /// Where new masks are sent to be made.
    jobs: Option<mpsc::Sender<Job>>,
    /// Masks made by workers, by index.
    made: Vec<Option<Mask>>,
}

/// Where glyph `key` is drawn in its mask's frame (font units to pixels,
/// y down, with its sub-pixel offset).
fn placement(&(_, px_per_unit, fx, fy): &Key) -> Transform {
    let ppu = f32::from_bits(px_per_unit);
    Transform::from_row(ppu, 0.0, 0.0, -ppu, f32::from(fx) / STEPS, f32::from(fy) / STEPS)
}

fn empty() -> Mask {
    Mask {
        left: 0,
        top: 0,
        width: 0,
        height: 0,
        alpha: Vec::new(),
    }
}

/// A worker: makes the masks sent to `jobs` until the sender is gone.
pub(in crate::diagram) fn work(jobs: &Mutex<mpsc::Receiver<Job>>) -> Vec<(u32, Mask)> {
    let mut out = Vec::new();
    loop {
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok((index, outline, at)) = job else {
            return out;
        };
        out.push((index, rasterise(&outline, at).unwrap_or_else(empty)));
    }
}

impl Masks {
    /// Sends each mask placed from now on to `jobs` to be made.
    pub(super) fn send_to(&mut self, jobs: mpsc::Sender<Job>) {
        self.jobs = Some(jobs);
    }

    /// Stops sending masks to be made (workers finish when all senders are gone).
    pub(super) fn stop_sending(&mut self) {
        self.jobs = None;
    }

    /// Takes masks a worker made.
    pub(super) fn receive(&mut self, made: Vec<(u32, Mask)>) {
        for (index, mask) in made {
            let i = index as usize;
            if self.made.len() <= i {
                self.made.resize_with(i + 1, || None);
            }
            self.made[i] = Some(mask);
        }
    }

    /// Glyph `glyph` (outline `outline`, font units, y up) drawn
    /// `px_per_unit` pixels per font unit with its origin at pixel (`x`, `y`).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // bounded pixel offsets
    pub(super) fn place(&mut self, glyph: usize, outline: &Path, px_per_unit: f32, x: f32, y: f32) -> Option<Placed> {
        let split = |v: f32| {
            let steps = (v * STEPS).round();
            let whole = (steps / STEPS).floor();
            (whole as i32, (steps - whole * STEPS) as u8)
        };
        let ((ix, fx), (iy, fy)) = (split(x), split(y));
        let key = (glyph, px_per_unit.to_bits(), fx, fy);
        let mask = if let Some(&m) = self.index.get(&key) {
            m
        } else {
            let m = u32::try_from(self.keys.len()).ok()?;
            self.keys.push(key);
            self.index.insert(key, m);
            if let Some(jobs) = &self.jobs
                && jobs.send((m, outline.clone(), placement(&key))).is_err()
            {
                // No worker is listening: made with the rest in `prepare`.
                self.jobs = None;
            }
            m
        };
        Some(Placed { mask, x: ix, y: iy })
    }

    /// Rasterises every placed mask no worker made from the glyph outlines
    /// `glyphs`, on up to `threads` threads.
    pub(super) fn prepare(&mut self, glyphs: &[Path], threads: usize) {
        self.jobs = None;
        let mut made = std::mem::take(&mut self.made);
        made.resize_with(self.keys.len(), || None);
        let missing: Vec<(usize, Key)> = self
            .keys
            .iter()
            .zip(&made)
            .enumerate()
            .filter(|(_, (_, m))| m.is_none())
            .map(|(i, (key, _))| (i, *key))
            .collect();
        let make = |&(i, key): &(usize, Key)| {
            let glyph = key.0;
            (
                i,
                glyphs
                    .get(glyph)
                    .and_then(|path| rasterise(path, placement(&key)))
                    .unwrap_or_else(empty),
            )
        };
        let chunk = missing.len().div_ceil(threads.max(1)).max(64);
        let rest: Vec<(usize, Mask)> = std::thread::scope(|scope| {
            let parts: Vec<_> = missing
                .chunks(chunk)
                .map(|keys| scope.spawn(move || keys.iter().map(make).collect::<Vec<_>>()))
                .collect();
            // A mask that could not be made is left blank.
            parts
                .into_iter()
                .flat_map(|part| part.join().unwrap_or_default())
                .collect()
        });
        for (i, mask) in rest {
            made[i] = Some(mask);
        }
        self.list = made.into_iter().map(|m| m.unwrap_or_else(empty)).collect();
    }

    /// Blends `placed` in `colour` into `rows` (premultiplied RGBA, `width`
    /// pixels a row), whose first row is picture row `first_row`.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_possible_wrap)]
    pub(super) fn blend(&self, placed: Placed, colour: Colour, rows: &mut [u8], width: usize, first_row: i32) {
        let Some(mask) = self.list.get(placed.mask as usize) else {
            return;
        };
        let height = (rows.len() / (width * 4)) as i32;
        let (x0, y0) = (placed.x + mask.left, placed.y + mask.top - first_row);
        let (from_y, to_y) = (y0.max(0), (y0 + mask.height as i32).min(height));
        let (from_x, to_x) = (x0.max(0), (x0 + mask.width as i32).min(width as i32));
        if from_y >= to_y || from_x >= to_x {
            return;
        }
        let pen = Pen::new(colour);
        for y in from_y..to_y {
            let m_row = &mask.alpha[(y - y0) as usize * mask.width..][..mask.width];
            let d_row = &mut rows[y as usize * width * 4..][..width * 4];
            for x in from_x..to_x {
                pen.cover(&mut d_row[x as usize * 4..][..4], u32::from(m_row[(x - x0) as usize]));
            }
        }
    }
}

/// The coverage of `path` placed by `at` (pixels, origin at 0, 0).
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // bounded by the glyph's size
fn rasterise(path: &Path, at: Transform) -> Option<Mask> {
    let bounds = path.clone().transform(at)?.bounds();
    let left = bounds.left().floor() as i32 - 1;
    let top = bounds.top().floor() as i32 - 1;
    let width = (bounds.right().ceil() as i32 + 1 - left).max(1) as u32;
    let height = (bounds.bottom().ceil() as i32 + 1 - top).max(1) as u32;
    let mut pixmap = Pixmap::new(width, height)?;
    let mut paint = Paint::default();
    paint.set_color_rgba8(255, 255, 255, 255);
    paint.anti_alias = true;
    #[allow(clippy::cast_precision_loss)] // small pixel offsets
    let shifted = at.post_translate(-left as f32, -top as f32);
    pixmap.fill_path(path, &paint, FillRule::Winding, shifted, None);
    Some(Mask {
        left,
        top,
        width: width as usize,
        height: height as usize,
        alpha: pixmap.data().chunks_exact(4).map(|p| p[3]).collect(),
    })
}
