//! SVG and PNG pictures of a design, drawn from the same scene the GUI canvas
//! paints ([`netdraft_scene::layout`]) and styled like the canvas's light
//! theme: the same colours per role, rounded boxes nested by containment,
//! kind icons from `assets/icons/`, edge strokes per relation, utilisation
//! meters on subnets and finding badges.
//!
//! The SVG is written by hand, deterministically (numbers rounded to two
//! decimals, icons as `<symbol>`s in kind order). Text is measured with the
//! embedded DejaVu Sans Condensed metrics and cut with "…" where it would
//! overflow its box, so the picture reads the same in any viewer; the PNG is
//! that SVG rasterised with resvg using the same embedded fonts (no system
//! fonts are looked up, so a machine without fonts renders identically).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::OnceLock;

use netdraft_core::model::Relation;
use netdraft_core::plan::Plan;
use netdraft_core::route::Path;
use netdraft_core::{Design, Kind, Severity};
use netdraft_scene::icons::ICONS;
use netdraft_scene::{Badge, HEADER, Node, Rect, Role, Scene, Strip, text as sizes};

use crate::{ExportError, Finding};

/// The number of threads pictures are rasterised on.
fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(16)
}

mod encode;
mod file;
mod flow;
mod paint;
mod raster;

pub use file::{Picture, picture_file, picture_file_flow, picture_file_sized};
pub use raster::{PngSize, Raster, png, png_flow, png_sized, raster, raster_flow, rasterise};

/// The proportional font the pictures are measured and rasterised with:
/// DejaVu Sans Condensed, which names itself family "DejaVu Sans" with a
/// semi-condensed stretch.
const SANS: &str = "DejaVu Sans";
/// The monospace font (prefixes, address spaces).
const MONO: &str = "DejaVu Sans Mono";
/// Blank space around the scene.
const MARGIN: f32 = 24.0;
/// Pixels per canvas unit in the PNG: twice the canvas at zoom 1, so text
/// stays sharp when the picture is shrunk onto a slide.
pub const PNG_SCALE: f32 = 2.0;
/// The longest side a PNG may have; larger designs are drawn smaller.
pub const PNG_MAX_SIDE: f32 = 4096.0;
/// [`PNG_MAX_SIDE`] in pixels.
const PNG_MAX_PIXELS: u32 = 4096;

/// An RGB colour with an opacity.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Colour {
    r: u8,
    g: u8,
    b: u8,
    /// 0-255.
    a: u8,
}

const fn rgb(r: u8, g: u8, b: u8) -> Colour {
    Colour { r, g, b, a: 255 }
}

impl Colour {
    const fn alpha(self, a: u8) -> Colour {
        Colour { a, ..self }
    }

    fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// `name="#rrggbb"` plus `name-opacity` when not opaque.
    fn attr(self, name: &str) -> String {
        if self.a == 0 {
            format!("{name}=\"none\"")
        } else if self.a == 255 {
            format!("{name}=\"{}\"", self.hex())
        } else {
            format!(
                "{name}=\"{}\" {name}-opacity=\"{}\"",
                self.hex(),
                num(f32::from(self.a) / 255.0)
            )
        }
    }
}

/// The canvas's light palette (the GUI's `style.rs`, light theme).
mod palette {
    use super::{Colour, rgb};

    pub const BACKGROUND: Colour = rgb(246, 247, 249);
    pub const GRID: Colour = rgb(228, 231, 236);
    pub const TEXT: Colour = rgb(28, 32, 40);
    pub const WEAK_TEXT: Colour = rgb(96, 104, 118);
    pub const OK: Colour = rgb(30, 150, 70);
    pub const REFUSED: Colour = rgb(210, 40, 40);
    pub const WARN: Colour = rgb(215, 140, 0);
    pub const TILE: Colour = rgb(255, 255, 255);
    pub const STRIP: Colour = rgb(120, 130, 150).alpha(18);
    pub const TILE_STROKE: Colour = rgb(200, 205, 214);
    pub const WHITE: Colour = rgb(255, 255, 255);
}

