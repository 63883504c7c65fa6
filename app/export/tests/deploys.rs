//! What happens when an export is applied, not only parsed: each test here
//! failed on the exports of netdraft before they were made to deploy (issue
//! "Exports that deploy on today's tools"). The schema checks themselves run in
//! CI with the validator kit (`.ci/check-exports.sh`); these tests pin the
//! semantics the kit cannot see, and check the Bicep API versions against the
//! same type data when the kit is beside the checkout.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use netdraft_core::model::AzurermMajor;
use netdraft_core::{Design, plan, templates};
use netdraft_export::{Format, Templates, export, plan_findings};

fn fixture(name: &str) -> Design {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.netdraft.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    netdraft_core::file::parse(&text, &path.display().to_string())
        .unwrap()
        .design
}

fn template(name: &str) -> Design {
    templates::find(name).unwrap().load().unwrap().design
}

/// Every file of one format, by path.
fn files(design: &Design, format: Format) -> BTreeMap<String, String> {
    let p = plan::plan(design);
    export(design, &p, &Templates::builtin(format), &plan_findings(&p))
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

fn file<'a>(files: &'a BTreeMap<String, String>, suffix: &str) -> &'a str {
    files.iter().find(|(p, _)| p.ends_with(suffix)).map_or_else(
        || panic!("no {suffix} in {:?}", files.keys().collect::<Vec<_>>()),
        |(_, c)| c.as_str(),
    )
}

/// Every design the tests look at: the starters and the export fixtures.
fn all_designs() -> Vec<(String, Design)> {
    let mut v: Vec<(String, Design)> = templates::ALL
        .iter()
        .map(|t| (t.name.to_owned(), template(t.name)))
        .collect();
    for f in [
        "agc-managed",
        "agic-helm",
        "azurerm4-baseline",
        "hostile-names",
        "nginx-internal",
    ] {
        v.push((format!("fixture-{f}"), fixture(f)));
    }
    v
}

