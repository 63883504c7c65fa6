//! Starter templates: complete example designs compiled into the binary.
//!
//! Each template lives in `assets/templates/<name>.toml` as canonical design
//! text (exactly what `netdraft` would save), so a template loads, saves and
//! reloads byte-identically. The tests below hold every template to that.

use crate::file::{self, LoadError, Loaded};

/// One starter template.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// Short name used on the command line (`netdraft new --template NAME`).
    pub name: &'static str,
    /// One line shown by `netdraft templates` and in the gallery.
    pub summary: &'static str,
    /// The design text.
    pub text: &'static str,
}

impl Template {
    /// Loads the template as a design.
    pub fn load(&self) -> Result<Loaded, LoadError> {
        file::parse(self.text, &format!("template:{}", self.name))
    }
}

macro_rules! templates {
    ($($name:literal => $summary:literal),* $(,)?) => {
        /// Every starter template, in gallery order.
        pub const ALL: &[Template] = &[
            $(Template {
                name: $name,
                summary: $summary,
                text: include_str!(concat!("../../../assets/templates/", $name, ".toml")),
            }),*
        ];
    };
}

templates! {
    "aks-baseline-hub-spoke" => "AKS baseline: hub with firewall egress over UDR, VPN and Bastion; private overlay cluster, WAF, private endpoints and DNS",
    "agic-cert-manager" => "AKS on Azure CNI behind Application Gateway WAF with the AGIC add-on, cert-manager and Traffic Manager",
    "kubenet-vs-overlay" => "The same workload on kubenet with Calico and on CNI Overlay with Cilium, side by side",
    "apim-internal-lb" => "API Management (Developer, internal VNet mode) in front of AKS through an internal load balancer",
    "agc-gateway-api" => "Application Gateway for Containers with Gateway API, HTTPRoute and backend TLS on an overlay cluster",
    "two-region-front-door" => "Two regions behind Front Door Premium with WAF, reaching AKS over Private Link; NAT gateway egress",
    "virtual-wan-secured-hub" => "Standard Virtual WAN: a secured hub with Azure Firewall, routing intent and a VPN gateway; spokes connected, one with AKS",
}

/// Finds a template by name.
pub fn find(name: &str) -> Option<&'static Template> {
    ALL.iter().find(|t| t.name == name)
}

/// The template the app opens when started with no file.
pub const DEFAULT: &str = "aks-baseline-hub-spoke";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_loads_without_warnings_and_round_trips_byte_identically() {
        for t in ALL {
            let loaded = t
                .load()
                .unwrap_or_else(|e| panic!("template {} does not load:\n{e}", t.name));
            assert!(
                loaded.warnings.is_empty(),
                "template {} has warnings: {:?}",
                t.name,
                loaded.warnings
            );
            let saved = file::to_toml(&loaded.design);
            assert_eq!(saved, t.text, "template {} is not in canonical form", t.name);
            let again = file::parse(&saved, t.name).expect("reload");
            assert_eq!(again.design, loaded.design);
            // Saving over the canonical text (the designer's save, `netdraft fmt`) changes nothing.
            assert_eq!(file::update(t.text, &loaded.design).unwrap().text, t.text, "{}", t.name);
            assert_eq!(file::tidy(t.text, &loaded.design).unwrap().text, t.text, "{}", t.name);
        }
    }

    #[test]
    fn template_names_are_unique_and_summaries_are_one_line() {
        let mut names: Vec<_> = ALL.iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        for t in ALL {
            assert!(!t.summary.contains('\n') && !t.summary.is_empty(), "{}", t.name);
            assert!(
                t.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
        }
    }
}
