//! The export model: the design and its plan resolved into what every target
//! needs, once. Names are sanitised per target (`tf` labels, `bicep` symbolic
//! names, `k8s` object names), every reference is resolved to the referenced
//! resource's names, subnet prefixes come from the plan (so `auto` subnets get
//! their allocated block), and every list is in a stable order (by id).
//!
//! Templates only lay these values out; they never look anything up.

use std::collections::BTreeMap;

use netdraft_core::model::{
    ApiManagement, AppGateway, AppGatewayForContainers, Bastion, ExpressRouteGateway, Firewall, FirewallPolicy,
    FrontDoor, Kind, NatGateway, Nsg, PaasService, PrivateDnsZone, PrivateEndpoint, PrivateLinkService, PublicIp,
    Region, Resource, RouteTable, Subnet, TrafficManager, VirtualHub, VirtualNetwork, VirtualWan, VnetPeering,
    VpnGateway,
};
use netdraft_core::plan::Plan;
use netdraft_core::{Design, Id};
use serde::Serialize;

use crate::names::{self, Names};

/// Names the Terraform output declares itself (variables, locals); design labels avoid them.
const TF_RESERVED: &[&str] = &["current", "this"];
/// Names the Bicep output declares itself (parameters); design symbols avoid them.
const BICEP_RESERVED: &[&str] = &["locations", "tags", "nodePools", "vpnSharedKeys", "tenantId"];

/// A reference to another resource, with its names in every target.
#[derive(Debug, Clone, Serialize)]
pub struct Ref {
    pub id: String,
    pub name: String,
    /// What it refers to; written as the catalogue key of its kind (`subnet`, `firewall`, …).
    pub kind: RefKind,
    pub tf: String,
    pub bicep: String,
    /// An existing resource outside the design (a VNet with `existing`):
    /// Terraform reads it with a `data` source, Bicep declares it `existing`.
    pub existing: bool,
}

/// What a [`Ref`] refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// A resource of the design (or a resource group).
    Resource(Kind),
    /// The WAF policy the export creates for an Application Gateway.
    WafPolicy,
    /// A host outside Azure (a Traffic Manager external endpoint).
    External,
}

impl Serialize for RefKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            RefKind::Resource(k) => k.key(),
            RefKind::WafPolicy => "waf_policy",
            RefKind::External => "external",
        })
    }
}

impl Ref {
    /// Whether it refers to a resource of `kind`.
    fn is(&self, kind: Kind) -> bool {
        self.kind == RefKind::Resource(kind)
    }
}

/// Where an existing resource outside the design is, from its ARM id.
#[derive(Debug, Clone, Serialize)]
pub struct ExistingM {
    pub arm_id: String,
    pub subscription: String,
    pub resource_group: String,
    /// The alias of the Terraform provider that reads its subscription.
    pub provider: String,
}

impl ExistingM {
    /// Its resource group, which is no design group.
    fn group(&self) -> Ref {
        Ref {
            id: String::new(),
            name: self.resource_group.clone(),
            kind: RefKind::Resource(Kind::ResourceGroup),
            tf: String::new(),
            bicep: String::new(),
            existing: true,
        }
    }

    /// `None` when the id names no subscription and resource group.
    fn parse(arm_id: &str) -> Option<ExistingM> {
        let segments: Vec<&str> = arm_id.split('/').collect();
        let after = |key: &str| {
            segments
                .windows(2)
                .find(|w| w[0].eq_ignore_ascii_case(key))
                .map(|w| w[1].to_owned())
                .filter(|x| !x.is_empty())
        };
        let subscription = after("subscriptions")?;
        Some(ExistingM {
            arm_id: arm_id.to_owned(),
            resource_group: after("resourceGroups")?,
            provider: provider_alias(&subscription),
            subscription,
        })
    }
}

/// A Terraform provider alias for a subscription holding existing resources.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderM {
    pub alias: String,
    pub subscription: String,
}

/// What every Azure resource has.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub id: String,
    /// The Azure name.
    pub name: String,
    pub tf: String,
    pub bicep: String,
    /// The resource group (its `tf`/`bicep` names and Azure name).
    pub rg: Ref,
    /// Region key in the `locations` variable/parameter.
    pub region: String,
    /// Whether the resource sits in its resource group's region (Terraform then reads the group's location).
    pub same_region_as_rg: bool,
    pub notes: Option<String>,
    /// The alias of the Terraform provider for its resource group's subscription,
    /// when the group names one (a design spanning several subscriptions).
    pub provider: Option<String>,
}

