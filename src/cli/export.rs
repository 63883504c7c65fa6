//! `netdraft export`: render a design as Terraform, Bicep, Helm values,
//! Kubernetes manifests, a Markdown design record or a picture.
//!
//! Files are written through `netdraft_files::export_dir`, which keeps the
//! directory's manifest: an export overwrites its own unchanged files,
//! removes the ones the design no longer needs, and refuses to touch
//! anything else (a hand-edited file, a file it did not write) unless
//! `--force`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::LazyLock;

use netdraft_core::plan;
use netdraft_export::{ExportKind, Target, Templates};

use super::outln;

/// `--format`: the values are [`ExportKind::ALL`], spelled as [`ExportKind::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FormatArg(ExportKind);

impl clap::ValueEnum for FormatArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: LazyLock<Vec<FormatArg>> =
            LazyLock::new(|| ExportKind::ALL.iter().copied().map(FormatArg).collect());
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.as_str()))
    }
}

/// What the manifest records of one file: the format that wrote it (`None`
/// for a line from a manifest written before formats were recorded) and a hash
/// of what it wrote.

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Formats:\n  terraform  azurerm 5.x (default) or 4.x (--azurerm 4): versions, variables, network, connectivity, egress, ingress, aks, dns, outputs, tfvars example\n  \
    bicep      main.bicep and main.bicepparam\n  helm       values files for the ingress and cert-manager, one directory per cluster\n  \
    k8s        manifests (Services, Gateway API or Ingress, ClusterIssuer, NetworkPolicy), one directory per cluster\n  \
    markdown   design.md: diagram, inventory, IP plan, traffic flows, findings, decisions\n  \
    svg        design.svg: the canvas picture (scene, icons, edges, meters, badges; --flow draws one traffic flow's hops)\n  \
    png        design.png: the same picture at 2 pixels per canvas unit, at most 4096 pixels a side (--scale, --max-size)\n\n\
    A design with errors (plan or lint) is not exported unless --allow-errors. Files the export did not write, or that were \
    edited since, are not overwritten unless --force.\n\n\
    Exit codes: 0 written, 1 the design has errors, 2 bad input or a file in the way.\n\n\
    Providers: Terraform for azurerm 5.x (`~> 5.2`, the default) or 4.x (`~> 4.81`, with --azurerm 4 \
    or `azurerm = 4` under [settings]); Bicep with the newest GA API version of every resource type.\n\n\
    Examples:\n  netdraft export design.netdraft.toml --format terraform -o infra/\n  \
    netdraft export design.netdraft.toml --format terraform --azurerm 4 -o infra/\n  \
    netdraft export design.netdraft.toml --format markdown -o docs/ --templates my-templates/\n  \
    netdraft export design.netdraft.toml --format png --max-size 8192 -o poster/\n  \
    netdraft export design.netdraft.toml --format svg --flow cluster/pod-on-premises -o flows/\n  \
    netdraft export design.netdraft.toml --format png --flow 'internet->agw' -o flows/"
)]
pub struct Args {
    /// The design file.
    file: PathBuf,
    /// What to export.
    #[arg(long, short = 'f', value_enum)]
    format: FormatArg,
    /// Output directory (created if missing).
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// Directory of templates overriding the shipped ones by file name (`<dir>/<format>/<name>.j2` or `<dir>/<name>.j2`).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Overwrite files the export did not write or that were edited since.
    #[arg(long)]
    force: bool,
    /// Export even when the design has errors.
    #[arg(long)]
    allow_errors: bool,
    /// The azurerm provider major the Terraform is written for: 5 (5.2 or later) or 4 (4.81
    /// or later). Default: the design's `settings.azurerm`, else 5.
    #[arg(long, value_name = "MAJOR", value_parser = clap::value_parser!(u8).range(4..=5))]
    azurerm: Option<u8>,
    /// PNG only: pixels per canvas unit (default 2).
    #[arg(long, value_name = "PIXELS", value_parser = parse_scale)]
    scale: Option<f32>,
    /// PNG only: the longest side in pixels (default 4096, for slides); larger designs are
    /// drawn at a smaller scale. Up to 32768, for posters.
    #[arg(long, value_name = "PIXELS", value_parser = clap::value_parser!(u32).range(1..=i64::from(netdraft_export::diagram::PngSize::LIMIT)))]
    max_size: Option<u32>,
    /// SVG and PNG only: draw one traffic flow's hops on the picture: a standard flow's id
    /// (`netdraft paths` and the design record list them, e.g. `aks/pod-internet`) or two
    /// ends as `FROM→TO` (or `FROM->TO`, each as `netdraft path` takes it; TCP 443).
    #[arg(long, value_name = "FLOW")]
    flow: Option<String>,
}

/// The PNG's size from `--scale` and `--max-size`; `None` when they are given
/// for another format.
fn png_size(args: &Args) -> Option<netdraft_export::diagram::PngSize> {
    if args.format.0 != ExportKind::Png && (args.scale.is_some() || args.max_size.is_some()) {
        return None;
    }
    let default = netdraft_export::diagram::PngSize::default();
    Some(netdraft_export::diagram::PngSize {
        scale: args.scale.unwrap_or(default.scale),
        max_side: args.max_size.unwrap_or(default.max_side),
    })
}

