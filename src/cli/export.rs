//! `netdraft export`: render a design as Terraform, Bicep, Helm values,
//! Kubernetes manifests or a Markdown design record.
//!
//! The output directory keeps a manifest (`.netdraft-export`) of the files an
//! export wrote, the format that wrote each and a hash of each, so a later
//! export overwrites its own unchanged files, removes the ones the design no
//! longer needs, and refuses to touch anything else (a hand-edited file, a
//! file it did not write) unless `--force`. Formats share a directory: an
//! export only ever removes files the same format wrote.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use netdraft_core::plan;
use netdraft_export::{Format, Templates};

use super::outln;

/// The manifest's file name inside the output directory.
const MANIFEST: &str = ".netdraft-export";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Terraform,
    Bicep,
    Helm,
    K8s,
    Markdown,
    Svg,
    Png,
}

impl FormatArg {
    /// Every format, for reading the manifest.
    const ALL: &[FormatArg] = &[
        FormatArg::Terraform,
        FormatArg::Bicep,
        FormatArg::Helm,
        FormatArg::K8s,
        FormatArg::Markdown,
        FormatArg::Svg,
        FormatArg::Png,
    ];

    /// The name on the command line and in the manifest.
    fn as_str(self) -> &'static str {
        match self {
            FormatArg::Terraform => "terraform",
            FormatArg::Bicep => "bicep",
            FormatArg::Helm => "helm",
            FormatArg::K8s => "k8s",
            FormatArg::Markdown => "markdown",
            FormatArg::Svg => "svg",
            FormatArg::Png => "png",
        }
    }
}

/// What the manifest records of one file: the format that wrote it (`None`
/// for a line from a manifest written before formats were recorded) and a hash
/// of what it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    format: Option<&'static str>,
    hash: u64,
}

