//! Unit tests of the route engine on small designs written for one rule each.

use super::*;
use crate::file;
use crate::plan::plan;

fn load(text: &str) -> crate::model::Design {
    file::parse(text, "t").expect("parses").design
}

#[test]
fn scratch_print_templates() {
    for t in crate::templates::ALL {
        let d = t.load().unwrap().design;
        let p = plan(&d);
        let net = Net::build(&d, &p);
        println!("=== {}\n{}", t.name, render_flows(&standard_flows(&net)));
    }
    let _ = load;
}
