//! The cable text as lines, with page-break headers removed and the lines
//! that scraped copies glued together split again.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// One line of the cable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    pub text: Cow<'a, str>,
}

/// The start of a numbered paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphStart {
    pub number: u32,
    /// The portion mark without parentheses and inner spaces (`S/NF`).
    pub mark: Option<String>,
    /// Byte offset of the paragraph text in the line.
    pub text_at: usize,
}

static PAGE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    // `MOSCOW 00000501  002 OF 002`, `BRASILIA 00000351 001.2 OF 003`.
    Regex::new(r"\d{8}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}\b").expect("static regex")
});

static OLD_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    // `PAGE 02 HARARE 06677 01 OF 03 291400Z` of old telegrams.
    Regex::new(
        r"^\s*PAGE\s+\d{2,3}\s+[A-Z][A-Z ]*?\s+\d{3,6}\s+(?:\d{2}\s+OF\s+\d{2}\s+)?\d{6}Z\s*",
    )
    .expect("static regex")
});

static GLUED_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\s(?:E\.O\. 1\d{4}|(?i:tags:)|TAGS |(?i:subject:)|REF:|REFS:|REFTEL:|(?i:classified by)|\d{1,2} ?\. ?\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|U//FOUO|SBU/NF)\))",
    )
    .expect("static regex")
});

/// Splits the text into lines: page-break headers go, a `¶` anchor in the
/// middle of a line starts a new line, and in the caption part (before the
/// first numbered paragraph) captions glued on one line are split.
/// `text.split('\n')` by memchr's vector search: the standard library's
/// byte search is scalar, and every cable's whole text is split.
fn split_at_newlines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            // A newline is one byte, so both ends are character boundaries.
            let line = &text[start..end];
            start = end + 1;
            line
        })
}

pub fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut out: Vec<Line> = Vec::with_capacity(text.len() / 60 + 1);
    let has_pilcrow = memchr::memmem::find(text.as_bytes(), "¶".as_bytes()).is_some();
    let mut in_captions = true;
    let mut skip_blanks = false;
    for raw in split_at_newlines(text) {
        let Some(line) = strip_page_break(raw) else {
            // A page break inside a paragraph keeps the paragraph whole:
            // the blank lines around the header go with it.
            while out.last().is_some_and(|l| l.text.trim().is_empty()) {
                out.pop();
            }
            skip_blanks = true;
            continue;
        };
        // `¶` alone on its line before `1.`: the anchor of a paragraph
        // whose number came on the next line.
        if line.trim() == "¶" {
            continue;
        }
        if skip_blanks {
            if line.trim().is_empty() {
                continue;
            }
            skip_blanks = false;
        }
        // Most lines are one piece: no Vec for them.
        let (mut split, mut whole);
        let pieces: &mut dyn Iterator<Item = Cow<str>> = if has_pilcrow && raw.contains('¶') {
            split = split_at_pilcrows(line).into_iter();
            &mut split
        } else {
            whole = std::iter::once(line);
            &mut whole
        };
        for piece in pieces {
            if in_captions {
                if paragraph_start(piece.trim()).is_some() {
                    in_captions = false;
                    out.push(Line { text: piece });
                    continue;
                }
                let at: Vec<usize> = GLUED_CAPTION
                    .find_iter(&piece)
                    .map(|m| m.start())
                    .filter(|&s| s > 0 && !repeats_classified_by(&piece[..s]))
                    .collect();
                if at.is_empty() {
                    out.push(Line { text: piece });
                } else {
                    let s: &str = &piece;
                    let mut from = 0;
                    for &cut in &at {
                        out.push(Line {
                            text: Cow::Owned(s[from..cut].trim().to_string()),
                        });
                        from = cut;
                    }
                    let last = s[from..].trim().to_string();
                    if paragraph_start(&last).is_some() {
                        in_captions = false;
                    }
                    out.push(Line {
                        text: Cow::Owned(last),
                    });
                }
            } else {
                out.push(Line { text: piece });
            }
        }
    }
    out
}

/// `Classified By: (C) CLASSIFIED BY ...` says it twice: the line is one
/// caption, kept whole so that its hard-wrap width still shows.
fn repeats_classified_by(before: &str) -> bool {
    let t = before.trim();
    let Some(head) = t.get(..13) else {
        return false;
    };
    if !head.eq_ignore_ascii_case("classified by") {
        return false;
    }
    let rest = t[13..].trim_start_matches([':', ' ']);
    rest.is_empty()
        || (rest.starts_with('(') && rest.ends_with(')') && rest.len() <= 8)
        || rest.eq_ignore_ascii_case("classified by:")
}

