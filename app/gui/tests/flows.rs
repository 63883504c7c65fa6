//! Traffic flows in the designer: picking a standard flow or two ends marks
//! the path's hops on the canvas, in order, with where it stops; workshop
//! mode steps through the hops.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{harness, type_into, wait_for_work};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use netdraft_core::route::{self, Net, Verdict};
use netdraft_core::{Design, Kind};
use netdraft_gui::NetdraftApp;
use netdraft_gui::traffic::FlowChoice;

/// The starter template's standard flows as the route engine lists them: (id, verdict).
fn standard(design: &Design) -> Vec<(String, Verdict)> {
    let plan = netdraft_core::plan::plan(design);
    let net = Net::build(design, &plan);
    route::standard_flows(&net)
        .iter()
        .flat_map(|c| {
            route::flow_ids(c)
                .into_iter()
                .zip(c.flows.iter().map(|f| f.path.verdict))
        })
        .collect()
}

fn open_flows_tab(h: &mut Harness<'_, NetdraftApp>) {
    h.get_by_label("Traffic flows").click();
    h.run();
}

fn pick(h: &mut Harness<'_, NetdraftApp>, id: &str) {
    h.get_by_label(&format!("Flow {id}")).scroll_to_me();
    h.run();
    h.get_by_label(&format!("Flow {id}")).click();
    h.run();
}

#[test]
fn picking_a_standard_flow_numbers_its_hops_on_the_canvas() {
    let design = netdraft_gui::initial_design(None).unwrap();
    let flows = standard(&design);
    let cluster = design.of_kind(Kind::AksCluster).next().unwrap().id.clone();
    let internet = format!("{cluster}/pod-internet");
    assert!(flows.iter().any(|(id, _)| *id == internet), "{flows:?}");
    let mut h = harness(design, None);
    assert!(h.state().flow_hops().is_empty(), "no flow shown at first");
    open_flows_tab(&mut h);
    for (id, _) in &flows {
        assert!(h.query_by_label(&format!("Flow {id}")).is_some(), "{id} is listed");
    }
    pick(&mut h, &internet);
    assert_eq!(h.state().flow_choice(), Some(&FlowChoice::Standard(internet.clone())));
    let hops = h.state().flow_hops();
    assert!(hops.len() >= 2, "{hops:?}");
    assert_eq!(
        hops.iter().map(|h| h.number).collect::<Vec<_>>(),
        (1..=hops.len()).collect::<Vec<_>>(),
        "numbered in order"
    );
    assert_eq!(
        hops[0].resource.as_ref(),
        Some(&cluster),
        "the flow starts at the cluster's pods"
    );
    assert!(hops[0].snat, "overlay pods are NATed to their node");
    assert!(hops.iter().all(|h| !h.stop), "the packet arrives");
    for hop in &hops {
        assert!(
            h.query_by_label(&hop.line()).is_some(),
            "hop listed on screen: {}",
            hop.line()
        );
    }
    // Clicking the chosen flow again clears it.
    pick(&mut h, &internet);
    assert!(h.state().flow_choice().is_none());
    assert!(h.state().flow_hops().is_empty());
}

