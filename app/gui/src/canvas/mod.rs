//! The infinite canvas: draws the laid-out scene with pan and zoom, and turns
//! pointer input into [`Intent`]s (select, move, re-parent, create, connect).
//! It never edits the design itself; the app applies what it returns.
//!
//! Cost control: nodes outside the viewport are skipped, text is dropped when
//! it would be unreadably small, boxes too small to read are drawn plain, the
//! tessellated drawing is reused while nothing it shows has changed (see
//! `reuse`), and only visible nodes get an interaction area (each labelled
//! with the resource's name for screen readers and tests).

mod drag;
mod drift;
mod flow;
mod icons;
mod legend;
mod minimap;
mod paint;
mod reuse;
pub mod style;

use std::collections::BTreeSet;

use egui::{CursorIcon, Modifiers, PointerButton, Pos2, Rect, Sense, Shape, Stroke, Vec2};
use netdraft_core::command::Command;
use netdraft_core::model::{Kind, Point};
use netdraft_core::{Design, Id};
use netdraft_scene::{Node, Scene};

pub use icons::paint as icons_paint;
pub use style::Palette;

/// Canvas units between grid lines; positions snap to it.
pub const GRID: f32 = 8.0;
const MIN_ZOOM: f32 = 0.05;
const MAX_ZOOM: f32 = 3.0;

/// What the user did on the canvas.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// Select these resources; `toggle` adds or removes them instead of replacing.
    Select {
        ids: Vec<Id>,
        toggle: bool,
    },
    ClearSelection,
    /// An edit for the app to apply (a move, a re-parent).
    Edit(Box<Command>),
    /// Create a resource of `kind` from the palette, dropped into `parent`.
    Create {
        kind: Kind,
        parent: Option<Id>,
        at: Point,
    },
    /// Connect two resources with the connection tool.
    Connect {
        from: Id,
        to: Id,
    },
    /// A refused drop, with the reason.
    Refused(String),
    /// Run an action on the selection (the context menu).
    Run(crate::actions::Action),
}

/// What a primary drag does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    /// Drag resources to move them; drag the background to pan; shift-drag to select an area.
    #[default]
    Select,
    /// Drag from one resource to another to connect them.
    Connect,
}

#[derive(Debug, Clone)]
enum Drag {
    /// Moving these node indices by `delta` canvas units.
    Move { nodes: Vec<usize>, delta: Vec2 },
    /// Rubber band from this canvas point.
    Band { from: Pos2 },
    /// Connection line from a node.
    Connect { from: usize },
}

/// Borrowed inputs of one canvas frame.
#[derive(Debug, Clone, Copy)]
pub struct CanvasInput<'a> {
    pub design: &'a Design,
    /// The design revision the scene was laid out from.
    pub revision: u64,
    pub scene: &'a Scene,
    pub selection: &'a BTreeSet<Id>,
    pub palette: &'a Palette,
    /// In workshop mode: nodes not in the current layer are dimmed.
    pub highlight: Option<&'a BTreeSet<Id>>,
    /// The workshop step `highlight` belongs to.
    pub highlight_step: Option<usize>,
    /// A dialog covers the canvas: no hover tips.
    pub covered: bool,
    /// Whether nodes show their finding badges.
    pub badges: bool,
    /// The traffic flow shown: its hops are numbered on the boxes they pass.
    pub flow: Option<&'a crate::traffic::FlowView>,
    /// Stepping through the flow (workshop mode): hops after this index are not shown yet.
    pub flow_through: Option<usize>,
    /// While the design is compared with a live one: its resources not in Azure or changed there.
    pub drift: Option<&'a crate::panels::drift::DriftMarks>,
}

