//! The reading commands on a library of the fictional fixtures: search,
//! show, refs, info, completions, and their bad inputs. The library is
//! built through the library API, so these tests do not depend on import.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use cablegram::library::{parse_named, Library, SourceRank, StoredCable};

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
        let cable = parse_named(text, stem, None);
        w.add(StoredCable {
            hash: cablegram::library::content_hash(text, None),
            cable,
            raw: text.clone(),
            rank: SourceRank::Text,
        })
        .unwrap();
    }
    w.finish().unwrap();
    dir
}

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

fn hit_ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn search_json_has_the_contract_shape() {
    let lib = fixture_library();
    let v = json(lib.path(), &["search", "turnip"]);
    assert!(v["total"].as_u64().unwrap() >= 3);
    let hit = &v["hits"][0];
    for key in [
        "id",
        "created",
        "classification",
        "origin",
        "subject",
        "score",
        "snippet",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    assert!(hit["snippet"]["text"].is_string());
    assert!(hit["snippet"]["marks"].is_array());
}

#[test]
fn snippet_marks_are_character_offsets_of_the_match() {
    let lib = fixture_library();
    let v = json(lib.path(), &["search", "festival"]);
    for hit in v["hits"].as_array().unwrap() {
        let text: Vec<char> = hit["snippet"]["text"].as_str().unwrap().chars().collect();
        for m in hit["snippet"]["marks"].as_array().unwrap() {
            let (s, e) = (
                m[0].as_u64().unwrap() as usize,
                m[1].as_u64().unwrap() as usize,
            );
            let marked: String = text[s..e].iter().collect();
            assert_eq!(marked.to_lowercase(), "festival");
        }
    }
}

#[test]
fn search_ignores_case_and_ands_terms() {
    let lib = fixture_library();
    let upper = json(lib.path(), &["search", "TURNIP"]);
    let lower = json(lib.path(), &["search", "turnip"]);
    assert_eq!(upper["total"], lower["total"]);
    let both = json(lib.path(), &["search", "turnip budget"]);
    assert!(both["total"].as_u64().unwrap() < lower["total"].as_u64().unwrap());
}

#[test]
fn refs_filter_lists_the_citing_cables() {
    let lib = fixture_library();
    let v = json(lib.path(), &["search", "refs:07FICTIONIA115"]);
    let mut ids = hit_ids(&v);
    ids.sort();
    assert_eq!(ids, ["07FICTIONIA130", "07STATE30210"]);
}

#[test]
fn class_filter_matches_a_part_of_the_classification() {
    let lib = fixture_library();
    let v = json(lib.path(), &["search", "class:noforn"]);
    assert_eq!(hit_ids(&v), ["07FICTIONIA115"]);
    let v = json(lib.path(), &["search", "class:secret"]);
    assert_eq!(hit_ids(&v), ["07FICTIONIA115"]);
}

#[test]
fn filter_only_queries_sort_newest_first() {
    let lib = fixture_library();
    let v = json(lib.path(), &["search", "date:2007"]);
    let dates: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["created"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert!(v["hits"][0]["score"].is_null());
}

#[test]
fn limit_cuts_the_hits_but_not_the_total() {
    let lib = fixture_library();
    let v = json(lib.path(), &["search", "date:2007", "--limit", "2"]);
    assert_eq!(v["hits"].as_array().unwrap().len(), 2);
    assert_eq!(v["total"].as_u64(), Some(4));
}

#[test]
fn plain_search_output_has_no_escape_codes_when_piped() {
    let lib = fixture_library();
    cablegram(lib.path())
        .args(["search", "festival"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("07FICTIONIA").and(predicate::str::contains("\x1b").not()),
        );
}

#[test]
fn a_bad_query_is_one_error_pointing_at_the_column() {
    let lib = fixture_library();
    cablegram(lib.path())
        .args(["search", "tag:PREL (turnip"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("column 10").and(predicate::str::contains("^")));
}

#[test]
fn show_lays_out_the_cable_with_its_references() {
    let lib = fixture_library();
    cablegram(lib.path())
        .args(["show", "07fictionia000130"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("07FICTIONIA130")
                .and(predicate::str::contains(
                    "SUBJECT: FICTIONIA: TURNIP FESTIVAL BUDGET DOUBLES",
                ))
                .and(predicate::str::contains("✓ 07FICTIONIA115"))
                .and(predicate::str::contains("Cited by: 07STATE30210")),
        );
}

#[test]
fn show_json_is_the_parse_object_with_cited_by() {
    let lib = fixture_library();
    let v = json(lib.path(), &["show", "07FICTIONIA101"]);
    assert_eq!(v["id"], "07FICTIONIA101");
    assert!(v.get("paragraphs").is_some() && v.get("body").is_some());
    let mut by: Vec<String> = v["cited_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    by.sort();
    assert_eq!(by, ["07FICTIONIA115", "07FICTIONIA130"]);
}

#[test]
fn show_raw_prints_the_imported_text() {
    let lib = fixture_library();
    let raw = std::fs::read_to_string(fixtures().join("07FICTIONIA101.txt")).unwrap();
    let first_line = raw.lines().find(|l| !l.trim().is_empty()).unwrap();
    cablegram(lib.path())
        .args(["show", "07FICTIONIA101", "--raw"])
        .assert()
        .success()
        .stdout(predicate::str::contains(first_line));
}

#[test]
fn show_of_an_unknown_or_malformed_id_is_an_error() {
    let lib = fixture_library();
    cablegram(lib.path())
        .args(["show", "07MOSCOW1026"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "07MOSCOW1026 is not in the library",
        ));
    cablegram(lib.path())
        .args(["show", "not-an-id"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a cable ID"));
}

#[test]
fn refs_follow_the_chain_to_the_depth_asked() {
    let lib = fixture_library();
    let v = json(lib.path(), &["refs", "07STATE30210", "--depth", "3"]);
    assert_eq!(v["id"], "07STATE30210");
    assert_eq!(v["present"], true);
    let a = &v["cites"][0];
    assert_eq!(a["id"], "07FICTIONIA130");
    let b = &a["cites"][0];
    assert_eq!(b["id"], "07FICTIONIA115");
    assert_eq!(b["cites"][0]["id"], "07FICTIONIA101");
    // Depth 1 stops after one step.
    let v = json(lib.path(), &["refs", "07STATE30210"]);
    assert!(v["cites"][0]["cites"].as_array().unwrap().is_empty());
}

#[test]
fn refs_mark_missing_cables_and_cut_cycles() {
    let a = "O 010101Z JAN 07\nFM AMEMBASSY FICTIONIA\n\nCONFIDENTIAL FICTIONIA 000001\n\nSUBJECT: ONE\nREF: A. FICTIONIA 2 B. FICTIONIA 99\n\n1. (C) Invented.\n";
    let b = "O 020101Z JAN 07\nFM AMEMBASSY FICTIONIA\n\nCONFIDENTIAL FICTIONIA 000002\n\nSUBJECT: TWO\nREF: A. FICTIONIA 1\n\n1. (C) Invented.\n";
    let lib = library_of(&[("a.txt", a.to_string()), ("b.txt", b.to_string())]);
    let v = json(lib.path(), &["refs", "07FICTIONIA1", "--depth", "4"]);
    let cites = v["cites"].as_array().unwrap();
    let two = cites.iter().find(|n| n["id"] == "07FICTIONIA2").unwrap();
    assert_eq!(two["cites"][0]["id"], "07FICTIONIA1");
    assert_eq!(two["cites"][0]["cycle"], true);
    let missing = cites.iter().find(|n| n["id"] == "07FICTIONIA99").unwrap();
    assert_eq!(missing["present"], false);
    cablegram(lib.path())
        .args(["refs", "07FICTIONIA1", "--depth", "4"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("not in the library").and(predicate::str::contains("cycle")),
        );
}

/// The USEU case: 09MOSCOW100 cites `USEU BRUSSELS 269`, which the
/// release files as 09BRUSSELS269 (both fixtures invented).
fn useu_library() -> tempfile::TempDir {
    let texts: Vec<(&str, String)> = ["09MOSCOW100.txt", "09BRUSSELS269.txt", "07FICTIONIA101.txt"]
        .iter()
        .map(|n| (*n, std::fs::read_to_string(fixtures().join(n)).unwrap()))
        .collect();
    library_of(&texts)
}

#[test]
fn a_useu_citation_is_one_citation_for_every_way_of_asking_who_cites() {
    use cablegram::library::thread;
    use cablegram::library::{ListQuery, RefStatus};
    let dir = useu_library();
    let lib = Library::open(dir.path()).unwrap();
    let citers = vec!["09MOSCOW100".to_string()];
    // show's and the sidebar's cited-by.
    assert_eq!(lib.cited_by("09BRUSSELS269").unwrap(), citers);
    let loaded = cablegram::tui::load_cable(&lib, "09BRUSSELS269")
        .unwrap()
        .unwrap();
    assert_eq!(loaded.cited_by, citers);
    // The reader's `c` list.
    let list = ListQuery::CitedBy("09BRUSSELS269".into());
    let page = lib.page(&list, None, 0, 10).unwrap();
    assert_eq!(page.total, 1);
    let ids: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["09MOSCOW100"]);
    assert_eq!(lib.count(&list).unwrap(), 1);
    // The `refs:` filter.
    let hits = lib.search("refs:09BRUSSELS269", 10, None).unwrap();
    let ids: Vec<&str> = hits.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["09MOSCOW100"]);
    let search = ListQuery::Search("refs:09BRUSSELS269".into());
    assert_eq!(lib.count(&search).unwrap(), 1);
    // `refs`, both ways.
    let t = thread::walk(&lib, "09BRUSSELS269", 1, thread::MAX_FAN_OUT).unwrap();
    let ids: Vec<&str> = t.cited_by.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["09MOSCOW100"]);
    let t = thread::walk(&lib, "09MOSCOW100", 1, thread::MAX_FAN_OUT).unwrap();
    assert_eq!(t.cites.len(), 1);
    assert_eq!(t.cites[0].id, "09BRUSSELS269");
    assert!(t.cites[0].present());
    // Following the reference.
    assert_eq!(
        lib.resolve("09USEUBRUSSELS269").unwrap().as_deref(),
        Some("09BRUSSELS269")
    );
    let moscow = lib.get("09MOSCOW100").unwrap().unwrap();
    assert_eq!(
        lib.follow(&moscow.cable).unwrap(),
        [RefStatus::Present("09BRUSSELS269".into())]
    );
}

#[test]
fn a_cable_citing_itself_is_not_among_its_citers_anywhere() {
    use cablegram::library::ListQuery;
    let a = "O 010101Z JAN 07\nFM AMEMBASSY FICTIONIA\n\nCONFIDENTIAL FICTIONIA 000001\n\nSUBJECT: ONE\nREF: A. FICTIONIA 1\n\n1. (C) Invented.\n";
    let b = "O 020101Z JAN 07\nFM AMEMBASSY FICTIONIA\n\nCONFIDENTIAL FICTIONIA 000002\n\nSUBJECT: TWO\nREF: A. FICTIONIA 1\n\n1. (C) Invented.\n";
    let dir = library_of(&[("a.txt", a.to_string()), ("b.txt", b.to_string())]);
    let lib = Library::open(dir.path()).unwrap();
    let two = vec!["07FICTIONIA2".to_string()];
    assert_eq!(lib.cited_by("07FICTIONIA1").unwrap(), two);
    let page = lib
        .page(&ListQuery::CitedBy("07FICTIONIA1".into()), None, 0, 10)
        .unwrap();
    let ids: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["07FICTIONIA2"]);
    let hits = lib.search("refs:07FICTIONIA1", 10, None).unwrap();
    assert_eq!(hits.total, 1);
    assert_eq!(hits.hits[0].id, "07FICTIONIA2");
}

#[test]
fn show_refs_and_search_agree_on_a_useu_citation() {
    let lib = useu_library();
    let v = json(lib.path(), &["show", "09BRUSSELS269"]);
    assert_eq!(v["cited_by"], serde_json::json!(["09MOSCOW100"]));
    let v = json(lib.path(), &["refs", "09BRUSSELS269"]);
    let by: Vec<&str> = v["cited_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(by, ["09MOSCOW100"]);
    let v = json(lib.path(), &["refs", "09MOSCOW100"]);
    assert_eq!(v["cites"][0]["id"], "09BRUSSELS269");
    assert_eq!(v["cites"][0]["present"], true);
    let v = json(lib.path(), &["search", "refs:09BRUSSELS269"]);
    assert_eq!(hit_ids(&v), ["09MOSCOW100"]);
    cablegram(lib.path())
        .args(["show", "09MOSCOW100"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "USEU BRUSSELS 269  ✓ 09BRUSSELS269",
        ));
}

#[test]
fn a_fresh_library_shows_the_bundled_samples_and_says_so() {
    // An empty directory: one that does not exist is created only by
    // `import` and the reader (tests/cli_usage.rs).
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().to_path_buf();
    cablegram(&lib)
        .args(["search", "moscow"])
        .assert()
        .success()
        .stdout(predicate::str::contains("07MOSCOW1026"))
        .stderr(predicate::str::contains("bundled sample"));
    let v = json(&lib, &["info"]);
    assert_eq!(v["cables"], 5);
    assert_eq!(v["samples"], true);
    // The sample without a year in its text has the ID the bundle supplies.
    let v = json(&lib, &["show", "05MOSCOW11807"]);
    assert_eq!(v["id"], "05MOSCOW11807");
}

#[test]
fn info_json_describes_the_library() {
    let lib = fixture_library();
    let v = json(lib.path(), &["info"]);
    assert_eq!(v["cables"], 4);
    assert_eq!(v["samples"], false);
    assert_eq!(v["first"], "2007-03-12T13:00:00Z");
    assert!(v["size_bytes"].as_u64().unwrap() > 0);
    assert!(v["path"]
        .as_str()
        .unwrap()
        .ends_with(lib.path().file_name().unwrap().to_str().unwrap()));
}

#[test]
fn a_directory_that_is_not_a_library_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.txt"), "my notes").unwrap();
    cablegram(dir.path())
        .args(["search", "moscow"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a cablegram library"));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("thesis.txt")).unwrap(),
        "my notes"
    );
}

#[test]
fn a_library_of_another_schema_asks_for_a_rebuild() {
    let lib = fixture_library();
    let meta = lib.path().join("library.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&meta).unwrap()).unwrap();
    v["schema_version"] = Value::from(0);
    std::fs::write(&meta, v.to_string()).unwrap();
    cablegram(lib.path())
        .args(["info"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("import --rebuild"));
}

#[test]
fn a_damaged_library_file_is_named() {
    let lib = fixture_library();
    std::fs::write(lib.path().join("library.json"), "{ not json").unwrap();
    cablegram(lib.path())
        .args(["info"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("library.json is damaged"));
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        Command::cargo_bin("cablegram")
            .unwrap()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("cablegram"));
    }
}

/// An invented cable the release would file under an odd ID
/// (`09EFTOFICTIONIA2211`: a handling word glued before the station) while
/// its text, and the cables citing it, say `FICTIONIA 2211`.
fn odd_id_library() -> tempfile::TempDir {
    let filed = "\
R 021234Z MAY 09
FM AMEMBASSY FICTIONIA
TO SECSTATE WASHDC 0001

CONFIDENTIAL EFTO FICTIONIA 002211

E.O. 12958: DECL: 05/02/2019
TAGS: PREL XF
SUBJECT: FICTIONIA: THE TURNIP COUNCIL MEETS

1. (C) The council met.
";
    let citing = "\
R 051234Z MAY 09
FM AMEMBASSY FICTIONIA
TO SECSTATE WASHDC 0002

CONFIDENTIAL FICTIONIA 002300

E.O. 12958: DECL: 05/05/2019
TAGS: PREL XF
SUBJECT: FICTIONIA: THE TURNIP COUNCIL, A FOLLOW-UP

REF: FICTIONIA 2211

1. (C) More on the council.
";
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    let mut w = lib.writer().unwrap();
    w.clear().unwrap();
    let release = cablegram::Metadata {
        id: Some("09EFTOFICTIONIA2211".into()),
        ..cablegram::Metadata::default()
    };
    for (text, meta) in [(filed, Some(release)), (citing, None)] {
        let cable = parse_named(text, None, meta.clone());
        w.add(StoredCable {
            hash: cablegram::library::content_hash(text, meta.as_ref()),
            cable,
            raw: text.to_string(),
            rank: SourceRank::ReleaseCsv,
        })
        .unwrap();
    }
    w.finish().unwrap();
    dir
}

#[test]
fn a_cable_filed_under_an_odd_id_is_found_through_the_id_its_text_gives() {
    use cablegram::library::{ListQuery, RefStatus};
    let dir = odd_id_library();
    let lib = Library::open(dir.path()).unwrap();
    let filed = lib.get("09EFTOFICTIONIA2211").unwrap().unwrap();
    assert_eq!(filed.cable.aliases, ["09FICTIONIA2211"]);
    // Following the REF entry, resolving, cited-by, `refs:` and `c` agree.
    assert_eq!(
        lib.resolve("09FICTIONIA2211").unwrap().as_deref(),
        Some("09EFTOFICTIONIA2211")
    );
    let citing = lib.get("09FICTIONIA2300").unwrap().unwrap();
    assert_eq!(
        lib.follow(&citing.cable).unwrap(),
        [RefStatus::Present("09EFTOFICTIONIA2211".into())]
    );
    let citers = vec!["09FICTIONIA2300".to_string()];
    assert_eq!(lib.cited_by("09EFTOFICTIONIA2211").unwrap(), citers);
    let list = ListQuery::CitedBy("09EFTOFICTIONIA2211".into());
    assert_eq!(lib.count(&list).unwrap(), 1);
    let hits = lib.search("refs:09EFTOFICTIONIA2211", 10, None).unwrap();
    let ids: Vec<&str> = hits.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["09FICTIONIA2300"]);
}

/// Two invented Berlin cables of the same serial, two years apart, and one
/// that mentions Berlin.
fn berlin_library() -> tempfile::TempDir {
    let cable = |dtg: &str, serial: &str, subject: &str| {
        format!("O {dtg}\nFM AMEMBASSY BERLIN\n\nCONFIDENTIAL BERLIN {serial}\n\nSUBJECT: {subject}\n\n1. (C) Invented text about Berlin.\n")
    };
    library_of(&[
        ("a.txt", cable("010101Z JAN 08", "001296", "ONE")),
        ("b.txt", cable("010101Z JAN 09", "001296", "TWO")),
        ("c.txt", cable("020101Z JAN 09", "000077", "THREE")),
    ])
}

#[test]
fn search_for_an_id_puts_that_cable_first_in_any_case_with_leading_zeros() {
    let lib = fixture_library();
    for q in ["07FICTIONIA115", "07fictionia000115"] {
        let v = json(lib.path(), &["search", q]);
        assert_eq!(
            hit_ids(&v).first().map(String::as_str),
            Some("07FICTIONIA115"),
            "{q}"
        );
    }
}

#[test]
fn search_for_a_station_and_serial_lists_that_serial_of_every_year() {
    let lib = berlin_library();
    let v = json(lib.path(), &["search", "BERLIN", "1296"]);
    let mut ids = hit_ids(&v);
    ids.sort();
    assert_eq!(ids, ["08BERLIN1296", "09BERLIN1296"]);
}

#[test]
fn refs_of_a_missing_cable_lists_its_citers() {
    let a = "O 010101Z JAN 07\nFM AMEMBASSY FICTIONIA\n\nCONFIDENTIAL FICTIONIA 000001\n\nSUBJECT: ONE\nREF: A. FICTIONIA 99\n\n1. (C) Invented.\n";
    let lib = library_of(&[("a.txt", a.to_string())]);
    cablegram(lib.path())
        .args(["refs", "07FICTIONIA99"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("07FICTIONIA99  ✗ not in the library")
                .and(predicate::str::contains("cited by:"))
                .and(predicate::str::contains("└─ 07FICTIONIA1  2007-01-01  ONE")),
        );
}

#[test]
fn refs_trees_show_dates() {
    let lib = fixture_library();
    let v = json(lib.path(), &["refs", "07STATE30210"]);
    assert!(v["date"].as_str().is_some_and(|d| d.len() == 10), "{v}");
    let out = cablegram(lib.path())
        .args(["refs", "07STATE30210"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("07STATE30210  {}", v["date"].as_str().unwrap())),
        "{text}"
    );
}

#[test]
fn search_counts_are_written_with_thousands_separators() {
    let texts: Vec<(String, String)> = (1..=1000)
        .map(|n| {
            (
                format!("c{n}.txt"),
                format!("O 010101Z JAN 07\nFM AMEMBASSY FICTIONIA\n\nCONFIDENTIAL FICTIONIA {n:06}\n\nSUBJECT: TURNIPS\n\n1. (C) Invented.\n"),
            )
        })
        .collect();
    let refs: Vec<(&str, String)> = texts.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    let lib = library_of(&refs);
    cablegram(lib.path())
        .args(["search", "turnips", "--limit", "0"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1,000 cables match"));
    cablegram(lib.path())
        .args(["search", "turnips"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("1,000 cables match; the first"));
}
