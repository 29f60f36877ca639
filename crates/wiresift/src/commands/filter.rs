//! Display filters on the command line: compiling `-Y`/`-R` with tshark's error layout, and
//! `wiresift filter check`.

use std::process::ExitCode;

use ::filter::Filter;
use fields::Registry;

/// A filter that does not compile: the message, the filter and a caret line under the offending part, as
/// tshark prints them (`wiresift: MESSAGE` then the filter indented by four spaces). Exit status 2, as
/// tshark's.
#[derive(Debug)]
pub struct BadFilter(String);

impl std::fmt::Display for BadFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadFilter {}

/// Compiles a filter given on the command line; a blank one is no filter, as in tshark.
pub fn compile(text: &str, registry: &Registry) -> Result<Option<Filter>, BadFilter> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Filter::compile(text, registry)
        .map(Some)
        .map_err(|e| BadFilter(format!("{}\n{}", e.message, e.render(text))))
}

/// `wiresift filter check EXPR`: the canonical form and the fields read, or the error (exit status 2).
pub fn check(expr: &str) -> anyhow::Result<ExitCode> {
    let registry = dissect::registry();
    let Some(f) = compile(expr, registry)? else {
        println!("empty filter: every frame matches");
        return Ok(ExitCode::SUCCESS);
    };
    println!("{}", f.canonical());
    let names: Vec<&str> = f
        .fields()
        .iter()
        .map(|id| registry.field(*id).abbrev)
        .collect();
    println!("fields: {}", names.join(" "));
    Ok(ExitCode::SUCCESS)
}
