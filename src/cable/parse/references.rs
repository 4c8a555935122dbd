//! The REF block: every entry in order, its letter (or number) label, the
//! entry as written, and the cable ID when the entry names a cable.
//!
//! The block arrives without its marker (`REF:`, `REFS:`, `Ref(s):` …) and
//! may carry transport debris: `¶` anchors, Markdown (`[1](#)B.`, `**1**B.`),
//! HTML tags, tokenised spacing (`( A ) STATE 165022`), repeated labels
//! (`A. A) BRASILIA 236`, `¶B. D. STATE 32213`). The parser cleans the debris,
//! cuts the block at its labels, then reads each part as a list of cable
//! references (`[YY|YYYY] STATION SERIAL [caption…]`) separated by `;`, `,`,
//! `:` or `AND`, or as one non-cable entry. A cable reference is only taken
//! when all of it is understood — `PARIS POINTS 20 SEPTEMBER 2007` is not
//! `07PARIS20` — and it takes the citing cable's year only when it has none
//! of its own; with no year at all its `id` is `None`.
//!
//! Hand-written scanning over a small token list: no regex, one pass for the
//! labels and one for the entries.

use super::ids;
use crate::cable::model::Reference;

/// Reads the REF block `block` (the text after its marker) into references.
/// `citing_year` is the year of the citing cable, used for references that
/// carry none; without it such references get no `id` (never guessed).
pub fn parse_references(block: &str, citing_year: Option<u16>) -> Vec<Reference> {
    let clean = clean(block);
    let toks = tokenize(&clean);
    let p = Parser {
        src: &clean,
        toks: &toks,
        citing_year,
    };
    let mut out = Vec::new();
    let mut last = None;
    let mut stop = false;
    for seg in p.segments() {
        p.entries(&seg, &mut last, &mut stop, &mut out);
        if stop {
            break;
        }
    }
    out
}

// ---- finding the block (used by the header) ----------------------------

/// Markers that open a REF block inside a line, compared case-insensitively
/// with their colon.
const GLUED_MARKERS: &[&str] = &["REF(S):", "REFTELS:", "REFTEL:", "REFS:", "REF:"];

/// A REF marker inside a line rather than at its start, where a copy glued
/// the block to the line before it (`... IN RIO Ref(s): A) 08 RIO DE JAN
/// 138`, `...AS UK PRIMEREF: A. LONDON 1939`): the byte where the marker
/// starts and where the references after it start. The marker stands after
/// a blank, or glued to a word in capitals when it is written in capitals
/// itself; something must follow it.
pub(super) fn glued_marker(line: &str) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let mut from = 1;
    while from < b.len() {
        let at = from
            + b.get(from..)?
                .iter()
                .position(|c| *c == b'R' || *c == b'r')?;
        from = at + 1;
        let Some(marker) = GLUED_MARKERS.iter().find(|m| {
            b.get(at..at + m.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(m.as_bytes()))
        }) else {
            continue;
        };
        let written = line.get(at..at + marker.len()).unwrap_or("");
        let before = b[at - 1];
        let after_blank = before == b' ' || before == b'\t';
        let glued_caps = before.is_ascii_uppercase() && written == *marker;
        let rest = line.get(at + marker.len()..).unwrap_or("");
        let rest_start = at + marker.len() + (rest.len() - rest.trim_start().len());
        if (after_blank || glued_caps) && !rest.trim().is_empty() {
            return Some((at, rest_start));
        }
    }
    None
}

/// A REF line without a `REF:` marker: a label and then `REF` before the
/// first entry (`A. REF AMMAN 222`).
pub(super) fn labelled_ref_line(line: &str) -> bool {
    let t = line.trim_start_matches(['¶', ' ', '-']);
    let b = t.as_bytes();
    let after_label = match b {
        [b'(', l, b')', ..] if l.is_ascii_alphabetic() => 3,
        [l, b'.' | b')', b' ', ..] if l.is_ascii_alphabetic() => 2,
        _ => return false,
    };
    let rest = t.get(after_label..).unwrap_or("").trim_start();
    let mut words = rest.split_whitespace();
    let marker = words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("REF") || w.eq_ignore_ascii_case("REFTEL"));
    marker && cable_follows(rest)
}

/// Whether `text` opens with a letter label (`B.`, `B)`, `(B)`).
fn ref_label_at(text: &str) -> bool {
    let b = text.trim_start_matches('¶').as_bytes();
    match b {
        [b'(', l, b')', ..] => l.is_ascii_alphabetic(),
        [l, b'.' | b')', rest @ ..] => {
            l.is_ascii_alphabetic() && rest.first().is_none_or(|c| *c == b' ')
        }
        _ => false,
    }
}

/// Whether `text` opens with a cable reference (`Brasilia 01392 ...`).
fn cable_follows(text: &str) -> bool {
    let text = text.trim_start();
    let head: String = text
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    parse_references(&head, Some(2000))
        .first()
        .is_some_and(|r| r.id.is_some())
}

/// Whether `line`, after a blank line, still belongs to the REF block
/// `block` because the block's last entry is unfinished: a station cut
/// from its serial (`C) RIO` / blank / `DE JANEIRO 1291`, `(B) Rio de
/// Janeiro` / blank / `00723  (C) Brasilia 01392`).
pub(super) fn continues_after_blank(block: &str, line: &str) -> bool {
    let Some(last_word) = block.split_whitespace().last() else {
        return false;
    };
    let unfinished = last_word.bytes().all(|c| c.is_ascii_alphabetic())
        && !CAPTIONS.iter().any(|c| c.eq_ignore_ascii_case(last_word))
        && !AND_QUALIFIERS
            .iter()
            .any(|c| c.eq_ignore_ascii_case(last_word));
    if !unfinished {
        return false;
    }
    let line = line.trim();
    // A serial alone at the line's start (not a paragraph number `1.`).
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let next = line.as_bytes().get(digits);
        return digits >= 2 && next.is_none_or(|c| c.is_ascii_whitespace() || *c == b';');
    }
    // The rest of the station and the serial (`DE JANEIRO 1291`).
    let words: Vec<&str> = line.split_whitespace().take(4).collect();
    let Some(serial_at) = words.iter().position(|w| {
        w.trim_end_matches([',', ';', '.'])
            .bytes()
            .all(|c| c.is_ascii_digit())
    }) else {
        return false;
    };
    (1..=3).contains(&serial_at)
        && words[..serial_at]
            .iter()
            .all(|w| w.bytes().all(|c| c.is_ascii_alphabetic()))
        && ids::is_listed_station(&format!("{last_word} {}", words[..serial_at].join(" ")))
}

/// A REF line that runs on into the body text (`STATE 40380 (SBU) Poloff
/// delivered ...`): the references before the portion mark, and whether
/// text followed. A mark is no portion mark where it is a label: repeating
/// the label before it (`C. (C) PARIS 7527`), opening the line (`- (C)
/// State 240015`) or in a block of parenthesised labels (`(A) ... (C)`);
/// nor where a serial is glued to it (`KUWAIT (C)02293`).
pub(super) fn cut_at_portion_mark(line: &str) -> (&str, bool) {
    const MARKS: [&str; 7] = ["(U)", "(SBU)", "(S/NF)", "(C/NF)", "(SBU/NF)", "(C)", "(S)"];
    let labelled = line.contains("(A)") || line.contains("( A )") || line.contains("(B)");
    let b = line.as_bytes();
    let is_label = |p: usize, m: &str| {
        if m.len() != 3 {
            return false;
        }
        let before = line[..p].trim_end_matches([' ', '¶', '-', '\t']);
        let letter = m.as_bytes()[1];
        let bb = before.as_bytes();
        let repeats = bb.len() >= 2
            && bb[bb.len() - 2] == letter
            && matches!(bb[bb.len() - 1], b'.' | b')' | b':')
            && (bb.len() == 2 || !bb[bb.len() - 3].is_ascii_alphanumeric());
        let after = &line[p + m.len()..];
        labelled || before.is_empty() || repeats || cable_follows(after)
    };
    // `A. STATE 12345 (C) B. STATE 23456`: a mark closing an entry, with
    // the next entry or nothing after it, cuts nothing.
    let closes_entry = |p: usize, m: &str| {
        let after = line[p + m.len()..].trim_start();
        after.is_empty() || ref_label_at(after) || cable_follows(after)
    };
    let glued_serial = |p: usize, m: &str| b.get(p + m.len()).is_some_and(u8::is_ascii_digit);
    let upper = line.to_ascii_uppercase();
    let cut = MARKS
        .iter()
        .flat_map(|m| line.match_indices(m).map(move |(p, _)| (p, *m)))
        .filter(|&(p, m)| !is_label(p, m) && !glued_serial(p, m) && !closes_entry(p, m))
        .map(|(p, _)| p)
        .chain(
            ["PLEASE PASS", "CLASSIFIED BY"]
                .iter()
                .filter_map(|m| upper.find(m)),
        )
        .filter(|&p| p > 0)
        .min();
    match cut {
        Some(p) => (line[..p].trim_end(), true),
        None => (line, false),
    }
}

/// Removes transport debris, keeping everything else in place: `¶`,
/// Markdown anchors `[1](#)`, bold numbers `**1**`, bold markers, HTML tags.
fn clean(block: &str) -> String {
    let mut out = String::with_capacity(block.len());
    let b = block.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        // `[12](#)`
        if rest[0] == b'[' {
            let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 && rest[1 + digits..].starts_with(b"](#)") {
                out.push(' ');
                i += 1 + digits + 4;
                continue;
            }
        }
        // `**12**` and lone `**`
        if rest.starts_with(b"**") {
            let digits = rest[2..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 && rest[2 + digits..].starts_with(b"**") {
                i += 2 + digits + 2;
            } else {
                i += 2;
            }
            out.push(' ');
            continue;
        }
        // `<a href='#par1'>`, `</a>`, `<u>`: tags of at most 200 bytes
        if rest[0] == b'<' && rest.len() > 1 && (rest[1].is_ascii_alphabetic() || rest[1] == b'/') {
            if let Some(len) = rest.iter().take(200).position(|&c| c == b'>') {
                out.push(' ');
                i += len + 1;
                continue;
            }
        }
        // Copy one character (block is valid UTF-8, so `i` is a boundary).
        let Some(c) = block.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        if c == '¶' || (c.is_control() && c != '\n') {
            out.push(' ');
        } else if c == '\\' && line_end_follows(&b[i + 1..]) {
            // `BERN 1253 \`: the line-continuation mark of a JSON or export
            // dump.
            out.push(' ');
        } else {
            out.push(c);
        }
        i += c.len_utf8();
    }
    repair_ocr_digits(&mut out);
    out
}

