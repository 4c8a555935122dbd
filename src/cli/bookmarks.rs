//! `cablegram bookmarks [--json]`, `bookmarks export [--format md|json]`,
//! `bookmarks import FILE`, and for scripts `bookmarks add` / `remove`.

use std::path::PathBuf;

use super::show::wrap;
use super::{terminal_safe, CommandError, Output};
use crate::cable::parse::ids;
use crate::cable::Cable;
use crate::library::{self, read_backup, retry_set_aside, Bookmark, Library};

pub const LONG_ABOUT: &str = "Lists the paragraph bookmarks with their notes: cable, paragraph \
(¶ number as written, or `block N` for a cable without numbered paragraphs), date, note. \
Bookmarks live in the library directory, beside the index: an import, even `import --rebuild`, \
keeps them.

`--json` prints an array of {\"id\", \"paragraph\", \"number\", \"note\", \"created\"}: \
`paragraph` is the position in the cable, from 1, and `number` the paragraph number as written.

`export` (or `export --format md`) prints citations ready to paste into notes (the citation line, the \
paragraph quoted, the note under it); `export --format json` prints the same array as `--json`, \
a backup that `import FILE` merges back without duplicates.";

#[derive(Debug, Clone, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BookmarksArgs {
    /// Print a JSON array of {"id", "paragraph", "number", "note", "created"}
    #[arg(long)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Option<BookmarksCommand>,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum BookmarksCommand {
    /// Print all bookmarks as Markdown citations for notes, or as a JSON backup
    Export(ExportArgs),
    /// Merge a JSON backup (from `export --format json`) into the bookmarks
    Import(ImportArgs),
    /// Bookmark a paragraph of a cable in the library (replaces the note of an existing bookmark)
    Add(AddArgs),
    /// Remove the bookmark of a paragraph
    Remove(RemoveArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// md: citations with the paragraph quoted and the note; json: a backup for `import`
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ExportFormat::Md)]
    pub format: ExportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Md,
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// A JSON backup written by `cablegram bookmarks export --format json`
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Clone, clap::Args)]
pub struct AddArgs {
    /// The cable ID (07MOSCOW1026; leading zeros and case do not matter)
    #[arg(value_name = "ID")]
    pub id: String,

    /// The paragraph's position in the cable, from 1 (not its number as written)
    #[arg(value_name = "PARAGRAPH")]
    pub paragraph: usize,

