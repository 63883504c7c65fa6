//! Reusing the canvas drawing between frames. Most frames change nothing on
//! the canvas (a hover elsewhere, a tooltip, a caret blinking in the
//! inspector), yet tessellating thousands of boxes is most of a frame's cost.
//! So the shapes of a frame are tessellated here, once, and the meshes are
//! painted again as long as what they were drawn from is unchanged: the
//! design revision, the view, the selection, the workshop step, the flow
//! shown, the theme, the pixel density and the font atlas.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::epaint::{ClippedShape, Tessellator};
use egui::layers::ShapeIdx;
use egui::{Galley, Mesh, Painter, Rect, Shape, Vec2};
use netdraft_core::Id;

use super::CanvasInput;

/// What a canvas drawing depends on.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DrawKey {
    revision: u64,
    viewport: Rect,
    zoom: f32,
    pan: Vec2,
    selection: u64,
    highlight: Option<usize>,
    /// The flow shown and how far it is stepped.
    flow: Option<(u64, Option<usize>)>,
    /// The drift marks shown.
    drift: Option<u64>,
    dark: bool,
    badges: bool,
    pixels_per_point: f32,
    font_image: [usize; 2],
}

/// The font atlas size (text meshes store texture coordinates relative to it).
fn font_image(ui: &egui::Ui) -> [usize; 2] {
    let mut size = [0; 2];
    ui.ctx().fonts(|f| size = f.font_image_size());
    size
}

fn hash_ids(ids: &BTreeSet<Id>) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ids.hash(&mut h);
    h.finish()
}

impl DrawKey {
    pub(super) fn new(ui: &egui::Ui, input: &CanvasInput<'_>, viewport: Rect, zoom: f32, pan: Vec2) -> DrawKey {
        DrawKey {
            revision: input.revision,
            viewport,
            zoom,
            pan,
            selection: hash_ids(input.selection),
            highlight: input.highlight_step,
            flow: input.flow.map(|f| (f.key, input.flow_through)),
            drift: input.drift.map(|d| d.key),
            dark: input.palette.is_dark(),
            badges: input.badges,
            pixels_per_point: ui.ctx().pixels_per_point(),
            font_image: font_image(ui),
        }
    }

    /// The key of a drawing that depends on the scene and the theme only (the overview).
    pub(super) fn scene_only(ui: &egui::Ui, input: &CanvasInput<'_>, area: Rect) -> DrawKey {
        DrawKey {
            revision: input.revision,
            viewport: area,
            zoom: 0.0,
            pan: Vec2::ZERO,
            selection: 0,
            highlight: None,
            flow: None,
            drift: None,
            dark: input.palette.is_dark(),
            badges: input.badges,
            pixels_per_point: ui.ctx().pixels_per_point(),
            font_image: font_image(ui),
        }
    }
}

/// Paints with `draw`, or repaints `cache` when it was drawn from `key`,
/// and keeps the drawing in `cache` for next time.
pub(super) fn cached(cache: &mut Option<Drawn>, painter: &Painter, key: DrawKey, draw: impl FnOnce(&Painter)) {
    if cache.as_ref().is_some_and(|d| d.repaint(painter, &key)) {
        return;
    }
    let start = painter.add(Shape::Noop);
    draw(painter);
    let hint = cache.as_ref().map_or((0, 0), Drawn::size);
    *cache = Drawn::capture(painter, start, key, hint);
}

/// A tessellated canvas drawing.
#[derive(Debug, Clone)]
pub(super) struct Drawn {
    key: DrawKey,
    meshes: Vec<Arc<Mesh>>,
    /// A galley laid out when the drawing was made: egui lays text out anew
    /// (a different galley) after it empties a full font atlas, which moves
    /// the glyphs the meshes point at.
    probe: Arc<Galley>,
}