/// Removes a page-break header from a line (whole, or glued at its end).
/// `None` when nothing else was on the line.
fn strip_page_break(line: &str) -> Option<Cow<'_, str>> {
    let mut line: Cow<str> = Cow::Borrowed(line);
    if line.contains(" OF ") {
        if let Some(m) = PAGE_BREAK.find(&line) {
            let before = line[..m.start()].trim_end();
            let words: Vec<&str> = before.split_whitespace().collect();
            // The station words before the numbers belong to the header;
            // when other text precedes them, the header was glued to the
            // end of a line: the longest listed station at the end goes.
            let station_words = (1..=words.len().min(3))
                .rev()
                .find(|&n| super::ids::is_listed_station(&words[words.len() - n..].join(" ")))
                .unwrap_or(1);
            let keep_words = words.len().saturating_sub(station_words);
            let keep = if keep_words == 0 {
                ""
            } else {
                let mut cut = before;
                for _ in 0..station_words {
                    cut = cut.rfind(' ').map(|p| cut[..p].trim_end()).unwrap_or("");
                }
                cut
            };
            let rest = line[m.end()..].trim();
            let joined = match (keep.is_empty(), rest.is_empty()) {
                (true, true) => return None,
                (true, false) => rest.to_string(),
                (false, true) => keep.to_string(),
                (false, false) => format!("{keep} {rest}"),
            };
            line = Cow::Owned(joined);
        }
    }
    if is_page_footer(&line) {
        return None;
    }
    if line.trim_start().starts_with("PAGE") {
        if let Some(m) = OLD_PAGE.find(&line) {
            let rest = line[m.end()..].trim().to_string();
            if rest.is_empty() {
                return None;
            }
            line = Cow::Owned(rest);
        }
    }
    Some(line)
}

fn split_at_pilcrows(line: Cow<'_, str>) -> Vec<Cow<'_, str>> {
    let s: &str = &line;
    let cuts: Vec<usize> = s
        .match_indices('¶')
        .map(|(i, _)| i)
        .filter(|&i| i > 0 && !s[..i].trim().is_empty())
        .collect();
    if cuts.is_empty() {
        return vec![line];
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for cut in cuts {
        out.push(Cow::Owned(s[from..cut].trim_end().to_string()));
        from = cut;
    }
    out.push(Cow::Owned(s[from..].to_string()));
    out
}

/// A page footer of some copies: `2000HANOI00686 - CONFIDENTIAL`, the
/// cable's year, station and serial, then its classification.
pub fn is_page_footer(line: &str) -> bool {
    static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:19|20)\d{2}[A-Z][A-Z ]*?\d{3,6}\s+-\s+(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\b")
            .expect("static regex")
    });
    line.len() < 80 && line.starts_with(['1', '2']) && FOOTER.is_match(line.trim())
}

/// A heading line that announces the summary: `SUMMARY`, `------- SUMMARY
/// -------`, `Summary:`.
pub fn is_summary_heading(line: &str) -> bool {
    let t = line.trim().trim_matches(['-', ' ', ':', '=', '*']);
    t.eq_ignore_ascii_case("summary") || t.eq_ignore_ascii_case("begin summary")
}

/// Is this line a page header of an old telegram, or a lone copy of the
/// classification that precedes one?
pub fn is_page_header(line: &str) -> bool {
    line.starts_with("PAGE ") && OLD_PAGE.is_match(line)
}

/// Recognises the start of a numbered paragraph: `1. (C) text`, `¶1. text`,
/// `- 11. (C)`, `1.(U)`, `¶1.` alone.
pub fn paragraph_start(line: &str) -> Option<ParagraphStart> {
    let trimmed = line.trim_start();
    let offset = line.len() - trimmed.len();
    let mut s = trimmed;
    let mut pos = offset;
    for prefix in ["- ", "¶ ", "¶", "- "] {
        if let Some(r) = s.strip_prefix(prefix) {
            pos += prefix.len();
            s = r;
        }
    }
    // `(C) 1. The Embassy ...`: the portion mark before the number.
    let mut early_mark = None;
    if s.starts_with('(') {
        if let Some(close) = s.bytes().take(10).position(|b| b == b')') {
            let inner: String = s[1..close].chars().filter(|c| !c.is_whitespace()).collect();
            let after = s[close + 1..].trim_start();
            if is_portion_mark(&inner) && after.starts_with(|c: char| c.is_ascii_digit()) {
                early_mark = Some(inner.to_ascii_uppercase());
                pos += s.len() - after.len();
                s = after;
            }
        }
    }
    let digits = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let number: u32 = s[..digits].parse().ok()?;
    let mut r = &s[digits..];
    pos += digits;
    r = strip_once(r, " ", &mut pos);
    if !r.starts_with('.') {
        return None;
    }
    r = &r[1..];
    pos += 1;
    // `1.5 (b)` and `1.4` are reasons, not paragraphs.
    if r.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let had_space = r.starts_with([' ', '\t']);
    let before_mark = r.len();
    r = r.trim_start();
    pos += before_mark - r.len();
    let mut mark = early_mark;
    if mark.is_none() && r.starts_with('(') {
        if let Some(close) = r.find(')') {
            let inner: String = r[1..close].chars().filter(|c| !c.is_whitespace()).collect();
            if is_portion_mark(&inner) {
                mark = Some(inner.to_ascii_uppercase());
                r = &r[close + 1..];
                pos += close + 1;
                let t = r.trim_start();
                pos += r.len() - t.len();
            }
        }
    }
    if mark.is_none() && !had_space && !trimmed[pos - offset..].is_empty() {
        // `1.Something` without a space is rarely a paragraph.
        return None;
    }
    Some(ParagraphStart {
        number,
        mark,
        text_at: pos,
    })
}