    /// A note to keep with the bookmark
    #[arg(long, value_name = "NOTE", default_value = "")]
    pub note: String,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RemoveArgs {
    /// The cable ID
    #[arg(value_name = "ID")]
    pub id: String,

    /// The paragraph's position in the cable, from 1
    #[arg(value_name = "PARAGRAPH")]
    pub paragraph: usize,
}

/// The width the Markdown quotes are reflowed to (without the `> `).
const QUOTE_WIDTH: usize = 76;

pub fn run(lib: &Library, args: &BookmarksArgs, o: &mut Output) -> Result<(), CommandError> {
    match &args.command {
        None => list(lib, args.json, o),
        Some(BookmarksCommand::Export(a)) => export(lib, a.format, o),
        Some(BookmarksCommand::Import(a)) => import(lib, a, o),
        Some(BookmarksCommand::Add(a)) => add(lib, a, o),
        Some(BookmarksCommand::Remove(a)) => remove(lib, a, o),
    }
}

/// Runs a store operation; a damaged file it met has been set aside: say
/// where in one sentence on stderr, and carry on with a fresh file.
pub(super) fn recovering<T>(
    o: &mut Output,
    op: impl FnMut() -> library::Result<T>,
) -> Result<T, CommandError> {
    let (result, notice) = retry_set_aside(op);
    if let Some(notice) = notice {
        writeln!(o.err, "warning: {}", terminal_safe(&notice.to_string()))?;
    }
    Ok(result?)
}

fn list(lib: &Library, json: bool, o: &mut Output) -> Result<(), CommandError> {
    let mut bookmarks = recovering(o, || lib.store().bookmarks())?;
    if json {
        serde_json::to_writer(&mut *o.out, &bookmarks).map_err(std::io::Error::from)?;
        writeln!(o.out)?;
        return Ok(());
    }
    // The reader's bookmarks view lists them in this order too.
    crate::library::store::listing_order(&mut bookmarks);
    if bookmarks.is_empty() {
        writeln!(
            o.err,
            "no bookmarks yet: press m on a paragraph in the reader, or use `cablegram bookmarks add`"
        )?;
        return Ok(());
    }
    let id_width = bookmarks.iter().map(|b| b.id.chars().count()).max();
    let label_width = bookmarks.iter().map(|b| b.label().chars().count()).max();
    let (id_width, label_width) = (id_width.unwrap_or(0), label_width.unwrap_or(0));
    for b in &bookmarks {
        let id = terminal_safe(&b.id);
        let id = if o.color {
            format!("\x1b[1m{id:id_width$}\x1b[0m")
        } else {
            format!("{id:id_width$}")
        };
        let line = format!(
            "{id}  {:label_width$}  {}  {}",
            terminal_safe(&b.label()),
            terminal_safe(b.created.get(..10).unwrap_or(&b.created)),
            terminal_safe(&b.note)
        );
        writeln!(o.out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn export(lib: &Library, format: ExportFormat, o: &mut Output) -> Result<(), CommandError> {
    let bookmarks = recovering(o, || lib.store().bookmarks())?;
    if format == ExportFormat::Json {
        serde_json::to_writer_pretty(&mut *o.out, &bookmarks).map_err(std::io::Error::from)?;
        writeln!(o.out)?;
        return Ok(());
    }
    if bookmarks.is_empty() {
        writeln!(o.err, "no bookmarks yet")?;
    }
    for (i, b) in bookmarks.iter().enumerate() {
        if i > 0 {
            writeln!(o.out)?;
        }
        let cable = match lib.resolve(&b.id)? {
            Some(id) => lib.get(&id)?.map(|s| s.cable),
            None => None,
        };
        for line in citation_markdown(b, cable.as_ref()) {
            writeln!(o.out, "{}", terminal_safe(&line))?;
        }
    }
    Ok(())
}

/// One bookmark as Markdown for notes: the citation line
/// (`07MOSCOW1026 ¶2 · SECRET · 2007-03-12 · Embassy Moscow · subject`),
/// a blank line, the paragraph quoted, and the note under it. Without the
/// cable, the citation says what is known and that the text is unavailable.
pub fn citation_markdown(b: &Bookmark, cable: Option<&Cable>) -> Vec<String> {
    let head = crate::text::citation_line(&b.id, b.paragraph, b.number.as_deref(), cable);
    let mut lines = Vec::new();
    match cable {
        None => {
            lines.push(format!(
                "_Text unavailable: {} is not in the library._",
                b.id
            ));
        }
        Some(c) => match b.paragraph.checked_sub(1).and_then(|i| c.paragraphs.get(i)) {
            None => lines.push(format!(
                "_Text unavailable: the cable in the library has no paragraph at position {}._",
                b.paragraph
            )),
            Some(p) => {
                let marked = crate::text::portion_marked(p);
                for (i, block) in marked.split("\n\n").enumerate() {
                    if i > 0 {
                        lines.push(">".into());
                    }
                    lines.extend(
                        wrap(block, QUOTE_WIDTH, "")
                            .into_iter()
                            .map(|l| format!("> {l}")),
                    );
                }
            }
        },
    }
    let mut out = vec![head, String::new()];
    out.extend(lines);
    if !b.note.trim().is_empty() {
        out.push(String::new());
        out.extend(b.note.lines().map(str::to_string));
    }
    out
}

fn import(lib: &Library, args: &ImportArgs, o: &mut Output) -> Result<(), CommandError> {
    let backup = read_backup(&args.file)?;
    let counts = recovering(o, || lib.store().import_bookmarks(backup.clone()))?;
    writeln!(
        o.out,
        "added {}, updated {}, unchanged {}",
        counts.added, counts.updated, counts.unchanged
    )?;
    Ok(())
}

fn add(lib: &Library, args: &AddArgs, o: &mut Output) -> Result<(), CommandError> {
    let Some(id) = ids::normalize_id(&args.id) else {
        return Err(CommandError::User(format!(
            "{:?} is not a cable ID (like 07MOSCOW1026)",
            args.id
        )));
    };
    let cable = match lib.resolve(&id)? {
        Some(found) => lib.get(&found)?.map(|s| s.cable),
        None => None,
    };
    let Some(cable) = cable else {
        return Err(CommandError::User(format!("{id} is not in the library")));
    };
    let id = cable.id.clone().unwrap_or(id);
    let count = cable.paragraphs.len();
    if count == 0 {
        return Err(CommandError::User(format!(
            "{id} has no paragraphs to bookmark"
        )));
    }
    let Some(paragraph) = args
        .paragraph
        .checked_sub(1)
        .and_then(|i| cable.paragraphs.get(i))
    else {
        return Err(CommandError::User(format!(
            "{id} has {count} paragraph{}; PARAGRAPH is a position from 1 to {count}, not {}",
            if count == 1 { "" } else { "s" },
            args.paragraph
        )));
    };
    let bookmark = Bookmark::new(&id, args.paragraph, paragraph.number.clone(), &args.note);
    let label = bookmark.label();
    recovering(o, || lib.store().add_bookmark(bookmark.clone()))?;
    writeln!(o.out, "bookmarked {id} {label}")?;
    Ok(())
}

fn remove(lib: &Library, args: &RemoveArgs, o: &mut Output) -> Result<(), CommandError> {
    let removed = recovering(o, || lib.store().remove_bookmark(&args.id, args.paragraph))?;
    if !removed {
        return Err(CommandError::User(format!(
            "there is no bookmark on {} at paragraph position {}",
            terminal_safe(&args.id),
            args.paragraph
        )));
    }
    writeln!(
        o.out,
        "removed the bookmark on {} at paragraph position {}",
        terminal_safe(&args.id),
        args.paragraph
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::{Classification, Paragraph, Timestamp};

    fn bookmark(number: Option<&str>, paragraph: usize, note: &str) -> Bookmark {
        Bookmark {
            id: "07MOSCOW1026".into(),
            paragraph,
            number: number.map(str::to_string),
            note: note.into(),
            created: "2026-05-01T12:00:00Z".into(),
        }
    }

    fn cable() -> Cable {
        Cable {
            id: Some("07MOSCOW1026".into()),
            created: Timestamp::new(2007, 3, 12, 13, 0),
            origin: Some("Embassy Moscow".into()),
            classification: Some(Classification::Secret),
            subject: Some("ARMS COOPERATION".into()),
            paragraphs: vec![
                Paragraph {
                    number: Some("1".into()),
                    classification: None,
                    text: "First.".into(),
                    mentions: Vec::new(),
                },
                Paragraph {
                    number: Some("2".into()),
                    classification: Some("S".into()),
                    text: "Sergey Petlyakov said so.\n\nA second block.".into(),
                    mentions: Vec::new(),
                },
            ],
            ..Cable::default()
        }
    }

    #[test]
    fn markdown_has_the_citation_line_the_quote_and_the_note() {
        let md = citation_markdown(&bookmark(Some("2"), 2, "check this"), Some(&cable()));
        assert_eq!(
            md,
            [
                "07MOSCOW1026 ¶2 · SECRET · 2007-03-12 · Embassy Moscow · ARMS COOPERATION",
                "",
                "> (S) Sergey Petlyakov said so.",
                ">",
                "> A second block.",
                "",
                "check this",
            ]
        );
    }

    #[test]
    fn markdown_without_the_cable_cites_what_is_known() {
        let md = citation_markdown(&bookmark(None, 3, ""), None);
        assert_eq!(md[0], "07MOSCOW1026 block 3");
        assert!(md[2].contains("unavailable"), "{md:?}");
        assert_eq!(md.len(), 3);
    }

    #[test]
    fn markdown_of_a_position_the_cable_lacks_says_so() {
        let md = citation_markdown(&bookmark(Some("9"), 9, "n"), Some(&cable()));
        assert!(md[0].starts_with("07MOSCOW1026 ¶9 · SECRET"), "{md:?}");
        assert!(md[2].contains("no paragraph at position 9"), "{md:?}");
    }

    #[test]
    fn long_paragraphs_are_reflowed_inside_the_quote() {
        let mut c = cable();
        c.paragraphs[0].text = "word ".repeat(40);
        let md = citation_markdown(&bookmark(Some("1"), 1, ""), Some(&c));
        let quote: Vec<&String> = md.iter().filter(|l| l.starts_with('>')).collect();
        assert!(quote.len() >= 3, "{md:?}");
        assert!(quote.iter().all(|l| l.chars().count() <= QUOTE_WIDTH + 2));
    }
}
