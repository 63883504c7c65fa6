//! Golden paths: the standard flows of every starter template, as
//! `netdraft paths` prints them, held in `tests/golden/paths/<template>.txt`.
//!
//! Each file was checked by hand against the Microsoft documentation of the
//! rule each hop applies (the engine's modules cite them):
//! - routes: "Virtual network traffic routing" (system routes, peering and
//!   gateway routes, longest prefix match, user-defined > BGP > system; the
//!   baseline's 0.0.0.0/0 → firewall overrides the system Internet route and
//!   the private endpoint /32s win by longest prefix);
//! - private endpoints: "Manage network policies for private endpoints"
//!   (the baseline's endpoint subnet keeps policies off, so its NSG is not
//!   applied and 0.0.0.0/0 does not override the /32);
//! - NSGs: "Network security groups" default rules (AllowVNetInBound,
//!   AllowInternetOutBound) and the templates' own rules;
//! - Azure Firewall: rule processing (network, then application rules, then
//!   deny) and "SNAT private IP address ranges" (no SNAT to RFC 1918, public
//!   IPs otherwise): the baseline's pod → on-premises is denied (no network
//!   rule) and its reply would bypass the firewall through the GatewaySubnet's
//!   peering route (asymmetric);
//! - egress: "Troubleshoot Azure NAT Gateway connectivity" precedence and
//!   "AKS outbound types" (loadBalancer, userAssignedNATGateway, UDR);
//! - gateway transit: the spoke uses the hub's VPN gateway, so on-premises
//!   reaches the API-server subnet over the peering.
//!
//! `UPDATE_GOLDEN=1 cargo test -p netdraft-core --test paths_golden` rewrites
//! the files; review the diff against the docs before committing it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use netdraft_core::plan::plan;
use netdraft_core::route::{Net, Verdict, render_flows, standard_flows};
use netdraft_core::templates;

fn golden_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/paths")
}

#[test]
fn standard_flows_of_every_template_match_their_golden_file() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for t in templates::ALL {
        let design = t.load().unwrap().design;
        let p = plan(&design);
        let net = Net::build(&design, &p);
        let text = render_flows(&standard_flows(&net));
        let file = golden_dir().join(format!("{}.txt", t.name));
        if update {
            std::fs::write(&file, &text).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1 to create it", file.display()));
        if want != text {
            failures.push(format!("{}:\n--- want\n{want}\n--- got\n{text}", t.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The verdicts the golden files hold, stated once more so a reviewer sees
/// them at a glance and a regenerated golden file cannot quietly flip one.
#[test]
fn verdicts_of_the_standard_flows() {
    let expect: &[(&str, &[(&str, Verdict)])] = &[
        (
            "aks-baseline-hub-spoke",
            &[
                ("pod → internet", Verdict::Restricted),
                ("pod → on-premises", Verdict::Denied),
                ("pod → private endpoint", Verdict::Delivered),
                ("pod → private endpoint", Verdict::Delivered),
                ("internet → ingress → pods", Verdict::Delivered),
                ("on-premises → API server", Verdict::Delivered),
            ],
        ),
        (
            "agic-cert-manager",
            &[
                ("pod → internet", Verdict::Delivered),
                ("pod → on-premises", Verdict::NotApplicable),
                ("pod → private endpoint", Verdict::NotApplicable),
                ("internet → ingress → pods", Verdict::Delivered),
                ("internet → ingress → pods", Verdict::Delivered),
                ("on-premises → API server", Verdict::NotApplicable),
            ],
        ),
        (
            "two-region-front-door",
            &[
                ("pod → internet", Verdict::Delivered),
                ("pod → on-premises", Verdict::NotApplicable),
                ("pod → private endpoint", Verdict::NotApplicable),
                ("internet → ingress → pods", Verdict::Delivered),
                ("on-premises → API server", Verdict::NotApplicable),
            ],
        ),
        (
            // Through the secured hub: private routing intent sends the branch
            // traffic through the hub's firewall, whose network rule allows it.
            "virtual-wan-secured-hub",
            &[
                ("pod → internet", Verdict::Delivered),
                ("pod → on-premises", Verdict::Delivered),
                ("pod → private endpoint", Verdict::NotApplicable),
                ("internet → ingress → pods", Verdict::NotApplicable),
                ("on-premises → API server", Verdict::NotApplicable),
            ],
        ),
    ];
    for (name, flows) in expect {
        let design = templates::find(name).unwrap().load().unwrap().design;
        let p = plan(&design);
        let net = Net::build(&design, &p);
        let all = standard_flows(&net);
        let got: Vec<(String, Verdict)> = all[0].flows.iter().map(|f| (f.flow.clone(), f.path.verdict)).collect();
        let want: Vec<(String, Verdict)> = flows.iter().map(|(f, v)| ((*f).to_owned(), *v)).collect();
        assert_eq!(got, want, "{name}");
    }
}