fn role_colour(role: Role) -> Colour {
    let netdraft_scene::colours::Rgb(r, g, b) = netdraft_scene::colours::role(role);
    rgb(r, g, b)
}

/// Fill and border of a container role.
fn container_colours(role: Role) -> (Colour, Colour) {
    let base = role_colour(role);
    (base.alpha(22), base.alpha(170))
}

/// The stroke colour, width and dash of the edges drawn on the canvas at all
/// times; `None` for relations the canvas shows only next to the selection.
fn edge_style(relation: Relation) -> Option<(Colour, f32, bool)> {
    match relation {
        Relation::Peers => Some((rgb(0, 140, 200), 3.0, false)),
        Relation::RoutesTo => Some((rgb(230, 120, 20), 2.0, true)),
        Relation::Fronts => Some((rgb(60, 110, 230), 2.0, false)),
        Relation::Targets => Some((rgb(150, 80, 200), 1.5, true)),
        Relation::Connects => Some((rgb(120, 120, 130), 2.5, true)),
        _ => None,
    }
}

/// Font metrics for measuring text (advance widths in em).
struct Metrics {
    /// Advance of each char in em, for the chars the face has.
    face: ttf_parser::Face<'static>,
    upem: f32,
}

impl Metrics {
    fn load(data: &'static [u8]) -> Option<Metrics> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let upem = f32::from(face.units_per_em());
        Some(Metrics { face, upem })
    }

    /// Width of `s` at `size` (unknown glyphs count as half an em).
    fn width(&self, s: &str, size: f32) -> f32 {
        let units: f32 = s
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(self.upem / 2.0, f32::from)
            })
            .sum();
        units / self.upem * size
    }

    /// The kerning between two glyphs in font units (0 without a pair).
    fn kerning(&self, left: ttf_parser::GlyphId, right: ttf_parser::GlyphId) -> i16 {
        self.face
            .tables()
            .kern
            .and_then(|kern| {
                kern.subtables
                    .into_iter()
                    .filter(|t| t.horizontal && !t.variable)
                    .find_map(|t| t.glyphs_kerning(left, right))
            })
            .unwrap_or(0)
    }
}

struct Fonts {
    sans: Option<Metrics>,
    mono: Option<Metrics>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts {
        sans: Metrics::load(dejavu::sans_condensed::regular()),
        mono: Metrics::load(dejavu::sans_mono::regular()),
    })
}

/// Width of `s` at `size`; estimated when the font cannot be read.
fn text_width(s: &str, size: f32, mono: bool) -> f32 {
    let f = fonts();
    match if mono { &f.mono } else { &f.sans } {
        Some(m) => m.width(s, size),
        None => s.chars().count() as f32 * size * if mono { 0.6 } else { 0.52 },
    }
}

/// `s` cut to fit `max` at `size`, ending in "…" when cut.
fn fit(s: &str, size: f32, mono: bool, max: f32) -> String {
    if text_width(s, size, mono) <= max {
        return s.to_owned();
    }
    let mut out: String = String::new();
    for c in s.chars() {
        out.push(c);
        let candidate = format!("{out}…");
        if text_width(&candidate, size, mono) > max {
            out.pop();
            break;
        }
    }
    if out.is_empty() {
        return String::new();
    }
    out.push('…');
    out
}

