//! References inside the text of a paragraph: `(ref A)`, `Ref B
//! information`, `refs A and B`, `reftel`, `see STATE 12345`, `(09 MOSCOW
//! 977)`. Each is a [`Mention`]: where it is (Unicode characters of the
//! paragraph's text, end exclusive), the REF label it names, and the cable
//! ID it leads to when that is known.
//!
//! A label resolves through the REF entry it names; `reftel` to the single
//! REF entry (with several, no ID: which one is meant is not said). A cable
//! written out is read by the ID rules of the REF block (`ids`), taking the
//! citing cable's year when it has none; to tell it from a place name and a
//! number, it is only taken after `see`, `ref`, `per`…, inside parentheses,
//! or with a year of its own, and its station must be one of the table's.
//!
//! Pure and total: a scan over the words of the text, no regex.

use super::ids;
use crate::cable::model::{Mention, Paragraph, Reference};

/// Words after which a cable written out is a reference.
const CUES: [&str; 8] = [
    "see", "ref", "refs", "reftel", "reftels", "per", "cf", "under",
];

/// The most words a station name spans (`RIO DE JANEIRO`).
const MAX_STATION_WORDS: usize = 3;

/// The paragraphs with their mentions found.
pub fn attached(
    mut paragraphs: Vec<Paragraph>,
    references: &[Reference],
    citing_year: Option<u16>,
) -> Vec<Paragraph> {
    for p in &mut paragraphs {
        p.mentions = find(&p.text, references, citing_year);
    }
    paragraphs
}

/// The words a written cable spans before its serial, with the cue word
/// before it: a cue, a year and a station of up to three words.
const LOOK_BACK_WORDS: usize = MAX_STATION_WORDS + 2;

/// The words after a `ref` word its labels (`A, B, C and D`) or the
/// cable after `reftel` may span.
const LOOK_AHEAD_WORDS: usize = 40;

/// The mentions of references in `text`, in order, none overlapping.
pub fn find(text: &str, references: &[Reference], citing_year: Option<u16>) -> Vec<Mention> {
    // Every mention holds an anchor: a `ref…` word or a serial after a
    // word in capitals. Only the words around anchors are taken apart;
    // most of a paragraph (most paragraphs) never is.
    let mut out = Vec::new();
    let mut chars = CharCursor::default();
    for (from, to) in regions(text) {
        let first_char = chars.advance_to(text, from);
        let words = words_in(text, from, to, first_char);
        scan(text, &words, references, citing_year, &mut out);
    }
    out
}

/// The mentions among `words` (a stretch of the paragraph), appended to
/// `out`.
fn scan(
    text: &str,
    words: &[Word],
    references: &[Reference],
    citing_year: Option<u16>,
    out: &mut Vec<Mention>,
) {
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if is_ref_word(w.text) {
            let labels = labels_after(text, words, i);
            if let Some(&last) = labels.last() {
                for (k, &j) in labels.iter().enumerate() {
                    let label = words[j].text.to_uppercase();
                    out.push(Mention {
                        // The first label takes the word before it along.
                        start: if k == 0 { w.start } else { words[j].start },
                        end: words[j].end,
                        id: by_label(references, &label),
                        label: Some(label),
                    });
                }
                i = last + 1;
                continue;
            }
            let reftel =
                w.text.eq_ignore_ascii_case("reftel") || w.text.eq_ignore_ascii_case("reftels");
            if reftel && written_cable(text, words, i + 1).is_none() {
                out.push(Mention {
                    start: w.start,
                    end: w.end,
                    label: None,
                    id: single(references),
                });
                i += 1;
                continue;
            }
        }
        if let Some((end_word, year, station, serial)) = written_cable(text, words, i) {
            let has_year = year.is_some();
            let cued = i > 0
                && gap(text, words, i - 1, i).chars().all(char::is_whitespace)
                && CUES
                    .iter()
                    .any(|cue| words[i - 1].text.eq_ignore_ascii_case(cue));
            let in_parens = before(text, words[i].from) == Some('(');
            if has_year || cued || in_parens {
                let year = year.or(citing_year);
                out.push(Mention {
                    start: words[i].start,
                    end: words[end_word].end,
                    label: None,
                    id: year.and_then(|y| ids::cable_id(y, &station, &serial)),
                });
                i = end_word + 1;
                continue;
            }
        }
        i += 1;
    }
}

