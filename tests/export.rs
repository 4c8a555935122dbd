//! `cablegram export` on a library of the fictional fixtures: each format
//! read back by a real parser of it, the ID list and the output file.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde::Deserialize;

use cablegram::library::{parse_named, Library, SourceRank, StoredCable};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The subject 07FICTIONIA101 is given here, with the characters CSV and
/// BibTeX must escape.
const ODD_SUBJECT: &str = r#"FICTIONIA: "ROOT" VEGETABLES, 50% & {MORE}"#;

/// A library of four fixtures, 07FICTIONIA101 with [`ODD_SUBJECT`].
fn fixture_library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    let mut w = lib.writer().unwrap();
    w.clear().unwrap();
    for name in [
        "07FICTIONIA101.txt",
        "07FICTIONIA115.txt",
        "07FICTIONIA130.txt",
        "07STATE30210.txt",
    ] {
        let mut text = std::fs::read_to_string(fixtures().join(name)).unwrap();
        if name == "07FICTIONIA101.txt" {
            text = text.replace(
                "SUBJECT: FICTIONIA: MINISTRY OF ROOT VEGETABLES ANNOUNCES\nSURPRISE TURNIP FESTIVAL",
                &format!("SUBJECT: {ODD_SUBJECT}"),
            );
        }
        let stem = Path::new(name).file_stem().and_then(|s| s.to_str());
        let cable = parse_named(&text, stem, None);
        w.add(StoredCable {
            hash: cablegram::library::content_hash(&text, None),
            cable,
            raw: text,
            rank: SourceRank::Text,
        })
        .unwrap();
    }
    w.finish().unwrap();
    dir
}

fn cablegram(lib: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cablegram").unwrap();
    cmd.arg("--library")
        .arg(lib)
        .env_remove("CABLEGRAM_LIBRARY");
    cmd
}

fn stdout(lib: &Path, args: &[&str]) -> String {
    let out = cablegram(lib).args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CslItem {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    title: String,
    issued: CslDate,
    publisher: String,
    number: String,
    #[serde(rename = "URL")]
    url: String,
}

#[derive(Debug, Deserialize)]
struct CslDate {
    #[serde(rename = "date-parts")]
    date_parts: Vec<Vec<u16>>,
}

#[test]
fn csl_json_is_an_array_of_items_with_the_csl_fields() {
    let lib = fixture_library();
    let text = stdout(lib.path(), &["export", "tag:PREL", "--format", "csl-json"]);
    let items: Vec<CslItem> = serde_json::from_str(&text).unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["07STATE30210", "07FICTIONIA115", "07FICTIONIA101"]);
    let first = items.iter().find(|i| i.id == "07FICTIONIA101").unwrap();
    assert_eq!(first.kind, "report");
    assert_eq!(first.title, ODD_SUBJECT);
    assert_eq!(first.issued.date_parts, [[2007, 3, 12]]);
    assert_eq!(first.publisher, "Embassy Fictionia");
    assert_eq!(first.number, "07FICTIONIA101");
    assert_eq!(
        first.url,
        "http://cablegate.wikileaks.org/cable/2007/03/07FICTIONIA101.html"
    );
}

#[test]
fn an_empty_set_is_an_empty_csl_array() {
    let lib = fixture_library();
    let text = stdout(
        lib.path(),
        &["export", "tag:NOSUCH", "--format", "csl-json"],
    );
    let items: Vec<CslItem> = serde_json::from_str(&text).unwrap();
    assert!(items.is_empty());
}

#[test]
fn bibtex_parses_with_a_bibtex_parser_and_keeps_the_subject() {
    use biblatex::ChunksExt;
    let lib = fixture_library();
    let text = stdout(lib.path(), &["export", "tag:PREL", "--format", "bibtex"]);
    let bib = biblatex::Bibliography::parse(&text).unwrap();
    assert_eq!(bib.len(), 3);
    let entry = bib.get("07FICTIONIA101").unwrap();
    assert_eq!(entry.entry_type, biblatex::EntryType::Misc);
    let field = |k: &str| entry.get(k).unwrap().format_verbatim();
    assert_eq!(field("title"), ODD_SUBJECT);
    assert_eq!(field("publisher"), "Embassy Fictionia");
    assert_eq!(field("number"), "07FICTIONIA101");
    assert_eq!(field("year"), "2007");
    assert_eq!(
        field("url"),
        "http://cablegate.wikileaks.org/cable/2007/03/07FICTIONIA101.html"
    );
}

