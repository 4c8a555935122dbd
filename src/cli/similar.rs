//! `cablegram similar ID [--limit N] [--json]`: the cables closest in
//! content to a cable, best first — for a cable whose chain is missing.
//! Printed as `search` prints its hits; `--json` is the `search` object,
//! `score` the similarity.

use super::{search, show, CommandError, Output};
use crate::library::Library;

#[derive(Debug, Clone, clap::Args)]
pub struct SimilarArgs {
    /// The cable ID
    #[arg(value_name = "ID")]
    pub id: String,

    /// How many cables to print
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,

    /// Print one JSON object: {"total", "hits": [...]}, as search does
    #[arg(long)]
    pub json: bool,
}

pub fn run(lib: &Library, args: &SimilarArgs, o: &mut Output) -> Result<(), CommandError> {
    let results = lib
        .similar(&args.id, args.limit)?
        .ok_or_else(|| CommandError::User(show::not_found(lib, &args.id)))?;
    if args.json {
        serde_json::to_writer(&mut *o.out, &results).map_err(std::io::Error::from)?;
        writeln!(o.out)?;
        return Ok(());
    }
    match results.total {
        0 => writeln!(o.out, "no cable is like it")?,
        n if n > results.hits.len() => writeln!(
            o.out,
            "{n} cables share words with it; the {} closest shown, closest first",
            results.hits.len()
        )?,
        n => writeln!(o.out, "{n} cables share words with it, closest first")?,
    }
    for hit in &results.hits {
        search::write_hit(o, hit)?;
    }
    Ok(())
}
