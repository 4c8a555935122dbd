//! Running a query: hits with the total count, in relevance or date order,
//! each with a snippet of its text and the matched words marked.

use serde::Serialize;
use tantivy::tokenizer::TokenStream;

use tantivy::Searcher;

use super::index::{self, text_analyzer};
use super::page::ScoredDoc;
use super::{Library, ListQuery, Result};
use crate::cable::{Cable, Timestamp};

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (BM25).
    Relevance,
    /// Newest first.
    Date,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// The order the hits are in.
    #[serde(skip)]
    pub sort: Option<Sort>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub created: Option<Timestamp>,
    pub classification: Option<String>,
    pub origin: Option<String>,
    pub subject: Option<String>,
    /// The relevance score; `null` when sorted by date.
    pub score: Option<f32>,
    pub snippet: Snippet,
}

/// A piece of the cable's text with the matched words marked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// `[start, end)` in Unicode characters of `text`.
    pub marks: Vec<[usize; 2]>,
}

/// Characters of text around the first match.
const SNIPPET_CHARS: usize = 180;

pub(super) fn run(
    lib: &Library,
    query_text: &str,
    limit: usize,
    sort: Option<Sort>,
) -> Result<SearchResults> {
    let compiled = lib.compile(&ListQuery::Search(query_text.to_string()))?;
    let sort = sort.unwrap_or(compiled.default_sort);
    let searcher = lib.searcher();
    let (addresses, total) = lib.top_docs(&searcher, compiled.query.as_ref(), sort, 0, limit)?;
    let highlight = compiled
        .expr
        .as_ref()
        .map(|e| e.highlight_terms())
        .unwrap_or_default();
    let hits = hits(lib, &searcher, &addresses, &highlight)?;
    Ok(SearchResults {
        total,
        hits,
        sort: Some(sort),
    })
}

