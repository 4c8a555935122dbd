//! `thread`, `similar` and the same-post neighbours on libraries of the
//! fictional fixtures (and of invented cables written here); the corpus
//! acceptance is gated on ../shared.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use cablegram::library::{parse_named, Library, SourceRank, Step, StoredCable};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A library holding the given texts (file name → text).
fn library_of(texts: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    let mut w = lib.writer().unwrap();
    w.clear().unwrap();
    for (name, text) in texts {
        let stem = Path::new(name).file_stem().and_then(|s| s.to_str());
        w.add(StoredCable {
            hash: cablegram::library::content_hash(text, None),
            cable: parse_named(text, stem, None),
            raw: text.clone(),
            rank: SourceRank::Text,
        })
        .unwrap();
    }
    w.finish().unwrap();
    dir
}

/// The chain and fan-in of fixtures/README.md.
fn fixture_library() -> tempfile::TempDir {
    let names = [
        "07FICTIONIA101.txt",
        "07FICTIONIA115.txt",
        "07FICTIONIA130.txt",
        "07STATE30210.txt",
    ];
    let texts: Vec<(&str, String)> = names
        .iter()
        .map(|n| (*n, std::fs::read_to_string(fixtures().join(n)).unwrap()))
        .collect();
    library_of(&texts)
}

/// An invented Fictionia cable (all of it fictional, as the fixtures are).
fn invented(serial: u32, dtg: &str, refs: &str) -> (String, String) {
    let text = format!(
        "{dtg}\nFM AMEMBASSY FICTIONIA\n\nCONFIDENTIAL FICTIONIA {serial:06}\n\nSUBJECT: TURNIP NOTE {serial}\n{refs}\n\n1. (C) Invented for the tests.\n"
    );
    (format!("07FICTIONIA{serial}.txt"), text)
}

fn cablegram(lib: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cablegram").unwrap();
    cmd.arg("--library")
        .arg(lib)
        .env_remove("CABLEGRAM_LIBRARY");
    cmd
}

fn json(lib: &Path, args: &[&str]) -> Value {
    let out = cablegram(lib).args(args).arg("--json").assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

// ---- thread ---------------------------------------------------------------

#[test]
fn thread_json_is_the_tree_in_display_order_with_the_contract_keys() {
    let lib = fixture_library();
    let v = json(lib.path(), &["thread", "07fictionia115"]);
    assert_eq!(v["id"], "07FICTIONIA115");
    assert_eq!(v["truncated"], false);
    // 101 is the root; 115 and 130 cite it, 30210 cites 115 (the older of
    // the two it cites).
    assert_eq!(
        ids(&v, "cables"),
        [
            "07FICTIONIA101",
            "07FICTIONIA115",
            "07STATE30210",
            "07FICTIONIA130"
        ]
    );
    let cables = v["cables"].as_array().unwrap();
    let mut keys: Vec<&str> = cables[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "cited_by",
            "cites",
            "classification",
            "created",
            "depth",
            "id",
            "origin",
            "parent",
            "present",
            "subject"
        ]
    );
    assert_eq!(cables[0]["depth"], 0);
    assert_eq!(cables[0]["parent"], Value::Null);
    assert_eq!(cables[0]["origin"], "Embassy Fictionia");
    assert_eq!(cables[2]["parent"], "07FICTIONIA115");
    assert_eq!(cables[2]["depth"], 2);
    assert_eq!(
        cables[2]["cites"],
        serde_json::json!(["07FICTIONIA130", "07FICTIONIA115"])
    );
    assert_eq!(
        cables[0]["cited_by"],
        serde_json::json!(["07FICTIONIA115", "07FICTIONIA130"])
    );
}

