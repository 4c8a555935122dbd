//! The TAGS caption: its marker as typed (`TAGS:`, `TAGS;`, `TAGS,`, and
//! the typos `TAS:`, `TABS:`, `TGS:`, `AGS:`) and its items, which come
//! separated by spaces, commas or semicolons, glued (`ETRDEINVECINPGOVCS`),
//! doubled by pasting (`ITPHUM, ITPHUM`), as person tags (`OVIP (RICE,
//! CONDOLEEZZA)`, `OVIP CLINTON HILLARY`) and as free phrases (`HUMAN
//! RIGHTS`).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::cable::tags::tag_meaning;

const PERSON_TAGS_TSV: &str = include_str!("../../../assets/person_tags.tsv");

/// `SURNAME GIVEN` → the person tag as the release writes it, for the
/// persons whose tag carries more than the cable's two words (`BUSH
/// GEORGE` → `BUSH, GEORGE W.`).
static PERSON_TAGS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    PERSON_TAGS_TSV
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .collect()
});

/// English words that join the words of a phrase (`ECONOMY AND FINANCE`)
/// rather than standing as codes.
const FUNCTION_WORDS: &[&str] = &["AND", "OF", "THE", "FOR", "ON", "OR", "A", "AT", "WITH"];

/// Whether `word` is the TAGS marker or a one-letter typo of it.
fn is_tags_word(word: &str) -> bool {
    let w = word.to_ascii_uppercase();
    if w == "TAGS" || w == "TAG" {
        return true;
    }
    (3..=5).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase()) && one_edit(&w, "TAGS")
}

/// Levenshtein distance of at most one.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if prefix == long.len() {
        return true;
    }
    if short.len() == long.len() {
        short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// A TAGS caption at the start of a line: the text after the marker.
/// `TAGS PGOV` needs no punctuation; a typo of the marker needs `:`, `;`
/// or `,` after it (`TABS: EFIS`, `TAGS, ASEC`).
pub fn tags_caption(line: &str) -> Option<&str> {
    let end = line
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(line.len());
    let (word, rest) = line.split_at(end);
    if !is_tags_word(word) {
        return None;
    }
    let exact = word.eq_ignore_ascii_case("TAGS");
    let punct = rest.trim_start().starts_with([':', ';', ',']);
    let spaced = rest.starts_with(' ') && (exact || looks_like_tags(rest));
    (punct || spaced).then(|| rest.trim_start_matches([':', ';', ',', ' ']).trim())
}

/// A TAGS marker glued after another caption on one line (`DECL:
/// 08/22/2017 AGS: PGOV`): the text after it.
pub fn glued_tags(line: &str) -> Option<&str> {
    let mut at = 0;
    for word in line.split(' ') {
        let start = at;
        at += word.len() + 1;
        let bare = word.trim_end_matches([':', ';', ',']);
        if start > 0 && word.len() > bare.len() && is_tags_word(bare) {
            return Some(line[start + bare.len()..].trim_start_matches([':', ';', ',', ' ']));
        }
        if start > 0 && word.eq_ignore_ascii_case("TAGS") {
            return Some(line[at.min(line.len())..].trim());
        }
    }
    None
}

/// A continuation line of TAGS: upper-case codes only.
pub fn looks_like_tags(line: &str) -> bool {
    let words: Vec<&str> = line
        .split([' ', ',', ';'])
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.iter().all(|w| {
            w.len() <= 12
                && w.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'/')
        })
}

enum Token<'a> {
    Word(&'a str),
    Sep,
    Person(String),
}

