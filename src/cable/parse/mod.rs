//! Text → `Cable`. Pure and total: no I/O, no clock, never panics; a part the
//! text does not contain is reported as missing, never guessed.
//!
//! The stages, one file each: `decode` removes the transport layer (HTML,
//! Markdown, annotations), `lines` splits the text and drops page breaks,
//! `header` reads routing and captions, `references` the REF block, `body`
//! the paragraphs and signature; `ids` knows stations and reference IDs.

mod body;
mod decode;
mod header;
pub mod ids;
mod lines;
pub mod mentions;
pub mod references;

use self::header::{Header, Level};
use super::model::{Cable, Classification, Metadata};

/// What the caller knows besides the text.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// The year to assume when the text has none (no DTG, no dated ID).
    pub year: Option<u16>,
    /// Release metadata (CSV columns or the release page's table), preferred
    /// over the text for `id`, `origin` and `classification`.
    pub metadata: Option<Metadata>,
}

/// Parses any cable text we meet, with no outside knowledge.
pub fn parse(text: &str) -> Cable {
    parse_with(text, &ParseOptions::default())
}

/// Parses a cable text with what the caller knows besides it.
pub fn parse_with(text: &str, opts: &ParseOptions) -> Cable {
    let decoded = decode::decode(text);
    let lines = lines::split_lines(&decoded.text);
    let header = header::parse_header(&lines);
    let body = body::parse_body(&lines[header.body_start.min(lines.len())..]);
    let meta = merge_metadata(opts.metadata.as_ref(), decoded.page.as_ref());

    let dtg_year = header.dtg.map(|t| t.year);
    let meta_year = meta
        .id
        .as_deref()
        .and_then(|id| id.get(..2))
        .and_then(ids::full_year);
    let text_year = dtg_year.or(opts.year);
    let id = meta.id.clone().or_else(|| own_id(&header, text_year));
    let citing_year = meta_year.or(text_year);
    let references = header
        .ref_block
        .as_deref()
        .map(|block| references::parse_references(block, citing_year))
        .unwrap_or_default();
    let paragraphs = mentions::attached(body.paragraphs, &references, citing_year);
    let origin = meta.origin.clone().or_else(|| text_origin(&header));
    let classification = meta.classification.or_else(|| text_classification(&header));

    Cable {
        id,
        created: header.dtg.or(meta.created),
        origin,
        classification,
        handling: header.handling.clone(),
        subject: header.subject.clone(),
        tags: header.tags.clone(),
        references,
        classified_by: header.classified_by.clone(),
        declassify_on: header.declassify_on.clone(),
        signers: body.signers,
        recipients: header.recipients.clone(),
        summary: body.summary,
        paragraphs,
        entities: decoded.entities,
        body: clean_body(
            &lines[header
                .text_start
                .unwrap_or(header.body_start)
                .min(lines.len())..],
        ),
    }
}

/// The caller's metadata first, then the release page's own table.
fn merge_metadata(given: Option<&Metadata>, page: Option<&Metadata>) -> Metadata {
    let empty = Metadata::default();
    let g = given.unwrap_or(&empty);
    let p = page.unwrap_or(&empty);
    Metadata {
        id: g.id.clone().or_else(|| p.id.clone()),
        created: g.created.or(p.created),
        origin: g.origin.clone().or_else(|| p.origin.clone()),
        classification: g.classification.or(p.classification),
    }
}

/// The cable's own ID from its text: the serial line's station and serial,
/// unless the routing header contradicts it (a body pasted under another
/// cable's header) or the station is redacted.
fn own_id(header: &Header, year: Option<u16>) -> Option<String> {
    let year = year?;
    // The release files USEU cables under BRUSSELS, their serial line's
    // station, not under the sender's name.
    let fm_station = header
        .fm
        .as_deref()
        .and_then(ids::station_from_fm)
        .map(|s| {
            if s == "USEUBRUSSELS" {
                "BRUSSELS".to_string()
            } else {
                s
            }
        });
    let from_header = || {
        let station = fm_station.as_deref()?;
        let serial = header.de_serial.as_deref()?;
        ids::cable_id(year, station, serial)
    };
    let Some(serial_line) = &header.serial_line else {
        return from_header();
    };
    let redacted = serial_line.station.contains("XXX");
    // The DE line numbers modulo 10,000 (`#3571` for BEIJING 023571).
    let contradicted = header.de_serial.as_deref().is_some_and(|de| {
        let last4 = |s: &str| s.parse::<u64>().map(|n| n % 10_000).ok();
        last4(de).is_some() && last4(de) != last4(&serial_line.serial)
    });
    if redacted || contradicted {
        if let Some(id) = from_header() {
            return Some(id);
        }
    }
    if redacted {
        return None;
    }
    let station = ids::canonical_station(&serial_line.station)?;
    ids::cable_id(year, &station, &serial_line.serial)
}

