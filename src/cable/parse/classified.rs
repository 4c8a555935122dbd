//! The `Classified By` line: who classified the cable and for which
//! reasons. Written by hand for forty years, it comes with job titles before
//! the name (`USEU MCOUNSELOR CHRISTOPHER DAVIS`), typos in them
//! (`Ambassaor`), suffixes after it (`Robert O. Blake, Jr.`), the reasons
//! introduced in a dozen ways (`for reasons`, `per`, `BASED UPON`, `DUE TO
//! 1,4`, `under Section 1.4`) and, in copies wrapped at a hard column, words
//! cut in two (`for re` / `ason`); see [`joins_without_space`].

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::cable::model::ClassifiedBy;

const TITLES_TXT: &str = include_str!("../../../assets/classified_by_titles.txt");

/// Upper-case title words (`AMBASSADOR`, `DCM`, `POLOFF`).
static TITLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    TITLES_TXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// The column at which the release's copies cut `Classified By` lines,
/// mid-word if need be: a cut line is this many characters long (its
/// trailing space removed).
pub const HARD_WRAP: usize = 71;

/// Whether `next` continues `prev` inside one word: `prev` was cut at the
/// hard wrap column between two letters (`Hoyt Y` / `ee`, `FO` / `R`) or
/// inside a reason number (`1.` / `4`). A continuation that starts with a
/// space was cut at a word boundary.
pub fn joins_without_space(prev: &str, next: &str) -> bool {
    let prev = prev.trim_end();
    if prev.chars().count() != HARD_WRAP || next.starts_with(char::is_whitespace) {
        return false;
    }
    let (Some(last), Some(first)) = (prev.chars().last(), next.chars().next()) else {
        return false;
    };
    let before_last = prev.chars().rev().nth(1);
    (last.is_alphabetic() && first.is_alphabetic())
        || (last.is_ascii_digit() && first.is_ascii_digit())
        || (last == '.'
            && first.is_ascii_digit()
            && before_last.is_some_and(|c| c.is_ascii_digit()))
}

/// Where the reasons begin: the reason word, the order number or the
/// paragraph of the order (`1.4`, `1,5`, `1. 4`).
static REASON_CUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\breasons?\b|\breason\(s\)|\be\.?\s?o\.?\s?1\d{4}\b|\b1\s?[.,]\s?[45]\b|\b1\s?[.,]\s?[45]\s?\(",
    )
    .expect("static regex")
});

static REASON_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b1\s?[.,]\s?[45]\b").expect("static regex"));

/// Words that lead from the name to the reasons (`for`, `per`, `BASED
/// UPON`, `DUE TO`, `under Section`), dropped from the end of the text.
const CONNECTORS: &[&str] = &[
    "FOR",
    "F0R",
    "PER",
    "UNDER",
    "SECTION",
    "BASED",
    "ON",
    "UPON",
    "DUE",
    "TO",
    "BY",
    "AND",
    "PARA",
    "IAW",
    "SEE",
    "WITH",
    "ACCORDANCE",
    "IN",
    "OF",
];

/// Name suffixes that follow a comma (`Richard L. Baltimore, III`).
const SUFFIXES: &[&str] = &["JR", "JR.", "SR", "SR.", "II", "III", "IV"];

/// Lower-case particles inside a name (`Peter de Vos`).
const PARTICLES: &[&str] = &[
    "de", "da", "del", "van", "von", "der", "la", "le", "bin", "al",
];

/// `Minister-Counselor ... Alice Wells. Reasons 1.4 (B/D).` → text, name,
/// reasons.
pub fn parse_classified_by(raw: &str) -> ClassifiedBy {
    let raw = collapse(raw);
    let raw = strip_repeated_marker(&raw);
    let cut = REASON_CUT.find(raw).map(|m| m.start());
    let (text, tail) = match cut {
        Some(at) => (&raw[..at], Some(&raw[at..])),
        None => (raw, None),
    };
    let reasons = tail.and_then(|t| {
        let from = REASON_NUMBER.find(t).map(|m| m.start()).unwrap_or_else(|| {
            // No order number: what follows the reason word.
            REASON_CUT.find(t).map(|m| m.end()).unwrap_or(0)
        });
        let r = t[from..]
            .trim_start_matches([':', '.', ' '])
            .trim()
            .trim_end_matches('.')
            .trim();
        (!r.is_empty()).then(|| r.to_string())
    });
    let text = strip_connectors(text);
    ClassifiedBy {
        text: text.trim_end_matches('.').trim_end().to_string(),
        name: person_name(text),
        reasons,
    }
}

