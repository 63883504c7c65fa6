//! Tests of the pictures: SVG, PNG and the painter against resvg.
use super::raster::{paint_scene, render};
use super::*;

#[test]
fn numbers_are_short_and_stable() {
    assert_eq!(num(1.0), "1");
    assert_eq!(num(1.256), "1.26");
    assert_eq!(num(-0.001), "0");
    assert_eq!(num(12.5), "12.5");
}

#[test]
fn text_is_escaped() {
    assert_eq!(xml_escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos; ");
}

#[test]
fn long_text_is_cut_to_fit() {
    let s = fit("a-very-long-subnet-name-that-does-not-fit", 13.0, false, 80.0);
    assert!(s.ends_with('…'), "{s}");
    assert!(text_width(&s, 13.0, false) <= 80.0);
    assert_eq!(fit("short", 13.0, false, 80.0), "short");
}

#[test]
fn the_preview_raster_fits_its_bound_and_is_drawn() {
    let design = netdraft_core::templates::find(netdraft_core::templates::DEFAULT)
        .and_then(|t| t.load().ok())
        .map(|l| l.design)
        .expect("starter template");
    let plan = netdraft_core::plan::plan(&design);
    let r = raster(&design, &plan, &[], 800).expect("raster");
    assert!(
        r.width <= 800 && r.height <= 800 && r.width.max(r.height) >= 790,
        "{}x{}",
        r.width,
        r.height
    );
    assert_eq!(r.rgba_premultiplied.len(), (r.width * r.height * 4) as usize);
    // Not a blank page: some pixels are opaque and not all the same.
    let px: Vec<&[u8]> = r.rgba_premultiplied.chunks(4).collect();
    assert!(px.iter().any(|p| p[3] == 255));
    assert!(px.iter().any(|p| *p != px[0]));
}

#[test]
fn the_png_painter_draws_what_resvg_draws_from_the_svg() {
    // The PNG is painted from the scene, not from the SVG text: both must
    // show the same picture, up to anti-aliasing and glyph placement.
    let design = netdraft_core::templates::find("aks-baseline-hub-spoke")
        .and_then(|t| t.load().ok())
        .map(|l| l.design)
        .expect("starter template");
    let plan = netdraft_core::plan::plan(&design);
    let scene = scene(&design, &plan, &[]);
    let scale = 0.75;
    let reference = render(&render_svg(&scene, &design.name), scale).expect("resvg");
    let picture = paint_scene(&scene, view(&scene), scale, None).expect("painter");
    assert_eq!(
        (picture.width(), picture.height()),
        (reference.width(), reference.height())
    );
    let mut painted = Vec::new();
    picture
        .rasterise(2, &|band, out| out.extend_from_slice(band), &mut |band| {
            painted.extend_from_slice(band);
            Ok(())
        })
        .expect("rasterise");
    let (mut total, mut far) = (0u64, 0usize);
    for (a, b) in painted.iter().zip(reference.data()) {
        let d = a.abs_diff(*b);
        total += u64::from(d);
        if d > 64 {
            far += 1;
        }
    }
    let mean = total as f64 / painted.len() as f64;
    assert!(mean < 1.0, "mean difference {mean:.3} per channel");
    assert!(
        far * 500 < painted.len(),
        "{far} of {} channels differ by more than 64",
        painted.len()
    );
}

#[test]
fn translucent_fills_drawn_as_the_opaque_colour_they_make_give_the_same_pixels() {
    // Pre-compositing containers over the colour under them must not change
    // the picture: the same scene painted both ways, pixel by pixel.
    let design = netdraft_core::generate::generate(&netdraft_core::generate::GenerateOptions {
        spokes_per_hub: 4,
        clusters: 4,
        ..netdraft_core::generate::GenerateOptions::default()
    })
    .expect("generated design");
    let plan = netdraft_core::plan::plan(&design);
    let scene = scene(&design, &plan, &[]);
    let (view, scale) = (view(&scene), 0.8);
    let pixels = |precompose: bool| {
        let mut painter = paint::Painter::new(view, scale);
        painter.precompose = precompose;
        draw(&mut painter, &scene, view, None);
        let picture = paint::Picture::new(painter, view, scale).expect("picture");
        let mut out = Vec::new();
        picture
            .rasterise(1, &|band, o| o.extend_from_slice(band), &mut |band| {
                out.extend_from_slice(band);
                Ok(())
            })
            .expect("rasterise");
        out
    };
    let (blended, precomposed) = (pixels(false), pixels(true));
    assert_eq!(blended.len(), precomposed.len());
    let mut histogram = [0_usize; 256];
    for (a, b) in blended.iter().zip(&precomposed) {
        histogram[usize::from(a.abs_diff(*b))] += 1;
    }
    let worst = histogram.iter().rposition(|&n| n > 0).unwrap_or(0);
    // tiny-skia blends in 8 bits and rounds at each of the four or five
    // nested levels, the pre-composited colour is rounded once: they may
    // differ by a few steps of 255 (invisible), never by more.
    assert!(worst <= 4, "a channel differs by {worst}: {:?}", &histogram[..8]);
    // And the picture did change where containers nest: pre-compositing ran.
    assert!(histogram[1..].iter().sum::<usize>() > 0, "nothing was pre-composited");
}

#[test]
fn lines_outlined_as_rectangles_give_the_pixels_of_the_dasher_and_stroker() {
    // Edges (solid and dashed, at every angle the layout makes) drawn as
    // rectangles made by the painter must look as tiny-skia's outlines did.
    let design = netdraft_core::generate::generate(&netdraft_core::generate::GenerateOptions {
        spokes_per_hub: 6,
        clusters: 6,
        ..netdraft_core::generate::GenerateOptions::default()
    })
    .expect("generated design");
    let plan = netdraft_core::plan::plan(&design);
    let scene = scene(&design, &plan, &[]);
    let (view, scale) = (view(&scene), 1.3);
    let pixels = |straight: bool| {
        let mut painter = paint::Painter::new(view, scale);
        painter.straight_lines = straight;
        draw(&mut painter, &scene, view, None);
        let picture = paint::Picture::new(painter, view, scale).expect("picture");
        let mut out = Vec::new();
        picture
            .rasterise(1, &|band, o| o.extend_from_slice(band), &mut |band| {
                out.extend_from_slice(band);
                Ok(())
            })
            .expect("rasterise");
        out
    };
    let (stroked, straight) = (pixels(false), pixels(true));
    assert_eq!(stroked.len(), straight.len());
    let mut histogram = [0_usize; 256];
    for (a, b) in stroked.iter().zip(&straight) {
        histogram[usize::from(a.abs_diff(*b))] += 1;
    }
    let worst = histogram.iter().rposition(|&n| n > 0).unwrap_or(0);
    let changed: usize = histogram[1..].iter().sum();
    // Float rounding moves an edge by a hair: a channel a few steps off at
    // most, on a few pixels.
    assert!(worst <= 2, "a channel differs by {worst}: {:?}", &histogram[..16]);
    assert!(changed * 10_000 < stroked.len(), "{changed} channels differ");
}

#[test]
fn every_kind_has_an_icon() {
    for kind in Kind::ALL {
        assert!(ICONS.iter().any(|(k, _)| *k == kind.key()), "{kind:?}");
    }
}

#[test]
fn the_png_is_one_valid_stream_that_decodes_to_the_painted_pixels() {
    // Bands are filtered and compressed on the drawing threads and joined:
    // the file must decode (chunk CRCs, the zlib stream and its Adler-32
    // checked) to exactly the pixels painted, on one thread or several.
    let design = netdraft_core::generate::generate(&netdraft_core::generate::GenerateOptions {
        spokes_per_hub: 4,
        clusters: 4,
        ..netdraft_core::generate::GenerateOptions::default()
    })
    .expect("generated design");
    let plan = netdraft_core::plan::plan(&design);
    let scene = scene(&design, &plan, &[]);
    let (view, scale) = (view(&scene), 0.8);
    let picture = paint_scene(&scene, view, scale, None).expect("picture");
    assert!(picture.height() > 3 * 64, "several bands: {}", picture.height());
    let mut painted = Vec::new();
    picture
        .rasterise(1, &|band, out| out.extend_from_slice(band), &mut |band| {
            painted.extend_from_slice(band);
            Ok(())
        })
        .expect("rasterise");
    let rgb: Vec<u8> = painted.chunks_exact(4).flat_map(|px| [px[0], px[1], px[2]]).collect();
    let bytes = encode::encode_png(&picture).expect("png");

    let mut reader = png::Decoder::new(std::io::Cursor::new(&bytes))
        .read_info()
        .expect("png header");
    let mut decoded = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut decoded).expect("png image data");
    assert_eq!((info.width, info.height), (picture.width(), picture.height()));
    assert_eq!(
        (info.color_type, info.bit_depth),
        (png::ColorType::Rgb, png::BitDepth::Eight)
    );
    assert!(decoded == rgb, "the decoded pixels differ from the painted ones");

    // The IDAT chunks joined are one zlib stream whose checksum holds.
    let mut idat = Vec::new();
    let mut at = 8;
    while at + 12 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
        if &bytes[at + 4..at + 8] == b"IDAT" {
            idat.extend_from_slice(&bytes[at + 8..at + 8 + len]);
        }
        at += 12 + len;
    }
    assert_eq!(at, bytes.len(), "chunks end where the file does");
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(idat.as_slice()), &mut inflated)
        .expect("a zlib stream with a valid Adler-32");
    let row = 1 + picture.width() as usize * 3;
    assert_eq!(inflated.len(), row * picture.height() as usize);
}