#[test]
fn csv_round_trips_through_the_csv_crate() {
    let lib = fixture_library();
    let text = stdout(lib.path(), &["export", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap(),
        vec![
            "id",
            "created",
            "classification",
            "origin",
            "subject",
            "tags",
            "references"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let row = rows.iter().find(|r| &r[0] == "07FICTIONIA101").unwrap();
    assert_eq!(&row[4], ODD_SUBJECT);
    assert_eq!(&row[5], "PREL|PGOV|EAGR|XF");
    let state = rows.iter().find(|r| &r[0] == "07STATE30210").unwrap();
    assert_eq!(&state[6], "07FICTIONIA130|07FICTIONIA115");
    // Quotes doubled (RFC 4180), not backslash-escaped.
    assert!(
        text.contains(r#""FICTIONIA: ""ROOT"" VEGETABLES"#),
        "{text}"
    );
}

#[test]
fn markdown_lists_the_citation_lines_and_full_adds_the_text() {
    let lib = fixture_library();
    let text = stdout(lib.path(), &["export", "tag:PREL", "--format", "md"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[2],
        format!("- 07FICTIONIA101 · CONFIDENTIAL · 2007-03-12 · Embassy Fictionia · {ODD_SUBJECT}")
    );
    assert!(!text.contains("Deputy Minister Anna Beet"));

    let full = stdout(
        lib.path(),
        &["export", "id:07FICTIONIA101", "--format", "md", "--full"],
    );
    assert!(
        full.starts_with("## 07FICTIONIA101 · CONFIDENTIAL"),
        "{full}"
    );
    assert!(full.contains("¶2 (C) Deputy Minister Anna Beet"), "{full}");
}

#[test]
fn jsonl_lines_are_the_show_json_objects() {
    let lib = fixture_library();
    let text = stdout(lib.path(), &["export", "tag:PREL", "--format", "jsonl"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap();
        let shown = stdout(lib.path(), &["show", id, "--json"]);
        assert_eq!(line, shown.trim_end());
    }
}

#[test]
fn an_id_file_exports_its_cables_in_its_order() {
    let lib = fixture_library();
    let ids = lib.path().join("ids.txt");
    std::fs::write(&ids, "# for the piece\n07state30210\n\n07FICTIONIA101\n").unwrap();
    let text = stdout(
        lib.path(),
        &["export", "--ids", ids.to_str().unwrap(), "--format", "md"],
    );
    let firsts: Vec<&str> = text.lines().map(|l| l.split(' ').nth(1).unwrap()).collect();
    assert_eq!(firsts, ["07STATE30210", "07FICTIONIA101"]);
}

#[test]
fn an_unknown_id_in_the_file_is_an_error_naming_the_line_and_nothing_is_written() {
    let lib = fixture_library();
    let ids = lib.path().join("ids.txt");
    let out = lib.path().join("out.md");
    std::fs::write(&ids, "07FICTIONIA101\n# next is missing\n09NOWHERE1\n").unwrap();
    cablegram(lib.path())
        .args(["export", "--ids", ids.to_str().unwrap(), "--format", "md"])
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "ids.txt, line 3: 09NOWHERE1 is not in the library",
        ));
    assert!(!out.exists());
}

#[test]
fn output_file_holds_the_export_and_stdout_stays_empty() {
    let lib = fixture_library();
    let out = lib.path().join("cables.csv");
    cablegram(lib.path())
        .args(["export", "--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("wrote 4 cables to"));
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        csv::Reader::from_reader(text.as_bytes()).records().count(),
        4
    );
}

#[test]
fn a_query_may_start_with_a_dash() {
    let lib = fixture_library();
    let text = stdout(lib.path(), &["export", "-tag:PREL", "--format", "md"]);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("07FICTIONIA130"));
}

#[test]
fn a_bad_query_fails_before_anything_is_written() {
    let lib = fixture_library();
    cablegram(lib.path())
        .args(["export", "date:2007-13", "--format", "md"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("bad query"));
}

/// Page by page, every cable of the list comes once, newest first.
#[test]
fn query_cables_read_in_pages_give_every_cable_once_in_date_order() {
    use cablegram::library::export::QueryCables;
    use cablegram::library::ListQuery;
    let dir = fixture_library();
    let lib = Library::open(dir.path()).unwrap();
    let ids: Vec<String> = QueryCables::new(&lib, ListQuery::All)
        .with_page_size(3)
        .map(|c| c.unwrap().id.unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "07STATE30210",
            "07FICTIONIA130",
            "07FICTIONIA115",
            "07FICTIONIA101"
        ]
    );
}
