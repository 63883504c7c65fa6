//! Every output the command line and the designer offer, in one list: its
//! name on the command line (and in an export directory's manifest), its
//! label and hint in the designer, and how it is made (templates or a
//! picture drawn from the scene).

use serde::{Deserialize, Serialize};

use crate::Format;
use crate::diagram::Picture;

/// One output of `netdraft export` and of the designer's preview and
/// File > Export. The variant names are what the designer stores in its
/// preferences; the command line spells them with [`ExportKind::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ExportKind {
    /// Terraform for azurerm; the provider major (5 or 4) is the design's
    /// `settings.azurerm`, which `--azurerm` and the designer override.
    Terraform,
    Bicep,
    Helm,
    K8s,
    Markdown,
    /// The canvas picture as SVG.
    Svg,
    /// The canvas picture as PNG.
    Png,
}

/// How an [`ExportKind`] is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Rendered from the templates of a format.
    Templates(Format),
    /// Drawn from the laid-out scene, one file.
    Picture(Picture),
}

impl ExportKind {
    /// Every output, in the order the command line and the designer list them.
    pub const ALL: &'static [ExportKind] = &[
        ExportKind::Terraform,
        ExportKind::Bicep,
        ExportKind::Helm,
        ExportKind::K8s,
        ExportKind::Markdown,
        ExportKind::Svg,
        ExportKind::Png,
    ];

    /// The name on the command line (`--format`), in an export directory's
    /// manifest and, for the templated formats, of the template directory.
    pub fn as_str(self) -> &'static str {
        match self.target() {
            Target::Templates(f) => f.as_str(),
            Target::Picture(p) => p.as_str(),
        }
    }

    /// How the output is made: the one place kinds meet formats and pictures.
    pub fn target(self) -> Target {
        match self {
            ExportKind::Terraform => Target::Templates(Format::Terraform),
            ExportKind::Bicep => Target::Templates(Format::Bicep),
            ExportKind::Helm => Target::Templates(Format::Helm),
            ExportKind::K8s => Target::Templates(Format::K8s),
            ExportKind::Markdown => Target::Templates(Format::Markdown),
            ExportKind::Svg => Target::Picture(Picture::Svg),
            ExportKind::Png => Target::Picture(Picture::Png),
        }
    }

    /// The template format, for the templated outputs.
    pub fn format(self) -> Option<Format> {
        match self.target() {
            Target::Templates(f) => Some(f),
            Target::Picture(_) => None,
        }
    }

    /// The picture, for the drawn outputs.
    pub fn picture(self) -> Option<Picture> {
        match self.target() {
            Target::Picture(p) => Some(p),
            Target::Templates(_) => None,
        }
    }

    /// Whether the output is a picture (one file, drawn, not templated).
    pub fn is_picture(self) -> bool {
        self.picture().is_some()
    }

    /// The file a picture is written to; `None` for the templated outputs,
    /// which write a file per template.
    pub fn file_name(self) -> Option<&'static str> {
        self.picture().map(Picture::file_name)
    }

    /// The designer's name for it.
    pub fn label(self) -> &'static str {
        match self {
            ExportKind::Terraform => "Terraform (azurerm)",
            ExportKind::Bicep => "Bicep",
            ExportKind::Helm => "Helm values",
            ExportKind::K8s => "Kubernetes manifests",
            ExportKind::Markdown => "Markdown design record",
            ExportKind::Svg => "Picture (SVG)",
            ExportKind::Png => "Picture (PNG)",
        }
    }

    /// The designer's one-line description of it.
    pub fn hint(self) -> &'static str {
        match self {
            ExportKind::Terraform => "Terraform for the azurerm provider, 5.x or 4.x (pick it under Provider)",
            ExportKind::Bicep => "A Bicep deployment for one resource group",
            ExportKind::Helm => "Helm values per AKS cluster",
            ExportKind::K8s => "Kubernetes manifests per AKS cluster",
            ExportKind::Markdown => "A design record with the IP plan and the findings",
            ExportKind::Svg => "The canvas as a picture: icons, connections, plan meters and finding badges, as SVG",
            ExportKind::Png => "The same picture as a PNG, 2 pixels per canvas unit (less for very large designs)",
        }
    }
}

impl From<Format> for ExportKind {
    fn from(format: Format) -> ExportKind {
        match format {
            Format::Terraform => ExportKind::Terraform,
            Format::Bicep => ExportKind::Bicep,
            Format::Helm => ExportKind::Helm,
            Format::K8s => ExportKind::K8s,
            Format::Markdown => ExportKind::Markdown,
        }
    }
}

impl From<Picture> for ExportKind {
    fn from(picture: Picture) -> ExportKind {
        match picture {
            Picture::Svg => ExportKind::Svg,
            Picture::Png => ExportKind::Png,
        }
    }
}

impl std::fmt::Display for ExportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ExportKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ExportKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = ExportKind::ALL.iter().map(|k| k.as_str()).collect();
                format!("`{s}` is not an export format; use one of: {}", all.join(", "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_and_picture_is_one_kind_and_back() {
        for &f in Format::ALL {
            assert_eq!(ExportKind::from(f).format(), Some(f), "{f:?}");
        }
        for p in [Picture::Svg, Picture::Png] {
            assert_eq!(ExportKind::from(p).picture(), Some(p), "{p:?}");
            assert_eq!(ExportKind::from(p).file_name(), Some(p.file_name()));
        }
        let templated = ExportKind::ALL.iter().filter(|k| !k.is_picture()).count();
        assert_eq!(templated, Format::ALL.len());
    }

    #[test]
    fn names_are_unique_and_parse_back() {
        for &k in ExportKind::ALL {
            assert_eq!(k.as_str().parse::<ExportKind>(), Ok(k));
            assert_eq!(ExportKind::ALL.iter().filter(|o| o.as_str() == k.as_str()).count(), 1);
            assert_eq!(ExportKind::ALL.iter().filter(|o| o.label() == k.label()).count(), 1);
        }
        assert!("tf".parse::<ExportKind>().is_err());
    }
}
