//! The header of a cable: the routing block (DTG, FM, TO, INFO), the
//! classification/serial line with its handling caveats, and the caption
//! fields (E.O., TAGS, SUBJECT, REF, Classified By) up to the first line of
//! the body.

use std::sync::LazyLock;

use regex::Regex;

use super::classified::{joins_without_space, HARD_WRAP};
use super::lines::{is_page_header, is_summary_heading, paragraph_start, Line};
use super::references::{continues_after_blank, cut_at_portion_mark, glued_marker};
use super::tagline::{glued_tags, looks_like_tags, tags_caption};
use crate::cable::model::{ClassifiedBy, Recipient, Recipients, Timestamp};

/// The security level written on the classification line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Unclassified,
    /// `LIMITED OFFICIAL USE`, the State Department's own controlled
    /// unclassified level: the release files it as FOR OFFICIAL USE ONLY.
    LimitedOfficialUse,
    Confidential,
    Secret,
}

/// `CONFIDENTIAL SECTION 01 OF 02 MOSCOW 005349`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialLine {
    pub level: Option<Level>,
    /// The station as written (`RIO DE JANEIRO`).
    pub station: String,
    /// The serial as written (`005349`).
    pub serial: String,
}

#[derive(Debug, Default)]
pub struct Header {
    pub dtg: Option<Timestamp>,
    /// The date line of redacted copies (`Friday, 04 May 2007, 11:42`).
    pub dated_line: Option<Timestamp>,
    /// `This record is a partial extract of the original cable`: the copy
    /// has no routing header, and its date line is the extract's (its
    /// minutes differ from the cable's: 04RANGOON88 says 09:44 for 09:09).
    pub partial_extract: bool,
    pub fm: Option<String>,
    /// The serial of the `DE RUEHMO #5349 3131341` line.
    pub de_serial: Option<String>,
    /// The levels of the `ZNY SSSSS ZZH` line.
    pub zny_level: Option<Level>,
    pub recipients: Recipients,
    pub serial_line: Option<SerialLine>,
    pub handling: Vec<String>,
    pub declassify_on: Option<String>,
    pub tags: Vec<String>,
    pub subject: Option<String>,
    /// The REF block after its marker, lines joined by `\n`.
    pub ref_block: Option<String>,
    pub classified_by: Option<ClassifiedBy>,
    /// Index of the first line of the cable text proper (the serial line,
    /// or the first caption when there is none).
    pub text_start: Option<usize>,
    /// Index of the first body line in the line list.
    pub body_start: usize,
}

static DTG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([0-3]\d)([0-2]\d)([0-5]\d)Z\s?(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s?(\d{4}|\d{2})\b")
        .expect("static regex")
});

static SERIAL_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    // station words and the serial, after the classification words.
    Regex::new(r"^(?:(?i:SECTION)\s+\d+\s+(?i:OF)\s+\d+\s+)?([A-Za-z][A-Za-z.'\-]*(?:\s[A-Za-z][A-Za-z.'\-]*){0,3})\s+(\d{1,7})\b")
        .expect("static regex")
});

/// Caveat words of the handling lines, with their spelling in the output.
const CAVEATS: &[(&str, &str)] = &[
    ("NOFORN", "NOFORN"),
    ("SIPDIS", "SIPDIS"),
    ("STPDTS", "SIPDIS"),
    ("SENSITIVE", "SENSITIVE"),
    ("EXDIS", "EXDIS"),
    ("NODIS", "NODIS"),
    ("LIMDIS", "LIMDIS"),
    ("STADIS", "STADIS"),
    ("ORCON", "ORCON"),
    ("NOCONTRACT", "NOCONTRACT"),
    ("PROPIN", "PROPIN"),
    ("CODEL", "CODEL"),
];

const PRECEDENCES: &[&str] = &["FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    To,
    Info,
    Tags,
    Subject,
    Ref,
    ClassifiedBy,
    /// Posts excluded from a collective (`XMT ...`).
    Xmt,
}

