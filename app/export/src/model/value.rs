//! Values the templates write as expressions of their language: a literal,
//! an entry of an input, or an attribute of a resource the export declares.
//! The model says which; the templates say how each target spells it
//! (`value` in `terraform/_macros.j2` and at the top of `bicep/main.bicep.j2`).

use netdraft_core::model::Kind;
use serde::Serialize;

use super::{Ref, RefKind};

/// A value of the export model that is an expression in the target language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "is", rename_all = "snake_case")]
pub enum ValueM {
    /// Text, written as a string literal.
    Literal { text: String },
    /// The entry `key` of a map the user supplies (a Terraform variable, a
    /// Bicep parameter), for what the design cannot know.
    Variable { input: Input, key: String },
    /// An attribute of a resource this export declares (`of` its kind, with
    /// its Terraform label and Bicep symbol). `tf_type` is the azurerm
    /// resource type of a PaaS service the export creates.
    Reference {
        of: Kind,
        tf: String,
        bicep: String,
        attr: Attr,
        tf_type: Option<&'static str>,
    },
}

/// A map input of the export, by its Terraform variable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// Resource ids of private-endpoint targets this export does not create.
    PaasResourceIds,
    /// Host names Front Door sends to origins the export cannot name.
    OriginHostNames,
}

/// Which attribute of a resource a [`ValueM::Reference`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attr {
    /// Its resource id (for an Application Gateway, its frontend public IP's).
    Id,
    /// The host name or address clients reach it at.
    Host,
}

impl ValueM {
    /// An attribute of the resource `target` refers to, a resource of kind `of`.
    pub(super) fn attribute(of: Kind, target: &Ref, attr: Attr) -> ValueM {
        ValueM::Reference {
            of,
            tf: target.tf.clone(),
            bicep: target.bicep.clone(),
            attr,
            tf_type: None,
        }
    }

    /// The host name of a front end's target: the address of an Application
    /// Gateway or public IP, API Management's gateway host, a Front Door
    /// endpoint's host name; anything else is an input.
    pub(super) fn host_of(target: &Ref) -> ValueM {
        match target.kind {
            RefKind::Resource(of @ (Kind::AppGateway | Kind::PublicIp | Kind::ApiManagement | Kind::FrontDoor)) => {
                ValueM::attribute(of, target, Attr::Host)
            }
            _ => ValueM::Variable {
                input: Input::OriginHostNames,
                key: target.tf.clone(),
            },
        }
    }

    /// Whether the value is an input the user supplies.
    pub fn is_variable(&self) -> bool {
        matches!(self, ValueM::Variable { .. })
    }
}

/// Something a resource must wait for that its references do not show (a
/// Terraform `depends_on` entry), by the labels of what it waits for; the
/// `need` macro in `terraform/_macros.j2` names the resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "is", rename_all = "snake_case")]
pub enum NeedM {
    /// A subnet's NSG association.
    NsgAssociation { subnet: String },
    /// A subnet's route table association.
    RouteTableAssociation { subnet: String },
    /// A subnet's NAT gateway association.
    NatGatewayAssociation { subnet: String },
    /// An identity's role on a VNet.
    VnetRole { identity: String, vnet: String },
}
