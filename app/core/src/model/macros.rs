//! The `kinds!` macro: one declaration per resource kind generates
//! - the kind's spec struct (the fields that are particular to it),
//! - `Kind` (the catalogue: file key, label, description, and the facts each
//!   entry must state: palette group, name prefix, colour family, name scope,
//!   address demand, placement, Azure type and api-version),
//! - the reference fields (`field: Option<Id> => Uses [Nsg]`: allowed kinds
//!   and relation) as [`Kind::reference_fields`], [`Spec::references`], the
//!   slots commands re-point and clear, and the connection tool's rules,
//! - `Spec` (the closed sum of all specs),
//! - `entry::*` structs, the on-disk form of one resource (common fields + spec
//!   fields, flat, unknown keys rejected), and the conversions both ways,
//! - `DesignFile`'s per-kind maps.
//!
//! Flat entries (rather than `#[serde(flatten)]`) keep TOML's exact error spans
//! and let `deny_unknown_fields` catch a misspelt key.

/// `[A, B]` or a constant naming a list of kinds, as a `&'static [Kind]`.
macro_rules! kind_list {
    ([$($k:ident),* $(,)?]) => { &[$(Kind::$k),*] };
    ($list:ident) => { $list };
}

/// The body, for a field that carries a reference annotation (`$rel` only
/// says which fields repeat).
macro_rules! if_annotated {
    ($rel:ident => $($body:tt)*) => { $($body)* };
}

/// The dedicated subnet of a placement (`in "GatewaySubnet"`), if it names one.
macro_rules! dedicated_subnet {
    () => {
        None
    };
    ($subnet:literal) => {
        Some($subnet)
    };
}

/// `required` or `optional`, for a placement.
macro_rules! placement_required {
    (required) => {
        true
    };
    (optional) => {
        false
    };
}

