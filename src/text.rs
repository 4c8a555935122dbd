//! What every layer shows the same way: text made safe for a terminal,
//! numbers with thousands separators, and the label of a paragraph
//! (`¶2`, or `block 3` for a cable without numbered paragraphs).
//!
//! The CLI, the reader and the library's exports all call these, so a
//! cable is cited and a count is written one way everywhere.

use std::borrow::Cow;

/// Text from a cable made safe for one line of a terminal: line breaks and
/// tabs become spaces, other control characters (escape sequences among
/// them) become U+FFFD, so a cable can never drive the terminal.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// `251287` → `251,287`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How a paragraph is cited: `¶2` when it has a number as written,
/// `block 3` (its position, counted from 1) when it has none.
pub fn paragraph_label(position: usize, number: Option<&str>) -> String {
    match number {
        Some(n) => format!("¶{n}"),
        None => format!("block {position}"),
    }
}

/// `07MOSCOW1026 ¶2`, or `07MOSCOW1026 block 3` for an unnumbered one
/// (`position` counted from 1).
pub fn paragraph_citation(id: &str, position: usize, number: Option<&str>) -> String {
    format!("{id} {}", paragraph_label(position, number))
}

/// The citation line of a paragraph, as the bookmarks' Markdown export and
/// the reader's `y` write it: `07MOSCOW1026 ¶2 · SECRET · 2007-03-12 ·
/// Embassy Moscow · SUBJECT`. Without the cable, what is known: the ID and
/// the paragraph.
pub fn citation_line(
    id: &str,
    position: usize,
    number: Option<&str>,
    cable: Option<&crate::cable::Cable>,
) -> String {
    cited(paragraph_citation(id, position, number), cable)
}

/// The citation line of a whole cable, as the exports write it:
/// `07MOSCOW1026 · SECRET · 2007-03-12 · Embassy Moscow · SUBJECT` — the
/// paragraph's [`citation_line`] without the paragraph.
pub fn cable_citation_line(id: &str, cable: Option<&crate::cable::Cable>) -> String {
    cited(id.to_string(), cable)
}

/// `what` followed by what the cable says of itself, joined by ` · `.
fn cited(what: String, cable: Option<&crate::cable::Cable>) -> String {
    let mut head = vec![what];
    if let Some(c) = cable {
        if let Some(class) = c.classification {
            head.push(class.as_str().to_string());
        }
        if let Some(t) = c.created {
            head.push(t.date_string());
        }
        head.extend(c.origin.clone());
        head.extend(c.subject.clone());
    }
    head.join(" · ")
}

/// A paragraph's text after its portion mark, as quoted: `(S) Sergey …`.
pub fn portion_marked(p: &crate::cable::Paragraph) -> String {
    match p.classification.as_deref() {
        Some(m) => format!("({m}) {}", p.text),
        None => p.text.clone(),
    }
}

/// Greedy word wrap; continuation lines start with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0usize;
    for word in text.split_whitespace() {
        let wlen = word.chars().count();
        if len > 0 && len + 1 + wlen > width {
            lines.push(std::mem::take(&mut line));
            line.push_str(indent);
            len = indent.chars().count();
        } else if len > 0 && !line.ends_with(' ') {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += wlen;
    }
    if !line.trim().is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_safe_neutralises_escape_sequences_and_breaks() {
        assert_eq!(terminal_safe("A\x1b[31mB\nC\tD"), "A\u{FFFD}[31mB C D");
        assert!(matches!(terminal_safe("plain ¶"), Cow::Borrowed(_)));
    }

    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(251287), "251,287");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn paragraph_labels_number_or_block_position() {
        assert_eq!(paragraph_label(2, Some("2")), "¶2");
        assert_eq!(paragraph_label(3, None), "block 3");
        assert_eq!(
            paragraph_citation("07MOSCOW1026", 1, None),
            "07MOSCOW1026 block 1"
        );
    }
}
