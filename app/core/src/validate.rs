//! Structural validation, run on every load: references point at existing
//! resources of the right kind, containment follows the catalogue's placement
//! rules, CIDRs are normalised, and values that cannot mean anything are
//! refused. Design *advice* (sizes, SKUs, Azure rules) is the lint engine's job;
//! this module only decides whether the file is a well-formed design.

use crate::diag::Diagnostic;
use crate::model::{Design, Kind, Spec, SubnetPrefix};
use crate::net::{AddressPrefix, Cidr};

/// Checks a freshly read design, normalising CIDRs with host bits set (with a
/// warning). Returns errors and warnings; field paths are `kind.id.field`.
pub fn structure(design: &mut Design) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    normalise_cidrs(design, &mut out);
    check_references(design, &mut out);
    check_values(design, &mut out);
    out
}

fn kinds_list(kinds: &[Kind]) -> String {
    let names: Vec<String> = kinds.iter().map(|k| format!("{} (`{}`)", k.label(), k.key())).collect();
    match names.len() {
        0 => "nothing".to_owned(),
        1 => names[0].clone(),
        _ => format!("{} or {}", names[..names.len() - 1].join(", "), names[names.len() - 1]),
    }
}

fn check_references(design: &Design, out: &mut Vec<Diagnostic>) {
    for r in design.resources() {
        let here = format!("{}.{}", r.kind().key(), r.id);
        let placement = r.kind().placement();
        match r.parent() {
            None if placement.required => out.push(Diagnostic::error(
                format!("{here}.parent"),
                format!(
                    "{} must sit inside a {}",
                    article(r.kind().label()),
                    kinds_list(placement.parents)
                ),
                Some(format!(
                    "add `parent = \"<id>\"` naming a {}",
                    kinds_list(placement.parents)
                )),
            )),
            None => {}
            Some(parent) => match design.get(parent.as_str()) {
                None => out.push(Diagnostic::error(
                    format!("{here}.parent"),
                    format!("parent `{parent}` does not exist"),
                    Some(suggest(design, parent.as_str(), placement.parents)),
                )),
                Some(p) if !placement.parents.contains(&p.kind()) => out.push(Diagnostic::error(
                    format!("{here}.parent"),
                    format!(
                        "{} cannot sit inside {} `{parent}`",
                        article(r.kind().label()),
                        article(p.kind().label())
                    ),
                    Some(if placement.parents.is_empty() {
                        format!("remove `parent`: a {} is not placed inside anything", r.kind().label())
                    } else {
                        format!("move it into a {}", kinds_list(placement.parents))
                    }),
                )),
                Some(_) => {}
            },
        }
        if let Some(rg) = &r.meta.resource_group {
            match design.get(rg.as_str()) {
                Some(g) if g.kind() == Kind::ResourceGroup => {}
                Some(g) => out.push(Diagnostic::error(
                    format!("{here}.resource_group"),
                    format!("`{rg}` is {}, not a resource group", article(g.kind().label())),
                    Some("name a `[resource_group.<id>]` of this design".to_owned()),
                )),
                None => out.push(Diagnostic::error(
                    format!("{here}.resource_group"),
                    format!("resource group `{rg}` does not exist"),
                    Some(suggest(design, rg.as_str(), &[Kind::ResourceGroup])),
                )),
            }
        }
        for reference in r.spec.references() {
            let field = format!("{here}.{}", reference.field);
            match design.get(reference.target.as_str()) {
                None => out.push(Diagnostic::error(
                    field,
                    format!("`{}` does not exist", reference.target),
                    Some(suggest(design, reference.target.as_str(), reference.allowed)),
                )),
                Some(t) if !reference.allowed.contains(&t.kind()) => out.push(Diagnostic::error(
                    field,
                    format!(
                        "`{}` is {}, but this field takes a {}",
                        reference.target,
                        article(t.kind().label()),
                        kinds_list(reference.allowed)
                    ),
                    Some(format!("point it at a {}", kinds_list(reference.allowed))),
                )),
                Some(_) => {}
            }
        }
    }
}

/// "a Subnet", "an Application Gateway".
pub(crate) fn article(label: &str) -> String {
    let vowel = label.chars().next().is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {label}", if vowel { "an" } else { "a" })
}

/// "did you mean" for a dangling id: the closest existing id of an allowed kind.
fn suggest(design: &Design, missing: &str, allowed: &[Kind]) -> String {
    let best = design
        .resources()
        .filter(|r| allowed.is_empty() || allowed.contains(&r.kind()))
        .map(|r| (edit_distance(missing, r.id.as_str()), r.id.as_str()))
        .min();
    match best {
        Some((d, id)) if d <= missing.len().max(3) / 2 + 1 => format!("did you mean `{id}`?"),
        _ => format!("create it, or point at an existing {}", kinds_list(allowed)),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Every CIDR field of a spec, with its field name, mutably.
fn cidrs_mut(spec: &mut Spec) -> Vec<(String, &mut Cidr)> {
    fn list<'a>(out: &mut Vec<(String, &'a mut Cidr)>, field: &str, v: &'a mut [Cidr]) {
        for (i, c) in v.iter_mut().enumerate() {
            out.push((format!("{field}[{i}]"), c));
        }
    }
    let mut out = Vec::new();
    match spec {
        Spec::VirtualNetwork(v) => list(&mut out, "address_space", &mut v.address_space),
        Spec::Subnet(s) => {
            if let SubnetPrefix::Fixed(c) = &mut s.prefix {
                out.push(("prefix".to_owned(), c));
            }
        }
        Spec::OnPremises(o) => list(&mut out, "address_ranges", &mut o.address_ranges),
        Spec::AksCluster(a) => {
            if let Some(c) = &mut a.service_cidr {
                out.push(("service_cidr".to_owned(), c));
            }
            if let Some(c) = &mut a.pod_cidr {
                out.push(("pod_cidr".to_owned(), c));
            }
            list(&mut out, "authorized_ip_ranges", &mut a.authorized_ip_ranges);
        }
        Spec::RouteTable(t) => {
            for (i, r) in t.routes.iter_mut().enumerate() {
                if let AddressPrefix::Cidr(c) = &mut r.prefix {
                    out.push((format!("routes[{i}].prefix"), c));
                }
            }
        }
        _ => {}
    }
    out
}