macro_rules! kinds {
    ($d:tt $(
        $(#[doc = $doc:literal])*
        $(#[derive($($derive:ident),*)])?
        $Variant:ident = $key:literal, $label:literal {
            palette: $group:ident,
            prefix: $prefix:literal,
            colour: $colour:ident,
            names: $scope:ident,
            demand: $demand:ident,
            sits_in: $parents:tt $required:ident $(in $subnet:literal)?,
            azure: $azure:expr;
            $(
                $(#[$fmeta:meta])*
                $field:ident : $ty:ty $(=> $rel:ident $allowed:tt)?
            ),* $(,)?
        }
    )*) => {
        $(
            $(#[doc = $doc])*
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema $($(, $derive)*)?)]
            #[serde(deny_unknown_fields)]
            pub struct $Variant {
                $( $(#[$fmeta])* pub $field: $ty, )*
            }
        )*

        /// Calls the macro `$m` with every kind's file key, in catalogue
        /// order: for what must name each kind at compile time (the scene's
        /// icon files, `assets/icons/<key>.svg`).
        #[macro_export]
        macro_rules! with_kind_keys {
            ($d m:ident) => { $d m!($($key),*); };
        }

        /// Every kind of resource a design can hold: the resource catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum Kind {
            $( $(#[doc = $doc])* #[serde(rename = $key)] $Variant, )*
        }

        impl Kind {
            /// All kinds, in the order the design file writes them.
            pub const ALL: &'static [Kind] = &[ $(Kind::$Variant),* ];

            /// The key used for this kind in the design file (`[vnet.hub]`).
            pub fn key(self) -> &'static str {
                match self { $(Kind::$Variant => $key),* }
            }

            /// A short human label ("Virtual network").
            pub fn label(self) -> &'static str {
                match self { $(Kind::$Variant => $label),* }
            }

            /// A one-paragraph description, for palettes and docs.
            pub fn description(self) -> &'static str {
                match self { $(Kind::$Variant => concat!($($doc, "\n"),*).trim_ascii()),* }
            }

            /// Looks a kind up by its file key.
            pub fn from_key(key: &str) -> Option<Kind> {
                match key { $($key => Some(Kind::$Variant),)* _ => None }
            }

            /// The palette group it is offered in.
            pub fn palette_group(self) -> PaletteGroup {
                match self { $(Kind::$Variant => PaletteGroup::$group),* }
            }

            /// The prefix of its new resources' names (Azure naming abbreviations: `vnet` → `vnet-1`).
            pub fn name_prefix(self) -> &'static str {
                match self { $(Kind::$Variant => $prefix),* }
            }

            /// The family of colours it is drawn in.
            pub fn colour_family(self) -> ColourFamily {
                match self { $(Kind::$Variant => ColourFamily::$colour),* }
            }

            /// Where Azure wants its resources' names unique.
            pub fn name_scope(self) -> NameScope {
                match self { $(Kind::$Variant => NameScope::$scope),* }
            }

            /// What it takes from the subnet it sits in.
            pub fn address_demand(self) -> AddressDemand {
                match self { $(Kind::$Variant => AddressDemand::$demand),* }
            }

            /// The containment policy: which kinds may hold this one.
            ///
            /// This is the kind-level rule enforced on load and on every canvas drop; the
            /// finer name-level rules (a firewall only in `AzureFirewallSubnet`) are lint
            /// rules so that a design in progress can still be saved.
            pub fn placement(self) -> Placement {
                match self {
                    $(Kind::$Variant => Placement {
                        parents: kind_list!($parents),
                        required: placement_required!($required),
                        subnet: dedicated_subnet!($($subnet)?),
                    }),*
                }
            }

            /// What it is in Azure Resource Manager: its type and the api-version the import reads.
            pub const fn azure(self) -> AzureType {
                match self { $(Kind::$Variant => $azure),* }
            }

            /// Its reference fields, in declaration order.
            pub fn reference_fields(self) -> &'static [RefField] {
                match self {
                    $(Kind::$Variant => &[$($(RefField {
                        name: stringify!($field),
                        allowed: kind_list!($allowed),
                        relation: Relation::$rel,
                        arity: <$ty as HoldsIds>::ARITY,
                    },)?)*]),*
                }
            }

            /// One reference field by name.
            pub fn reference_field(self, name: &str) -> Option<&'static RefField> {
                self.reference_fields().iter().find(|f| f.name == name)
            }

            /// The names of its spec's fields, in declaration order.
            pub fn field_names(self) -> &'static [&'static str] {
                match self { $(Kind::$Variant => &[$(stringify!($field)),*]),* }
            }

            /// The JSON Schema of its spec (field types, documentation and
            /// defaults), for editors that work on any kind.
            pub fn spec_schema(self) -> schemars::Schema {
                match self { $(Kind::$Variant => schemars::schema_for!($Variant)),* }
            }
        }

        /// The part of a resource that is particular to its kind.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind")]
        pub enum Spec {
            $( #[serde(rename = $key)] $Variant($Variant), )*
        }

        impl Spec {
            pub fn kind(&self) -> Kind {
                match self { $(Spec::$Variant(_) => Kind::$Variant),* }
            }

            /// Every reference this spec holds (not counting `meta.parent`), in field order.
            #[allow(unused_variables, reason = "kinds without references do not read their spec")]
            pub fn references(&self) -> Vec<Ref<'_>> {
                let mut out = Vec::new();
                match self {
                    $(Spec::$Variant(s) => {
                        $($(HoldsIds::refs(&s.$field, stringify!($field), kind_list!($allowed), Relation::$rel, &mut out);)?)*
                    })*
                }
                out
            }

            /// Mutable access to every id-holding field (not counting `meta.parent` and
            /// `meta.resource_group`), so commands can re-point and clear references.
            #[allow(unused_variables, reason = "kinds without references do not read their spec")]
            pub(crate) fn slots(&mut self) -> Vec<Slot<'_>> {
                let mut out = Vec::new();
                match self {
                    $(Spec::$Variant(s) => {
                        $($(if_annotated!($rel => HoldsIds::slots(&mut s.$field, &mut out));)?)*
                    })*
                }
                out
            }

            /// Points the first field that connects to a `target` kind at `to`
            /// (the connection tool). `None`: no field does; `Some(false)`: it already points there.
            #[allow(unused_variables, reason = "kinds without references do not read their spec")]
            pub(crate) fn link(&mut self, target: Kind, to: &Id) -> Option<bool> {
                let holder = self.kind();
                match self {
                    $(Spec::$Variant(s) => {
                        $($(if refs::connects(Relation::$rel, kind_list!($allowed), holder, target) {
                            return Some(HoldsIds::link(&mut s.$field, to));
                        })?)*
                    })*
                }
                None
            }
        }

        $(
            impl From<$Variant> for Spec {
                fn from(v: $Variant) -> Spec { Spec::$Variant(v) }
            }

            impl SpecOf for $Variant {
                fn from_spec(spec: &Spec) -> Option<&Self> {
                    if let Spec::$Variant(s) = spec { Some(s) } else { None }
                }
            }
        )*

        /// On-disk form of each kind: the common fields, then the kind's own.
        pub mod entry {
            #![allow(clippy::wildcard_imports)]
            use super::*;
            $(
                $(#[doc = $doc])*
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
                #[serde(deny_unknown_fields)]
                pub struct $Variant {
                    /// The Azure resource name. Exports escape it for each target language.
                    pub name: String,
                    /// The container this resource sits in on the canvas and in Azure
                    /// (a region, VNet, subnet…); see the containment rules in the docs.
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub parent: Option<Id>,
                    /// The resource group it is deployed to; inherited from the parent when absent.
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub resource_group: Option<Id>,
                    /// Free text for the design record.
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub notes: Option<String>,
                    $( $(#[$fmeta])* pub $field: $ty, )*
                    /// Canvas position, relative to the parent's top-left corner.
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub at: Option<Point>,
                    /// Canvas size `[width, height]` of a container; computed from its contents when absent.
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub extent: Option<Extent>,
                }

                impl $Variant {
                    pub(crate) fn split(self) -> (Meta, Spec) {
                        let meta = Meta {
                            name: self.name,
                            parent: self.parent,
                            resource_group: self.resource_group,
                            notes: self.notes,
                            at: self.at,
                            extent: self.extent,
                        };
                        (meta, Spec::$Variant(super::$Variant { $($field: self.$field),* }))
                    }

                    #[allow(unused_variables)]
                    pub(crate) fn join(meta: Meta, spec: super::$Variant) -> Self {
                        $Variant {
                            name: meta.name,
                            parent: meta.parent,
                            resource_group: meta.resource_group,
                            notes: meta.notes,
                            $($field: spec.$field,)*
                            at: meta.at,
                            extent: meta.extent,
                        }
                    }
                }
            )*
        }

        /// The on-disk design: header, then one map per kind keyed by id.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[allow(non_snake_case)]
        pub struct DesignFile {
            /// Design file format version. This build reads versions up to `CURRENT_FORMAT`.
            pub format: u32,
            /// The design's title.
            #[serde(default)]
            pub name: String,
            /// What the design is for.
            #[serde(default, skip_serializing_if = "String::is_empty")]
            pub description: String,
            /// Design-wide settings (growth margin, tags, decisions on documented conflicts).
            #[serde(default, skip_serializing_if = "Settings::is_default")]
            pub settings: Settings,
            /// Lint rules switched off for this design, each with its reason.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub accept: Vec<Acceptance>,
            /// Decisions recorded for the design record.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub decision: Vec<Decision>,
            $(
                $(#[doc = $doc])*
                #[serde(rename = $key, default, skip_serializing_if = "BTreeMap::is_empty")]
                pub $Variant: BTreeMap<Id, entry::$Variant>,
            )*
        }

        impl DesignFile {
            pub(crate) fn into_parts(self) -> (Header, Vec<(Id, Meta, Spec)>) {
                let header = Header {
                    format: self.format,
                    name: self.name,
                    description: self.description,
                    settings: self.settings,
                    accept: self.accept,
                    decision: self.decision,
                };
                let mut out = Vec::new();
                $(
                    for (id, e) in self.$Variant {
                        let (meta, spec) = e.split();
                        out.push((id, meta, spec));
                    }
                )*
                (header, out)
            }

            pub(crate) fn from_parts(header: Header, resources: impl IntoIterator<Item = (Id, Meta, Spec)>) -> Self {
                let mut file = DesignFile {
                    format: header.format,
                    name: header.name,
                    description: header.description,
                    settings: header.settings,
                    accept: header.accept,
                    decision: header.decision,
                    ..DesignFile::default()
                };
                for (id, meta, spec) in resources {
                    match spec {
                        $( Spec::$Variant(s) => { file.$Variant.insert(id, entry::$Variant::join(meta, s)); } )*
                    }
                }
                file
            }
        }
    };
}