fn is_ref_word(word: &str) -> bool {
    ["ref", "refs", "reftel", "reftels"]
        .iter()
        .any(|r| word.eq_ignore_ascii_case(r))
}

/// The stretches of `text` (byte ranges, from a word's start to a word's
/// end, in order, apart) that hold its anchors with the words a mention
/// through them may span.
fn regions(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut anchored: Vec<(usize, usize)> = Vec::new();
    for at in anchor_candidates(bytes) {
        let b = bytes[at];
        if b.is_ascii_digit() {
            // A serial: a word of digits after spaces after a capital.
            if at == 0 || bytes[at - 1] != b' ' {
                continue;
            }
            let after_capital = text[..at]
                .trim_end_matches(' ')
                .as_bytes()
                .last()
                .is_some_and(u8::is_ascii_uppercase);
            if !after_capital {
                continue;
            }
            let end = word_end(text, at);
            if bytes[at..end].iter().all(u8::is_ascii_digit) {
                anchored.push((words_back(text, at, LOOK_BACK_WORDS), end));
            }
        } else if b | 0x20 == b'r'
            && bytes.get(at + 1).is_some_and(|&e| e | 0x20 == b'e')
            && bytes.get(at + 2).is_some_and(|&f| f | 0x20 == b'f')
        {
            // A `ref`, `refs`, `reftel` or `reftels` word.
            let starts_word = !text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if starts_word && is_ref_word(&text[at..word_end(text, at)]) {
                anchored.push((at, words_ahead(text, at, LOOK_AHEAD_WORDS + 1)));
            }
        }
    }
    anchored.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(anchored.len());
    for (from, to) in anchored {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// The bytes worth a closer look, in order: a digit after a space, and
/// an `r` of `ref` in any case. Asked of every paragraph: blocks of the
/// text are tested at once without branches (vector instructions) and
/// only a block with a hit is walked byte by byte.
fn anchor_candidates(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const BLOCK: usize = 64;
    let is_candidate = move |at: usize| {
        let b = bytes[at];
        let after_space = at > 0 && bytes[at - 1] == b' ';
        (after_space && b.is_ascii_digit())
            || (b | 0x20 == b'r'
                && bytes.get(at + 1).is_some_and(|&e| e | 0x20 == b'e')
                && bytes.get(at + 2).is_some_and(|&f| f | 0x20 == b'f'))
    };
    let n = bytes.len();
    (0..n).step_by(BLOCK).flat_map(move |from| {
        let to = (from + BLOCK).min(n);
        // Inside the block each byte has one before it and two after:
        // four equal slices, folded without an early exit.
        let lo = from.max(1);
        let hi = to.min(n.saturating_sub(2)).max(lo);
        let inside = lo < hi
            && bytes[lo - 1..hi - 1]
                .iter()
                .zip(&bytes[lo..hi])
                .zip(&bytes[lo + 1..hi + 1])
                .zip(&bytes[lo + 2..hi + 2])
                .fold(false, |seen, (((&p, &b), &e), &f)| {
                    seen | ((p == b' ') & b.is_ascii_digit())
                        | ((b | 0x20 == b'r') & (e | 0x20 == b'e') & (f | 0x20 == b'f'))
                });
        // The first byte of the text and the last two: tested one by one.
        let hit = inside || (from..lo).chain(hi..to).any(is_candidate);
        (from..to).filter(move |&at| hit && is_candidate(at))
    })
}

/// The byte offset where the word starting at `at` ends.
fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(k, _)| at + k)
}