/// The canvas view state: transform, tool and the drag in progress.
#[derive(Debug, Clone)]
pub struct Canvas {
    pub zoom: f32,
    /// Screen offset of the canvas origin from the top-left of the canvas area.
    pub pan: Vec2,
    pub tool: Tool,
    pub snap: bool,
    drag: Option<Drag>,
    fit: Option<netdraft_scene::Rect>,
    /// The rectangle last framed, while the view has not been panned or
    /// zoomed since: a resized window (a presenter maximising it) frames it again.
    fitted: Option<netdraft_scene::Rect>,
    viewport: Rect,
    /// Edges that are resources (peerings), as drawn this frame, for clicking.
    edge_hits: Vec<(Id, Pos2, Pos2)>,
    /// The last drawing, tessellated, for frames that change nothing on the canvas.
    drawn: Option<reuse::Drawn>,
    /// The overview's miniature, likewise.
    overview: Option<reuse::Drawn>,
    /// Whether the legend of the lines is unfolded.
    legend: bool,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            zoom: 1.0,
            pan: Vec2::new(40.0, 40.0),
            tool: Tool::Select,
            snap: true,
            drag: None,
            fit: None,
            fitted: None,
            viewport: Rect::NOTHING,
            edge_hits: Vec::new(),
            drawn: None,
            overview: None,
            legend: false,
        }
    }
}

fn to_rect(r: netdraft_scene::Rect) -> Rect {
    Rect::from_min_size(Pos2::new(r.x, r.y), Vec2::new(r.w, r.h))
}

fn snap(v: f32, on: bool) -> i32 {
    if on {
        ((v / GRID).round() * GRID) as i32
    } else {
        v.round() as i32
    }
}

impl Canvas {
    /// Frames a canvas rectangle on the next frame.
    pub fn frame(&mut self, r: netdraft_scene::Rect) {
        self.fit = Some(r);
    }

    /// Whether a drag is in progress (the app holds undo points until it ends).
    pub fn is_dragging(&self) -> bool {
        self.drag.is_some()
    }

    fn to_screen(&self, p: Pos2) -> Pos2 {
        self.viewport.min + self.pan + p.to_vec2() * self.zoom
    }

    fn to_canvas(&self, p: Pos2) -> Pos2 {
        ((p - self.viewport.min - self.pan) / self.zoom).to_pos2()
    }

    fn screen_rect(&self, r: Rect) -> Rect {
        Rect::from_min_max(self.to_screen(r.min), self.to_screen(r.max))
    }

    /// The centre of the visible area, in canvas units (where keyboard-created resources go).
    pub fn visible_centre(&self) -> Pos2 {
        if self.viewport.is_positive() {
            self.to_canvas(self.viewport.center())
        } else {
            Pos2::new(200.0, 200.0)
        }
    }

    fn apply_fit(&mut self) {
        let Some(r) = self.fit.take() else { return };
        if !self.viewport.is_positive() {
            self.fit = Some(r);
            return;
        }
        let margin = 24.0;
        let avail = self.viewport.size() - Vec2::splat(2.0 * margin);
        let zoom = (avail.x / r.w.max(1.0)).min(avail.y / r.h.max(1.0));
        self.zoom = zoom.clamp(MIN_ZOOM, 1.25);
        let centre = Vec2::new(r.x + r.w / 2.0, r.y + r.h / 2.0);
        self.pan = self.viewport.size() / 2.0 - centre * self.zoom;
        self.fitted = Some(r);
    }

    fn zoom_at(&mut self, factor: f32, anchor: Pos2) {
        let before = self.to_canvas(anchor);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let after = self.to_screen(before);
        self.pan += anchor - after;
    }

