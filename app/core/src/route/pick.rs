//! Naming and picking one flow: stable ids for the standard flows (what the
//! designer's flow list, the design record and `netdraft export --flow`
//! share), the resources a path passes in order, where it translates
//! addresses and where it stops.

use super::endpoint::resolve;
use super::flows::{ClusterFlows, standard_flows};
use super::index::Net;
use super::nsg::Proto;
use super::path::{Hop, Path, StepKind, Verdict};
use super::walk::trace;
use crate::id::Id;

/// The short name of a standard flow in an id: `pod → internet` is `pod-internet`.
fn slug(flow: &str) -> String {
    let mut out = String::new();
    for word in flow
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// The id of each of a cluster's flows, in its order:
/// `{cluster}/{flow}`, and `{cluster}/{flow}-2`, `-3`, … for the second and
/// later flows of one kind (one per on-premises network, endpoint or entry
/// point). Stable for the same design.
pub fn flow_ids(c: &ClusterFlows) -> Vec<String> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    c.flows
        .iter()
        .map(|f| {
            let s = slug(&f.flow);
            let n = if let Some((_, n)) = seen.iter_mut().find(|(k, _)| *k == s) {
                *n += 1;
                *n
            } else {
                seen.push((s.clone(), 1));
                1
            };
            if n == 1 {
                format!("{}/{s}", c.cluster)
            } else {
                format!("{}/{s}-{n}", c.cluster)
            }
        })
        .collect()
}

/// The standard flow with id `id`, if the design has it.
pub fn find_flow(all: &[ClusterFlows], id: &str) -> Option<Path> {
    all.iter().find_map(|c| {
        flow_ids(c)
            .into_iter()
            .zip(&c.flows)
            .find(|(fid, _)| fid == id)
            .map(|(_, f)| f.path.clone())
    })
}

/// A flow named by a standard flow id, or by its two ends, `from→to` (or
/// `from->to`; each end as `netdraft path` takes it), traced for TCP 443.
pub fn pick(net: &Net<'_>, text: &str) -> Result<Path, String> {
    let text = text.trim();
    let ends = text.split_once('→').or_else(|| text.split_once("->"));
    let Some((from, to)) = ends else {
        let all = standard_flows(net);
        return find_flow(&all, text).ok_or_else(|| {
            let known: Vec<String> = all.iter().flat_map(flow_ids).collect();
            if known.is_empty() {
                format!("no standard flow `{text}`: the design has no AKS cluster; name two ends as `from→to`")
            } else {
                format!(
                    "no standard flow `{text}`; the design's are {}, or name two ends as `from→to`",
                    known.join(", ")
                )
            }
        });
    };
    let from = resolve(net, from.trim()).map_err(|e| format!("from {}: {e}", from.trim()))?;
    let to = resolve(net, to.trim()).map_err(|e| format!("to {}: {e}", to.trim()))?;
    Ok(trace(net, &from, &to, Proto::Tcp, 443))
}

impl Hop {
    /// Whether a step of this hop changes the source address.
    pub fn snat(&self) -> bool {
        self.steps.iter().any(|s| s.kind == StepKind::Snat)
    }

    /// Whether a step of this hop changes the destination address.
    pub fn dnat(&self) -> bool {
        self.steps.iter().any(|s| s.kind == StepKind::Dnat)
    }
}

impl Path {
    /// Whether the packet arrives (delivered, or restricted to allowed host names).
    pub fn arrives(&self) -> bool {
        matches!(self.verdict, Verdict::Delivered | Verdict::Restricted)
    }

    /// The index of the hop where the packet stops, for a path that does not
    /// arrive: the hop with the drop step, else the last hop.
    pub fn stop_hop(&self) -> Option<usize> {
        if self.arrives() || self.hops.is_empty() {
            return None;
        }
        self.hops
            .iter()
            .position(|h| h.steps.iter().any(|s| s.kind == StepKind::Drop))
            .or(Some(self.hops.len() - 1))
    }

    /// The design's resources the path passes, hop by hop: (hop index, id).
    pub fn resources(&self) -> impl Iterator<Item = (usize, &Id)> {
        self.hops
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.resource.as_ref().map(|r| (i, r)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::plan;
    use crate::templates;

    #[test]
    fn ids_are_unique_and_find_their_flow() {
        let design = templates::find("aks-baseline-hub-spoke")
            .map(templates::Template::load)
            .unwrap()
            .unwrap()
            .design;
        let p = plan(&design);
        let net = Net::build(&design, &p);
        let all = standard_flows(&net);
        let ids: Vec<String> = all.iter().flat_map(flow_ids).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        assert!(ids.iter().any(|i| i.ends_with("/pod-internet")), "{ids:?}");
        for (c, f) in all.iter().flat_map(|c| flow_ids(c).into_iter().zip(&c.flows)) {
            assert_eq!(find_flow(&all, &c).as_ref(), Some(&f.path));
        }
        let denied = all
            .iter()
            .flat_map(|c| &c.flows)
            .find(|f| f.path.verdict == Verdict::Denied)
            .unwrap();
        let stop = denied.path.stop_hop().unwrap();
        assert!(
            denied.path.hops[stop].at.starts_with("firewall "),
            "stops at the firewall: {:?}",
            denied.path
        );
        assert!(denied.path.hops[0].snat(), "pods are NATed to their node");
        assert!(pick(&net, "no-such-flow").unwrap_err().contains("/pod-internet"));
        let by_ends = pick(&net, "internet->nowhere-at-all");
        assert!(by_ends.is_err());
    }
}
