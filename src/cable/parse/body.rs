//! The body of a cable: numbered paragraphs (with OCR-mangled numbers
//! repaired), the summary, and the signer.

use super::lines::{is_portion_mark, is_summary_heading, paragraph_start, Line};
use crate::cable::model::Paragraph;

/// What the body holds besides its text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Body {
    pub paragraphs: Vec<Paragraph>,
    pub signers: Vec<String>,
    pub summary: Option<String>,
}

/// Reads paragraphs, summary and signer from the body lines.
pub fn parse_body(lines: &[Line]) -> Body {
    let mut end = lines.len();
    while end > 0 && is_trailer(lines[end - 1].text.trim()) {
        end -= 1;
    }
    let mut signers = Vec::new();
    let mut last_line_rest: Option<String> = None;
    if end > 0 {
        let last = lines[end - 1].text.trim();
        // `MCNAMARA.` stands apart; `ASSISTANCE.` ends a sentence.
        let apart = end < 2 || lines[end - 2].text.trim().is_empty() || !last.ends_with('.');
        if let Some(name) = signer_line(last).filter(|_| apart) {
            signers.push(name);
            end -= 1;
        } else if let Some((rest, name)) = glued_signer(last) {
            signers.push(name);
            last_line_rest = Some(rest.to_string());
        }
    }
    let body_lines: Vec<&str> = lines[..end]
        .iter()
        .enumerate()
        .map(|(i, l)| match (&last_line_rest, i + 1 == end) {
            (Some(rest), true) => rest.as_str(),
            _ => l.text.as_ref(),
        })
        .collect();
    let body_lines = without_handling_lines(&body_lines);
    let mut paragraphs = numbered_paragraphs(&body_lines);
    if paragraphs.is_empty() {
        paragraphs = unnumbered_blocks(&body_lines);
    }
    // `------- SUMMARY -------` on its own line before the paragraphs.
    let heading = body_lines
        .iter()
        .take_while(|l| paragraph_start(l).is_none())
        .any(|l| is_summary_heading(l));
    let summary = find_summary(&paragraphs, heading);
    Body {
        paragraphs,
        signers,
        summary,
    }
}

/// Transmission trailers after the signature: end-of-message codes, rule
/// lines, the classification banner printed at the foot of each page
/// (`CONFIDENTIAL`, `LIMITED OFFICIAL USE`), distribution notes (`NOTE: NOT
/// PASSED TO ABOVE ADDRESSEE(S)`) and page footers
/// (`2000HANOI00686 - CONFIDENTIAL`).
fn is_trailer(line: &str) -> bool {
    line.is_empty()
        || matches!(line, "BT" | "NNNN" | "SIPDIS" | "STPDTS")
        || (line.starts_with('#') && line[1..].bytes().all(|b| b.is_ascii_digit()))
        || line
            .bytes()
            .all(|b| matches!(b, b'-' | b' ' | b'=' | b'.' | b'_' | b'#'))
        || is_banner(line)
        || line.to_ascii_uppercase().starts_with("NOTE: NOT PASSED")
        || super::lines::is_page_footer(line)
}

/// A classification banner: the level alone, possibly spaced out
/// (`C O N F I D E N T I A L`) or with caveats (`SECRET NOFORN`).
pub fn is_banner(line: &str) -> bool {
    let squeezed: String = line
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let rest = [
        "LIMITEDOFFICIALUSE",
        "UNCLASSIFIED",
        "CONFIDENTIAL",
        "SECRET",
        "UNCLAS",
    ]
    .iter()
    .find_map(|l| squeezed.strip_prefix(l));
    match rest {
        Some(rest) => {
            rest.is_empty()
                || [
                    "NOFORN",
                    "SENSITIVE",
                    "//NOFORN",
                    "/NOFORN",
                    "EXDIS",
                    "NODIS",
                ]
                .contains(&rest)
        }
        None => false,
    }
}