/// The body of every `resource` block of one type in HCL text, crudely: from the
/// block's first line to the next line that is a lone `}`.
fn tf_blocks<'a>(text: &'a str, resource_type: &str) -> Vec<&'a str> {
    let head = format!("resource \"{resource_type}\" ");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(&head) {
        let body = &rest[i..];
        let end = body.find("\n}\n").map_or(body.len(), |e| e + 3);
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

#[test]
fn bicep_role_assignment_names_are_known_when_the_deployment_starts() {
    // BCP120: `name` must be calculable at the start; a principal id is not.
    for (name, design) in all_designs() {
        let bicep = files(&design, Format::Bicep);
        let main = file(&bicep, "main.bicep");
        let mut roles = 0;
        for line in main.lines().filter(|l| l.trim_start().starts_with("name: guid(")) {
            roles += 1;
            assert!(
                !line.contains(".properties."),
                "{name}: a role assignment name uses a runtime property: {line}"
            );
        }
        if design.all::<netdraft_core::model::AksCluster>().next().is_some() {
            assert!(roles > 0, "{name}: clusters but no role assignments");
        }
    }
}

#[test]
fn terraform_is_written_for_the_chosen_azurerm_major() {
    let mut design = template("aks-baseline-hub-spoke");
    assert_eq!(design.settings.azurerm, AzurermMajor::V5, "5.x is the default");
    let five = files(&design, Format::Terraform);
    assert!(file(&five, "versions.tf").contains("version = \"~> 5.2\""));
    let dns = file(&five, "dns.tf");
    let links = tf_blocks(dns, "azurerm_private_dns_zone_virtual_network_link");
    assert!(!links.is_empty());
    for l in &links {
        assert!(l.contains("private_dns_zone_id "), "{l}");
        assert!(!l.contains("private_dns_zone_name"), "{l}");
    }
    for c in tf_blocks(file(&five, "aks.tf"), "azurerm_kubernetes_cluster") {
        assert!(c.contains("node_provisioning_profile {"), "required in azurerm 5: {c}");
    }

    design.settings.azurerm = AzurermMajor::V4;
    let four = files(&design, Format::Terraform);
    assert!(file(&four, "versions.tf").contains("version = \"~> 4.81\""));
    for l in tf_blocks(file(&four, "dns.tf"), "azurerm_private_dns_zone_virtual_network_link") {
        assert!(l.contains("private_dns_zone_name"), "{l}");
        assert!(!l.contains("private_dns_zone_id "), "{l}");
    }
}

#[test]
fn subnet_service_endpoints_are_spelled_per_azurerm_major() {
    let five = fixture("agc-managed");
    let tf = files(&five, Format::Terraform);
    let net = file(&tf, "network.tf");
    assert!(
        net.contains("service_endpoint {\n    service = \"Microsoft.Storage\"\n  }"),
        "{net}"
    );
    assert!(!net.contains("service_endpoints"));
    let four = fixture("azurerm4-baseline");
    let net = files(&four, Format::Terraform);
    assert!(file(&net, "network.tf").contains("service_endpoints"));
}

#[test]
fn key_vault_secrets_can_be_read_and_written() {
    let design = template("aks-baseline-hub-spoke");
    let tf = files(&design, Format::Terraform);
    let dns = file(&tf, "dns.tf");
    let vault = tf_blocks(dns, "azurerm_key_vault");
    assert_eq!(vault.len(), 1);
    assert!(
        vault[0].contains("rbac_authorization_enabled    = true"),
        "{}",
        vault[0]
    );
    assert!(dns.contains("role_definition_name = \"Key Vault Secrets Officer\""));
    let aks = file(&tf, "aks.tf");
    assert!(aks.contains("key_vault_secrets_provider {"));
    assert!(aks.contains("role_definition_name = \"Key Vault Secrets User\""));
    assert!(aks.contains("key_vault_secrets_provider[0].secret_identity[0].object_id"));
    // The registry is readable by the kubelet.
    assert!(aks.contains("role_definition_name = \"AcrPull\""));
    assert!(aks.contains("kubelet_identity[0].object_id"));

    let bicep = files(&design, Format::Bicep);
    let main = file(&bicep, "main.bicep");
    assert!(main.contains("enableRbacAuthorization: true"));
    assert!(main.contains("azureKeyvaultSecretsProvider: {"));
    // Key Vault Secrets User, Key Vault Secrets Officer, AcrPull.
    for role in [
        "4633458b-17de-408a-b874-0445c86b69e6",
        "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
        "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    ] {
        assert!(main.contains(role), "role {role} missing");
    }
}

#[test]
fn cert_manager_certifies_the_agic_ingress() {
    let design = template("agic-cert-manager");
    let k8s = files(&design, Format::K8s);
    let ingress = file(&k8s, "ingress.yaml");
    assert!(ingress.contains("cert-manager.io/cluster-issuer"));
    assert!(
        ingress.contains("  tls:\n    - hosts:\n        - shop.contoso.example\n"),
        "{ingress}"
    );
    assert!(
        ingress.contains("  rules:\n    - host: shop.contoso.example\n"),
        "{ingress}"
    );

    // Without a host name the export writes a named placeholder, never an empty host.
    let text = templates::find("agic-cert-manager")
        .unwrap()
        .text
        .replace("hostnames = [\"shop.contoso.example\"]\n", "");
    let bare = netdraft_core::file::parse(&text, "t").unwrap().design;
    let ingress = files(&bare, Format::K8s);
    let ingress = file(&ingress, "ingress.yaml");
    assert!(ingress.contains("- \"${INGRESS_HOSTNAME}\""), "{ingress}");
    assert!(!ingress.contains("\"\""));
}

#[test]
fn agc_with_http01_has_a_port_80_listener_and_managed_agc_its_load_balancer() {
    let design = fixture("agc-managed");
    let k8s = files(&design, Format::K8s);
    let gateway = file(&k8s, "gateway.yaml");
    assert!(gateway.contains("kind: ApplicationLoadBalancer"), "{gateway}");
    assert!(gateway.contains("  associations:\n    - \"/subscriptions/${SUBSCRIPTION_ID}/"));
    assert!(
        gateway.contains("    - name: http\n      port: 80\n      protocol: HTTP\n"),
        "{gateway}"
    );
    assert!(file(&k8s, "cluster-issuer.yaml").contains("gatewayHTTPRoute"));
    // The ALB controller creates the managed AGC in the node resource group, so its
    // Configuration Manager role is there.
    let tf = files(&design, Format::Terraform);
    let ingress = file(&tf, "ingress.tf");
    let cm = ingress
        .split("resource \"azurerm_role_assignment\"")
        .find(|b| b.contains("AppGw for Containers Configuration Manager"))
        .unwrap();
    assert!(cm.contains("node_resource_group_id"), "{cm}");
    // Bring-your-own: the gateway names the resource Terraform creates; no ALB object.
    let byo = files(&template("agc-gateway-api"), Format::K8s);
    assert!(!file(&byo, "gateway.yaml").contains("kind: ApplicationLoadBalancer"));
}

#[test]
fn agic_as_a_helm_release_has_an_identity_it_can_sign_in_with() {
    let design = fixture("agic-helm");
    let helm = files(&design, Format::Helm);
    let values = file(&helm, "values-agic.yaml");
    assert!(!values.contains("\"\""), "no empty strings: {values}");
    assert!(values.contains("identityClientID: ${AGIC_CLIENT_ID}"));
    assert!(values.contains("fullnameOverride: ingress-azure"));
    let tf = files(&design, Format::Terraform);
    let aks = file(&tf, "aks.tf");
    assert_eq!(tf_blocks(aks, "azurerm_user_assigned_identity").len(), 1, "{aks}");
    let fed = tf_blocks(aks, "azurerm_federated_identity_credential");
    assert_eq!(fed.len(), 1);
    assert!(fed[0].contains("system:serviceaccount:default:ingress-azure"));
    assert!(fed[0].contains("user_assigned_identity_id"));
    for role in ["\"Contributor\"", "\"Reader\"", "\"Network Contributor\""] {
        assert!(
            tf_blocks(aks, "azurerm_role_assignment")
                .iter()
                .any(|b| b.contains("agic_identity") && b.contains(role)),
            "AGIC identity lacks {role}"
        );
    }
    assert!(file(&tf, "outputs.tf").contains("agic_identity_client_id"));
    let main = files(&design, Format::Bicep);
    assert!(file(&main, "main.bicep").contains("'system:serviceaccount:default:ingress-azure'"));
}

#[test]
fn alb_controller_values_name_the_client_id_instead_of_leaving_it_empty() {
    let helm = files(&template("agc-gateway-api"), Format::Helm);
    let values = file(&helm, "values-alb-controller.yaml");
    assert!(values.contains("clientID: ${ALB_CLIENT_ID}"), "{values}");
    assert!(!values.contains("\"\""));
}

#[test]
fn ingress_nginx_never_claims_a_modelled_services_address() {
    for (name, design) in all_designs() {
        let helm = files(&design, Format::Helm);
        let k8s = files(&design, Format::K8s);
        for (path, values) in helm.iter().filter(|(p, _)| p.ends_with("values-ingress-nginx.yaml")) {
            let claimed: Vec<&str> = k8s
                .values()
                .flat_map(|m| m.lines())
                .filter_map(|l| {
                    l.trim()
                        .strip_prefix("service.beta.kubernetes.io/azure-load-balancer-ipv4: ")
                })
                .collect();
            for ip in claimed {
                assert!(
                    !values.contains(&format!("azure-load-balancer-ipv4: {ip}")),
                    "{name}/{path} takes {ip}, which a Service of the design already has"
                );
            }
        }
    }
}

#[test]
fn a_cluster_without_node_pools_is_a_lint_error() {
    let text = templates::find("agc-gateway-api").unwrap().text;
    let design = netdraft_core::file::parse(text, "t").unwrap().design;
    let mut bare = design.clone();
    let pools: Vec<_> = bare
        .all::<netdraft_core::model::NodePool>()
        .map(|(r, _)| r.id.clone())
        .collect();
    for id in pools {
        bare.remove(id.as_str());
    }
    let p = plan::plan(&bare);
    let findings = netdraft_core::lint::lint(&bare, &p);
    assert!(
        findings.iter().any(|f| f.rule == "ND109" && f.is_blocking()),
        "{findings:#?}"
    );
}

/// The validator kit beside the checkout (`../shared/validators`), or `None`
/// when it is not there; CI sets `NETDRAFT_REQUIRE_VALIDATORS=1` so that a
/// missing kit fails instead of skipping.
fn type_pack() -> Option<PathBuf> {
    let dir = std::env::var_os("NETDRAFT_VALIDATORS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/validators"),
        PathBuf::from,
    );
    let pack = dir.join("bicep-types/pack.json.gz");
    if pack.is_file() {
        return Some(pack);
    }
    assert!(
        std::env::var_os("NETDRAFT_REQUIRE_VALIDATORS").is_none(),
        "the validator kit is not at {} (set NETDRAFT_VALIDATORS)",
        dir.display()
    );
    eprintln!("skipped: no Bicep type pack at {}", pack.display());
    None
}

