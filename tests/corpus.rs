//! Checks of the parser against the real corpus in ../shared (CI has it; a
//! fresh clone without it skips these tests with a note). Each test prints
//! its figures so that a run shows how close to the bar we are.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use cablegram::{parse, parse_with, Cable, Classification, Metadata, ParseOptions, Timestamp};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("cables.csv").is_file() {
        Some(dir)
    } else {
        eprintln!("../shared/corpus is absent: corpus checks skipped");
        None
    }
}

struct Row {
    id: String,
    origin: String,
    classification: String,
    header: String,
    body: String,
}

/// The release CSV dialect: backslash escapes, no doubled quotes.
fn rows(dir: &Path) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .double_quote(false)
        .escape(Some(b'\\'))
        .from_path(dir.join("cables.csv"))
        .expect("corpus CSV opens");
    reader
        .records()
        .map(|r| {
            let r = r.expect("corpus CSV row reads");
            Row {
                id: r[2].to_string(),
                origin: r[3].to_string(),
                classification: r[4].to_string(),
                header: r[6].to_string(),
                body: r[7].to_string(),
            }
        })
        .collect()
}

#[derive(serde::Deserialize)]
struct Truth {
    id: String,
    created: String,
    classification: String,
    origin: String,
}

fn truth(dir: &Path) -> HashMap<String, Truth> {
    std::fs::read_to_string(dir.join("truth.jsonl"))
        .expect("truth.jsonl reads")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let t: Truth = serde_json::from_str(l).expect("truth line is JSON");
            (t.id.clone(), t)
        })
        .collect()
}

