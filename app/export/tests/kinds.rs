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
        assert!(
            main.contains(&format!("'{resource_type}@")),
            "{kind:?}: the Bicep template writes no `{resource_type}` resource"
        );
    }
}