#[test]
fn a_denied_flow_shows_where_it_stops_and_workshop_mode_steps_through_it() {
    let design = netdraft_gui::initial_design(None).unwrap();
    let (denied, _) = standard(&design)
        .into_iter()
        .find(|(_, v)| *v == Verdict::Denied)
        .expect("the starter template's firewall denies pods → on-premises");
    let firewall = design.of_kind(Kind::Firewall).next().unwrap().id.clone();
    let mut h = harness(design, None);
    open_flows_tab(&mut h);
    pick(&mut h, &denied);
    let hops = h.state().flow_hops();
    let stops: Vec<_> = hops.iter().filter(|h| h.stop).collect();
    assert_eq!(stops.len(), 1, "{hops:?}");
    assert_eq!(stops[0].resource.as_ref(), Some(&firewall), "the firewall denies it");
    assert_eq!(stops[0].number, hops.len(), "nothing after the stop");
    assert!(stops[0].line().ends_with("stops here"));
    assert!(h.query_by_label(&stops[0].line()).is_some(), "the stop is listed");
    assert!(
        h.query_all_by_label_contains("Verdict denied").count() >= 1,
        "the verdict is shown"
    );

    // Workshop mode shows the first hop, then one more per "Next hop".
    h.key_press(Key::F5);
    h.run();
    assert_eq!(h.state().flow_hops().len(), 1);
    assert!(h.query_by_label(&format!("Flow: hop 1 of {}", hops.len())).is_some());
    assert!(
        h.query_by_label(&hops[1].line()).is_none(),
        "the second hop is not shown yet"
    );
    h.get_by_label("Next hop").click();
    h.run();
    assert_eq!(h.state().flow_hops(), hops[..2].to_vec());
    assert!(h.query_by_label(&hops[1].line()).is_some());
    for _ in 0..hops.len() {
        h.get_by_label("Next hop").click();
        h.run();
    }
    assert_eq!(h.state().flow_hops(), hops, "stepping stops at the last hop");
    h.get_by_label("Previous hop").click();
    h.run();
    assert_eq!(h.state().flow_hops().len(), hops.len() - 1);
    assert!(!h.state().is_dirty(), "showing a flow edits nothing");
}

#[test]
fn two_ends_of_ones_own_are_traced_and_a_bad_end_is_explained() {
    let design = netdraft_gui::initial_design(None).unwrap();
    let cluster = design.of_kind(Kind::AksCluster).next().unwrap().name().to_owned();
    let mut h = harness(design, None);
    open_flows_tab(&mut h);
    type_into(&mut h, "Flow from", &cluster);
    type_into(&mut h, "Flow to", "internet");
    type_into(&mut h, "Flow port", "80");
    h.get_by_label("Trace").click();
    h.run();
    assert_eq!(
        h.state().flow_choice(),
        Some(&FlowChoice::Custom {
            from: cluster.clone(),
            to: "internet".to_owned(),
            port: 80
        })
    );
    assert!(!h.state().flow_hops().is_empty());
    type_into(&mut h, "Flow from", "no-such-thing");
    h.get_by_label("Trace").click();
    h.run();
    assert!(h.state().flow_hops().is_empty());
    let error = h.state().flow_error().unwrap().to_owned();
    assert!(error.starts_with("From no-such-thing"), "{error}");
    assert!(h.query_by_label(&error).is_some(), "the reason is on screen");
    h.get_by_label("Clear flow").click();
    h.run();
    assert!(h.state().flow_choice().is_none());
}

/// File > Export (Ctrl+E) of the previewed format into a new directory.
fn export_with_ctrl_e(h: &mut Harness<'_, NetdraftApp>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    wait_for_work(h);
    type_into(h, "Path", &dir.path().display().to_string());
    h.key_press(Key::Enter);
    wait_for_work(h);
    dir
}

#[test]
fn the_picture_export_draws_the_flow_shown() {
    let design = netdraft_gui::initial_design(None).unwrap();
    let (denied, _) = standard(&design)
        .into_iter()
        .find(|(_, v)| *v == Verdict::Denied)
        .unwrap();
    let mut h = harness(design, None);
    h.get_by_label("Export preview").click();
    h.run();
    h.get_by_label("Format").click();
    h.run();
    h.get_by_label("Picture (SVG)").click();
    h.run();
    let plain = export_with_ctrl_e(&mut h);
    let plain = std::fs::read_to_string(plain.path().join("design.svg")).unwrap();
    assert!(!plain.contains(">Traffic flow: "), "no flow shown, none drawn");
    open_flows_tab(&mut h);
    pick(&mut h, &denied);
    let drawn = export_with_ctrl_e(&mut h);
    let drawn = std::fs::read_to_string(drawn.path().join("design.svg")).unwrap();
    assert!(
        drawn.contains(">Traffic flow: pods of aks-baseline-weu"),
        "the flow's hop list"
    );
    assert!(drawn.contains(">stops here</text>"), "where it stops");
    // The SVG preview is drawn again with the flow too.
    h.get_by_label("Export preview").click();
    h.run();
    assert!(h.query_by_label_contains(">stops here</text>").is_some());
}
