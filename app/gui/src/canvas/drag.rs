//! What drags do: moving and re-parenting resources, rubber-band selection,
//! the connection tool, and drops from the palette, each with feedback while
//! the pointer is down and one intent when it is released.

use egui::{Pos2, Rect, Stroke, Vec2};
use netdraft_core::Id;
use netdraft_core::command::{Command, check_placement, create};
use netdraft_core::model::{Kind, Point};
use netdraft_scene::Scene;

use super::{Canvas, CanvasInput, Drag, Intent, paint, snap, to_rect};

impl Canvas {
    pub(super) fn finish_drag(&mut self, pointer: Option<Pos2>, input: &CanvasInput<'_>, intents: &mut Vec<Intent>) {
        let Some(drag) = self.drag.take() else { return };
        let scene = input.scene;
        let at_pointer = pointer.map(|p| self.to_canvas(p));
        match drag {
            Drag::Move { nodes, delta } => {
                if delta.length() < 1.0 || nodes.is_empty() {
                    return;
                }
                intents.push(self.move_intent(scene, &nodes, delta, at_pointer));
            }
            Drag::Band { from } => {
                let Some(to) = at_pointer else { return };
                let band = Rect::from_two_pos(from, to);
                let ids: Vec<Id> = scene
                    .nodes
                    .iter()
                    .filter(|n| band.contains_rect(to_rect(n.rect)))
                    .map(|n| n.id.clone())
                    .collect();
                intents.push(Intent::Select { ids, toggle: true });
            }
            Drag::Connect { from } => {
                let target = at_pointer.and_then(|p| scene.hit(netdraft_scene::Pos::new(p.x, p.y)));
                if let Some(t) = target
                    && t.id != scene.nodes[from].id
                {
                    intents.push(Intent::Connect {
                        from: scene.nodes[from].id.clone(),
                        to: t.id.clone(),
                    });
                }
            }
        }
    }

    /// A finished move: a re-parent when one resource lands in another
    /// container, otherwise one `Move` that also pins the unmoved siblings
    /// where they are, so nothing else jumps.
    fn move_intent(&self, scene: &Scene, nodes: &[usize], delta: Vec2, pointer: Option<Pos2>) -> Intent {
        let target = pointer.and_then(|p| scene.container_at(netdraft_scene::Pos::new(p.x, p.y), nodes));
        let target_index = target.and_then(|t| scene.index_of(t.id.as_str()));
        let relative = |i: usize, parent: Option<usize>| {
            let r = to_rect(scene.nodes[i].rect).translate(delta);
            let origin = parent.map_or(Pos2::ZERO, |p| to_rect(scene.nodes[p].rect).min);
            Point(snap(r.min.x - origin.x, self.snap), snap(r.min.y - origin.y, self.snap))
        };
        if let [only] = nodes
            && scene.nodes[*only].parent != target_index
        {
            return Intent::Edit(Box::new(Command::Reparent {
                id: scene.nodes[*only].id.clone(),
                parent: target.map(|t| t.id.clone()),
                at: Some(relative(*only, target_index)),
            }));
        }
        let mut moves: Vec<(Id, Option<Point>)> = nodes
            .iter()
            .map(|i| (scene.nodes[*i].id.clone(), Some(relative(*i, scene.nodes[*i].parent))))
            .collect();
        for (j, n) in scene.nodes.iter().enumerate() {
            let sibling = nodes.iter().any(|i| scene.nodes[*i].parent == n.parent);
            if sibling && !n.pinned && !nodes.contains(&j) {
                let origin = n
                    .parent
                    .map_or(netdraft_scene::Pos::default(), |p| scene.nodes[p].rect.min());
                moves.push((
                    n.id.clone(),
                    Some(Point(
                        (n.rect.x - origin.x).round() as i32,
                        (n.rect.y - origin.y).round() as i32,
                    )),
                ));
            }
        }
        Intent::Edit(Box::new(Command::Move(moves)))
    }