/// `(U) Classified by X`, `Classified By: X`, `1. CLASSIFIED BY X`, `This
/// message classified by X` → `X`.
fn strip_repeated_marker(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s.len();
        if let Some(rest) = s.strip_prefix('(') {
            if let Some(close) = rest.find(')') {
                if close <= 6 {
                    s = rest[close + 1..].trim_start();
                }
            }
        }
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&digits) && s[digits..].starts_with(". ") {
            s = s[digits + 2..].trim_start();
        }
        let head = s.get(..40).unwrap_or(s);
        if let Some(at) = find_ascii_ci(head, "classified by") {
            s = s[at + "classified by".len()..].trim_start_matches([':', ' ', '.']);
        }
        if s.len() == before {
            return s;
        }
    }
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The text without the words and punctuation that lead to the reasons.
fn strip_connectors(text: &str) -> &str {
    let mut t = text.trim_end_matches([',', ':', ';', ' ', '-']);
    loop {
        let (head, last) = match t.rsplit_once(' ') {
            Some((h, l)) => (h, l),
            None => ("", t),
        };
        let word = last
            .trim_end_matches([',', '.', ':', ';'])
            .to_ascii_uppercase();
        if head.is_empty() || !CONNECTORS.contains(&word.as_str()) {
            return t;
        }
        t = head.trim_end_matches([',', ':', ';', ' ', '-']);
    }
}

/// The person in a classified-by text, without the job title: `Name,
/// title` when the text starts with a name, else the name at the end of the
/// last part that has one (`Charge d'affaires, a.i. Donald Petterson`).
fn person_name(text: &str) -> Option<String> {
    let segments: Vec<&str> = text.split([',', ';', ':']).map(str::trim).collect();
    if segments.len() > 1 {
        let words = name_words(segments[0]);
        let leading_name = (2..=4).contains(&words.len())
            && words.iter().all(|w| is_name_word(w) && !is_title_word(w))
            && words.iter().any(|w| !is_initial(w));
        if leading_name {
            return Some(with_suffix(words.join(" "), segments.get(1).copied()));
        }
    }
    for (i, seg) in segments.iter().enumerate().rev() {
        if is_suffix(seg) {
            continue;
        }
        if let Some(name) = trailing_name(seg) {
            return Some(with_suffix(name, segments.get(i + 1).copied()));
        }
    }
    None
}

/// The name with the suffix of the next segment, if it is one: `III` as
/// written, `Jr.` with the dot of its abbreviation.
fn with_suffix(name: String, next: Option<&str>) -> String {
    match next {
        Some(s) if is_suffix(s) => {
            let s = s.trim();
            let bare = s.trim_end_matches('.');
            let abbreviation = matches!(bare.to_ascii_uppercase().as_str(), "JR" | "SR");
            format!("{name}, {}", if abbreviation { s } else { bare })
        }
        _ => name,
    }
}

fn is_suffix(seg: &str) -> bool {
    let bare = seg.trim().trim_end_matches('.').to_ascii_uppercase();
    SUFFIXES.contains(&bare.as_str())
}