/// Only blanks up to the next line break or the end.
fn line_end_follows(rest: &[u8]) -> bool {
    rest.iter()
        .take_while(|&&c| c != b'\n')
        .all(|c| c.is_ascii_whitespace())
}

/// Letters and digits that OCR confused: `0` inside or at the start of a
/// word (`COTON0U`, `0TTAWA`) is the letter O; `O` before digits where no
/// letter precedes it (`O4 CHENNAI`, `LAGOS O1512`) is the digit 0.
fn repair_ocr_digits(s: &mut String) {
    let b = s.as_bytes();
    let alpha = |k: Option<&u8>| k.is_some_and(|c| c.is_ascii_alphabetic());
    let digit = |k: Option<&u8>| k.is_some_and(|c| c.is_ascii_digit());
    let mut fixes: Vec<(usize, u8)> = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|k| b.get(k));
        let after = b.get(i + 1);
        let word_start = before.is_none_or(|c| !c.is_ascii_alphanumeric());
        match c {
            b'0' if alpha(after) && (alpha(before) || (word_start && alpha(b.get(i + 2)))) => {
                fixes.push((i, b'O'))
            }
            b'O' | b'o' if digit(after) && !alpha(before) && !digit(before) => {
                fixes.push((i, b'0'))
            }
            _ => {}
        }
    }
    if fixes.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(s).into_bytes();
    for (i, c) in fixes {
        bytes[i] = c;
    }
    // Only ASCII bytes were swapped for ASCII bytes.
    *s = String::from_utf8(bytes).unwrap_or_default();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// ASCII letters, with inner `-`/`'` between letters (`E-MAIL`, `D'ELIA`).
    Word,
    /// ASCII digits.
    Num,
    /// Any other single character.
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Whitespace (or the start of the block) precedes the token.
    space: bool,
    /// A line break (or the start of the block) precedes the token.
    newline: bool,
    /// A wide gap precedes it: a line break or two blanks, as where a copy
    /// joined lines.
    gap: bool,
}

fn tokenize(s: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let b = s.as_bytes();
    let (mut space, mut newline, mut blanks) = (true, true, 2usize);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let kind = if c.is_ascii_whitespace() {
            space = true;
            newline |= c == b'\n';
            blanks += 1;
            i += 1;
            continue;
        } else if c.is_ascii_alphabetic() {
            i += 1;
            loop {
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                let joiner = i + 1 < b.len() && (b[i] == b'-' || b[i] == b'\'');
                if joiner && b[i + 1].is_ascii_alphabetic() {
                    i += 1;
                } else {
                    break;
                }
            }
            Kind::Word
        } else if c.is_ascii_digit() {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            Kind::Num
        } else {
            let ch = s.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
            i += ch.len_utf8().max(1);
            if ch.is_whitespace() {
                space = true;
                blanks += 1;
                continue;
            }
            Kind::Punct(ch)
        };
        toks.push(Tok {
            kind,
            start,
            end: i,
            space,
            newline,
            gap: newline || blanks >= 2,
        });
        space = false;
        newline = false;
        blanks = 0;
    }
    toks
}

/// A label as found: a letter (upper case) or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Letter(u8),
    Number(u32),
}

impl Label {
    fn text(self) -> String {
        match self {
            Label::Letter(c) => char::from(c).to_string(),
            Label::Number(n) => n.to_string(),
        }
    }
}

/// A label candidate: what it says, how it is written, where it ends.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    label: Label,
    /// Written bare at a line start (`B KUALA LUMPUR 739`): taken only as the
    /// very next letter.
    bare: bool,
    /// Written in parentheses (`(B)`): never skips a letter, since `(C)` and
    /// `(S)` are also portion marks.
    paren: bool,
    /// Bare, and a cable reference follows it (`B WELLINGTON 690`).
    cable_follows: bool,
    /// Index of the first token after it.
    next: usize,
}

/// Where the labels stand so far.
#[derive(Debug, Clone, Copy, Default)]
struct LabelState {
    letter: Option<u8>,
    number: Option<u32>,
    /// Tokens of the current entry since its label.
    content: bool,
}

impl LabelState {
    fn accepts(&self, c: &Candidate, at_block_start: bool) -> bool {
        match c.label {
            Label::Letter(x) => match self.letter {
                // The first label is `A`; a block cut short may open with
                // `B.` or `C.`.
                None if c.bare => c.cable_follows && x == b'A' && self.number.is_none(),
                None => {
                    let late_start = at_block_start && !c.paren && x <= b'C';
                    self.number.is_none() && (x == b'A' || late_start)
                }
                // A bare letter repeating the label (`¶B. B HAVANA 772`).
                Some(p) if c.bare => x == p + 1 || (x == p && !self.content && c.cable_follows),
                // `A. A)` repeats the label; `A. … B. … D.` may skip one.
                Some(p) => {
                    let skip = if c.paren { 1 } else { 2 };
                    (x == p && !self.content) || (p < x && x <= p + skip)
                }
            },
            Label::Number(n) => match self.number {
                None => self.letter.is_none() && n == 1,
                Some(p) => (n == p && !self.content) || n == p + 1,
            },
        }
    }

    fn take(&mut self, c: &Candidate) {
        match c.label {
            Label::Letter(x) => self.letter = Some(x),
            Label::Number(n) => self.number = Some(n),
        }
        self.content = false;
    }
}

/// One labelled part of the block: tokens `start..end`.
#[derive(Debug)]
struct Segment {
    label: Option<Label>,
    start: usize,
    end: usize,
}

/// A cable reference's head: `[YY] STATION SERIAL`.
#[derive(Debug)]
struct Head {
    year: Option<u16>,
    station: String,
    serial: usize,
    /// Further serials of the same station (`KABUL 936/935`).
    more: Vec<usize>,
    /// Index of the first token after the serial.
    next: usize,
}

/// Captions that may follow a cable reference (`STATE 147667 (NOTAL)`).
const CAPTIONS: &[&str] = &[
    "NOTAL", "EXDIS", "NODIS", "LIMDIS", "STADIS", "CIRCULAR", "ALDAC", "NOFORN",
];
/// Words after `AND` that qualify the reference before it
/// (`MOSCOW 1187 AND PREVIOUS`).
const AND_QUALIFIERS: &[&str] = &[
    "PREVIOUS",
    "PRIOR",
    "OTHERS",
    "RELATED",
    "FOLLOWING",
    "SUBSEQUENT",
    "PREVIOUSLY",
];
const PARAGRAPH_WORDS: &[&str] = &["PARA", "PARAS", "PARAGRAPH", "PARAGRAPHS", "PARAGRAPHE"];
const DATE_INTRO: &[&str] = &["OF", "DATED", "DTD", "DATE", "ON", "DTG"];
const MONTHS: &[&str] = &[
    "JAN",
    "JANUARY",
    "FEB",
    "FEBRUARY",
    "MAR",
    "MARCH",
    "APR",
    "APRIL",
    "MAY",
    "JUN",
    "JUNE",
    "JUL",
    "JULY",
    "AUG",
    "AUGUST",
    "SEP",
    "SEPT",
    "SEPTEMBER",
    "OCT",
    "OCTOBER",
    "NOV",
    "NOVEMBER",
    "DEC",
    "DECEMBER",
];
/// Words that may open a reference without being part of its station.
const LEAD_WORDS: &[&str] = &[
    "REFTEL",
    "REFTELS",
    "REF",
    "REFS",
    "SEE",
    "UNCLAS",
    "UNCLASS",
    "CONFIDENTIAL",
    "SECRET",
];
/// Words between a station and its serial that name the kind of message
/// (`COLOMBO CABLES 0266`).
const CABLE_WORDS: &[&str] = &["CABLE", "CABLES", "TEL", "TELS", "TELEGRAM", "TELEGRAMS"];
/// Banner and caveat words that end a REF block run on into the text
/// (`05 SAO PAUL 614 SENSITIVE BUT UNCLASSIFIED`).
const BANNER_WORDS: &[&str] = &[
    "SENSITIVE",
    "UNCLASSIFIED",
    "UNCLAS",
    "CONFIDENTIAL",
    "SECRET",
    "NOFORN",
    "SIPDIS",
    "CLASSIFIED",
    "LIMITED",
];
/// Portion marks that may stand between a station and its serial.
const PORTION_MARKS: &[&str] = &["C", "S", "U", "SBU", "LOU"];
/// Longest parenthesised caption after a reference, in tokens.
const MAX_CAPTION_TOKENS: usize = 40;
/// Entries that say there is no reference.
const NOTHING: &[&str] = &["NONE", "N/A", "NA", "NIL"];

struct Parser<'a> {
    src: &'a str,
    toks: &'a [Tok],
    citing_year: Option<u16>,
}

impl<'a> Parser<'a> {
    fn text(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.src.get(t.start..t.end))
            .unwrap_or("")
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn is_punct(&self, i: usize, set: &[char]) -> bool {
        matches!(self.kind(i), Some(Kind::Punct(c)) if set.contains(&c))
    }

    fn word_is(&self, i: usize, set: &[&str]) -> bool {
        self.kind(i) == Some(Kind::Word) && set.iter().any(|w| w.eq_ignore_ascii_case(self.text(i)))
    }

