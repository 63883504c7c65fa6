//! The picture as the one file an export writes: its name and bytes, for
//! the command line's and the designer's exports.

use netdraft_core::Design;
use netdraft_core::plan::Plan;
use netdraft_core::route::Path;

use super::{PngSize, png_flow, svg, svg_flow};
use crate::{ExportError, Finding};

/// The picture formats, each written as one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Picture {
    Svg,
    Png,
}

impl Picture {
    /// The file the picture is written to.
    pub fn file_name(self) -> &'static str {
        match self {
            Picture::Svg => "design.svg",
            Picture::Png => "design.png",
        }
    }

    /// Its name on the command line and in an export directory's manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Picture::Svg => "svg",
            Picture::Png => "png",
        }
    }
}

/// The design's picture as its one output file (name, contents): what the
/// command line's and the designer's exports write.
pub fn picture_file(
    picture: Picture,
    design: &Design,
    plan: &Plan,
    findings: &[Finding],
) -> Result<(String, Vec<u8>), ExportError> {
    picture_file_sized(picture, design, plan, findings, PngSize::default())
}

/// [`picture_file`] with the PNG drawn at `size` (the SVG has no pixel size).
pub fn picture_file_sized(
    picture: Picture,
    design: &Design,
    plan: &Plan,
    findings: &[Finding],
    size: PngSize,
) -> Result<(String, Vec<u8>), ExportError> {
    picture_file_flow(picture, design, plan, findings, size, None)
}

/// [`picture_file_sized`] with a traffic flow drawn on the picture: the
/// resources it passes numbered in order, its translations and where it
/// stops marked, its hops listed under the design.
pub fn picture_file_flow(
    picture: Picture,
    design: &Design,
    plan: &Plan,
    findings: &[Finding],
    size: PngSize,
    flow: Option<&Path>,
) -> Result<(String, Vec<u8>), ExportError> {
    let bytes = match (picture, flow) {
        (Picture::Svg, None) => svg(design, plan, findings).into_bytes(),
        (Picture::Svg, Some(flow)) => svg_flow(design, plan, findings, flow).into_bytes(),
        (Picture::Png, flow) => png_flow(design, plan, findings, size, flow)?,
    };
    Ok((picture.file_name().to_owned(), bytes))
}