fn strip_once<'a>(s: &'a str, p: &str, pos: &mut usize) -> &'a str {
    match s.strip_prefix(p) {
        Some(r) => {
            *pos += p.len();
            r
        }
        None => s,
    }
}

/// `U`, `C`, `S`, `SBU`, `C/NF`, `S//NF`, `S/REL`, `U//FOUO`, `TS`.
pub fn is_portion_mark(inner: &str) -> bool {
    if inner.is_empty() || inner.len() > 14 {
        return false;
    }
    let first = inner.split('/').next().unwrap_or("").to_ascii_uppercase();
    matches!(
        first.as_str(),
        "U" | "C" | "S" | "SBU" | "TS" | "LOU" | "FOUO"
    ) && inner
        .bytes()
        .all(|b| b.is_ascii_alphabetic() || b == b'/' || b == b' ' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newline_splitting_is_strs() {
        for text in ["", "\n", "a", "a\n", "\na\n\nb", "é\n¶\nz", "\n\n"] {
            let ours: Vec<&str> = split_at_newlines(text).collect();
            let std: Vec<&str> = text.split('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    fn texts(v: &[Line]) -> Vec<String> {
        v.iter().map(|l| l.text.to_string()).collect()
    }

    #[test]
    fn page_break_line_is_removed() {
        let lines = split_lines("staff, and\n\nMOSCOW 00000501  002 OF 002\n\nsupport staff.");
        assert_eq!(texts(&lines), ["staff, and", "support staff."]);
    }

    #[test]
    fn page_break_glued_to_a_line_is_cut_off() {
        let lines = split_lines("TO WASHINGTON BRASILIA 00000351 001.2 OF 003");
        assert_eq!(texts(&lines), ["TO WASHINGTON"]);
    }

    #[test]
    fn pilcrow_anchor_mid_line_starts_a_new_line() {
        let lines = split_lines("1. (S) one. ¶2. (S) two");
        assert_eq!(texts(&lines), ["1. (S) one.", "¶2. (S) two"]);
    }

    #[test]
    fn glued_captions_are_split_before_the_first_paragraph() {
        let lines = split_lines("S E C R E T MOSCOW 011807 E.O. 12958: DECL: 09/14/2015 TAGS: PGOV SUBJECT: X REF: ( A ) STATE 1");
        assert_eq!(
            texts(&lines),
            [
                "S E C R E T MOSCOW 011807",
                "E.O. 12958: DECL: 09/14/2015",
                "TAGS: PGOV",
                "SUBJECT: X",
                "REF: ( A ) STATE 1"
            ]
        );
    }

    #[test]
    fn a_lone_pilcrow_line_goes() {
        let lines = split_lines("TAGS: PREL\n¶\n1. (C) One.");
        assert_eq!(texts(&lines), ["TAGS: PREL", "1. (C) One."]);
    }

    #[test]
    fn page_footers_are_removed() {
        let lines = split_lines("one\n2000HANOI00686 - CONFIDENTIAL\ntwo");
        assert_eq!(texts(&lines), ["one", "two"]);
    }

    #[test]
    fn a_repeated_classified_by_is_one_caption() {
        let lines = split_lines("Classified By: (C) CLASSIFIED BY DCM JANE ROE; REASON 1.4");
        assert_eq!(lines.len(), 1);
    }

    #[test]
    fn portion_mark_before_the_number() {
        let p = paragraph_start("(C) 1. The Embassy").unwrap();
        assert_eq!((p.number, p.mark.as_deref()), (1, Some("C")));
        assert_eq!(&"(C) 1. The Embassy"[p.text_at..], "The Embassy");
    }

    #[test]
    fn paragraph_starts_in_their_forms() {
        let p = paragraph_start("1. (S) Sergey").unwrap();
        assert_eq!((p.number, p.mark.as_deref()), (1, Some("S")));
        assert_eq!(&"1. (S) Sergey"[p.text_at..], "Sergey");
        let p = paragraph_start("- 11. (C) In a").unwrap();
        assert_eq!((p.number, p.mark.as_deref()), (11, Some("C")));
        let p = paragraph_start("¶5. (SBU) Deyneko").unwrap();
        assert_eq!((p.number, p.mark.as_deref()), (5, Some("SBU")));
        let p = paragraph_start("¶1. ( S//NF ) x").unwrap();
        assert_eq!(p.mark.as_deref(), Some("S//NF"));
        let p = paragraph_start("2.  PRESS REPORTS").unwrap();
        assert_eq!((p.number, p.mark), (2, None));
        assert!(paragraph_start("1.4 (b) and (d)").is_none());
        assert!(paragraph_start("1540 Committee").is_none());
    }
}
