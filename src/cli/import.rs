//! `netdraft import`: a design from a live Azure subscription (read-only) or
//! from saved `az … -o json` output, with an import report beside it.

use std::io::IsTerminal as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use netdraft_import::auth::{CredentialKind, SignIn};
use netdraft_import::http::HttpTransport;
use netdraft_import::{AccessToken, AzureOptions, Imported, Progress};

use super::outln;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(Debug, clap::Subcommand)]
enum Source {
    /// Read a live subscription through Azure Resource Manager (GET, and POST of Resource Graph queries only; needs the Reader role).
    Azure(AzureArgs),
    /// Read saved `az … -o json` output, `az graph query` results or `az group export` templates.
    Json(JsonArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CredentialArg {
    /// Azure CLI (`az login`).
    Cli,
    /// AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET.
    ClientSecret,
    /// AKS workload identity (AZURE_FEDERATED_TOKEN_FILE).
    WorkloadIdentity,
    ManagedIdentity,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Credentials: by default the developer tools (Azure CLI, then Azure Developer CLI); \
--credential picks one; --access-token (or NETDRAFT_ACCESS_TOKEN) uses a bearer token obtained elsewhere. \
Tokens are never printed or written, and go over plain http only to a loopback address.\n\n\
Writes FILE and FILE.import-report.md (what was imported, skipped and why). Exit codes: 0 written \
(failed calls are listed in the report), 2 bad input or nothing could be read.\n\n\
Examples:\n  netdraft import azure -o estate.netdraft.toml\n  \
netdraft import azure --subscription 0b1f6471-… --resource-group rg-hub -o hub.netdraft.toml\n  \
netdraft import azure --arm-endpoint https://management.usgovcloudapi.net --authority-host https://login.microsoftonline.us -o gov.netdraft.toml"
)]
pub struct AzureArgs {
    /// Subscription id (repeatable); none: every subscription the identity can read.
    #[arg(long = "subscription", value_name = "ID")]
    subscriptions: Vec<String>,
    /// Only these resource groups (repeatable): each is read and listed at its own scope, not the whole subscription.
    #[arg(long = "resource-group", value_name = "NAME")]
    resource_groups: Vec<String>,
    /// The design file to write.
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// Which azure_identity credential to use.
    #[arg(long, value_enum)]
    credential: Option<CredentialArg>,
    /// A bearer token for the ARM endpoint, obtained elsewhere.
    #[arg(
        long,
        env = "NETDRAFT_ACCESS_TOKEN",
        hide_env_values = true,
        conflicts_with = "credential"
    )]
    access_token: Option<AccessToken>,
    /// Azure Resource Manager endpoint (sovereign clouds).
    #[arg(long, env = "NETDRAFT_ARM_ENDPOINT", default_value = "https://management.azure.com")]
    arm_endpoint: String,
    /// Microsoft Entra authority host for credentials (sovereign clouds; https).
    #[arg(long, env = "NETDRAFT_AUTHORITY_HOST")]
    authority_host: Option<String>,
    /// Calls in flight at most.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Read VNet gateways and App Gateway for Containers (which have no subscription-wide list) with one
    /// Azure Resource Graph query instead of two calls per resource group. Resource Graph is an index that
    /// may lag Azure by minutes.
    #[arg(long)]
    resource_graph: bool,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each file's kind is detected from its shape; kinds can be mixed. Examples:\n  \
az network vnet list -o json > vnets.json; az aks list -o json > aks.json\n  \
netdraft import json vnets.json aks.json -o estate.netdraft.toml"
)]
pub struct JsonArgs {
    /// Saved JSON files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The design file to write.
    #[arg(long, short = 'o')]
    output: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    match &args.source {
        Source::Azure(a) => azure(a),
        Source::Json(a) => json(a),
    }
}

fn json(args: &JsonArgs) -> anyhow::Result<ExitCode> {
    let mut files = Vec::new();
    for f in &args.files {
        match std::fs::read_to_string(f) {
            Ok(text) => files.push((f.display().to_string(), text)),
            Err(e) => return Ok(super::bad_input(format!("{}: cannot read: {e}", f.display()))),
        }
    }
    match netdraft_import::import_json(&files) {
        Ok(imported) => write(&args.output, &imported),
        Err(e) => Ok(super::bad_input(e)),
    }
}