/// The start of the `n`th word before byte offset `at` (a word start),
/// or of the first word when there are fewer.
fn words_back(text: &str, at: usize, n: usize) -> usize {
    let mut start = at;
    let mut chars = text[..at].char_indices().rev().peekable();
    for _ in 0..n {
        while chars.next_if(|(_, c)| !c.is_alphanumeric()).is_some() {}
        let mut found = false;
        while let Some((k, _)) = chars.next_if(|(_, c)| c.is_alphanumeric()) {
            start = k;
            found = true;
        }
        if !found {
            break;
        }
    }
    start
}

/// The end of the `n`th word from byte offset `at` (a word start, which
/// counts as the first), or of the last word when there are fewer.
fn words_ahead(text: &str, at: usize, n: usize) -> usize {
    let mut end = at;
    let mut chars = text[at..].char_indices().peekable();
    for _ in 0..n {
        while chars.next_if(|(_, c)| !c.is_alphanumeric()).is_some() {}
        let mut found = false;
        while let Some((k, c)) = chars.next_if(|(_, c)| c.is_alphanumeric()) {
            end = at + k + c.len_utf8();
            found = true;
        }
        if !found {
            break;
        }
    }
    end
}

/// Character offsets of byte offsets visited in increasing order, each
/// stretch counted once.
#[derive(Default)]
struct CharCursor {
    byte: usize,
    char: usize,
}

impl CharCursor {
    fn advance_to(&mut self, text: &str, byte: usize) -> usize {
        self.char += text[self.byte..byte].chars().count();
        self.byte = byte;
        self.char
    }
}

/// A word: a run of letters and digits, by character offsets, with its
/// text borrowed from the paragraph.
struct Word<'a> {
    start: usize,
    end: usize,
    /// Byte offsets of the word in the paragraph.
    from: usize,
    to: usize,
    text: &'a str,
}

/// The words of `text[from..to]`, `first_char` the character offset of
/// `from`.
fn words_in(text: &str, from: usize, to: usize, first_char: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    // (character offset, byte offset) where the current word began.
    let mut open: Option<(usize, usize)> = None;
    let mut n = first_char;
    for (k, c) in text[from..to].char_indices() {
        let at = from + k;
        match (c.is_alphanumeric(), open) {
            (true, None) => open = Some((n, at)),
            (false, Some((start, begun))) => {
                out.push(Word {
                    start,
                    end: n,
                    from: begun,
                    to: at,
                    text: &text[begun..at],
                });
                open = None;
            }
            _ => {}
        }
        n += 1;
    }
    if let Some((start, begun)) = open {
        out.push(Word {
            start,
            end: n,
            from: begun,
            to,
            text: &text[begun..to],
        });
    }
    out
}

/// The text between words `a` and `b` (no copy: this runs at every word
/// of every paragraph).
fn gap<'a>(text: &'a str, words: &[Word], a: usize, b: usize) -> &'a str {
    &text[words[a].to..words[b].from]
}

/// The character before byte offset `at`, spaces skipped.
fn before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().rev().find(|c| !c.is_whitespace())
}

/// The labels after the REF word `at`: `A`, `A and B`, `A, B and C`,
/// `A-C` — single letters, separated by commas, hyphens, `&`, `and`, `or`.
fn labels_after(text: &str, words: &[Word], at: usize) -> Vec<usize> {
    let is_label = |j: usize| {
        let mut c = words[j].text.chars();
        matches!((c.next(), c.next()), (Some(l), None) if l.is_ascii_alphabetic())
    };
    let mut out = Vec::new();
    let mut j = at + 1;
    let mut prev = at;
    while j < words.len() {
        let between = gap(text, words, prev, j);
        let joined = between
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, ',' | '-' | '&' | '('));
        if !joined {
            break;
        }
        if is_label(j) {
            out.push(j);
            prev = j;
            j += 1;
            continue;
        }
        let conj =
            words[j].text.eq_ignore_ascii_case("and") || words[j].text.eq_ignore_ascii_case("or");
        if conj && !out.is_empty() && j + 1 < words.len() && is_label(j + 1) {
            prev = j;
            j += 1;
            continue;
        }
        break;
    }
    out
}

