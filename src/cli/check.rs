//! `netdraft check`: validate and lint a design for CI.
//!
//! Structural diagnostics come from loading the file; lint findings from
//! `netdraft_core::lint` over the design's plan. Output as text, JSON or SARIF
//! 2.1.0 (for code-scanning tools).

use netdraft_core::text::count;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use netdraft_core::lint::{self, Finding, Level};
use netdraft_core::model::Design;
use netdraft_core::{Diagnostic, Severity};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Runs the structural checks of the design file, then every lint rule (`netdraft rules` lists them).\n\
    Findings the design accepts (`[[accept]]` with a rule id and a reason) are shown as accepted and do not fail the check.\n\n\
    Exit codes: 0 no errors, 1 the design has errors (lint errors not accepted), 2 the file cannot be read as a design.\n\n\
    With --fix, the fixes netdraft can compute (a free prefix or range, a missing delegation, a size, …) are \
    applied one at a time, the design is checked again after each, and the file is saved over itself with \
    its comments and layout kept (atomically: all or nothing); what changed is printed, then the check runs \
    on the saved file.\n\n\
    JSON output: {file, valid, ok, diagnostics: [{severity, line, column, field, message, fix}],\n  \
    findings: [{rule, severity, message, resources, why, source, fix, quick_fix?: {label, resource, changes: [{field, value}]}, \
    accepted?}],\n  summary: {errors, warnings, info, accepted}, fixed?: [{rule, label, resource, changes}]}.\n\n\
    Examples:\n  netdraft check design.netdraft.toml\n  netdraft check --fix design.netdraft.toml\n  \
    netdraft check --format json design.netdraft.toml\n  \
    netdraft check --format sarif design.netdraft.toml > netdraft.sarif"
)]
pub struct Args {
    /// The design file.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Apply the fixes netdraft can compute and save the file (comments kept), then check it.
    #[arg(long)]
    fix: bool,
}

/// One fix `--fix` applied, for the JSON report.
#[derive(serde::Serialize)]
struct Fixed {
    rule: &'static str,
    #[serde(flatten)]
    fix: lint::QuickFix,
}

#[derive(serde::Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    info: usize,
    accepted: usize,
}

#[derive(serde::Serialize)]
struct Report<'a> {
    file: String,
    /// The file loads as a design (no structural errors).
    valid: bool,
    /// The check passes (exit code 0).
    ok: bool,
    diagnostics: &'a [Diagnostic],
    findings: &'a [Finding],
    summary: Summary,
    /// What `--fix` changed (only with `--fix`).
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<Vec<Fixed>>,
}

fn summary(findings: &[Finding]) -> Summary {
    let open = |level: Level| {
        findings
            .iter()
            .filter(|f| f.severity == level && f.accepted.is_none())
            .count()
    };
    Summary {
        errors: open(Level::Error),
        warnings: open(Level::Warning),
        info: open(Level::Info),
        accepted: findings.iter().filter(|f| f.accepted.is_some()).count(),
    }
}

/// Applies the computable fixes and saves the design over its file, keeping
/// its comments; returns what was applied. A file that does not load is left
/// alone (the check that follows reports why).
fn fix(args: &Args, name: &str) -> anyhow::Result<Vec<Fixed>> {
    let Ok((loaded, text)) = netdraft_files::read_design_text(&args.file) else {
        return Ok(Vec::new());
    };
    if loaded.warnings.iter().any(|d| d.severity == Severity::Error) {
        return Ok(Vec::new());
    }
    let run = lint::apply_fixes(&loaded.design);
    for (rule, q, why) in &run.refused {
        eprintln!("{name}: {rule}: not fixed ({}): {why}", q.label);
    }
    if run.applied.is_empty() {
        return Ok(Vec::new());
    }
    let saved = netdraft_files::save_design_over(&args.file, &run.design, Some(&text))?;
    for d in &saved.dropped {
        eprintln!("{name}: note: {d}");
    }
    Ok(run.applied.into_iter().map(|(rule, fix)| Fixed { rule, fix }).collect())
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let name = args.file.display().to_string();
    let fixed = if args.fix { Some(fix(args, &name)?) } else { None };
    if args.format != Format::Json {
        for f in fixed.iter().flatten() {
            let line = format!("{name}: fixed {}: {}", f.rule, f.fix.label);
            if args.format == Format::Text {
                super::outln!("{line}");
            } else {
                eprintln!("{line}");
            }
        }
    }
    let (diagnostics, design) = match netdraft_files::read_design(&args.file) {
        Ok(loaded) => (loaded.warnings, Some(loaded.design)),
        Err(netdraft_files::ReadError::Invalid(e)) => (e.diagnostics, None),
        Err(e) => return Ok(super::bad_input(e)),
    };
    let findings = design.as_ref().map_or_else(Vec::new, |d| {
        let plan = netdraft_core::plan::plan(d);
        lint::lint_all(d, &plan)
    });
    let structural_errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let sum = summary(&findings);
    let code = if design.is_none() {
        ExitCode::from(super::EXIT_BAD_INPUT)
    } else if structural_errors > 0 || sum.errors > 0 {
        ExitCode::from(super::EXIT_DESIGN_ERRORS)
    } else {
        ExitCode::SUCCESS
    };
    let ok = design.is_some() && structural_errors == 0 && sum.errors == 0;
    // Lines of `[kind.id]` headers, for locations (the file was just read successfully).
    let lines = match &design {
        Some(d) => std::fs::read_to_string(&args.file).map_or_else(|_| HashMap::new(), |t| header_lines(&t, d)),
        None => HashMap::new(),
    };
    match args.format {
        Format::Json => {
            let report = Report {
                file: name.clone(),
                valid: design.is_some() && structural_errors == 0,
                ok,
                diagnostics: &diagnostics,
                findings: &findings,
                summary: sum,
                fixed,
            };
            super::outln!("{}", serde_json::to_string_pretty(&report)?);
        }
        Format::Sarif => {
            let log = sarif(&name, &diagnostics, &findings, &lines);
            super::outln!("{}", serde_json::to_string_pretty(&log)?);
        }
        Format::Text => {
            for d in &diagnostics {
                eprintln!("{}", d.display(&name));
            }
            for f in &findings {
                let at = line_of(f, &lines).map_or_else(String::new, |l| format!(":{l}"));
                let accepted = f
                    .accepted
                    .as_ref()
                    .map_or_else(String::new, |r| format!(" (accepted: {r})"));
                let quick = f
                    .quick_fix
                    .as_ref()
                    .map_or_else(String::new, |q| format!("\n  check --fix would: {}", q.label));
                super::outln!(
                    "{name}{at}: {} {}{accepted}: {}\n  why: {}\n  fix: {}{quick}",
                    f.rule,
                    f.severity,
                    f.message,
                    f.why,
                    f.fix
                );
            }
            if design.is_some() {
                let warnings = diagnostics.iter().filter(|d| d.severity == Severity::Warning).count() + sum.warnings;
                if ok {
                    super::outln!(
                        "{name}: ok ({}, {} info, {} accepted)",
                        count(warnings, "warning"),
                        sum.info,
                        sum.accepted
                    );
                } else {
                    super::outln!(
                        "{name}: {}, {}, {} info, {} accepted",
                        count(sum.errors + structural_errors, "error"),
                        count(warnings, "warning"),
                        sum.info,
                        sum.accepted
                    );
                }
            }
        }
    }
    Ok(code)
}