    /// Shows the canvas in the remaining space of `ui`; returns what the user did.
    pub fn ui(&mut self, ui: &mut egui::Ui, input: &CanvasInput<'_>) -> Vec<Intent> {
        let mut intents = Vec::new();
        let (rect, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
        // The canvas's own drag area stops short of its edges, so the panels'
        // resize handles there get the drag (not a pan).
        let grab = ui.style().interaction.resize_grab_radius_side + 1.0;
        let bg = ui.interact(rect.shrink(grab), ui.scope_id().with("canvas"), Sense::click_and_drag());
        bg.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Design canvas"));
        if self.fit.is_none() && self.viewport.size() != rect.size() {
            self.fit = self.fitted;
        }
        self.viewport = rect;
        self.apply_fit();
        let framed = (self.zoom, self.pan);
        self.handle_view_input(ui, &bg);

        let painter = ui.painter_at(rect);
        let visible = Rect::from_min_max(self.to_canvas(rect.min), self.to_canvas(rect.max));
        let scene = input.scene;
        let moving: Vec<usize> = match &self.drag {
            Some(Drag::Move { nodes, .. }) => nodes.clone(),
            _ => Vec::new(),
        };
        let delta = match &self.drag {
            Some(Drag::Move { delta, .. }) => *delta,
            _ => Vec2::ZERO,
        };
        let view = (self.zoom, self.pan);
        self.paint_scene(ui, &painter, input, visible, &moving, delta);
        self.interact_nodes(ui, input, visible, &moving, delta, &mut intents);
        if (self.zoom, self.pan) != view {
            // The view moved after the canvas was painted: show it moved.
            ui.ctx().request_repaint();
        }
        // The overview only helps when part of the design is off screen.
        // In a small window it would cover too much of the canvas: left out.
        let all_visible = visible.contains_rect(to_rect(scene.bounds));
        let room = rect.width() >= minimap::MIN_CANVAS.x && rect.height() >= minimap::MIN_CANVAS.y;
        if !all_visible
            && room
            && let Some(centre) = minimap::ui(ui, rect, visible, input, &mut self.overview)
        {
            self.pan = rect.size() / 2.0 - centre.to_vec2() * self.zoom;
        }
        if !input.scene.edges.is_empty() {
            legend::ui(ui.ctx(), rect, input.palette, &mut self.legend);
        }
        flow::summary(ui.ctx(), rect, input);
        self.background_input(ui, &bg, input, &mut intents);
        self.palette_drop(ui, &painter, input, &mut intents);
        self.paint_drag_feedback(ui, &painter, input);
        if (self.zoom, self.pan) != framed {
            // Panned or zoomed by hand: a resize keeps this view.
            self.fitted = None;
        }
        intents
    }

    /// Paints the background, the grid, the nodes and the edges, reusing the
    /// last frame's tessellated drawing when nothing it shows has changed.
    fn paint_scene(
        &mut self,
        ui: &egui::Ui,
        painter: &egui::Painter,
        input: &CanvasInput<'_>,
        visible: Rect,
        moving: &[usize],
        delta: Vec2,
    ) {
        let key = reuse::DrawKey::new(ui, input, self.viewport, self.zoom, self.pan);
        // Mid-drag, the drawing changes every frame: no point keeping it.
        let still = self.drag.is_none();
        if still && self.drawn.as_ref().is_some_and(|d| d.repaint(painter, &key)) {
            return;
        }
        let start = painter.add(Shape::Noop);
        let rect = self.viewport;
        painter.rect_filled(rect, 0.0, input.palette.background);
        paint::grid(painter, rect, self.zoom, self.pan, input.palette);
        let scene = input.scene;
        if scene.nodes.is_empty() {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "An empty design.\nDrag a Virtual network from the palette onto the canvas,\n\
                 or start from a template: File > New from template (Ctrl+N).",
                egui::FontId::proportional(16.0),
                input.palette.weak_text,
            );
        }
        // Containers first, parents before children; then the edges, so they
        // run over container fills but under the tiles they join (no line
        // crosses a name); then the tiles; what is being dragged above all.
        for s in &scene.strips {
            self.paint_strip(painter, s, Vec2::ZERO, visible, None, input);
        }
        let mut on_top = Vec::new();
        let mut leaves = Vec::new();
        for (i, node) in scene.nodes.iter().enumerate() {
            let r = to_rect(node.rect);
            if !r.intersects(visible) {
                continue;
            }
            if moving.iter().any(|m| scene.is_within(i, *m)) {
                on_top.push((i, self.screen_rect(r.translate(delta))));
                continue;
            }
            if !node.role.is_container() {
                leaves.push(i);
                continue;
            }
            self.paint_node(painter, node, self.screen_rect(r), input);
            for s in &node.strips {
                self.paint_strip(painter, s, Vec2::ZERO, visible, Some(node), input);
            }
        }
        self.paint_edges(painter, input, visible, moving, delta);
        for i in leaves {
            let node = &scene.nodes[i];
            self.paint_node(painter, node, self.screen_rect(to_rect(node.rect)), input);
        }
        for (i, screen) in on_top {
            let node = &scene.nodes[i];
            self.paint_node(painter, node, screen, input);
            for s in &node.strips {
                self.paint_strip(painter, s, delta, visible.translate(-delta), Some(node), input);
            }
        }
        self.paint_overview_labels(painter, input, visible);
        flow::paint(self, painter, input);
        drift::paint(self, painter, input);
        let hint = self.drawn.as_ref().map_or((0, 0), reuse::Drawn::size);
        self.drawn = if still {
            reuse::Drawn::capture(painter, start, key, hint)
        } else {
            None
        };
    }