/// A galley that stays cached as long as the font atlas keeps its glyphs.
fn probe(painter: &Painter) -> Arc<Galley> {
    painter.layout_no_wrap(
        "netdraft".to_owned(),
        egui::FontId::proportional(12.0),
        egui::Color32::WHITE,
    )
}

impl Drawn {
    /// Paints the drawing again if it was made from `key`; whether it did.
    pub(super) fn repaint(&self, painter: &Painter, key: &DrawKey) -> bool {
        if self.key != *key || !Arc::ptr_eq(&self.probe, &probe(painter)) {
            return false;
        }
        for m in &self.meshes {
            painter.add(Shape::Mesh(Arc::clone(m)));
        }
        true
    }

    /// How many vertices and indices the drawing has.
    pub(super) fn size(&self) -> (usize, usize) {
        self.meshes
            .iter()
            .fold((0, 0), |(v, i), m| (v + m.vertices.len(), i + m.indices.len()))
    }

    /// Takes the shapes painted on `painter` since `start`, tessellates them
    /// and paints the meshes in their place; `None` (and the shapes left as
    /// they are) when the painter changes what it is given (fading).
    pub(super) fn capture(painter: &Painter, start: ShapeIdx, key: DrawKey, hint: (usize, usize)) -> Option<Drawn> {
        if painter.opacity() < 1.0 {
            return None;
        }
        let ctx = painter.ctx();
        let options = ctx.tessellation_options(|o| *o);
        let probe = probe(painter);
        let shapes: Option<Vec<ClippedShape>> = ctx.graphics_mut(|g| {
            let list = g.entry(painter.layer_id());
            // Paint callbacks cannot be tessellated ahead: leave such a drawing alone.
            if list
                .all_entries()
                .skip(start.0)
                .any(|c| matches!(c.shape, Shape::Callback(_)))
            {
                return None;
            }
            let taken = (start.0..list.next_idx().0)
                .filter_map(|i| {
                    let mut taken = None;
                    list.mutate_shape(ShapeIdx(i), |c| {
                        taken = Some(ClippedShape {
                            clip_rect: c.clip_rect,
                            transform_after_tessellation: c.transform_after_tessellation,
                            shape: std::mem::replace(&mut c.shape, Shape::Noop),
                        });
                    });
                    taken
                })
                .collect();
            Some(taken)
        });
        let shapes = shapes?;
        let mut tessellator = Tessellator::new(key.pixels_per_point, options, key.font_image, Vec::new());
        // One mesh per texture and clip rectangle, in painting order (on the
        // canvas that is one mesh: every shape is clipped alike and uses the
        // font texture). Reserving what last time needed spares the copying
        // of growing vectors.
        let mut meshes: Vec<Mesh> = Vec::new();
        let mut clip = Rect::NOTHING;
        for c in shapes {
            let texture = c.shape.texture_id();
            let fresh = meshes
                .last()
                .is_none_or(|m| clip != c.clip_rect || (!m.is_empty() && m.texture_id != texture));
            if fresh {
                let mut m = Mesh::with_texture(texture);
                if meshes.is_empty() {
                    m.vertices.reserve(hint.0);
                    m.indices.reserve(hint.1);
                }
                meshes.push(m);
                clip = c.clip_rect;
                tessellator.set_clip_rect(clip);
            }
            if let Some(m) = meshes.last_mut() {
                let before = m.vertices.len();
                tessellator.tessellate_shape(c.shape, m);
                if c.transform_after_tessellation != egui::emath::TSTransform::IDENTITY {
                    for v in &mut m.vertices[before..] {
                        v.pos = c.transform_after_tessellation * v.pos;
                    }
                }
            }
        }
        let meshes: Vec<Arc<Mesh>> = meshes.into_iter().filter(|m| !m.is_empty()).map(Arc::new).collect();
        for (i, m) in meshes.iter().enumerate() {
            painter.set(ShapeIdx(start.0 + i), Shape::Mesh(Arc::clone(m)));
        }
        Some(Drawn { key, meshes, probe })
    }
}