/// Splits a TAGS caption into tags, upper case, each once.
pub fn split_tags(text: &str) -> Vec<String> {
    // Old telegrams print the page header of the next pages on the TAGS
    // line after a wide gap (`PE        SECRET   PAGE 02  LIMA 02475`).
    let text = text.find("    ").map_or(text, |gap| &text[..gap]);
    let tokens = tokenize(text);
    let has_upper = text.chars().any(|c| c.is_uppercase());
    let mut out = Tags::default();
    let mut phrase: Vec<&str> = Vec::new();
    // The run of words (an item between separators) that `i` is in, and
    // the last of its words with lower case: found once per run, so a
    // caption of many thousand words stays linear.
    let mut run_end = 0;
    let mut run_last_lower = None;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Sep => out.flush(&mut phrase),
            Token::Person(p) => {
                out.flush(&mut phrase);
                out.push_person(p);
            }
            Token::Word(w) => {
                if i >= run_end {
                    run_end = tokens[i..]
                        .iter()
                        .position(|t| !matches!(t, Token::Word(_)))
                        .map_or(tokens.len(), |p| i + p);
                    run_last_lower = tokens[i..run_end]
                        .iter()
                        .rposition(
                            |t| matches!(t, Token::Word(w) if w.chars().any(char::is_lowercase)),
                        )
                        .map(|p| i + p);
                }
                // In a line of upper-case codes, a mixed-case item of
                // several words is a phrase (`Organized Crime`).
                if phrase.is_empty()
                    && has_upper
                    && run_end - i > 1
                    && run_last_lower.is_some_and(|last| last >= i)
                {
                    let item: Vec<&str> = tokens[i..run_end]
                        .iter()
                        .filter_map(|t| match t {
                            Token::Word(w) => Some(*w),
                            _ => None,
                        })
                        .collect();
                    out.push(&item.join(" "));
                    i = run_end;
                    continue;
                }
                if out.last_is("OVIP") && !is_known(w) {
                    if let Some((person, next)) = person_after_ovip(&tokens, i) {
                        out.flush(&mut phrase);
                        out.push_person(&person);
                        i = next;
                        continue;
                    }
                }
                if is_known(w) {
                    out.flush(&mut phrase);
                    out.push(w);
                } else if let Some(fixed) = doubled_letter_typo(w) {
                    out.flush(&mut phrase);
                    out.push(&fixed);
                } else if let Some(parts) = glued_codes(w) {
                    out.flush(&mut phrase);
                    for p in parts {
                        out.push(p);
                    }
                } else if is_short_code(w) {
                    out.flush(&mut phrase);
                    out.push(w);
                } else {
                    phrase.push(w);
                }
            }
        }
        i += 1;
    }
    out.flush(&mut phrase);
    out.0
}

/// The tags in order, each once (the set keeps a caption of many
/// thousand distinct words linear).
#[derive(Default)]
struct Tags(Vec<String>, HashSet<String>);

impl Tags {
    fn push(&mut self, tag: &str) {
        self.push_kept(tag.trim().trim_matches([',', ';', '.', ':']));
    }

    /// A person tag keeps the full stop of an initial (`JAMES B.`).
    fn push_person(&mut self, tag: &str) {
        self.push_kept(tag.trim().trim_matches([',', ';', ':']));
    }

    fn push_kept(&mut self, tag: &str) {
        let t = tag.trim().to_uppercase();
        if !t.is_empty() && self.1.insert(t.clone()) {
            self.0.push(t);
        }
    }

    fn flush(&mut self, phrase: &mut Vec<&str>) {
        if !phrase.is_empty() {
            self.push(&phrase.join(" "));
            phrase.clear();
        }
    }

    fn last_is(&self, tag: &str) -> bool {
        self.0.last().is_some_and(|t| t == tag)
    }
}