/// Words of a segment, punctuation at their end gone (`McKelvey-`);
/// `Acting DCM/Ted Osius`: a title and a name joined by `/` are two words,
/// while `M/C`, `U/S` or `POL/ECONOFF` stay one (title) word.
fn name_words(seg: &str) -> Vec<&str> {
    seg.split(' ')
        .map(|w| {
            let w = w.trim_end_matches(['-', ',']);
            match w.rsplit_once('/') {
                Some((title, name))
                    if name.chars().count() >= 3
                        && is_title_word(title)
                        && is_name_word(name)
                        && !is_title_word(name) =>
                {
                    name
                }
                _ => w,
            }
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A name at the end of a segment: a surname, initials, at most one given
/// name and the initials before it (`F. Daniel Sainz`, `J. Dean Yap`).
/// Words in parentheses after the name (`(acting)`) are skipped.
fn trailing_name(seg: &str) -> Option<String> {
    let mut words = name_words(seg);
    while words
        .last()
        .is_some_and(|w| w.starts_with('(') || w.ends_with(')'))
    {
        words.pop();
    }
    let mut start = words.len();
    let mut surname = false;
    let mut given = false;
    while start > 0 {
        let w = words[start - 1];
        if PARTICLES.contains(&w) && surname && !given {
            start -= 1;
            continue;
        }
        if !is_name_word(w) || is_title_word(w) {
            break;
        }
        if !surname {
            if is_initial(w) {
                break;
            }
            surname = true;
        } else if !is_initial(w) {
            if given {
                break;
            }
            given = true;
        }
        start -= 1;
    }
    let name = &words[start..];
    // A lone initial, a two-letter word or nothing is no name.
    if name.is_empty() || (name.len() == 1 && name[0].trim_end_matches('.').len() <= 2) {
        return None;
    }
    // The full stop after the surname ends the sentence.
    Some(name.join(" ").trim_end_matches('.').to_string())
}

fn is_initial(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    let dots = w.chars().filter(|&c| c == '.').count();
    (letters == 1 && w.chars().count() <= 2) || (letters <= 3 && dots == letters && letters > 1)
}

fn is_title_word(w: &str) -> bool {
    let u = w.to_uppercase();
    u.contains('/')
        || TITLES.contains(u.as_str())
        || TITLES.contains(u.trim_end_matches(['.', ',']))
        || {
            // `Ambassaor`, `AMBSSADOR`, `Ambbassador`: a mistyped ambassador.
            u.starts_with("AMB") && u.len() >= 7
        }
        || u.starts_with("COUNS")
        || u.starts_with("COUNC")
        || u.starts_with("COUSEL")
}

fn is_name_word(w: &str) -> bool {
    // `XXXXXXXXXXXX`: a name the redacted copies removed is no name.
    if w.len() >= 3 && w.bytes().all(|b| b == b'X') {
        return false;
    }
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-' | '’'))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(raw: &str) -> Option<String> {
        parse_classified_by(raw).name
    }

    #[test]
    fn text_name_and_reasons_are_split() {
        let c = parse_classified_by(
            "Minister-Counselor for Political Affairs Alice Wells. Reasons 1.4 (B/D).",
        );
        assert_eq!(
            c.text,
            "Minister-Counselor for Political Affairs Alice Wells"
        );
        assert_eq!(c.name.as_deref(), Some("Alice Wells"));
        assert_eq!(c.reasons.as_deref(), Some("1.4 (B/D)"));
        let c = parse_classified_by("Ambassador William J. Burns: 1.4 (b, d).");
        assert_eq!(c.text, "Ambassador William J. Burns");
        assert_eq!(c.name.as_deref(), Some("William J. Burns"));
        assert_eq!(c.reasons.as_deref(), Some("1.4 (b, d)"));
        let c = parse_classified_by(
            "J. Chris Stevens, DCM, U.S. Embassy Tripoli. REASON: 1.4 (c), (d)",
        );
        assert_eq!(c.name.as_deref(), Some("J. Chris Stevens"));
        let c = parse_classified_by("AMBASSADOR RICHARD G. OLSON FOR REASONS 1.4 B AND D.");
        assert_eq!(c.name.as_deref(), Some("RICHARD G. OLSON"));
        let c = parse_classified_by("Ambassador for reasons 1.4 (b) and (d)");
        assert_eq!(c.name, None);
    }

    #[test]
    fn a_leading_name_comes_before_its_title() {
        assert_eq!(
            name("J. Chris Stevens, DCM, U.S. Embassy Tripoli. REASON: 1.4 (c), (d)").as_deref(),
            Some("J. Chris Stevens")
        );
        assert_eq!(
            name("ROBERT P. FINN, DEPUTY CHIEF OF MISSION. REASON: 1.5 (D)").as_deref(),
            Some("ROBERT P. FINN")
        );
    }

    #[test]
    fn titles_before_the_name_go_even_when_mistyped_or_unlisted() {
        assert_eq!(
            name("USEU MCOUNSELOR CHRISTOPHER DAVIS, FOR REASONS 1.4").as_deref(),
            Some("CHRISTOPHER DAVIS")
        );
        assert_eq!(
            name("AIT DIR Stephen M. Young for reasons 1.4").as_deref(),
            Some("Stephen M. Young")
        );
        assert_eq!(
            name("Ambassaor Jane Q. Roe for reasons 1.4 (b)").as_deref(),
            Some("Jane Q. Roe")
        );
        assert_eq!(
            name("Acting DCM/Ted Osius for reasons 1.4").as_deref(),
            Some("Ted Osius")
        );
        assert_eq!(
            name("Charge d'affaires, a.i. Donald Petterson for reason 1.4").as_deref(),
            Some("Donald Petterson")
        );
    }

    #[test]
    fn suffixes_are_kept() {
        assert_eq!(
            name("Ambassador Richard L. Baltimore, III. Reasons: 1.4 (b)").as_deref(),
            Some("Richard L. Baltimore, III")
        );
        assert_eq!(
            name("AMBASSADOR THOMAS W. SIMONS, JR. FOR REASONS 1.5 (B)").as_deref(),
            Some("THOMAS W. SIMONS, JR.")
        );
    }

    #[test]
    fn every_way_to_the_reasons_ends_the_name() {
        for (raw, want) in [
            ("CDA FRANK ROE BASED UPON REASONS 1.5 (B)", "FRANK ROE"),
            ("DCM ROBERT E. ROE DUE TO 1,4 (C) AND (D).", "ROBERT E. ROE"),
            ("Charge Eric T. Roe under Section 1.4 b/d", "Eric T. Roe"),
            ("Ambassador James Roe for for reasons 1.4 b", "James Roe"),
            ("CHARGE ALAN ROE F0R REASONS 1.5 (B)", "ALAN ROE"),
            (
                "Amb. Jackie Roe. E.O 12958. Reasons 1.4 (B&D).",
                "Jackie Roe",
            ),
            ("PRM/AFR Dir. Margaret Roe-reasons 1.4(b/d)", "Margaret Roe"),
            (
                "DCM J. Dean Roe (acting) for reasons 1.4 (b)",
                "J. Dean Roe",
            ),
            ("DCM PROE PER 1.5 (B) AND (D)", "PROE"),
        ] {
            assert_eq!(name(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn no_name_when_only_a_title_or_an_order() {
        assert_eq!(name("Ambassador for reasons 1.4 (b) and (d)"), None);
        assert_eq!(name("XXXXXXXXXXXX, reasons 1.4 (b)"), None);
        assert_eq!(name("SECTION 1.5 (B) AND (D)"), None);
    }

    #[test]
    fn repeated_markers_and_portion_marks_are_skipped() {
        assert_eq!(
            name("(U) Classified by Economic Counselor Tom Roe for reasons 1.4").as_deref(),
            Some("Tom Roe")
        );
        assert_eq!(
            name("This message classified by Econ Minister Counselor Will Roe for reasons 1.4")
                .as_deref(),
            Some("Will Roe")
        );
    }

    #[test]
    fn hard_wrapped_lines_join_inside_a_word_only() {
        let cut = "Classified By: Interagency Provincial Affairs Deputy Coordinator Hoyt Y";
        assert_eq!(cut.chars().count(), HARD_WRAP);
        assert!(joins_without_space(cut, "ee for reasons 1.4 (b)"));
        assert!(!joins_without_space(cut, " ee for reasons"));
        assert!(!joins_without_space(
            "Classified By: Ambassador Roe",
            "for reasons"
        ));
    }
}