/// The 1-based line of each resource's `[kind.id]` table header.
fn header_lines(text: &str, design: &Design) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
            continue;
        };
        if inner.starts_with('[') {
            continue;
        }
        if let Some((kind, id)) = inner.split_once('.')
            && design.get(id).is_some_and(|r| r.kind().key() == kind)
        {
            out.entry(id.to_owned()).or_insert(i + 1);
        }
    }
    out
}

fn line_of(f: &Finding, lines: &HashMap<String, usize>) -> Option<usize> {
    f.resources.iter().find_map(|r| lines.get(r.as_str()).copied())
}

/// The pseudo-rule for structural diagnostics in SARIF.
const STRUCTURE_RULE: &str = "design-file";

fn location(file: &str, line: usize, column: Option<usize>) -> Value {
    let mut region = json!({ "startLine": line });
    if let Some(c) = column {
        region["startColumn"] = json!(c);
    }
    json!({ "physicalLocation": { "artifactLocation": { "uri": file }, "region": region } })
}

fn sarif(file: &str, diagnostics: &[Diagnostic], findings: &[Finding], lines: &HashMap<String, usize>) -> Value {
    let all = lint::rules();
    let mut rules: Vec<Value> = vec![json!({
        "id": STRUCTURE_RULE,
        "name": "design-file",
        "shortDescription": { "text": "The design file's syntax, types, references and containment" },
        "fullDescription": { "text": "Structural checks run when netdraft loads a design file." },
        "help": { "text": "Fix the field named in the message; see docs/catalogue.md for every kind and field." },
        "defaultConfiguration": { "level": "error" }
    })];
    rules.extend(all.iter().map(|r| {
        json!({
            "id": r.id,
            "name": r.name,
            "shortDescription": { "text": r.title },
            "fullDescription": { "text": r.why },
            "help": { "text": format!("{} Fix: {}.", r.why.trim_end_matches('.'), r.fix.trim_end_matches('.')) },
            "defaultConfiguration": { "level": r.severity.sarif() },
            "properties": { "source": r.source }
        })
    }));
    let index = |id: &str| all.iter().position(|r| r.id == id).map(|i| i + 1);
    let mut results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let text = match (&d.field, &d.fix) {
                (Some(field), Some(fix)) => format!("{field}: {} (fix: {fix})", d.message),
                (Some(field), None) => format!("{field}: {}", d.message),
                (None, Some(fix)) => format!("{} (fix: {fix})", d.message),
                (None, None) => d.message.clone(),
            };
            json!({
                "ruleId": STRUCTURE_RULE,
                "ruleIndex": 0,
                "level": if d.severity == Severity::Error { "error" } else { "warning" },
                "message": { "text": text },
                "locations": [location(file, d.line.unwrap_or(1), d.column)]
            })
        })
        .collect();
    for f in findings {
        let mut result = json!({
            "ruleId": f.rule,
            "level": f.severity.sarif(),
            "message": { "text": format!("{}. Fix: {}.", f.message.trim_end_matches('.'), f.fix.trim_end_matches('.')) },
            "locations": [location(file, line_of(f, lines).unwrap_or(1), None)],
            "properties": {
                "resources": f.resources.iter().map(netdraft_core::Id::as_str).collect::<Vec<_>>(),
                "source": f.source
            }
        });
        if let Some(i) = index(f.rule) {
            result["ruleIndex"] = json!(i);
        }
        if let Some(reason) = &f.accepted {
            result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
        }
        results.push(result);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "netdraft",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules
                }
            },
            "artifacts": [{ "location": { "uri": file } }],
            "results": results
        }]
    })
}
