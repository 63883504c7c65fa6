//! The Virtual WAN examples of the corpus (`virtual-wan.json`,
//! `firewall-hub.json`, `vpn-gateway-hub.json`), imported on their own with
//! glue for the hubs and the VPN site they name (a module of `corpus.rs`,
//! using its helpers).

use netdraft_core::Id;
use netdraft_core::model::{Firewall, FirewallTier, OnPremises, VirtualWan, VirtualWanSku, VpnGateway};
use netdraft_import::import_json;
use serde_json::json;

use super::{changed, corpus, not_modelled};

#[test]
fn virtual_wan_corpus_values_are_mapped_and_what_the_design_cannot_hold_is_reported() {
    // Not from the corpus: the hubs the firewall and the gateway sit in
    // (in the example's WAN) and the VPN site the gateway connects.
    let rg = "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network";
    let hub = |name: &str, prefix: &str| {
        json!({"id": format!("{rg}/virtualHubs/{name}"), "name": name, "type": "Microsoft.Network/virtualHubs",
               "location": "West US", "properties": {"virtualWan": {"id": format!("{rg}/virtualWANs/wan1")},
                                                       "addressPrefix": prefix, "sku": "Basic"}})
    };
    let glue = json!([
        hub("hub1", "10.0.0.0/24"),
        hub("virtualHub1", "10.30.0.0/24"),
        {"id": format!("{rg}/vpnSites/vpnSite1"), "name": "vpnSite1", "type": "Microsoft.Network/vpnSites",
         "location": "West US", "properties": {"addressSpace": {"addressPrefixes": ["192.168.0.0/16"]},
            "vpnSiteLinks": [{"name": "siteLink1", "id": format!("{rg}/vpnSites/vpnSite1/vpnSiteLinks/siteLink1"),
                              "properties": {"ipAddress": "50.50.50.56"}}]}}
    ]);
    let files: Vec<(String, String)> = ["virtual-wan.json", "firewall-hub.json", "vpn-gateway-hub.json"]
        .iter()
        .map(|f| ((*f).to_owned(), corpus(f)))
        .chain([("glue.json".to_owned(), glue.to_string())])
        .collect();
    let imported = import_json(&files).unwrap();
    let (d, r) = (&imported.design, &imported.report);
    let md = r.to_markdown();
    assert!(r.skipped.is_empty(), "{md}");

    assert_eq!(d.spec::<VirtualWan>("wan1").unwrap().sku, VirtualWanSku::Basic, "{md}");
    assert!(not_modelled(r, "wan1").contains(&"disableVpnEncryption"), "{md}");

    let fw = d.get("azurefirewall").unwrap();
    assert_eq!(fw.parent().map(Id::as_str), Some("hub1"));
    let f = fw.as_spec::<Firewall>().unwrap();
    assert_eq!(
        (f.tier, f.public_ip_count, f.policy.as_ref()),
        (FirewallTier::Standard, 1, None)
    );
    // Its policy is not in the corpus: said, not dropped.
    assert!(changed(r, "azurefirewall", "firewallPolicy").live.ends_with("/policy1"));
    assert!(not_modelled(r, "azurefirewall").contains(&"threatIntelMode"), "{md}");

    let gw = d.get("gateway1").unwrap();
    assert_eq!(gw.parent().map(Id::as_str), Some("virtualhub1"));
    let g = gw.as_spec::<VpnGateway>().unwrap();
    assert_eq!((g.bgp_asn, g.scale_units), (Some(65514), None));
    let unread = not_modelled(r, "gateway1");
    assert!(
        unread.contains(&"natRules") && !unread.iter().any(|p| p.contains("remoteVpnSite")),
        "{md}"
    );

    let site = d.spec::<OnPremises>("vpnsite1").unwrap();
    assert_eq!(site.gateway.as_ref().map(Id::as_str), Some("gateway1"));
    assert_eq!(site.device_address.as_deref(), Some("50.50.50.56"));
}