/// A cable written out from word `at`: `[YY|YYYY] STATION SERIAL`, the
/// station one of the table's in capitals as telegrams write it, the
/// words one space apart. The last word, the year, the station and the
/// serial.
fn written_cable(
    text: &str,
    words: &[Word],
    at: usize,
) -> Option<(usize, Option<u16>, String, String)> {
    let spaced = |a: usize, b: usize| {
        b < words.len() && {
            let g = gap(text, words, a, b);
            !g.is_empty() && g.bytes().all(|b| b == b' ')
        }
    };
    let first = words.get(at)?;
    let is_year = first.text.chars().all(|c| c.is_ascii_digit())
        && matches!(first.text.len(), 2 | 4)
        && spaced(at, at + 1);
    let (year, station_at) = match is_year.then(|| ids::full_year(first.text)).flatten() {
        Some(y) => (Some(y), at + 1),
        None => (None, at),
    };
    for n in (1..=MAX_STATION_WORDS).rev() {
        let serial_at = station_at + n;
        if serial_at >= words.len() {
            continue;
        }
        // The cheapest test first: most words are no serial.
        let serial = &words[serial_at].text;
        if !serial.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let capitals = (station_at..serial_at).all(|k| {
            let t = &words[k].text;
            t.len() > 1 && t.bytes().all(|b| b.is_ascii_uppercase())
        });
        if !capitals || !(station_at..serial_at).all(|k| spaced(k, k + 1)) {
            continue;
        }
        let name = words[station_at..serial_at]
            .iter()
            .map(|w| w.text)
            .collect::<Vec<_>>()
            .join(" ");
        if ids::is_listed_station(&name) {
            return Some((serial_at, year, name, serial.to_string()));
        }
    }
    None
}

/// The ID of the REF entry labelled `label`.
fn by_label(references: &[Reference], label: &str) -> Option<String> {
    references
        .iter()
        .find(|r| {
            r.label
                .as_deref()
                .is_some_and(|l| l.eq_ignore_ascii_case(label))
        })
        .and_then(|r| r.id.clone())
}

