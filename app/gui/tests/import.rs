//! File > Import through the real window: saved JSON files, and a live
//! import over an in-process ARM stand-in (no network): sign in with a
//! token, pick a subscription, watch it import, cancel, read the summary.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: that is a failed test

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use netdraft_core::Design;
use netdraft_core::model::Kind;
use netdraft_gui::actions::Action;
use netdraft_gui::import::AzureTransport;
use netdraft_gui::{Config, NetdraftApp};
use netdraft_import::{Request, Response, Transport, TransportError};

mod common;
use common::*;

const SUB: &str = "00000000-0000-0000-0000-0000000000a1";
const TOKEN: &str = "test-token-kittest-7f3a";

fn vnet(rg: &str, name: &str, space: &str, subnet: (&str, &str), peer: Option<(&str, &str)>) -> serde_json::Value {
    let id = format!("/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{name}");
    let peerings: Vec<serde_json::Value> = peer
        .map(|(remote_rg, remote)| {
            serde_json::json!({
                "name": format!("{name}-to-{remote}"),
                "id": format!("{id}/virtualNetworkPeerings/{name}-to-{remote}"),
                "properties": {
                    "remoteVirtualNetwork": {"id": format!("/subscriptions/{SUB}/resourceGroups/{remote_rg}/providers/Microsoft.Network/virtualNetworks/{remote}")},
                    "allowVirtualNetworkAccess": true,
                    "allowForwardedTraffic": true,
                    "peeringState": "Connected"
                }
            })
        })
        .into_iter()
        .collect();
    serde_json::json!({
        "name": name,
        "id": id,
        "type": "Microsoft.Network/virtualNetworks",
        "location": "westeurope",
        "properties": {
            "addressSpace": {"addressPrefixes": [space]},
            "subnets": [{
                "name": subnet.0,
                "id": format!("{id}/subnets/{}", subnet.0),
                "properties": {"addressPrefix": subnet.1}
            }],
            "virtualNetworkPeerings": peerings
        }
    })
}

fn vnets() -> serde_json::Value {
    serde_json::json!([
        vnet(
            "rg-hub",
            "vnet-hub",
            "10.0.0.0/22",
            ("AzureFirewallSubnet", "10.0.0.0/26"),
            Some(("rg-spoke", "vnet-spoke"))
        ),
        vnet(
            "rg-spoke",
            "vnet-spoke",
            "10.1.0.0/22",
            ("snet-aks", "10.1.0.0/23"),
            Some(("rg-hub", "vnet-hub"))
        ),
    ])
}

