//! Data derived from the design, recomputed once per revision (never per
//! frame): the IP plan, the lint findings, the laid-out scene (with subnet
//! utilisation and problem badges), the problems list, the file preview.

use std::collections::BTreeMap;

use egui::text::LayoutJob;
use egui::{Color32, FontId, TextFormat};
use netdraft_core::lint;
use netdraft_core::plan::Plan;
use netdraft_core::{Design, Id, Severity};
use netdraft_export::{ExportKind, OutputFile, Templates};
use netdraft_scene::Scene;

use crate::prefs::PreviewKind;

/// How bad a problem is: the lint engine's levels, for structural problems too.
pub use netdraft_core::lint::Level;

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
    /// An edit lint computed that clears it (the Problems panel's "Fix" button).
    pub quick_fix: Option<lint::QuickFix>,
}

/// Everything derived from one revision of the design.
#[derive(Debug)]
pub struct Derived {
    pub revision: u64,
    pub plan: Plan,
    pub scene: Scene,
    pub problems: Vec<Problem>,
    pub toml: String,
    /// The highlighted design file, and whether for the dark theme.
    pub toml_job: Option<(bool, LayoutJob)>,
    /// The lint findings of this revision, as the exports take them.
    export_findings: Vec<netdraft_export::Finding>,
    /// Exports rendered so far for this revision (lazily: only formats looked at).
    exports: BTreeMap<PreviewKind, Result<Vec<OutputFile>, String>>,
    /// Highlighted export files, by format, path and theme (dark or not).
    code_jobs: BTreeMap<(PreviewKind, String, bool), LayoutJob>,
    /// Whether pictures (SVG, PNG) carry finding badges.
    badges: bool,
    /// The standard flows and the flow shown, traced on first use.
    pub traffic: crate::traffic::Traffic,
    /// Problems of the design's structure (validation), before the findings.
    structure: Vec<Problem>,
    /// The design pass's lint findings of this revision.
    design_findings: Vec<lint::Finding>,
    /// The flow pass's findings: this revision's once [`Self::flows_current`],
    /// else the previous revision's (those whose resources still exist) until
    /// the worker's arrive, so badges do not blink on every edit.
    flow_findings: Vec<lint::Finding>,
    /// Whether the flow pass of this revision has arrived.
    flows_current: bool,
}

impl Derived {
    /// Recomputes everything for `design` at `revision` but the flow lint
    /// pass, which costs more than the rest together on a big design and runs
    /// on the worker ([`flow_job`], then [`Self::flows_arrived`]). Until it
    /// arrives, `carried` (the previous revision's flow findings) stand in.
    pub fn compute(design: &Design, revision: u64, carried: Vec<lint::Finding>) -> Derived {
        let plan = netdraft_core::plan::plan(design);
        let mut scene = netdraft_scene::layout(design);
        scene.show_plan(&plan);
        let design_findings = lint::lint(design, &plan);
        let flow_findings = carried
            .into_iter()
            .filter(|f| f.resources.iter().all(|id| design.contains(id.as_str())))
            .collect();
        let mut derived = Derived {
            revision,
            plan,
            scene,
            problems: Vec::new(),
            toml: netdraft_core::file::to_toml(design),
            toml_job: None,
            export_findings: Vec::new(),
            exports: BTreeMap::new(),
            code_jobs: BTreeMap::new(),
            badges: true,
            traffic: crate::traffic::Traffic::default(),
            structure: structure(design),
            design_findings,
            flow_findings,
            flows_current: false,
        };
        derived.settle(design);
        derived
    }

    /// The flow pass of `revision` arrived: its findings join the design
    /// pass's (badges, problems, exports). Returns whether they were taken
    /// (not when the design has moved on since).
    pub fn flows_arrived(&mut self, design: &Design, revision: u64, findings: Vec<lint::Finding>) -> bool {
        if revision != self.revision || self.flows_current {
            return false;
        }
        self.flow_findings = findings;
        self.flows_current = true;
        self.settle(design);
        true
    }

