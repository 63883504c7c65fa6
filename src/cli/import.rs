//! `netdraft import`: a design from a live Azure subscription (read-only) or
//! from saved `az … -o json` output, with an import report beside it; saved
//! `kubectl get … -o json` output maps the clusters' Kubernetes side onto it.

use std::io::IsTerminal as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use netdraft_import::auth::{CredentialKind, SignIn};
use netdraft_import::http::HttpTransport;
use netdraft_import::{AccessToken, AzureOptions, Imported, InputFile, Progress};

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
    /// Read saved `az … -o json` output, `az graph query` results or `az group export` templates, and saved
    /// `kubectl get … -o json` output of the clusters.
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
Kubernetes objects (cert-manager issuers, App Gateway for Containers' Gateway API objects, LoadBalancer \
services' names, namespaces and selectors) are not in Azure Resource Manager: save each cluster's with \
`kubectl get clusterissuers,issuers,gateways,httproutes,backendtlspolicies,services -A -o json > FILE` and \
pass it with --kube FILE.\n\n\
Examples:\n  netdraft import azure -o estate.netdraft.toml\n  \
netdraft import azure -o estate.netdraft.toml --kube aks-weu.k8s.json --kube-cluster aks-weu=aks-weu.k8s.json\n  \
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
    /// Saved output of `kubectl get clusterissuers,issuers,gateways,httproutes,backendtlspolicies,services -A
    /// -o json` of an imported cluster (repeatable): its Kubernetes side, mapped onto the import.
    #[arg(long = "kube", value_name = "FILE")]
    kube: Vec<PathBuf>,
    #[command(flatten)]
    kube_cluster: KubeClusterArg,
}

/// Which cluster kubectl output belongs to, when its objects do not say.
#[derive(Debug, clap::Args)]
struct KubeClusterArg {
    /// The AKS cluster (Azure name) of the kubectl output: `NAME` for every kubectl file of the call, or
    /// `NAME=FILE` for one file (repeatable). Needed only when the design has several clusters and nothing in
    /// a file tells which (a Gateway naming an App Gateway for Containers of a known cluster, a LoadBalancer
    /// service's IP held by one cluster).
    #[arg(long = "kube-cluster", value_name = "NAME[=FILE]")]
    values: Vec<String>,
}

impl KubeClusterArg {
    /// The cluster named for each file, in order; an error names the value at fault.
    fn per_file(&self, files: &[PathBuf]) -> Result<Vec<Option<String>>, String> {
        let mut every: Option<&str> = None;
        let mut one: Vec<(&str, &str)> = Vec::new();
        for v in &self.values {
            match v.split_once('=') {
                Some((name, file)) if !name.is_empty() && !file.is_empty() => {
                    if !files.iter().any(|f| f.as_os_str() == file) {
                        return Err(format!(
                            "--kube-cluster {v}: `{file}` is not one of the files given; write the file as it is given"
                        ));
                    }
                    one.push((name, file));
                }
                Some(_) => return Err(format!("--kube-cluster {v}: expected NAME or NAME=FILE")),
                None if every.is_some_and(|e| e != v) => {
                    return Err(format!(
                        "--kube-cluster {v}: a cluster for every kubectl file is given twice (`{}` and `{v}`); name each file's with NAME=FILE",
                        every.unwrap_or_default()
                    ));
                }
                None => every = Some(v),
            }
        }
        Ok(files
            .iter()
            .map(|f| {
                one.iter()
                    .rev()
                    .find(|(_, file)| f.as_os_str() == *file)
                    .map(|(name, _)| (*name).to_owned())
                    .or_else(|| every.map(str::to_owned))
            })
            .collect())
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each file's kind is detected from its shape; kinds can be mixed. Saved kubectl output of a \
cluster (`kubectl get clusterissuers,issuers,gateways,httproutes,backendtlspolicies,services -A -o json`) maps \
its cert-manager issuers, App Gateway for Containers' Gateway API objects and LoadBalancer services onto the \
cluster the Azure files bring; other Kubernetes objects are reported as not modelled. Examples:\n  \
az network vnet list -o json > vnets.json; az aks list -o json > aks.json\n  \
netdraft import json vnets.json aks.json -o estate.netdraft.toml\n  \
kubectl --context aks-weu get clusterissuers,issuers,gateways,httproutes,backendtlspolicies,services -A -o json > weu.k8s.json\n  \
netdraft import json vnets.json aks.json lbs.json weu.k8s.json --kube-cluster aks-weu=weu.k8s.json -o estate.netdraft.toml"
)]
pub struct JsonArgs {
    /// Saved JSON files (Azure output and kubectl output).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The design file to write.
    #[arg(long, short = 'o')]
    output: PathBuf,
    #[command(flatten)]
    kube_cluster: KubeClusterArg,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    match &args.source {
        Source::Azure(a) => azure(a),
        Source::Json(a) => json(a),
    }
}