/// A line that is only a signature: `BURNS`, `RICE`, `VAN VOORST`.
fn signer_line(line: &str) -> Option<String> {
    // `GILLESPIE##`: transmission marks glued to the name.
    let line = line.trim_end_matches('#');
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let all_caps = words.iter().all(|w| {
        w.len() >= 2
            && w.chars()
                .all(|c| c.is_uppercase() || matches!(c, '\'' | '-' | '.'))
            && w.chars().any(|c| c.is_alphabetic())
    });
    const NOT_SIGNERS: &[&str] = &["END", "SUMMARY", "COMMENT", "TEXT", "UNQUOTE", "BT", "NNNN"];
    // `XXXXXXXXXXXX`: a signature the redacted copies removed.
    if words
        .iter()
        .all(|w| w.len() >= 3 && w.bytes().all(|b| b == b'X'))
    {
        return None;
    }
    if !all_caps
        || words
            .iter()
            .any(|w| NOT_SIGNERS.contains(&w.trim_end_matches('.')))
        || is_banner(line)
    {
        return None;
    }
    // `MCNAMARA.`: one name with a full stop; a longer line ending with
    // one is a sentence.
    if line.ends_with('.') && words.len() > 1 {
        return None;
    }
    // `KUBISKE KUBISKE`: a name typed twice is one signer.
    if words.len() == 2 && words[0] == words[1] {
        return Some(words[0].to_string());
    }
    Some(line.trim_end_matches('.').to_string())
}

/// A signature glued to the end of the last paragraph: `... Sudan. BURNS`.
fn glued_signer(line: &str) -> Option<(&str, String)> {
    let (rest, last) = line.rsplit_once(' ')?;
    let rest_t = rest.trim_end();
    if last.len() < 3
        || !last
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '-' || c == '\'')
        || !rest_t.ends_with(['.', '!', '?', '"', ')', '”'])
    {
        return None;
    }
    // An all-caps telegram has no glued signatures we can tell apart,
    // except after the end-of-text mark (`END OF TEXT. BAKER`).
    let lower = rest_t.chars().filter(|c| c.is_lowercase()).count();
    let end_mark = ["END OF TEXT.", "END TEXT."]
        .iter()
        .any(|m| rest_t.to_ascii_uppercase().ends_with(m));
    if !end_mark && lower * 4 < rest_t.chars().filter(|c| c.is_alphabetic()).count() {
        return None;
    }
    Some((rest_t, last.to_string()))
}

/// Paragraph text under construction: blocks of joined lines.
struct Builder {
    number: Option<String>,
    mark: Option<String>,
    text: String,
    block_break: bool,
}

impl Builder {
    fn push_line(&mut self, line: &str) {
        let t = line.trim();
        if t.is_empty() {
            self.block_break = !self.text.is_empty();
            return;
        }
        // Dash rules around headings, and the `-` lines old telegrams
        // put between paragraphs, carry nothing.
        if t == "-"
            || t.len() >= 3
                && t.bytes()
                    .all(|b| b == b'-' || b == b' ' || b == b'=' || b == b'_')
        {
            return;
        }
        if self.text.is_empty() {
            self.text.push_str(t);
        } else if self.block_break {
            self.text.push_str("\n\n");
            self.text.push_str(t);
        } else if starts_list_item(t) {
            self.text.push('\n');
            self.text.push_str(t);
        } else {
            self.text.push(' ');
            self.text.push_str(t);
        }
        self.block_break = false;
    }

    fn finish(self) -> Paragraph {
        Paragraph {
            number: self.number,
            classification: self.mark,
            text: self.text,
            mentions: Vec::new(),
        }
    }
}

fn starts_list_item(t: &str) -> bool {
    t.starts_with("--") || t.starts_with("- ") || t.starts_with("* ") || t.starts_with("o ")
}

/// The body without the `SIPDIS` handling lines that the distribution
/// system inserted mid-text (`Herve Morin` / `` / `SIPDIS` /
/// `commemorate D-Day`): the line goes, and so does the blank line before
/// it when the sentence runs on after it.
fn without_handling_lines<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    if !lines
        .iter()
        .any(|l| matches!(l.trim(), "SIPDIS" | "STPDTS"))
    {
        return lines.to_vec();
    }
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t != "SIPDIS" && t != "STPDTS" {
            out.push(line);
            continue;
        }
        let runs_on = lines
            .get(i + 1)
            .is_some_and(|n| n.trim_start().starts_with(char::is_lowercase));
        if runs_on && out.last().is_some_and(|l| l.trim().is_empty()) {
            out.pop();
        }
    }
    out
}

