//! Transport noise → plain cable text: the release web page, HTML tags and
//! entities, Markdown link debris, named-entity annotations and tokenised
//! punctuation. What comes out is the text as a telegram would print it.

use std::sync::LazyLock;

use regex::Regex;

use crate::cable::model::{Classification, Entity, Metadata, Timestamp};

/// The input with its transport layer removed.
#[derive(Debug, Default)]
pub struct Decoded {
    pub text: String,
    /// Named-entity annotations (`[PER Anatoliy Antonov  ]`), distinct, in
    /// order of first appearance.
    pub entities: Vec<Entity>,
    /// The metadata table of a release web page, or of an export record.
    pub page: Option<Metadata>,
    /// The reference IDs an export record lists (`10TASHKENT29|10TASHKENT34`).
    pub release_refs: Vec<String>,
}

/// Removes every transport layer we know of. Total: any string is accepted.
pub fn decode(input: &str) -> Decoded {
    let mut page = None;
    let mut text: String = if let Some(table_at) = find_cable_table(input) {
        page = Some(page_metadata(&input[table_at..]));
        pre_blocks(&input[table_at..]).unwrap_or_else(|| input.to_string())
    } else if let Some(pre) = memchr::memchr(b'<', input.as_bytes()).and_then(|_| pre_blocks(input))
    {
        pre
    } else {
        input.to_string()
    };
    // memchr's searches, not str::contains: these tests run over every
    // cable's whole text, and the standard library's byte search is scalar.
    if memchr::memchr2(b'<', b'&', text.as_bytes()).is_some() {
        text = strip_html(&text);
    }
    let mut release_refs = Vec::new();
    if memchr::memchr(b'\t', text.as_bytes()).is_some() {
        let wanted = page.as_ref().and_then(|p: &Metadata| p.id.clone());
        if let Some(record) = export_record(&text, wanted.as_deref()) {
            let p = page.get_or_insert_with(Metadata::default);
            // The record's time is the DTG's; the page's minutes are not.
            p.created = record.meta.created.or(p.created);
            p.id = p.id.take().or(record.meta.id);
            p.origin = p.origin.take().or(record.meta.origin);
            p.classification = p.classification.or(record.meta.classification);
            release_refs = record.refs;
            text = record.text;
        }
    }
    if memchr::memchr(b'\\', text.as_bytes()).is_some() && text.contains("\\\n") {
        text = strip_line_end_backslashes(&text);
    }
    if lost_its_newlines(&text) {
        text = restore_newlines(&text);
    }
    if memchr::memmem::find(text.as_bytes(), b"](").is_some()
        || memchr::memmem::find(text.as_bytes(), b"**").is_some()
    {
        text = strip_markdown(&text);
    }
    let mut entities = Vec::new();
    if memchr::memchr(b'[', text.as_bytes()).is_some() {
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
        release_refs,
    }
}

/// One record of the release's tab-separated export: created, ID, origin,
/// classification, references (`|`-joined), header and body, each line of
/// the text ending in `\`.
struct ExportRecord {
    meta: Metadata,
    refs: Vec<String>,
    text: String,
}

/// The export record for `wanted` (the page's ID), else the first one in
/// the text. Release pages of one copy hold such records (sometimes of two
/// cables) in place of the cable text.
fn export_record(text: &str, wanted: Option<&str>) -> Option<ExportRecord> {
    static RECORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2})(?::\d{2})?\t(\d{2}[A-Z][A-Z0-9]*\d)\t([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)\t",
        )
        .expect("static regex")
    });
    let starts: Vec<regex::Captures> = RECORD.captures_iter(text).collect();
    let pick = starts
        .iter()
        .position(|c| wanted.is_some_and(|w| super::ids::normalize_id(&c[2]).as_deref() == Some(w)))
        .unwrap_or(0);
    let caps = starts.get(pick)?;
    let end_of_fields = caps.get(0)?.end();
    let limit = starts
        .get(pick + 1)
        .and_then(|c| c.get(0))
        .map_or(text.len(), |m| m.start());
    let rest = &text[end_of_fields..limit];
    // The next record starts on a new line with its sequence number
    // (`\n121752\t`); a line without its backslash (the TAGS line, where
    // the page put links) does not end the record.
    let end = rest
        .match_indices('\n')
        .map(|(i, _)| i)
        .find(|&i| {
            let after = &rest[i + 1..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            digits > 0 && after[digits..].starts_with('\t')
        })
        .unwrap_or(rest.len());
    let rest = &rest[..end];
    let (header, body) = rest.split_once('\t').unwrap_or((rest, ""));
    let body = body.split('\t').next().unwrap_or("");
    let header = header.trim_end_matches(['\\', '\n', ' ']);
    let text = strip_line_end_backslashes(&format!("{header}\n\n{body}"))
        .trim_end()
        .to_string();
    let refs = caps[5]
        .split('|')
        .filter_map(super::ids::normalize_id)
        .collect();
    Some(ExportRecord {
        meta: Metadata {
            id: super::ids::normalize_id(&caps[2]),
            created: parse_page_time(&caps[1]),
            origin: Some(caps[3].trim().to_string()).filter(|o| !o.is_empty()),
            classification: Classification::from_release(&caps[4]),
        },
        refs,
        text,
    })
}

