//! Data derived from the design, recomputed once per revision (never per
//! frame): the IP plan, the laid-out scene (with subnet utilisation and
//! problem badges), the problems list, the file preview.

use egui::text::LayoutJob;
use egui::{Color32, FontId, TextFormat};
use netdraft_core::plan::{IssueSeverity, Plan};
use netdraft_core::{Design, Diagnostic, Id, Severity};
use netdraft_scene::{Badge, Meter, Scene};

/// One problem, with the resources it is about (the one it is badged on first).
#[derive(Debug, Clone)]
pub struct Problem {
    pub diagnostic: Diagnostic,
    pub resources: Vec<Id>,
    /// A short rule or check code (`subnet-too-small`, `NDnnn`), when there is one.
    pub code: Option<String>,
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
        let mut scratch = design.clone();
        let mut problems: Vec<Problem> = netdraft_core::validate::structure(&mut scratch)
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
                    diagnostic: d,
                    resources: resource.into_iter().collect(),
                    code: None,
                }
            })
            .collect();
        problems.extend(plan.issues.iter().map(|i| {
            Problem {
                diagnostic: Diagnostic {
                    severity: match i.severity {
                        IssueSeverity::Error => Severity::Error,
                        IssueSeverity::Warning => Severity::Warning,
                    },
                    line: None,
                    column: None,
                    field: None,
                    message: i.message.clone(),
                    fix: (!i.fix.is_empty()).then(|| i.fix.clone()),
                },
                resources: i
                    .resources
                    .iter()
                    .filter(|id| design.contains(id.as_str()))
                    .cloned()
                    .collect(),
                code: Some(i.code.to_owned()),
            }
        }));
        problems.extend(plan.overlaps.iter().map(|o| {
            Problem {
                diagnostic: Diagnostic::error(
                    None,
                    format!(
                        "{} {} ({}) overlaps {} {} ({}): {}",
                        o.a.what, o.a.owner, o.a.cidr, o.b.what, o.b.owner, o.b.cidr, o.rule
                    ),
                    Some("move one of the two ranges".to_owned()),
                ),
                resources: [&o.a.owner, &o.b.owner]
                    .into_iter()
                    .filter(|id| design.contains(id.as_str()))
                    .cloned()
                    .collect(),
                code: Some("overlap".to_owned()),
            }
        }));
        for p in &problems {
            if let Some(node) = p.resources.first().and_then(|id| scene.get_mut(id.as_str())) {
                let count = node.badge.map_or(0, |b| b.count) + 1;
                let severity = node
                    .badge
                    .map_or(p.diagnostic.severity, |b| b.severity.min(p.diagnostic.severity));
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