/// The files read, each with the cluster named for it.
fn read_files(files: &[PathBuf], kube_cluster: &KubeClusterArg) -> Result<Vec<InputFile>, String> {
    let clusters = kube_cluster.per_file(files)?;
    files
        .iter()
        .zip(clusters)
        .map(|(f, cluster)| {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{}: cannot read: {e}", f.display()))?;
            Ok(InputFile {
                name: f.display().to_string(),
                text,
                kube_cluster: cluster,
            })
        })
        .collect()
}

fn json(args: &JsonArgs) -> anyhow::Result<ExitCode> {
    let files = match read_files(&args.files, &args.kube_cluster) {
        Ok(f) => f,
        Err(e) => return Ok(super::bad_input(e)),
    };
    match netdraft_import::import_files(&files) {
        Ok(imported) => write(&args.output, &imported),
        Err(e) => Ok(super::bad_input(e)),
    }
}

fn azure(args: &AzureArgs) -> anyhow::Result<ExitCode> {
    // Read before the import, so a missing file or a wrong option costs no calls.
    let kube = match read_files(&args.kube, &args.kube_cluster) {
        Ok(f) => f,
        Err(e) => return Ok(super::bad_input(e)),
    };
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
    let mut imported = match result {
        Ok(imported) => imported,
        Err(e) => return Ok(super::bad_input(e)),
    };
    if let Err(e) = netdraft_import::import_kube(&mut imported, &kube) {
        return Ok(super::bad_input(e));
    }
    write(&args.output, &imported)
}

/// The report's path: `FILE.import-report.md`.
pub(super) fn report_path(output: &Path) -> PathBuf {
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

    #[derive(Debug, clap::Parser)]
    struct JsonWrapper {
        #[command(flatten)]
        json: JsonArgs,
    }

    #[test]
    fn kube_cluster_names_every_kubectl_file_or_one() {
        use clap::Parser as _;
        let parse = |args: &[&str]| {
            let w = JsonWrapper::try_parse_from(
                ["netdraft", "-o", "x.toml", "a.json", "b.json", "c.json"]
                    .iter()
                    .chain(args),
            )
            .unwrap();
            w.json.kube_cluster.per_file(&w.json.files)
        };
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(parse(&[]).unwrap(), [None, None, None]);
        assert_eq!(
            parse(&["--kube-cluster", "aks-a", "--kube-cluster", "aks-b=c.json"]).unwrap(),
            [some("aks-a"), some("aks-a"), some("aks-b")]
        );
        assert_eq!(
            parse(&["--kube-cluster", "aks-b=b.json"]).unwrap(),
            [None, some("aks-b"), None]
        );
        let e = parse(&["--kube-cluster", "aks-b=d.json"]).unwrap_err();
        assert!(e.contains("`d.json` is not one of the files given"), "{e}");
        let e = parse(&["--kube-cluster", "aks-a", "--kube-cluster", "aks-b"]).unwrap_err();
        assert!(e.contains("given twice"), "{e}");
        let e = parse(&["--kube-cluster", "=b.json"]).unwrap_err();
        assert!(e.contains("expected NAME or NAME=FILE"), "{e}");
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
