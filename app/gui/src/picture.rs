//! The PNG preview's picture. Rasterising a large design takes longer than a
//! frame, so it runs on the worker, once per revision, and only while the
//! preview is on screen; the last picture stays up until the new one arrives.

use crate::app::NetdraftApp;
use crate::prefs::{BottomTab, PreviewKind};

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
    pub(crate) requested: Option<u64>,
}

impl PicturePreview {
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

impl NetdraftApp {
    /// Asks the worker for the picture of this revision when the PNG preview is on screen.
    pub(crate) fn picture_tick(&mut self, ctx: &egui::Context) {
        let visible = self.prefs.show_bottom
            && self.workshop.is_none()
            && self.prefs.bottom_tab == BottomTab::File
            && self.prefs.preview == PreviewKind::Png;
        let revision = self.doc.revision();
        if !visible || self.picture.requested == Some(revision) {
            return;
        }
        self.picture.requested = Some(revision);
        let (design, plan, findings) = (
            self.doc.design().clone(),
            self.derived.plan.clone(),
            self.derived.picture_findings().to_vec(),
        );
        let flow = self.derived.traffic.view().map(|v| v.path.clone());
        self.worker.spawn(ctx, move || {
            crate::files::raster(revision, &design, &plan, &findings, PREVIEW_SIDE, flow.as_ref())
        });
    }
}