/// Answers ARM list calls from memory; records what it was asked. While
/// `gate` is shut, list calls wait (to cancel an import mid-way).
#[derive(Default)]
struct FakeArm {
    /// (method, path, authorization header) of every request.
    seen: Mutex<Vec<(&'static str, String, Option<String>)>>,
    gate: AtomicBool,
    waiting: AtomicBool,
}

impl Transport for FakeArm {
    fn send(&self, request: &Request<'_>) -> Result<Response, TransportError> {
        let auth = request
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .map(|(_, v)| v.clone());
        let path = request.url.path().to_ascii_lowercase();
        self.seen
            .lock()
            .unwrap()
            .push((request.method.as_str(), path.clone(), auth.clone()));
        if auth.as_deref() != Some(&format!("Bearer {TOKEN}")) {
            return Ok(json(
                401,
                &serde_json::json!({"error": {"code": "InvalidAuthenticationToken", "message": "bad token"}}),
            ));
        }
        if path == "/subscriptions" {
            return Ok(json(
                200,
                &serde_json::json!({"value": [
                    {"id": format!("/subscriptions/{SUB}"), "subscriptionId": SUB, "displayName": "Contoso Landing Zone", "state": "Enabled"}
                ]}),
            ));
        }
        while self.gate.load(Ordering::SeqCst) {
            self.waiting.store(true, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        if path.ends_with("/providers/microsoft.network/virtualnetworks") {
            return Ok(json(200, &serde_json::json!({"value": vnets()})));
        }
        Ok(json(200, &serde_json::json!({"value": []})))
    }
}

fn json(status: u16, body: &serde_json::Value) -> Response {
    Response {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: serde_json::to_vec(body).unwrap(),
    }
}

fn with_fake(arm: Arc<FakeArm>) -> Harness<'static, NetdraftApp> {
    harness_with(
        Design::new("before"),
        Config {
            data_dir: None,
            native_dialogs: false,
            azure: Some(AzureTransport(arm)),
        },
    )
}

/// Waits for the worker, then lets the window settle.
fn settle(h: &mut Harness<'_, NetdraftApp>) {
    wait_for_work(h);
}

/// Clicks a button and lets the window act on it: until the window is idle,
/// or until the click has started work (a running import shows a spinner,
/// which repaints until the work is done: the caller waits for that work, or
/// for what it shows, with `settle` or `step_until`).
fn click(h: &mut Harness<'_, NetdraftApp>, label: &str) {
    // A window that just appeared or changed size places its contents over
    // a few frames: click once the button stays where it is.
    let last = std::cell::Cell::new(None);
    step_until(h, &format!("{label} in place"), |h| {
        let rect = h.get_by_role_and_label(egui::Role::Button, label).rect();
        last.replace(Some(rect)) == Some(rect)
    });
    h.get_by_role_and_label(egui::Role::Button, label).click();
    h.step();
    step_until(h, &format!("the window idle or working after clicking {label}"), |h| {
        h.state().is_working() || !h.ctx.has_requested_repaint()
    });
}

/// A design named "before" with File > Import from JSON files open, and
/// the saved `az network vnet list` output it will import.
fn json_import() -> (Harness<'static, NetdraftApp>, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("vnets.json");
    std::fs::write(&file, serde_json::to_string_pretty(&vnets()).unwrap()).unwrap();
    let mut h = harness(Design::new("before"), None);
    h.state_mut().queue(Action::ImportJson);
    h.run();
    (h, dir, file)
}

#[test]
fn import_json_files_opens_them_as_a_new_unsaved_design_with_a_summary() {
    let (mut h, _dir, file) = json_import();
    // A missing file fails with its name; the dialog stays.
    type_into(&mut h, "JSON file", "/nonexistent/none.json");
    click(&mut h, "Add");
    click(&mut h, "Import files");
    settle(&mut h);
    assert!(h.query_by_label_contains("none.json: cannot read").is_some());
    assert_eq!(h.state().design().name, "before");
    click(&mut h, "Remove");
    type_into(&mut h, "JSON file", &file.display().to_string());
    click(&mut h, "Add");
    click(&mut h, "Import files");
    settle(&mut h);
    let design = h.state().design();
    assert_eq!(design.of_kind(Kind::VirtualNetwork).count(), 2);
    assert_eq!(
        design.of_kind(Kind::VnetPeering).count(),
        1,
        "both sides of one peering"
    );
    assert!(h.state().is_dirty(), "an import is new work, unsaved");
    assert!(h.state().path().is_none());
    assert!(h.query_by_label("Import finished").is_some());
    click(&mut h, "OK");
    assert!(h.query_by_label("Import finished").is_none());
}

/// "Compare with the open design": the import becomes the Drift tab's live
/// side and the open design stays as it is.
#[test]
fn an_import_can_be_compared_with_the_open_design_instead_of_opening_it() {
    let (mut h, _dir, file) = json_import();
    type_into(&mut h, "JSON file", &file.display().to_string());
    click(&mut h, "Add");
    h.get_by_label("Compare with the open design instead of opening the import")
        .click();
    h.run();
    click(&mut h, "Import files");
    settle(&mut h);
    assert_eq!(h.state().design().name, "before", "the open design stays");
    assert!(!h.state().is_dirty());
    assert!(h.query_by_label("Import finished").is_none());
    assert!(
        h.query_by_label_contains("differ from the import of 1 source")
            .is_some(),
        "the Drift tab shows the comparison"
    );
    assert!(h.query_all_by_label_contains("in Azure, not in the design").count() > 1);
}

#[test]
fn import_from_azure_signs_in_lists_subscriptions_and_imports_the_ticked_one() {
    let arm = Arc::new(FakeArm::default());
    let mut h = with_fake(arm.clone());
    h.state_mut().queue(Action::ImportAzure);
    h.run();
    // Pick the access-token credential (the fake ARM accepts one token).
    h.get_by_label("Sign in with").click();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, "Access token").click();
    h.run();
    // A wrong token: the 401 is explained, nothing is imported.
    type_into(&mut h, "Access token", "wrong");
    type_into(&mut h, "ARM endpoint", "http://127.0.0.1:9");
    click(&mut h, "Sign in and list subscriptions");
    settle(&mut h);
    let error = h.state().import_error().unwrap_or_default();
    assert!(
        error.contains("401") || error.to_lowercase().contains("auth"),
        "{error}"
    );
    assert!(!error.contains("wrong"), "the token is never shown: {error}");

