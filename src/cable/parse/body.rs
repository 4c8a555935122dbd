//! The body of a cable: numbered paragraphs (with OCR-mangled numbers
//! repaired), the summary, and the signer.

use super::lines::{is_portion_mark, paragraph_start, Line};
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
        if let Some(name) = signer_line(last) {
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
    let mut paragraphs = numbered_paragraphs(&body_lines);
    if paragraphs.is_empty() {
        paragraphs = unnumbered_blocks(&body_lines);
    }
    let summary = find_summary(&paragraphs);
    Body {
        paragraphs,
        signers,
        summary,
    }
}

/// Transmission trailers after the signature.
fn is_trailer(line: &str) -> bool {
    line.is_empty()
        || matches!(line, "BT" | "NNNN" | "SIPDIS" | "STPDTS")
        || (line.starts_with('#') && line[1..].bytes().all(|b| b.is_ascii_digit()))
        || line.bytes().all(|b| b == b'-' || b == b' ' || b == b'=')
}

/// A line that is only a signature: `BURNS`, `RICE`, `VAN VOORST`.
fn signer_line(line: &str) -> Option<String> {
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
    if !all_caps
        || words
            .iter()
            .any(|w| NOT_SIGNERS.contains(&w.trim_end_matches('.')))
    {
        return None;
    }
    if line.ends_with('.') {
        return None;
    }
    Some(line.to_string())
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
    // An all-caps telegram has no glued signatures we can tell apart.
    let lower = rest_t.chars().filter(|c| c.is_lowercase()).count();
    if lower * 4 < rest_t.chars().filter(|c| c.is_alphabetic()).count() {
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
        // Dash rules around headings carry nothing.
        if t.len() >= 3
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

fn numbered_paragraphs(lines: &[&str]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Option<Builder> = None;
    let mut expected: u32 = 1;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(start) = paragraph_start(line) {
            let accepted =
                accept_number(start.number, expected, current.is_none() && out.is_empty());
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
/// the rest of the paragraph that starts the summary.
fn find_summary(paragraphs: &[Paragraph]) -> Option<String> {
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
    let lower: String = text
        .chars()
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase();
    for marker in [
        "begin summary",
        "summary and comment",
        "summary and action request",
        "summary",
    ] {
        if lower.starts_with(marker) {
            let after = &text[marker.len()..];
            let trimmed = after.trim_start_matches([':', '.', '-', ' ', '\u{2014}']);
            if trimmed.len() == after.len() {
                return None;
            }
            return Some(text.len() - trimmed.len());
        }
    }
    None
}

fn find_end_summary(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    ["end summary", "end of summary"]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .map(|p| text[..p].trim_end().len())
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
    fn cable_without_numbers_has_blocks() {
        let b = parse_body(&lines("(C) First block\nwraps.\n\nSecond block."));
        assert_eq!(b.paragraphs.len(), 2);
        assert_eq!(b.paragraphs[0].number, None);
        assert_eq!(b.paragraphs[0].classification.as_deref(), Some("C"));
        assert_eq!(b.paragraphs[0].text, "First block wraps.");
    }
}