/// Reads the header from the start of `lines`.
pub fn parse_header(lines: &[Line]) -> Header {
    let mut h = Header::default();
    let mut field = Field::None;
    let mut subject = SubjectText::default();
    let mut tags_text = String::new();
    let mut ref_text = String::new();
    let mut classified = String::new();
    // The last line of the classified-by text as written, and whether it
    // was cut mid-word at the hard wrap column.
    let mut classified_line = String::new();
    let mut classified_cut = false;
    let mut seen_caption = false; // E.O., TAGS or SUBJECT seen
    let mut blank_run = 0usize;
    // First line after the serial line and its caveats: where the body
    // starts when a cable has no captions.
    let mut after_serial = None;
    let mut i = 0;
    h.body_start = lines.len();
    while i < lines.len() {
        let line = lines[i].text.trim();
        if line.is_empty() {
            blank_run += 1;
            // A subject split by a blank line goes on when it ended on a
            // word that cannot end a title.
            let keep_subject = field == Field::Subject
                && (dangles(&subject.text) || subject.text.trim().is_empty());
            let keep_ref = field == Field::Ref;
            let keep_classified = field == Field::ClassifiedBy && classified_cut && blank_run == 1;
            if !keep_subject && !keep_ref && !keep_classified {
                field = Field::None;
            }
            i += 1;
            continue;
        }
        let after_blank = blank_run > 0;
        blank_run = 0;
        if is_page_header(line) {
            i += 1;
            continue;
        }
        let upper_start = upper_prefix(line, 16);

        if line.starts_with("This record is a partial extract") {
            h.partial_extract = true;
        }
        // `Friday, 04 May 2007, 11:42`: the date line of redacted copies.
        if let Some(t) = weekday_date_line(line) {
            h.dated_line.get_or_insert(t);
            i += 1;
            continue;
        }

        // The DTG may also follow the serial line in copies from mail
        // systems that print the routing block after it.
        if h.dtg.is_none() && !seen_caption {
            if let Some(t) = dtg_in_routing_line(line) {
                h.dtg = Some(t);
                field = Field::None;
                i += 1;
                continue;
            }
        }

        // Routing block.
        if h.serial_line.is_none() && !seen_caption {
            if let Some(rest) = upper_start.strip_prefix("FM ").map(|_| &line[3..]) {
                h.fm = Some(clean_fm(rest));
                field = Field::None;
                i += 1;
                continue;
            }
            if upper_start.starts_with("DE ") && is_de_line(line) {
                h.de_serial = de_serial(line);
                i += 1;
                continue;
            }
            if upper_start.starts_with("ZNY ") || upper_start.starts_with("ZNR ") {
                h.zny_level = zny_level(line);
                i += 1;
                continue;
            }
            if let Some(rest) = routing_word(line, "TO") {
                field = Field::To;
                if let Some(excluded) = xmt(rest) {
                    field = if excluded { Field::Xmt } else { field };
                } else {
                    push_recipient(&mut h.recipients.to, rest);
                }
                i += 1;
                continue;
            }
            if let Some(rest) = routing_word(line, "INFO") {
                field = Field::Info;
                if let Some(excluded) = xmt(rest) {
                    field = if excluded { Field::Xmt } else { field };
                } else {
                    push_recipient(&mut h.recipients.info, rest);
                }
                i += 1;
                continue;
            }
            if line == "BT" {
                // The start of the text proper.
                field = Field::None;
                i += 1;
                continue;
            }
            if field == Field::Xmt && !after_blank && serial_line(line).is_none() {
                i += 1;
                continue;
            }
            if matches!(field, Field::To | Field::Info) && !after_blank && xmt(line) == Some(true) {
                // `XMT AMEMBASSY SOFIA`: the posts after XMT are excluded
                // from a collective, not addressed.
                field = Field::Xmt;
                i += 1;
                continue;
            }
            if matches!(field, Field::To | Field::Info) && !after_blank {
                if let Some(serial) = serial_line(line) {
                    h.serial_line = Some(serial);
                    h.text_start.get_or_insert(i);
                    take_caveats_after_serial(line, &mut h.handling);
                    field = Field::None;
                    i += 1;
                    after_serial = Some(i);
                    continue;
                }
                let list = if field == Field::To {
                    &mut h.recipients.to
                } else {
                    &mut h.recipients.info
                };
                push_recipient(list, line);
                i += 1;
                continue;
            }
        }

        // The classification line, then caveats.
        if h.serial_line.is_none() && !seen_caption {
            if let Some(serial) = serial_line(line) {
                h.serial_line = Some(serial);
                h.text_start.get_or_insert(i);
                take_caveats_after_serial(line, &mut h.handling);
                field = Field::None;
                i += 1;
                after_serial = Some(i);
                continue;
            }
        }
        if !seen_caption && caveat_line(line, &mut h.handling) {
            i += 1;
            if h.serial_line.is_some() {
                after_serial = Some(i);
            }
            continue;
        }

        // Captions, possibly glued together on one line.
        if let Some((key, rest)) = caption(line) {
            if key != Caption::ClassifiedBy {
                seen_caption = true;
            }
            h.text_start.get_or_insert(i);
            match key {
                Caption::Eo => {
                    h.declassify_on = declassify_date(rest);
                    // `E.O. 12958: DECL: 11/09/2017 TAGS: ...` on one line.
                    if let Some(tail) = glued_tags(rest) {
                        tags_text = tail.to_string();
                        field = Field::Tags;
                    } else {
                        field = Field::None;
                    }
                }
                Caption::Tags => {
                    tags_text = rest.to_string();
                    field = Field::Tags;
                }
                Caption::Subject => {
                    subject = SubjectText::default();
                    field = Field::Subject;
                    // `SUBJECT: ... IN RIO Ref(s): A) ...`: a REF block
                    // glued to the subject.
                    if let Some((at, refs)) = glued_marker(rest) {
                        subject.push_str(&rest[..at]);
                        field = push_glued_refs(&mut ref_text, &rest[refs..]);
                    } else if let Some((at, by)) = glued_classified_by(rest) {
                        // `SUBJECT: ...CAIROClassified By: ...`
                        subject.push_str(&rest[..at]);
                        classified = rest[by..].to_string();
                        field = Field::ClassifiedBy;
                    } else {
                        subject.push_str(rest);
                    }
                }
                Caption::Ref => {
                    if !ref_text.is_empty() {
                        ref_text.push('\n');
                    }
                    let (refs, tail) = cut_at_portion_mark(rest);
                    ref_text.push_str(refs);
                    field = if tail { Field::None } else { Field::Ref };
                }
                Caption::ClassifiedBy => {
                    classified = rest.to_string();
                    classified_line = lines[i].text.trim_end().to_string();
                    // A line cut mid-word at the hard wrap may go on after
                    // a blank line (`FOR REA` / `` / `SONS 1.4`).
                    classified_cut = classified_line.chars().count() == HARD_WRAP
                        && classified_line.ends_with(char::is_alphabetic);
                    field = Field::ClassifiedBy;
                }
            }
            i += 1;
            continue;
        }

        // Continuations.
        let starts_body = paragraph_start(line).is_some() || is_summary_heading(line);
        match field {
            // `TAGS PREL, PGOV,` / `KDEM`: a trailing comma says more follows.
            Field::Tags
                if !starts_body
                    && !after_blank
                    && (looks_like_tags(line) || tags_text.trim_end().ends_with(',')) =>
            {
                tags_text.push(' ');
                tags_text.push_str(line);
                i += 1;
                continue;
            }
            // A page's foot banner inside a wrapped subject (`... WITH
            // ZIMBABWE` / ` CONFIDENTIAL` / `OPPOSITION LEADER`).
            Field::Subject if !after_blank && super::body::is_banner(line) => {
                i += 1;
                continue;
            }
            Field::Subject
                if !starts_body
                    && (!after_blank || dangles(&subject.text))
                    && !ends_subject(&subject, line) =>
            {
                // `US-` / `LATIN AMERICAN`: a hyphenated word wrapped.
                let hyphen = subject.text.ends_with('-')
                    && subject
                        .text
                        .chars()
                        .rev()
                        .nth(1)
                        .is_some_and(char::is_alphanumeric);
                if !hyphen && !subject.text.is_empty() {
                    subject.push_str(" ");
                }
                match glued_marker(line) {
                    // A REF block glued to the subject's last line.
                    Some((at, refs)) => {
                        subject.push_str(&line[..at]);
                        field = push_glued_refs(&mut ref_text, &line[refs..]);
                    }
                    None => match glued_classified_by(line) {
                        Some((at, by)) => {
                            subject.push_str(&line[..at]);
                            classified = line[by..].to_string();
                            field = Field::ClassifiedBy;
                        }
                        None => subject.push_str(line),
                    },
                }
                i += 1;
                continue;
            }
            Field::Ref
                if !starts_body
                    && !ends_ref_block(line)
                    && !line.starts_with('(') | ref_label_start(line)
                    && (!after_blank
                        || ref_label_start(line)
                        || continues_after_blank(&ref_text, line)) =>
            {
                let (refs, tail) = cut_at_portion_mark(line);
                ref_text.push('\n');
                ref_text.push_str(refs);
                if tail {
                    field = Field::None;
                }
                i += 1;
                continue;
            }
            Field::ClassifiedBy
                if !starts_body && (!after_blank || classified_cut) && !is_rule_line(line) =>
            {
                let raw = lines[i].text.trim_end();
                if joins_without_space(&classified_line, raw) {
                    classified.push_str(line);
                } else {
                    classified.push(' ');
                    classified.push_str(line);
                }
                classified_cut = false;
                classified_line = raw.to_string();
                i += 1;
                continue;
            }
            _ => {}
        }

        // Anything else: before the captions it is routing noise (VZCZC,
        // addressee lines such as `DEPARTMENT FOR EUR/RUS`); after them it
        // is the body.
        // A stray line between captions (`DEPARTMENT FOR EUR/RUS`) is not
        // yet the body when more captions follow.
        if seen_caption && !starts_body && caption_follows(&lines[i + 1..]) {
            field = Field::None;
            i += 1;
            continue;
        }
        if seen_caption || starts_body {
            h.body_start = i;
            break;
        }
        field = Field::None;
        i += 1;
    }
    if h.body_start == lines.len() && !seen_caption {
        h.body_start = match after_serial {
            Some(at) => at,
            // No header at all: everything after the routing lines is body.
            None => first_body_line(lines),
        };
    }
    find_late_routing(lines, &mut h);
    if classified.trim().is_empty() {
        if let Some(text) = classified_in_first_paragraph(lines, h.body_start) {
            classified = text;
        }
    }
    if !subject.text.trim().is_empty() {
        h.subject = Some(clean_subject(&subject.text));
    }
    h.tags = split_tags(&tags_text);
    if !ref_text.trim().is_empty() {
        h.ref_block = Some(ref_text);
    }
    if !classified.trim().is_empty() {
        h.classified_by = Some(parse_classified_by(&classified));
    }
    h
}

