//! `cablegram show ID [--json] [--raw]`: one cable, laid out for reading.

use super::{terminal_safe, CommandError, Output};
use crate::cable::Cable;
use crate::library::{Library, RefStatus};

#[derive(Debug, Clone, clap::Args)]
pub struct ShowArgs {
    /// The cable ID (07MOSCOW1026; leading zeros and case do not matter)
    #[arg(value_name = "ID")]
    pub id: String,

    /// Print the parsed cable as JSON, with "cited_by"
    #[arg(long, conflicts_with = "raw")]
    pub json: bool,

    /// Print the text as it was imported
    #[arg(long)]
    pub raw: bool,
}

pub fn run(lib: &Library, args: &ShowArgs, o: &mut Output) -> Result<(), CommandError> {
    let stored = lib
        .get(&args.id)?
        .ok_or_else(|| CommandError::User(not_found(lib, &args.id)))?;
    if args.raw {
        // The imported text, made safe for the terminal line by line.
        for line in stored.raw.lines() {
            writeln!(o.out, "{}", terminal_safe(line))?;
        }
        return Ok(());
    }
    // The `--json` object is the one the JSON Lines export writes.
    let json = lib.cable_json(&stored.cable)?;
    if args.json {
        crate::library::export::write_jsonl(&mut *o.out, &json)?;
        return Ok(());
    }
    let cited_by = json.cited_by;
    let width = terminal_width();
    write_cable(o, lib, &stored.cable, &cited_by, width)
}

pub(crate) fn not_found(lib: &Library, id: &str) -> String {
    match crate::cable::parse::ids::normalize_id(id) {
        None => format!("{id:?} is not a cable ID (like 07MOSCOW1026)"),
        Some(id) => format!(
            "{id} is not in the library{}",
            if lib.is_samples() {
                " (it holds only the bundled samples)"
            } else {
                ""
            }
        ),
    }
}

/// The width to wrap at: the terminal's (`COLUMNS`), else 80.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|&w| w >= 20)
        .unwrap_or(80)
        .min(100)
}

fn write_cable(
    o: &mut Output,
    lib: &Library,
    c: &Cable,
    cited_by: &[String],
    width: usize,
) -> Result<(), CommandError> {
    let bold = |s: &str| {
        if o.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let id = c.id.as_deref().unwrap_or("(no ID)");
    let mut head = vec![id.to_string()];
    if let Some(class) = c.classification {
        head.push(class.as_str().to_string());
    }
    if let Some(t) = c.created {
        head.push(format!(
            "{} {:02}:{:02}Z",
            t.date_string(),
            t.hour,
            t.minute
        ));
    }
    if let Some(origin) = &c.origin {
        head.push(origin.clone());
    }
    writeln!(o.out, "{}", bold(&terminal_safe(&head.join(" · "))))?;
    if let Some(subject) = &c.subject {
        for line in wrap(&format!("SUBJECT: {subject}"), width, "         ") {
            writeln!(o.out, "{}", terminal_safe(&line))?;
        }
    }
    if !c.tags.is_empty() {
        writeln!(o.out, "TAGS: {}", terminal_safe(&c.tags.join(" ")))?;
    }
    if !c.handling.is_empty() {
        writeln!(o.out, "HANDLING: {}", terminal_safe(&c.handling.join(" ")))?;
    }
    if !c.references.is_empty() {
        writeln!(o.out, "REF:")?;
        for (r, status) in c.references.iter().zip(lib.follow(c)?) {
            let label = r
                .label
                .as_deref()
                .map(|l| format!("{l}. "))
                .unwrap_or_default();
            let status = match status {
                RefStatus::NotACable => "·".to_string(),
                RefStatus::Present(found) => format!("✓ {found}"),
                RefStatus::Missing(rid) => format!("✗ {rid} (not in the library)"),
            };
            writeln!(o.out, "  {label}{}  {status}", terminal_safe(&r.text))?;
        }
    }
    if let Some(by) = &c.classified_by {
        let mut line = format!("Classified by: {}", by.text);
        if let Some(reasons) = &by.reasons {
            line.push_str(&format!(" ({reasons})"));
        }
        for l in wrap(&line, width, "  ") {
            writeln!(o.out, "{}", terminal_safe(&l))?;
        }
    }
    if let Some(d) = &c.declassify_on {
        writeln!(o.out, "Declassify on: {d}")?;
    }
    for p in &c.paragraphs {
        writeln!(o.out)?;
        let mut lead = String::new();
        if let Some(n) = &p.number {
            lead.push_str(&format!("¶{n} "));
        }
        if let Some(mark) = &p.classification {
            lead.push_str(&format!("({mark}) "));
        }
        for (i, block) in p.text.split("\n\n").enumerate() {
            if i > 0 {
                writeln!(o.out)?;
            }
            let text = if i == 0 {
                format!("{lead}{block}")
            } else {
                block.to_string()
            };
            for line in text.lines() {
                for l in wrap(line, width, "") {
                    writeln!(o.out, "{}", terminal_safe(&l))?;
                }
            }
        }
    }
    if c.paragraphs.is_empty() && !c.body.is_empty() {
        writeln!(o.out)?;
        for line in c.body.lines() {
            writeln!(o.out, "{}", terminal_safe(line))?;
        }
    }
    if !c.signers.is_empty() {
        writeln!(o.out)?;
        writeln!(o.out, "{}", terminal_safe(&c.signers.join(", ")))?;
    }
    if !cited_by.is_empty() {
        writeln!(o.out)?;
        writeln!(o.out, "Cited by: {}", cited_by.join(", "))?;
    }
    Ok(())
}

/// Greedy word wrap (one for the CLI and the reader's help: `text`).
pub use crate::text::wrap;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_the_width_and_indents() {
        assert_eq!(wrap("aaa bbb ccc", 7, "  "), vec!["aaa bbb", "  ccc"]);
        assert_eq!(wrap("", 10, ""), Vec::<String>::new());
    }
}