/// A section heading: a line with a rule under it, perhaps after a blank
/// line and the heading's wrapped rest (`... Fiber Optic` / `` /
/// `Research` / `-------`). The number of lines up to the rule.
fn heading_at(lines: &[&str], i: usize) -> Option<usize> {
    let is_rule = |t: &str| t.len() >= 3 && t.bytes().all(|b| matches!(b, b'-' | b'=' | b'_'));
    // Most lines have no rule after them: look for one first, by the first
    // letter of the three lines after (asked of every line, so no trimming
    // of lines that cannot be one).
    let rule_near = lines
        .get(i + 1..(i + 4).min(lines.len()))
        .is_some_and(|next| {
            next.iter().any(|l| {
                let t = l.trim_start();
                matches!(t.as_bytes().first(), Some(b'-' | b'=' | b'_')) && is_rule(t.trim_end())
            })
        });
    if !rule_near {
        return None;
    }
    let first = lines[i].trim();
    if first.is_empty() || is_rule(first) || first.len() > 90 || first.ends_with(['.', ':']) {
        return None;
    }
    let mut texts = 0;
    for (k, line) in lines.iter().enumerate().skip(i + 1).take(3) {
        let t = line.trim();
        if is_rule(t) {
            return Some(k - i);
        }
        if !t.is_empty() {
            texts += 1;
            if texts > 1 || t.len() > 60 || paragraph_start(t).is_some() {
                return None;
            }
        }
    }
    None
}

fn numbered_paragraphs(lines: &[&str]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Option<Builder> = None;
    let mut expected: u32 = 1;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(n) = heading_at(lines, i) {
            // A heading is a block of its own inside the paragraph before.
            if let Some(b) = current.as_mut() {
                let heading: Vec<&str> = lines[i..i + n]
                    .iter()
                    .map(|l| l.trim())
                    .filter(|t| !t.is_empty())
                    .collect();
                b.block_break = !b.text.is_empty();
                b.push_line(&heading.join(" "));
                b.block_break = true;
            }
            i += n + 1;
            continue;
        }
        if let Some(start) = paragraph_start(line) {
            // `...began on October` / `5.  FDP strategist`: a wrapped
            // sentence whose next line starts with a number, not a new
            // paragraph, when the number jumps or lacks the marks the
            // other paragraphs carry.
            let prev = if i > 0 { lines[i - 1].trim_end() } else { "" };
            let open_sentence = !prev.trim().is_empty()
                && prev.ends_with(|c: char| c.is_alphanumeric() || c == ',');
            let marked = out.iter().any(|p| p.classification.is_some())
                || current.as_ref().is_some_and(|b| b.mark.is_some());
            let accepted =
                accept_number(start.number, expected, current.is_none() && out.is_empty()).filter(
                    |&n| {
                        let wrapped = current.is_some()
                            && open_sentence
                            && (n != expected || (marked && start.mark.is_none()));
                        !wrapped
                    },
                );
            if let Some(number) = accepted {
                if let Some(b) = current.take() {
                    out.push(b.finish());
                }
                let trimmed = line.trim_start();
                let offset = line.len() - trimmed.len();
                let mut rest = line.get(start.text_at.max(offset)..).unwrap_or("").trim();
                let mut mark = start.mark.clone();
                // `¶1.` alone, the portion mark on the next line.
                if rest.is_empty() && mark.is_none() {
                    if let Some(next) = lines.get(i + 1) {
                        if let Some((m, r)) = leading_mark(next.trim()) {
                            mark = Some(m);
                            rest = r;
                            i += 1;
                        }
                    }
                }
                let mut b = Builder {
                    number: Some(number.to_string()),
                    mark,
                    text: String::new(),
                    block_break: false,
                };
                b.push_line(rest);
                current = Some(b);
                expected = number + 1;
                i += 1;
                continue;
            }
        }
        if let Some(b) = current.as_mut() {
            b.push_line(line);
        }
        i += 1;
    }
    if let Some(b) = current {
        out.push(b.finish());
    }
    out
}

/// The paragraph number to use for a written number, or `None` when the
/// number does not continue the sequence (a list inside a paragraph).
fn accept_number(written: u32, expected: u32, first: bool) -> Option<u32> {
    // OCR read the paragraph sign as a `1`: `11.` for ¶1, `13.` for ¶3.
    let repaired = format!("1{expected}");
    if written != expected && written.to_string() == repaired {
        return Some(expected);
    }
    if first {
        return (written <= 20).then_some(written);
    }
    (written >= expected && written <= expected + 2).then_some(written)
}