/// A `Classified By:` caption glued to the end of another line
/// (`...CAIROClassified By: ...`): where it starts and where its text
/// starts.
fn glued_classified_by(line: &str) -> Option<(usize, usize)> {
    const MARKER: &str = "CLASSIFIED BY";
    let at = (1..line.len()).find(|&i| {
        line.get(i..i + MARKER.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(MARKER))
    })?;
    let rest = &line[at + MARKER.len()..];
    let text = rest.trim_start_matches([':', ' ']);
    let starts = at + MARKER.len() + (rest.len() - text.len());
    (rest.starts_with(':') && !text.trim().is_empty()).then_some((at, starts))
}

/// Adds the references of a REF block glued to another line; the field
/// that the next line continues.
fn push_glued_refs(ref_text: &mut String, refs: &str) -> Field {
    if !ref_text.is_empty() {
        ref_text.push('\n');
    }
    let (refs, tail) = cut_at_portion_mark(refs);
    ref_text.push_str(refs);
    if tail {
        Field::None
    } else {
        Field::Ref
    }
}

/// Old telegrams say who classified them in paragraph 1: `1. (U)
/// CLASSIFIED BY CHARGE ROBERT BEECROFT; REASON 1.5 (D).`, `1. CONFIDENTIAL
/// - ENTIRE TEXT.  CLASSIFIED BY: ...`. The text up to the paragraph's end.
fn classified_in_first_paragraph(lines: &[Line], body_start: usize) -> Option<String> {
    let first = lines.get(body_start)?.text.trim();
    let start = paragraph_start(first)?;
    let mut rest = first.get(start.text_at..).unwrap_or("").trim_start();
    if let Some(at) = find_ci(rest, "ENTIRE TEXT") {
        if at < 30 {
            rest = rest[at + "ENTIRE TEXT".len()..].trim_start_matches(['.', ' ', ':', '-']);
        }
    }
    let head = rest.get(..13)?;
    if !head.eq_ignore_ascii_case("CLASSIFIED BY") {
        return None;
    }
    let mut text = rest[13..].to_string();
    let mut prev = first.to_string();
    for line in lines[body_start + 1..].iter().take(4) {
        let t = line.text.trim();
        if t.is_empty() || paragraph_start(t).is_some() {
            break;
        }
        if !joins_without_space(&prev, line.text.trim_end()) {
            text.push(' ');
        }
        text.push_str(t);
        prev = line.text.trim_end().to_string();
    }
    Some(text)
}

/// Copies printed from mail systems put a summary (TAGS, Subject) before
/// the telegram itself: look further down for the routing block's DTG and
/// sender, and for the serial line.
fn find_late_routing(lines: &[Line], h: &mut Header) {
    const LOOK: usize = 150;
    if h.dtg.is_none() {
        for (i, l) in lines.iter().enumerate().take(LOOK) {
            let Some(t) = dtg_in_routing_line(l.text.trim()) else {
                continue;
            };
            let next = lines[i + 1..]
                .iter()
                .map(|l| l.text.trim())
                .find(|t| !t.is_empty());
            if let Some(fm) = next.and_then(|n| strip_word(n, "FM")) {
                h.dtg = Some(t);
                if h.fm.is_none() {
                    h.fm = Some(clean_fm(fm));
                }
                break;
            }
        }
    }
    if h.serial_line.is_none() {
        h.serial_line = lines
            .iter()
            .take(LOOK)
            .find_map(|l| serial_line(l.text.trim()));
    }
}

/// Where the body begins in a text without captions: after the routing
/// lines, if any.
fn first_body_line(lines: &[Line]) -> usize {
    let mut last_routing = None;
    for (i, l) in lines.iter().enumerate().take(80) {
        let t = l.text.trim();
        let u = upper_prefix(t, 6);
        if u.starts_with("FM ")
            || routing_word(t, "TO").is_some()
            || routing_word(t, "INFO").is_some()
            || (u.starts_with("DE ") && is_de_line(t))
        {
            last_routing = Some(i);
        }
    }
    match last_routing {
        None => 0,
        Some(r) => lines[r..]
            .iter()
            .position(|l| l.text.trim().is_empty())
            .map(|p| r + p)
            .unwrap_or(lines.len()),
    }
}

fn upper_prefix(line: &str, n: usize) -> UpperPrefix {
    let mut end = line.char_indices().nth(n).map_or(line.len(), |(at, _)| at);
    // Up to 20 characters are asked for; a prefix of wide characters is
    // cut at the last whole one that fits.
    end = end.min(UpperPrefix::CAPACITY);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let mut prefix = UpperPrefix {
        bytes: [0; UpperPrefix::CAPACITY],
        len: end,
    };
    prefix.bytes[..end].copy_from_slice(&line.as_bytes()[..end]);
    prefix.bytes[..end].make_ascii_uppercase();
    prefix
}