/// A PNG scale: a number above 0, at most 16.
fn parse_scale(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 16.0 => Ok(v),
        _ => Err(format!(
            "`{s}` is not a scale between 0 and 16 (pixels per canvas unit)"
        )),
    }
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let format = match args.format.0.target() {
        Target::Templates(f) => Ok(f),
        Target::Picture(p) => Err(p),
    };
    if format.is_err() && args.templates.is_some() {
        return Ok(super::bad_input(
            "--templates applies to the text formats; SVG and PNG are drawn from the canvas scene, not from templates",
        ));
    }
    if format.is_ok() && args.flow.is_some() {
        return Ok(super::bad_input(
            "--flow applies to the pictures (svg, png); the Markdown record lists every standard flow",
        ));
    }
    let Some(png_size) = png_size(args) else {
        return Ok(super::bad_input("--scale and --max-size apply to the PNG picture only"));
    };
    let loaded = match super::load(&args.file) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let mut design = loaded.design;
    if let Some(major) = args.azurerm {
        // The parser allows 4 and 5 only, which are exactly the supported majors.
        design.settings.azurerm = netdraft_core::model::AzurermMajor::try_from(major).map_err(anyhow::Error::msg)?;
    }
    let design = &design;
    let p = plan::plan(design);
    let lint = netdraft_core::lint::lint_all(design, &p);
    let has_errors = p.has_errors() || netdraft_core::lint::blocking(&lint) > 0;
    if has_errors && !args.allow_errors {
        eprintln!(
            "netdraft: {} has errors; nothing was exported. Fix them (`netdraft check {}` lists them) or pass --allow-errors",
            args.file.display(),
            args.file.display()
        );
        for f in lint.iter().filter(|f| f.is_blocking()) {
            eprintln!("  error {}: {}", f.rule, f.message);
        }
        return Ok(ExitCode::from(super::EXIT_DESIGN_ERRORS));
    }
    let findings = netdraft_export::findings_from_lint(&lint);
    // `Err` here is not a failure: the picture formats are drawn, not templated.
    let files: Vec<(String, Vec<u8>)> = match format {
        Ok(format) => {
            let templates = match &args.templates {
                Some(dir) => match Templates::with_overrides(format, dir) {
                    Ok(t) => t,
                    Err(e) => return Ok(super::bad_input(e)),
                },
                None => Templates::builtin(format),
            };
            match netdraft_export::export(design, &p, &templates, &findings) {
                Ok(f) => f.into_iter().map(|f| (f.path, f.contents.into_bytes())).collect(),
                Err(e) => return Ok(super::bad_input(e)),
            }
        }
        Err(picture) => match picture_file(args, picture, design, &p, &findings, png_size) {
            Ok(file) => vec![file],
            Err(code) => return Ok(code),
        },
    };

    let outcome = match netdraft_files::export_dir::write(&args.output, args.format.0.as_str(), &files, args.force) {
        Ok(o) => o,
        Err(netdraft_files::export_dir::ExportDirError::Blocked(blocked)) => {
            eprintln!("netdraft: not overwriting files this export does not own:");
            for b in &blocked {
                eprintln!("  {b}");
            }
            eprintln!("pass --force to overwrite them, or export into another directory");
            return Ok(ExitCode::from(super::EXIT_BAD_INPUT));
        }
        Err(e) => return Ok(super::bad_input(e)),
    };
    for p in &outcome.unchanged {
        outln!("unchanged {}", p.display());
    }
    for p in &outcome.written {
        outln!("wrote {}", p.display());
    }
    for p in &outcome.removed {
        outln!("removed {} (no longer part of the export)", p.display());
    }
    for p in &outcome.kept {
        eprintln!(
            "netdraft: kept {}: an earlier export wrote it, this one does not, and it was edited since",
            p.display()
        );
    }
    if has_errors {
        eprintln!(
            "netdraft: exported with --allow-errors; {} has errors (`netdraft check` lists them)",
            args.file.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The picture, with the flow `--flow` names drawn on it; the exit code of bad input otherwise.
fn picture_file(
    args: &Args,
    picture: netdraft_export::diagram::Picture,
    design: &netdraft_core::Design,
    p: &plan::Plan,
    findings: &[netdraft_export::Finding],
    png_size: netdraft_export::diagram::PngSize,
) -> Result<(String, Vec<u8>), ExitCode> {
    let flow = match &args.flow {
        Some(text) => match netdraft_core::route::pick(&netdraft_core::route::Net::build(design, p), text) {
            Ok(path) => Some(path),
            Err(e) => return Err(super::bad_input(format!("{}: --flow {text}: {e}", args.file.display()))),
        },
        None => None,
    };
    netdraft_export::diagram::picture_file_flow(picture, design, p, findings, png_size, flow.as_ref())
        .map_err(super::bad_input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_one_the_manifest_knows() {
        for f in <FormatArg as clap::ValueEnum>::value_variants() {
            assert!(netdraft_files::export_dir::FORMATS.contains(&f.0.as_str()), "{f:?}");
        }
    }
}