/// `(S) text` → the mark and the text after it.
fn leading_mark(line: &str) -> Option<(String, &str)> {
    let rest = line.strip_prefix('(')?;
    let close = rest.find(')')?;
    let inner: String = rest[..close]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    is_portion_mark(&inner).then(|| (inner.to_ascii_uppercase(), rest[close + 1..].trim_start()))
}

fn unnumbered_blocks(lines: &[&str]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut current: Option<Builder> = None;
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            if let Some(b) = current.take() {
                out.push(b.finish());
            }
            continue;
        }
        let b = current.get_or_insert_with(|| Builder {
            number: None,
            mark: None,
            text: String::new(),
            block_break: false,
        });
        if b.text.is_empty() && b.mark.is_none() {
            if let Some((m, r)) = leading_mark(t) {
                b.mark = Some(m);
                b.push_line(r);
                continue;
            }
        }
        b.push_line(t);
    }
    if let Some(b) = current {
        out.push(b.finish());
    }
    out.retain(|p| !p.text.is_empty());
    out
}

/// The text between `Summary:` and `End summary.`; without the end marker,
/// the rest of the paragraph that starts the summary. Without a start
/// marker, the text from the first paragraph to an `End summary` in one of
/// the first paragraphs, or the first paragraph under a summary heading.
fn find_summary(paragraphs: &[Paragraph], heading: bool) -> Option<String> {
    if let Some(s) = marked_summary(paragraphs) {
        return Some(s);
    }
    // `1. CONFIDENTIAL - ENTIRE TEXT.` / `SUMMARY` / `2. ATTORNEY ...`: a
    // heading that closes a paragraph opens the summary in the next.
    let closing_heading = paragraphs.iter().take(3).position(|p| {
        p.text
            .rsplit("\n\n")
            .next()
            .is_some_and(|b| b.len() < p.text.len() && is_summary_heading(b))
    });
    if let Some(k) = closing_heading {
        return unmarked_summary(&paragraphs[k + 1..], true);
    }
    unmarked_summary(paragraphs, heading)
}

