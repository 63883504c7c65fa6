//! SVG and PNG pictures: an SVG golden file per starter template (regenerate
//! with `UPDATE_GOLDEN=1`), well-formed XML, and PNGs that decode to the
//! expected size and are not blank.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_sign_loss)]

use std::path::{Path, PathBuf};

use netdraft_core::templates;
use netdraft_core::{Design, plan};
use netdraft_export::{diagram, lint_findings};

fn load(template: &str) -> Design {
    templates::find(template).unwrap().load().unwrap().design
}

fn svg_of(design: &Design) -> String {
    let p = plan::plan(design);
    diagram::svg(design, &p, &lint_findings(design, &p))
}

fn golden(template: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(template)
        .join("svg/design.svg")
}

#[test]
fn svg_matches_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for t in templates::ALL {
        let svg = svg_of(&load(t.name));
        let path = golden(t.name);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &svg).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(g) if g == svg => {}
            Ok(_) => failures.push(format!("{}: svg differs from its golden file", t.name)),
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(regenerate with UPDATE_GOLDEN=1 if the change is intended)",
        failures.join("\n")
    );
}

#[test]
fn svg_is_deterministic_and_well_formed() {
    for t in templates::ALL {
        let design = load(t.name);
        let a = svg_of(&design);
        assert_eq!(a, svg_of(&design), "{}", t.name);
        // resvg's parser rejects malformed XML and unresolved references.
        diagram::rasterise(&a, 0.25).unwrap_or_else(|e| panic!("{}: {e}", t.name));
        assert!(a.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    }
}

#[test]
fn names_are_escaped_in_svg() {
    let mut design = load("aks-baseline-hub-spoke");
    design.name = "Tom & Jerry's <network>".to_owned();
    let svg = svg_of(&design);
    assert!(
        svg.contains("<title>Tom &amp; Jerry&apos;s &lt;network&gt;</title>"),
        "{svg}"
    );
    diagram::rasterise(&svg, 0.25).unwrap();
}

/// Width, height and RGBA pixels of a PNG.
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    // The picture is opaque (its background covers it), so it is written as RGB.
    assert_eq!(info.color_type, png::ColorType::Rgb);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    let rgba = buf.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    (info.width, info.height, rgba)
}

#[test]
fn png_decodes_at_the_expected_size_and_is_not_blank() {
    // Rasterising is slow in debug builds: the largest starter design stands for all.
    for t in templates::ALL.iter().filter(|t| t.name == "aks-baseline-hub-spoke") {
        let design = load(t.name);
        let p = plan::plan(&design);
        let findings = lint_findings(&design, &p);
        let bytes = diagram::png(&design, &p, &findings).unwrap();
        let (w, h, pixels) = decode(&bytes);
        let scene = diagram::scene(&design, &p, &findings);
        let (w0, h0) = (scene.bounds.w + 48.0, scene.bounds.h + 48.0);
        let scale = diagram::PNG_SCALE.min(diagram::PNG_MAX_SIDE / w0.max(h0));
        let want_w = (w0 * scale).round() as u32;
        let want_h = (h0 * scale).round() as u32;
        assert!(
            w.abs_diff(want_w) <= 1 && h.abs_diff(want_h) <= 1,
            "{}: {w}×{h}, want {want_w}×{want_h}",
            t.name
        );
        // Not blank: many distinct colours, a good share of pixels off the background.
        let background = [246u8, 247, 249, 255];
        let mut distinct = std::collections::BTreeSet::new();
        let mut off = 0usize;
        for px in pixels.chunks_exact(4) {
            distinct.insert([px[0], px[1], px[2]]);
            if px != background {
                off += 1;
            }
        }
        let total = (w * h) as usize;
        assert!(distinct.len() > 50, "{}: only {} colours", t.name, distinct.len());
        assert!(off * 10 > total, "{}: only {off} of {total} pixels drawn", t.name);
        // Dark text pixels exist: labels were rasterised with the embedded font.
        let dark = pixels
            .chunks_exact(4)
            .filter(|p| p[0] < 80 && p[1] < 80 && p[2] < 90)
            .count();
        assert!(dark > 500, "{}: {dark} dark pixels, is the text missing?", t.name);
        if let Some(dir) = std::env::var_os("NETDRAFT_PNG_DIR") {
            std::fs::write(Path::new(&dir).join(format!("{}.png", t.name)), &bytes).unwrap();
        }
    }
}
