//! On-premises networks: a local network gateway is an on-premises network
//! reached over VPN (its address prefixes, device address and BGP ASN), and
//! the site-to-site connection that joins it to a VPN gateway says which
//! gateway. An ExpressRoute connection is an on-premises network reached
//! over the circuit it names; what it advertises comes over BGP and is not
//! in any ARM body, so its ranges start empty and the report says so.
//!
//! Sources: Local Network Gateways and Virtual Network Gateway Connections
//! REST references (Microsoft.Network, `localNetworkAddressSpace.addressPrefixes`,
//! `gatewayIpAddress`, `fqdn`, `bgpSettings.asn`; `connectionType` IPsec or
//! ExpressRoute, `virtualNetworkGateway1`, `localNetworkGateway2`, `peer`).

use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{Kind, OnPremConnection, OnPremises, Spec};

use super::{Mapper, cidr};
use crate::raw::{RawResource, field, last_segment, ref_field, str_field, strings, u32_field};

/// Lower-cased Azure types.
pub(super) const LOCAL_GATEWAY: &str = "microsoft.network/localnetworkgateways";
pub(super) const CONNECTION: &str = "microsoft.network/connections";

impl Mapper<'_> {
    /// An on-premises site's address ranges (`{space}.addressPrefixes`: a
    /// local network gateway's or a VPN site's); one that is no CIDR range
    /// is left out and said.
    pub(super) fn site_ranges(&mut self, r: &RawResource, space: &str) -> Vec<netdraft_core::net::Cidr> {
        let prefixes = field(&r.body, space)
            .map(|s| strings(s, "addressPrefixes"))
            .unwrap_or_default();
        let mut ranges = Vec::new();
        for p in &prefixes {
            match cidr(p) {
                Some(c) => ranges.push(c),
                None => self.changed(
                    r,
                    &format!("{space}.addressPrefixes"),
                    format!("`{p}`"),
                    "left out (not a CIDR range)",
                ),
            }
        }
        ranges
    }

    /// Local network gateways and the connections that join them (after the
    /// VPN and ExpressRoute gateways, before anything that routes to them).
    pub(super) fn on_premises(&mut self) {
        let inv = self.inv;
        let connections: Vec<&RawResource> = inv.of_type(CONNECTION).collect();
        for r in inv.of_type(LOCAL_GATEWAY) {
            let ranges = self.site_ranges(r, "localNetworkAddressSpace");
            let joined: Vec<&RawResource> = connections
                .iter()
                .copied()
                .filter(|c| ref_field(&c.body, "localNetworkGateway2").is_some_and(|id| id.eq_ignore_ascii_case(&r.id)))
                .collect();
            let gateway = joined
                .iter()
                .find_map(|c| self.resolve(ref_field(&c.body, "virtualNetworkGateway1"), &[Kind::VpnGateway]));
            let ip = str_field(&r.body, "gatewayIpAddress");
            let ip = match ip {
                Some(text) if text.parse::<IpAddr>().is_err() => {
                    self.changed(
                        r,
                        "gatewayIpAddress",
                        format!("`{text}`"),
                        "left out (not an IP address)",
                    );
                    None
                }
                other => other,
            };
            let spec = OnPremises {
                address_ranges: ranges,
                connection: OnPremConnection::Vpn,
                gateway: gateway.clone(),
                device_address: ip.or_else(|| str_field(&r.body, "fqdn")).map(str::to_owned),
                bgp_asn: field(&r.body, "bgpSettings").and_then(|b| u32_field(b, "asn")),
            };
            let id = self.add(Some(r), &r.name, &r.name, None, Spec::OnPremises(spec));
            // A site beside its gateway belongs with it (where the export puts it).
            let gateway_arm = joined.iter().find_map(|c| ref_field(&c.body, "virtualNetworkGateway1"));
            if gateway.is_some()
                && gateway_arm.is_some_and(|g| same_group(&g, &r.id))
                && let Some(res) = self.design.get_mut(id.as_str())
            {
                res.meta.resource_group = None;
            }
            for c in joined {
                self.connection_read(c, &id, gateway.is_some());
            }
        }
        for c in connections {
            if self.consumed.contains(&c.key()) {
                continue;
            }
            let kind = str_field(&c.body, "connectionType").unwrap_or_default();
            if kind.eq_ignore_ascii_case("ExpressRoute") {
                self.express_route(c);
            } else if ref_field(&c.body, "localNetworkGateway2").is_some() {
                self.skip(c, "its local network gateway is not in the import");
            } else {
                self.skip(
                    c,
                    format!("a `{kind}` connection (VNet-to-VNet or VPN client) is not modelled; netdraft models site-to-site and ExpressRoute connections"),
                );
            }
        }
    }

    /// An ExpressRoute connection: an on-premises network behind the circuit.
    fn express_route(&mut self, c: &RawResource) {
        let Some(gateway) = self.resolve(
            ref_field(&c.body, "virtualNetworkGateway1"),
            &[Kind::ExpressRouteGateway],
        ) else {
            self.skip(c, "its ExpressRoute gateway is not in the import");
            return;
        };
        let circuit = ref_field(&c.body, "peer").map(|p| last_segment(&p).to_owned());
        let name = circuit.clone().unwrap_or_else(|| c.name.clone());
        let spec = OnPremises {
            address_ranges: Vec::new(),
            connection: OnPremConnection::ExpressRoute,
            gateway: Some(gateway),
            device_address: None,
            bgp_asn: None,
        };
        let id = self.add(Some(c), &name, &name, None, Spec::OnPremises(spec));
        // The connection lives beside its gateway: the site follows the gateway.
        if ref_field(&c.body, "virtualNetworkGateway1").is_some_and(|g| same_group(&g, &c.id))
            && let Some(res) = self.design.get_mut(id.as_str())
        {
            res.meta.resource_group = None;
        }
        self.report.note(format!(
            "On-premises network `{id}` stands for ExpressRoute connection {} (circuit {}): the ranges it advertises come over BGP and are in no ARM body, so it has none yet; add them to plan and lint against them.",
            c.id,
            circuit.as_deref().unwrap_or("not named"),
        ));
    }

    /// A site-to-site connection read into its on-premises network.
    fn connection_read(&mut self, c: &RawResource, on_prem: &Id, gateway_found: bool) {
        if gateway_found {
            self.ids.insert(c.key(), on_prem.clone());
            self.consumed.insert(c.key());
            // Listed as imported into the on-premises network it joins.
            self.report.imported.push(crate::report::Imported {
                kind: Kind::OnPremises,
                id: on_prem.clone(),
                name: c.name.clone(),
                source: c.id.clone(),
            });
        } else {
            self.skip(
                c,
                format!("its VPN gateway is not in the import, so on-premises network `{on_prem}` has no gateway"),
            );
        }
    }
}

/// Whether two ARM ids are in one resource group of one subscription.
pub(super) fn same_group(a: &str, b: &str) -> bool {
    let group = |id: &str| {
        let lower = id.to_ascii_lowercase();
        lower.split("/providers/").next().map(str::to_owned)
    };
    group(a).is_some() && group(a) == group(b)
}
