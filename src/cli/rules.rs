//! `netdraft rules`: list the design lint rules.

use std::process::ExitCode;

use netdraft_core::lint;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Prints one rule per line: its id, severity and title. With --explain, also why (with \
    its facts-sheet source) and the fix.\n\n\
    With --coverage, prints which rules enforce each constraint row of the Azure facts sheet, and \
    why the rows without a rule have none (docs/coverage.md).\n\n\
    Examples:\n  netdraft rules\n  netdraft rules --explain ND011\n  netdraft rules --markdown > docs/rules.md\n  \
    netdraft rules --coverage > docs/coverage.md"
)]
pub struct Args {
    /// Print the catalogue page (docs/rules.md) as Markdown.
    #[arg(long, conflicts_with_all = ["explain", "coverage"])]
    markdown: bool,
    /// Print the facts-sheet coverage page (docs/coverage.md) as Markdown.
    #[arg(long, conflicts_with = "explain")]
    coverage: bool,
    /// Explain one rule (or every rule with no id).
    #[arg(long, value_name = "ID", num_args = 0..=1, default_missing_value = "")]
    explain: Option<String>,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.coverage {
        super::outln!("{}", lint::coverage_markdown().trim_end());
        return Ok(ExitCode::SUCCESS);
    }
    if args.markdown {
        super::outln!("{}", lint::markdown().trim_end());
        return Ok(ExitCode::SUCCESS);
    }
    let rules = lint::rules();
    let chosen: Vec<&lint::Rule> = match args.explain.as_deref() {
        None | Some("") => rules,
        Some(id) => match lint::find(&id.to_ascii_uppercase()) {
            Some(r) => vec![r],
            None => {
                return Ok(super::bad_input(format!(
                    "there is no rule `{id}`; `netdraft rules` lists them"
                )));
            }
        },
    };
    for r in chosen {
        super::outln!("{}  {:<7}  {}", r.id, r.severity.as_str(), r.title);
        if args.explain.is_some() {
            super::outln!("  why: {}\n  fix: {}", r.why, r.fix);
        }
    }
    Ok(ExitCode::SUCCESS)
}