fn azure(args: &AzureArgs) -> anyhow::Result<ExitCode> {
    let arm = match netdraft_import::auth::endpoint(&args.arm_endpoint, "--arm-endpoint") {
        Ok(u) => u,
        Err(e) => return Ok(super::bad_input(e)),
    };
    let authority = match args
        .authority_host
        .as_deref()
        .map(|a| netdraft_import::auth::authority(a, "--authority-host"))
    {
        Some(Err(e)) => return Ok(super::bad_input(e)),
        Some(Ok(u)) => Some(u),
        None => None,
    };
    let transport = match HttpTransport::new() {
        Ok(t) => t,
        Err(e) => return Ok(super::bad_input(e)),
    };
    let sign_in = match (&args.access_token, args.credential) {
        (Some(t), _) if t.secret().is_empty() => {
            return Ok(super::bad_input("--access-token (or NETDRAFT_ACCESS_TOKEN) is empty"));
        }
        (Some(t), _) => SignIn::Token(t.clone()),
        (None, c) => SignIn::Identity(match c {
            None => CredentialKind::DeveloperTools,
            Some(CredentialArg::Cli) => CredentialKind::AzureCli,
            Some(CredentialArg::ClientSecret) => CredentialKind::ClientSecret,
            Some(CredentialArg::WorkloadIdentity) => CredentialKind::WorkloadIdentity,
            Some(CredentialArg::ManagedIdentity) => CredentialKind::ManagedIdentity,
        }),
    };
    let token = match netdraft_import::auth::token_source(&sign_in, authority.as_ref(), &arm, &transport) {
        Ok(t) => t,
        Err(e) => return Ok(super::bad_input(e)),
    };
    let mut options = AzureOptions::new(arm);
    options.subscriptions.clone_from(&args.subscriptions);
    options.resource_groups.clone_from(&args.resource_groups);
    options.concurrency = args.concurrency.max(1);
    options.timeout = Duration::from_secs(args.timeout.max(1));
    options.resource_graph = args.resource_graph;
    let tty = std::io::stderr().is_terminal();
    let progress = move |p: &Progress| {
        let line = format!(
            "importing: {}/{} calls, {} resources, {} requests — {}",
            p.calls_done, p.calls_total, p.resources, p.requests, p.message
        );
        let mut err = std::io::stderr().lock();
        let _ = if tty {
            write!(err, "\r\x1b[K{line}")
        } else {
            writeln!(err, "{line}")
        };
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let result = netdraft_import::import_azure(&options, &transport, token.as_ref(), &progress, &cancel);
    if tty {
        eprintln!();
    }
    match result {
        Ok(imported) => write(&args.output, &imported),
        Err(e) => Ok(super::bad_input(e)),
    }
}

/// The report's path: `FILE.import-report.md`.
fn report_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().unwrap_or_default().to_os_string();
    name.push(".import-report.md");
    output.with_file_name(name)
}

fn write(output: &Path, imported: &Imported) -> anyhow::Result<ExitCode> {
    if let Err(e) = netdraft_files::save_design(output, &imported.design) {
        return Ok(super::bad_input(e));
    }
    let report = imported.report.to_markdown();
    let report_file = report_path(output);
    if let Err(e) = netdraft_files::write_atomic(&report_file, report.as_bytes()) {
        return Ok(super::bad_input(e));
    }
    // Everything but the long inventory table goes to the terminal.
    let brief = report.split("## Imported").next().unwrap_or(&report).trim_end();
    outln!("{brief}\n");
    outln!("wrote {} and {}", output.display(), report_file.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, clap::Parser)]
    struct Wrapper {
        #[command(flatten)]
        azure: AzureArgs,
    }

    #[test]
    fn parsed_arguments_print_no_token() {
        use clap::Parser as _;
        let w = Wrapper::try_parse_from(["netdraft", "--access-token", "  secret-xyz  ", "-o", "x.toml"]).unwrap();
        assert_eq!(
            w.azure.access_token.as_ref().map(AccessToken::secret),
            Some("secret-xyz")
        );
        assert!(!format!("{w:?}").contains("secret-xyz"));
    }
}
