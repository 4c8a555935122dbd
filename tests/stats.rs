//! `cablegram stats` end to end: its tables, --top, --json and bad
//! queries on the fixtures, and on the real corpus (gated on ../shared)
//! the counts by year, origin and class against the release metadata.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A library in a temporary directory, filled by `import`.
struct Lib {
    _tmp: TempDir,
    dir: PathBuf,
}

impl Lib {
    fn import(source: &Path) -> Lib {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("library");
        let lib = Lib { _tmp: tmp, dir };
        lib.cmd().arg("import").arg(source).assert().success();
        lib
    }

    fn fixtures() -> Lib {
        Lib::import(&Path::new(ROOT).join("fixtures/cables.csv"))
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("cablegram").unwrap();
        cmd.current_dir(ROOT)
            .arg("--library")
            .arg(&self.dir)
            .env_remove("CABLEGRAM_LIBRARY")
            .env_remove("CABLEGRAM_COMMIT_EVERY");
        cmd
    }

    /// The stdout of a `stats` that succeeds.
    fn stats(&self, args: &[&str]) -> String {
        let out = self.cmd().arg("stats").args(args).output().unwrap();
        assert!(
            out.status.success(),
            "stats {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.stats(&[args, &["--json"]].concat());
        serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }
}

#[test]
fn a_table_per_kind_with_counts_and_shares() {
    let lib = Lib::fixtures();
    assert_eq!(
        lib.stats(&["--by", "origin", "--by", "class"]),
        "5 cables

origin              cables   share
Embassy Fictionia        4   80.0%
Secretary of State       1   20.0%

class                                cables   share
CONFIDENTIAL                              3   60.0%
SECRET//NOFORN                            1   20.0%
UNCLASSIFIED//FOR OFFICIAL USE ONLY       1   20.0%
"
    );
}

#[test]
fn without_by_the_table_is_by_year() {
    let lib = Lib::fixtures();
    assert_eq!(
        lib.stats(&[]),
        "5 cables\n\nyear  cables   share\n2007       5  100.0%\n"
    );
}

#[test]
fn an_empty_query_counts_every_cable() {
    let lib = Lib::fixtures();
    assert_eq!(lib.json(&[""])["total"], 5);
}

#[test]
fn the_query_narrows_the_counts() {
    let lib = Lib::fixtures();
    assert_eq!(
        lib.json(&["tag:PINR", "--by", "signer"]),
        json!({"total": 1, "by": {"signer": [{"key": "EXAMPLE", "count": 1}]}})
    );
}

#[test]
fn top_keeps_the_most_frequent_and_says_what_is_left_out() {
    let lib = Lib::fixtures();
    assert_eq!(
        lib.stats(&["--by", "tag", "--top", "2"]),
        "5 cables

tag   cables   share
XF         5  100.0%
PREL       4   80.0%
… and 4 more (--top to see them)
"
    );
}

#[test]
fn json_lists_the_kinds_in_the_order_asked() {
    let lib = Lib::fixtures();
    assert_eq!(
        lib.stats(&["--by", "handling", "--by", "month", "--top", "1", "--json"]),
        concat!(
            r#"{"total":5,"by":{"handling":[{"key":"SIPDIS","count":4}],"#,
            r#""month":[{"key":"2007-03","count":5}]}}"#,
            "\n"
        )
    );
}

#[test]
fn a_query_may_start_with_a_hyphen() {
    let lib = Lib::fixtures();
    // Every cable but the one tagged PINR.
    let all = lib.json(&["--by", "year"]);
    let but = lib.json(&["-tag:PINR", "--by", "year"]);
    assert_eq!(
        but["total"].as_u64().unwrap() + 1,
        all["total"].as_u64().unwrap()
    );
}

#[test]
fn a_query_matching_nothing_says_so() {
    let lib = Lib::fixtures();
    assert_eq!(lib.stats(&["tag:NOSUCH"]), "no cable matches\n");
    assert_eq!(
        lib.json(&["tag:NOSUCH", "--by", "origin"]),
        json!({"total": 0, "by": {"origin": []}})
    );
}

#[test]
fn a_bad_query_is_an_error_with_its_column() {
    let lib = Lib::fixtures();
    let out = lib.cmd().args(["stats", "PREL AND"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error: bad query: column 6:"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn an_unknown_kind_is_a_usage_error() {
    let lib = Lib::fixtures();
    let out = lib
        .cmd()
        .args(["stats", "--by", "classification"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("possible values"), "{stderr}");
}

/// The release metadata's counts of one field, in the order `stats` gives
/// them: most first, ties by key; years by key.
fn expected(truth: &[Value], field: impl Fn(&Value) -> String, timeline: bool) -> Value {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for row in truth {
        *counts.entry(field(row)).or_default() += 1;
    }
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    if timeline {
        v.sort();
    } else {
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    Value::Array(
        v.into_iter()
            .map(|(key, count)| json!({"key": key, "count": count}))
            .collect(),
    )
}

#[test]
fn corpus_counts_by_year_origin_and_class_are_the_release_metadata() {
    let corpus = Path::new(ROOT).join("../shared/corpus");
    if !corpus.join("truth.jsonl").exists() {
        eprintln!("note: ../shared/corpus is absent; skipping the stats acceptance");
        return;
    }
    let truth: Vec<Value> = std::fs::read_to_string(corpus.join("truth.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let text = |name: &'static str| move |row: &Value| row[name].as_str().unwrap().to_string();
    let year = |row: &Value| row["created"].as_str().unwrap()[..4].to_string();
    let want = json!({
        "total": truth.len(),
        "by": {
            "year": expected(&truth, year, true),
            "origin": expected(&truth, text("origin"), false),
            "class": expected(&truth, text("classification"), false),
        }
    });
    let lib = Lib::import(&corpus.join("cables.csv"));
    let got = lib.json(&["--by", "year", "--by", "origin", "--by", "class"]);
    assert_eq!(got, want);
}
