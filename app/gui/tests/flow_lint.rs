//! The flow lint pass runs on the worker, not in the frame after an edit: its
//! findings reach the Problems panel and the badges when it is back, and the
//! previous revision's stand in until then, so nothing blinks while editing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{harness, has_finding, wait_for_work};
use netdraft_core::command::Command;
use netdraft_core::model::FirewallPolicy;
use netdraft_core::{Design, Spec};

/// The starter hub-spoke design with its firewall policy no longer allowing
/// the cluster's egress: the flow pass reports ND144 (egress blocked).
fn blocked() -> Design {
    let text = netdraft_core::templates::find("aks-baseline-hub-spoke").unwrap().text;
    let text = text.replacen("aks_egress_for = [\"cluster\"]\n", "", 1);
    netdraft_core::file::parse(&text, "blocked").unwrap().design
}

fn codes(app: &netdraft_gui::NetdraftApp) -> Vec<String> {
    let mut v: Vec<String> = app.problems().iter().filter_map(|p| p.code.clone()).collect();
    v.sort();
    v
}

#[test]
fn flow_findings_arrive_from_the_worker_and_stand_in_until_the_next_pass_is_back() {
    let design = blocked();
    let plan = netdraft_core::plan::plan(&design);
    let mut expected: Vec<String> = netdraft_core::lint::lint_all(&design, &plan)
        .iter()
        .map(|f| f.rule.to_owned())
        .collect();
    expected.sort();
    assert!(expected.iter().any(|c| c == "ND144"), "{expected:?}");

    let mut h = harness(design, None);
    wait_for_work(&mut h);
    assert_eq!(codes(h.state()), expected, "both passes, as `netdraft check` has them");

    // An edit that does not touch egress: the flow finding is shown in every
    // frame, carried over while the new pass runs.
    let (id, renamed) = {
        let app = h.state();
        let (r, _) = app.design().all::<FirewallPolicy>().next().unwrap();
        (r.id.clone(), format!("{}-2", r.meta.name))
    };
    h.state_mut().edit(Command::Rename {
        id: id.clone(),
        name: renamed,
    });
    for _ in 0..3 {
        h.step();
        assert!(has_finding(h.state(), "ND144"), "carried over while the pass runs");
    }
    wait_for_work(&mut h);
    assert!(has_finding(h.state(), "ND144"));

    // The fix: the policy allows the cluster's egress again; once the pass is
    // back the finding is gone, and the problems equal a fresh lint of the design.
    let mut policy = h.state().design().get(id.as_str()).unwrap().clone();
    let Spec::FirewallPolicy(spec) = &mut policy.spec else {
        panic!("a firewall policy")
    };
    let cluster = h
        .state()
        .design()
        .of_kind(netdraft_core::Kind::AksCluster)
        .next()
        .unwrap()
        .id
        .clone();
    spec.aks_egress_for = vec![cluster];
    h.state_mut().edit(Command::Update(policy));
    wait_for_work(&mut h);
    assert!(!has_finding(h.state(), "ND144"), "{:?}", codes(h.state()));
    let design = h.state().design().clone();
    let plan = netdraft_core::plan::plan(&design);
    let mut fresh: Vec<String> = netdraft_core::lint::lint_all(&design, &plan)
        .iter()
        .map(|f| f.rule.to_owned())
        .collect();
    fresh.sort();
    assert_eq!(codes(h.state()), fresh);
}