/// A number for an SVG attribute: at most two decimals, no trailing zeros.
fn num(v: f32) -> String {
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let mut s = format!("{r:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The scene as the canvas shows it: meters from the plan, badges from the
/// findings not accepted, auto subnets labelled with their allocation.
pub fn scene(design: &Design, plan: &Plan, findings: &[Finding]) -> Scene {
    let mut scene = netdraft_scene::layout(design);
    scene.show_plan(plan);
    for f in findings.iter().filter(|f| f.accepted.is_none()) {
        let severity = match f.severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => continue,
        };
        if let Some(first) = f.resources.first() {
            scene.add_finding(first, severity);
        }
    }
    scene
}

/// Where text is anchored at its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// What the picture is drawn with: the SVG writer and the PNG painter take
/// the same calls, so both pictures have the same content.
trait Canvas {
    fn rect(&mut self, r: Rect, radius: f32, fill: Colour, stroke: Option<(Colour, f32)>);
    /// Text whose baseline's anchor point is at (x, baseline).
    #[allow(clippy::too_many_arguments)]
    fn text(&mut self, x: f32, baseline: f32, size: f32, mono: bool, colour: Colour, anchor: Anchor, text: &str);
    fn icon(&mut self, kind: Kind, x: f32, y: f32, side: f32);
    /// A filled circle with a count centred on it.
    fn badge(&mut self, cx: f32, cy: f32, radius: f32, fill: Colour, text_colour: Colour, count: &str);
    fn line(&mut self, from: (f32, f32), to: (f32, f32), colour: Colour, width: f32, dashed: bool);
    fn polygon(&mut self, points: &[(f32, f32)], fill: Colour);

    /// Text whose top-left corner is at (x, top), like the canvas's galleys.
    #[allow(clippy::too_many_arguments)]
    fn text_at_top(&mut self, x: f32, top: f32, size: f32, mono: bool, colour: Colour, anchor_end: bool, text: &str) {
        if text.is_empty() {
            return;
        }
        // The baseline sits one ascent (about 0.93 em in DejaVu) below the top.
        let baseline = top + size * 0.93;
        let anchor = if anchor_end { Anchor::End } else { Anchor::Start };
        self.text(x, baseline, size, mono, colour, anchor, text);
    }
}

/// Writes SVG elements into a string (writing to a `String` cannot fail).
struct Svg {
    out: String,
}

impl Svg {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }
}

impl Canvas for Svg {
    fn rect(&mut self, r: Rect, radius: f32, fill: Colour, stroke: Option<(Colour, f32)>) {
        let mut s = format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" {}",
            num(r.x),
            num(r.y),
            num(r.w.max(0.0)),
            num(r.h.max(0.0)),
            num(radius),
            fill.attr("fill")
        );
        if let Some((c, w)) = stroke {
            let _ = write!(s, " {} stroke-width=\"{}\"", c.attr("stroke"), num(w));
        }
        s.push_str("/>");
        self.raw(&s);
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, mono: bool, colour: Colour, anchor: Anchor, text: &str) {
        if text.is_empty() {
            return;
        }
        let family = if mono { "mono" } else { "sans" };
        let anchor = match anchor {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        };
        self.raw(&format!(
            "<text x=\"{}\" y=\"{}\" class=\"{family}\" font-size=\"{}\" {}{anchor}>{}</text>",
            num(x),
            num(baseline),
            num(size),
            colour.attr("fill"),
            xml_escape(text)
        ));
    }

    fn icon(&mut self, kind: Kind, x: f32, y: f32, side: f32) {
        self.raw(&format!(
            "<use href=\"#icon-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            kind.key(),
            num(x),
            num(y),
            num(side),
            num(side)
        ));
    }

    fn badge(&mut self, cx: f32, cy: f32, radius: f32, fill: Colour, text_colour: Colour, count: &str) {
        self.raw(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {}/>",
            num(cx),
            num(cy),
            num(radius),
            fill.attr("fill")
        ));
        let size = radius * 1.2;
        self.raw(&format!(
            "<text x=\"{}\" y=\"{}\" class=\"sans\" font-size=\"{}\" text-anchor=\"middle\" {}>{}</text>",
            num(cx),
            num(cy + size * 0.36),
            num(size),
            text_colour.attr("fill"),
            xml_escape(count)
        ));
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), colour: Colour, width: f32, dashed: bool) {
        let dash = if dashed { " stroke-dasharray=\"8 5.6\"" } else { "" };
        self.raw(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {} stroke-width=\"{}\"{dash}/>",
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1),
            colour.attr("stroke"),
            num(width)
        ));
    }

    fn polygon(&mut self, points: &[(f32, f32)], fill: Colour) {
        let points: Vec<String> = points.iter().map(|(x, y)| format!("{},{}", num(*x), num(*y))).collect();
        self.raw(&format!(
            "<polygon points=\"{}\" {}/>",
            points.join(" "),
            fill.attr("fill")
        ));
    }
}