    /// One interaction area per visible node big enough to point at, parents
    /// first so the innermost node under the pointer gets it.
    fn interact_nodes(
        &mut self,
        ui: &egui::Ui,
        input: &CanvasInput<'_>,
        visible: Rect,
        moving: &[usize],
        delta: Vec2,
        intents: &mut Vec<Intent>,
    ) {
        let scene = input.scene;
        let modifiers = ui.input(|i| i.modifiers);
        for (i, node) in scene.nodes.iter().enumerate() {
            let r = to_rect(node.rect);
            if !r.intersects(visible) {
                continue;
            }
            let dragged = moving.iter().any(|m| scene.is_within(i, *m));
            let screen = self.screen_rect(if dragged { r.translate(delta) } else { r });
            if screen.width() < 6.0 || screen.height() < 6.0 {
                continue;
            }
            // Containers are picked up by their title band, so their body stays
            // free for panning and for picking what is inside.
            let grip = if node.role.is_container() {
                Rect::from_min_size(
                    screen.min,
                    Vec2::new(
                        screen.width(),
                        (netdraft_scene::HEADER * self.zoom).min(screen.height()),
                    ),
                )
            } else {
                screen
            };
            let response = ui.interact(grip, ui.scope_id().with(("node", &node.id)), Sense::click_and_drag());
            let selected = input.selection.contains(&node.id);
            response.widget_info(|| egui::WidgetInfo::selected(egui::Role::ListItem, true, selected, &node.label));
            self.node_input(i, node, &response, modifiers, input, intents);
            context_menu(&response, node, input.selection, intents);
            if self.drag.is_none() && !input.covered {
                response.on_hover_ui(|ui| {
                    ui.label(egui::RichText::new(&node.label).strong());
                    if node.detail == node.kind.label() {
                        ui.label(node.kind.label());
                    } else {
                        ui.label(format!("{} · {}", node.kind.label(), node.detail));
                    }
                    ui.label(egui::RichText::new(node.kind.description()).small().weak());
                });
            }
        }
    }

    fn handle_view_input(&mut self, ui: &egui::Ui, bg: &egui::Response) {
        let pointer = ui.input(|i| i.pointer.hover_pos());
        let over = pointer.is_some_and(|p| self.viewport.contains(p));
        if over {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            if let Some(p) = pointer
                && (zoom - 1.0).abs() > f32::EPSILON
            {
                self.zoom_at(zoom, p);
            }
            self.pan += scroll;
        }
        if bg.dragged_by(PointerButton::Middle) || bg.dragged_by(PointerButton::Secondary) {
            self.pan += bg.drag_delta();
        }
    }

