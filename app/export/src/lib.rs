//! # netdraft-export
//!
//! Turns a design and its IP plan into files a platform team can review and
//! apply: Terraform for azurerm 5.x or 4.x, Bicep, Helm values, Kubernetes
//! manifests and a Markdown design record, and into pictures
//! ([`diagram`]). [`ExportKind`] lists every output the command line and the
//! designer offer.
//!
//! The pipeline has three steps, each a pure function:
//!
//! 1. [`model::build`] resolves the design and its [`Plan`] into an export
//!    model: names sanitised per target, references resolved, subnet prefixes
//!    taken from the plan (so `auto` subnets export with their allocated
//!    block), every list sorted.
//! 2. minijinja renders the model through the templates of the chosen
//!    [`Format`]. The templates ship in the binary (`export-templates/`,
//!    embedded with `include_str!`); [`Templates::with_overrides`] replaces any
//!    of them by file name. Filters escape strings per target language
//!    (`hcl`, `bicep`, `yaml`, `md`).
//! 3. [`layout`] passes make whitespace canonical: blank lines, and for HCL the
//!    `=` alignment `terraform fmt` applies.
//!
//! A template whose output is empty produces no file, so a design without a
//! firewall gets no `egress.tf`. Output is deterministic: the same design
//! always exports to the same bytes.

pub mod diagram;
pub mod flows;
pub mod kind;
pub mod layout;
pub mod model;
pub mod names;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Enumerator, Object, Serde, ValueKind};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use netdraft_core::Design;
use netdraft_core::plan::{IssueSeverity, Plan};
use serde::Serialize;

pub use kind::{ExportKind, Target};
pub use model::Model;

/// A format rendered from templates ([`ExportKind`] lists every output,
/// pictures included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Terraform,
    Bicep,
    Helm,
    K8s,
    Markdown,
}

impl Format {
    /// Every format this crate renders.
    pub const ALL: &'static [Format] = &[
        Format::Terraform,
        Format::Bicep,
        Format::Helm,
        Format::K8s,
        Format::Markdown,
    ];

    /// The name used on the command line and as the template directory.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Terraform => "terraform",
            Format::Bicep => "bicep",
            Format::Helm => "helm",
            Format::K8s => "k8s",
            Format::Markdown => "markdown",
        }
    }

    /// Formats rendered once per AKS cluster, into a directory named after it.
    fn per_cluster(self) -> bool {
        matches!(self, Format::Helm | Format::K8s)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Format::ALL.iter().copied().find(|f| f.as_str() == s).ok_or_else(|| {
            let all: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
            format!("`{s}` is not an export format; use one of: {}", all.join(", "))
        })
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("template {name} failed: {detail}")]
    Template { name: String, detail: String },
    #[error(
        "{path}: there is no template `{file}` to override; the {format} templates are: {known}. Rename the file or remove it"
    )]
    UnknownTemplate {
        path: PathBuf,
        file: String,
        format: Format,
        known: String,
    },
    #[error("cannot draw the picture: {detail}")]
    Image { detail: String },
    #[error("{path}: cannot read the template override: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    pub contents: String,
}

/// A finding shown in the design record: a plan issue, an overlap or (when the
/// caller has a lint engine) a lint finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `error` or `warning`.
    pub severity: String,
    /// Stable code or rule id.
    pub code: String,
    pub message: String,
    pub fix: String,
    pub resources: Vec<String>,
    /// Facts-sheet source key.
    pub source: String,
    /// Why the design accepts it, when it does.
    pub accepted: Option<String>,
}

/// The planner's issues and overlaps as findings.
pub fn plan_findings(plan: &Plan) -> Vec<Finding> {
    let mut out: Vec<Finding> = plan
        .overlaps
        .iter()
        .map(|o| Finding {
            severity: "error".to_owned(),
            code: "overlap".to_owned(),
            message: format!(
                "{} {} ({}) overlaps {} {} ({}): {}",
                o.a.what, o.a.owner, o.a.cidr, o.b.what, o.b.owner, o.b.cidr, o.rule
            ),
            fix: format!("move {} or {} to a range that overlaps neither", o.a.owner, o.b.owner),
            resources: vec![o.a.owner.to_string(), o.b.owner.to_string()],
            source: o.source.to_owned(),
            accepted: None,
        })
        .collect();
    out.extend(plan.issues.iter().map(|i| {
        Finding {
            severity: match i.severity {
                IssueSeverity::Error => "error",
                IssueSeverity::Warning => "warning",
            }
            .to_owned(),
            code: i.code.to_owned(),
            message: i.message.clone(),
            fix: i.fix.clone(),
            resources: i.resources.iter().map(ToString::to_string).collect(),
            source: i.source.to_owned(),
            accepted: None,
        }
    }));
    out
}

