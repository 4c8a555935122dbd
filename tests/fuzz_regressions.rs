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

/// The CPU time this thread has used: a busy machine does not change it.
fn cpu_time() -> std::time::Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to write.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn parse_cpu_time(text: &str) -> std::time::Duration {
    let start = cpu_time();
    let cable = cablegram::parse(text);
    std::hint::black_box(cable);
    cpu_time() - start
}

/// Markdown links and bold were looked for from each `[` to the end of the
/// text: a megabyte of cables (a sample repeated) took four seconds in a
/// debug build, sixteen times the time of a quarter of it. Linear now.
#[test]
fn a_long_text_full_of_brackets_parses_in_time_linear_in_its_length() {
    let sample = include_str!("../assets/samples/07MOSCOW1026.txt");
    let text = |bytes: usize| {
        let mut t = sample.repeat(bytes / sample.len() + 1);
        let mut end = bytes;
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        t.truncate(end);
        t
    };
    let (quarter, whole) = (text(256 << 10), text(1 << 20));
    assert!(whole.matches('[').count() > 1000);
    parse_cpu_time(&quarter); // warm up
    let (q, w) = (parse_cpu_time(&quarter), parse_cpu_time(&whole));
    // Linear is about 4×, quadratic about 16×.
    assert!(
        w < q * 9,
        "1 MiB took {w:?}, 256 KiB {q:?}: more than linear"
    );
}

/// An unknown action is compared with every action for a suggestion; a
/// 60 KB name took 0.6 s of debug CPU in edit distances that could not
/// come out close.
#[test]
fn a_huge_unknown_action_name_is_refused_at_once() {
    let name = "page_down".to_string() + &"reset".repeat(12_000);
    let text = format!("[keys.reader]\n{name} = [\"space\"]\n");
    let start = cpu_time();
    let err = cablegram::tui::config::parse(&text, std::path::Path::new("config.toml"))
        .expect_err("an unknown action is an error");
    let took = cpu_time() - start;
    assert!(err.to_string().contains("unknown action"), "{err}");
    assert!(took.as_millis() < 200, "took {took:?}");
}