/// The hits of the documents `addresses` (with their scores), each with a
/// snippet around the first of the `highlight` terms.
pub(super) fn hits(
    lib: &Library,
    searcher: &Searcher,
    addresses: &[ScoredDoc],
    highlight: &[Vec<String>],
) -> Result<Vec<Hit>> {
    // Reading each hit's cable and building its snippet is most of a
    // search's time: the hits are read in parallel, in order.
    use rayon::prelude::*;
    let places = index::Places::open(searcher, addresses.iter().map(|(_, a)| a.segment_ord))
        .map_err(lib.index_error())?;
    let loaded: Vec<Option<Hit>> = addresses
        .par_iter()
        .map(|&(score, address)| {
            let cable =
                index::cable_at(&places, lib.cables(), address).map_err(lib.index_error())?;
            Ok(cable.map(|c| Hit {
                snippet: snippet(&c, highlight),
                id: c.id.clone().unwrap_or_default(),
                created: c.created,
                classification: c.classification.map(|x| x.as_str().to_string()),
                origin: c.origin,
                subject: c.subject,
                score,
            }))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(loaded.into_iter().flatten().collect())
}

/// The snippet of a cable for the highlight terms: around the first match
/// in the body (or the subject), else the opening of the text.
pub fn snippet(cable: &Cable, terms: &[Vec<String>]) -> Snippet {
    // The paragraphs first: the body opens with the captions, which repeat
    // the subject and the station.
    for p in &cable.paragraphs {
        if let Some(s) = snippet_of(&p.text, terms) {
            return s;
        }
    }
    let fallbacks = [cable.subject.as_deref(), Some(cable.body.as_str())];
    if let Some(s) = fallbacks
        .into_iter()
        .flatten()
        .find_map(|t| snippet_of(t, terms))
    {
        return s;
    }
    let opening = cable
        .summary
        .as_deref()
        .or_else(|| cable.paragraphs.first().map(|p| p.text.as_str()))
        .unwrap_or(&cable.body);
    window(opening, 0, opening.len(), &[])
}

/// Byte ranges of the matches of the terms (token sequences, as
/// `Expr::highlight_terms` gives them) in `text`.
pub fn matches(text: &str, terms: &[Vec<String>]) -> Vec<(usize, usize)> {
    if terms.is_empty() {
        return Vec::new();
    }
    // Tokenising is most of a snippet's time, and most paragraphs hold none
    // of the terms. The tokens of an ASCII text are its words in lower case,
    // so a term whose first token is not in such a text, in any case, has
    // no match there.
    if text.is_ascii()
        && !terms
            .iter()
            .filter_map(|t| t.first())
            .any(|w| contains_ignoring_ascii_case(text, w))
    {
        return Vec::new();
    }
    let mut analyzer = text_analyzer();
    let mut tokens: Vec<(String, usize, usize)> = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        tokens.push((t.text.clone(), t.offset_from, t.offset_to));
    }
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        for term in terms {
            if term.is_empty() || i + term.len() > tokens.len() {
                continue;
            }
            if term.iter().zip(&tokens[i..]).all(|(w, t)| *w == t.0) {
                out.push((tokens[i].1, tokens[i + term.len() - 1].2));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `needle` (lower case) is in `text`, ASCII letters in any case.
fn contains_ignoring_ascii_case(text: &str, needle: &str) -> bool {
    let (hay, needle) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return true;
    };
    let mut from = 0;
    while let Some(i) = memchr::memchr2(first, first.to_ascii_uppercase(), &hay[from..]) {
        let at = from + i;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(needle))
        {
            return true;
        }
        from = at + 1;
    }
    false
}

fn snippet_of(text: &str, terms: &[Vec<String>]) -> Option<Snippet> {
    let found = matches(text, terms);
    let &(first_start, _) = found.first()?;
    // Start a little before the first match, at a word boundary.
    let mut start = first_start.saturating_sub(SNIPPET_CHARS / 4);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    if start > 0 {
        if let Some(space) = text[start..first_start].find(char::is_whitespace) {
            start += space + 1;
        }
    }
    Some(window(text, start, text.len(), &found))
}

/// Up to `SNIPPET_CHARS` characters of `text[start..end]`, white space
/// collapsed, with the byte ranges `marks` turned into character ranges.
fn window(text: &str, start: usize, end: usize, marks: &[(usize, usize)]) -> Snippet {
    let mut out = String::new();
    let mut chars = 0usize;
    let mut marks_out = Vec::new();
    let mut open: Option<usize> = None;
    let mut last_space = true;
    let slice = text.get(start..end).unwrap_or("");
    for (i, c) in slice.char_indices() {
        let at = start + i;
        if chars >= SNIPPET_CHARS && open.is_none() {
            out.push('…');
            break;
        }
        if open.is_none() && marks.iter().any(|&(s, _)| s == at) {
            open = Some(chars);
        }
        if c.is_whitespace() || c.is_control() {
            if !last_space {
                out.push(' ');
                chars += 1;
                last_space = true;
            }
        } else {
            out.push(c);
            chars += 1;
            last_space = false;
        }
        let next = at + c.len_utf8();
        if let Some(s) = open {
            if marks.iter().any(|&(_, e)| e == next) {
                marks_out.push([s, chars]);
                open = None;
            }
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if start > 0 {
        out.insert(0, '…');
        for m in &mut marks_out {
            m[0] += 1;
            m[1] += 1;
        }
    }
    Snippet {
        text: out,
        marks: marks_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Vec<Vec<String>> {
        words
            .iter()
            .map(|w| w.split(' ').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn the_quick_check_finds_a_word_in_any_case_and_only_where_it_is() {
        assert!(contains_ignoring_ascii_case("the MOSCOW talks", "moscow"));
        assert!(contains_ignoring_ascii_case("Moscow", "moscow"));
        assert!(!contains_ignoring_ascii_case("the MOSCO", "moscow"));
        assert!(!contains_ignoring_ascii_case("", "moscow"));
        // ASCII text: the check answers; the words are still found whole.
        assert_eq!(matches("MOSCOW-bound", &terms(&["moscow"])), [(0, 6)]);
        assert!(matches("MOSCOWBOUND", &terms(&["moscow"])).is_empty());
        assert!(matches("talks in Kyiv", &terms(&["moscow"])).is_empty());
        // Text with accents is tokenised as before: `Señor` is `senor`.
        assert_eq!(matches("¡Señor!", &terms(&["senor"])), [(2, 8)]);
    }

    #[test]
    fn marks_are_character_offsets_of_the_matched_words() {
        let s = snippet_of(
            "The MFA in Moscow said\n\nthat Moscow would",
            &terms(&["moscow"]),
        )
        .unwrap();
        assert_eq!(s.text, "The MFA in Moscow said that Moscow would");
        assert_eq!(s.marks, vec![[11, 17], [28, 34]]);
        let chars: Vec<char> = s.text.chars().collect();
        let first: String = chars[11..17].iter().collect();
        assert_eq!(first, "Moscow");
    }

    #[test]
    fn a_phrase_is_marked_whole() {
        let s = snippet_of("arms sales to Venezuela", &terms(&["arms sales"])).unwrap();
        assert_eq!(s.marks, vec![[0, 10]]);
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let s = snippet_of("Über ¶ Moscow", &terms(&["moscow"])).unwrap();
        assert_eq!(s.marks, vec![[7, 13]]);
    }

    #[test]
    fn no_match_gives_no_snippet() {
        assert!(snippet_of("nothing here", &terms(&["moscow"])).is_none());
    }
}