    /// Whether this revision's flow pass has arrived.
    pub fn flows_current(&self) -> bool {
        self.flows_current
    }

    /// The flow findings shown now, to carry over to the next revision.
    pub fn take_flow_findings(&mut self) -> Vec<lint::Finding> {
        std::mem::take(&mut self.flow_findings)
    }

    /// Changes whenever the scene does: with the revision, and once more
    /// when the flow pass's badges arrive (the canvas redraws on a change).
    pub fn scene_revision(&self) -> u64 {
        self.revision * 2 + u64::from(self.flows_current)
    }

    /// Joins both passes' findings into the problems, the exports' findings
    /// and the badges, dropping what was rendered from the earlier ones.
    fn settle(&mut self, design: &Design) {
        let findings = lint::combine(self.design_findings.clone(), self.flow_findings.clone());
        self.export_findings = netdraft_export::findings_from_lint(&findings);
        self.problems = problems(design, self.structure.clone(), findings);
        self.scene.clear_findings();
        for p in self.problems.iter().filter(|p| p.accepted.is_none()) {
            let severity = match p.level {
                Level::Error => Severity::Error,
                Level::Warning => Severity::Warning,
                Level::Info => continue,
            };
            if let Some(first) = p.resources.first() {
                self.scene.add_finding(first.as_str(), severity);
            }
        }
        self.exports.clear();
        self.code_jobs.clear();
    }

    /// The export of `design` (the design of this revision) in `kind`,
    /// rendered on first use; `None` for the design file, which is [`Self::toml`].
    pub fn export(&mut self, design: &Design, kind: PreviewKind) -> Option<&Result<Vec<OutputFile>, String>> {
        let (plan, findings) = (&self.plan, &self.export_findings);
        if kind == PreviewKind::Export(ExportKind::Svg) {
            let badges: &[netdraft_export::Finding] = if self.badges { findings } else { &[] };
            let flow = self.traffic.view().map(|v| &v.path);
            return Some(self.exports.entry(kind).or_insert_with(|| {
                let contents = match flow {
                    Some(flow) => netdraft_export::diagram::svg_flow(design, plan, badges, flow),
                    None => netdraft_export::diagram::svg(design, plan, badges),
                };
                Ok(vec![OutputFile {
                    path: "design.svg".to_owned(),
                    contents,
                }])
            }));
        }
        let format = kind.format()?;
        Some(self.exports.entry(kind).or_insert_with(|| {
            netdraft_export::export(design, plan, &Templates::builtin(format), findings).map_err(|e| e.to_string())
        }))
    }

    /// The lint findings of this revision, as the exports take them.
    pub fn export_findings(&self) -> &[netdraft_export::Finding] {
        &self.export_findings
    }

    /// The findings pictures show as badges: none when badges are off.
    pub fn picture_findings(&self) -> &[netdraft_export::Finding] {
        if self.badges { &self.export_findings } else { &[] }
    }

    /// Turns the pictures' badges on or off; returns whether that changed
    /// anything (the SVG drawn so far is dropped).
    pub fn set_badges(&mut self, on: bool) -> bool {
        if self.badges == on {
            return false;
        }
        self.badges = on;
        self.drop_svg();
        true
    }

    /// Drops the SVG drawn so far (the pictures' badges or flow changed).
    pub fn drop_svg(&mut self) {
        self.exports.remove(&PreviewKind::Export(ExportKind::Svg));
        self.code_jobs
            .retain(|(k, _, _), _| *k != PreviewKind::Export(ExportKind::Svg));
    }

    /// The highlighted text of one exported file (the first when `path` is
    /// not among them), built on first use; `export` must have run first.
    pub fn code_job(&mut self, kind: PreviewKind, path: &str, dark: bool) -> Option<&LayoutJob> {
        let files = self.exports.get(&kind)?.as_ref().ok()?;
        let file = files.iter().find(|f| f.path == path).or_else(|| files.first())?;
        let key = (kind, file.path.clone(), dark);
        let text = &file.contents;
        let lang = Lang::of(&file.path);
        Some(
            self.code_jobs
                .entry(key)
                .or_insert_with(|| highlight_code(text, lang, dark)),
        )
    }

