//! Transport noise → plain cable text: the release web page, HTML tags and
//! entities, Markdown link debris, named-entity annotations and tokenised
//! punctuation. What comes out is the text as a telegram would print it.

use crate::cable::model::{Classification, Entity, Metadata, Timestamp};

/// The input with its transport layer removed.
#[derive(Debug, Default)]
pub struct Decoded {
    pub text: String,
    /// Named-entity annotations (`[PER Anatoliy Antonov  ]`), distinct, in
    /// order of first appearance.
    pub entities: Vec<Entity>,
    /// The metadata table of a release web page.
    pub page: Option<Metadata>,
}

/// Removes every transport layer we know of. Total: any string is accepted.
pub fn decode(input: &str) -> Decoded {
    let mut page = None;
    let mut text: String = if let Some(table_at) = find_cable_table(input) {
        page = Some(page_metadata(&input[table_at..]));
        pre_blocks(&input[table_at..]).unwrap_or_else(|| input.to_string())
    } else if let Some(pre) = pre_blocks(input) {
        pre
    } else {
        input.to_string()
    };
    if text.contains('<') || text.contains('&') {
        text = strip_html(&text);
    }
    if text.contains("](") || text.contains("**") {
        text = strip_markdown(&text);
    }
    let mut entities = Vec::new();
    if text.contains('[') {
        text = take_entities(&text, &mut entities);
    }
    if !entities.is_empty() {
        // Annotated copies come from an NLP pipeline that also split
        // punctuation off the words (`( S )`, `1 .`): join it back.
        text = detokenize(&text);
    }
    Decoded {
        text: normalize_whitespace(text),
        entities,
        page,
    }
}

fn find_cable_table(input: &str) -> Option<usize> {
    input
        .find("<table class='cable'>")
        .or_else(|| input.find("<table class=\"cable\">"))
}