    fn node_input(
        &mut self,
        i: usize,
        node: &Node,
        response: &egui::Response,
        modifiers: Modifiers,
        input: &CanvasInput<'_>,
        intents: &mut Vec<Intent>,
    ) {
        if response.clicked() {
            intents.push(Intent::Select {
                ids: vec![node.id.clone()],
                toggle: modifiers.shift || modifiers.command,
            });
        }
        if response.dragged_by(PointerButton::Middle) || response.dragged_by(PointerButton::Secondary) {
            self.pan += response.drag_delta();
            return;
        }
        if response.drag_started_by(PointerButton::Primary) {
            if self.tool == Tool::Connect {
                self.drag = Some(Drag::Connect { from: i });
            } else {
                let nodes = if input.selection.contains(&node.id) {
                    top_most(input.scene, input.selection)
                } else {
                    intents.push(Intent::Select {
                        ids: vec![node.id.clone()],
                        toggle: false,
                    });
                    vec![i]
                };
                self.drag = Some(Drag::Move {
                    nodes,
                    delta: Vec2::ZERO,
                });
            }
        }
        if response.dragged_by(PointerButton::Primary)
            && let Some(Drag::Move { delta, .. }) = &mut self.drag
        {
            *delta += response.drag_delta() / self.zoom;
        }
        if response.drag_stopped() {
            self.finish_drag(response.interact_pointer_pos(), input, intents);
        }
    }

    fn background_input(
        &mut self,
        ui: &egui::Ui,
        bg: &egui::Response,
        input: &CanvasInput<'_>,
        intents: &mut Vec<Intent>,
    ) {
        if bg.clicked() {
            let shift = ui.input(|i| i.modifiers.shift);
            let on_edge = bg.interact_pointer_pos().and_then(|p| {
                self.edge_hits
                    .iter()
                    .find(|(_, a, b)| distance_to_segment(p, *a, *b) < 6.0)
                    .map(|(id, _, _)| id.clone())
            });
            match on_edge {
                Some(id) => intents.push(Intent::Select {
                    ids: vec![id],
                    toggle: shift,
                }),
                None if !shift => intents.push(Intent::ClearSelection),
                None => {}
            }
        }
        if bg.drag_started_by(PointerButton::Primary)
            && let Some(p) = bg.interact_pointer_pos()
        {
            if ui.input(|i| i.modifiers.shift) {
                self.drag = Some(Drag::Band {
                    from: self.to_canvas(p),
                });
            } else {
                ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
            }
        }
        if bg.dragged_by(PointerButton::Primary) && !matches!(self.drag, Some(Drag::Band { .. })) {
            self.pan += bg.drag_delta();
        }
        if bg.drag_stopped() {
            self.finish_drag(bg.interact_pointer_pos(), input, intents);
        }
    }

    fn paint_node(&self, painter: &egui::Painter, node: &Node, screen: Rect, input: &CanvasInput<'_>) {
        let selected = input.selection.contains(&node.id);
        let dim = input.highlight.is_some_and(|h| !h.contains(&node.id));
        if !input.badges && node.badge.is_some() {
            let plain = Node {
                badge: None,
                ..node.clone()
            };
            paint::node(painter, &plain, screen, self.zoom, input.palette, selected, dim);
            return;
        }
        paint::node(painter, node, screen, self.zoom, input.palette, selected, dim);
    }

    /// Zoomed out, container titles are drawn last, as labels above everything.
    fn paint_overview_labels(&self, painter: &egui::Painter, input: &CanvasInput<'_>, visible: Rect) {
        if netdraft_scene::text::TITLE * self.zoom >= paint::OVERVIEW_TEXT {
            return;
        }
        for n in input.scene.nodes.iter().filter(|n| n.role.is_container()) {
            let r = to_rect(n.rect);
            if r.intersects(visible) {
                let dim = input.highlight.is_some_and(|h| !h.contains(&n.id));
                paint::overview_label(painter, n, self.screen_rect(r), input.palette, dim);
            }
        }
    }

