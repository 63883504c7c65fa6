//! VNet peerings, existing VNets for peers outside the import, and hub and
//! spoke detection.

use std::collections::{BTreeMap, BTreeSet};

use netdraft_core::Id;
use netdraft_core::model::{Kind, PeeringState, Resource, Spec, VirtualNetwork, VnetPeering, VnetRole};
use netdraft_core::net::Cidr;
use serde_json::Value;

use super::{Mapper, PEERING, VNET, cidr};
use crate::raw::{RawResource, bool_field, field, last_segment, parent_id, ref_field, str_field, strings};

impl Mapper<'_> {
    pub(super) fn vnet_has_hub_parts(&self, vnet: &Id) -> bool {
        self.design.resources().any(|r| {
            matches!(r.kind(), Kind::Firewall | Kind::VpnGateway | Kind::ExpressRouteGateway)
                && self
                    .design
                    .enclosing(r.id.as_str(), Kind::VirtualNetwork)
                    .is_some_and(|v| v.id == *vnet)
        })
    }

    /// Peerings (one design peering per pair of VNets), existing VNets for
    /// peers outside the import, then hub detection.
    #[allow(clippy::too_many_lines)]
    pub(super) fn peerings_and_roles(&mut self) {
        struct Side {
            local: Id,
            remote: Id,
            forwarded: bool,
            transit: bool,
            remote_gw: bool,
            name: String,
            state: PeeringState,
            access: bool,
        }
        let mut pairs: BTreeMap<(Id, Id), Vec<Side>> = BTreeMap::new();
        let mut read: BTreeMap<(Id, Id), Vec<&RawResource>> = BTreeMap::new();
        for p in self.inv.of_type(PEERING) {
            self.consumed.insert(p.key());
            let Some(local) = parent_id(&p.id).and_then(|v| self.resolve(Some(v.to_owned()), &[Kind::VirtualNetwork]))
            else {
                self.report.skip(&p.id, &p.kind, "its VNet is not in the design");
                continue;
            };
            let Some(remote_arm) = ref_field(&p.body, "remoteVirtualNetwork") else {
                self.report.skip(&p.id, &p.kind, "no remoteVirtualNetwork");
                continue;
            };
            let remote = if let Some(id) = self.resolve(Some(remote_arm.clone()), &[Kind::VirtualNetwork]) {
                id
            } else {
                {
                    let space: Vec<Cidr> = field(&p.body, "remoteAddressSpace")
                        .or_else(|| field(&p.body, "remoteVirtualNetworkAddressSpace"))
                        .map(|a| strings(a, "addressPrefixes"))
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|c| cidr(c))
                        .collect();
                    if space.is_empty() {
                        self.report.skip(
                            &p.id,
                            &p.kind,
                            format!(
                                "its remote VNet {remote_arm} is outside the import and its address space is not given"
                            ),
                        );
                        continue;
                    }
                    let name = last_segment(&remote_arm).to_owned();
                    let fake = RawResource {
                        id: remote_arm.clone(),
                        kind: VNET.to_owned(),
                        name: name.clone(),
                        origin: String::new(),
                        body: Value::Null,
                    };
                    let id = self.add(
                        Some(&fake),
                        &name,
                        &name,
                        None,
                        Spec::VirtualNetwork(VirtualNetwork {
                            role: VnetRole::Standalone,
                            address_space: space,
                            dns_servers: vec![],
                            ddos_protection: false,
                            existing: Some(remote_arm.clone()),
                        }),
                    );
                    if let Some(res) = self.design.get_mut(id.as_str()) {
                        // Its group is the one in its ARM id, not a design group.
                        res.meta.resource_group = None;
                        res.meta.notes = Some(format!(
                            "Existing VNet outside this import ({remote_arm}), peered with an imported VNet; address space from the peering. Exports reference it and never create it or anything in it."
                        ));
                    }
                    self.report.note(format!(
                        "VNet `{name}` is peered but outside the import; added as existing VNet `{id}` (referenced by its ARM id, never created) with the address space the peering reports."
                    ));
                    id
                }
            };
            let key = if local < remote {
                (local.clone(), remote.clone())
            } else {
                (remote.clone(), local.clone())
            };
            let state = self.enum_or_default(p, "peeringState", PeeringState::ALL, str_field(&p.body, "peeringState"));
            read.entry(key.clone()).or_default().push(p);
            pairs.entry(key).or_default().push(Side {
                local,
                remote,
                forwarded: bool_field(&p.body, "allowForwardedTraffic").unwrap_or(false),
                transit: bool_field(&p.body, "allowGatewayTransit").unwrap_or(false),
                remote_gw: bool_field(&p.body, "useRemoteGateways").unwrap_or(false),
                name: p.name.clone(),
                state,
                access: bool_field(&p.body, "allowVirtualNetworkAccess").unwrap_or(true),
            });
        }

        // Hubs: VNets with a firewall or gateway; else the most-peered VNet (2+ peers).
        let vnets: Vec<Id> = self
            .design
            .of_kind(Kind::VirtualNetwork)
            .map(|r| r.id.clone())
            .collect();
        let mut hubs: BTreeSet<Id> = vnets.iter().filter(|v| self.vnet_has_hub_parts(v)).cloned().collect();
        let mut degree: BTreeMap<&Id, usize> = BTreeMap::new();
        for (a, b) in pairs.keys() {
            *degree.entry(a).or_default() += 1;
            *degree.entry(b).or_default() += 1;
        }
        if hubs.is_empty()
            && let Some(max) = degree.values().copied().max().filter(|m| *m >= 2)
        {
            hubs.extend(degree.iter().filter(|(_, d)| **d == max).map(|(v, _)| (*v).clone()));
        }
        let mut spokes = BTreeSet::new();
        for (a, b) in pairs.keys() {
            if hubs.contains(a) && !hubs.contains(b) {
                spokes.insert(b.clone());
            }
            if hubs.contains(b) && !hubs.contains(a) {
                spokes.insert(a.clone());
            }
        }
        for v in &vnets {
            let role = if hubs.contains(v) {
                VnetRole::Hub
            } else if spokes.contains(v) {
                VnetRole::Spoke
            } else {
                VnetRole::Standalone
            };
            if let Some(Resource {
                spec: Spec::VirtualNetwork(vn),
                ..
            }) = self.design.get_mut(v.as_str())
            {
                vn.role = role;
            }
        }

        for (key, sides) in pairs {
            // A peering that is not connected exists from the side read: that side is `from`.
            // Otherwise `from` offers its gateway: the side allowing transit, else the hub.
            let unconnected = sides.iter().find(|s| s.state != PeeringState::Connected);
            let (from, to) = if let Some(s) = unconnected {
                (s.local.clone(), s.remote.clone())
            } else if sides.iter().any(|s| s.transit && s.local == key.1)
                || (hubs.contains(&key.1) && !hubs.contains(&key.0))
            {
                (key.1.clone(), key.0.clone())
            } else {
                key.clone()
            };
            if sides.len() == 1 && unconnected.is_none() {
                self.report.note(format!(
                    "Peering between `{}` and `{}` was read in one direction only; the design creates both.",
                    key.0, key.1
                ));
            }
            let from_name = self
                .design
                .get(from.as_str())
                .map(|r| r.name().to_owned())
                .unwrap_or_default();
            let to_name = self
                .design
                .get(to.as_str())
                .map(|r| r.name().to_owned())
                .unwrap_or_default();
            let base = format!("{from_name}-to-{to_name}");
            // The Azure names of both directions, where they were read.
            let name = sides
                .iter()
                .find(|s| s.local == from)
                .map_or_else(|| base.clone(), |s| s.name.clone());
            let reverse_name = sides
                .iter()
                .find(|s| s.local == to)
                .map(|s| s.name.clone())
                .filter(|n| *n != VnetPeering::default_reverse_name(&name, &from_name, &to_name));
            let access = sides.iter().all(|s| s.access);
            if !access && sides.iter().any(|s| s.access) {
                for p in read.get(&key).into_iter().flatten() {
                    if bool_field(&p.body, "allowVirtualNetworkAccess") != Some(false) {
                        self.changed(
                            p,
                            "allowVirtualNetworkAccess",
                            "`true`",
                            "`false`, as the other direction (a design peering holds one value for both)",
                        );
                    }
                }
            }
            let spec = Spec::VnetPeering(VnetPeering {
                from: from.clone(),
                to: to.clone(),
                allow_forwarded_traffic: sides.iter().any(|s| s.forwarded),
                allow_gateway_transit: sides.iter().any(|s| s.transit && s.local == from),
                use_remote_gateways: sides.iter().any(|s| s.remote_gw && s.local == to && s.remote == from),
                allow_virtual_network_access: access,
                reverse_name,
                state: unconnected.map_or(PeeringState::Connected, |s| s.state),
            });
            self.add(None, &base, &name, None, spec);
        }
    }
}