    pub(super) fn palette_drop(
        &self,
        ui: &egui::Ui,
        painter: &egui::Painter,
        input: &CanvasInput<'_>,
        intents: &mut Vec<Intent>,
    ) {
        let Some(kind) = egui::DragAndDrop::payload::<Kind>(ui.ctx()) else {
            return;
        };
        let Some(p) = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| self.viewport.contains(*p))
        else {
            return;
        };
        let c = self.to_canvas(p);
        let target = input.scene.container_at(netdraft_scene::Pos::new(c.x, c.y), &[]);
        let parent = target.map(|t| t.id.clone());
        let verdict = create(input.design, *kind, parent.as_ref(), None);
        let colour = if verdict.is_ok() {
            input.palette.ok
        } else {
            input.palette.refused
        };
        if let Some(t) = target {
            painter.rect_stroke(
                self.screen_rect(to_rect(t.rect)),
                8.0,
                Stroke::new(3.0, colour),
                egui::StrokeKind::Outside,
            );
        }
        let into = target.map_or("the canvas", |t| t.label.as_str());
        let note = match &verdict {
            Ok(Command::Paste { resources, .. }) => format!(
                "{} with a new {} into {into}",
                kind.label(),
                resources.first().map_or("subnet", |r| r.name())
            ),
            Ok(_) => format!("{} into {into}", kind.label()),
            Err(e) => e.to_string(),
        };
        paint::note(painter, p + Vec2::new(16.0, 16.0), &note, colour, input.palette);
        if ui.input(|i| i.pointer.any_released()) {
            egui::DragAndDrop::clear_payload(ui.ctx());
            let origin = target.map_or(Pos2::ZERO, |t| to_rect(t.rect).min);
            let at = Point(snap(c.x - origin.x, self.snap), snap(c.y - origin.y, self.snap));
            intents.push(match verdict {
                Ok(_) => Intent::Create {
                    kind: *kind,
                    parent,
                    at,
                },
                Err(e) => Intent::Refused(e.to_string()),
            });
        }
    }

    pub(super) fn paint_drag_feedback(&self, ui: &egui::Ui, painter: &egui::Painter, input: &CanvasInput<'_>) {
        let Some(p) = ui.input(|i| i.pointer.hover_pos()) else {
            return;
        };
        match &self.drag {
            Some(Drag::Band { from }) => {
                let r = Rect::from_two_pos(self.to_screen(*from), p);
                painter.rect_filled(r, 0.0, input.palette.accent.gamma_multiply(0.12));
                painter.rect_stroke(r, 0.0, Stroke::new(1.0, input.palette.accent), egui::StrokeKind::Inside);
            }
            Some(Drag::Connect { from }) => {
                let start = self.screen_rect(to_rect(input.scene.nodes[*from].rect)).center();
                painter.arrow(start, p - start, Stroke::new(2.5, input.palette.accent));
            }
            Some(Drag::Move { nodes, .. }) => {
                let c = self.to_canvas(p);
                if let Some(t) = input.scene.container_at(netdraft_scene::Pos::new(c.x, c.y), nodes)
                    && let [only] = nodes.as_slice()
                    && input.scene.nodes[*only].parent != input.scene.index_of(t.id.as_str())
                {
                    let ok = check_placement(input.design, input.scene.nodes[*only].kind, Some(&t.id));
                    let colour = if ok.is_ok() {
                        input.palette.ok
                    } else {
                        input.palette.refused
                    };
                    painter.rect_stroke(
                        self.screen_rect(to_rect(t.rect)),
                        8.0,
                        Stroke::new(3.0, colour),
                        egui::StrokeKind::Outside,
                    );
                    if let Err(e) = ok {
                        paint::note(
                            painter,
                            p + Vec2::new(16.0, 16.0),
                            &e.to_string(),
                            colour,
                            input.palette,
                        );
                    }
                }
            }
            None => {}
        }
    }
}