/// Whether a text carries a date-time group (`121300Z MAR 07`): the test's
/// own definition, independent of the parser.
fn has_dtg(text: &str) -> bool {
    let re = regex::Regex::new(
        r"(?i)\b[0-3]\d[0-2]\d[0-5]\dZ\s?(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s?\d{2,4}\b",
    )
    .expect("regex");
    re.is_match(text)
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        100.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

#[test]
fn text_alone_gives_id_created_classification_and_origin() {
    let Some(dir) = shared() else { return };
    let truth = truth(&dir);
    let rows = rows(&dir);
    let (mut dated, mut dated_ok, mut undated, mut undated_null) = (0, 0, 0, 0);
    let (mut class_ok, mut origin_ok) = (0, 0);
    let mut misses = Vec::new();
    for row in &rows {
        let text = format!("{}\n\n{}", row.header, row.body);
        let cable = parse(&text);
        let t = &truth[&row.id];
        let created = cable.created.map(|c| c.to_string());
        if has_dtg(&text) {
            dated += 1;
            if cable.id.as_deref() == Some(t.id.as_str())
                && created.as_deref() == Some(t.created.as_str())
            {
                dated_ok += 1;
            } else {
                misses.push(format!(
                    "{}: id {:?} created {:?}",
                    row.id, cable.id, created
                ));
            }
        } else {
            undated += 1;
            if cable.id.is_none() && cable.created.is_none() {
                undated_null += 1;
            } else {
                misses.push(format!(
                    "{} (no DTG): id {:?} created {:?}",
                    row.id, cable.id, created
                ));
            }
        }
        let class = cable.classification.map(|c| c.as_str().to_string());
        if class.as_deref() == Some(t.classification.as_str()) {
            class_ok += 1;
        } else {
            misses.push(format!(
                "{}: classification {:?}, release {}",
                row.id, class, t.classification
            ));
        }
        if cable.origin.as_deref() == Some(t.origin.as_str()) {
            origin_ok += 1;
        } else {
            misses.push(format!(
                "{}: origin {:?}, release {}",
                row.id, cable.origin, t.origin
            ));
        }
    }
    let n = rows.len();
    println!(
        "text alone: {n} cables; with DTG id+created {dated_ok}/{dated} ({:.2}%); without DTG null {undated_null}/{undated}; classification {class_ok}/{n} ({:.2}%); origin {origin_ok}/{n} ({:.2}%)",
        pct(dated_ok, dated),
        pct(class_ok, n),
        pct(origin_ok, n)
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(
        pct(dated_ok, dated) >= 99.0,
        "id+created with DTG below 99%"
    );
    assert_eq!(
        undated_null, undated,
        "a cable without DTG got a guessed id or date"
    );
    assert!(pct(class_ok, n) >= 98.5, "classification below 98.5%");
    assert!(pct(origin_ok, n) >= 98.5, "origin below 98.5%");
}

#[test]
fn release_pages_parse_with_the_release_metadata() {
    let Some(dir) = shared() else { return };
    let truth = truth(&dir);
    let mut pages = 0;
    let mut bad = Vec::new();
    for entry in std::fs::read_dir(dir.join("html")).expect("html dir") {
        let path = entry.expect("entry").path();
        let html = std::fs::read_to_string(&path).expect("page reads");
        let cable = parse(&html);
        pages += 1;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let Some(t) = truth.get(&name) else {
            bad.push(format!("{name}: not in truth.jsonl"));
            continue;
        };
        let got = (
            cable.id.clone(),
            cable.created.map(|c| c.to_string()),
            cable.classification.map(|c| c.as_str().to_string()),
            cable.origin.clone(),
        );
        let want = (
            Some(t.id.clone()),
            Some(t.created.clone()),
            Some(t.classification.clone()),
            Some(t.origin.clone()),
        );
        if got != want {
            bad.push(format!("{name}: got {got:?}, release {want:?}"));
        }
    }
    println!(
        "release pages: {}/{pages} with metadata equal to truth",
        pages - bad.len()
    );
    for b in &bad {
        println!("  {b}");
    }
    assert_eq!(pages, 129);
    assert!(bad.is_empty());
}

fn csv_cables(dir: &Path) -> Vec<Cable> {
    rows(dir)
        .iter()
        .map(|row| {
            let text = format!("{}\n\n{}", row.header, row.body);
            let metadata = Metadata {
                id: Some(row.id.clone()),
                created: None,
                origin: Some(row.origin.clone()),
                classification: Classification::from_release(&row.classification),
            };
            parse_with(
                &text,
                &ParseOptions {
                    year: None,
                    metadata: Some(metadata),
                },
            )
        })
        .collect()
}

#[test]
fn references_resolve_to_other_corpus_cables() {
    let Some(dir) = shared() else { return };
    let cables = csv_cables(&dir);
    let ids: HashSet<&str> = cables.iter().filter_map(|c| c.id.as_deref()).collect();
    let mut resolved = 0;
    let mut total = 0;
    let mut cites: HashMap<&str, Vec<&str>> = HashMap::new();
    for c in &cables {
        for r in &c.references {
            total += 1;
            if let Some(id) = r.id.as_deref() {
                if ids.contains(id) && Some(id) != c.id.as_deref() {
                    resolved += 1;
                    cites
                        .entry(c.id.as_deref().unwrap_or(""))
                        .or_default()
                        .push(id);
                }
            }
        }
    }
    println!("references: {total} in all, {resolved} resolve to another corpus cable");
    assert!(resolved >= 130, "only {resolved} references resolve");
    for (from, to) in [
        ("09BERLIN1296", "09BERLIN1271"),
        ("09BERLIN1271", "09BERLIN1162"),
        ("09TRIPOLI1025", "09TRIPOLI941"),
        ("09TRIPOLI941", "09TRIPOLI938"),
    ] {
        assert!(
            cites.get(from).is_some_and(|v| v.contains(&to)),
            "{from} should cite {to}"
        );
    }
}

#[test]
fn csv_metadata_wins_and_created_comes_from_the_dtg() {
    let Some(dir) = shared() else { return };
    let truth = truth(&dir);
    let cables = csv_cables(&dir);
    let mut wrong = Vec::new();
    for c in &cables {
        let id = c.id.clone().unwrap_or_default();
        let t = &truth[&id];
        if c.origin.as_deref() != Some(t.origin.as_str())
            || c.classification.map(|x| x.as_str()) != Some(t.classification.as_str())
        {
            wrong.push(id.clone());
        }
        if let Some(created) = c.created {
            // Where the text has a DTG, it agrees with the release CSV.
            if Timestamp::parse_iso(&t.created) != Some(created) {
                wrong.push(format!("{id} created {created}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
}

/// `~word` finds a word's forms among the words of the index that begin
/// with one of its stem's prefixes (`index::stem_prefixes`): no word of the
/// corpus may begin otherwise, or `~word` would miss it.
#[test]
fn every_word_of_the_corpus_begins_with_a_prefix_of_its_stem() {
    use cablegram::library::index::{stem_analyzer, stem_of, stem_prefixes, text_analyzer};
    let Some(dir) = shared() else { return };
    let mut words = HashSet::new();
    let mut text = text_analyzer();
    for row in rows(&dir) {
        for part in [&row.header, &row.body] {
            let mut tokens = text.token_stream(part);
            while tokens.advance() {
                words.insert(tokens.token().text.clone());
            }
        }
    }
    let mut stemmer = stem_analyzer();
    let missed: Vec<(String, String)> = words
        .iter()
        .filter_map(|w| {
            let stem = stem_of(&mut stemmer, w)?;
            let found = stem_prefixes(&stem)
                .iter()
                .any(|p| w.starts_with(p.as_str()));
            (!found).then(|| (w.clone(), stem))
        })
        .collect();
    eprintln!(
        "{} words of the corpus, {} outside their stem's prefixes",
        words.len(),
        missed.len()
    );
    assert!(missed.is_empty(), "{missed:?}");
}
