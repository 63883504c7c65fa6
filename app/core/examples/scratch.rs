fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    match netdraft_core::file::parse(&text, "x.toml") {
        Ok(l) => { for w in &l.warnings { eprintln!("{}", w.display("x.toml")); } print!("{}", netdraft_core::file::to_toml(&l.design)); }
        Err(e) => eprintln!("{e}"),
    }
}
