//! # netdraft-core
//!
//! The heart of netdraft: the design model, the design file format, the topology
//! graph, starter templates and the synthetic design generator. Everything here
//! is a pure function of its inputs: no GUI toolkit, no file or network I/O, no
//! clocks. The GUI, the CLI, the exporters and the importer all sit on top.
//!
//! - [`model`]: resources, their kinds and relations; [`model::Design`].
//! - [`file`]: reading and writing the TOML design file, with errors that name
//!   the line, the field and the fix.
//! - [`validate`]: structural checks run on load (references, containment, CIDRs).
//! - [`topology`]: the design as a petgraph graph (peering components, what a
//!   route table serves, what fronts what).
//! - [`lint`]: design lint rules (`ND001`…) with severity, why (with its
//!   facts-sheet source) and fix, over a design and its plan.
//! - [`templates`]: the starter designs shipped in the binary.
//! - [`generate`]: synthetic designs of any size for benchmarks and tests.

pub mod catalogue;
pub mod command;
pub mod diag;
pub mod drift;
pub mod file;
pub mod generate;
pub mod id;
pub mod lint;
pub mod model;
pub mod net;
pub mod plan;
pub mod route;
pub mod templates;
pub mod text;
pub mod topology;
pub mod validate;

pub use diag::{Diagnostic, Severity};
pub use id::Id;
pub use model::{Design, Kind, Resource, Spec};