/// The inside of an icon file (its elements without the `<svg>` wrapper).
fn icon_body(svg: &str) -> &str {
    let start = svg.find('>').map_or(0, |i| i + 1);
    let end = svg.rfind("</svg>").unwrap_or(svg.len());
    svg.get(start..end).unwrap_or_default().trim()
}

/// The design as an SVG document, deterministic and self-contained (icons
/// included as symbols; fonts named, not embedded).
pub fn svg(design: &Design, plan: &Plan, findings: &[Finding]) -> String {
    render_svg(&scene(design, plan, findings), &design.name)
}

/// The design as an SVG document with one traffic flow drawn on it: its
/// hops numbered on the resources they pass, and listed under the design.
pub fn svg_flow(design: &Design, plan: &Plan, findings: &[Finding], flow: &Path) -> String {
    render_svg_flow(&scene(design, plan, findings), &design.name, Some(flow))
}

/// A scene as an SVG document titled `title`.
pub fn render_svg(scene: &Scene, title: &str) -> String {
    render_svg_flow(scene, title, None)
}

/// A scene as an SVG document titled `title`, with `flow` drawn on it.
fn render_svg_flow(scene: &Scene, title: &str, flow: Option<&Path>) -> String {
    let (view, legend) = view_flow(scene, flow);
    let (x0, y0, w, h) = (view.x, view.y, view.w, view.h);
    let mut svg = Svg { out: String::new() };
    svg.raw(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\">",
        num(w),
        num(h),
        num(x0),
        num(y0),
        num(w),
        num(h)
    ));
    svg.raw(&format!("<title>{}</title>", xml_escape(title)));
    svg.raw("<defs>");
    svg.raw(&format!(
        "<style>text{{white-space:pre}} .sans{{font-family:'{SANS}',sans-serif;font-stretch:semi-condensed}} .mono{{font-family:'{MONO}',monospace}}</style>"
    ));
    let kinds: BTreeSet<Kind> = scene.nodes.iter().map(|n| n.kind).collect();
    for kind in kinds {
        if let Some((key, text)) = ICONS.iter().find(|(k, _)| *k == kind.key()) {
            svg.raw(&format!("<symbol id=\"icon-{key}\" viewBox=\"0 0 24 24\">"));
            svg.raw(icon_body(text));
            svg.raw("</symbol>");
        }
    }
    svg.raw("</defs>");
    draw(&mut svg, scene, view, flow.zip(legend));
    svg.raw("</svg>");
    svg.out
}

/// The view box a picture of `scene` shows: the scene and a margin.
fn view(scene: &Scene) -> Rect {
    let b = scene.bounds;
    Rect::new(
        b.x - MARGIN,
        b.y - MARGIN,
        b.w.max(0.0) + 2.0 * MARGIN,
        b.h.max(0.0) + 2.0 * MARGIN,
    )
}

/// The view of a picture with `flow` drawn on it: the scene's, with room
/// for the hop list under the design (where that list goes is the second).
fn view_flow(scene: &Scene, flow: Option<&Path>) -> (Rect, Option<Rect>) {
    let base = view(scene);
    let Some(flow) = flow else { return (base, None) };
    let extra = flow::legend_height(flow);
    let legend = Rect::new(
        base.x + MARGIN,
        base.y + base.h,
        (base.w - 2.0 * MARGIN).max(0.0),
        extra - MARGIN,
    );
    (Rect::new(base.x, base.y, base.w, base.h + extra), Some(legend))
}