#[test]
fn thread_text_is_one_line_a_cable_with_the_given_one_marked() {
    let lib = fixture_library();
    let out = cablegram(lib.path())
        .args(["thread", "07FICTIONIA115"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[1]
        .contains("2007-03-12  C     07FICTIONIA101  Embassy Fictionia  FICTIONIA: MINISTRY"));
    assert!(
        lines[2].starts_with("▶ ├─ 2007-03-20  S/NF  07FICTIONIA115"),
        "{text}"
    );
    assert!(lines[3].contains("│  └─ ") && lines[3].contains("also cites 07FICTIONIA130"));
    assert!(!text.contains('\x1b'));
}

#[test]
fn depth_zero_is_the_cable_alone() {
    let lib = fixture_library();
    let v = json(lib.path(), &["thread", "07FICTIONIA130", "--depth", "0"]);
    assert_eq!(ids(&v, "cables"), ["07FICTIONIA130"]);
    assert_eq!(v["cables"][0]["cites"], serde_json::json!([]));
}

#[test]
fn a_missing_cable_is_listed_as_refs_lists_it_with_its_ref_text() {
    let (a, ta) = invented(1, "O 010101Z JAN 07", "REF: A. FICTIONIA 99 B. FICTIONIA 2");
    let (b, tb) = invented(2, "O 020101Z JAN 07", "");
    let (c, tc) = invented(3, "O 030101Z JAN 07", "REF: FICTIONIA 99");
    let lib = library_of(&[(&a, ta), (&b, tb), (&c, tc)]);
    let v = json(lib.path(), &["thread", "07FICTIONIA1"]);
    let cables = v["cables"].as_array().unwrap();
    let gone = cables.iter().find(|c| c["id"] == "07FICTIONIA99").unwrap();
    assert_eq!(gone["present"], false);
    assert_eq!(gone["created"], Value::Null);
    assert_eq!(
        gone["cited_by"],
        serde_json::json!(["07FICTIONIA1", "07FICTIONIA3"])
    );
    // 3 is reached through the missing cable both cite.
    assert!(cables.iter().any(|c| c["id"] == "07FICTIONIA3"));
    cablegram(lib.path())
        .args(["thread", "07FICTIONIA1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "07FICTIONIA99  ✗ not in the library (cited as FICTIONIA 99)",
        ));
}

#[test]
fn the_limit_cuts_the_thread_and_says_so() {
    let lib = fixture_library();
    let v = json(lib.path(), &["thread", "07FICTIONIA101", "--limit", "2"]);
    assert_eq!(v["cables"].as_array().unwrap().len(), 2);
    assert_eq!(v["truncated"], true);
    cablegram(lib.path())
        .args(["thread", "07FICTIONIA101", "--limit", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("cut at the limit"));
}

#[test]
fn thread_of_an_unknown_or_malformed_id_is_an_error() {
    let lib = fixture_library();
    cablegram(lib.path())
        .args(["thread", "07FICTIONIA999"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "07FICTIONIA999 is not in the library",
        ));
    cablegram(lib.path())
        .args(["thread", "not-an-id"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a cable ID"));
}

// ---- similar --------------------------------------------------------------

#[test]
fn similar_json_is_the_search_object_without_the_cable_itself() {
    let lib = fixture_library();
    let v = json(lib.path(), &["similar", "07FICTIONIA115"]);
    let hits = ids(&v, "hits");
    assert!(!hits.is_empty());
    assert!(!hits.contains(&"07FICTIONIA115".to_string()));
    assert!(v["total"].as_u64().unwrap() >= hits.len() as u64);
    let scores: Vec<f64> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for key in ["created", "classification", "origin", "subject", "snippet"] {
        assert!(v["hits"][0].get(key).is_some(), "{key}");
    }
    let v = json(lib.path(), &["similar", "07FICTIONIA115", "--limit", "1"]);
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
}

#[test]
fn similar_ranks_the_cable_on_the_same_matter_first() {
    // Two invented cables on the turnip harvest, one on something else.
    let harvest = "O 010101Z JAN 07\nFM AMEMBASSY FICTIONIA\n\nCONFIDENTIAL FICTIONIA 000001\n\nSUBJECT: TURNIP HARVEST FAILS IN NORDLAND\n\n1. (C) The turnip harvest failed in Nordland; turnip prices doubled and the harvest ministry blamed the frost.\n";
    let again = "O 020101Z JAN 07\nFM AMEMBASSY FICTIONIA\n\nCONFIDENTIAL FICTIONIA 000002\n\nSUBJECT: NORDLAND TURNIP HARVEST, PART TWO\n\n1. (C) After the failed harvest, the turnip prices in Nordland keep rising; frost again.\n";
    let other = "O 030101Z JAN 07\nFM AMEMBASSY FICTIONIA\n\nCONFIDENTIAL FICTIONIA 000003\n\nSUBJECT: PORT TURNIP FERRY SCHEDULE\n\n1. (C) The ferry to Port Turnip now sails twice a week; the harbour master approves of the schedule.\n";
    let lib = library_of(&[
        ("a.txt", harvest.into()),
        ("b.txt", again.into()),
        ("c.txt", other.into()),
    ]);
    let v = json(lib.path(), &["similar", "07FICTIONIA1"]);
    assert_eq!(ids(&v, "hits")[0], "07FICTIONIA2");
}

#[test]
fn similar_of_an_unknown_id_is_an_error() {
    let lib = fixture_library();
    cablegram(lib.path())
        .args(["similar", "07FICTIONIA999"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not in the library"));
}

// ---- same post ------------------------------------------------------------

fn neighbour(lib: &Library, id: &str, step: Step) -> Option<String> {
    lib.same_origin_neighbour(id, step).unwrap().map(|r| r.id)
}

#[test]
fn the_same_post_steps_through_its_cables_by_date() {
    let dir = fixture_library();
    let lib = Library::open(dir.path()).unwrap();
    let (prev, next) = (Step::Previous, Step::Next);
    assert_eq!(
        neighbour(&lib, "07FICTIONIA115", prev).as_deref(),
        Some("07FICTIONIA101")
    );
    assert_eq!(
        neighbour(&lib, "07FICTIONIA115", next).as_deref(),
        Some("07FICTIONIA130")
    );
    assert_eq!(neighbour(&lib, "07FICTIONIA101", prev), None);
    assert_eq!(neighbour(&lib, "07FICTIONIA130", next), None);
    // The Department is another post: nothing before or after it here.
    assert_eq!(neighbour(&lib, "07STATE30210", prev), None);
    assert_eq!(neighbour(&lib, "07STATE30210", next), None);
    assert_eq!(neighbour(&lib, "07FICTIONIA999", next), None);
}

#[test]
fn cables_sent_in_one_minute_are_stepped_through_in_id_order() {
    let same = "O 020101Z JAN 07";
    let texts = [
        invented(1, "O 010101Z JAN 07", ""),
        invented(5, same, ""),
        invented(3, same, ""),
        invented(4, same, ""),
        invented(9, "O 030101Z JAN 07", ""),
    ];
    let texts: Vec<(&str, String)> = texts.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    let dir = library_of(&texts);
    let lib = Library::open(dir.path()).unwrap();
    let mut forward = vec!["07FICTIONIA1".to_string()];
    while let Some(n) = neighbour(&lib, forward.last().unwrap(), Step::Next) {
        forward.push(n);
    }
    assert_eq!(
        forward,
        [
            "07FICTIONIA1",
            "07FICTIONIA3",
            "07FICTIONIA4",
            "07FICTIONIA5",
            "07FICTIONIA9"
        ]
    );
    let mut back = vec!["07FICTIONIA9".to_string()];
    while let Some(n) = neighbour(&lib, back.last().unwrap(), Step::Previous) {
        back.push(n);
    }
    back.reverse();
    assert_eq!(back, forward);
}