    fn spaced(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.space)
    }

    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space)
    }

    /// The text of tokens `i..j`, whitespace-collapsed, without leading or
    /// trailing separators.
    fn span_text(&self, i: usize, j: usize) -> String {
        let (Some(a), Some(b)) = (
            self.toks.get(i),
            j.checked_sub(1).and_then(|k| self.toks.get(k)),
        ) else {
            return String::new();
        };
        let raw = self.src.get(a.start..b.end).unwrap_or("");
        let mut text = String::with_capacity(raw.len());
        for word in raw.split_whitespace() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
        }
        let is_sep = |c: char| matches!(c, ';' | ',' | ':');
        let kept = text
            .trim_start_matches(is_sep)
            .trim_end_matches(|c: char| is_sep(c) || c == '.' || c == ' ')
            .trim_start();
        if kept.len() == text.len() {
            text
        } else {
            kept.to_string()
        }
    }

    // ---- labels -------------------------------------------------------

    /// Something that can stand before a label.
    fn label_boundary(&self, i: usize) -> bool {
        i == 0 || self.spaced(i) || self.is_punct(i - 1, &[';', ','])
    }

    /// A label candidate starting at token `i`.
    fn candidate(&self, i: usize) -> Option<Candidate> {
        let tok = self.toks.get(i)?;
        match tok.kind {
            // `(A)`, `( a )`, `(1)`, `[A]`
            Kind::Punct(open @ ('(' | '[')) => {
                let close = if open == '(' { ')' } else { ']' };
                if !self.label_boundary(i) || !self.is_punct(i + 2, &[close]) {
                    return None;
                }
                let label = self.label_token(i + 1)?;
                Some(Candidate {
                    label,
                    bare: false,
                    paren: true,
                    cable_follows: false,
                    next: i + 3,
                })
            }
            // `A.`, `a)`, `A:`, `1.`, `1)`
            Kind::Word | Kind::Num => {
                let label = self.label_token(i)?;
                if !self.label_boundary(i) {
                    return None;
                }
                let punct_set: &[char] = match label {
                    Label::Letter(_) => &['.', ')', ':'],
                    // `BAGHDAD 1.` ends with a serial, not a label.
                    Label::Number(_) if self.after_word(i) => return None,
                    Label::Number(_) => &['.', ')'],
                };
                if self.glued(i + 1) && self.is_punct(i + 1, punct_set) {
                    // `U.S.` is no label: a period must be followed by a blank.
                    if self.is_punct(i + 1, &['.']) && self.glued(i + 2) {
                        return None;
                    }
                    return Some(Candidate {
                        label,
                        bare: false,
                        paren: false,
                        cable_follows: false,
                        next: i + 2,
                    });
                }
                let letter = matches!(label, Label::Letter(_));
                // `A - Kabul 28`: a letter and a dash.
                if letter
                    && self.is_punct(i + 1, &['-'])
                    && self.spaced(i + 1)
                    && self.spaced(i + 2)
                    && !self.is_punct(i + 2, &['-'])
                {
                    return Some(Candidate {
                        label,
                        bare: false,
                        paren: false,
                        cable_follows: false,
                        next: i + 2,
                    });
                }
                // `B KUALA LUMPUR 739`: a bare letter opening a line, or
                // anywhere when a cable follows (`REF A WELLINGTON 721 B
                // WELLINGTON 690`, `¶B. B HAVANA 772`).
                let opens_line = self.toks.get(i).is_some_and(|t| t.newline) && i > 0;
                if letter && self.spaced(i + 1) {
                    let cable_follows = self.head(i + 1, self.toks.len()).is_some();
                    if opens_line || cable_follows {
                        return Some(Candidate {
                            label,
                            bare: true,
                            paren: false,
                            cable_follows,
                            next: i + 1,
                        });
                    }
                }
                None
            }
            Kind::Punct(_) => None,
        }
    }

    /// A word on the same line just before token `i`.
    fn after_word(&self, i: usize) -> bool {
        let on_line = self.toks.get(i).is_some_and(|t| !t.newline);
        on_line && i > 0 && self.kind(i - 1) == Some(Kind::Word)
    }

    /// A single letter, or a number 1..=99 written without a leading zero.
    fn label_token(&self, i: usize) -> Option<Label> {
        let t = self.text(i);
        match self.kind(i)? {
            Kind::Word if t.len() == 1 => t
                .bytes()
                .next()
                .map(|c| Label::Letter(c.to_ascii_uppercase())),
            Kind::Num if t.len() <= 2 && !t.starts_with('0') => t.parse().ok().map(Label::Number),
            _ => None,
        }
    }

    /// Cuts the block at its labels. In a run of label candidates
    /// (`A. A)`, `¶B. D.`) the last acceptable one is the label.
    fn segments(&self) -> Vec<Segment> {
        let mut segs = vec![Segment {
            label: None,
            start: 0,
            end: 0,
        }];
        let mut state = LabelState::default();
        let mut i = 0;
        while i < self.toks.len() {
            let mut trial = state;
            let mut taken: Option<(Label, usize)> = None;
            let mut j = i;
            for _ in 0..4 {
                // `A. REF A STATE 122214`: the label repeated after `REF`.
                let c = self.candidate(j).or_else(|| {
                    let repeat = taken.is_some() && self.word_is(j, &["REF", "REFTEL"]);
                    repeat.then(|| self.candidate(j + 1)).flatten()
                });
                let Some(c) = c else { break };
                if trial.accepts(&c, i == 0) {
                    trial.take(&c);
                    taken = Some((c.label, c.next));
                }
                j = c.next;
            }
            match taken {
                Some((label, next)) => {
                    state = trial;
                    if let Some(last) = segs.last_mut() {
                        last.end = i;
                    }
                    segs.push(Segment {
                        label: Some(label),
                        start: next,
                        end: next,
                    });
                    i = next;
                }
                None => {
                    state.content = true;
                    i += 1;
                }
            }
        }
        if let Some(last) = segs.last_mut() {
            last.end = self.toks.len();
        }
        segs
    }

    // ---- entries ------------------------------------------------------

    /// Separators between entries of one part.
    fn is_sep(&self, i: usize) -> bool {
        // A dash between blanks (`STATE 1234 - STATE 5678`) too.
        let dash = self.is_punct(i, &['-']) && self.spaced(i) && self.spaced(i + 1);
        dash || self.is_punct(i, &[';', ',', ':', '&', '.']) || self.word_is(i, &["AND"])
    }

    /// A date-time group (`051234Z JAN 06`, `051234Z`): the index after it.
    fn dtg_end(&self, i: usize, end: usize) -> Option<usize> {
        let zulu = self.kind(i) == Some(Kind::Num)
            && self.text(i).len() == 6
            && self.glued(i + 1)
            && self.text(i + 1).eq_ignore_ascii_case("Z");
        if !zulu {
            return None;
        }
        let mut j = i + 2;
        if self.word_is(j, MONTHS) {
            j += 1;
            if self.year_at(j).is_some() {
                j += 1;
            }
        }
        Some(j.min(end))
    }

    /// A plausible year token: `07`, `2007`, and `094` (a stray zero).
    fn year_at(&self, i: usize) -> Option<u16> {
        let t = self.text(i);
        if self.kind(i) != Some(Kind::Num) {
            return None;
        }
        match t.len() {
            2 | 4 => ids::full_year(t),
            3 if t.starts_with('0') => t.get(1..).and_then(ids::full_year),
            _ => None,
        }
    }

    /// `(08)`: a year in parentheses, and the index after it.
    fn paren_year(&self, i: usize, end: usize) -> Option<(u16, usize)> {
        if i + 2 < end && self.is_punct(i, &['(']) && self.is_punct(i + 2, &[')']) {
            let t = self.text(i + 1);
            if t.len() == 2 || t.len() == 4 {
                return Some((self.year_at(i + 1)?, i + 3));
            }
        }
        None
    }

    /// `[YY|YYYY|(YY)] [REFTEL] STATION SERIAL` at token `i`, in the ways
    /// copies write it: `'08 BUENOS AIRES 1491`, `094 QUITO 841` (a
    /// three-digit year), `10-OTTAWA-57`, `ST. PETERSBURG 75`, `COLOMBO
    /// CABLES 0266`, `BAGHDAD #3565`, `STATE (01) 201265`, `KUWAIT
    /// (C)02293`, `STATE: 73097`, `PRAGUE, 1228`.
    fn head(&self, i: usize, end: usize) -> Option<Head> {
        let mut k = i;
        let mut year = None;
        // `'08`: a year with its apostrophe.
        if self.is_punct(k, &['\'', '’']) && self.glued(k + 1) && self.year_at(k + 1).is_some() {
            k += 1;
        }
        if let Some((y, next)) = self.paren_year(k, end) {
            year = Some(y);
            k = next;
        } else if k + 1 < end && self.kind(k + 1) == Some(Kind::Word) {
            if let Some(y) = self.year_at(k) {
                year = Some(y);
                k += 1;
            }
        } else if self.is_punct(k + 1, &['-']) && self.glued(k + 1) && self.glued(k + 2) {
            // `10-OTTAWA-57`
            if let Some(y) = self
                .year_at(k)
                .filter(|_| self.kind(k + 2) == Some(Kind::Word))
            {
                year = Some(y);
                k += 2;
            }
        }
        while self.word_is(k, LEAD_WORDS) && self.kind(k + 1) == Some(Kind::Word) {
            k += 1;
        }
        let first = k;
        let mut last_word = k;
        while k < end && self.kind(k) == Some(Kind::Word) && (k == first || self.spaced(k)) {
            if k > first && self.word_is(k, CABLE_WORDS) {
                // `COLOMBO CABLES 0266`: the word is no part of the name.
                k += 1;
                break;
            }
            last_word = k;
            k += 1;
            // `ST. PETERSBURG`: a period after a short word.
            let short = self.text(k - 1).len() <= 3;
            if short
                && self.is_punct(k, &['.'])
                && self.glued(k)
                && self.spaced(k + 1)
                && self.kind(k + 1) == Some(Kind::Word)
            {
                k += 1;
            }
            if k - first > 5 {
                return None;
            }
        }
        if k == first {
            return None;
        }
        let name = self
            .src
            .get(self.toks[first].start..self.toks[last_word].end)?;
        let station = ids::canonical_station(name)?;
        let listed = || ids::is_listed_station(name);
        // Between the station and the serial.
        if let Some((y, next)) = self.paren_year(k, end) {
            year = Some(y);
            k = next;
        } else if (self.is_punct(k, &['#']) && self.glued(k + 1))
            || (self.is_punct(k, &['-']) && self.glued(k) && self.glued(k + 1))
        {
            // `BAGHDAD #3565`, `10-OTTAWA-57`
            k += 1;
        } else if self.is_punct(k, &['(']) && self.is_punct(k + 2, &[')']) {
            // `KUWAIT (C)02293`: a portion mark.
            if !self.word_is(k + 1, PORTION_MARKS) {
                return None;
            }
            k += 3;
        } else if self.is_punct(k, &[':', ',']) && self.glued(k) && self.spaced(k + 1) && listed() {
            k += 1;
        }
        if k >= end || self.kind(k) != Some(Kind::Num) {
            return None;
        }
        let serial = k;
        let digits = self.text(serial);
        if digits.len() > 8 || digits.trim_start_matches('0').len() > 6 {
            return None;
        }
        if !self.serial_ends(serial + 1, end) {
            return None;
        }
        Some(Head {
            year,
            station,
            serial,
            more: Vec::new(),
            next: serial + 1,
        })
    }

    /// What may touch a serial: a blank, the end, `;` `,` `:` `(` `)`, a
    /// final period, or `--` (`00830--05/DEC/2008`). Not `/` (`12/14/07`),
    /// not a letter (`291553Z`).
    fn serial_ends(&self, i: usize, end: usize) -> bool {
        if i >= end || self.spaced(i) {
            return true;
        }
        if self.is_punct(i, &[';', ',', ':', '(', ')']) {
            return true;
        }
        if self.is_punct(i, &['.']) {
            return i + 1 >= end || self.spaced(i + 1);
        }
        // `KABUL 936/935` (the list is told from a date by `cable`), `QUITO
        // 4525-91`.
        let number_follows = self.glued(i + 1) && self.kind(i + 1) == Some(Kind::Num);
        if self.is_punct(i, &['/']) && number_follows {
            return true;
        }
        if self.is_punct(i, &['-']) && number_follows && self.text(i + 1).len() == 2 {
            return true;
        }
        self.is_punct(i, &['-']) && self.is_punct(i + 1, &['-']) && self.glued(i + 1)
    }

    /// `KABUL 692/317/274/162`: the serials after the first, each after a
    /// slash, for a listed station. `None` when the slashes make a date
    /// (`MCWHIRTER 12/14/07`) or a number and its year (`POC 201/2006`): a
    /// list has serials of three digits or more, and no year after a
    /// serial of another length.
    fn slash_serials(&self, first: usize, end: usize, listed: bool) -> Option<Vec<usize>> {
        let mut more = Vec::new();
        let mut j = first + 1;
        while j + 1 < end
            && self.is_punct(j, &['/'])
            && self.glued(j)
            && self.glued(j + 1)
            && self.kind(j + 1) == Some(Kind::Num)
        {
            more.push(j + 1);
            j += 2;
        }
        if more.is_empty() {
            return Some(more);
        }
        let serial_like = |k: &usize| {
            let t = self.text(*k);
            t.len() >= 3 && t.trim_start_matches('0').len() <= 6
        };
        let first_len = self.text(first).len();
        let year_after = more.iter().any(|k| {
            let t = self.text(*k);
            t.len() == 4 && t.len() != first_len && self.year_at(*k).is_some()
        });
        let ok = listed
            && !year_after
            && serial_like(&first)
            && more.iter().all(serial_like)
            && self.serial_ends(j, end);
        ok.then_some(more)
    }

    /// `870 Ulaanbaatar`: the serial before a listed station, alone as an
    /// entry.
    fn reversed_head(&self, i: usize, end: usize) -> Option<Head> {
        let digits = self.text(i);
        let serial_like = digits.len() <= 6 && !digits.trim_start_matches('0').is_empty();
        if self.kind(i) != Some(Kind::Num) || !serial_like || !self.spaced(i + 1) {
            return None;
        }
        let mut k = i + 1;
        while k < end && k <= i + 3 && self.kind(k) == Some(Kind::Word) && self.spaced(k) {
            k += 1;
        }
        if k == i + 1 || !self.ends_entry(k, end) {
            return None;
        }
        let name = self.src.get(self.toks[i + 1].start..self.toks[k - 1].end)?;
        if !ids::is_listed_station(name) {
            return None;
        }
        Some(Head {
            year: None,
            station: ids::canonical_station(name)?,
            serial: i,
            more: Vec::new(),
            next: k,
        })
    }

    /// A whole cable reference at `i`: its head, then captions, qualifiers,
    /// dates and a trailing year, and then nothing but a separator, the end,
    /// a wide gap or another reference. Returns the head, the year it gives
    /// itself, and the index after it.
    fn cable(&self, i: usize, end: usize) -> Option<(Head, Option<u16>, usize)> {
        let Some(mut head) = self.head(i, end) else {
            let head = self.reversed_head(i, end)?;
            let next = head.next;
            return Some((head, None, next));
        };
        let listed = ids::is_listed_station(&head.station);
        head.more = self.slash_serials(head.serial, end, listed)?;
        let mut year = head.year;
        let mut j = head.more.last().map_or(head.next, |k| k + 1);
        // `QUITO 4525-91`: the year after a dash.
        let dash_number = self.glued(j + 1) && self.kind(j + 1) == Some(Kind::Num);
        if self.is_punct(j, &['-']) && self.glued(j) && dash_number {
            match self.year_at(j + 1) {
                Some(y) if self.text(j + 1).len() == 2 => {
                    year = Some(y);
                    j += 2;
                }
                _ => return None,
            }
        }
        while j < end {
            let t = self.text(j);
            match self.kind(j) {
                // `2010 STATE 6668 (U) THIS CABLE IS ...`: text begins.
                Some(Kind::Punct('(')) if self.portion_mark(j).is_some() => break,
                Some(Kind::Punct('(')) => {
                    if let Some((y, next)) = self.paren_year(j, end) {
                        if self.head(j, end).is_some() {
                            break; // `(08) SAO PAULO 542` belongs to the next one
                        }
                        year = Some(y);
                        j = next;
                    } else if let Some(close) = self.paren_end(j, end) {
                        j = close;
                    } else {
                        break;
                    }
                }
                Some(Kind::Punct('-')) if self.glued(j) && self.is_punct(j + 1, &['-']) => {
                    j += 1;
                    while j < end && self.glued(j) {
                        j += 1;
                    }
                }
                Some(Kind::Num) => {
                    // `STATE 12345 051234Z JAN 06`: the reference's DTG.
                    if let Some(after) = self.dtg_end(j, end) {
                        j = after;
                        continue;
                    }
                    // `MOSCOW 03242 2008`: the year written after.
                    match self.year_at(j) {
                        Some(y) if self.head(j, end).is_none() && self.ends_entry(j + 1, end) => {
                            year = Some(y);
                            j += 1;
                        }
                        _ => break,
                    }
                }
                Some(Kind::Word) => {
                    if CAPTIONS.iter().any(|c| c.eq_ignore_ascii_case(t)) {
                        j += 1;
                    } else if t.eq_ignore_ascii_case("AND") && self.word_is(j + 1, AND_QUALIFIERS) {
                        j += 2;
                    } else if self.word_is(j, PARAGRAPH_WORDS)
                        && self.kind(j + 1) == Some(Kind::Num)
                    {
                        j = self.number_list_end(j + 1, end);
                    } else if self.word_is(j, DATE_INTRO) {
                        let after = self.date_end(j + 1, end);
                        if after == j + 1 {
                            break;
                        }
                        j = after;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let ends = j >= end
            || self.is_sep(j)
            || self.portion_mark(j).is_some()
            || self.toks[j].gap
            || self.word_is(j, BANNER_WORDS)
            || self.prose_follows(j)
            || self.head(j, end).is_some();
        ends.then_some((head, year, j))
    }

    /// A word of running text in mixed case (`This message is ...`) after
    /// a reference: a block glued to the text after it ends there.
    fn prose_follows(&self, i: usize) -> bool {
        let t = self.text(i);
        let mut chars = t.chars();
        self.kind(i) == Some(Kind::Word)
            && self.spaced(i)
            && t.len() > 1
            && chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_lowercase())
            && !self.word_is(i, &["AND"])
    }

    /// After a reference: the end, a separator or a wide gap.
    fn ends_entry(&self, i: usize, end: usize) -> bool {
        i >= end || self.is_sep(i) || self.toks.get(i).is_some_and(|t| t.gap)
    }

    /// The index after the `)` matching the `(` at `i`, within `end` and a
    /// short caption's length.
    fn paren_end(&self, i: usize, end: usize) -> Option<usize> {
        let mut depth = 0usize;
        for k in i..end.min(i + MAX_CAPTION_TOKENS) {
            match self.kind(k) {
                Some(Kind::Punct('(')) => depth += 1,
                Some(Kind::Punct(')')) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(k + 1);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// `PARA 3`, `PARAS 3, 5 AND 7`: the index after the numbers.
    fn number_list_end(&self, mut i: usize, end: usize) -> usize {
        while i < end && self.kind(i) == Some(Kind::Num) {
            i += 1;
            let more = (self.is_punct(i, &[',']) || self.word_is(i, &["AND"]))
                && self.kind(i + 1) == Some(Kind::Num)
                && self.head(i + 1, end).is_none();
            if more {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    /// A date such as `12/15/2007`, `15 DEC 07`, `DECEMBER 15, 2007`: the
    /// index after it (`i` if there is none).
    fn date_end(&self, mut i: usize, end: usize) -> usize {
        if let Some(after) = self.dtg_end(i, end) {
            return after;
        }
        let start = i;
        while i < end {
            match self.kind(i) {
                Some(Kind::Num) if i == start || self.glued(i) || self.text(i).len() <= 4 => i += 1,
                Some(Kind::Punct('/' | '.' | '-'))
                    if self.glued(i) && self.kind(i + 1) == Some(Kind::Num) =>
                {
                    i += 1
                }
                Some(Kind::Word) if self.word_is(i, MONTHS) => i += 1,
                Some(Kind::Punct(','))
                    if i > start
                        && self.text(i + 1).len() == 4
                        && self.kind(i + 1) == Some(Kind::Num) =>
                {
                    i += 1
                }
                _ => break,
            }
        }
        i
    }

    /// A non-cable entry from `i`: up to a `;`, or to a separator or line
    /// break that a cable reference follows.
    fn other_end(&self, i: usize, end: usize) -> usize {
        let mut j = i + 1;
        while j < end {
            if self.is_punct(j, &[';']) {
                return j;
            }
            let sep = self.is_punct(j, &[',', ':', '&']) || self.word_is(j, &["AND"]);
            if sep && self.cable(j + 1, end).is_some() {
                return j;
            }
            if self.toks[j].newline && self.cable(j, end).is_some() {
                return j;
            }
            j += 1;
        }
        end
    }

    /// `PARIS 7472 AND 7677`: a bare serial after a reference, same station
    /// and year; or opening a labelled part (`A. MANILA 2969 ¶B. 2962`).
    /// Returns the index after it (and after `AND PREVIOUS`) and the year
    /// written after it (`02259 (2002)`).
    fn bare_serial(&self, i: usize, end: usize, opens_part: bool) -> Option<(usize, Option<u16>)> {
        let after_sep =
            i > 0 && (self.is_punct(i - 1, &[',', '&']) || self.word_is(i - 1, &["AND"]));
        let t = self.text(i);
        if self.kind(i) != Some(Kind::Num) || !(after_sep || opens_part) || t.len() > 6 {
            return None;
        }
        if !self.serial_ends(i + 1, end) {
            return None;
        }
        let mut next = i + 1;
        let mut year = None;
        if let Some((y, after)) = self.paren_year(next, end) {
            year = Some(y);
            next = after;
        }
        if self.word_is(next, &["AND"]) && self.word_is(next + 1, AND_QUALIFIERS) {
            next += 2;
        }
        // A year closing the part is no serial.
        let year_like = t.len() == 4 && i + 1 >= end && self.year_at(i).is_some();
        (self.ends_entry(next, end) && !year_like).then_some((next, year))
    }

    /// `TRIPOLI 00000402 001.2 OF 003`: the page header of the citing cable
    /// inside its REF block (station, eight-digit serial, section). Returns
    /// the index after it.
    fn page_marker(&self, i: usize, end: usize) -> Option<usize> {
        let head = self.head(i, end)?;
        let serial = self.text(head.serial);
        if serial.len() != 8 || !serial.starts_with("00") {
            return None;
        }
        let mut j = head.next;
        // `001.2 OF 003`, `001 OF 003`
        let mut k = j;
        if self.kind(k) == Some(Kind::Num) {
            k += 1;
            if self.is_punct(k, &['.']) && self.kind(k + 1) == Some(Kind::Num) {
                k += 2;
            }
            if self.word_is(k, &["OF"]) && self.kind(k + 1) == Some(Kind::Num) {
                j = k + 2;
            }
        }
        Some(j.min(end))
    }

    /// `(C)`, `(SBU)`: a portion mark at `i`; the index after it.
    fn portion_mark(&self, i: usize) -> Option<usize> {
        let mark = self.is_punct(i, &['(']) && self.is_punct(i + 2, &[')']);
        (mark && self.word_is(i + 1, PORTION_MARKS)).then_some(i + 3)
    }

    fn id(&self, year: Option<u16>, station: &str, serial: usize) -> Option<String> {
        ids::id_of_canonical(year.or(self.citing_year)?, station, self.text(serial))
    }

    /// The entries of one part, appended to `out`. `last` is the station
    /// and year of the cable entry before, carried from part to part;
    /// `stop` is set where the block ends before its text does.
    fn entries(
        &self,
        seg: &Segment,
        last: &mut Option<(Option<u16>, String)>,
        stop: &mut bool,
        out: &mut Vec<Reference>,
    ) {
        let label = seg.label.map(Label::text);
        let mut i = seg.start;
        while i < seg.end {
            if self.is_sep(i) {
                i += 1;
                continue;
            }
            if let Some(next) = self.page_marker(i, seg.end) {
                i = next.max(i + 1);
                continue;
            }
            if let Some(next) = self.portion_mark(i) {
                // A marked paragraph opening a line ends the block, unless
                // a reference follows the mark.
                let opens_line = self.toks.get(i).is_some_and(|t| t.newline);
                if opens_line && i > 0 && self.cable(next, seg.end).is_none() {
                    *stop = true;
                    return;
                }
                i = next;
                continue;
            }
            // `BERLIN 1162, PARAS 3-4`: the paragraphs of the cable before.
            if last.is_some()
                && self.word_is(i, PARAGRAPH_WORDS)
                && self.kind(i + 1) == Some(Kind::Num)
            {
                i = self.number_list_end(i + 1, seg.end);
                while self.is_punct(i, &['-']) && self.kind(i + 1) == Some(Kind::Num) {
                    i += 2;
                }
                continue;
            }
            if let Some((head, year, next)) = self.cable(i, seg.end) {
                let mut serials = std::iter::once(head.serial).chain(head.more.iter().copied());
                let count = 1 + head.more.len();
                for (n, serial) in serials.by_ref().enumerate() {
                    // `06 KABUL 5353/5194/4319 AND PREVIOUS`: the first
                    // serial with the station, the others alone, the last
                    // with what follows.
                    let from = if n == 0 { i } else { serial };
                    let to = if n + 1 == count { next } else { serial + 1 };
                    out.push(Reference {
                        label: label.clone(),
                        text: self.span_text(from, to),
                        id: self.id(year, &head.station, serial),
                    });
                }
                *last = Some((year, head.station));
                i = next;
                continue;
            }
            if let Some((year, station)) = last.as_ref() {
                let opens_part = i == seg.start && seg.label.is_some();
                if let Some((next, own_year)) = self.bare_serial(i, seg.end, opens_part) {
                    out.push(Reference {
                        label: label.clone(),
                        text: self.span_text(i, next),
                        id: self.id(own_year.or(*year), station, i),
                    });
                    i = next;
                    continue;
                }
            }
            let next = self.other_end(i, seg.end);
            let text = self.span_text(i, next);
            let nothing = NOTHING.iter().any(|n| n.eq_ignore_ascii_case(&text));
            // Stray punctuation (`-` before a label) is no entry.
            let words = text.chars().any(|c| c.is_alphanumeric());
            if words && !nothing {
                out.push(Reference {
                    label: label.clone(),
                    text,
                    id: None,
                });
            }
            *last = None;
            i = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(block: &str, year: Option<u16>) -> Vec<(Option<String>, String, Option<String>)> {
        parse_references(block, year)
            .into_iter()
            .map(|r| (r.label, r.text, r.id))
            .collect()
    }

    fn r(
        label: Option<&str>,
        text: &str,
        id: Option<&str>,
    ) -> (Option<String>, String, Option<String>) {
        (
            label.map(str::to_string),
            text.to_string(),
            id.map(str::to_string),
        )
    }

    #[test]
    fn lettered_with_periods() {
        assert_eq!(
            refs("A. MOSCOW 977\nB. STATE 26466", Some(2007)),
            vec![
                r(Some("A"), "MOSCOW 977", Some("07MOSCOW977")),
                r(Some("B"), "STATE 26466", Some("07STATE26466")),
            ]
        );
    }

    #[test]
    fn markdown_link_debris_before_a_label() {
        assert_eq!(
            refs("A. MOSCOW 977\n[1](#)B. STATE 26466", Some(2007)),
            vec![
                r(Some("A"), "MOSCOW 977", Some("07MOSCOW977")),
                r(Some("B"), "STATE 26466", Some("07STATE26466")),
            ]
        );
    }

    #[test]
    fn markdown_bold_debris_before_a_label() {
        assert_eq!(
            refs("A. STATE 147667\n\n**1**B. MOSCOW 5190", Some(2007)),
            vec![
                r(Some("A"), "STATE 147667", Some("07STATE147667")),
                r(Some("B"), "MOSCOW 5190", Some("07MOSCOW5190")),
            ]
        );
    }

    #[test]
    fn pilcrow_debris_before_labels() {
        assert_eq!(
            refs("A. PARIS 8729\n¶B. PARIS 8918", Some(2005)),
            vec![
                r(Some("A"), "PARIS 8729", Some("05PARIS8729")),
                r(Some("B"), "PARIS 8918", Some("05PARIS8918")),
            ]
        );
    }

    #[test]
    fn tokenized_parenthesised_labels() {
        assert_eq!(
            refs("( A ) STATE 165022 ( B ) MOSCOW 11500", Some(2005)),
            vec![
                r(Some("A"), "STATE 165022", Some("05STATE165022")),
                r(Some("B"), "MOSCOW 11500", Some("05MOSCOW11500")),
            ]
        );
    }

    #[test]
    fn parenthesised_labels_glued_to_the_station() {
        assert_eq!(
            refs("(A)STATE 071143, (B)STATE 073601", Some(2007)),
            vec![
                r(Some("A"), "STATE 071143", Some("07STATE71143")),
                r(Some("B"), "STATE 073601", Some("07STATE73601")),
            ]
        );
    }

    #[test]
    fn references_without_a_year_get_no_id_without_a_citing_year() {
        assert_eq!(
            refs("( A ) STATE 165022 ( B ) MOSCOW 11500", None),
            vec![
                r(Some("A"), "STATE 165022", None),
                r(Some("B"), "MOSCOW 11500", None)
            ]
        );
    }

    #[test]
    fn own_year_is_used_without_a_citing_year() {
        assert_eq!(
            refs("(A) 2005 STATE 165022\n(B) 2005 MOSCOW 11807", None),
            vec![
                r(Some("A"), "2005 STATE 165022", Some("05STATE165022")),
                r(Some("B"), "2005 MOSCOW 11807", Some("05MOSCOW11807")),
            ]
        );
    }

    #[test]
    fn closing_paren_labels_with_semicolons_and_two_digit_years() {
        assert_eq!(
            refs("A) 06 TBILISI 2601; B) STATE 26466", Some(2007)),
            vec![
                r(Some("A"), "06 TBILISI 2601", Some("06TBILISI2601")),
                r(Some("B"), "STATE 26466", Some("07STATE26466")),
            ]
        );
    }

    #[test]
    fn four_digit_year_before_the_station() {
        assert_eq!(
            refs("A. 2007 MANAGUA 2135\n¶B. 2006 MANAGUA 2611", Some(2008)),
            vec![
                r(Some("A"), "2007 MANAGUA 2135", Some("07MANAGUA2135")),
                r(Some("B"), "2006 MANAGUA 2611", Some("06MANAGUA2611")),
            ]
        );
    }

    #[test]
    fn truncated_station_rio_de_jan() {
        assert_eq!(
            refs("A) 08 RIO DE JAN 138", Some(2009)),
            vec![r(Some("A"), "08 RIO DE JAN 138", Some("08RIODEJANEIRO138"))]
        );
    }

    #[test]
    fn secstate_is_state() {
        assert_eq!(
            refs("SECSTATE 74879", Some(2005)),
            vec![r(None, "SECSTATE 74879", Some("05STATE74879"))]
        );
    }

    #[test]
    fn year_glued_to_the_station() {
        assert_eq!(
            refs("A. 10SHENYANG 003  B. 09SHENYANG 167", Some(2010)),
            vec![
                r(Some("A"), "10SHENYANG 003", Some("10SHENYANG3")),
                r(Some("B"), "09SHENYANG 167", Some("09SHENYANG167")),
            ]
        );
    }

    #[test]
    fn notal_caption_stays_in_the_text() {
        assert_eq!(
            refs("STATE 147667 (NOTAL)", Some(2007)),
            vec![r(None, "STATE 147667 (NOTAL)", Some("07STATE147667"))]
        );
    }

    #[test]
    fn and_previous_stays_in_the_text() {
        assert_eq!(
            refs("MOSCOW 1187 AND PREVIOUS", Some(2008)),
            vec![r(None, "MOSCOW 1187 AND PREVIOUS", Some("08MOSCOW1187"))]
        );
    }

    #[test]
    fn leading_zeros_of_the_serial_are_dropped() {
        assert_eq!(
            refs("KABUL 0095", Some(2009)),
            vec![r(None, "KABUL 0095", Some("09KABUL95"))]
        );
    }

    #[test]
    fn mixed_case_station() {
        assert_eq!(
            refs("Tripoli 870", Some(2009)),
            vec![r(None, "Tripoli 870", Some("09TRIPOLI870"))]
        );
    }

    #[test]
    fn non_cable_entries_have_no_id() {
        for text in [
            "USG EDITS TO DRAFT POW",
            "EMAIL OF 10/15/07",
            "POUNDS-HALE E-MAIL OF 9/5",
            "PARIS POINTS 20 SEPTEMBER 2007",
            "USDAO NAIROBI IIR 6 854 0108 08 291553Z JAN 08",
            "CARNIE-QUANRUD E-MAIL DATED 10.01.2009",
            "10 AUGUST 2008 U.S. NON PAPER ON DEPLOYMENT OF A U.S. PATRIOT BATTERY IN POLAND",
            "OSC EUP20090329950015",
            "TD-314/63777-05",
            "IIR 6 809 0087 10",
            "7 FAM 180",
            "09 XXXXXXXXXXXX 167",
            "MCWHIRTER 12/14/07",
            "OCTOBER 12 DVC (WITH DOS DOD AND EMBASSY LISBON)",
        ] {
            assert_eq!(refs(text, Some(2009)), vec![r(None, text, None)], "{text}");
        }
    }

    #[test]
    fn lettered_mix_of_cables_and_non_cables() {
        assert_eq!(
            refs(
                "A. STATE 10774\n[1](#)B. USG EDITS TO DRAFT POW",
                Some(2009)
            ),
            vec![
                r(Some("A"), "STATE 10774", Some("09STATE10774")),
                r(Some("B"), "USG EDITS TO DRAFT POW", None),
            ]
        );
    }

    #[test]
    fn unlettered_list_separated_by_semicolons() {
        assert_eq!(
            refs("10 CARACAS 9; 09 CARACAS 1374; 10 CARACAS 27", Some(2010)),
            vec![
                r(None, "10 CARACAS 9", Some("10CARACAS9")),
                r(None, "09 CARACAS 1374", Some("09CARACAS1374")),
                r(None, "10 CARACAS 27", Some("10CARACAS27")),
            ]
        );
    }

    #[test]
    fn unlettered_list_separated_by_commas() {
        assert_eq!(
            refs("Berlin 1337, Berlin 1340, Berlin 1167", Some(2009)),
            vec![
                r(None, "Berlin 1337", Some("09BERLIN1337")),
                r(None, "Berlin 1340", Some("09BERLIN1340")),
                r(None, "Berlin 1167", Some("09BERLIN1167")),
            ]
        );
    }

    #[test]
    fn unlettered_list_separated_by_colons() {
        assert_eq!(
            refs("TEHRAN 1091: TEHRAN 263: MOSCOW 1603", Some(1972)),
            vec![
                r(None, "TEHRAN 1091", Some("72TEHRAN1091")),
                r(None, "TEHRAN 263", Some("72TEHRAN263")),
                r(None, "MOSCOW 1603", Some("72MOSCOW1603")),
            ]
        );
    }

    #[test]
    fn and_previous_then_another_cable() {
        assert_eq!(
            refs("STATE 297614 AND PREVIOUS 03 RANGOON 1427", Some(2004)),
            vec![
                r(None, "STATE 297614 AND PREVIOUS", Some("04STATE297614")),
                r(None, "03 RANGOON 1427", Some("03RANGOON1427")),
            ]
        );
    }

    #[test]
    fn and_joins_two_cables_under_one_label() {
        assert_eq!(
            refs("A. ALGIERS 111  B. ALGIERS 110 AND ALGIERS 140", Some(2008)),
            vec![
                r(Some("A"), "ALGIERS 111", Some("08ALGIERS111")),
                r(Some("B"), "ALGIERS 110", Some("08ALGIERS110")),
                r(Some("B"), "ALGIERS 140", Some("08ALGIERS140")),
            ]
        );
    }

    #[test]
    fn cables_side_by_side_without_separator() {
        assert_eq!(
            refs("RIO DE JANEIRO 353 RIO DE JANEIRO 311", Some(2009)),
            vec![
                r(None, "RIO DE JANEIRO 353", Some("09RIODEJANEIRO353")),
                r(None, "RIO DE JANEIRO 311", Some("09RIODEJANEIRO311")),
            ]
        );
    }

    #[test]
    fn unlettered_list_over_lines_without_separator() {
        assert_eq!(
            refs("09 SAN SALVADOR 978\n09 SAN SALVADOR 1033", Some(2010)),
            vec![
                r(None, "09 SAN SALVADOR 978", Some("09SANSALVADOR978")),
                r(None, "09 SAN SALVADOR 1033", Some("09SANSALVADOR1033")),
            ]
        );
    }

    #[test]
    fn repeated_labels_count_once() {
        assert_eq!(
            refs(
                "A. A) BRASILIA 236 B. B) OSD REPORT C. (C) BRASILIA 175",
                Some(2008)
            ),
            vec![
                r(Some("A"), "BRASILIA 236", Some("08BRASILIA236")),
                r(Some("B"), "OSD REPORT", None),
                r(Some("C"), "BRASILIA 175", Some("08BRASILIA175")),
            ]
        );
    }

    #[test]
    fn repeated_period_and_colon_labels_count_once() {
        assert_eq!(
            refs("A. A: HAVANA 00118\n¶B. B: HAVANA 00697", Some(2006)),
            vec![
                r(Some("A"), "HAVANA 00118", Some("06HAVANA118")),
                r(Some("B"), "HAVANA 00697", Some("06HAVANA697")),
            ]
        );
    }

    #[test]
    fn generated_label_before_the_real_one_is_dropped() {
        assert_eq!(
            refs(
                "A. A. STATE 1 B. STATE 2 C. STATE 3\n¶B. D. STATE 4",
                Some(2009)
            ),
            vec![
                r(Some("A"), "STATE 1", Some("09STATE1")),
                r(Some("B"), "STATE 2", Some("09STATE2")),
                r(Some("C"), "STATE 3", Some("09STATE3")),
                r(Some("D"), "STATE 4", Some("09STATE4")),
            ]
        );
    }

    #[test]
    fn lower_case_labels_are_upper_cased() {
        assert_eq!(
            refs(
                "a) vienna 350 b) vienna 309 c) 05 vienna 1760 d)\n05 state 220738",
                Some(2006)
            ),
            vec![
                r(Some("A"), "vienna 350", Some("06VIENNA350")),
                r(Some("B"), "vienna 309", Some("06VIENNA309")),
                r(Some("C"), "05 vienna 1760", Some("05VIENNA1760")),
                r(Some("D"), "05 state 220738", Some("05STATE220738")),
            ]
        );
    }

    #[test]
    fn bare_letter_label_at_a_line_start() {
        assert_eq!(
            refs("A. SECSTATE 90063\nB KUALA LUMPUR 739", Some(2009)),
            vec![
                r(Some("A"), "SECSTATE 90063", Some("09STATE90063")),
                r(Some("B"), "KUALA LUMPUR 739", Some("09KUALALUMPUR739")),
            ]
        );
    }

    #[test]
    fn numbered_entries_take_the_number_as_label() {
        assert_eq!(
            refs(
                "1. STATE 1234\n2. (2) MOSCOW 55\n(3) EMAIL OF 3/4",
                Some(2007)
            ),
            vec![
                r(Some("1"), "STATE 1234", Some("07STATE1234")),
                r(Some("2"), "MOSCOW 55", Some("07MOSCOW55")),
                r(Some("3"), "EMAIL OF 3/4", None),
            ]
        );
    }

    #[test]
    fn date_after_the_serial_is_text_not_id() {
        assert_eq!(
            refs("STATE 12345 OF 12/15/2007", Some(2008)),
            vec![r(None, "STATE 12345 OF 12/15/2007", Some("08STATE12345"))]
        );
    }

    #[test]
    fn glued_date_after_the_serial() {
        assert_eq!(
            refs("A. 08 KIGALI 00830--05/DEC/2008", Some(2009)),
            vec![r(
                Some("A"),
                "08 KIGALI 00830--05/DEC/2008",
                Some("08KIGALI830")
            )]
        );
    }

    #[test]
    fn year_written_after_the_serial() {
        assert_eq!(
            refs(
                "A. SECSTATE 15113 B. DOHA 152 (08) C. DOHA 311 (07)",
                Some(2009)
            ),
            vec![
                r(Some("A"), "SECSTATE 15113", Some("09STATE15113")),
                r(Some("B"), "DOHA 152 (08)", Some("08DOHA152")),
                r(Some("C"), "DOHA 311 (07)", Some("07DOHA311")),
            ]
        );
        assert_eq!(
            refs("MOSCOW 03242 2008", Some(2009)),
            vec![r(None, "MOSCOW 03242 2008", Some("08MOSCOW3242"))]
        );
    }

    #[test]
    fn parenthesised_year_before_the_next_station() {
        assert_eq!(
            refs("BRASILIA 709 (08) SAO PAULO 542", Some(2009)),
            vec![
                r(None, "BRASILIA 709", Some("09BRASILIA709")),
                r(None, "(08) SAO PAULO 542", Some("08SAOPAULO542")),
            ]
        );
    }

    #[test]
    fn bare_serial_after_and_keeps_the_station() {
        assert_eq!(
            refs("Paris 7472 and 7677", Some(2005)),
            vec![
                r(None, "Paris 7472", Some("05PARIS7472")),
                r(None, "7677", Some("05PARIS7677")),
            ]
        );
    }

    #[test]
    fn station_aliases_in_references() {
        assert_eq!(
            refs("(A) 05 CASA 1220 (B) 07 CASA 169", Some(2008)),
            vec![
                r(Some("A"), "05 CASA 1220", Some("05CASABLANCA1220")),
                r(Some("B"), "07 CASA 169", Some("07CASABLANCA169")),
            ]
        );
        assert_eq!(
            refs("a) RIO 346", Some(2009)),
            vec![r(Some("A"), "RIO 346", Some("09RIODEJANEIRO346"))]
        );
        assert_eq!(
            refs("USUN 2336", Some(2004)),
            vec![r(None, "USUN 2336", Some("04USUNNEWYORK2336"))]
        );
        assert_eq!(
            refs("PORT-AU-PRINCE 12", Some(2004)),
            vec![r(None, "PORT-AU-PRINCE 12", Some("04PORTAUPRINCE12"))]
        );
    }

    #[test]
    fn label_split_over_lines() {
        assert_eq!(
            refs("A) BAKU 139 B) 2008 BAKU\n     917", Some(2009)),
            vec![
                r(Some("A"), "BAKU 139", Some("09BAKU139")),
                r(Some("B"), "2008 BAKU 917", Some("08BAKU917")),
            ]
        );
    }

    #[test]
    fn trailing_separators_are_not_text() {
        assert_eq!(
            refs("RIO DE JANEIRO 329; RIO DE JANEIRO 346;", Some(2009)),
            vec![
                r(None, "RIO DE JANEIRO 329", Some("09RIODEJANEIRO329")),
                r(None, "RIO DE JANEIRO 346", Some("09RIODEJANEIRO346")),
            ]
        );
    }

    #[test]
    fn none_means_no_references() {
        assert!(refs("NONE", Some(2006)).is_empty());
        assert!(refs("", Some(2006)).is_empty());
        assert!(refs("  \n ", Some(2006)).is_empty());
    }

    #[test]
    fn html_tags_are_debris() {
        assert_eq!(
            refs("<a id='par1' href='#par1'>¶</a>A. STATE 10774", Some(2009)),
            vec![r(Some("A"), "STATE 10774", Some("09STATE10774"))]
        );
    }

    fn ids(block: &str, year: Option<u16>) -> Vec<Option<String>> {
        parse_references(block, year)
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    fn some(list: &[&str]) -> Vec<Option<String>> {
        list.iter().map(|s| Some(s.to_string())).collect()
    }

    #[test]
    fn several_serials_after_commas_for_one_station() {
        assert_eq!(
            ids("STATE 100234, 200456", Some(2005)),
            some(&["05STATE100234", "05STATE200456"])
        );
    }

    #[test]
    fn several_serials_after_slashes_for_one_station() {
        assert_eq!(
            ids("A) Oslo 936/935; B) Oslo 692/317/274", Some(2007)),
            some(&[
                "07OSLO936",
                "07OSLO935",
                "07OSLO692",
                "07OSLO317",
                "07OSLO274"
            ])
        );
    }

    #[test]
    fn slash_serials_keep_their_own_year_and_trailing_qualifier() {
        assert_eq!(
            refs("06 Riga \n5353/5194 and previous", Some(2007)),
            vec![
                r(None, "06 Riga 5353", Some("06RIGA5353")),
                r(None, "5194 and previous", Some("06RIGA5194")),
            ]
        );
    }

    #[test]
    fn slashed_dates_are_no_serial_lists() {
        assert_eq!(ids("SMITH 12/14/07", Some(2007)), vec![None]);
        assert_eq!(ids("MTCR POC 201/2006", Some(2008)), vec![None]);
        assert_eq!(ids("RIGA 201/2006", Some(2008)), vec![None]);
    }

    #[test]
    fn station_repeated_before_the_serial_after_a_comma() {
        assert_eq!(
            ids("SOFIA 849, SOFIA, 1228", Some(2004)),
            some(&["04SOFIA849", "04SOFIA1228"])
        );
    }

    #[test]
    fn bracketed_labels() {
        assert_eq!(
            refs("[A] Lima 1234 [B] Lima 987", Some(2006)),
            vec![
                r(Some("A"), "Lima 1234", Some("06LIMA1234")),
                r(Some("B"), "Lima 987", Some("06LIMA987")),
            ]
        );
    }

    #[test]
    fn dash_labels() {
        assert_eq!(
            refs("A - Oslo 28\nB - Oslo 41", Some(2006)),
            vec![
                r(Some("A"), "Oslo 28", Some("06OSLO28")),
                r(Some("B"), "Oslo 41", Some("06OSLO41")),
            ]
        );
    }

    #[test]
    fn label_repeated_after_ref() {
        assert_eq!(
            refs("A. REF A STATE 12 B. REF B SOFIA 34", Some(2009)),
            vec![
                r(Some("A"), "STATE 12", Some("09STATE12")),
                r(Some("B"), "SOFIA 34", Some("09SOFIA34")),
            ]
        );
    }

    #[test]
    fn bare_label_repeated_after_the_label() {
        assert_eq!(
            ids(
                "A. A LIMA 639 (\"A QUOTED TITLE\") ¶B. B LIMA 772",
                Some(2010)
            ),
            some(&["10LIMA639", "10LIMA772"])
        );
    }

    #[test]
    fn bare_letter_labels_on_one_line() {
        assert_eq!(
            refs("A Oslo 365, B Riga 406, C 05 Riga 2970", Some(2006)),
            vec![
                r(Some("A"), "Oslo 365", Some("06OSLO365")),
                r(Some("B"), "Riga 406", Some("06RIGA406")),
                r(Some("C"), "05 Riga 2970", Some("05RIGA2970")),
            ]
        );
    }

    #[test]
    fn label_glued_to_a_glued_station_and_serial() {
        assert_eq!(
            refs("A) USDOC 05667 B)HK05511", Some(2007)),
            vec![
                r(Some("A"), "USDOC 05667", Some("07USDOC5667")),
                r(Some("B"), "HK05511", Some("07HONGKONG5511")),
            ]
        );
    }

    #[test]
    fn station_carried_over_into_the_next_part() {
        assert_eq!(
            refs("A. LIMA 2969\n¶B. 2962 AND PREVIOUS", Some(2006)),
            vec![
                r(Some("A"), "LIMA 2969", Some("06LIMA2969")),
                r(Some("B"), "2962 AND PREVIOUS", Some("06LIMA2962")),
            ]
        );
    }

    #[test]
    fn serial_before_a_listed_station() {
        assert_eq!(
            ids("870 Ulaanbaatar", Some(2009)),
            some(&["09ULAANBAATAR870"])
        );
        assert_eq!(ids("870 Widgets", Some(2009)), vec![None]);
    }

    #[test]
    fn hash_before_the_serial() {
        assert_eq!(ids("SOFIA #3565", Some(2007)), some(&["07SOFIA3565"]));
    }

    #[test]
    fn year_in_parentheses_between_station_and_serial() {
        assert_eq!(
            ids("STATE (01) 201265", Some(2002)),
            some(&["01STATE201265"])
        );
    }

    #[test]
    fn year_after_a_dash() {
        assert_eq!(ids("QUITO 4525-91", Some(1992)), some(&["91QUITO4525"]));
    }

    #[test]
    fn year_and_station_joined_by_dashes() {
        assert_eq!(ids("10-OSLO-57", None), some(&["10OSLO57"]));
    }

    #[test]
    fn apostrophe_year_and_three_digit_year() {
        assert_eq!(
            ids("'08 BUENOS AIRES 1491", Some(2009)),
            some(&["08BUENOSAIRES1491"])
        );
        assert_eq!(ids("094 QUITO 841", Some(2010)), some(&["94QUITO841"]));
    }

    #[test]
    fn four_digit_year_in_parentheses_after_a_bare_serial() {
        assert_eq!(
            ids("COLOMBO CABLES 0266 AND 02259 (2002)", Some(2003)),
            some(&["03COLOMBO266", "02COLOMBO2259"])
        );
    }

    #[test]
    fn station_wrapped_over_a_line_break() {
        assert_eq!(
            ids("C) RIO \n \nDE JANEIRO 1291", Some(2004)),
            some(&["04RIODEJANEIRO1291"])
        );
    }

    #[test]
    fn dotted_station_name() {
        assert_eq!(
            ids("ST. PETERSBURG 75", Some(2008)),
            some(&["08STPETERSBURG75"])
        );
    }

    #[test]
    fn abbreviated_and_aliased_stations() {
        let cases = [
            ("HK 123", "09HONGKONG123"),
            ("BKK 123", "09BANGKOK123"),
            ("PAP 123", "09PORTAUPRINCE123"),
            ("PORT A 123", "09PORTAUPRINCE123"),
            ("03 VAT 123", "03VATICAN123"),
            ("PANAM 123", "09PANAMA123"),
            ("MEXICO CITY 123", "09MEXICO123"),
            ("MADRIDSP 123", "09MADRID123"),
            ("USUNESCO PARIS FR 000087", "09UNESCOPARISFR87"),
            ("EMBASSY VIENNA 123", "09VIENNA123"),
            ("SECDEF 122723", "09SECDEF122723"),
            ("UNCLASS USDA FAS 57863", "09USDAFAS57863"),
        ];
        for (text, id) in cases {
            assert_eq!(ids(text, Some(2009)), some(&[id]), "{text}");
        }
    }

    #[test]
    fn misspelt_stations() {
        let cases = [
            ("BRASILA 931", "09BRASILIA931"),
            ("TRIPOLII 695", "09TRIPOLI695"),
            ("WELLLINGTON 12", "09WELLINGTON12"),
            ("RIO DE JANERIO 12", "09RIODEJANEIRO12"),
            ("Colomobo 2304", "09COLOMBO2304"),
            ("USUN NE YORK 609", "09USUNNEWYORK609"),
        ];
        for (text, id) in cases {
            assert_eq!(ids(text, Some(2009)), some(&[id]), "{text}");
        }
    }

    #[test]
    fn ocr_digits_inside_letters_and_letters_inside_numbers() {
        assert_eq!(ids("COTON0U 348", Some(2008)), some(&["08COTONOU348"]));
        assert_eq!(ids("05 0TTAWA 3518", Some(2006)), some(&["05OTTAWA3518"]));
        assert_eq!(
            ids("(A)05 CHENNAI 0121, (B)O4 CHENNAI 0944", Some(2006)),
            some(&["05CHENNAI121", "04CHENNAI944"])
        );
        assert_eq!(ids("LAGOS O1512", Some(2002)), some(&["02LAGOS1512"]));
    }

    #[test]
    fn portion_mark_and_colon_between_station_and_serial() {
        assert_eq!(ids("KUWAIT (C)02293", Some(2003)), some(&["03KUWAIT2293"]));
        assert_eq!(ids("STATE: 73097", Some(2002)), some(&["02STATE73097"]));
    }

    #[test]
    fn page_header_of_the_citing_cable_is_no_reference() {
        assert_eq!(
            ids(
                "A) SOFIA 199, B) SOFIA 227 SOFIA 00000402 \n\n001.2 OF 003",
                Some(2008)
            ),
            some(&["08SOFIA199", "08SOFIA227"])
        );
    }

    #[test]
    fn block_run_on_into_banner_or_prose_ends_at_the_reference() {
        assert_eq!(
            ids("C) 05 LIMA 614 SENSITIVE BUT UNCLASSIFIED", Some(2007))[0],
            Some("05LIMA614".to_string())
        );
        assert_eq!(
            ids("05 Riga 2970 This message is", Some(2006))[0],
            Some("05RIGA2970".to_string())
        );
    }

    #[test]
    fn non_cable_entries_do_not_swallow_the_cables_after_them() {
        assert_eq!(
            ids(
                "CAIRO IIR 6 899 0149 10; 2009 CAIRO 2394 \n2009 CAIRO 491",
                Some(2010)
            ),
            vec![None, Some("09CAIRO2394".into()), Some("09CAIRO491".into())]
        );
        assert_eq!(
            ids("A. EXP.LIC. D123456 B. STATE 1234", Some(2008)),
            vec![None, Some("08STATE1234".into())]
        );
        assert_eq!(
            ids("SMITH E-MAIL OF 3/4/08, STATE 1234", Some(2008)),
            vec![None, Some("08STATE1234".into())]
        );
    }

    #[test]
    fn continuation_mark_at_line_ends_is_debris() {
        assert_eq!(
            ids(
                "A. A) BERN 1253 \\\n \\\n     B. B) GENEVA 1633 \\",
                Some(2006)
            ),
            some(&["06BERN1253", "06GENEVA1633"])
        );
    }

    #[test]
    fn dash_before_a_label_is_no_entry() {
        assert_eq!(
            ids("(A) Lima 2304\n-      (B) State 240035", Some(2002)),
            some(&["02LIMA2304", "02STATE240035"])
        );
    }

    #[test]
    fn glued_marker_is_found_after_a_blank_or_glued_in_capitals() {
        let line = "AMBASSADOR MEETS ENERGY ENTITIES IN RIO Ref(s): A) 08 RIO DE JAN 138";
        let (at, rest) = glued_marker(line).unwrap();
        assert_eq!(&line[..at], "AMBASSADOR MEETS ENERGY ENTITIES IN RIO ");
        assert_eq!(&line[rest..], "A) 08 RIO DE JAN 138");
        let line = "TALKS AS UK PRIMEREF: A. LONDON 1939";
        let (at, _) = glued_marker(line).unwrap();
        assert_eq!(&line[..at], "TALKS AS UK PRIME");
        assert_eq!(glued_marker("PREFERENCES: NONE OF THEM"), None);
        assert_eq!(glued_marker("Preref: lower case glued"), None);
        assert_eq!(glued_marker("REF: at the start"), None);
    }

    #[test]
    fn labelled_line_with_ref_is_a_ref_block() {
        assert!(labelled_ref_line("A. REF AMMAN 222"));
        assert!(!labelled_ref_line("A. REFORMS ARE COMING"));
        assert!(!labelled_ref_line("1. REF A IS OLD"));
    }

    #[test]
    fn block_continues_after_a_blank_only_for_an_unfinished_entry() {
        assert!(continues_after_blank(
            "A) BRASILIA 2605, C) RIO",
            "DE JANEIRO 1291"
        ));
        assert!(continues_after_blank(
            "(B) Rio de Janeiro",
            "00723  (C) Brasilia 01392"
        ));
        assert!(!continues_after_blank(
            "A) BRASILIA 2605",
            "DE JANEIRO 1291"
        ));
        assert!(!continues_after_blank("A. EMAIL FROM SMITH", "1. SUMMARY"));
        assert!(!continues_after_blank("A) MOSCOW 12 NOTAL", "33 more"));
    }

    #[test]
    fn portion_marks_that_are_labels_do_not_cut_the_line() {
        assert_eq!(
            cut_at_portion_mark("C. (C) PARIS 7527"),
            ("C. (C) PARIS 7527", false)
        );
        assert_eq!(
            cut_at_portion_mark("-      (C) State 240015"),
            ("-      (C) State 240015", false)
        );
        assert_eq!(
            cut_at_portion_mark("KUWAIT (C)02293"),
            ("KUWAIT (C)02293", false)
        );
        assert_eq!(
            cut_at_portion_mark("00723  (C) Brasilia 01392"),
            ("00723  (C) Brasilia 01392", false)
        );
        assert_eq!(
            cut_at_portion_mark("STATE 40380 (C) Poloff delivered"),
            ("STATE 40380", true)
        );
    }

    #[test]
    fn paragraphs_after_a_separator_belong_to_the_cable_before() {
        assert_eq!(
            refs("BERLIN 1162, PARAS 3-4; STATE 12", Some(2009)),
            vec![
                r(None, "BERLIN 1162", Some("09BERLIN1162")),
                r(None, "STATE 12", Some("09STATE12")),
            ]
        );
    }

    #[test]
    fn portion_mark_closing_an_entry_cuts_nothing() {
        let line = "A. STATE 12345 (C) B. STATE 23456 (S)";
        assert_eq!(cut_at_portion_mark(line), (line, false));
    }

    #[test]
    fn date_time_group_after_the_serial() {
        assert_eq!(
            ids(
                "STATE 12345 051234Z JAN 06; SOFIA 12 DTG 061200Z JAN 06",
                Some(2006)
            ),
            some(&["06STATE12345", "06SOFIA12"])
        );
    }

    #[test]
    fn dash_between_entries_separates_them() {
        assert_eq!(
            ids("A. STATE 1234 - STATE 5678", Some(2006)),
            some(&["06STATE1234", "06STATE5678"])
        );
    }

    #[test]
    fn marked_paragraph_after_the_block_ends_it() {
        assert_eq!(
            refs("2010 STATE 6668\n(U) THIS CABLE IS SENSITIVE", Some(2010)),
            vec![r(None, "2010 STATE 6668", Some("10STATE6668"))]
        );
        assert_eq!(
            ids("STATE 12 (C) Poloff said", Some(2010)),
            vec![Some("10STATE12".into()), None]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            "(",
            ")",
            "((((",
            "A.",
            "A",
            "(A",
            "¶",
            "[1](#",
            "**",
            "**1*",
            "<",
            "<a",
            "1 2 3",
            "STATE 99999999999999999999",
            "é. ÉTAT 12",
            "A. ( B ) (",
            "\u{0}\u{1}",
            "07 --",
            "MOSCOW 12--",
        ];
        for s in odd {
            let _ = parse_references(s, Some(2007));
            let _ = parse_references(s, None);
        }
    }
}
