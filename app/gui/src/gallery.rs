//! The template gallery (File > New): a card per starter template with a
//! picture of it, what it holds and how it lints. Cards are prepared once per
//! run on the worker (the templates are built in, so they never change) and
//! put on textures when they arrive; until then the gallery lists the
//! templates by name, so nobody waits to start.

use egui::RichText;
use netdraft_core::model::Kind;
use netdraft_core::text::count as plural;
use netdraft_core::{Design, templates};

/// The longest side of a card's picture, in pixels.
const THUMB_SIDE: u32 = 320;

/// One template, ready to show.
#[derive(Debug, Clone)]
pub struct Card {
    /// The template's short name (`netdraft new --template NAME`).
    pub name: &'static str,
    pub summary: &'static str,
    pub title: String,
    /// "3 VNets · 12 subnets · 2 AKS clusters".
    pub contents: String,
    /// "Lints clean", "2 warnings".
    pub lint: String,
    pub picture: Option<netdraft_export::diagram::Raster>,
}

/// Prepares every card (on the worker): load, plan, lint and draw each template.
pub fn prepare() -> Vec<Card> {
    templates::ALL
        .iter()
        .filter_map(|t| {
            let design = t.load().ok()?.design;
            let plan = netdraft_core::plan::plan(&design);
            let findings = netdraft_core::lint::lint_all(&design, &plan);
            let open: Vec<_> = findings.iter().filter(|f| f.accepted.is_none()).collect();
            let errors = open
                .iter()
                .filter(|f| f.severity == netdraft_core::lint::Level::Error)
                .count();
            let warnings = open
                .iter()
                .filter(|f| f.severity == netdraft_core::lint::Level::Warning)
                .count();
            let lint = match (errors, warnings) {
                (0, 0) => "Lints clean".to_owned(),
                (0, w) => plural(w, "warning"),
                (e, 0) => plural(e, "error"),
                (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
            };
            let export_findings = netdraft_export::findings_from_lint(&findings);
            let picture = netdraft_export::diagram::raster(&design, &plan, &export_findings, THUMB_SIDE).ok();
            Some(Card {
                name: t.name,
                summary: t.summary,
                title: design.name.clone(),
                contents: contents(&design),
                lint,
                picture,
            })
        })
        .collect()
}

fn contents(design: &Design) -> String {
    let count = |k: Kind| design.of_kind(k).count();
    let mut parts = vec![
        plural(count(Kind::VirtualNetwork), "VNet"),
        plural(count(Kind::Subnet), "subnet"),
    ];
    let clusters = count(Kind::AksCluster);
    if clusters > 0 {
        parts.push(plural(clusters, "AKS cluster"));
    }
    let regions = count(Kind::Region);
    if regions > 1 {
        parts.push(plural(regions, "region"));
    }
    parts.join(" · ")
}

/// A card on screen: its facts and its picture's texture.
#[derive(Clone)]
pub struct ShownCard {
    pub card: Card,
    pub texture: Option<egui::TextureHandle>,
}

impl std::fmt::Debug for ShownCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShownCard")
            .field("card", &self.card.name)
            .finish_non_exhaustive()
    }
}

/// Puts prepared cards' pictures on textures (on the UI thread, once).
pub fn show(ctx: &egui::Context, cards: Vec<Card>) -> Vec<ShownCard> {
    cards
        .into_iter()
        .map(|card| {
            let texture = card.picture.as_ref().map(|r| {
                let image = egui::ColorImage::from_rgba_premultiplied(
                    [r.width as usize, r.height as usize],
                    &r.rgba_premultiplied,
                );
                ctx.load_texture(format!("template-{}", card.name), image, egui::TextureOptions::LINEAR)
            });
            ShownCard { card, texture }
        })
        .collect()
}

/// What the gallery asks for.
#[derive(Debug)]
pub enum GalleryChoice {
    /// Start from this template (by short name), or an empty design (`None`).
    Start(Option<&'static str>),
    Cancel,
}

/// Draws the gallery: cards when ready, else the template names.
pub fn ui(ui: &mut egui::Ui, cards: Option<&[ShownCard]>) -> Option<GalleryChoice> {
    let mut out = None;
    ui.heading("New design");
    ui.label("Start from a starter template or from an empty canvas. Every template plans and lints as shown.");
    ui.add_space(6.0);
    // As tall as the window allows, so that two rows of cards show without scrolling.
    let screen = ui.ctx().content_rect();
    let height = (screen.height() - 200.0).max(240.0);
    // As many columns as the window's width takes (a card is about 235
    // points wide with its spacing), from two to four.
    let columns = [4_usize, 3]
        .into_iter()
        .find(|n| screen.width() >= 300.0 + 240.0 * *n as f32)
        .unwrap_or(2);
    egui::ScrollArea::vertical()
        .max_height(height)
        .min_scrolled_height(height.min(520.0))
        .show(ui, |ui| {
            let Some(cards) = cards else {
                // No spinner (it repaints every frame): the worker's result wakes the window.
                ui.label(RichText::new("Drawing the previews…").weak());
                for t in templates::ALL {
                    if ui.button(t.name).on_hover_text(t.summary).clicked() {
                        out = Some(GalleryChoice::Start(Some(t.name)));
                    }
                    ui.label(RichText::new(t.summary).small().weak());
                }
                return;
            };
            egui::Grid::new("gallery")
                .num_columns(columns)
                .spacing([10.0, 10.0])
                .show(ui, |ui| {
                    for (i, c) in cards.iter().enumerate() {
                        if card_ui(ui, c) {
                            out = Some(GalleryChoice::Start(Some(c.card.name)));
                        }
                        if i % columns == columns - 1 {
                            ui.end_row();
                        }
                    }
                });
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("Empty design").on_hover_text("An empty canvas").clicked() {
            out = Some(GalleryChoice::Start(None));
        }
        if ui.button("Cancel").on_hover_text("Keep the current design").clicked() {
            out = Some(GalleryChoice::Cancel);
        }
    });
    out
}

/// One card; true when chosen.
fn card_ui(ui: &mut egui::Ui, c: &ShownCard) -> bool {
    let mut chosen = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(220.0);
        ui.vertical(|ui| {
            if let Some(t) = &c.texture {
                let r = ui.vertical_centered(|ui| {
                    ui.add(
                        egui::Image::from_texture(t)
                            .max_size(egui::vec2(220.0, 110.0))
                            .maintain_aspect_ratio(true)
                            .sense(egui::Sense::click())
                            .alt_text(format!("Picture of the {} template", c.card.name)),
                    )
                });
                chosen |= r.inner.on_hover_text(c.card.summary).clicked();
            }
            ui.label(RichText::new(&c.card.title).strong());
            ui.label(RichText::new(c.card.summary).small());
            ui.label(
                RichText::new(format!("{} — {}", c.card.contents, c.card.lint))
                    .small()
                    .weak(),
            );
            chosen |= ui
                .button(c.card.name)
                .on_hover_text(format!("Start from the {} template", c.card.name))
                .clicked();
        });
    });
    chosen
}