/// A JSON dump of one copy lost every newline of the cable: a long text
/// on one line with a routing block in it.
fn lost_its_newlines(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(3000)];
    text.len() > 200
        && !head.contains(&b'\n')
        && memchr::memmem::find(head, b"FM ").is_some()
        && memchr::memmem::find(head, b"Z ").is_some()
}

/// Puts the line breaks back before what starts a line of a telegram: the
/// sender after the DTG (`SEP 09FM AMEMBASSY PARIS`), TO and INFO, each
/// routed recipient, the classification line, the captions and the
/// numbered paragraphs.
fn restore_newlines(text: &str) -> String {
    static BREAK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"\d{6}Z\s?[A-Z]{3}\s?\d{2}(FM\s)",
            r"|[A-Z0-9 ](TO\s+R[A-Z]{2,6}/)",
            r"|[A-Z0-9 ](INFO\s+R[A-Z]{2,6}/)",
            r"|(?:\d{3,4}|IMMEDIATE|PRIORITY|ROUTINE|COLLECTIVE)\s?(R[A-Z]{3,6}/)",
            r"|(?:[^A-Z]|BT)(C O N F I D E N T I A L|S E C R E T|UNCLAS SECTION|UNCLAS [A-Z]+ \d{6})",
            r"|[^\n](E\.O\. 1\d{4}|TAGS:|SUBJECT:|REF:|Classified By:|SIPDIS)",
            r"|\s(\d{1,2}\.\s{1,2}\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|U//FOUO|SBU/NF)\))",
        ))
        .expect("static regex")
    });
    let mut out = String::with_capacity(text.len() + 256);
    let mut from = 0;
    for caps in BREAK.captures_iter(text) {
        let Some(at) = caps.iter().skip(1).flatten().next().map(|m| m.start()) else {
            continue;
        };
        if at <= from {
            continue;
        }
        out.push_str(text[from..at].trim_end());
        out.push('\n');
        from = at;
    }
    out.push_str(&text[from..]);
    out
}

/// `TEXT \` line ends of export records → `TEXT`.
fn strip_line_end_backslashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        out.push_str(line.trim_end_matches([' ', '\\']).trim_end());
        out.push('\n');
    }
    out.pop();
    out
}

fn find_cable_table(input: &str) -> Option<usize> {
    memchr::memchr(b'<', input.as_bytes())?;
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

/// The first case-insensitive occurrence of an ASCII needle. Candidates
/// are found with memchr on the needle's first byte in both cases: this
/// runs over every input looking for `<pre`.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    let (&first, _) = n.split_first()?;
    if h.len() < n.len() {
        return None;
    }
    let last_start = h.len() - n.len();
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), h)
        .take_while(|&i| i <= last_start)
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
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

/// Drops tags (block-level ones become line breaks) and decodes entities:
/// every named entity of HTML and numeric references, by `html-escape`
/// (which leaves an unknown or malformed reference, and one naming a
/// control character, as written). Entities are decoded after the tags are
/// gone, so `&lt;b&gt;` stays text.
pub fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
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
    }
    out.push_str(rest);
    if out.contains('&') {
        if let std::borrow::Cow::Owned(decoded) = html_escape::decode_html_entities(&out) {
            return decoded;
        }
    }
    out
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
/// Whether `bytes` hold a control byte other than a newline. Asked of
/// every cable's whole text: the test runs over blocks without an early
/// exit inside one, which the compiler turns into vector instructions.
fn has_control_byte(bytes: &[u8]) -> bool {
    bytes.chunks(64).any(|block| {
        block.iter().fold(false, |seen, &b| {
            seen | ((b < 0x20) & (b != b'\n')) | (b == 0x7f)
        })
    })
}