impl Common {
    /// How many fields [`Common::serialize_fields`] writes.
    const FIELDS: usize = 9;

    /// Writes the common fields into the struct being serialised.
    fn serialize_fields<S: serde::ser::SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        st.serialize_field("id", &self.id)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("tf", &self.tf)?;
        st.serialize_field("bicep", &self.bicep)?;
        st.serialize_field("rg", &self.rg)?;
        st.serialize_field("region", &self.region)?;
        st.serialize_field("same_region_as_rg", &self.same_region_as_rg)?;
        st.serialize_field("notes", &self.notes)?;
        st.serialize_field("provider", &self.provider)
    }
}

/// Declares a model struct that carries a [`Common`] as `c` and serialises
/// its fields next to the struct's own, as one flat struct. (`#[serde(flatten)]`
/// would turn every such resource into a sorted map keyed by values, and
/// looking fields up in those maps was most of a render's cost; a struct
/// becomes a short field list.)
macro_rules! with_common {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$fmeta:meta])* pub $field:ident: $ty:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            pub c: Common,
            $($(#[$fmeta])* pub $field: $ty),*
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let own: &[&str] = &[$(stringify!($field)),*];
                let mut st = serializer.serialize_struct(stringify!($name), Common::FIELDS + own.len())?;
                self.c.serialize_fields(&mut st)?;
                $(st.serialize_field(stringify!($field), &self.$field)?;)*
                st.end()
            }
        }
    };
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionM {
    pub id: String,
    pub name: String,
    /// Key in the `locations` map (Terraform) / object (Bicep).
    pub key: String,
    pub location: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RgM {
    pub id: String,
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub region: String,
    /// The Terraform provider alias of its subscription, when it names one.
    pub provider: Option<String>,
    /// The subscription it names.
    pub subscription: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedChild {
    pub name: String,
    pub tf: String,
    pub bicep: String,
}

/// One resource in the design record's inventory.
#[derive(Debug, Clone, Serialize)]
pub struct InventoryRow {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub resource_group: Option<String>,
}

/// Everything the templates render.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub name: String,
    pub description: String,
    pub tags: BTreeMap<String, String>,
    /// The azurerm provider major the Terraform templates write for: 5 or 4.
    pub azurerm: u8,
    /// The api-version the Bicep export writes each kind's ARM type at, by kind key (`vnet`,
    /// `aks`, …), from the `kinds!` table.
    pub api: BTreeMap<&'static str, &'static str>,
    pub regions: Vec<RegionM>,
    pub resource_groups: Vec<RgM>,
    /// Provider aliases for the subscriptions of existing resources, by alias.
    pub providers: Vec<ProviderM>,
    pub vnets: Vec<VnetM>,
    pub subnets: Vec<SubnetM>,
    pub peerings: Vec<PeeringM>,
    pub nsgs: Vec<NsgM>,
    pub route_tables: Vec<RouteTableM>,
    pub public_ips: Vec<PublicIpM>,
    pub nat_gateways: Vec<NatM>,
    pub firewalls: Vec<FirewallM>,
    pub firewall_policies: Vec<FirewallPolicyM>,
    pub gateways: Vec<GatewayM>,
    /// Virtual WANs, their hubs, and the gateways in the hubs.
    pub virtual_wans: Vec<VirtualWanM>,
    pub virtual_hubs: Vec<VirtualHubM>,
    pub hub_gateways: Vec<HubGatewayM>,
    pub bastions: Vec<BastionM>,
    pub app_gateways: Vec<AppGatewayM>,
    pub agcs: Vec<AgcM>,
    pub apims: Vec<ApimM>,
    pub front_doors: Vec<FrontDoorM>,
    pub traffic_managers: Vec<TrafficManagerM>,
    pub private_endpoints: Vec<PrivateEndpointM>,
    pub dns_zones: Vec<DnsZoneM>,
    pub paas: Vec<PaasM>,
    pub clusters: Vec<ClusterM>,
    /// Private Link Services created by AKS from Service annotations (Terraform/Bicep only read them).
    pub private_link_services: Vec<PlsRef>,
    pub inventory: Vec<InventoryRow>,
    pub decisions: Vec<DecisionM>,
    /// What the Terraform variables / Bicep parameters need to declare.
    pub inputs: Inputs,
}

/// Inputs the design cannot know (secrets, existing resources) and per-environment sizes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inputs {
    /// Every node pool, by label.
    pub node_pools: Vec<PoolM>,
    /// On-premises sites connected over VPN (keys of `vpn_shared_keys`).
    pub vpn_sites: Vec<String>,
    /// On-premises sites connected over ExpressRoute (keys of `expressroute_circuit_ids`).
    pub er_sites: Vec<String>,
    /// Private-endpoint targets this export does not create (keys of `paas_resource_ids`).
    pub external_targets: Vec<String>,
    /// Front Door origins whose host name is an input (keys of `origin_host_names`).
    pub origin_hosts: Vec<String>,
}