/// Draws the scene's background, strips, nodes and edges, in that order,
/// then the flow, if any, with its hop list in the rectangle given.
fn draw(canvas: &mut impl Canvas, scene: &Scene, view: Rect, flow: Option<(&Path, Rect)>) {
    canvas.rect(view, 0.0, palette::BACKGROUND, None);
    for s in &scene.strips {
        strip(canvas, s);
    }
    for n in &scene.nodes {
        if n.role.is_container() {
            container(canvas, n);
        } else {
            tile(canvas, n);
        }
        if let Some(badge) = n.badge {
            badge_mark(canvas, n.rect, badge);
        }
        for s in &n.strips {
            strip(canvas, s);
        }
    }
    for e in &scene.edges {
        let Some((colour, width, dashed)) = edge_style(e.relation) else {
            continue;
        };
        let (Some(a), Some(b)) = (scene.nodes.get(e.from), scene.nodes.get(e.to)) else {
            continue;
        };
        edge(canvas, a.rect, b.rect, colour, width, dashed);
    }
    if let Some((path, legend)) = flow {
        flow::draw(canvas, scene, path, legend);
    }
}

fn container(svg: &mut impl Canvas, node: &Node) {
    let (fill, border) = container_colours(node.role);
    let r = node.rect;
    let width = if node.role == Role::Subnet { 1.0 } else { 1.5 };
    // Regions are stroked inside their edge, the rest on it.
    let outline = if node.role == Role::Region {
        Rect::new(r.x + width / 2.0, r.y + width / 2.0, r.w - width, r.h - width)
    } else {
        r
    };
    svg.rect(r, 8.0, fill, None);
    svg.rect(outline, 8.0, palette::TILE.alpha(0), Some((border, width)));
    let pad = 12.0;
    let right = r.x + r.w;
    let meter_w = if node.meter.is_some() { sizes::METER_W } else { 0.0 };
    if let Some(meter) = node.meter {
        let bar = Rect::new(right - pad - meter_w, r.y + 27.0, meter_w, 6.0);
        svg.rect(bar, 2.0, palette::GRID, None);
        let f = meter.fraction.clamp(0.0, 1.0);
        let colour = if meter.fraction > 1.0 {
            palette::REFUSED
        } else if meter.fraction > 0.8 {
            palette::WARN
        } else {
            palette::OK
        };
        if f > 0.0 {
            svg.rect(Rect::new(bar.x, bar.y, meter_w * f, bar.h), 2.0, colour, None);
        }
    }
    let icon = 22.0_f32.min(HEADER * 0.6);
    svg.icon(node.kind, r.x + pad, r.y + 9.0, icon);
    let text_x = r.x + pad + icon + 8.0;
    let top = r.y + 7.0;
    let room = right - pad - text_x;
    let title = fit(&node.label, sizes::TITLE, false, room);
    let title_w = text_width(&title, sizes::TITLE, false);
    svg.text_at_top(text_x, top, sizes::TITLE, false, palette::TEXT, false, &title);
    let small = sizes::TITLE_DETAIL;
    let detail = fit(&node.detail, small, true, room - meter_w - 8.0);
    svg.text_at_top(
        text_x,
        top + sizes::TITLE + 2.0,
        small,
        true,
        palette::WEAK_TEXT,
        false,
        &detail,
    );
    let caption = node.role.caption();
    let caption = caption.as_ref();
    let caption_size = small * 0.85;
    // A little more room than the canvas keeps: exported text is not re-measured by a viewer.
    if text_x + title_w + 8.0 + text_width(caption, caption_size, false) + pad < right {
        svg.text_at_top(right - pad, r.y + 9.0, caption_size, false, border, true, caption);
    }
}

