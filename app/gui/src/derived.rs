//! Data derived from the design, recomputed once per revision (never per
//! frame): the IP plan, the lint findings, the laid-out scene (with subnet
//! utilisation and problem badges), the problems list, the file preview.

use egui::text::LayoutJob;
use egui::{Color32, FontId, TextFormat};
use netdraft_core::lint;
use netdraft_core::plan::Plan;
use netdraft_core::{Design, Id, Severity};
use netdraft_scene::{Badge, Meter, Scene};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// One problem, with the resources it is about (the one it is badged on first).
#[derive(Debug, Clone)]
pub struct Problem {
    pub level: Level,
    /// The lint rule id (`ND011`), when a rule found it.
    pub code: Option<String>,
    /// Where in the design file, for structural problems (`subnet.x.parent`).
    pub field: Option<String>,
    pub message: String,
    /// Why it matters, with its source.
    pub why: Option<String>,
    pub fix: Option<String>,
    pub resources: Vec<Id>,
    /// The design's reason for accepting it, when it does.
    pub accepted: Option<String>,
}

/// Everything derived from one revision of the design.
#[derive(Debug)]
pub struct Derived {
    pub revision: u64,
    pub plan: Plan,
    pub scene: Scene,
    pub problems: Vec<Problem>,
    pub toml: String,
    pub toml_job: Option<LayoutJob>,
}

impl Derived {
    /// Recomputes everything for `design` at `revision`.
    pub fn compute(design: &Design, revision: u64) -> Derived {
        let plan = netdraft_core::plan::plan(design);
        let mut scene = netdraft_scene::layout(design);
        for s in plan.vnets.iter().flat_map(|v| &v.subnets) {
            if let Some(node) = scene.get_mut(s.id.as_str()) {
                // The planner reports percent; the meter takes a fraction.
                node.meter = Some(Meter {
                    fraction: (s.utilisation / 100.0) as f32,
                });
                if s.auto
                    && let Some(p) = s.prefix
                {
                    node.detail = format!("auto: {p}");
                }
            }
        }
        let problems = problems(design, &plan);
        for p in problems.iter().filter(|p| p.accepted.is_none()) {
            let severity = match p.level {
                Level::Error => Severity::Error,
                Level::Warning => Severity::Warning,
                Level::Info => continue,
            };
            if let Some(node) = p.resources.first().and_then(|id| scene.get_mut(id.as_str())) {
                let count = node.badge.map_or(0, |b| b.count) + 1;
                let severity = node.badge.map_or(severity, |b| b.severity.min(severity));
                node.badge = Some(Badge { severity, count });
            }
        }
        Derived {
            revision,
            plan,
            scene,
            problems,
            toml: netdraft_core::file::to_toml(design),
            toml_job: None,
        }
    }

    /// The file preview with TOML highlighting (built on first use).
    pub fn toml_job(&mut self, dark: bool) -> &LayoutJob {
        let text = &self.toml;
        self.toml_job.get_or_insert_with(|| highlight_toml(text, dark))
    }
}

/// Structural problems (on a scratch copy: validation may normalise), then
/// every lint finding (the planner's issues and overlaps arrive as lint rules).
fn problems(design: &Design, plan: &Plan) -> Vec<Problem> {
    let mut scratch = design.clone();
    let mut out: Vec<Problem> = netdraft_core::validate::structure(&mut scratch)
        .into_iter()
        .map(|d| {
            let resource = d
                .field
                .as_deref()
                .and_then(|f| f.split('.').nth(1))
                .map(|s| s.split('[').next().unwrap_or(s))
                .and_then(|s| Id::new(s).ok())
                .filter(|id| design.contains(id.as_str()));
            Problem {
                level: match d.severity {
                    Severity::Error => Level::Error,
                    Severity::Warning => Level::Warning,
                },
                code: None,
                field: d.field,
                message: d.message,
                why: None,
                fix: d.fix,
                resources: resource.into_iter().collect(),
                accepted: None,
            }
        })
        .collect();
    out.extend(lint::lint(design, plan).into_iter().map(|f| {
        Problem {
            level: match f.severity {
                lint::Level::Error => Level::Error,
                lint::Level::Warning => Level::Warning,
                lint::Level::Info => Level::Info,
            },
            code: Some(f.rule.to_owned()),
            field: None,
            message: f.message,
            why: (!f.why.is_empty()).then(|| f.why.to_owned()),
            fix: (!f.fix.is_empty()).then_some(f.fix),
            resources: f
                .resources
                .into_iter()
                .filter(|id| design.contains(id.as_str()))
                .collect(),
            accepted: f.accepted,
        }
    }));
    // Errors first, then warnings, then notes; accepted ones last.
    out.sort_by_key(|p| (p.accepted.is_some(), p.level));
    out
}

/// A small TOML highlighter: tables, keys, strings, numbers and comments.
pub fn highlight_toml(text: &str, dark: bool) -> LayoutJob {
    let (plain, table, key, string, number, comment) = if dark {
        (
            Color32::from_rgb(220, 220, 220),
            Color32::from_rgb(120, 180, 255),
            Color32::from_rgb(160, 210, 240),
            Color32::from_rgb(200, 160, 110),
            Color32::from_rgb(180, 210, 140),
            Color32::from_rgb(120, 130, 140),
        )
    } else {
        (
            Color32::from_rgb(30, 30, 30),
            Color32::from_rgb(0, 80, 180),
            Color32::from_rgb(20, 90, 120),
            Color32::from_rgb(160, 60, 20),
            Color32::from_rgb(40, 120, 40),
            Color32::from_rgb(120, 120, 120),
        )
    };
    let font = FontId::monospace(12.5);
    let mut job = LayoutJob::default();
    let mut put = |s: &str, c: Color32| {
        job.append(s, 0.0, TextFormat::simple(font.clone(), c));
    };
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            put(line, comment);
        } else if trimmed.starts_with('[') {
            put(line, table);
        } else if let Some((k, v)) = line.split_once('=') {
            put(k, key);
            put("=", plain);
            let t = v.trim_start();
            let colour = if t.starts_with('"') || t.starts_with('[') {
                string
            } else if t.starts_with(|c: char| c.is_ascii_digit()) || t.starts_with("true") || t.starts_with("false") {
                number
            } else {
                plain
            };
            put(v, colour);
        } else {
            put(line, plain);
        }
    }
    job
}