fn inputs(m: &Model) -> Inputs {
    let mut i = Inputs::default();
    for c in &m.clusters {
        i.node_pools.extend(c.system_pool.iter().cloned());
        i.node_pools.extend(c.pools.iter().cloned());
    }
    let sites = m
        .gateways
        .iter()
        .flat_map(|g| g.connections.iter().map(|c| (c.connection, &c.key)));
    let hub_sites = m
        .hub_gateways
        .iter()
        .flat_map(|g| g.sites.iter().map(|c| (c.connection, &c.key)));
    for (connection, key) in sites.chain(hub_sites) {
        if connection == "vpn" {
            i.vpn_sites.push(key.clone());
        } else {
            i.er_sites.push(key.clone());
        }
    }
    i.external_targets = m
        .private_endpoints
        .iter()
        .filter(|p| p.target_id.is_variable())
        .map(|p| p.target.tf.clone())
        .collect();
    i.origin_hosts = m
        .front_doors
        .iter()
        .flat_map(|f| &f.origins)
        .filter(|o| o.host.is_variable())
        .map(|o| o.target.tf.clone())
        .collect();
    for v in [
        &mut i.vpn_sites,
        &mut i.er_sites,
        &mut i.external_targets,
        &mut i.origin_hosts,
    ] {
        v.sort();
        v.dedup();
    }
    i
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionM {
    pub title: String,
    pub decision: String,
    pub reason: String,
}

/// The Terraform provider alias for a subscription.
fn provider_alias(subscription: &str) -> String {
    names::tf_label(&format!("sub_{}", subscription.to_ascii_lowercase()))
}

/// The subscription a resource group names, if any.
fn subscription_of(rg: &Resource) -> Option<&str> {
    match &rg.spec {
        netdraft_core::model::Spec::ResourceGroup(g) => g.subscription.as_deref().filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Where an existing resource of the design is (a VNet with `existing`).
fn existing_of(res: &Resource) -> Option<ExistingM> {
    match &res.spec {
        netdraft_core::model::Spec::VirtualNetwork(v) => v.existing.as_deref().and_then(ExistingM::parse),
        _ => None,
    }
}

/// Builds the export model of a design from it and its plan.
pub fn build(design: &Design, plan: &Plan) -> Model {
    Builder::new(design, plan).build()
}

struct Builder<'a> {
    design: &'a Design,
    plan: &'a Plan,
    tf: BTreeMap<String, String>,
    bicep: BTreeMap<String, String>,
    tf_names: Names,
    bicep_names: Names,
    regions: Vec<RegionM>,
    default_rg: Option<RgM>,
}

impl<'a> Builder<'a> {
    fn new(design: &'a Design, plan: &'a Plan) -> Builder<'a> {
        let mut b = Builder {
            design,
            plan,
            tf: BTreeMap::new(),
            bicep: BTreeMap::new(),
            tf_names: Names::reserving(TF_RESERVED),
            bicep_names: Names::reserving(BICEP_RESERVED),
            regions: Vec::new(),
            default_rg: None,
        };
        // Every resource gets its names up front, in id order, so the names do
        // not depend on which exporter asks first. They come from the Azure
        // name the user sees (a renamed VNet exports under its new name), made
        // unique where two resources share one.
        for r in design.resources() {
            let tf = b.tf_names.unique(names::tf_label(r.name()), "_");
            let bicep = b.bicep_names.unique(names::bicep_ident(r.name()), "");
            b.tf.insert(r.id.to_string(), tf);
            b.bicep.insert(r.id.to_string(), bicep);
        }
        let mut region_keys = Names::default();
        for (r, spec) in design.all::<Region>() {
            b.regions.push(RegionM {
                id: r.id.to_string(),
                name: r.name().to_owned(),
                key: region_keys.unique(names::tf_label(r.id.as_str()), "_"),
                location: spec.location.clone(),
            });
        }
        if b.regions.is_empty() {
            b.regions.push(RegionM {
                id: String::new(),
                name: "default".to_owned(),
                key: "default".to_owned(),
                location: String::new(),
            });
        }
        b
    }

    /// An extra name derived from an owner's (`afw` + `pip` → `afw_pip` / `afwPip`).
    fn derived(&mut self, owner: &str, suffix: &str) -> (String, String) {
        let tf = self
            .tf_names
            .unique(names::tf_label(&format!("{}_{suffix}", self.tf_of(owner))), "_");
        let bicep = self
            .bicep_names
            .unique(names::bicep_ident(&format!("{}-{suffix}", self.bicep_of(owner))), "");
        (tf, bicep)
    }

    fn tf_of(&self, id: &str) -> String {
        self.tf.get(id).cloned().unwrap_or_else(|| names::tf_label(id))
    }

    fn bicep_of(&self, id: &str) -> String {
        self.bicep.get(id).cloned().unwrap_or_else(|| names::bicep_ident(id))
    }

    fn r(&self, id: &Id) -> Option<Ref> {
        let res = self.design.get(id.as_str())?;
        Some(self.ref_of(res))
    }

    fn ref_of(&self, res: &Resource) -> Ref {
        Ref {
            id: res.id.to_string(),
            name: res.name().to_owned(),
            kind: RefKind::Resource(res.kind()),
            tf: self.tf_of(res.id.as_str()),
            bicep: self.bicep_of(res.id.as_str()),
            existing: existing_of(res).is_some(),
        }
    }

    fn region_key_of(&self, id: &str) -> String {
        let region = self.design.enclosing(id, Kind::Region).map(|r| r.id.to_string());
        let region = region.or_else(|| {
            // No region above it: use its resource group's.
            let rg = self.rg_id_of(id)?;
            self.design.enclosing(&rg, Kind::Region).map(|r| r.id.to_string())
        });
        region
            .and_then(|rid| self.regions.iter().find(|r| r.id == rid))
            .or_else(|| self.regions.first())
            .map(|r| r.key.clone())
            .unwrap_or_default()
    }

    /// The resource group a resource is deployed in: its own, or the nearest ancestor's.
    fn rg_id_of(&self, id: &str) -> Option<String> {
        let me = self.design.get(id)?;
        if let Some(rg) = &me.meta.resource_group {
            return Some(rg.to_string());
        }
        for a in self.design.ancestors(id) {
            if a.kind() == Kind::ResourceGroup {
                return Some(a.id.to_string());
            }
            if let Some(rg) = &a.meta.resource_group {
                return Some(rg.to_string());
            }
        }
        None
    }

    fn default_rg(&mut self) -> Ref {
        if self.default_rg.is_none() {
            let tf = self.tf_names.unique("default".to_owned(), "_");
            let bicep = self.bicep_names.unique("defaultRg".to_owned(), "");
            let name = format!("rg-{}", names::k8s_name(&self.design.name));
            let region = self.regions.first().map(|r| r.key.clone()).unwrap_or_default();
            self.default_rg = Some(RgM {
                id: String::new(),
                name,
                tf,
                bicep,
                region,
                provider: None,
                subscription: None,
            });
        }
        let rg = self.default_rg.as_ref();
        Ref {
            id: String::new(),
            name: rg.map(|r| r.name.clone()).unwrap_or_default(),
            kind: RefKind::Resource(Kind::ResourceGroup),
            tf: rg.map(|r| r.tf.clone()).unwrap_or_default(),
            bicep: rg.map(|r| r.bicep.clone()).unwrap_or_default(),
            existing: false,
        }
    }

    fn common(&mut self, res: &Resource) -> Common {
        let group = self.rg_id_of(res.id.as_str()).and_then(|id| self.design.get(&id));
        let provider = group.and_then(subscription_of).map(provider_alias);
        let rg = match group {
            Some(rg) => self.ref_of(rg),
            None => self.default_rg(),
        };
        let region = self.region_key_of(res.id.as_str());
        let rg_region = if rg.id.is_empty() {
            self.regions.first().map(|r| r.key.clone()).unwrap_or_default()
        } else {
            self.region_key_of(&rg.id)
        };
        Common {
            id: res.id.to_string(),
            name: res.name().to_owned(),
            tf: self.tf_of(res.id.as_str()),
            bicep: self.bicep_of(res.id.as_str()),
            same_region_as_rg: region == rg_region,
            region,
            rg,
            notes: res.meta.notes.clone(),
            provider,
        }
    }

    /// A resource created for `owner` that the design does not draw (a public IP, an identity).
    fn implicit_common(&mut self, owner: &Resource, suffix: &str, name: String) -> Common {
        let mut c = self.common(owner);
        let (tf, bicep) = self.derived(owner.id.as_str(), suffix);
        c.id = format!("{}-{suffix}", owner.id);
        c.name = name;
        c.tf = tf;
        c.bicep = bicep;
        c.notes = None;
        c
    }

    fn parent_ref(&self, res: &Resource) -> Option<Ref> {
        res.parent().and_then(|p| self.r(p))
    }

    #[allow(clippy::too_many_lines)] // one line per kind; splitting it would only scatter them
    fn build(mut self) -> Model {
        let d = self.design;
        let mut public_ips = Vec::new();
        for (r, s) in d.all::<PublicIp>() {
            let c = self.common(r);
            public_ips.push(public_ip(c, s));
        }
        let vnets: Vec<VnetM> = d.all::<VirtualNetwork>().map(|(r, s)| self.vnet(r, s)).collect();
        let mut providers: Vec<ProviderM> = vnets
            .iter()
            .filter_map(|v| v.existing.as_ref())
            .map(|e| ProviderM {
                alias: e.provider.clone(),
                subscription: e.subscription.clone(),
            })
            .collect();
        providers.extend(
            d.of_kind(Kind::ResourceGroup)
                .filter_map(subscription_of)
                .map(|sub| ProviderM {
                    alias: provider_alias(sub),
                    subscription: sub.to_owned(),
                }),
        );
        providers.sort_by(|a, b| a.alias.cmp(&b.alias));
        providers.dedup_by(|a, b| a.alias == b.alias);
        let subnets = d.all::<Subnet>().filter_map(|(r, s)| self.subnet(r, s)).collect();
        let peerings = d.all::<VnetPeering>().flat_map(|(r, s)| self.peering(r, s)).collect();
        let nsgs = d.all::<Nsg>().map(|(r, s)| self.nsg(r, s)).collect();
        let route_tables = d.all::<RouteTable>().map(|(r, s)| self.route_table(r, s)).collect();
        let nat_gateways = d.all::<NatGateway>().map(|(r, s)| self.nat(r, s)).collect();
        let firewalls = d.all::<Firewall>().filter_map(|(r, s)| self.firewall(r, s)).collect();
        let firewall_policies = d.all::<FirewallPolicy>().map(|(r, s)| self.policy(r, s)).collect();
        let mut gateways: Vec<GatewayM> = d.all::<VpnGateway>().filter_map(|(r, s)| self.vpn(r, s)).collect();
        gateways.extend(d.all::<ExpressRouteGateway>().filter_map(|(r, s)| self.er(r, s)));
        let bastions = d.all::<Bastion>().map(|(r, s)| self.bastion(r, s)).collect();
        let app_gateways = d
            .all::<AppGateway>()
            .filter_map(|(r, s)| self.app_gateway(r, s))
            .collect();
        let agcs = d
            .all::<AppGatewayForContainers>()
            .filter_map(|(r, s)| self.agc(r, s))
            .collect();
        let apims = d.all::<ApiManagement>().map(|(r, s)| self.apim(r, s)).collect();
        let private_link_services: Vec<PlsRef> = d.all::<PrivateLinkService>().map(|(r, s)| self.pls(r, s)).collect();
        let front_doors = d
            .all::<FrontDoor>()
            .map(|(r, s)| self.front_door(r, s, &private_link_services))
            .collect();
        let traffic_managers = d
            .all::<TrafficManager>()
            .map(|(r, s)| self.traffic_manager(r, s))
            .collect();
        let private_endpoints = d
            .all::<PrivateEndpoint>()
            .filter_map(|(r, s)| self.private_endpoint(r, s))
            .collect();
        let dns_zones = d.all::<PrivateDnsZone>().map(|(r, s)| self.dns_zone(r, s)).collect();
        let paas = d.all::<PaasService>().map(|(r, s)| self.paas(r, s)).collect();
        let clusters = d
            .all::<netdraft_core::model::AksCluster>()
            .map(|(r, s)| self.cluster(r, s))
            .collect();
        // Virtual WAN last: the names it derives never rename what the design had before it.
        let virtual_wans = d.all::<VirtualWan>().map(|(r, s)| self.virtual_wan(r, s)).collect();
        let virtual_hubs = d
            .all::<VirtualHub>()
            .filter_map(|(r, s)| self.virtual_hub(r, s))
            .collect();
        let mut hub_gateways: Vec<HubGatewayM> =
            d.all::<VpnGateway>().filter_map(|(r, s)| self.hub_vpn(r, s)).collect();
        hub_gateways.extend(d.all::<ExpressRouteGateway>().filter_map(|(r, s)| self.hub_er(r, s)));
        public_ips.sort_by(|a, b| a.c.tf.cmp(&b.c.tf));

        let mut resource_groups: Vec<RgM> = d
            .of_kind(Kind::ResourceGroup)
            .map(|r| RgM {
                id: r.id.to_string(),
                name: r.name().to_owned(),
                tf: self.tf_of(r.id.as_str()),
                bicep: self.bicep_of(r.id.as_str()),
                region: self.region_key_of(r.id.as_str()),
                provider: subscription_of(r).map(provider_alias),
                subscription: subscription_of(r).map(str::to_owned),
            })
            .collect();
        resource_groups.extend(self.default_rg.take());

        let inventory = d
            .resources()
            .map(|r| InventoryRow {
                kind: r.kind().label(),
                id: r.id.to_string(),
                name: r.name().to_owned(),
                parent: r.parent().and_then(|p| d.get(p.as_str())).map(|p| p.name().to_owned()),
                resource_group: self
                    .rg_id_of(r.id.as_str())
                    .and_then(|id| d.get(&id))
                    .map(|g| g.name().to_owned()),
            })
            .collect();

        let mut m = Model {
            inputs: Inputs::default(),
            name: d.name.clone(),
            description: d.description.clone(),
            tags: d.settings.tags.clone(),
            azurerm: d.settings.azurerm.number(),
            api: Kind::ALL
                .iter()
                .filter_map(|k| Some((k.key(), k.azure().deploy_api_version()?)))
                .collect(),
            regions: self.regions,
            resource_groups,
            providers,
            vnets,
            subnets,
            peerings,
            nsgs,
            route_tables,
            public_ips,
            nat_gateways,
            firewalls,
            firewall_policies,
            gateways,
            virtual_wans,
            virtual_hubs,
            hub_gateways,
            bastions,
            app_gateways,
            agcs,
            apims,
            front_doors,
            traffic_managers,
            private_endpoints,
            dns_zones,
            paas,
            clusters,
            private_link_services,
            inventory,
            decisions: d
                .decisions
                .iter()
                .map(|x| DecisionM {
                    title: x.title.clone(),
                    decision: x.decision.clone(),
                    reason: x.reason.clone(),
                })
                .collect(),
        };
        m.inputs = inputs(&m);
        m
    }
}

// The modules below come after `with_common!`, which they use.
mod aks;
mod connectivity;
mod dns;
mod egress;
mod front_door;
mod ingress;
mod network;
mod value;
mod vwan;

pub use aks::*;
pub use connectivity::*;
pub use dns::*;
pub use egress::*;
pub use front_door::{FdRouteM, FrontDoorM, OriginGroupM, OriginM};
pub use ingress::*;
pub use network::*;
pub use value::{Attr, Input, NeedM, ValueM};
pub use vwan::*;
