//! The PNG preview's picture. Rasterising a large design takes longer than a
//! frame, so it runs on the worker, once per revision, and only while the
//! preview is on screen ([`PicturePreview::ask`]); the last picture stays up
//! until the new one arrives.

use netdraft_export::ExportKind;

use crate::prefs::{BottomTab, Prefs, PreviewKind};

/// The longest side of the on-screen picture, in pixels.
pub const PREVIEW_SIDE: u32 = 2048;

/// A rasterised picture on a texture.
#[derive(Clone)]
pub struct Picture {
    pub texture: egui::TextureHandle,
    pub size: [u32; 2],
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Picture")
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// The preview's state: what is shown, for which revision, and what is asked.
#[derive(Debug, Default)]
pub struct PicturePreview {
    shown: Option<(u64, Result<Picture, String>)>,
    requested: Option<u64>,
}

/// Whether the PNG preview is on screen: the bottom panel shows the export
/// preview as a PNG (the workshop hides the panels).
pub fn on_screen(prefs: &Prefs, workshop: bool) -> bool {
    prefs.show_bottom
        && !workshop
        && prefs.bottom_tab == BottomTab::File
        && prefs.preview == PreviewKind::Export(ExportKind::Png)
}

impl PicturePreview {
    /// Whether to draw the picture of `revision` now: it is `visible` and
    /// was not asked for yet. Asking marks it asked.
    pub fn ask(&mut self, visible: bool, revision: u64) -> bool {
        if !visible || self.requested == Some(revision) {
            return false;
        }
        self.requested = Some(revision);
        true
    }

    /// The picture must be drawn again (badges or the flow shown changed).
    pub fn redraw(&mut self) {
        self.requested = None;
    }

    /// The picture to show (possibly of an older revision) and whether it is current.
    pub fn current(&self, revision: u64) -> Option<(&Result<Picture, String>, bool)> {
        self.shown.as_ref().map(|(r, p)| (p, *r == revision))
    }

    /// A rasterised revision arrived; older ones than what is shown are dropped.
    pub fn arrived(
        &mut self,
        ctx: &egui::Context,
        revision: u64,
        result: Result<netdraft_export::diagram::Raster, String>,
    ) {
        if self.shown.as_ref().is_some_and(|(r, _)| *r > revision) {
            return;
        }
        let picture = result.map(|r| {
            let image =
                egui::ColorImage::from_rgba_premultiplied([r.width as usize, r.height as usize], &r.rgba_premultiplied);
            Picture {
                texture: ctx.load_texture("netdraft-picture", image, egui::TextureOptions::LINEAR),
                size: [r.width, r.height],
            }
        });
        self.shown = Some((revision, picture));
    }
}