/// Words, separators and parenthesised person groups.
fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            ',' | ';' => {
                tokens.push(Token::Sep);
                rest = &rest[1..];
            }
            '(' => {
                let close = rest.find(')').unwrap_or(rest.len());
                let inner = rest[1..close].split_whitespace().collect::<Vec<_>>();
                if !inner.is_empty() {
                    tokens.push(Token::Person(inner.join(" ")));
                }
                rest = rest.get(close + 1..).unwrap_or("");
            }
            c if c.is_whitespace() => rest = &rest[c.len_utf8()..],
            _ => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '('))
                    .unwrap_or(rest.len());
                let w = rest[..end].trim_matches(['.', ':']);
                if !w.is_empty() {
                    tokens.push(Token::Word(w));
                }
                rest = &rest[end..];
            }
        }
    }
    tokens
}

/// `OVIP CLINTON HILLARY`, `OVIP RICE, CONDOLEEZZA`: the words after OVIP
/// up to the next tag code are a person, `SURNAME, GIVEN`. Returns the
/// tag and the index of the token after it.
fn person_after_ovip(tokens: &[Token], start: usize) -> Option<(String, usize)> {
    let mut words = Vec::new();
    let mut i = start;
    while i < tokens.len() && words.len() < 3 {
        match &tokens[i] {
            Token::Word(w) if !is_known(w) && w.chars().all(|c| c.is_alphabetic() || c == '.') => {
                words.push(*w);
            }
            // `RICE, CONDOLEEZZA`: the comma between surname and given name.
            Token::Sep if words.len() == 1 => {}
            _ => break,
        }
        i += 1;
    }
    if words.len() < 2 {
        return None;
    }
    let (surname, given) = words.split_first()?;
    let key = format!("{} {}", surname, given[0]).to_uppercase();
    let tag = match PERSON_TAGS.get(key.as_str()) {
        Some(full) => full.to_string(),
        None => format!("{surname}, {}", given.join(" ")),
    };
    Some((tag, i))
}

fn is_known(w: &str) -> bool {
    tag_meaning(w).is_some()
}

/// An unknown code-like word: up to four letters or digits (`TIP`,
/// `MOPS`), not an English function word.
fn is_short_code(w: &str) -> bool {
    let up = w.to_ascii_uppercase();
    (1..=4).contains(&w.len())
        && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !FUNCTION_WORDS.contains(&up.as_str())
}

/// A code typed with a doubled letter (`MOPPS` for MOPS, `PRELL`): the
/// known code it spells with the letter once.
fn doubled_letter_typo(w: &str) -> Option<String> {
    if !(5..=7).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let b = w.as_bytes();
    (1..b.len()).filter(|&i| b[i] == b[i - 1]).find_map(|i| {
        let fixed = format!("{}{}", &w[..i], &w[i + 1..]);
        is_known(&fixed).then_some(fixed)
    })
}

