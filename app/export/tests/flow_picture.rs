//! One traffic flow drawn on the picture (`netdraft export --flow`): numbered
//! markers on the resources it passes, the stop marked, the hops listed
//! under the design; the SVG and the PNG draw the same.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_sign_loss)]

use netdraft_core::route::{self, Net, Path, Verdict};
use netdraft_core::{Design, plan, templates};
use netdraft_export::{diagram, lint_findings};

fn baseline() -> Design {
    templates::find("aks-baseline-hub-spoke")
        .unwrap()
        .load()
        .unwrap()
        .design
}

fn flow(design: &Design, which: &str) -> Path {
    let p = plan::plan(design);
    route::pick(&Net::build(design, &p), which).unwrap()
}

/// The viewBox height of an SVG document.
fn view_height(svg: &str) -> f32 {
    let view = svg.split("viewBox=\"").nth(1).unwrap().split('"').next().unwrap();
    view.split(' ').nth(3).unwrap().parse().unwrap()
}

/// The text of every `<text>` element, in order.
fn texts(svg: &str) -> Vec<&str> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split_once("</text>"))
                .map(|(t, _)| t)
        })
        .collect()
}

#[test]
fn a_denied_flow_is_numbered_hop_by_hop_and_its_stop_is_marked() {
    let design = baseline();
    let p = plan::plan(&design);
    let findings = lint_findings(&design, &p);
    let path = flow(&design, "cluster/pod-on-premises");
    assert_eq!(path.verdict, Verdict::Denied);
    let plain = diagram::svg(&design, &p, &findings);
    let drawn = diagram::svg_flow(&design, &p, &findings, &path);
    assert!(drawn.len() > plain.len());
    let new: Vec<&str> = texts(&drawn).into_iter().skip(texts(&plain).len()).collect();
    // One numbered marker per hop on a resource, in order, then the tags and the hop list.
    let numbers: Vec<&str> = new.iter().copied().filter(|t| t.parse::<usize>().is_ok()).collect();
    assert_eq!(numbers, ["1", "2", "3"], "{new:?}");
    assert!(new.contains(&"SNAT"), "the pods' translation to their node: {new:?}");
    assert!(new.contains(&"stops here"), "{new:?}");
    assert!(
        new.iter()
            .any(|t| t.starts_with("Traffic flow: pods of aks-baseline-weu")),
        "{new:?}"
    );
    assert!(new.iter().any(|t| t.starts_with("Verdict: denied")), "{new:?}");
    assert!(new.iter().any(|t| t.starts_with("3. firewall afw-hub-weu")), "{new:?}");
    // The hop list gets its own room under the design: title, verdict, three hops.
    let added = view_height(&drawn) - view_height(&plain);
    assert!((added - (5.0 * 17.0 + 16.0 + 24.0)).abs() < 0.01, "{added}");
    // The stop is outlined in red (the palette's refused colour).
    assert!(drawn.contains("stroke=\"#d22828\""));
    diagram::rasterise(&drawn, 0.25).unwrap();
}

#[test]
fn two_ends_are_drawn_too_and_the_png_shows_the_same_flow() {
    let design = baseline();
    let p = plan::plan(&design);
    let path = flow(&design, "cluster -> internet");
    assert!(!path.hops.is_empty());
    assert!(route::pick(&Net::build(&design, &p), "nowhere -> internet").is_err());
    let size = diagram::PngSize {
        scale: 0.5,
        ..diagram::PngSize::default()
    };
    let plain = diagram::png_flow(&design, &p, &[], size, None).unwrap();
    let drawn = diagram::png_flow(&design, &p, &[], size, Some(&path)).unwrap();
    let height = |png: &[u8]| u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    let width = |png: &[u8]| u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert_eq!(width(&drawn), width(&plain));
    let legend = (path.hops.len() + 2) as f32 * 17.0 + 16.0 + 24.0;
    let want = height(&plain) + (legend * 0.5).round() as u32;
    assert!(height(&drawn).abs_diff(want) <= 1, "{} vs {want}", height(&drawn));
    assert_ne!(plain, drawn);
    let (name, bytes) = diagram::picture_file_flow(diagram::Picture::Png, &design, &p, &[], size, Some(&path)).unwrap();
    assert_eq!((name.as_str(), bytes), ("design.png", drawn));
}