    /// The file preview with TOML highlighting (built on first use, and again
    /// when the theme changes: the colours are baked into the job).
    pub fn toml_job(&mut self, dark: bool) -> &LayoutJob {
        if self.toml_job.as_ref().is_none_or(|(d, _)| *d != dark) {
            self.toml_job = Some((dark, highlight_toml(&self.toml, dark)));
        }
        let (_, job) = self.toml_job.get_or_insert_with(|| (dark, LayoutJob::default()));
        job
    }
}

/// The design's flow lint pass, for the worker: pure, on its own copies.
pub fn flow_job(design: &Design, plan: &Plan) -> Vec<lint::Finding> {
    lint::lint_flows(design, plan)
}

/// Structural problems of the design (on a scratch copy: validation may normalise).
fn structure(design: &Design) -> Vec<Problem> {
    let mut scratch = design.clone();
    netdraft_core::validate::structure(&mut scratch)
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
                quick_fix: None,
            }
        })
        .collect()
}

/// Structural problems, then every lint finding (the planner's issues and
/// overlaps arrive as lint rules).
fn problems(design: &Design, mut out: Vec<Problem>, findings: Vec<lint::Finding>) -> Vec<Problem> {
    out.extend(findings.into_iter().map(|f| {
        Problem {
            level: f.severity,
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
            quick_fix: if f.accepted.is_none() { f.quick_fix } else { None },
            accepted: f.accepted,
        }
    }));
    // Errors first, then warnings, then notes; accepted ones last.
    out.sort_by_key(|p| (p.accepted.is_some(), p.level));
    out
}

/// A small TOML highlighter: tables, keys, strings, numbers and comments.
pub fn highlight_toml(text: &str, dark: bool) -> LayoutJob {
    let [plain, table, key, string, number, comment] = code_colours(dark);
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

/// The languages the export preview highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Terraform and Bicep: `#`/`//` comments, `key =`, blocks.
    Hcl,
    Yaml,
    Markdown,
    /// SVG: tags, attribute names, quoted values.
    Xml,
}

impl Lang {
    fn of(path: &str) -> Lang {
        let ext = std::path::Path::new(path)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" => Lang::Markdown,
            "svg" | "xml" => Lang::Xml,
            "yaml" | "yml" => Lang::Yaml,
            _ => Lang::Hcl,
        }
    }
}

/// Colours of the highlighters: plain, heading/block, key, string, number, comment.
fn code_colours(dark: bool) -> [Color32; 6] {
    if dark {
        [
            Color32::from_rgb(220, 220, 220),
            Color32::from_rgb(120, 180, 255),
            Color32::from_rgb(160, 210, 240),
            Color32::from_rgb(200, 160, 110),
            Color32::from_rgb(180, 210, 140),
            Color32::from_rgb(120, 130, 140),
        ]
    } else {
        [
            Color32::from_rgb(30, 30, 30),
            Color32::from_rgb(0, 80, 180),
            Color32::from_rgb(20, 90, 120),
            Color32::from_rgb(160, 60, 20),
            Color32::from_rgb(40, 120, 40),
            Color32::from_rgb(120, 120, 120),
        ]
    }
}

