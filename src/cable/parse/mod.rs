//! Text → `Cable`. Pure and total: no I/O, no clock, never panics; a part the
//! text does not contain is reported as missing, never guessed.
//!
//! The stages, one file each: `decode` removes the transport layer (HTML,
//! Markdown, annotations), `lines` splits the text and drops page breaks,
//! `header` reads routing and captions, `references` the REF block, `body`
//! the paragraphs and signature; `ids` knows stations and reference IDs.

mod body;
mod classified;
mod decode;
mod header;
pub mod ids;
mod lines;
pub mod mentions;
pub mod references;
mod tagline;

use self::header::{Header, Level};
use super::model::{Cable, Classification, Metadata, Reference};

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
    let id = meta
        .id
        .clone()
        .or_else(|| own_id(&header, &lines, text_year));
    let aliases: Vec<String> = meta
        .id
        .as_deref()
        .and_then(|release| {
            let text = own_id(&header, &lines, text_year.or(meta_year))?;
            ids::is_odd_release_id(release, &text).then_some(text)
        })
        .into_iter()
        .collect();
    let citing_year = meta_year.or(text_year);
    let mut references = header
        .ref_block
        .as_deref()
        .map(|block| references::parse_references(block, citing_year))
        .unwrap_or_default();
    // An export record lists the release's own references: those the text
    // did not give are added.
    for rid in &decoded.release_refs {
        if !references
            .iter()
            .any(|r| r.id.as_deref() == Some(rid.as_str()))
        {
            references.push(Reference {
                label: None,
                text: rid.clone(),
                id: Some(rid.clone()),
            });
        }
    }
    // The cable's own page header or serial line caught in its REF block
    // (`C O N F I D E N T I A L ABU DHABI 02641`) is no reference.
    let own = |r: &Reference| {
        r.id.is_some() && (r.id == id || aliases.iter().any(|a| r.id.as_ref() == Some(a)))
    };
    let references: Vec<Reference> = references.into_iter().filter(|r| !own(r)).collect();
    let paragraphs = mentions::attached(body.paragraphs, &references, citing_year);
    let origin = meta.origin.clone().or_else(|| text_origin(&header));
    let classification = meta.classification.or_else(|| text_classification(&header));

    Cable {
        id,
        aliases,
        created: header
            .dtg
            .or(meta.created)
            .or(header.dated_line.filter(|_| !header.partial_extract)),
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
fn own_id(header: &Header, lines: &[lines::Line], year: Option<u16>) -> Option<String> {
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
        let de = header.de_serial.as_deref()?;
        // The DE line numbers modulo 10,000 (`#2025` for ISLAMABAD 022025):
        // the full serial, where the text writes it with the station (a
        // classification line the header did not read, a page header),
        // wins.
        let serial = full_serial(lines, station, de);
        ids::cable_id(year, station, serial.unwrap_or(de))
    };
    let Some(serial_line) = &header.serial_line else {
        return from_header();
    };
    let redacted = serial_line.station.contains("XXX");
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
    // `CORRECTED COPY STATE 030927`: words before the station are no part
    // of it.
    let station = ids::serial_line_station(&serial_line.station)?;
    // `UNCLAS SCTION 02 OF 02 SAO PAULO 000335`: a serial line misread
    // (no listed station) yields to the sender's station and serial where
    // the DE line confirms them.
    if !ids::is_listed_station(&station) && fm_station.as_deref() != Some(station.as_str()) {
        if let (Some(fm), Some(de)) = (fm_station.as_deref(), header.de_serial.as_deref()) {
            if let Some(serial) = full_serial(lines, fm, de) {
                return ids::cable_id(year, fm, serial);
            }
        }
    }
    ids::cable_id(year, &station, &serial_line.serial)
}

/// Lines in which the routing header's station and the full serial are
/// looked for.
const SERIAL_LOOK: usize = 80;