    type_into(&mut h, "Access token", TOKEN);
    click(&mut h, "Sign in and list subscriptions");
    settle(&mut h);
    assert!(h.query_by_label_contains("Contoso Landing Zone").is_some());
    let state = format!("{:?}", h.state());
    assert!(!state.contains(TOKEN), "the app's Debug output leaves the token out");
    click(&mut h, "Import subscriptions");
    settle(&mut h);
    let design = h.state().design();
    assert_eq!(design.of_kind(Kind::VirtualNetwork).count(), 2);
    assert_eq!(design.of_kind(Kind::VnetPeering).count(), 1);
    assert!(h.state().is_dirty());
    assert!(h.query_by_label("Import finished").is_some());
    // Only reads, always with the token; the token is nowhere in the design.
    let seen = arm.seen.lock().unwrap().clone();
    assert!(seen.iter().any(|(_, p, _)| p.contains(&SUB.to_ascii_lowercase())));
    assert!(seen.iter().all(|(m, _, _)| *m == "GET"), "only reads: {seen:?}");
    assert!(seen.iter().all(|(_, _, a)| a.is_some()), "every call carries the token");
    assert!(!netdraft_core::file::to_toml(h.state().design()).contains(TOKEN));
}

#[test]
fn cancelling_an_import_keeps_the_design_and_goes_back_to_the_pick_list() {
    let arm = Arc::new(FakeArm::default());
    let mut h = with_fake(arm.clone());
    h.state_mut().queue(Action::ImportAzure);
    h.run();
    h.get_by_label("Sign in with").click();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, "Access token").click();
    h.run();
    type_into(&mut h, "Access token", TOKEN);
    type_into(&mut h, "ARM endpoint", "http://127.0.0.1:9");
    click(&mut h, "Sign in and list subscriptions");
    settle(&mut h);
    arm.gate.store(true, Ordering::SeqCst);
    click(&mut h, "Import subscriptions");
    // Wait for the import to reach the server, however slow the machine is
    // (a broken import never gets there, and the run's own time limit ends it).
    while !arm.waiting.load(Ordering::SeqCst) {
        std::thread::yield_now();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    step_until(&mut h, "a progress bar while importing", |h| {
        h.query_by_label("Import progress").is_some()
    });
    click(&mut h, "Cancel import");
    step_until(&mut h, "the cancel taken", |h| {
        h.query_by_label("Cancelling…").is_some()
    });
    arm.gate.store(false, Ordering::SeqCst);
    settle(&mut h);
    assert_eq!(h.state().design().name, "before", "a cancelled import changes nothing");
    assert!(!h.state().is_dirty());
    let error = h.state().import_error().unwrap_or_default();
    assert!(error.contains("cancelled"), "{error}");
    assert!(
        h.query_by_label_contains("Contoso Landing Zone").is_some(),
        "back at the pick list"
    );
}

#[test]
fn an_import_that_waits_on_unsaved_work_is_kept_when_that_prompt_is_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("vnets.json");
    std::fs::write(&file, serde_json::to_string(&vnets()).unwrap()).unwrap();
    let mut h = harness(Design::new("before"), None);
    palette(&mut h, "Virtual network");
    assert!(h.state().is_dirty());
    h.state_mut().queue(Action::ImportJson);
    h.run();
    type_into(&mut h, "JSON file", &file.display().to_string());
    click(&mut h, "Add");
    click(&mut h, "Import files");
    settle(&mut h);
    assert!(h.query_by_label("Unsaved changes").is_some(), "asks before replacing");
    click(&mut h, "Cancel");
    settle(&mut h);
    assert_eq!(h.state().design().name, "before", "the work stays");
    assert!(h.state().is_dirty());
    // The import is not lost: the dialog offers it again.
    click(&mut h, "Open the import");
    settle(&mut h);
    click(&mut h, "Discard changes");
    settle(&mut h);
    assert_eq!(h.state().design().of_kind(Kind::VirtualNetwork).count(), 2);
    assert!(h.query_by_label("Import finished").is_some());
}