fn text_origin(header: &Header) -> Option<String> {
    header
        .fm
        .as_deref()
        .and_then(ids::origin_from_fm)
        .or_else(|| {
            let station = ids::canonical_station(&header.serial_line.as_ref()?.station)?;
            ids::origin_for_station(&station)
        })
}

/// The release classification from the classification line and caveats.
fn text_classification(header: &Header) -> Option<Classification> {
    let level = header
        .serial_line
        .as_ref()
        .and_then(|s| s.level)
        .or(header.zny_level)?;
    let has = |c: &str| header.handling.iter().any(|h| h == c);
    Some(match level {
        Level::Unclassified if has("SENSITIVE") => Classification::UnclassifiedFouo,
        Level::Unclassified => Classification::Unclassified,
        Level::Confidential if has("NOFORN") => Classification::ConfidentialNoforn,
        Level::Confidential => Classification::Confidential,
        Level::Secret if has("NOFORN") => Classification::SecretNoforn,
        Level::Secret => Classification::Secret,
    })
}

/// The cable text for reading and search: SIPDIS lines and runs of blank
/// lines removed, paragraph breaks kept.
fn clean_body(lines: &[lines::Line]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        let t = line.text.trim_end();
        let bare = t.trim();
        if bare == "SIPDIS" || bare == "STPDTS" {
            continue;
        }
        if bare.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(t);
        blank = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::model::Timestamp;

    const SEED_MARKDOWN: &str = include_str!("../../../assets/samples/07MOSCOW1026.txt");
    const SEED_MANGLED: &str = include_str!("../../../assets/samples/07MOSCOW5349.txt");
    const SEED_HTML_NER: &str = include_str!("../../../assets/samples/05MOSCOW11807.txt");
    const SEED_SECTIONS: &str = include_str!("../../../assets/samples/09MOSCOW501.txt");
    const SEED_NONPAPER: &str = include_str!("../../../assets/samples/08MOSCOW820.txt");

    fn numbers(c: &Cable) -> Vec<String> {
        c.paragraphs
            .iter()
            .filter_map(|p| p.number.clone())
            .collect()
    }

    #[test]
    fn markdown_copy_reads_spaced_secret_and_tag_links() {
        let c = parse(SEED_MARKDOWN);
        assert_eq!(c.id.as_deref(), Some("07MOSCOW1026"));
        assert_eq!(c.created, Timestamp::new(2007, 3, 12, 13, 0));
        assert_eq!(c.classification, Some(Classification::Secret));
        assert_eq!(c.tags, ["PREL", "PARM", "ETTC", "RS", "SY", "SU", "IR"]);
        assert_eq!(c.handling, ["SIPDIS"]);
        assert_eq!(c.signers, ["BURNS"]);
        assert_eq!(numbers(&c), ["1", "2", "3", "4"]);
        assert_eq!(c.recipients.to[0].route, None);
    }

    #[test]
    fn typo_caveat_split_subject_and_mangled_numbers_are_repaired() {
        let c = parse(SEED_MANGLED);
        assert_eq!(c.handling, ["SIPDIS"]);
        assert_eq!(
            c.subject.as_deref(),
            Some("RUSSIAN DFM SALTANOV ON DARFUR AVIATION AND TRANSPORTATION SUPPORT")
        );
        assert_eq!(c.tags, ["PGOV", "KPKO", "UN", "SU", "RS"]);
        assert_eq!(c.declassify_on.as_deref(), Some("2017-11-09"));
        assert_eq!(numbers(&c), ["1", "2", "3"]);
        assert_eq!(c.signers, ["BURNS"]);
        assert!(!c.paragraphs[2].text.ends_with("BURNS"));
    }

    #[test]
    fn html_copy_without_year_has_no_id_but_entities_and_paragraphs() {
        let c = parse(SEED_HTML_NER);
        assert_eq!(c.id, None);
        assert_eq!(c.created, None);
        assert_eq!(c.origin.as_deref(), Some("Embassy Moscow"));
        assert_eq!(numbers(&c), ["1", "2", "3", "4"]);
        assert_eq!(c.paragraphs[0].classification.as_deref(), Some("S"));
        assert_eq!(c.entities[0].kind, "LOC");
        assert_eq!(c.entities[0].text, "DECL:");
        assert_eq!(c.signers, ["RUSSELL"]);
        assert!(c.references.iter().all(|r| r.id.is_none()));
    }

    #[test]
    fn year_option_gives_the_id_when_the_text_has_none() {
        let opts = ParseOptions {
            year: Some(2005),
            metadata: None,
        };
        let c = parse_with(SEED_HTML_NER, &opts);
        assert_eq!(c.id.as_deref(), Some("05MOSCOW11807"));
        assert_eq!(c.created, None);
    }

    #[test]
    fn sectioned_sensitive_cable_with_page_break_and_summary() {
        let c = parse(SEED_SECTIONS);
        assert_eq!(c.id.as_deref(), Some("09MOSCOW501"));
        assert_eq!(c.classification, Some(Classification::UnclassifiedFouo));
        assert_eq!(c.handling, ["SENSITIVE", "SIPDIS"]);
        assert_eq!(numbers(&c).len(), 10);
        assert!(c
            .summary
            .as_deref()
            .is_some_and(|s| s.starts_with("On February 26")));
        assert!(!c.body.contains("00000501"));
        // The page break inside paragraph 7 keeps the paragraph whole.
        assert!(c.paragraphs[6].text.contains("experts, and support staff"));
        assert_eq!(c.recipients.info.len(), 7);
        assert_eq!(c.declassify_on, None);
        assert_eq!(c.classified_by, None);
    }

    #[test]
    fn quoted_non_paper_stays_inside_its_paragraph() {
        let c = parse(SEED_NONPAPER);
        assert_eq!(numbers(&c), ["1", "2", "3"]);
        assert_eq!(c.handling, ["SIPDIS", "SENSITIVE"]);
        assert!(c.paragraphs[1]
            .text
            .contains("Pursuant to the instructions"));
        assert_eq!(c.paragraphs[2].classification.as_deref(), Some("U"));
        assert_eq!(c.recipients.info[0].precedence.as_deref(), Some("PRIORITY"));
    }

    #[test]
    fn metadata_wins_for_id_origin_and_classification_but_not_created() {
        let opts = ParseOptions {
            year: None,
            metadata: Some(Metadata {
                id: Some("07MOSCOW1026".into()),
                created: Timestamp::new(2007, 3, 12, 13, 3),
                origin: Some("Embassy Moscow".into()),
                classification: Some(Classification::SecretNoforn),
            }),
        };
        let c = parse_with(SEED_MARKDOWN, &opts);
        assert_eq!(c.classification, Some(Classification::SecretNoforn));
        assert_eq!(c.created, Timestamp::new(2007, 3, 12, 13, 0));
    }

    #[test]
    fn empty_and_garbage_input_give_an_empty_cable() {
        let c = parse("");
        assert_eq!(c, Cable::default());
        let c = parse("\u{0}\u{1}��");
        assert_eq!(c.id, None);
    }

    #[test]
    fn a_lone_ref_block_is_understood() {
        let c = parse_with(
            "REF: A. MOSCOW 977 B. STATE 26466",
            &ParseOptions {
                year: Some(2007),
                metadata: None,
            },
        );
        assert_eq!(c.references.len(), 2);
        assert_eq!(c.references[1].id.as_deref(), Some("07STATE26466"));
    }

    #[test]
    fn a_header_fragment_alone_is_understood() {
        let c = parse(
            "O 091341Z NOV 07\nFM AMEMBASSY MOSCOW\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 5172\n",
        );
        assert_eq!(c.created, Timestamp::new(2007, 11, 9, 13, 41));
        assert_eq!(c.origin.as_deref(), Some("Embassy Moscow"));
        assert_eq!(c.recipients.to.len(), 1);
        assert_eq!(c.id, None);
    }
}