/// The full serial behind the DE line's four digits `de`: a number of five
/// digits or more, equal to `de` modulo 10,000, written after `station` in
/// one of the first lines (`C O R R E C T E D COPY //// C O N F I D E N T
/// I A L STATE 030927`, `PAGE 02 STATE 030927 131535Z`).
fn full_serial<'a>(lines: &'a [lines::Line], station: &str, de: &str) -> Option<&'a str> {
    let de_value: u64 = de.parse().ok()?;
    if de.len() > 4 {
        return None;
    }
    lines.iter().take(SERIAL_LOOK).find_map(|line| {
        let words: Vec<&str> = line.text.split_whitespace().collect();
        words.iter().enumerate().find_map(|(k, w)| {
            let digits = w.len() >= 5 && w.len() <= 8 && w.bytes().all(|b| b.is_ascii_digit());
            if !digits || w.parse::<u64>().ok()? % 10_000 != de_value {
                return None;
            }
            (1..=k.min(3))
                .any(|n| {
                    ids::canonical_station(&words[k - n..k].join(" ")).as_deref() == Some(station)
                })
                .then_some(*w)
        })
    })
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
        Level::LimitedOfficialUse => Classification::UnclassifiedFouo,
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

    /// A routing header, a classification line and a subject.
    fn telegram(de: &str, dtg: &str, fm: &str, serial_line: &str) -> String {
        format!(
            "VZCZCXYZ0000\nDE {de} 0631234\nZNY CCCCC ZZH\n{dtg}\nFM {fm}\n\
             TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234\nBT\n{serial_line}\n\n\
             SIPDIS\n\nSUBJECT: TEST\n\n1. (C) Text.\n"
        )
    }

    #[test]
    fn serial_line_serial_beats_the_de_lines_four_digits() {
        let text = telegram(
            "RUEHIL #2025/01",
            "O 081234Z JUL 08",
            "AMEMBASSY ISLAMABAD",
            "CONFIDENTIAL ISLAMABAD 022025",
        );
        assert_eq!(parse(&text).id.as_deref(), Some("08ISLAMABAD22025"));
    }

    #[test]
    fn full_serial_written_with_the_station_beats_the_de_line() {
        // A classification line the header cannot read still carries the
        // station and the full serial.
        let text = telegram(
            "RUEHC #0927",
            "O 291754Z AUG 06",
            "SECSTATE WASHDC",
            "C O R R E C T E D COPY //// C O N F I D E N T I A L STATE 030927",
        );
        assert_eq!(parse(&text).id.as_deref(), Some("06STATE30927"));
    }

    #[test]
    fn dtg_followed_by_markers() {
        let text = telegram(
            "RUEHC #0927",
            "O 291754Z AUG 06 ZDS",
            "SECSTATE WASHDC",
            "CONFIDENTIAL STATE 030927",
        );
        let c = parse(&text);
        assert_eq!(c.created, Timestamp::new(2006, 8, 29, 17, 54));
        assert_eq!(c.id.as_deref(), Some("06STATE30927"));
    }

    #[test]
    fn corrected_copy_words_before_the_station_are_dropped() {
        let text = telegram(
            "RUEHC #0927",
            "O 291754Z AUG 06",
            "SECSTATE WASHDC",
            "CONFIDENTIAL CORRECTED COPY STATE 030927",
        );
        assert_eq!(parse(&text).id.as_deref(), Some("06STATE30927"));
    }

    #[test]
    fn misread_serial_line_yields_to_the_confirmed_sender() {
        let text = telegram(
            "RUEHSO #0335/01",
            "R 021234Z MAY 08",
            "AMCONSUL SAO PAULO",
            "UNCLAS SCTION 02 OF 02 SAO PAULO 000335",
        );
        assert_eq!(parse(&text).id.as_deref(), Some("08SAOPAULO335"));
    }

    #[test]
    fn odd_release_id_is_kept_and_the_text_id_is_an_alias() {
        let text = telegram(
            "RUEHLO #2211",
            "R 021234Z MAY 09",
            "AMEMBASSY LONDON",
            "CONFIDENTIAL EFTO LONDON 002211",
        );
        let with_id = |id: &str| ParseOptions {
            year: None,
            metadata: Some(Metadata {
                id: Some(id.into()),
                ..Metadata::default()
            }),
        };
        let c = parse_with(&text, &with_id("09EFTOLONDON2211"));
        assert_eq!(c.id.as_deref(), Some("09EFTOLONDON2211"));
        assert_eq!(c.aliases, ["09LONDON2211"]);
        let c = parse_with(&text, &with_id("09LONDON2211"));
        assert!(c.aliases.is_empty());
        // A release ID that disagrees otherwise is no odd form of it.
        let c = parse_with(&text, &with_id("09STATE12345"));
        assert!(c.aliases.is_empty());
        assert!(parse(&text).aliases.is_empty());
    }

    #[test]
    fn ref_block_glued_to_the_subject() {
        let c = parse_with(
            "SUBJECT: TALKS IN RIO Ref(s): A) 08 RIO DE JAN 138; B) 08 RIO DE JAN 0044\n\n1. Text.",
            &ParseOptions {
                year: Some(2008),
                metadata: None,
            },
        );
        let ids: Vec<_> = c
            .references
            .iter()
            .filter_map(|r| r.id.as_deref())
            .collect();
        assert_eq!(ids, ["08RIODEJANEIRO138", "08RIODEJANEIRO44"]);
        assert_eq!(c.subject.as_deref(), Some("TALKS IN RIO"));
    }

    #[test]
    fn ref_block_glued_to_a_capitalised_word() {
        let c = parse_with(
            "SUBJECT: TALKS AS UK PRIMEREF: A. LONDON 1939\n\n1. Text.",
            &ParseOptions {
                year: Some(2008),
                metadata: None,
            },
        );
        assert_eq!(c.references[0].id.as_deref(), Some("08LONDON1939"));
    }

    #[test]
    fn ref_lines_without_a_marker_after_the_subject() {
        let c = parse_with(
            "SUBJECT: TALKS\n\nA. REF AMMAN 222\nB. 06 AMMAN 4685\n\n1. Text.",
            &ParseOptions {
                year: Some(2007),
                metadata: None,
            },
        );
        let ids: Vec<_> = c
            .references
            .iter()
            .filter_map(|r| r.id.as_deref())
            .collect();
        assert_eq!(ids, ["07AMMAN222", "06AMMAN4685"]);
    }

    #[test]
    fn ref_with_a_period_and_a_station_wrapped_over_a_blank_line() {
        let opts = ParseOptions {
            year: Some(2004),
            metadata: None,
        };
        let c = parse_with("SUBJECT: X\n\nREF. STATE 184178\n\n1. Text.", &opts);
        assert_eq!(c.references[0].id.as_deref(), Some("04STATE184178"));
        let c = parse_with(
            "SUBJECT: X\n\nREF:   A) BRASILIA 2605, C) RIO \n \nDE JANEIRO 1291\n\n1. Text.",
            &opts,
        );
        let ids: Vec<_> = c
            .references
            .iter()
            .filter_map(|r| r.id.as_deref())
            .collect();
        assert_eq!(ids, ["04BRASILIA2605", "04RIODEJANEIRO1291"]);
    }

    #[test]
    fn classified_by_glued_to_the_subject() {
        let c = parse(
            "SUBJECT: VISIT TO CAIROClassified By: Ambassador Jane Roe, reasons 1.4 (b)\n\n1. Text.",
        );
        assert_eq!(c.subject.as_deref(), Some("VISIT TO CAIRO"));
        assert!(c
            .classified_by
            .is_some_and(|b| b.text.starts_with("Ambassador Jane Roe")));
    }

    #[test]
    fn own_serial_line_caught_in_the_ref_block_is_no_reference() {
        let c = parse(
            "O 011200Z JAN 03\nFM AMEMBASSY ABU DHABI\nCONFIDENTIAL ABU DHABI 002641\n\n\
             SUBJECT: X\n\nREF: A. STATE 12 B. ABU DHABI 02641\n\n1. Text.",
        );
        assert_eq!(c.id.as_deref(), Some("03ABUDHABI2641"));
        let ids: Vec<_> = c.references.iter().map(|r| r.id.as_deref()).collect();
        assert_eq!(ids, [Some("03STATE12")]);
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