/// Path (relative to the output directory) → what the manifest records of it.
type Manifest = BTreeMap<String, Entry>;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Formats:\n  terraform  azurerm 4.x: versions, variables, network, connectivity, egress, ingress, aks, dns, outputs, tfvars example\n  \
    bicep      main.bicep and main.bicepparam\n  helm       values files for the ingress and cert-manager, one directory per cluster\n  \
    k8s        manifests (Services, Gateway API or Ingress, ClusterIssuer, NetworkPolicy), one directory per cluster\n  \
    markdown   design.md: diagram, inventory, IP plan, findings, decisions\n  \
    svg        design.svg: the canvas picture (scene, icons, edges, meters, badges)\n  \
    png        design.png: the same picture rasterised at 2 pixels per canvas unit\n\n\
    A design with errors (plan or lint) is not exported unless --allow-errors. Files the export did not write, or that were \
    edited since, are not overwritten unless --force.\n\n\
    Exit codes: 0 written, 1 the design has errors, 2 bad input or a file in the way.\n\n\
    Examples:\n  netdraft export design.netdraft.toml --format terraform -o infra/\n  \
    netdraft export design.netdraft.toml --format markdown -o docs/ --templates my-templates/"
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
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    use netdraft_export::diagram::Picture;
    let format = match args.format {
        FormatArg::Terraform => Ok(Format::Terraform),
        FormatArg::Bicep => Ok(Format::Bicep),
        FormatArg::Helm => Ok(Format::Helm),
        FormatArg::K8s => Ok(Format::K8s),
        FormatArg::Markdown => Ok(Format::Markdown),
        FormatArg::Svg => Err(Picture::Svg),
        FormatArg::Png => Err(Picture::Png),
    };
    if format.is_err() && args.templates.is_some() {
        return Ok(super::bad_input(
            "--templates applies to the text formats; SVG and PNG are drawn from the canvas scene, not from templates",
        ));
    }
    let loaded = match super::load(&args.file) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let design = &loaded.design;
    let p = plan::plan(design);
    let lint = netdraft_core::lint::lint(design, &p);
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
        Err(picture) => match netdraft_export::diagram::picture_file(picture, design, &p, &findings) {
            Ok(file) => vec![file],
            Err(e) => return Ok(super::bad_input(e)),
        },
    };

    let manifest_path = args.output.join(MANIFEST);
    let previous = read_manifest(&manifest_path);
    let mut blocked = Vec::new();
    for (path, _) in &files {
        let target = args.output.join(path);
        if let Some(reason) = in_the_way(&target, path, &previous) {
            blocked.push(format!("{}: {reason}", target.display()));
        }
    }
    if !blocked.is_empty() && !args.force {
        eprintln!("netdraft: not overwriting files this export does not own:");
        for b in &blocked {
            eprintln!("  {b}");
        }
        eprintln!("pass --force to overwrite them, or export into another directory");
        return Ok(ExitCode::from(super::EXIT_BAD_INPUT));
    }

    write_all(&args.output, args.format.as_str(), &files, &previous, &manifest_path)?;
    if has_errors {
        eprintln!(
            "netdraft: exported with --allow-errors; {} has errors (`netdraft check` lists them)",
            args.file.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the files that changed, removes this format's stale unedited ones,
/// records the manifest (keeping what other formats wrote).
fn write_all(
    output: &Path,
    format: &'static str,
    files: &[(String, Vec<u8>)],
    previous: &Manifest,
    manifest_path: &Path,
) -> anyhow::Result<()> {
    let mut written = Manifest::new();
    for (path, contents) in files {
        let target = output.join(path);
        let unchanged = std::fs::read(&target).is_ok_and(|old| old == *contents);
        if unchanged {
            outln!("unchanged {}", target.display());
        } else {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            netdraft_files::write_atomic(&target, contents)?;
            outln!("wrote {}", target.display());
        }
        written.insert(
            path.clone(),
            Entry {
                format: Some(format),
                hash: hash(contents),
            },
        );
    }
    let mut manifest = Manifest::new();
    for (path, recorded) in previous {
        if written.contains_key(path) {
            continue;
        }
        if recorded.format != Some(format) {
            // Another format's file (or one from a manifest that did not
            // record formats): not this export's to remove.
            manifest.insert(path.clone(), *recorded);
            continue;
        }
        // A file this format wrote earlier that the design no longer needs:
        // remove it if nobody edited it since, keep it otherwise.
        let target = output.join(path);
        match std::fs::read(&target) {
            Ok(old) if hash(&old) == recorded.hash => {
                std::fs::remove_file(&target)?;
                outln!("removed {} (no longer part of the export)", target.display());
            }
            Ok(_) => eprintln!(
                "netdraft: kept {}: an earlier export wrote it, this one does not, and it was edited since",
                target.display()
            ),
            Err(_) => {}
        }
    }
    manifest.extend(written);
    std::fs::create_dir_all(output)?;
    netdraft_files::write_atomic(manifest_path, manifest_text(&manifest).as_bytes())?;
    Ok(())
}

/// Why an existing file may not be overwritten, if it may not.
fn in_the_way(target: &Path, rel: &str, previous: &Manifest) -> Option<&'static str> {
    let old = std::fs::read(target).ok()?;
    match previous.get(rel) {
        None => Some("exists and was not written by netdraft export"),
        Some(recorded) if recorded.hash != hash(&old) => Some("was edited since netdraft exported it"),
        Some(_) => None,
    }
}

/// FNV-1a, 64 bit: enough to notice an edit, not meant to resist one.
fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads `<hash> <format> <path>` lines (and `<hash> <path>` lines of older
/// manifests, which did not record the format).
fn read_manifest(path: &Path) -> Manifest {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Manifest::new();
    };
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (h, rest) = l.split_once(' ')?;
            let hash = u64::from_str_radix(h, 16).ok()?;
            let recorded = rest.split_once(' ').and_then(|(f, p)| {
                let format = FormatArg::ALL.iter().map(|a| a.as_str()).find(|n| *n == f)?;
                Some((p, Some(format)))
            });
            let (p, format) = recorded.unwrap_or((rest, None));
            Some((p.to_owned(), Entry { format, hash }))
        })
        .collect()
}

fn manifest_text(files: &Manifest) -> String {
    let mut s = String::from(
        "# Files written by `netdraft export` into this directory: a hash of each, the format that wrote it, its path.\n\
         # netdraft overwrites only files listed here and unchanged since, and removes only its own format's.\n",
    );
    for (path, e) in files {
        let _ = match e.format {
            Some(format) => writeln!(s, "{:016x} {format} {path}", e.hash),
            None => writeln!(s, "{:016x} {path}", e.hash),
        };
    }
    s
}