/// The design's lint findings (which include the planner's issues, mapped to
/// rules, and the route engine's flow rules) as findings for the design record.
pub fn lint_findings(design: &Design, plan: &Plan) -> Vec<Finding> {
    findings_from_lint(&netdraft_core::lint::lint_all(design, plan))
}

/// Lint findings the caller already has, as findings for the design record
/// (so a caller that lints to decide whether to export does not lint twice).
pub fn findings_from_lint(lint: &[netdraft_core::lint::Finding]) -> Vec<Finding> {
    lint.iter()
        .map(|f| Finding {
            severity: f.severity.as_str().to_owned(),
            code: f.rule.to_owned(),
            message: f.message.clone(),
            fix: f.fix.clone(),
            resources: f.resources.iter().map(ToString::to_string).collect(),
            source: f.source.to_owned(),
            accepted: f.accepted.clone(),
        })
        .collect()
}

/// A template shipped with netdraft: format, file name, text.
struct Builtin {
    format: Format,
    file: &'static str,
    text: &'static str,
}

/// Every shipped template: each `.j2` file of `export-templates/<format>/`, listed by
/// `build.rs`. Files starting with `_` hold macros or parts another template includes,
/// and render nothing themselves.
const BUILTINS: &[Builtin] = include!(concat!(env!("OUT_DIR"), "/builtins.rs"));

/// The templates of one format: the shipped ones, optionally with overrides,
/// parsed and compiled once.
///
/// The shipped templates of each format are compiled on first use and shared
/// by every [`Templates::builtin`] after that; a set with overrides is
/// compiled when it is made.
#[derive(Debug, Clone)]
pub struct Templates {
    format: Format,
    /// File name → template text, in file-name order.
    files: BTreeMap<String, Cow<'static, str>>,
    compiled: Arc<Compiled>,
}

/// An environment holding every template of a set, or why one did not compile.
type Compiled = Result<Environment<'static>, TemplateFailure>;

/// A template that failed to compile: its name and the error, kept so every
/// export with the set can report it.
#[derive(Debug, Clone)]
struct TemplateFailure {
    name: String,
    detail: String,
}

impl From<&TemplateFailure> for ExportError {
    fn from(f: &TemplateFailure) -> ExportError {
        ExportError::Template {
            name: f.name.clone(),
            detail: f.detail.clone(),
        }
    }
}

fn builtin_files(format: Format) -> BTreeMap<String, Cow<'static, str>> {
    BUILTINS
        .iter()
        .filter(|b| b.format == format)
        .map(|b| (b.file.to_owned(), Cow::Borrowed(b.text)))
        .collect()
}

impl Templates {
    /// The shipped templates of a format.
    pub fn builtin(format: Format) -> Templates {
        static COMPILED: [OnceLock<Arc<Compiled>>; 5] = [const { OnceLock::new() }; 5];
        let slot = match format {
            Format::Terraform => 0,
            Format::Bicep => 1,
            Format::Helm => 2,
            Format::K8s => 3,
            Format::Markdown => 4,
        };
        let files = builtin_files(format);
        let compiled = Arc::clone(COMPILED[slot].get_or_init(|| Arc::new(compile(&files))));
        Templates {
            format,
            files,
            compiled,
        }
    }