/// A line-based highlighter for exported files: comments, block openers,
/// keys, quoted strings and numbers. Good enough to read, not a parser.
pub fn highlight_code(text: &str, lang: Lang, dark: bool) -> LayoutJob {
    if lang == Lang::Xml {
        return highlight_xml(text, dark);
    }
    let [plain, block, key, string, number, comment] = code_colours(dark);
    let font = FontId::monospace(12.5);
    let mut job = LayoutJob::default();
    let mut put = |s: &str, c: Color32| {
        if !s.is_empty() {
            job.append(s, 0.0, TextFormat::simple(font.clone(), c));
        }
    };
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') && lang != Lang::Markdown || trimmed.starts_with("//") {
            put(line, comment);
            continue;
        }
        if lang == Lang::Markdown {
            let colour = if trimmed.starts_with('#') {
                block
            } else if trimmed.starts_with('|') {
                key
            } else if trimmed.starts_with("```") {
                comment
            } else {
                plain
            };
            put(line, colour);
            continue;
        }
        let sep = match lang {
            Lang::Yaml => ':',
            _ => '=',
        };
        let split = line.find(sep).filter(|i| !line[..*i].contains('"'));
        let (head, rest) = match split {
            Some(i) => (&line[..i], &line[i..]),
            None => ("", line),
        };
        if head.is_empty() {
            let first = trimmed.split_whitespace().next().unwrap_or_default();
            let opener = matches!(
                first,
                "resource"
                    | "module"
                    | "variable"
                    | "output"
                    | "data"
                    | "locals"
                    | "terraform"
                    | "provider"
                    | "param"
                    | "var"
                    | "targetScope"
                    | "apiVersion:"
                    | "kind:"
                    | "---"
            );
            put_values(&mut put, line, if opener { block } else { plain }, string, number);
        } else {
            put(head, key);
            put_values(&mut put, rest, plain, string, number);
        }
    }
    job
}

/// Puts `text` with its quoted strings and bare numbers picked out.
fn put_values(put: &mut impl FnMut(&str, Color32), text: &str, plain: Color32, string: Color32, number: Color32) {
    let mut rest = text;
    while let Some(start) = rest.find(['"', '\'']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        let end = rest[start + 1..].find(quote).map_or(rest.len(), |e| start + 1 + e + 1);
        put_plain(put, &rest[..start], plain, number);
        put(&rest[start..end], string);
        rest = &rest[end..];
    }
    put_plain(put, rest, plain, number);
}

fn put_plain(put: &mut impl FnMut(&str, Color32), text: &str, plain: Color32, number: Color32) {
    let t = text.trim();
    let is_value = t.trim_start_matches(['=', ':', ' ']);
    if !is_value.is_empty()
        && (is_value.chars().all(|c| c.is_ascii_digit() || c == '.') || is_value == "true" || is_value == "false")
    {
        let at = text.rfind(is_value).unwrap_or(0);
        put(&text[..at], plain);
        put(&text[at..], number);
    } else {
        put(text, plain);
    }
}

/// Highlights XML (the SVG export): tag names, attribute names, quoted values
/// and comments; text between tags stays plain.
pub fn highlight_xml(text: &str, dark: bool) -> LayoutJob {
    let [plain, block, key, string, _, comment] = code_colours(dark);
    let font = FontId::monospace(12.5);
    let mut job = LayoutJob::default();
    let mut put = |s: &str, c: Color32| {
        if !s.is_empty() {
            job.append(s, 0.0, TextFormat::simple(font.clone(), c));
        }
    };
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        put(&rest[..open], plain);
        rest = &rest[open..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            put(&rest[..end], comment);
            rest = &rest[end..];
            continue;
        }
        let close = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..close];
        rest = &rest[close..];
        // `<name` then attributes `key="value"`.
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(tag.len(), |i| i.max(1));
        put(&tag[..name_end], block);
        let mut attrs = &tag[name_end..];
        while !attrs.is_empty() {
            let Some(q) = attrs.find(['"', '\'']) else {
                put(attrs, block);
                break;
            };
            put(&attrs[..q], key);
            let quote = attrs[q..].chars().next().unwrap_or('"');
            let end = attrs[q + 1..].find(quote).map_or(attrs.len(), |e| q + 1 + e + 1);
            put(&attrs[q..end], string);
            attrs = &attrs[end..];
        }
    }
    put(rest, plain);
    job
}