/// The start of a line in ASCII capitals, on the stack: every header line
/// is asked for one, several times.
struct UpperPrefix {
    bytes: [u8; Self::CAPACITY],
    len: usize,
}

impl UpperPrefix {
    const CAPACITY: usize = 80;
}

impl std::ops::Deref for UpperPrefix {
    type Target = str;

    fn deref(&self) -> &str {
        // A prefix cut at a character boundary, with ASCII letters
        // changed: always UTF-8.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// `TO RUEHC/SECSTATE WASHDC`: a routing line is in capitals, unlike a
/// letter's `To the Honorable Embassy`.
fn routing_word<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let rest = strip_word(line, word)?;
    let head_upper = line[..word.len()].bytes().all(|b| b.is_ascii_uppercase());
    // `To:       No Action Addressee`: the form of mail-system prints.
    let memo = line[word.len()..].starts_with(':');
    (memo || head_upper && !rest.chars().any(char::is_lowercase)).then_some(rest)
}

/// What a routing line's text is besides a recipient: `Some(true)` for an
/// exclusion (`XMT AMEMBASSY SOFIA`, `XMT/...`), `Some(false)` for a page
/// header of the next page (`PAGE 02 STATE 015113 182333Z`), `None` for a
/// recipient.
fn xmt(text: &str) -> Option<bool> {
    let t = text.trim();
    if t.starts_with("XMT ") || t.starts_with("XMT/") || t == "XMT" {
        return Some(true);
    }
    if is_page_header(t) {
        return Some(false);
    }
    None
}

/// The sender of an FM line as the station tables know it: `US MISSION
/// GENEVA` → `USMISSION GENEVA`, and a country code after the post goes
/// (`AMEMBASSY TRIPOLI LY` → `AMEMBASSY TRIPOLI`) when the post without it
/// is a listed station and with it is either none or the same one (the
/// station tables read a country code after a post as noise).
fn clean_fm(fm: &str) -> String {
    let mut words: Vec<String> = fm.split_whitespace().map(str::to_string).collect();
    if words.len() >= 3 && words[0].eq_ignore_ascii_case("US") {
        let joined = format!("US{}", words[1]).to_ascii_uppercase();
        if matches!(
            joined.as_str(),
            "USMISSION" | "USINT" | "USOFFICE" | "USDEL"
        ) {
            words.splice(0..2, [joined]);
        }
    }
    if words.len() >= 3 {
        let last = &words[words.len() - 1];
        let code = last.len() == 2 && last.bytes().all(|b| b.is_ascii_uppercase());
        let post = words[1..words.len() - 1].join(" ");
        let with_code = words[1..].join(" ");
        let same_post = || {
            !super::ids::is_listed_station(&with_code)
                || super::ids::canonical_station(&with_code) == super::ids::canonical_station(&post)
        };
        if code && super::ids::is_listed_station(&post) && same_post() {
            words.pop();
        }
    }
    words.join(" ")
}

/// `TO RUEHC/...`: the rest after a leading word (case-insensitive).
fn strip_word<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let head = line.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &line[word.len()..];
    if rest.starts_with(' ') || rest.starts_with(':') {
        Some(rest.trim_start_matches([':', ' ']))
    } else {
        None
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| {
        h[i..i + n.len()].eq_ignore_ascii_case(n)
            && (i == 0 || !h[i - 1].is_ascii_alphanumeric())
            && h.get(i + n.len())
                .is_none_or(|b| !b.is_ascii_alphanumeric())
    })
}

/// A DTG on a routing line (`O 121300Z MAR 07`, `P R 281848Z DEC 66`) or
/// alone (`291359Z Nov 00`), never one quoted in a reference.
fn dtg_in_routing_line(line: &str) -> Option<Timestamp> {
    // Asked of every header line, and a DTG has six digits before its
    // `Z`: lines without that never reach the regex.
    let bytes = line.as_bytes();
    let six_digits_then_z = memchr::memchr2_iter(b'Z', b'z', bytes)
        .any(|at| at >= 6 && bytes[at - 6..at].iter().all(u8::is_ascii_digit));
    if !six_digits_then_z {
        return None;
    }
    let m = DTG.captures(line)?;
    let whole = m.get(0)?;
    let before = line[..whole.start()].trim();
    let precedence_only = before
        .split_whitespace()
        .all(|w| w.len() <= 2 && w.bytes().all(|b| b.is_ascii_uppercase()));
    if !precedence_only || before.split_whitespace().count() > 3 {
        return None;
    }
    // Routing codes and service notes may follow (`O 071830Z SEP 07 ZDK`).
    timestamp_from_dtg(&m)
}

fn timestamp_from_dtg(m: &regex::Captures) -> Option<Timestamp> {
    let num = |i: usize| m.get(i)?.as_str().parse::<u16>().ok();
    let month = month_number(m.get(4)?.as_str())?;
    let year = super::ids::full_year(m.get(5)?.as_str())?;
    Timestamp::new(year, month, num(1)? as u8, num(2)? as u8, num(3)? as u8)
}

pub fn month_number(name: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let prefix = name.get(..3)?;
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(prefix))
        .map(|p| p as u8 + 1)
}

/// `Friday, 04 May 2007, 11:42` → the time it names, when the weekday is
/// the date's own (a line that only looks like one is not read).
fn weekday_date_line(line: &str) -> Option<Timestamp> {
    static DATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{1,2}) ([A-Z][a-z]+) (\d{4}), (\d{2}):(\d{2})$")
            .expect("static regex")
    });
    if !line.ends_with(|c: char| c.is_ascii_digit()) || !line.contains("day, ") {
        return None;
    }
    let m = DATED.captures(line)?;
    let num = |i: usize| m.get(i)?.as_str().parse::<u16>().ok();
    let month = month_number(m.get(3)?.as_str())?;
    let t = Timestamp::new(num(4)?, month, num(2)? as u8, num(5)? as u8, num(6)? as u8)?;
    let weekday = m.get(1)?.as_str();
    (weekday_of(t.year, t.month, t.day) == weekday).then_some(t)
}

/// The weekday of a date.
fn weekday_of(year: u16, month: u8, day: u8) -> &'static str {
    const NAMES: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    match jiff::civil::Date::new(year as i16, month as i8, day as i8) {
        Ok(d) => NAMES[d.weekday().to_monday_zero_offset() as usize],
        Err(_) => "",
    }
}

/// `DE RUEHMO #5349/01 3131341`: a routing indicator after `DE`, not a
/// signature such as `DE PREE`.
fn is_de_line(line: &str) -> bool {
    let mut words = line.split_whitespace().skip(1);
    let code = words.next().unwrap_or("");
    (4..=8).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && (line.contains('#') || code.starts_with('R'))
}