/// The ID of the only REF entry; `None` with none or several.
fn single(references: &[Reference]) -> Option<String> {
    match references {
        [only] => only.id.clone(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str, id: &str) -> Reference {
        Reference {
            label: Some(label.into()),
            text: id.into(),
            id: Some(id.into()),
        }
    }

    fn two() -> Vec<Reference> {
        vec![entry("A", "07MOSCOW977"), entry("B", "07STATE26466")]
    }

    /// Each mention as (its text, label, id).
    fn found(text: &str, refs: &[Reference]) -> Vec<(String, Option<String>, Option<String>)> {
        let chars: Vec<char> = text.chars().collect();
        find(text, refs, Some(2007))
            .into_iter()
            .map(|m| (chars[m.start..m.end].iter().collect(), m.label, m.id))
            .collect()
    }

    fn one(
        s: &str,
        label: Option<&str>,
        id: Option<&str>,
    ) -> (String, Option<String>, Option<String>) {
        (s.into(), label.map(Into::into), id.map(Into::into))
    }

    #[test]
    fn a_label_in_parentheses_resolves_through_its_ref_entry() {
        assert_eq!(
            found("coordinate with Neverov (Ref A). Then", &two()),
            [one("Ref A", Some("A"), Some("07MOSCOW977"))]
        );
        // Lower-case labels are labels too.
        assert_eq!(
            found("operation in Darfur (ref b) and", &two()),
            [one("ref b", Some("B"), Some("07STATE26466"))]
        );
    }

    #[test]
    fn a_label_before_a_word_is_a_mention() {
        assert_eq!(
            found("he would raise Ref B information", &two()),
            [one("Ref B", Some("B"), Some("07STATE26466"))]
        );
    }

    #[test]
    fn several_labels_are_one_mention_each() {
        assert_eq!(
            found("the budget (refs A and B) doubled", &two()),
            [
                one("refs A", Some("A"), Some("07MOSCOW977")),
                one("B", Some("B"), Some("07STATE26466"))
            ]
        );
    }

    #[test]
    fn a_label_no_entry_has_is_a_mention_without_id() {
        assert_eq!(
            found("as in ref C", &two()),
            [one("ref C", Some("C"), None)]
        );
    }

    #[test]
    fn reftel_is_the_single_ref_and_ambiguous_with_several() {
        let single = [entry("A", "09MOSCOW501")];
        assert_eq!(
            found("As reported reftel, the GOR", &single),
            [one("reftel", None, Some("09MOSCOW501"))]
        );
        assert_eq!(
            found("As reported reftel, the GOR", &two()),
            [one("reftel", None, None)]
        );
        assert_eq!(
            found("AS REPORTED REFTEL.", &[]),
            [one("REFTEL", None, None)]
        );
    }

    #[test]
    fn a_cable_written_out_after_see_takes_the_citing_year() {
        assert_eq!(
            found("instructions (see STATE 12345) were", &[]),
            [one("STATE 12345", None, Some("07STATE12345"))]
        );
    }

    #[test]
    fn a_cable_in_parentheses_with_its_year_is_read_by_the_id_rules() {
        assert_eq!(
            found("as before (09 MOSCOW 977).", &[]),
            [one("09 MOSCOW 977", None, Some("09MOSCOW977"))]
        );
        assert_eq!(
            found("per RIO DE JANEIRO 138 and", &[]),
            [one("RIO DE JANEIRO 138", None, Some("07RIODEJANEIRO138"))]
        );
    }

    #[test]
    fn a_place_and_a_number_without_cue_are_no_mention() {
        assert!(found("the MOSCOW 2008 elections", &two()).is_empty());
        assert!(found("see Moscow 12 times", &two()).is_empty());
        assert!(found("see TURNIPVILLE 12", &two()).is_empty());
        assert!(found("the referee A said", &two()).is_empty());
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let text = "Über den Plan (Ref A)";
        let m = find(text, &two(), None);
        assert_eq!((m[0].start, m[0].end), (15, 20));
    }

    #[test]
    fn mentions_far_apart_and_spaced_serials_are_each_found() {
        let filler = "and then the talks went on for a while ".repeat(20);
        let text = format!("see STATE  12345 {filler}(ref B) {filler}as in (09 MOSCOW 977)");
        let m: Vec<_> = found(&text, &two()).into_iter().map(|(s, ..)| s).collect();
        assert_eq!(m, ["STATE  12345", "ref B", "09 MOSCOW 977"]);
    }

    proptest::proptest! {
        /// Taking apart only the stretches around anchors finds what a
        /// scan of every word of the paragraph finds.
        #[test]
        fn the_anchored_scan_finds_what_a_scan_of_every_word_finds(
            parts in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "ref", "Refs", "REFTEL", "reftel", "reftels", "A", "b", "C", "and", "or",
                        "see", "per", "STATE", "MOSCOW", "RIO", "DE", "JANEIRO", "Moscow", "09",
                        "2007", "12345", "977", "referee", "Über", "é1", "X",
                    ]),
                    proptest::sample::select(vec![" ", "  ", ", ", " (", ") ", "-", ". ", "\n", "&"]),
                ),
                0..60,
            )
        ) {
            let text: String = parts.iter().flat_map(|(w, sep)| [*w, *sep]).collect();
            let mut every_word = Vec::new();
            scan(&text, &words_in(&text, 0, text.len(), 0), &two(), Some(2007), &mut every_word);
            proptest::prop_assert_eq!(find(&text, &two(), Some(2007)), every_word);
        }
    }

    #[test]
    fn without_a_year_a_written_cable_has_no_id() {
        let m = find("see STATE 12345", &[], None);
        assert_eq!((m.len(), m[0].id.clone()), (1, None));
    }
}