/// The contents of every `<pre>` block, joined by a blank line.
fn pre_blocks(input: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = input;
    let mut found = false;
    while let Some(start) = find_ascii_ci(rest, "<pre") {
        let after_tag = match rest[start..].find('>') {
            Some(gt) => start + gt + 1,
            None => break,
        };
        let end = find_ascii_ci(&rest[after_tag..], "</pre>")
            .map(|e| after_tag + e)
            .unwrap_or(rest.len());
        if found {
            out.push_str("\n\n");
        }
        out.push_str(&rest[after_tag..end]);
        found = true;
        rest = &rest[(end + 6).min(rest.len())..];
    }
    found.then_some(out)
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    let (&first, _) = n.split_first()?;
    // Jump between occurrences of the first byte (either case) instead of
    // comparing at every position: this runs over every input's whole text.
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut from = 0;
    while let Some(p) = memchr::memchr2(lower, upper, h.get(from..)?) {
        let i = from + p;
        if h.get(i..i + n.len())?.eq_ignore_ascii_case(n) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Reads the `<table class='cable'>` of a release page: ID, created,
/// released, classification, origin, in that order of cells.
fn page_metadata(table: &str) -> Metadata {
    let end = find_ascii_ci(table, "</table>").unwrap_or(table.len());
    let table = &table[..end];
    let mut cells = Vec::new();
    let mut rest = table;
    while let Some(start) = find_ascii_ci(rest, "<td") {
        let Some(gt) = rest[start..].find('>') else {
            break;
        };
        let body_start = start + gt + 1;
        let body_end = find_ascii_ci(&rest[body_start..], "</td>")
            .map(|e| body_start + e)
            .unwrap_or(rest.len());
        let cell = strip_html(&rest[body_start..body_end]);
        cells.push(cell.split_whitespace().collect::<Vec<_>>().join(" "));
        rest = &rest[(body_end + 5).min(rest.len())..];
    }
    let cell = |i: usize| cells.get(i).filter(|c| !c.is_empty()).cloned();
    Metadata {
        id: cell(0).and_then(|id| super::ids::normalize_id(&id)),
        created: cell(1).and_then(|c| parse_page_time(&c)),
        classification: cell(3).and_then(|c| Classification::from_release(&c)),
        origin: cell(4),
    }
}

/// `2009-04-05 12:12` (the release pages' form) → a timestamp.
fn parse_page_time(s: &str) -> Option<Timestamp> {
    let (date, time) = s.trim().split_once(' ')?;
    let mut d = date.split('-');
    let mut t = time.split(':');
    Timestamp::new(
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        t.next()?.parse().ok()?,
        t.next()?.parse().ok()?,
    )
}

/// Drops tags (block-level ones become line breaks) and decodes entities.
pub fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let is_tag = rest[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
            match (is_tag, rest.find('>')) {
                (true, Some(gt)) => {
                    let name = rest[1..gt]
                        .trim_start_matches('/')
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if matches!(name.as_str(), "br" | "p" | "div" | "tr" | "li") {
                        out.push('\n');
                    }
                    rest = &rest[gt + 1..];
                }
                _ => {
                    out.push('<');
                    rest = &rest[1..];
                }
            }
        } else {
            match decode_entity(rest) {
                Some((c, len)) => {
                    out.push(c);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the HTML entity at the start of `s`: the character and the
/// length of the entity.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let semi = s.as_bytes()[..s.len().min(12)]
        .iter()
        .position(|&b| b == b';')?;
    let name = &s[1..semi];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        char::from_u32(code)?
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "para" => '¶',
            "sect" => '§',
            "rsquo" | "lsquo" => '\'',
            "rdquo" | "ldquo" => '"',
            "ndash" => '-',
            "mdash" => '-',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

/// Markdown debris of scraped copies: `[PREL](#)` → `PREL`; a bare number
/// link glued to the next word (`[1](#)B.`, `**1**B.`) is an artefact of a
/// paragraph sign and is dropped.
fn strip_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // One scan to the next marker, and the closers looked for only as far
    // as they may be: searching the whole rest for each marker was
    // quadratic (1 MiB of `[` took seconds).
    while let Some(i) = next_marker(rest) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let parsed = if let Some(inner) = rest.strip_prefix("**") {
            memchr::memmem::find(&inner.as_bytes()[..inner.len().min(82)], b"**")
                .filter(|&e| e > 0 && e <= 80 && !inner[..e].contains('\n'))
                .map(|e| (&inner[..e], 2 + e + 2))
        } else {
            markdown_link(rest)
        };
        match parsed {
            Some((label, len)) => {
                let after = &rest[len..];
                let glued = after.chars().next().is_some_and(|c| c.is_alphanumeric());
                let numeric = !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit());
                if !(numeric && glued) {
                    out.push_str(label);
                }
                rest = after;
            }
            None => {
                let skip = if rest.starts_with("**") { 2 } else { 1 };
                out.push_str(&rest[..skip]);
                rest = &rest[skip..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first `[` or `**` in `s`.
fn next_marker(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(j) = memchr::memchr2(b'[', b'*', &bytes[from..]) {
        let i = from + j;
        if bytes[i] == b'[' || bytes.get(i + 1) == Some(&b'*') {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// `[label](target)` at the start of `s`: the label and the whole length.
fn markdown_link(s: &str) -> Option<(&str, usize)> {
    let close = memchr::memchr(b']', &s.as_bytes()[..s.len().min(82)])?;
    let label = &s[1..close];
    if label.contains(['\n', '[']) || label.len() > 80 {
        return None;
    }
    let after = &s[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    // The target ends at the first `)`, with no white space before it.
    let end = after.find(|c: char| c == ')' || c.is_whitespace())?;
    if !after[end..].starts_with(')') {
        return None;
    }
    Some((label, close + 1 + end + 1))
}

const ENTITY_KINDS: [&str; 4] = ["PER", "LOC", "ORG", "MISC"];

/// `[PER Anatoliy Antonov  ]` → `Anatoliy Antonov`, recording the entity.
fn take_entities(s: &str, entities: &mut Vec<Entity>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match annotation(rest) {
            Some((kind, words, len)) => {
                let text = words.split_whitespace().collect::<Vec<_>>().join(" ");
                if !entities.iter().any(|e| e.kind == kind && e.text == text) {
                    entities.push(Entity {
                        kind: kind.to_string(),
                        text: text.clone(),
                    });
                }
                out.push_str(&text);
                rest = &rest[len..];
            }
            None => {
                out.push('[');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn annotation(s: &str) -> Option<(&'static str, &str, usize)> {
    let inner = &s[1..];
    let kind = ENTITY_KINDS
        .into_iter()
        .find(|k| inner.starts_with(k) && inner[k.len()..].starts_with(' '))?;
    let close = inner.find(']')?;
    let words = &inner[kind.len() + 1..close];
    if words.contains(['\n', '[']) || words.trim().is_empty() {
        return None;
    }
    Some((kind, words, 1 + close + 1))
}

/// Joins punctuation that a tokenizer split off the words.
fn detokenize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            let next = chars.get(i + 1).copied();
            let after = chars.get(i + 2).copied();
            let closing = matches!(next, Some(',' | '.' | ';' | ':' | ')' | '?' | '!'))
                && after.is_none_or(|a| a.is_whitespace());
            let possessive = next == Some('\'')
                && after.is_some_and(|a| a == 's')
                && chars.get(i + 3).is_none_or(|a| !a.is_alphanumeric());
            let prev = out.chars().last();
            if (closing || possessive) && prev.is_some_and(|p| !p.is_whitespace()) {
                i += 1;
                continue;
            }
        }
        out.push(c);
        if c == '(' && chars.get(i + 1) == Some(&' ') {
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// Line endings to `\n`, no-break spaces to spaces, control characters and
/// trailing spaces removed.
fn normalize_whitespace(text: String) -> String {
    let needs = text.bytes().any(|b| (b < 0x20 && b != b'\n') || b == 0x7f)
        || text.contains('\u{a0}')
        || text.contains(" \n")
        || text.ends_with(' ');
    if !needs {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let line = line.trim_end_matches([' ', '\r', '\t', '\u{a0}']);
        for c in line.chars() {
            match c {
                '\t' | '\u{a0}' => out.push(' '),
                '\r' => out.push('\n'),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_entities_and_tags_are_removed() {
        let d = decode(
            "<code><pre>A&#x000A;B <a href='/tag/PREL_0.html'>PREL</a> &amp; C</pre></code>",
        );
        assert_eq!(d.text, "A\nB PREL & C");
    }

    #[test]
    fn a_lone_less_than_sign_is_kept() {
        assert_eq!(strip_html("1 < 2 & 3"), "1 < 2 & 3");
    }

    #[test]
    fn release_page_table_becomes_metadata() {
        let page = "<table class='cable'><tr><th>Reference ID</th></tr><tr><td><a href='x'>09ABUDHABI347</a></td>\
            <td><a>2009-04-05 12:12</a></td><td>2010-11-28 18:06</td>\
            <td><a title='secret//noforn'>SECRET//NOFORN</a></td><td><a>Embassy Abu Dhabi</a></td></tr></table>\
            <code><pre>HEAD</pre></code><code><pre>BODY</pre></code>";
        let d = decode(page);
        let m = d.page.unwrap();
        assert_eq!(m.created, Timestamp::new(2009, 4, 5, 12, 12));
        assert_eq!(m.classification, Some(Classification::SecretNoforn));
        assert_eq!(m.origin.as_deref(), Some("Embassy Abu Dhabi"));
        assert_eq!(d.text, "HEAD\n\nBODY");
    }

    #[test]
    fn markdown_tag_links_keep_their_label() {
        assert_eq!(decode("TAGS: [PREL](#) [RS](#)").text, "TAGS: PREL RS");
    }

    #[test]
    fn glued_number_links_are_debris() {
        assert_eq!(
            decode("[1](#)1. (S) text\n[1](#)B. STATE 1").text,
            "1. (S) text\nB. STATE 1"
        );
        assert_eq!(decode("**1**B. MOSCOW 5190").text, "B. MOSCOW 5190");
    }

    #[test]
    fn ner_annotations_become_entities_and_plain_words() {
        let d = decode("met [PER Anatoliy Antonov  ] , [ORG MFA  ] Director ( S ) 1 . done");
        assert_eq!(d.text, "met Anatoliy Antonov, MFA Director (S) 1. done");
        assert_eq!(d.entities.len(), 2);
        assert_eq!(d.entities[0].kind, "PER");
        assert_eq!(d.entities[0].text, "Anatoliy Antonov");
    }

    #[test]
    fn control_characters_and_crlf_are_normalised() {
        assert_eq!(decode("A\r\nB\x1b[31m \u{a0}").text, "A\nB[31m");
    }
}