    fn paint_strip(
        &self,
        painter: &egui::Painter,
        strip: &netdraft_scene::Strip,
        delta: Vec2,
        visible: Rect,
        owner: Option<&Node>,
        input: &CanvasInput<'_>,
    ) {
        let r = to_rect(strip.rect);
        if !r.intersects(visible) {
            return;
        }
        let dim = owner.is_some_and(|n| input.highlight.is_some_and(|h| !h.contains(&n.id)));
        let screen = self.screen_rect(r.translate(delta));
        paint::strip(painter, strip, screen, self.zoom, input.palette, dim);
    }

    fn paint_edges(
        &mut self,
        painter: &egui::Painter,
        input: &CanvasInput<'_>,
        visible: Rect,
        moving: &[usize],
        delta: Vec2,
    ) {
        let scene = input.scene;
        self.edge_hits.clear();
        for e in &scene.edges {
            let (a, b) = (&scene.nodes[e.from], &scene.nodes[e.to]);
            let near_selection = input.selection.contains(&a.id)
                || input.selection.contains(&b.id)
                || e.resource.as_ref().is_some_and(|r| input.selection.contains(r));
            if !style::always_drawn(e.relation) && !near_selection {
                continue;
            }
            let shift = |i: usize| {
                if moving.iter().any(|m| scene.is_within(i, *m)) {
                    delta
                } else {
                    Vec2::ZERO
                }
            };
            let ra = to_rect(a.rect).translate(shift(e.from));
            let rb = to_rect(b.rect).translate(shift(e.to));
            if !ra.union(rb).intersects(visible) {
                continue;
            }
            let (mut stroke, dashed) = input.palette.edge(e.relation);
            if near_selection {
                stroke.width += 1.5;
            }
            stroke.width = (stroke.width * self.zoom.sqrt()).max(1.0);
            let dim = input
                .highlight
                .is_some_and(|h| !h.contains(&a.id) || !h.contains(&b.id));
            if dim {
                stroke.color = stroke.color.gamma_multiply(0.2);
            }
            let (p, q) = paint::border_points(self.screen_rect(ra), self.screen_rect(rb));
            paint::edge(painter, p, q, stroke, dashed, self.zoom);
            if let Some(id) = &e.resource {
                if input.selection.contains(id) {
                    painter.line_segment(
                        [p, q],
                        Stroke::new(stroke.width + 4.0, input.palette.accent.gamma_multiply(0.5)),
                    );
                }
                self.edge_hits.push((id.clone(), p, q));
            }
        }
    }
}

/// Right-click on a box: what can be done to it (and the rest of the
/// selection, when it is part of it). It is selected first.
fn context_menu(response: &egui::Response, node: &Node, selection: &BTreeSet<Id>, intents: &mut Vec<Intent>) {
    use crate::actions::Action;
    response.context_menu(|ui| {
        let items = [
            (Action::FrameSelection, "Zoom to it"),
            (Action::Copy, "Copy"),
            (Action::Duplicate, "Duplicate"),
            (Action::Delete, "Delete"),
        ];
        ui.label(egui::RichText::new(&node.label).strong());
        ui.separator();
        for (action, text) in items {
            let hint = action
                .shortcut()
                .map_or_else(String::new, |s| ui.ctx().format_shortcut(&s));
            if ui
                .add(egui::Button::new(text).shortcut_text(hint))
                .on_hover_text(action.tooltip())
                .clicked()
            {
                if !selection.contains(&node.id) {
                    intents.push(Intent::Select {
                        ids: vec![node.id.clone()],
                        toggle: false,
                    });
                }
                intents.push(Intent::Run(action));
                ui.close();
            }
        }
    });
}

/// The selected nodes without those inside another selected node.
fn top_most(scene: &Scene, selection: &BTreeSet<Id>) -> Vec<usize> {
    let chosen: Vec<usize> = selection.iter().filter_map(|id| scene.index_of(id.as_str())).collect();
    chosen
        .iter()
        .copied()
        .filter(|i| !chosen.iter().any(|j| j != i && scene.is_within(*i, *j)))
        .collect()
}

/// Distance from `p` to the segment `a`–`b`, in points.
fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a + ab * t).distance(p)
}