/// `DE RUEHMO #5349/01 3131341` → `5349`.
fn de_serial(line: &str) -> Option<String> {
    let hash = line.find('#')?;
    let digits: String = line[hash + 1..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    (!digits.is_empty()).then_some(digits)
}

fn zny_level(line: &str) -> Option<Level> {
    let code = line.split_whitespace().nth(1)?;
    match code.as_bytes().first()? {
        b'S' => Some(Level::Secret),
        b'C' => Some(Level::Confidential),
        b'U' | b'E' => Some(Level::Unclassified),
        _ => None,
    }
}

/// `RUEHC/SECSTATE WASHDC IMMEDIATE 5172` → a recipient.
fn push_recipient(list: &mut Vec<Recipient>, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let (route, rest) = match text.split_once('/') {
        Some((r, rest))
            if (4..=8).contains(&r.len())
                && r.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
        {
            (Some(r.to_string()), rest)
        }
        _ => (None, text),
    };
    let mut words: Vec<&str> = rest.split_whitespace().collect();
    let mut serial = None;
    let mut precedence = None;
    if let Some(last) = words.last() {
        if last.bytes().all(|b| b.is_ascii_digit()) && words.len() > 1 {
            serial = Some(last.to_string());
            words.pop();
        }
    }
    if let Some(last) = words.last() {
        if PRECEDENCES.contains(last) && words.len() > 1 {
            precedence = Some(last.to_string());
            words.pop();
        }
    }
    if words.is_empty() {
        return;
    }
    list.push(Recipient {
        route,
        name: words.join(" "),
        precedence,
        serial,
    });
}

/// The classification line: classification words (possibly spaced out or
/// mangled: `S E C R E T`, `SS E C R E T`, `UUNCLAS`, `O N F I D E N T I A L`),
/// optional `SECTION 01 OF 02`, station and serial.
pub fn serial_line(line: &str) -> Option<SerialLine> {
    let (level, rest) = classification_prefix(line)?;
    let rest = rest.trim_start();
    let rest = skip_caveat_words(rest);
    let caps = SERIAL_TAIL.captures(rest)?;
    let station = caps.get(1)?.as_str();
    let serial = caps.get(2)?.as_str();
    // Caveats are no station (`UNCLAS SENSITIVE 1234` is not a serial line).
    let first = station.split_whitespace().next().unwrap_or("");
    if CAVEATS.iter().any(|(w, _)| w.eq_ignore_ascii_case(first))
        || first.eq_ignore_ascii_case("SECTION")
        || first.eq_ignore_ascii_case("E.O.")
    {
        return None;
    }
    Some(SerialLine {
        level: Some(level),
        station: collapse(station),
        serial: serial.to_string(),
    })
}

fn skip_caveat_words(mut rest: &str) -> &str {
    loop {
        let word = rest.split_whitespace().next().unwrap_or("");
        let is_caveat = CAVEATS.iter().any(|(w, _)| w.eq_ignore_ascii_case(word))
            || word.eq_ignore_ascii_case("EFTO");
        if !is_caveat || word.is_empty() {
            return rest;
        }
        rest = rest.trim_start()[word.len()..].trim_start();
    }
}

/// The classification at the start of a line and the rest of the line.
fn classification_prefix(line: &str) -> Option<(Level, &str)> {
    // Gather the leading run of short letter groups (spaced-out letters)
    // or one classification word; the longest run that spells a level wins.
    let mut letters = String::new();
    let mut best: Option<(Level, usize, bool)> = None;
    for (start, word) in word_spans(line) {
        if !word.bytes().all(|b| b.is_ascii_alphabetic()) || letters.len() > 16 {
            break;
        }
        let first = letters.is_empty();
        if word.len() > 3 && !first {
            break;
        }
        letters.push_str(&word.to_ascii_uppercase());
        if let Some(level) = level_of(&letters) {
            best = Some((level, start + word.len(), letters == "LIMITED"));
        }
        if word.len() > 3 {
            break;
        }
    }
    let (level, end, limited) = best?;
    let mut rest = &line[end..];
    // `UNCLASSIFIED` written out after `UNCLAS` letters, `LIMITED OFFICIAL USE`.
    if limited {
        let r = rest.trim_start();
        if let Some(r2) = r.strip_prefix("OFFICIAL USE") {
            rest = r2;
        }
    }
    Some((level, rest))
}

fn word_spans(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split(' ')
        .scan(0usize, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// The level spelt by the letters of a classification word, tolerating
/// doubled or stray letters before it (`SSECRET`, `CSECRET`, `UUNCLAS`) and
/// a lost first letter (`ECRET`, `ONFIDENTIAL`).
fn level_of(letters: &str) -> Option<Level> {
    let l = letters;
    let ends = |w: &str, max: usize| l.ends_with(w) && l.len() <= max;
    if ends("SECRET", 8) || l == "ECRET" {
        return Some(Level::Secret);
    }
    if ends("CONFIDENTIAL", 14) || l == "ONFIDENTIAL" || l == "NFIDENTIAL" {
        return Some(Level::Confidential);
    }
    if l == "LIMITED" {
        return Some(Level::LimitedOfficialUse);
    }
    if ends("UNCLAS", 8) || l == "UNCLASSIFIED" || l == "NCLAS" {
        return Some(Level::Unclassified);
    }
    None
}

/// Caveat words at the end of the serial line (`... BOGOTA 000243 SIPDIS NOFORN`).
fn take_caveats_after_serial(line: &str, handling: &mut Vec<String>) {
    let Some(caps) = line.rfind(|c: char| c.is_ascii_digit()) else {
        return;
    };
    let tail = &line[caps + 1..];
    for word in tail.split_whitespace() {
        if let Some(c) = caveat(word) {
            push_once(handling, c);
        }
    }
    // `UNCLAS SENSITIVE SECTION ...`: caveats before the station.
    if let Some((_, rest)) = classification_prefix(line) {
        for word in rest.split_whitespace() {
            match caveat(word) {
                Some(c) => push_once(handling, c),
                None => break,
            }
        }
    }
}

fn caveat(word: &str) -> Option<&'static str> {
    let w = word.trim_matches(|c: char| !c.is_ascii_alphabetic());
    CAVEATS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(w))
        .map(|(_, v)| *v)
}

fn push_once(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

/// A line made only of caveat words (`SIPDIS`, `NOFORN SIPDIS`, `SENSITIVE`).
fn caveat_line(line: &str, handling: &mut Vec<String>) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    let found: Vec<&'static str> = words.iter().filter_map(|w| caveat(w)).collect();
    // `NOFORN, NOT FOR INTERNET DISTRIBUTION`: a caveat with a gloss.
    if found.len() != words.len() && line.contains(',') {
        if let Some(first) = words.first().and_then(|w| caveat(w)) {
            if words[0].ends_with(',') && line == line.to_ascii_uppercase() {
                push_once(handling, first);
                return true;
            }
        }
    }
    if found.len() != words.len() || words.len() > 4 {
        // `SENSITIVE BUT UNCLASSIFIED`, `DEA SENSITIVE` and `LAW
        // ENFORCEMENT SENSITIVE` are the SENSITIVE caveat too.
        let joined = line.to_ascii_uppercase();
        let sensitive = [
            "SENSITIVE BUT UNCLASSIFIED",
            "DEA SENSITIVE",
            "LAW ENFORCEMENT SENSITIVE",
        ];
        if sensitive.iter().any(|s| joined.starts_with(s)) && words.len() <= 4 {
            push_once(handling, "SENSITIVE");
            return true;
        }
        return false;
    }
    for c in found {
        push_once(handling, c);
    }
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caption {
    Eo,
    Tags,
    Subject,
    Ref,
    ClassifiedBy,
}

/// A caption line: its kind and the text after the marker.
fn caption(line: &str) -> Option<(Caption, &str)> {
    let up = upper_prefix(line, 20);
    let after = |n: usize| {
        line.get(n..)
            .unwrap_or("")
            .trim_start_matches([':', ' ', '.'])
            .trim()
    };
    if up.starts_with("E.O.")
        || up.starts_with("EO 1")
        || up.starts_with("E.O 1")
        || up.starts_with("E. O.")
    {
        return Some((Caption::Eo, line));
    }
    if up.starts_with("DECL:") {
        return Some((Caption::Eo, line));
    }
    if let Some(rest) = tags_caption(line) {
        return Some((Caption::Tags, rest));
    }
    if up.starts_with("SUBJECT") && line[7..].starts_with([':', ' ']) {
        return Some((Caption::Subject, after(7)));
    }
    if up.starts_with("SUBJ:") {
        return Some((Caption::Subject, after(5)));
    }
    for marker in [
        "REFTELS",
        "REFTEL",
        "REFS",
        "REF(S)",
        "REFERENCES",
        "REFERENCE",
        "REF",
    ] {
        if up.starts_with(marker) && line[marker.len()..].starts_with([':', ' ', '.']) {
            let rest = after(marker.len());
            if marker == "REF" && !line[3..].starts_with(':') {
                // `REF A. ...`, `REF. STATE 184178` without colon: only
                // when an entry follows.
                if !(ref_label_start(rest) || looks_like_cable_ref(rest)) {
                    return None;
                }
            }
            return Some((Caption::Ref, rest));
        }
    }
    // `A. REF AMMAN 222`: a REF block without its marker.
    if super::references::labelled_ref_line(line) {
        return Some((Caption::Ref, line));
    }
    if up.starts_with("CLASSIFIED BY") {
        return Some((Caption::ClassifiedBy, after(13)));
    }
    None
}

fn looks_like_cable_ref(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().take(4).collect();
    words.len() >= 2
        && words
            .iter()
            .skip(1)
            .any(|w| w.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether one of the next few non-blank lines is a caption (and none is
/// a paragraph start before it).
fn caption_follows(lines: &[Line]) -> bool {
    for line in lines
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .take(4)
    {
        if paragraph_start(line).is_some() {
            return false;
        }
        if matches!(caption(line), Some((c, _)) if c != Caption::Eo) {
            return true;
        }
    }
    false
}

/// Lines that end a REF block although they follow it directly.
fn ends_ref_block(line: &str) -> bool {
    let up = upper_prefix(line, 12);
    up.starts_with("DERIVED FROM") || up.starts_with("PLEASE PASS") || up.starts_with("CLASSIFIED")
}

/// A line that starts with a REF label (`B.`, `¶B.`, `(B)`, `B)`).
fn ref_label_start(line: &str) -> bool {
    let t = line.trim_start_matches(['¶', ' ', '-']);
    let b = t.as_bytes();
    match b {
        [b'(', l, b')', ..] if l.is_ascii_alphabetic() => true,
        [b'(', b' ', l, b' ', b')', ..] if l.is_ascii_alphabetic() => true,
        [l, b'.' | b')', rest @ ..] if l.is_ascii_alphabetic() => {
            rest.first().is_none_or(|c| *c == b' ')
        }
        _ => false,
    }
}

/// `E.O. 12958: DECL: 03/12/2017` → `2017-03-12`.
fn declassify_date(line: &str) -> Option<String> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b|\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
            .expect("static regex")
    });
    let up = line.to_ascii_uppercase();
    if up.contains("N/A") && !up.contains("DECL") {
        return None;
    }
    // The date after `DECL`, or after the order number.
    let from = find_ci(line, "DECL").unwrap_or(0);
    let m = DATE.captures(&line[from..])?;
    let (y, mo, d) = if m.get(1).is_some() {
        (m.get(1)?.as_str(), m.get(2)?.as_str(), m.get(3)?.as_str())
    } else {
        (m.get(6)?.as_str(), m.get(4)?.as_str(), m.get(5)?.as_str())
    };
    let year = super::ids::full_year(y)?;
    let t = Timestamp::new(year, mo.parse().ok()?, d.parse().ok()?, 0, 0)?;
    Some(t.date_string())
}

pub use super::tagline::split_tags;

/// Words after which a title cannot end: a subject split by a blank line
/// that ends on one of them goes on in the next block.
fn dangles(subject: &str) -> bool {
    if subject.trim().is_empty() {
        return true;
    }
    const OPEN: &[&str] = &[
        "AND", "OR", "OF", "THE", "A", "AN", "TO", "FOR", "ON", "IN", "WITH", "AT", "BY", "FROM",
        "ITS", "HIS", "HER", "THEIR", "NOT", "BUT", "INTO", "OVER", "AS",
    ];
    let t = subject.trim_end();
    if t.ends_with([',', ':', '-', '/', '&']) {
        return true;
    }
    t.split_whitespace()
        .last()
        .is_some_and(|w| OPEN.iter().any(|o| o.eq_ignore_ascii_case(w)))
}

/// The subject without a leading portion mark (`(C/NF) WHO WOULD ...`)
/// and the line-end backslashes of export records.
fn clean_subject(s: &str) -> String {
    let s = collapse(s);
    let s = s.trim_end_matches(['\\', ' ']);
    if let Some(rest) = s.strip_prefix('(') {
        if let Some(close) = rest.find(')') {
            let inner: String = rest[..close]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if super::lines::is_portion_mark(&inner) {
                return rest[close + 1..].trim_start().to_string();
            }
        }
    }
    s.to_string()
}

/// `-------`, `=====`, `_____`: a rule under or over a heading.
fn is_rule_line(line: &str) -> bool {
    line.len() >= 3 && line.bytes().all(|b| matches!(b, b'-' | b'=' | b'_' | b' '))
}

/// A line that cannot continue the subject: a rule line, a page header, a
/// classification or serial line, a REF block or a handling caveat, or a
/// sentence in mixed case after a subject in capitals (`This is an action
/// request.`).
fn ends_subject(subject: &SubjectText, line: &str) -> bool {
    if is_rule_line(line) {
        return true;
    }
    if is_page_header(line) || serial_line(line).is_some() {
        return true;
    }
    let up = upper_prefix(line, 8);
    if up.starts_with("REF") || ref_label_start(line) && looks_like_cable_ref(&line[2..]) {
        return true;
    }
    subject.letters >= 12 && !subject.has_lower && line.chars().any(char::is_lowercase)
}

/// The subject as gathered, with what [`ends_subject`] asks of it kept
/// up to date as lines join: asking the whole text each line made a
/// header of thousands of subject lines quadratic.
#[derive(Default)]
struct SubjectText {
    text: String,
    letters: usize,
    has_lower: bool,
}

impl SubjectText {
    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        self.letters += s.chars().filter(|c| c.is_alphabetic()).count();
        self.has_lower |= s.chars().any(char::is_lowercase);
    }
}

pub use super::classified::parse_classified_by;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_out_secret_line_is_a_serial_line() {
        let s = serial_line("S E C R E T MOSCOW 001026").unwrap();
        assert_eq!(s.level, Some(Level::Secret));
        assert_eq!(s.station, "MOSCOW");
        assert_eq!(s.serial, "001026");
    }

    #[test]
    fn section_and_multiword_station_are_read() {
        let s = serial_line("UNCLAS SECTION 01 OF 02 RIO DE JANEIRO 001238").unwrap();
        assert_eq!(s.level, Some(Level::Unclassified));
        assert_eq!(s.station, "RIO DE JANEIRO");
        assert_eq!(s.serial, "001238");
    }

    #[test]
    fn mangled_classification_words_are_recognised() {
        for line in [
            "SS E C R E T PESHAWAR 000041",
            "CSE C R E T SECTION 01 OF 02 SHENYANG 000004",
            "E C R E T SANAA 000473",
            "O N F I D E N T I A L BAGHDAD 000290",
            "UUNCLAS MANAGUA 001002",
            "S e c r e t state 068250",
        ] {
            assert!(serial_line(line).is_some(), "{line}");
        }
    }

    #[test]
    fn body_sentences_are_not_serial_lines() {
        assert_eq!(serial_line("SECRETARY RICE MET 12 MINISTERS"), None);
        assert_eq!(serial_line("THE US 1234"), None);
    }

    #[test]
    fn routing_dtg_is_read_but_not_a_quoted_one() {
        assert_eq!(
            dtg_in_routing_line("O 121300Z MAR 07"),
            Timestamp::new(2007, 3, 12, 13, 0)
        );
        assert_eq!(
            dtg_in_routing_line("291359Z Nov 00"),
            Timestamp::new(2000, 11, 29, 13, 59)
        );
        assert_eq!(
            dtg_in_routing_line("B. USDAO NAIROBI IIR 6 854 0108 08 291553Z JAN 08"),
            None
        );
    }

    #[test]
    fn recipient_with_route_precedence_and_serial() {
        let mut v = Vec::new();
        push_recipient(&mut v, "RUEHUNV/USMISSION UNVIE VIENNA 0547");
        push_recipient(&mut v, "SECSTATE WASHDC IMMEDIATE 8142");
        assert_eq!(v[0].route.as_deref(), Some("RUEHUNV"));
        assert_eq!(v[0].name, "USMISSION UNVIE VIENNA");
        assert_eq!(v[0].serial.as_deref(), Some("0547"));
        assert_eq!(v[1].route, None);
        assert_eq!(v[1].precedence.as_deref(), Some("IMMEDIATE"));
    }

    #[test]
    fn declassification_dates_in_each_form() {
        assert_eq!(
            declassify_date("E.O. 12958: DECL: 03/12/2017").as_deref(),
            Some("2017-03-12")
        );
        assert_eq!(
            declassify_date("E.O. 12958: 03/24/2019").as_deref(),
            Some("2019-03-24")
        );
        assert_eq!(
            declassify_date("EO 12958 DECL: 11/29/10").as_deref(),
            Some("2010-11-29")
        );
        assert_eq!(
            declassify_date("E.O. 12958: DECL: 2035/02/12").as_deref(),
            Some("2035-02-12")
        );
        assert_eq!(declassify_date("E.O. 12958: N/A"), None);
        assert_eq!(
            declassify_date("E.O. 12958: DECL: TEN YEARS AFTER UNIFICATION"),
            None
        );
    }

    #[test]
    fn tags_split_by_spaces_or_commas() {
        assert_eq!(
            split_tags("PGOV KPKO UN SU RS"),
            ["PGOV", "KPKO", "UN", "SU", "RS"]
        );
        assert_eq!(split_tags("mtcre, parm, prel"), ["MTCRE", "PARM", "PREL"]);
        assert_eq!(
            split_tags("PINR, KCRM, BU, Organized Crime"),
            ["PINR", "KCRM", "BU", "ORGANIZED CRIME"]
        );
        assert_eq!(
            split_tags("PREL OVIP RICE, CONDOLEEZZA RS"),
            ["PREL", "OVIP", "RICE, CONDOLEEZZA", "RS"]
        );
    }

    fn header(text: &str) -> Header {
        let lines = super::super::lines::split_lines(text);
        parse_header(&lines)
    }

    #[test]
    fn a_subject_of_thousands_of_lines_is_gathered_whole() {
        // The shape the fuzzer found: a DTG repeated under the subject.
        // Each line joins the subject; a mixed-case sentence after it still
        // ends it, judged on what was gathered, not the first line.
        let text = format!(
            "TAGS: PREL\nSUBJECT: FOLLOW-UP TO UNO\n{}This is an action request.\n\n1. (C) Text.",
            "O 121300Z MAR 07\n".repeat(5000)
        );
        let h = header(&text);
        let subject = h.subject.unwrap();
        assert!(subject.starts_with("FOLLOW-UP TO UNO O 121300Z MAR 07 O"));
        assert_eq!(subject.matches("121300Z").count(), 5000);
        assert!(!subject.contains("action"));
    }

    #[test]
    fn a_subject_loses_its_portion_mark() {
        let h = header("TAGS: PREL\nSUBJECT: (C/NF) WHO WOULD WIN\n\n1. (C) Text.");
        assert_eq!(h.subject.as_deref(), Some("WHO WOULD WIN"));
    }

    #[test]
    fn a_subject_ends_at_a_rule_a_serial_line_a_ref_or_a_sentence() {
        for next in [
            "-------",
            "C O N F I D E N T I A L MOSCOW 001704",
            "REF: A. STATE 1234",
            "This is an action request.",
        ] {
            let h = header(&format!(
                "TAGS: PREL\nSUBJECT: ONE LONG SUBJECT IN CAPITALS\n{next}\n\n1. (C) Text."
            ));
            assert_eq!(
                h.subject.as_deref(),
                Some("ONE LONG SUBJECT IN CAPITALS"),
                "{next}"
            );
        }
    }

    #[test]
    fn a_foot_banner_inside_a_wrapped_subject_is_skipped() {
        let h =
            header("TAGS: PREL\nSUBJECT: TALKS WITH\n CONFIDENTIAL\nTHE OPPOSITION\n\n1. (C) x");
        assert_eq!(h.subject.as_deref(), Some("TALKS WITH THE OPPOSITION"));
    }

    #[test]
    fn a_wrapped_hyphenated_subject_word_is_joined() {
        let h = header("TAGS: PREL\nSUBJECT: THE US-\nLATIN AMERICAN TIES -- AND\nMORE\n\n1. x");
        assert_eq!(
            h.subject.as_deref(),
            Some("THE US-LATIN AMERICAN TIES -- AND MORE")
        );
    }

    #[test]
    fn a_subject_caption_alone_takes_the_next_block() {
        let h = header("SUBJECT:\n\nFraud Ring Busted\n1.(SBU) Summary: x");
        assert_eq!(h.subject.as_deref(), Some("Fraud Ring Busted"));
    }

    #[test]
    fn classified_by_in_paragraph_one_of_old_telegrams() {
        let h = header(
            "SUBJECT: X\n\n1. (U) CLASSIFIED BY CHARGE JOHN ROE; REASON 1.5 (D).\n\n2. (C) Text.",
        );
        let c = h.classified_by.unwrap();
        assert_eq!(c.name.as_deref(), Some("JOHN ROE"));
        assert_eq!(c.reasons.as_deref(), Some("1.5 (D)"));
        let h = header("SUBJ: X\n\n1. CONFIDENTIAL - ENTIRE TEXT.  CLASSIFIED BY:\nJANE W.S. ROE, AMBASSADOR.  REASON: 1.5 (D) .");
        assert_eq!(
            h.classified_by.unwrap().name.as_deref(),
            Some("JANE W.S. ROE")
        );
    }

    #[test]
    fn a_classified_by_word_cut_at_the_hard_wrap_is_joined_even_over_a_blank() {
        // Padded to the hard-wrap width, `REA` / `SONS` cut mid-word.
        let first = "Classified By: CLASSIFIED BY USEU MCOUNSELOR JOHN Q. ROE, FOR REA";
        let pad = super::super::classified::HARD_WRAP - first.chars().count();
        let first = first.replacen("USEU", &format!("USEU{}", "X".repeat(pad)), 1);
        let h = header(&format!(
            "TAGS: PREL\n{first}\n\nSONS 1.4 (B) AND (D)\n\n1. (C) x"
        ));
        let c = h.classified_by.unwrap();
        assert_eq!(c.name.as_deref(), Some("JOHN Q. ROE"));
        assert_eq!(c.reasons.as_deref(), Some("1.4 (B) AND (D)"));
    }

    #[test]
    fn mistyped_tags_markers_and_a_trailing_comma() {
        let h = header("E.O. 12958: N/A\nTABS: EFIS, ECON,\nve, ns\nSUBJECT: X");
        assert_eq!(h.tags, ["EFIS", "ECON", "VE", "NS"]);
        let h = header("DECL: 08/22/2017 AGS: PGOV, PREL, AR\nSUBJECT: X");
        assert_eq!(h.tags, ["PGOV", "PREL", "AR"]);
    }

    #[test]
    fn routing_words_need_routing_shape() {
        let h = header("DE PREE\n");
        assert_eq!(h.de_serial, None);
        let h = header("November 16, 2007\nTo the Honorable Embassy\nCity\n");
        assert!(h.recipients.to.is_empty());
        let h = header("To:       No Action Addressee\n");
        assert_eq!(h.recipients.to[0].name, "No Action Addressee");
    }

    #[test]
    fn xmt_lists_and_page_headers_are_no_recipients() {
        let h = header("FM AMEMBASSY X\nTO PAGE 02        STATE   015113  182333Z\nALL DIPLOMATIC POSTS COLLECTIVE PRIORITY\nRUEHX/EUROPEAN POLITICAL COLLECTIVE\nXMT AMEMBASSY SOFIA\nAMEMBASSY BUCHAREST\nINFO XMT USINT HAVANA\nBT\n");
        let names: Vec<&str> = h.recipients.to.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "ALL DIPLOMATIC POSTS COLLECTIVE",
                "EUROPEAN POLITICAL COLLECTIVE"
            ]
        );
        assert!(h.recipients.info.is_empty());
    }

    #[test]
    fn the_weekday_date_line_is_read_when_its_weekday_is_right() {
        assert_eq!(
            weekday_date_line("Friday, 04 May 2007, 11:42"),
            Timestamp::new(2007, 5, 4, 11, 42)
        );
        assert_eq!(weekday_date_line("Monday, 04 May 2007, 11:42"), None);
        assert_eq!(weekday_date_line("Friday, 31 February 2007, 11:42"), None);
    }

    #[test]
    fn fm_lines_are_cleaned_for_the_station_tables() {
        assert_eq!(clean_fm("AMEMBASSY TRIPOLI LY"), "AMEMBASSY TRIPOLI");
        assert_eq!(clean_fm("US MISSION GENEVA"), "USMISSION GENEVA");
        assert_eq!(clean_fm("AMEMBASSY MOSCOW"), "AMEMBASSY MOSCOW");
    }

    #[test]
    fn limited_official_use_is_its_own_level() {
        let s = serial_line("LIMITED OFFICIAL USE STATE 050524").unwrap();
        assert_eq!(s.level, Some(Level::LimitedOfficialUse));
        assert_eq!(s.station, "STATE");
    }

    #[test]
    fn subject_ending_on_a_conjunction_dangles() {
        assert!(dangles("RUSSIAN DFM SALTANOV ON DARFUR AVIATION AND"));
        assert!(!dangles("FOLLOW-UP TO UNSCR 1540 PROGRAM OF WORK DEMARCHE"));
    }
}
