//! Traffic flows in the designer: the flow the user picked (a standard flow
//! of a cluster, or two ends of their own), traced by the route engine once
//! per design revision and choice, and turned into what the canvas marks:
//! numbered hops, address translations and where the packet stops. The
//! pictures (the SVG and PNG previews, File > Export) draw the same flow.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use netdraft_core::plan::Plan;
use netdraft_core::route::{self, ClusterFlows, Net, Path, Proto};
use netdraft_core::{Design, Id};

/// The route engine's text with its arrows written `->`: the designer's
/// font has no glyph for `→`.
pub fn plain(text: &str) -> String {
    text.replace('→', "->")
}

/// Which flow is shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlowChoice {
    /// A standard flow, by its id (`cluster/pod-internet`).
    Standard(String),
    /// Two ends as `netdraft path` takes them, and a TCP port.
    Custom { from: String, to: String, port: u16 },
}

/// One hop as the canvas and the hop list show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HopMark {
    /// 1-based.
    pub number: usize,
    pub at: String,
    pub resource: Option<Id>,
    pub snat: bool,
    pub dnat: bool,
    /// The packet stops here.
    pub stop: bool,
}

impl HopMark {
    /// The hop as one line of text: `2. firewall afw-hub (10.0.0.4) · SNAT · stops here`.
    pub fn line(&self) -> String {
        let mut s = format!("{}. {}", self.number, self.at);
        if self.snat {
            s.push_str(" · SNAT");
        }
        if self.dnat {
            s.push_str(" · DNAT");
        }
        if self.stop {
            s.push_str(" · stops here");
        }
        s
    }
}

/// A traced flow, ready to show.
#[derive(Debug, Clone)]
pub struct FlowView {
    /// `pod -> internet: pods of aks (10.244.0.4) -> internet`.
    pub title: String,
    pub path: Path,
    pub hops: Vec<HopMark>,
    /// Tells drawings of different flows apart (the canvas reuses its drawing per key).
    pub key: u64,
}

impl FlowView {
    fn new(title: &str, path: Path, choice: &FlowChoice) -> FlowView {
        let stop = path.stop_hop();
        let hops = path
            .hops
            .iter()
            .enumerate()
            .map(|(i, h)| HopMark {
                number: i + 1,
                at: plain(&h.at),
                resource: h.resource.clone(),
                snat: h.snat(),
                dnat: h.dnat(),
                stop: stop == Some(i),
            })
            .collect();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        choice.hash(&mut hasher);
        FlowView {
            title: plain(title),
            path,
            hops,
            key: hasher.finish(),
        }
    }

    /// The verdict line: `denied: policy … no rule allows …`.
    pub fn verdict(&self) -> String {
        plain(&format!("{}: {}", self.path.verdict.as_str(), self.path.reason))
    }

    /// The hops shown up to (and including) hop index `through`, or all.
    pub fn shown(&self, through: Option<usize>) -> &[HopMark] {
        let n = through.map_or(self.hops.len(), |t| (t + 1).min(self.hops.len()));
        &self.hops[..n]
    }

    /// The design's resources of the hops shown, with the boxes they sit in
    /// (what workshop mode keeps lit).
    pub fn lit(&self, design: &Design, through: Option<usize>) -> BTreeSet<Id> {
        let mut out = BTreeSet::new();
        for id in self.shown(through).iter().filter_map(|h| h.resource.as_ref()) {
            out.insert(id.clone());
            out.extend(design.ancestors(id.as_str()).map(|a| a.id.clone()));
        }
        out
    }
}

/// One standard flow in the list: its id, name, ends and verdict.
#[derive(Debug, Clone)]
pub struct FlowEntry {
    pub id: String,
    pub flow: String,
    pub from: String,
    pub to: String,
    pub verdict: route::Verdict,
}

/// The standard flows of one cluster.
#[derive(Debug, Clone)]
pub struct ClusterEntry {
    pub name: String,
    pub flows: Vec<FlowEntry>,
}

/// What one design revision knows about traffic: the standard flows (traced
/// on first use) and the flow shown (traced when the choice changes).
#[derive(Debug, Default)]
pub struct Traffic {
    standard: Option<(Vec<ClusterFlows>, Vec<ClusterEntry>)>,
    shown: Option<(FlowChoice, Result<Arc<FlowView>, String>)>,
}

impl Traffic {
    fn standard(&mut self, design: &Design, plan: &Plan) -> &(Vec<ClusterFlows>, Vec<ClusterEntry>) {
        self.standard.get_or_insert_with(|| {
            let net = Net::build(design, plan);
            let all = route::standard_flows(&net);
            let entries = all
                .iter()
                .map(|c| ClusterEntry {
                    name: c.name.clone(),
                    flows: route::flow_ids(c)
                        .into_iter()
                        .zip(&c.flows)
                        .map(|(id, f)| FlowEntry {
                            id,
                            flow: plain(&f.flow),
                            from: plain(&f.path.from),
                            to: plain(&f.path.to),
                            verdict: f.path.verdict,
                        })
                        .collect(),
                })
                .collect();
            (all, entries)
        })
    }

    /// Traces what is needed for this revision: the standard flows when
    /// `list` (the flows tab is open), and the chosen flow. Returns whether
    /// the flow shown changed.
    pub fn prepare(&mut self, design: &Design, plan: &Plan, list: bool, choice: Option<&FlowChoice>) -> bool {
        if list {
            self.standard(design, plan);
        }
        let Some(choice) = choice else {
            return self.shown.take().is_some();
        };
        if self.shown.as_ref().is_some_and(|(c, _)| c == choice) {
            return false;
        }
        let view = match choice {
            FlowChoice::Standard(id) => {
                let (all, entries) = self.standard(design, plan);
                let entry = entries.iter().flat_map(|c| &c.flows).find(|f| f.id == *id);
                match (route::find_flow(all, id), entry) {
                    (Some(path), Some(e)) => Ok(FlowView::new(
                        &format!("{}: {} -> {}", e.flow, e.from, e.to),
                        path,
                        choice,
                    )),
                    _ => Err(format!("the design no longer has the flow {id}")),
                }
            }
            FlowChoice::Custom { from, to, port } => {
                let net = Net::build(design, plan);
                route::resolve(&net, from)
                    .map_err(|e| format!("From {from}: {e}"))
                    .and_then(|a| {
                        let b = route::resolve(&net, to).map_err(|e| format!("To {to}: {e}"))?;
                        let path = route::trace(&net, &a, &b, Proto::Tcp, *port);
                        let title = format!("{} -> {} (tcp/{port})", path.from, path.to);
                        Ok(FlowView::new(&title, path, choice))
                    })
            }
        };
        self.shown = Some((choice.clone(), view.map(Arc::new).map_err(|e| plain(&e))));
        true
    }

    /// The standard flows, per cluster, once traced.
    pub fn entries(&self) -> Option<&[ClusterEntry]> {
        self.standard.as_ref().map(|(_, e)| e.as_slice())
    }

    /// The flow shown, once traced, or why it could not be.
    pub fn shown(&self) -> Option<&Result<Arc<FlowView>, String>> {
        self.shown.as_ref().map(|(_, v)| v)
    }

    /// The flow shown, when it could be traced.
    pub fn view(&self) -> Option<&Arc<FlowView>> {
        self.shown().and_then(|r| r.as_ref().ok())
    }
}