/// Codes typed without spaces (`ETRDEINVECINPGOVCS`, `ITPHUM`): the known
/// codes that spell the word, at least one of them a four-letter subject
/// code; a last piece of two to four letters may be one the table lacks
/// (`AMEDCASCKFLO`).
fn glued_codes(w: &str) -> Option<Vec<&str>> {
    if w.len() < 5 || w.len() > 40 || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    fn split<'a>(s: &'a str, known_parts: usize, out: &mut Vec<&'a str>) -> bool {
        if s.is_empty() {
            return true;
        }
        for len in (2..=6.min(s.len())).rev() {
            let (head, tail) = s.split_at(len);
            if is_known(head) {
                out.push(head);
                if split(tail, known_parts + 1, out) {
                    return true;
                }
                out.pop();
            }
        }
        if known_parts >= 2 && (2..=4).contains(&s.len()) {
            out.push(s);
            return true;
        }
        false
    }
    let mut parts = Vec::new();
    (split(w, 0, &mut parts) && parts.len() >= 2 && parts.iter().any(|p| p.len() >= 4))
        .then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caption_of_many_thousand_words_keeps_its_phrases_and_codes() {
        // One run of words between separators, as a fuzzed caption of
        // repeated lines gives; then a mixed-case phrase after a comma.
        let text = format!("{}, Organized Crime", "PREL PGOV ".repeat(10_000));
        assert_eq!(split_tags(&text), ["PREL", "PGOV", "ORGANIZED CRIME"]);
        let distinct: Vec<String> = (0..1_000).map(|n| format!("X{n}")).collect();
        assert_eq!(split_tags(&distinct.join(" ")), distinct);
    }

    #[test]
    fn spaces_commas_and_case() {
        assert_eq!(
            split_tags("PGOV KPKO UN SU RS"),
            ["PGOV", "KPKO", "UN", "SU", "RS"]
        );
        assert_eq!(split_tags("mtcre, parm, prel"), ["MTCRE", "PARM", "PREL"]);
    }

    #[test]
    fn mixed_case_and_free_phrases_stay_whole() {
        assert_eq!(
            split_tags("PINR, KCRM, BU, Organized Crime"),
            ["PINR", "KCRM", "BU", "ORGANIZED CRIME"]
        );
        assert_eq!(
            split_tags("PHUM, IT, HUMAN RIGHTS"),
            ["PHUM", "IT", "HUMAN RIGHTS"]
        );
        assert_eq!(
            split_tags("ECON JO ECONOMY AND FINANCE"),
            ["ECON", "JO", "ECONOMY AND FINANCE"]
        );
    }

    #[test]
    fn person_tags_with_or_without_parentheses() {
        assert_eq!(
            split_tags("PREL OVIP RICE, CONDOLEEZZA RS"),
            ["PREL", "OVIP", "RICE, CONDOLEEZZA", "RS"]
        );
        assert_eq!(
            split_tags("OVIP DOE JANE PREL KPAL"),
            ["OVIP", "DOE, JANE", "PREL", "KPAL"]
        );
        assert_eq!(
            split_tags("ovip (doe, jane b.), prel"),
            ["OVIP", "DOE, JANE B.", "PREL"]
        );
        assert_eq!(split_tags("MASS OVIP PARM"), ["MASS", "OVIP", "PARM"]);
    }

    #[test]
    fn the_person_table_completes_a_name() {
        assert_eq!(
            split_tags("OVIP BUSH GEORGE PREL"),
            ["OVIP", "BUSH, GEORGE W.", "PREL"]
        );
    }

    #[test]
    fn doubled_and_glued_codes() {
        assert_eq!(
            split_tags("PHUM, OPRC, OPRC, IT, ITPHUM, ITPHUM"),
            ["PHUM", "OPRC", "IT"]
        );
        assert_eq!(
            split_tags("ETRDEINVECINPGOVCS"),
            ["ETRD", "EINV", "ECIN", "PGOV", "CS"]
        );
        // An unknown word that no codes spell stays as it is.
        assert_eq!(split_tags("PTER KXYZQ"), ["PTER", "KXYZQ"]);
        assert_eq!(split_tags("PTER MOPPS"), ["PTER", "MOPS"]);
    }

    #[test]
    fn page_headers_after_a_wide_gap_are_cut() {
        assert_eq!(
            split_tags("PINR, PE                SECRET   PAGE 02  LIMA  02475  01 OF 03  251228Z"),
            ["PINR", "PE"]
        );
    }

    #[test]
    fn markers_as_typed() {
        for line in [
            "TAGS: X", "TAGS X", "TAGS; X", "TAGS, X", "TAS: X", "TABS: X", "TGS: X", "tAgs: X",
        ] {
            assert_eq!(tags_caption(line), Some("X"), "{line}");
        }
        assert_eq!(tags_caption("TABLE: X"), None);
        assert_eq!(tags_caption("TAXES ARE"), None);
        assert_eq!(
            glued_tags("DECL: 08/22/2017 AGS: PGOV, AR"),
            Some("PGOV, AR")
        );
        assert_eq!(glued_tags("DECL: 08/22/2017 TAGS PGOV"), Some("PGOV"));
        assert_eq!(glued_tags("DECL: 08/22/2017"), None);
    }
}