fn normalize_whitespace(text: String) -> String {
    let needs = has_control_byte(text.as_bytes())
        || memchr::memmem::find(text.as_bytes(), "\u{a0}".as_bytes()).is_some()
        || memchr::memmem::find(text.as_bytes(), b" \n").is_some()
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
    fn a_control_byte_is_found_wherever_it_is_in_its_block() {
        for at in [0, 1, 63, 64, 65, 200] {
            for byte in [0x00, 0x09, 0x0d, 0x1f, 0x7f] {
                let mut text = vec![b'a'; 201];
                text[at] = byte;
                assert!(has_control_byte(&text), "{byte:#x} at {at}");
            }
        }
        assert!(!has_control_byte(b"line one\nline two\n"));
        assert!(!has_control_byte(b""));
    }

    #[test]
    fn html_entities_and_tags_are_removed() {
        let d = decode(
            "<code><pre>A&#x000A;B <a href='/tag/PREL_0.html'>PREL</a> &amp; C</pre></code>",
        );
        assert_eq!(d.text, "A\nB PREL & C");
    }

    #[test]
    fn every_named_entity_and_numeric_references_are_decoded() {
        assert_eq!(
            strip_html("&para;1. &sect;2 &rsquo;s &eacute;t&eacute; &#182; &#xB6;"),
            "¶1. §2 ’s été ¶ ¶"
        );
        // Unknown, unterminated and control-character references stay.
        assert_eq!(
            strip_html("&bogus; &amp x &#0; &#x1;"),
            "&bogus; &amp x &#0; &#x1;"
        );
        assert_eq!(strip_html("&lt;b&gt; B&D"), "<b> B&D");
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
    fn a_dump_that_lost_its_newlines_gets_them_back() {
        let dump = "VZCZCXYZ0000 ZZHP 160734Z SEP 09FM AMEMBASSY PARISTO RUEHC/SECSTATE WASHDC IMMEDIATE 7064INFO RUEHBS/USEU BRUSSELS PRIORITY 1234RUEHRL/AMEMBASSY BERLIN PRIORITY 0567BTC O N F I D E N T I A L PARIS 001234 SIPDIS E.O. 12958: DECL: 09/15/2019 TAGS: PREL FR SUBJECT: A TEST OF THE DUMP Classified By: Ambassador Jane Roe, reasons 1.4 (b). 1. (C) Paragraph one says this. 2. (C) Paragraph two says that.";
        let text = decode(dump).text;
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.contains(&"FM AMEMBASSY PARIS"), "{lines:?}");
        assert!(
            lines.contains(&"TO RUEHC/SECSTATE WASHDC IMMEDIATE 7064"),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"C O N F I D E N T I A L PARIS 001234"),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"1. (C) Paragraph one says this."),
            "{lines:?}"
        );
    }

    #[test]
    fn an_export_record_gives_metadata_references_and_text() {
        let d = decode("2010-01-28 13:35:00\t10TASHKENT47\tEmbassy Tashkent\tCONFIDENTIAL\t10TASHKENT29|10TASHKENT34\tVZCZC\\\nFM AMEMBASSY TASHKENT\\\n\tSUBJECT: X \\\n\\\n1. (C) Text.\\\n");
        let m = d.page.unwrap();
        assert_eq!(m.id.as_deref(), Some("10TASHKENT47"));
        assert_eq!(m.created, Timestamp::new(2010, 1, 28, 13, 35));
        assert_eq!(m.origin.as_deref(), Some("Embassy Tashkent"));
        assert_eq!(m.classification, Some(Classification::Confidential));
        assert_eq!(d.release_refs, ["10TASHKENT29", "10TASHKENT34"]);
        assert_eq!(
            d.text,
            "VZCZC\nFM AMEMBASSY TASHKENT\n\nSUBJECT: X\n\n1. (C) Text."
        );
    }

    #[test]
    fn control_characters_and_crlf_are_normalised() {
        assert_eq!(decode("A\r\nB\x1b[31m \u{a0}").text, "A\nB[31m");
    }
}
