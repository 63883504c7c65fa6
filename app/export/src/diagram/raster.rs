//! The picture as pixels: the PNG export (the scene painted in bands on
//! every core and streamed into the encoder), the designer's preview raster,
//! and resvg's rendering of an SVG with the embedded fonts.

use std::sync::{Arc, OnceLock};

use netdraft_core::Design;
use netdraft_core::plan::Plan;
use netdraft_core::route::Path;
use netdraft_scene::{Rect, Scene};

use super::{MONO, PNG_MAX_PIXELS, PNG_SCALE, SANS, draw, paint, scene, threads, view_flow};
use crate::{ExportError, Finding};

fn font_database() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(dejavu::sans_condensed::regular().to_vec());
        db.load_font_data(dejavu::sans_mono::regular().to_vec());
        db.set_sans_serif_family(SANS);
        db.set_monospace_family(MONO);
        Arc::new(db)
    })
    .clone()
}

/// How big a PNG is drawn: `scale` pixels per canvas unit, less when that
/// would make the longest side exceed `max_side` pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PngSize {
    pub scale: f32,
    pub max_side: u32,
}

impl Default for PngSize {
    /// [`PNG_SCALE`] pixels per unit, at most [`PNG_MAX_SIDE`](super::PNG_MAX_SIDE) pixels a side.
    fn default() -> PngSize {
        PngSize {
            scale: PNG_SCALE,
            max_side: PNG_MAX_PIXELS,
        }
    }
}

impl PngSize {
    /// The largest side a PNG may be asked for.
    pub const LIMIT: u32 = 32_768;

    /// The scale a picture of `view` is drawn at.
    fn scale_for(self, view: Rect) -> Result<f32, ExportError> {
        if !(self.scale.is_finite() && self.scale > 0.0) || self.max_side == 0 || self.max_side > PngSize::LIMIT {
            return Err(ExportError::Image {
                detail: format!(
                    "a PNG needs a scale above 0 and a largest side of 1 to {} pixels, not {} and {}",
                    PngSize::LIMIT,
                    self.scale,
                    self.max_side
                ),
            });
        }
        let longest = view.w.max(view.h).max(1.0);
        Ok(self.scale.min(self.max_side as f32 / longest))
    }
}

/// The design as a PNG at [`PNG_SCALE`] pixels per canvas unit (less for
/// designs larger than [`PNG_MAX_SIDE`](super::PNG_MAX_SIDE)).
pub fn png(design: &Design, plan: &Plan, findings: &[Finding]) -> Result<Vec<u8>, ExportError> {
    png_sized(design, plan, findings, PngSize::default())
}

/// The design as a PNG of the given size: the SVG's picture, drawn from the
/// scene in bands on all cores and streamed into the encoder.
pub fn png_sized(design: &Design, plan: &Plan, findings: &[Finding], size: PngSize) -> Result<Vec<u8>, ExportError> {
    png_flow(design, plan, findings, size, None)
}

/// [`png_sized`] with a traffic flow drawn on it, as [`svg_flow`](super::svg_flow) draws it.
pub fn png_flow(
    design: &Design,
    plan: &Plan,
    findings: &[Finding],
    size: PngSize,
    flow: Option<&Path>,
) -> Result<Vec<u8>, ExportError> {
    let scene = scene(design, plan, findings);
    let (view, legend) = view_flow(&scene, flow);
    let picture = paint_scene(&scene, view, size.scale_for(view)?, flow.zip(legend))?;
    super::encode::encode_png(&picture)
}

/// The scene recorded as a display list, ready to rasterise at `scale`.
pub(super) fn paint_scene(
    scene: &Scene,
    view: Rect,
    scale: f32,
    flow: Option<(&Path, Rect)>,
) -> Result<paint::Picture, ExportError> {
    // Glyph masks are made by workers as the picture is recorded: one core
    // records, the others make masks, and this thread draws the icons'
    // sprites when it is done recording. The painter (which holds the
    // sender) lives inside the scope, so the workers stop even if drawing
    // panics.
    let (jobs, queue) = std::sync::mpsc::channel();
    let queue = std::sync::Mutex::new(queue);
    let painter = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads().saturating_sub(1).max(1))
            .map(|_| scope.spawn(|| paint::work(&queue)))
            .collect();
        let mut painter = paint::Painter::new(view, scale);
        painter.send_masks_to(jobs);
        draw(&mut painter, scene, view, flow);
        painter.finish_sending();
        for worker in workers {
            // A worker that failed leaves its masks to `Picture::new`.
            painter.receive_masks(worker.join().unwrap_or_default());
        }
        painter
    });
    paint::Picture::new(painter, view, scale)
}

/// Rasterises an SVG document at `scale` pixels per unit with resvg (the
/// check that an SVG is well formed and draws).
pub fn rasterise(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    render(svg, scale)?
        .encode_png()
        .map_err(|e| ExportError::Image { detail: e.to_string() })
}

/// A rasterised picture: `width` × `height` pixels, premultiplied RGBA rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub rgba_premultiplied: Vec<u8>,
}

/// The design's picture as pixels for an on-screen preview: the PNG export's
/// scale, reduced so that neither side exceeds `max_side` pixels.
pub fn raster(design: &Design, plan: &Plan, findings: &[Finding], max_side: u32) -> Result<Raster, ExportError> {
    raster_flow(design, plan, findings, max_side, None)
}

/// [`raster`] with a traffic flow drawn on the picture, as [`svg_flow`](super::svg_flow) draws it.
pub fn raster_flow(
    design: &Design,
    plan: &Plan,
    findings: &[Finding],
    max_side: u32,
    flow: Option<&Path>,
) -> Result<Raster, ExportError> {
    let scene = scene(design, plan, findings);
    let (view, legend) = view_flow(&scene, flow);
    let size = PngSize {
        max_side: max_side.clamp(1, PNG_MAX_PIXELS),
        ..PngSize::default()
    };
    let picture = paint_scene(&scene, view, size.scale_for(view)?, flow.zip(legend))?;
    let (width, height) = (picture.width(), picture.height());
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 4);
    picture.rasterise(threads(), &|band, out| out.extend_from_slice(band), &mut |band| {
        pixels.extend_from_slice(band);
        Ok(())
    })?;
    Ok(Raster {
        width,
        height,
        rgba_premultiplied: pixels,
    })
}

pub(super) fn render(svg: &str, scale: f32) -> Result<resvg::tiny_skia::Pixmap, ExportError> {
    let image_error = |detail: String| ExportError::Image { detail };
    let options = resvg::usvg::Options {
        font_family: SANS.to_owned(),
        fontdb: font_database(),
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| image_error(e.to_string()))?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| {
        image_error(format!(
            "cannot scale a {}×{} picture by {scale}",
            tree.size().width(),
            tree.size().height()
        ))
    })?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| image_error(format!("cannot allocate a {}×{} image", size.width(), size.height())))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}
