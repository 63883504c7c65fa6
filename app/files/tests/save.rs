//! The save path the designer uses (`save_design_over`, the text kept from
//! the last read) keeps a hand-written file's comments through an edit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use netdraft_core::command::{self, Command};
use netdraft_core::file::comments_in;

const COMMENTED: &str = r#"# Platform team's network. Reviewed in PR 12.
format = 1
name = "commented"

# The region, between tables.
[region.weu]
name = "West Europe"
location = "westeurope" # end of a line

[vnet.hub]
# inside a table, above a key
name = "vnet-hub"
parent = "weu"
address_space = [
  "10.0.0.0/16", # inside an array
]

[subnet.fw]
name = "AzureFirewallSubnet"
parent = "hub"
prefix = "10.0.0.0/26"
# the last line of the file
"#;

#[test]
fn an_edited_design_saved_over_its_file_keeps_every_comment_and_writes_the_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.netdraft.toml");
    std::fs::write(&path, COMMENTED).unwrap();
    let (loaded, base) = netdraft_files::read_design_text(&path).unwrap();
    assert_eq!(base, COMMENTED);

    // Unchanged: the same bytes.
    let saved = netdraft_files::save_design_over(&path, &loaded.design, Some(&base)).unwrap();
    assert_eq!(saved.text, COMMENTED);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), COMMENTED);

    // Edited: a rename and a new address range.
    let mut design = loaded.design;
    command::apply(
        &mut design,
        Command::Rename {
            id: netdraft_core::Id::new("hub").unwrap(),
            name: "vnet-hub-weu".into(),
        },
    )
    .unwrap();
    let mut vnet = design.get("hub").unwrap().clone();
    if let netdraft_core::model::Spec::VirtualNetwork(v) = &mut vnet.spec {
        v.address_space.push("10.1.0.0/16".parse().unwrap());
    }
    command::apply(&mut design, Command::Update(vnet)).unwrap();
    let saved = netdraft_files::save_design_over(&path, &design, Some(&base)).unwrap();
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert_eq!(saved.text, on_disk);
    for comment in comments_in(COMMENTED) {
        assert!(on_disk.contains(&comment), "lost {comment:?}:\n{on_disk}");
    }
    assert!(on_disk.contains("name = \"vnet-hub-weu\""), "{on_disk}");
    assert!(on_disk.contains("\"10.1.0.0/16\""), "{on_disk}");
    let again = netdraft_files::read_design(&path).unwrap().design;
    assert_eq!(again, design);

    // A new file has no text to keep: canonical form.
    let fresh = dir.path().join("new.netdraft.toml");
    let saved = netdraft_files::save_design_over(&fresh, &design, None).unwrap();
    assert_eq!(saved.text, netdraft_core::file::to_toml(&design));
}

#[test]
fn deleting_a_resource_reports_the_comments_that_went_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.netdraft.toml");
    std::fs::write(&path, COMMENTED).unwrap();
    let (loaded, base) = netdraft_files::read_design_text(&path).unwrap();
    let mut design = loaded.design;
    command::apply(
        &mut design,
        Command::Delete(vec![netdraft_core::Id::new("fw").unwrap()]),
    )
    .unwrap();
    let saved = netdraft_files::save_design_over(&path, &design, Some(&base)).unwrap();
    assert!(!saved.text.contains("[subnet.fw]"));
    // The comment after the subnet's last key sat in that table; every other one stays.
    for comment in comments_in(COMMENTED) {
        assert!(
            saved.text.contains(&comment) || saved.dropped.contains(&comment),
            "{comment:?} vanished without a word"
        );
    }
    assert!(saved.text.starts_with("# Platform team's network."));
}