fn tile(svg: &mut impl Canvas, node: &Node) {
    let r = node.rect;
    svg.rect(r, 6.0, palette::TILE, Some((palette::TILE_STROKE, 1.0)));
    let icon = r.h - 16.0;
    if icon < 3.0 {
        return;
    }
    svg.icon(node.kind, r.x + 8.0, r.y + 8.0, icon);
    let size = sizes::TILE_NAME;
    let x = r.x + 8.0 + icon + 8.0;
    let room = r.x + r.w - x - 6.0;
    let name = fit(&node.label, size, false, room);
    let y = r.y + 8.0_f32.min(r.h / 2.0 - size / 2.0).max(1.0);
    svg.text_at_top(x, y, size, false, palette::TEXT, false, &name);
    let detail = fit(&node.detail, sizes::TILE_DETAIL, false, room);
    svg.text_at_top(
        x,
        r.y + 26.0,
        sizes::TILE_DETAIL,
        false,
        palette::WEAK_TEXT,
        false,
        &detail,
    );
}

fn strip(svg: &mut impl Canvas, strip: &Strip) {
    let r = strip.rect;
    let inset = Rect::new(r.x + 0.5, r.y + 0.5, r.w - 1.0, r.h - 1.0);
    svg.rect(r, 6.0, palette::STRIP, None);
    svg.rect(inset, 6.0, palette::TILE.alpha(0), Some((palette::TILE_STROKE, 1.0)));
    let size = 11.0;
    if r.h > 3.0 * size {
        let title = fit(&strip.title.to_uppercase(), size, false, r.w - 16.0);
        svg.text_at_top(r.x + 8.0, r.y + 6.0, size, false, palette::WEAK_TEXT, false, &title);
    }
}

fn badge_mark(svg: &mut impl Canvas, r: Rect, badge: Badge) {
    let colour = match badge.severity {
        Severity::Error => palette::REFUSED,
        Severity::Warning => palette::WARN,
    };
    let radius = 9.0;
    let (cx, cy) = (r.x + r.w - radius * 0.6, r.y + radius * 0.6);
    svg.badge(cx, cy, radius, colour, palette::WHITE, &badge.count.to_string());
}

/// Where the line from `r`'s centre towards `towards` leaves `r`.
fn exit(r: Rect, towards: (f32, f32)) -> (f32, f32) {
    let c = r.center();
    let (dx, dy) = (towards.0 - c.x, towards.1 - c.y);
    if dx.abs() < f32::EPSILON && dy.abs() < f32::EPSILON {
        return (c.x, c.y);
    }
    let sx = if dx.abs() > f32::EPSILON {
        (r.w / 2.0) / dx.abs()
    } else {
        f32::INFINITY
    };
    let sy = if dy.abs() > f32::EPSILON {
        (r.h / 2.0) / dy.abs()
    } else {
        f32::INFINITY
    };
    let s = sx.min(sy).min(1.0);
    (c.x + dx * s, c.y + dy * s)
}

fn edge(svg: &mut impl Canvas, a: Rect, b: Rect, colour: Colour, width: f32, dashed: bool) {
    let (ca, cb) = (a.center(), b.center());
    let (x1, y1) = exit(a, (cb.x, cb.y));
    let (x2, y2) = exit(b, (ca.x, ca.y));
    svg.line((x1, y1), (x2, y2), colour, width, dashed);
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = dx.hypot(dy);
    if len > 20.0 {
        let (ux, uy) = (dx / len, dy / len);
        // The normal, turned a quarter clockwise in screen coordinates.
        let (nx, ny) = (-uy, ux);
        let size = 8.0;
        let left = (x2 - ux * size + nx * size * 0.5, y2 - uy * size + ny * size * 0.5);
        let right = (x2 - ux * size - nx * size * 0.5, y2 - uy * size - ny * size * 0.5);
        svg.polygon(&[(x2, y2), left, right], colour);
    }
}

#[cfg(test)]
mod tests;
