//! What the fuzzer of tests/fuzz.rs found, kept as plain tests.

use std::collections::BTreeSet;

use cablegram::library::Library;

fn ids(lib: &Library, query: &str) -> BTreeSet<String> {
    let results = lib
        .search(query, 1000, None)
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    assert_eq!(results.total, results.hits.len(), "{query}");
    results.hits.into_iter().map(|h| h.id).collect()
}

/// `X -"a phrase"` excludes the phrase's cables from X's. It panicked in
/// every debug build (tantivy's phrase scorer asserted it was never asked
/// about a document before its current one, which its exclusion does), so
/// the dev profile builds tantivy without its debug assertions; this checks
/// that the answer is then right, with cables of the phrase before, among
/// and after the others.
#[test]
fn a_negated_phrase_next_to_a_filter_or_a_word_leaves_out_exactly_its_cables() {
    let tmp = tempfile::tempdir().unwrap();
    // A new library holds the five bundled samples.
    let lib = Library::open(&tmp.path().join("library")).unwrap();
    for (positive, phrase) in [
        ("moscow", "\"end summary\""),
        ("class:C", "\"end summary\""),
        ("class:secret", "\"end summary\""),
        ("moscow", "\"summary end\""),
        ("moscow", "\"foreign minister\""),
        ("tag:PREL", "\"end summary\""),
    ] {
        let with = ids(&lib, positive);
        let excluded = ids(&lib, phrase);
        let expected: BTreeSet<String> = with.difference(&excluded).cloned().collect();
        let query = format!("{positive} -{phrase}");
        assert_eq!(ids(&lib, &query), expected, "{query}");
        let query = format!("{positive} AND NOT {phrase}");
        assert_eq!(ids(&lib, &query), expected, "{query}");
    }
    // The case must not be empty on either side to mean anything.
    assert!(!ids(&lib, "\"end summary\"").is_empty());
    assert!(ids(&lib, "moscow").len() > ids(&lib, "moscow -\"end summary\"").len());
}
