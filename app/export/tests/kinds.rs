//! The exports and the `kinds!` table name the same ARM types.

use netdraft_core::Kind;

/// Every kind with an ARM type of its own is deployed by the Bicep export
/// under that type (resource groups are where a deployment goes, not a
/// resource of it), so a new kind's table entry and its template agree.
#[test]
fn every_kind_with_an_arm_type_is_written_by_the_bicep_export() {
    // `main.bicep.j2` and the parts it includes.
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../export-templates/bicep");
    let mut main = String::new();
    for entry in std::fs::read_dir(folder).expect("the Bicep templates") {
        let path = entry.expect("an entry").path();
        if path.to_string_lossy().ends_with(".bicep.j2") {
            main.push_str(&std::fs::read_to_string(&path).expect("a template"));
        }
    }
    for kind in Kind::ALL {
        let Some((resource_type, _)) = kind.azure().resource() else {
            continue;
        };
        if *kind == Kind::ResourceGroup {
            continue;
        }
        // At the api-version the table gives the type: its own kind's, or that of another kind of
        // the same type (VPN and ExpressRoute gateways are both `virtualNetworkGateways`).
        let written = Kind::ALL
            .iter()
            .filter(|k| k.azure().resource().is_some_and(|(t, _)| t == resource_type))
            .any(|k| main.contains(&format!("'{resource_type}@{{{{ m.api.{} }}}}'", k.key())));
        assert!(
            written,
            "{kind:?}: the Bicep templates write no `{resource_type}` resource at `m.api.{}`",
            kind.key()
        );
    }
    // No other api-version is written for a kind's type.
    for line in main.lines() {
        for kind in Kind::ALL {
            let Some((resource_type, _)) = kind.azure().resource() else {
                continue;
            };
            if let Some(at) = line.find(&format!("'{resource_type}@")) {
                assert!(
                    line[at..].starts_with(&format!("'{resource_type}@{{{{ m.api.")),
                    "a Bicep template writes `{resource_type}` at a version of its own: {line}"
                );
            }
        }
    }
}