    /// The shipped templates with any of them replaced by a file of the same
    /// name in `dir/<format>/` or directly in `dir`. A `.j2` file there that
    /// matches no template is an error (a typo would otherwise be ignored).
    pub fn with_overrides(format: Format, dir: &Path) -> Result<Templates, ExportError> {
        let mut files = builtin_files(format);
        let mut changed = false;
        for candidate in [dir.join(format.as_str()), dir.to_path_buf()] {
            let Ok(entries) = std::fs::read_dir(&candidate) else {
                continue;
            };
            let mut paths: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "j2"))
                .collect();
            paths.sort();
            for path in paths {
                let file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if !files.contains_key(&file) {
                    // Files in the shared top directory may belong to another format.
                    if candidate == dir && BUILTINS.iter().any(|b| b.file == file) {
                        continue;
                    }
                    return Err(ExportError::UnknownTemplate {
                        path,
                        file,
                        format,
                        known: files.keys().cloned().collect::<Vec<_>>().join(", "),
                    });
                }
                let text = std::fs::read_to_string(&path).map_err(|source| ExportError::Read {
                    path: path.clone(),
                    source,
                })?;
                files.insert(file, Cow::Owned(text));
                changed = true;
            }
        }
        if !changed {
            return Ok(Templates::builtin(format));
        }
        let compiled = Arc::new(compile(&files));
        Ok(Templates {
            format,
            files,
            compiled,
        })
    }

    /// The format these templates render.
    pub fn format(&self) -> Format {
        self.format
    }

    /// File names of the templates, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Renders every template against a context; returns (output file, text) for non-empty outputs.
    fn render(&self, ctx: &Value, dir: Option<&str>, out: &mut Vec<OutputFile>) -> Result<(), ExportError> {
        let env = self.compiled.as_ref().as_ref().map_err(ExportError::from)?;
        for name in self.files.keys().filter(|n| !n.starts_with('_')) {
            let template = env.get_template(name).map_err(|e| template_error(name, &e))?;
            let text = template.render(ctx).map_err(|e| template_error(name, &e))?;
            let text = finish(self.format, &text);
            if text.trim().is_empty() {
                continue;
            }
            let file = name.strip_suffix(".j2").unwrap_or(name);
            let path = match dir {
                Some(d) => format!("{d}/{file}"),
                None => file.to_owned(),
            };
            out.push(OutputFile { path, contents: text });
        }
        Ok(())
    }
}