fn is_preview(api: &str) -> bool {
    api.contains("preview") || api.contains("alpha") || api.contains("beta")
}

#[test]
fn bicep_uses_the_newest_ga_api_version_of_every_type() {
    let Some(pack) = type_pack() else { return };
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&pack).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let pack: serde_json::Value = serde_json::from_str(&text).unwrap();
    let resources = pack["resources"].as_object().unwrap();
    let mut checked = 0;
    for (name, design) in all_designs() {
        let bicep = files(&design, Format::Bicep);
        for line in file(&bicep, "main.bicep").lines() {
            let Some(start) = line.find(" 'Microsoft.") else {
                continue;
            };
            let quoted = &line[start + 2..];
            let Some(end) = quoted.find('\'') else { continue };
            let Some((ty, api)) = quoted[..end].split_once('@') else {
                continue;
            };
            let versions = resources
                .get(&ty.to_lowercase())
                .and_then(|r| r["versions"].as_object())
                .unwrap_or_else(|| panic!("{name}: {ty} is not in the type data"));
            assert!(versions.contains_key(api), "{name}: {ty}@{api} does not exist");
            let newest = versions.keys().filter(|v| !is_preview(v)).max().unwrap();
            assert_eq!(
                api, newest,
                "{name}: {ty} uses {api}; the newest GA version is {newest}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} resource declarations found");
}

#[test]
fn dns01_issuers_get_an_identity_with_rights_on_their_zone() {
    let design = fixture("nginx-internal");
    let tf = files(&design, Format::Terraform);
    let aks = file(&tf, "aks.tf");
    let fed = tf_blocks(aks, "azurerm_federated_identity_credential");
    assert!(
        fed.iter()
            .any(|b| b.contains("system:serviceaccount:cert-manager:cert-manager")),
        "{aks}"
    );
    assert!(aks.contains("data \"azurerm_dns_zone\""));
    assert!(aks.contains("role_definition_name = \"DNS Zone Contributor\""));
    let k8s = files(&design, Format::K8s);
    let issuer = file(&k8s, "cluster-issuer.yaml");
    for key in [
        "subscriptionID:",
        "resourceGroupName: rg-dns",
        "hostedZoneName: contoso.example",
        "clientID:",
    ] {
        assert!(issuer.contains(key), "{key} missing: {issuer}");
    }
    let helm = files(&design, Format::Helm);
    assert!(file(&helm, "values-cert-manager.yaml").contains("azure.workload.identity/use: \"true\""));
    let bicep = files(&design, Format::Bicep);
    let main = file(&bicep, "main.bicep");
    assert!(main.contains("'dns-zone-contributor.bicep'"));
    assert!(main.contains("scope: resourceGroup('rg-dns')"));
    assert!(file(&bicep, "dns-zone-contributor.bicep").contains("befefa01-2a29-4197-83a8-272ff33ce314"));
    // No module file where no issuer needs it.
    let plain = files(&template("agic-cert-manager"), Format::Bicep);
    assert!(!plain.keys().any(|p| p.ends_with("dns-zone-contributor.bicep")));
}

#[test]
fn the_alb_controller_gets_its_roles_on_the_node_resource_group_in_bicep_too() {
    let byo = files(&template("agc-gateway-api"), Format::Bicep);
    let main = file(&byo, "main.bicep");
    assert!(main.contains("'resource-group-role.bicep'"));
    assert!(
        main.contains("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        "Reader on the node group"
    );
    assert!(file(&byo, "resource-group-role.bicep").contains("guid(resourceGroup().id, identityId, roleId)"));
    let managed = files(&fixture("agc-managed"), Format::Bicep);
    let main = file(&managed, "main.bicep");
    assert!(
        main.contains("NodeRgConfigManager"),
        "Configuration Manager where the controller creates AGC"
    );
    let plain = files(&template("aks-baseline-hub-spoke"), Format::Bicep);
    assert!(!plain.keys().any(|p| p.ends_with("resource-group-role.bicep")));
}