fn normalise_cidrs(design: &mut Design, out: &mut Vec<Diagnostic>) {
    let ids: Vec<_> = design.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let Some(r) = design.get_mut(id.as_str()) else {
            continue;
        };
        let key = r.kind().key();
        for (field, cidr) in cidrs_mut(&mut r.spec) {
            if !cidr.is_normalized() {
                let fixed = cidr.normalized();
                out.push(Diagnostic::warning(
                    format!("{key}.{id}.{field}"),
                    format!("`{cidr}` has host bits set; read as `{fixed}`"),
                    Some(format!("write `{fixed}` (netdraft saves it that way)")),
                ));
                *cidr = fixed;
            }
        }
    }
}

fn check_values(design: &Design, out: &mut Vec<Diagnostic>) {
    for r in design.resources() {
        let here = format!("{}.{}", r.kind().key(), r.id);
        // Azure resource names are single-line printable text; a newline or tab
        // would be refused at deployment (exports still escape it safely).
        if r.name().chars().any(char::is_control) {
            out.push(Diagnostic::warning(
                format!("{here}.name"),
                format!(
                    "the name {:?} contains a control character (newline, tab, …); Azure refuses such names",
                    r.name()
                ),
                Some("write the name on one line without tabs".to_owned()),
            ));
        }
        match &r.spec {
            Spec::Subnet(s) => {
                if let Some(size) = s.size {
                    // Azure subnets go from /2 to /29 (VNET-FAQ).
                    if !(2..=29).contains(&size) {
                        out.push(Diagnostic::error(
                            format!("{here}.size"),
                            format!("a subnet of /{size} is not possible in Azure; IPv4 subnets are /2 to /29"),
                            Some("pick a size from 2 to 29, e.g. `size = 24`".to_owned()),
                        ));
                    } else if matches!(s.prefix, SubnetPrefix::Fixed(_)) {
                        out.push(Diagnostic::warning(
                            format!("{here}.size"),
                            "`size` only applies to `prefix = \"auto\"` subnets and is ignored here",
                            Some("remove `size`, or set `prefix = \"auto\"`".to_owned()),
                        ));
                    }
                }
                if let Some(d) = &s.delegation {
                    let ok = d.split_once('/').is_some_and(|(ns, ty)| {
                        ns.contains('.')
                            && ns.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
                            && !ty.is_empty()
                            && ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '/')
                    });
                    if !ok {
                        out.push(Diagnostic::error(
                            format!("{here}.delegation"),
                            format!("`{d}` is not a service delegation name"),
                            Some("write the provider namespace and type, e.g. `Microsoft.ContainerService/managedClusters`".to_owned()),
                        ));
                    }
                }
            }
            Spec::VirtualNetwork(v) if v.address_space.is_empty() => out.push(Diagnostic::error(
                format!("{here}.address_space"),
                "a virtual network needs at least one address space",
                Some("add e.g. `address_space = [\"10.1.0.0/16\"]`".to_owned()),
            )),
            Spec::VnetPeering(p) if p.from == p.to => out.push(Diagnostic::error(
                format!("{here}.to"),
                format!("the peering joins `{}` to itself", p.from),
                Some("point `to` at another VNet".to_owned()),
            )),
            Spec::NodePool(p) => {
                match (p.count, p.min_count, p.max_count) {
                    (Some(_), None, None) | (None, Some(_), Some(_)) => {}
                    (None, None, None) => out.push(Diagnostic::error(
                        format!("{here}.count"),
                        "the pool has no node count",
                        Some("set `count = 3`, or `min_count` and `max_count` for the autoscaler".to_owned()),
                    )),
                    (Some(_), _, _) => out.push(Diagnostic::error(
                        format!("{here}.count"),
                        "the pool sets both a fixed `count` and autoscaler bounds",
                        Some("keep either `count` or `min_count` + `max_count`".to_owned()),
                    )),
                    (None, _, _) => out.push(Diagnostic::error(
                        format!("{here}.min_count"),
                        "an autoscaled pool needs both `min_count` and `max_count`",
                        Some("set both bounds, e.g. `min_count = 2` and `max_count = 10`".to_owned()),
                    )),
                }
                if let (Some(min), Some(max)) = (p.min_count, p.max_count)
                    && min > max
                {
                    out.push(Diagnostic::error(
                        format!("{here}.min_count"),
                        format!("`min_count` ({min}) is larger than `max_count` ({max})"),
                        Some("swap them".to_owned()),
                    ));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("hub-fw", "hub-fw"), 0);
        assert_eq!(edit_distance("hub-fx", "hub-fw"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