/// Parses and compiles a set of templates into one environment with
/// netdraft's syntax, formatter and filters.
fn compile(files: &BTreeMap<String, Cow<'static, str>>) -> Compiled {
    let mut env = Environment::new();
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .map_err(|e| failure("(syntax)", &e))?;
    env.set_syntax(syntax);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    // Every target language spells booleans `true` / `false`.
    env.set_formatter(|out, state, value| {
        if value.kind() == ValueKind::Bool {
            let text = if value.is_true() { "true" } else { "false" };
            return out
                .write_str(text)
                .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write output"));
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.add_filter("hcl", |s: String| names::hcl_string(&s));
    env.add_filter("hcl_list", |v: Vec<String>| {
        let items: Vec<String> = v.iter().map(|s| names::hcl_string(s)).collect();
        format!("[{}]", items.join(", "))
    });
    env.add_filter("bicep", |s: String| names::bicep_string(&s));
    env.add_filter("bicep_list", |v: Vec<String>, indent: usize| bicep_list(&v, indent));
    env.add_filter("yaml", |s: String| names::yaml_string(&s));
    env.add_filter("md", |s: String| names::md_cell(&s));
    // Text inside a comment or a heading stays on its line whatever it holds.
    env.add_filter("comment", |v: minijinja::Value| names::one_line(&v.to_string()));
    env.add_filter("mermaid", |s: String| {
        s.replace('"', "#quot;").replace(['\n', '\r'], " ")
    });
    env.add_filter("tf_label", |s: String| names::tf_label(&s));
    env.add_filter("k8s_name", |s: String| names::k8s_name(&s));
    for (name, text) in files {
        env.add_template_owned(name.clone(), text.clone())
            .map_err(|e| failure(name, &e))?;
    }
    Ok(env)
}

fn failure(name: &str, e: &minijinja::Error) -> TemplateFailure {
    match template_error(name, e) {
        ExportError::Template { name, detail } => TemplateFailure { name, detail },
        other => TemplateFailure {
            name: name.to_owned(),
            detail: other.to_string(),
        },
    }
}

fn bicep_list(items: &[String], indent: usize) -> String {
    if items.is_empty() {
        return "[]".to_owned();
    }
    let pad = " ".repeat(indent + 2);
    let mut s = String::from("[\n");
    for i in items {
        s.push_str(&pad);
        s.push_str(&names::bicep_string(i));
        s.push('\n');
    }
    s.push_str(&" ".repeat(indent));
    s.push(']');
    s
}

fn template_error(name: &str, e: &minijinja::Error) -> ExportError {
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    ExportError::Template {
        name: name.to_owned(),
        detail,
    }
}

/// Whitespace passes per format.
fn finish(format: Format, text: &str) -> String {
    let tidy = layout::tidy(text);
    match format {
        Format::Terraform => layout::align_hcl(&tidy),
        _ => tidy,
    }
}

/// A design resolved for export once: the export model and the template
/// context built from it, shared by every format rendered from it.
///
/// Building the model and turning it into template values is most of an
/// export's fixed cost; an `Exporter` pays it once, so rendering several
/// formats of one design (the GUI's previews, every format of a large estate)
/// costs the templates alone.
#[derive(Debug, Clone)]
pub struct Exporter {
    /// `m`, `plan`, `findings`, `flows` and `netdraft_version`.
    base: Value,
    /// Per AKS cluster: its Kubernetes directory name and its context (`base` plus `cluster`).
    clusters: Vec<(String, Value)>,
}

impl Exporter {
    /// Resolves a design and its plan. `findings` are what the design record
    /// lists; pass [`plan_findings`] (or [`lint_findings`]).
    pub fn new(design: &Design, plan: &Plan, findings: &[Finding]) -> Exporter {
        let model = model::build(design, plan);
        let m = model_value(&model);
        let base = minijinja::context! {
            m => m,
            plan => Value::from(Serde(plan)),
            findings => Value::from(Serde(findings)),
            flows => Value::from(Serde(flows::build(design, plan))),
            netdraft_version => env!("CARGO_PKG_VERSION"),
        };
        let clusters = model
            .clusters
            .iter()
            .map(|cluster| {
                let ctx = minijinja::context! {
                    cluster => Value::from(Serde(cluster)),
                    ..base.clone()
                };
                (cluster.k8s.clone(), ctx)
            })
            .collect();
        Exporter { base, clusters }
    }

    /// Every file of the templates' format, in path order.
    pub fn export(&self, templates: &Templates) -> Result<Vec<OutputFile>, ExportError> {
        let mut files = Vec::new();
        if templates.format.per_cluster() {
            for (dir, ctx) in &self.clusters {
                templates.render(ctx, Some(dir), &mut files)?;
            }
        } else {
            templates.render(&self.base, None, &mut files)?;
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

/// The export model as a template value, with each VNet's subnets reachable
/// as `v.subnets` (the entries of `m.subnets` whose `vnet.id` is the VNet's, in
/// the same order), so a template that groups subnets by VNet need not scan
/// every subnet for every VNet. The subnet values are shared, not copied.
fn model_value(model: &Model) -> Value {
    let m = Value::from(Serde(model));
    let (Ok(vnets), Ok(subnets)) = (m.get_attr("vnets"), m.get_attr("subnets")) else {
        return m;
    };
    let mut by_vnet: BTreeMap<&str, Vec<Value>> = model.vnets.iter().map(|v| (v.c.id.as_str(), Vec::new())).collect();
    for (s, value) in model.subnets.iter().zip(subnets.try_iter().into_iter().flatten()) {
        if let Some(list) = by_vnet.get_mut(s.vnet.id.as_str()) {
            list.push(value);
        }
    }
    let vnets: Vec<Value> = model
        .vnets
        .iter()
        .zip(vnets.try_iter().into_iter().flatten())
        .map(|(v, value)| {
            let list = by_vnet.remove(v.c.id.as_str()).unwrap_or_default();
            Value::from_object(WithEntries {
                extra: vec![("subnets", Value::from(list))],
                base: value,
            })
        })
        .collect();
    Value::from_object(WithEntries {
        extra: vec![("vnets", Value::from(vnets))],
        base: m,
    })
}

/// A map value with a few entries added or replaced; lookups try them first.
#[derive(Debug)]
struct WithEntries {
    extra: Vec<(&'static str, Value)>,
    base: Value,
}

impl Object for WithEntries {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        if let Some((_, v)) = self.extra.iter().find(|(k, _)| *k == key) {
            return Some(v.clone());
        }
        self.base.get_attr(key).ok().filter(|v| !v.is_undefined())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let mut keys: Vec<Value> = self.base.try_iter().into_iter().flatten().collect();
        for (k, _) in &self.extra {
            if !keys.iter().any(|x| x.as_str() == Some(*k)) {
                keys.push(Value::from(*k));
            }
        }
        Enumerator::Values(keys)
    }
}

/// Exports a design: every file of the templates' format, in path order.
///
/// `findings` are what the design record lists; pass [`plan_findings`] (or
/// lint findings when a lint engine is available). To render several formats
/// of one design, make an [`Exporter`] once and call [`Exporter::export`].
pub fn export(
    design: &Design,
    plan: &Plan,
    templates: &Templates,
    findings: &[Finding],
) -> Result<Vec<OutputFile>, ExportError> {
    Exporter::new(design, plan, findings).export(templates)
}