/// A summary without a start marker, from the first paragraph.
fn unmarked_summary(paragraphs: &[Paragraph], heading: bool) -> Option<String> {
    // Without a heading, only a first paragraph that ends the summary
    // itself is one: an end marker further down may close a summary whose
    // start this copy lost.
    let end = paragraphs
        .iter()
        .take(if heading { 5 } else { 1 })
        .position(|p| find_end_summary(&p.text).is_some());
    let text = match end {
        Some(j) => {
            let mut text = paragraphs[..=j]
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join("\n\n");
            if let Some(cut) = find_end_summary(&text) {
                text.truncate(cut);
            }
            text
        }
        None if heading => paragraphs.first()?.text.clone(),
        None => return None,
    };
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

fn marked_summary(paragraphs: &[Paragraph]) -> Option<String> {
    for (i, p) in paragraphs.iter().enumerate() {
        let Some(start) = summary_start(&p.text) else {
            continue;
        };
        let mut text = p.text[start..].to_string();
        let mut j = i + 1;
        loop {
            if let Some(end) = find_end_summary(&text) {
                text.truncate(end);
                break;
            }
            match paragraphs.get(j) {
                Some(next)
                    if j < i + 6
                        && paragraphs[i + 1..]
                            .iter()
                            .any(|q| find_end_summary(&q.text).is_some()) =>
                {
                    text.push_str("\n\n");
                    text.push_str(&next.text);
                    j += 1;
                }
                _ => {
                    // No end marker: the summary is the starting paragraph.
                    text = p.text[start..].to_string();
                    break;
                }
            }
        }
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        return (!collapsed.is_empty()).then_some(collapsed);
    }
    None
}

/// Offset of the summary text when a paragraph starts with a summary marker.
fn summary_start(text: &str) -> Option<usize> {
    // The first 40 characters, compared without case and without a copy:
    // this runs on every paragraph.
    let head = text
        .char_indices()
        .nth(40)
        .map_or(text.as_bytes(), |(at, _)| &text.as_bytes()[..at]);
    let starts_with = |marker: &str| {
        head.get(..marker.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(marker.as_bytes()))
    };
    // `CONFIDENTIAL - ENTIRE TEXT. SUMMARY ...` of old telegrams.
    let entire = head
        .windows("entire text".len())
        .position(|w| w.eq_ignore_ascii_case(b"entire text"));
    if let Some(at) = entire {
        let after = &text[at + "entire text".len()..];
        let rest = after.trim_start_matches(['.', ' ', ':', '-', '\n']);
        if at < 30 && !rest.is_empty() {
            let skip = text.len() - rest.len();
            return summary_start(rest).map(|s| skip + s);
        }
    }
    for marker in [
        "begin summary",
        "summary and comment",
        "summary and action request",
        "summary/comment",
        "summary",
    ] {
        if starts_with(marker) {
            let after = &text[marker.len()..];
            let trimmed = after.trim_start_matches([':', '.', '-', ' ', '\u{2014}']);
            if trimmed.len() == after.len() {
                return None;
            }
            // `Summary: (SBU) Japanese ...`: the portion mark is no text.
            let trimmed = match leading_mark(trimmed) {
                Some((_, rest)) => rest,
                None => trimmed,
            };
            return Some(text.len() - trimmed.len());
        }
    }
    None
}

fn find_end_summary(text: &str) -> Option<usize> {
    // `end summary` or `end of summary`, in any case, found without a
    // lower-case copy of the paragraph (this runs on every paragraph).
    // Candidates by the `y` that ends both: a rare letter, where `e`
    // starts a word in eight of every hundred bytes.
    let b = text.as_bytes();
    memchr::memchr2_iter(b'y', b'Y', b).find_map(|y| {
        let ends = |word: &[u8]| {
            (y + 1)
                .checked_sub(word.len())
                .is_some_and(|at| b[at..=y].eq_ignore_ascii_case(word))
                .then(|| y + 1 - word.len())
        };
        let at = ends(b"end summary").or_else(|| ends(b"end of summary"))?;
        Some(text[..at].trim_end().len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.split('\n')
            .map(|t| Line {
                text: Cow::Borrowed(t),
            })
            .collect()
    }

    #[test]
    fn mangled_paragraph_numbers_are_repaired() {
        let b = parse_body(&lines("- 11. (C) one\n- 12. (C) two\n- 13. (C) three"));
        let numbers: Vec<_> = b
            .paragraphs
            .iter()
            .map(|p| p.number.clone().unwrap())
            .collect();
        assert_eq!(numbers, ["1", "2", "3"]);
    }

    #[test]
    fn a_real_paragraph_eleven_is_kept() {
        let text: String = (1..=11).map(|n| format!("{n}. (C) p{n}\n")).collect();
        let b = parse_body(&lines(&text));
        assert_eq!(b.paragraphs.len(), 11);
        assert_eq!(b.paragraphs[10].number.as_deref(), Some("11"));
    }

    #[test]
    fn unnumbered_blocks_belong_to_the_paragraph_before() {
        let b = parse_body(&lines(
            "1. (U) Begin text:\n\nquoted one\n\nquoted two\n\n2. (U) End.",
        ));
        assert_eq!(b.paragraphs.len(), 2);
        assert_eq!(
            b.paragraphs[0].text,
            "Begin text:\n\nquoted one\n\nquoted two"
        );
    }

    #[test]
    fn a_restarting_list_is_not_a_new_paragraph() {
        let b = parse_body(&lines(
            "1. (C) one\n2. (C) two:\n1. first item\n3. (C) three",
        ));
        let numbers: Vec<_> = b
            .paragraphs
            .iter()
            .map(|p| p.number.clone().unwrap())
            .collect();
        assert_eq!(numbers, ["1", "2", "3"]);
    }

    #[test]
    fn signer_on_its_own_line_or_glued() {
        assert_eq!(
            parse_body(&lines("1. (C) Text.\n\nBURNS")).signers,
            ["BURNS"]
        );
        let b = parse_body(&lines(
            "1. (C) We continue to detect little interest. BURNS",
        ));
        assert_eq!(b.signers, ["BURNS"]);
        assert_eq!(
            b.paragraphs[0].text,
            "We continue to detect little interest."
        );
    }

    #[test]
    fn summary_between_markers() {
        let b = parse_body(&lines(
            "1. (SBU) Summary: On February 26 we met. End summary.\n2. (SBU) More.",
        ));
        assert_eq!(b.summary.as_deref(), Some("On February 26 we met."));
    }

    #[test]
    fn banners_footers_and_notes_after_the_signer_are_trailers() {
        for tail in [
            "CONFIDENTIAL",
            "LIMITED OFFICIAL USE\nNNNN",
            "NOTE: NOT PASSED TO ABOVE ADDRESSEE(S)\n\n   UNCLASSIFIED",
            "2000HANOI00686 - CONFIDENTIAL",
            ".",
        ] {
            let b = parse_body(&lines(&format!("1. TEXT.\n\nROE\n\n{tail}")));
            assert_eq!(b.signers, ["ROE"], "{tail}");
        }
    }

    #[test]
    fn signer_forms() {
        assert_eq!(parse_body(&lines("1. TEXT.\n\nROE##")).signers, ["ROE"]);
        assert_eq!(parse_body(&lines("1. TEXT.\n\nMCROE.")).signers, ["MCROE"]);
        assert_eq!(parse_body(&lines("1. TEXT.\n\nDE ROE")).signers, ["DE ROE"]);
        assert_eq!(parse_body(&lines("1. TEXT.\n\nROE ROE")).signers, ["ROE"]);
        assert_eq!(
            parse_body(&lines("1. WE THANK THE\nASSISTANCE.")).signers,
            Vec::<String>::new()
        );
        assert_eq!(
            parse_body(&lines("1. THE REPORT.  END OF TEXT. ROE")).signers,
            ["ROE"]
        );
    }

    #[test]
    fn a_wrapped_line_starting_with_a_number_is_not_a_paragraph() {
        let b = parse_body(&lines(
            "1. (C) One.\n\n2. (C) Talks began on October\n5.  A source said so.\n\n3. (C) Three.",
        ));
        let numbers: Vec<_> = b
            .paragraphs
            .iter()
            .map(|p| p.number.clone().unwrap())
            .collect();
        assert_eq!(numbers, ["1", "2", "3"]);
        assert!(b.paragraphs[1].text.contains("October 5."));
    }

    #[test]
    fn a_heading_is_a_block_of_its_own() {
        let b = parse_body(&lines(
            "1. (C) One ends here.\nInstitute of Optics - Fiber Optic\n\nResearch\n------\n\n2. (C) Two.",
        ));
        assert_eq!(
            b.paragraphs[0].text,
            "One ends here.\n\nInstitute of Optics - Fiber Optic Research"
        );
    }

    #[test]
    fn sipdis_inserted_mid_sentence_goes() {
        let b = parse_body(&lines(
            "1. (C) The minister will\n\nSIPDIS\ncommemorate D-Day.",
        ));
        assert_eq!(b.paragraphs[0].text, "The minister will commemorate D-Day.");
    }

    #[test]
    fn dash_lines_between_paragraphs_carry_nothing() {
        let b = parse_body(&lines("1. ONE.\n- \n2. TWO."));
        assert_eq!(b.paragraphs[0].text, "ONE.");
    }

    #[test]
    fn summary_forms() {
        let s = |t: &str| parse_body(&lines(t)).summary;
        assert_eq!(
            s("------- SUMMARY -------\n\n1. Pope visits. End Summary\n\n2. More.").as_deref(),
            Some("Pope visits.")
        );
        assert_eq!(
            s("1. (C) The FM told us. END SUMMARY.\n\n2. (C) More.").as_deref(),
            Some("The FM told us.")
        );
        assert_eq!(
            s("1.  Summary: (SBU) Japan acts. End Summary\n\n2. x").as_deref(),
            Some("Japan acts.")
        );
        assert_eq!(
            s("Summary/Comment: bla bla\nbla.  End Summary/Comment.").as_deref(),
            Some("bla bla bla.")
        );
        assert_eq!(
            s("1. CONFIDENTIAL - ENTIRE TEXT.\n\nSUMMARY\n\n2. MOOSA SAYS. END SUMMARY.\n\n3. X")
                .as_deref(),
            Some("MOOSA SAYS.")
        );
        // An end marker further down without a start is no summary.
        assert_eq!(s("1. (C) Intro.\n\n2. (C) Rest. END SUMMARY."), None);
    }

    #[test]
    fn cable_without_numbers_has_blocks() {
        let b = parse_body(&lines("(C) First block\nwraps.\n\nSecond block."));
        assert_eq!(b.paragraphs.len(), 2);
        assert_eq!(b.paragraphs[0].number, None);
        assert_eq!(b.paragraphs[0].classification.as_deref(), Some("C"));
        assert_eq!(b.paragraphs[0].text, "First block wraps.");
    }
}
