//! `cablegram parse` end to end: the JSON contract of docs/cli.md, JSON
//! Lines, standard input, `--year`, and the bad inputs of fixtures/bad/.
//!
//! Tests named `parsed_…` check values the parser finds in the fictional
//! fixtures (see fixtures/README.md); the others check the command itself.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_cablegram");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `cablegram` run from the crate root, so fixture paths in messages are
/// the relative ones given on the command line.
fn cablegram() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(ROOT);
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(ROOT).join("fixtures").join(name)
}

/// The keys of a `parse --json` object, in contract order.
const CONTRACT_KEYS: [&str; 17] = [
    "id",
    "aliases",
    "created",
    "origin",
    "classification",
    "handling",
    "subject",
    "tags",
    "references",
    "classified_by",
    "declassify_on",
    "signers",
    "recipients",
    "summary",
    "paragraphs",
    "entities",
    "body",
];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Every stdout line as a JSON object (panics on anything else).
    fn objects(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                let v: Value = serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
                assert!(v.is_object(), "not an object: {line}");
                v
            })
            .collect()
    }

    fn one(&self) -> Value {
        let objects = self.objects();
        assert_eq!(objects.len(), 1, "stdout: {}", self.stdout);
        objects.into_iter().next().unwrap()
    }

    fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }
}

fn run(args: &[&str]) -> Run {
    run_with_stdin(args, None)
}

fn run_with_stdin(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut cmd = cablegram();
    cmd.args(args);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes);
    }
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn ids(objects: &[Value]) -> Vec<Value> {
    objects.iter().map(|o| o["id"].clone()).collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---- the command itself -------------------------------------------------

#[test]
fn json_object_has_exactly_the_contract_keys() {
    let r = run(&["parse", "--json", "fixtures/07FICTIONIA101.txt"]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let obj = r.one();
    let keys: Vec<&str> = obj
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = CONTRACT_KEYS.to_vec();
    let mut got = keys.clone();
    expected.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, expected);
    for list in [
        "aliases",
        "handling",
        "tags",
        "references",
        "signers",
        "paragraphs",
        "entities",
    ] {
        assert!(obj[list].is_array(), "{list} is not a list: {}", obj[list]);
    }
    assert!(obj["recipients"]["to"].is_array());
    assert!(obj["recipients"]["info"].is_array());
    assert!(obj["body"].is_string());
    assert!(r.stderr.is_empty(), "stderr: {}", r.stderr);
}

#[test]
fn several_files_give_json_lines_in_order() {
    let r = run(&[
        "parse",
        "--json",
        "fixtures/07FICTIONIA101.txt",
        "fixtures/partial-no-year.txt",
        "fixtures/07STATE30210.txt",
    ]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let objects = r.objects();
    assert_eq!(objects.len(), 3);
    assert_eq!(
        objects[1]["id"],
        Value::Null,
        "the partial extract has no year"
    );
}

#[test]
fn csv_gives_one_json_line_per_row() {
    let r = run(&["parse", "--json", "fixtures/cables.csv"]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let objects = r.objects();
    assert_eq!(objects.len(), 5);
    for obj in &objects {
        assert_eq!(obj.as_object().unwrap().len(), CONTRACT_KEYS.len());
    }
}

#[test]
fn gzipped_csv_gives_the_same_output_as_the_plain_one() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("cables.csv.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    enc.write_all(&std::fs::read(fixture("cables.csv")).unwrap())
        .unwrap();
    enc.finish().unwrap();
    let plain = run(&["parse", "--json", "fixtures/cables.csv"]);
    let zipped = run(&["parse", "--json", gz.to_str().unwrap()]);
    assert_eq!(zipped.code, 0, "stderr: {}", zipped.stderr);
    assert_eq!(zipped.objects().len(), 5);
    assert_eq!(zipped.stdout, plain.stdout);
}

#[test]
fn csv_is_recognised_by_content_under_another_name() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("rows.txt");
    std::fs::copy(fixture("cables.csv"), &renamed).unwrap();
    let r = run(&["parse", "--json", renamed.to_str().unwrap()]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.objects().len(), 5);
}

#[test]
fn dash_reads_a_cable_from_stdin() {
    let text = std::fs::read(fixture("07FICTIONIA101.txt")).unwrap();
    let from_stdin = run_with_stdin(&["parse", "--json", "-"], Some(text));
    assert_eq!(from_stdin.code, 0, "stderr: {}", from_stdin.stderr);
    let from_file = run(&["parse", "--json", "fixtures/07FICTIONIA101.txt"]);
    assert_eq!(from_stdin.one(), from_file.one());
}

#[test]
fn dash_reads_a_csv_from_stdin() {
    let csv = std::fs::read(fixture("cables.csv")).unwrap();
    let r = run_with_stdin(&["parse", "--json", "-"], Some(csv));
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.objects().len(), 5);
}

#[test]
fn empty_stdin_is_named_stdin() {
    let r = run_with_stdin(&["parse", "--json", "-"], Some(Vec::new()));
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "error: <stdin>: the file is empty\n");
}

#[test]
fn year_must_be_four_digits() {
    let r = run(&["parse", "--year", "07", "fixtures/partial-no-year.txt"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("four-digit year"), "stderr: {}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn without_json_a_summary_per_cable_is_printed() {
    let r = run(&[
        "parse",
        "fixtures/partial-no-year.txt",
        "fixtures/07FICTIONIA101.txt",
    ]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(
        r.stdout
            .starts_with("(no ID)  [fixtures/partial-no-year.txt]\n"),
        "{}",
        r.stdout
    );
    for label in [
        "created",
        "classification",
        "origin",
        "subject",
        "tags",
        "references",
        "paragraphs",
        "signers",
    ] {
        assert_eq!(
            r.stdout
                .lines()
                .filter(|l| l.trim_start().starts_with(label))
                .count(),
            2,
            "{label} once per cable:\n{}",
            r.stdout
        );
    }
}

#[test]
fn summary_of_a_csv_row_names_row_and_line() {
    let r = run(&["parse", "fixtures/cables.csv"]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(
        r.stdout.contains("[fixtures/cables.csv: row 2 (line 40)]"),
        "{}",
        r.stdout
    );
}

// ---- bad input ------------------------------------------------------------

#[test]
fn empty_file_is_one_error_and_the_other_files_are_parsed() {
    let r = run(&[
        "parse",
        "--json",
        "fixtures/bad/empty.txt",
        "fixtures/07FICTIONIA101.txt",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr_lines(),
        ["error: fixtures/bad/empty.txt: the file is empty"]
    );
    assert_eq!(r.objects().len(), 1);
}

#[test]
fn binary_junk_is_one_error() {
    let r = run(&[
        "parse",
        "--json",
        "fixtures/07FICTIONIA101.txt",
        "fixtures/bad/junk.bin",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr_lines(),
        ["error: fixtures/bad/junk.bin: the file is binary, not text (it contains NUL bytes)"]
    );
    assert_eq!(r.objects().len(), 1);
}

#[test]
fn broken_quote_names_row_and_line_and_the_other_rows_are_parsed() {
    let r = run(&["parse", "--json", "fixtures/bad/broken-quote.csv"]);
    assert_eq!(r.code, 1);
    let errors = r.stderr_lines();
    assert_eq!(errors.len(), 1, "stderr: {}", r.stderr);
    assert!(
        errors[0].starts_with(
            "error: fixtures/bad/broken-quote.csv: row 2 (line 12): broken quote at line 20: "
        ),
        "{}",
        errors[0]
    );
    let objects = r.objects();
    assert_eq!(objects.len(), 2, "rows 1 and 3");
    assert!(objects[0]["body"]
        .as_str()
        .unwrap()
        .contains("FIRST GOOD ROW"));
    assert!(objects[1]["body"]
        .as_str()
        .unwrap()
        .contains("THIRD GOOD ROW"));
}

#[test]
fn truncated_csv_names_the_last_row() {
    let r = run(&["parse", "--json", "fixtures/bad/truncated.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr_lines(),
        ["error: fixtures/bad/truncated.csv: row 2 (line 12): the file ends in the middle of this row; it is truncated"]
    );
    assert_eq!(r.objects().len(), 1);
}

#[test]
fn seven_columns_is_a_column_count_error_and_the_other_rows_are_parsed() {
    let r = run(&["parse", "--json", "fixtures/bad/seven-columns.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr_lines(),
        ["error: fixtures/bad/seven-columns.csv: row 2 (line 12): wrong number of columns (7, expected 8)"]
    );
    let objects = r.objects();
    assert_eq!(objects.len(), 2);
    assert!(objects[1]["body"]
        .as_str()
        .unwrap()
        .contains("THIRD GOOD ROW"));
}

#[test]
fn bad_date_names_row_and_value() {
    let r = run(&["parse", "--json", "fixtures/bad/bad-date.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr_lines(),
        ["error: fixtures/bad/bad-date.csv: row 2 (line 12): bad date \"2/30/2007 9:30\" in the created column (expected M/D/YYYY H:MM)"]
    );
    assert_eq!(r.objects().len(), 2);
}

#[test]
fn nonexistent_path_is_one_error_and_the_other_files_are_parsed() {
    let r = run(&[
        "parse",
        "--json",
        "fixtures/no-such-cable.txt",
        "fixtures/07FICTIONIA101.txt",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr_lines(),
        ["error: fixtures/no-such-cable.txt: cannot be read: no such file or directory"]
    );
    assert_eq!(r.objects().len(), 1);
}

#[test]
fn directory_is_one_error() {
    let r = run(&[
        "parse",
        "--json",
        "fixtures/bad",
        "fixtures/07FICTIONIA101.txt",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr_lines(),
        ["error: fixtures/bad: is a directory, not a cable file"]
    );
    assert_eq!(r.objects().len(), 1);
}

#[test]
fn every_bad_input_at_once_gives_one_line_each_and_exit_1() {
    let r = run(&[
        "parse",
        "--json",
        "fixtures/bad/empty.txt",
        "fixtures/bad/junk.bin",
        "fixtures/bad/broken-quote.csv",
        "fixtures/bad/truncated.csv",
        "fixtures/bad/seven-columns.csv",
        "fixtures/missing.txt",
        "fixtures/cables.csv",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr_lines().len(), 6, "stderr: {}", r.stderr);
    assert!(r
        .stderr_lines()
        .iter()
        .all(|l| l.starts_with("error: fixtures/")));
    assert_eq!(r.objects().len(), 2 + 1 + 2 + 5);
}

#[test]
fn closing_the_output_early_ends_quietly() {
    // Enough rows that the output cannot fit in a pipe buffer.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    let row = std::fs::read_to_string(fixture("cables.csv")).unwrap();
    let first_row = &row[..row.find("\n\"2\",\"").unwrap() + 1];
    let mut data = String::new();
    for seq in 1..=2000 {
        data.push_str(&first_row.replacen("\"1\"", &format!("\"{seq}\""), 1));
    }
    std::fs::write(&big, data).unwrap();

    let mut child = StdCommand::new(BIN)
        .args(["parse", "--json"])
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'));
    // The reader is dropped here: like `| head -1`.
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

// ---- help and arguments ----------------------------------------------------

#[test]
fn help_lists_parse_and_exits_0() {
    cablegram()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("parse"))
        .stdout(predicate::str::contains("--library"));
}

#[test]
fn parse_help_shows_its_options() {
    cablegram()
        .args(["parse", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--year <YYYY>"))
        .stdout(predicate::str::contains("--json"))
        .stdout(predicate::str::contains("FILE"));
}

#[test]
fn the_reader_without_a_terminal_is_one_clear_error() {
    cablegram()
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the reader needs a terminal"));
}

#[test]
fn help_lists_the_commands() {
    cablegram()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: cablegram"))
        .stdout(predicate::str::contains("parse"));
}

#[test]
fn parse_without_files_is_a_usage_error() {
    cablegram()
        .arg("parse")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("FILE"));
}

#[test]
fn library_flag_is_accepted_before_and_after_the_subcommand() {
    for args in [
        [
            "--library",
            "/nonexistent/lib",
            "parse",
            "--json",
            "fixtures/07FICTIONIA101.txt",
        ],
        [
            "parse",
            "--library",
            "/nonexistent/lib",
            "--json",
            "fixtures/07FICTIONIA101.txt",
        ],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 0, "stderr: {}", r.stderr);
        assert_eq!(r.objects().len(), 1);
    }
}

// ---- parsed values (need the real parser) ----------------------------------

fn parse_one(file: &str, extra: &[&str]) -> Value {
    let mut args = vec!["parse", "--json"];
    args.extend_from_slice(extra);
    args.push(file);
    let r = run(&args);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    r.one()
}

#[test]
fn parsed_plain_cable_has_its_header_fields() {
    let c = parse_one("fixtures/07FICTIONIA101.txt", &[]);
    assert_eq!(c["id"], "07FICTIONIA101");
    assert_eq!(c["created"], "2007-03-12T13:00:00Z");
    assert_eq!(c["classification"], "CONFIDENTIAL");
    assert_eq!(c["handling"], json!(["SIPDIS"]));
    assert_eq!(
        c["subject"],
        "FICTIONIA: MINISTRY OF ROOT VEGETABLES ANNOUNCES SURPRISE TURNIP FESTIVAL"
    );
    assert_eq!(c["tags"], json!(["PREL", "PGOV", "EAGR", "XF"]));
    assert_eq!(c["references"], json!([]));
    assert_eq!(c["declassify_on"], "2017-03-12");
    assert_eq!(c["signers"], json!(["EXAMPLE"]));
    assert_eq!(c["classified_by"]["name"], "Jane Q. Example");
    assert_eq!(
        c["recipients"],
        json!({
            "to": [{"route": "RUEHC", "name": "SECSTATE WASHDC", "precedence": "IMMEDIATE", "serial": "0547"}],
            "info": [
                {"route": "RUEHZL", "name": "NORDLAND COLLECTIVE", "precedence": null, "serial": null},
                {"route": "RUEHPT", "name": "AMCONSUL PORT TURNIP", "precedence": "PRIORITY", "serial": "0031"}
            ]
        })
    );
    assert_eq!(c["entities"], json!([]));
}

#[test]
fn parsed_plain_cable_has_its_paragraphs_and_summary() {
    let c = parse_one("fixtures/07FICTIONIA101.txt", &[]);
    let paragraphs = c["paragraphs"].as_array().unwrap();
    let numbers: Vec<&str> = paragraphs
        .iter()
        .map(|p| p["number"].as_str().unwrap())
        .collect();
    let marks: Vec<&str> = paragraphs
        .iter()
        .map(|p| p["classification"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["1", "2", "3", "4"]);
    assert_eq!(marks, ["C", "C", "U", "C"]);
    assert_eq!(
        collapse(c["summary"].as_str().unwrap()),
        "The Fictionian Ministry of Root Vegetables told us March 11 that it will hold a \
         national turnip festival in April, two months ahead of the usual date. Officials call \
         the festival \"purely agricultural,\" but opposition leaders see an election rally in \
         disguise."
    );
}

#[test]
fn parsed_references_give_ids_and_null_for_non_cables() {
    let b = parse_one("fixtures/07FICTIONIA115.txt", &[]);
    assert_eq!(b["classification"], "SECRET//NOFORN");
    assert_eq!(b["handling"], json!(["SIPDIS", "NOFORN"]));
    assert_eq!(
        b["references"],
        json!([
            {"label": "A", "text": "FICTIONIA 101", "id": "07FICTIONIA101"},
            {"label": "B", "text": "EMAIL OF 03/14/07", "id": null}
        ])
    );
}

#[test]
fn parsed_ref_chain_links_the_fixtures() {
    let r = run(&[
        "parse",
        "--json",
        "fixtures/07STATE30210.txt",
        "fixtures/07FICTIONIA130.txt",
        "fixtures/07FICTIONIA115.txt",
        "fixtures/07FICTIONIA101.txt",
    ]);
    let objects = r.objects();
    assert_eq!(
        ids(&objects),
        [
            json!("07STATE30210"),
            json!("07FICTIONIA130"),
            json!("07FICTIONIA115"),
            json!("07FICTIONIA101")
        ]
    );
    let cites = |o: &Value| -> Vec<Value> {
        o["references"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].clone())
            .collect()
    };
    assert_eq!(
        cites(&objects[0]),
        [json!("07FICTIONIA130"), json!("07FICTIONIA115")]
    );
    assert_eq!(
        cites(&objects[1]),
        [json!("07FICTIONIA115"), json!("07FICTIONIA101")]
    );
    assert_eq!(cites(&objects[2]), [json!("07FICTIONIA101"), Value::Null]);
    assert_eq!(cites(&objects[3]), Vec::<Value>::new());
    assert_eq!(objects[0]["signers"], json!(["DOE"]));
}

#[test]
fn parsed_sensitive_unclas_cable_with_a_page_break() {
    let c = parse_one("fixtures/07FICTIONIA130.txt", &[]);
    assert_eq!(c["classification"], "UNCLASSIFIED//FOR OFFICIAL USE ONLY");
    assert_eq!(c["handling"], json!(["SENSITIVE", "SIPDIS"]));
    assert_eq!(c["declassify_on"], Value::Null);
    assert_eq!(
        c["references"],
        json!([
            {"label": "A", "text": "FICTIONIA 115", "id": "07FICTIONIA115"},
            {"label": "B", "text": "07 FICTIONIA 101", "id": "07FICTIONIA101"}
        ])
    );
    let paragraphs = c["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 3);
    assert!(paragraphs[1]["text"]
        .as_str()
        .unwrap()
        .contains("where the money would come from"));
    assert!(!c["body"].as_str().unwrap().contains("002 OF 002"));
}

#[test]
fn parsed_partial_extract_has_no_id_without_a_year() {
    let c = parse_one("fixtures/partial-no-year.txt", &[]);
    assert_eq!(c["id"], Value::Null);
    assert_eq!(c["created"], Value::Null);
    assert_eq!(c["classification"], "CONFIDENTIAL");
    let refs: Vec<&Value> = c["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(refs, [&Value::Null, &Value::Null]);
}

#[test]
fn parsed_year_option_supplies_the_missing_year() {
    let c = parse_one("fixtures/partial-no-year.txt", &["--year", "2007"]);
    assert_eq!(c["id"], "07FICTIONIA142");
    let refs: Vec<&Value> = c["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(refs, [&json!("07FICTIONIA130"), &json!("07STATE30210")]);
}

#[test]
fn parsed_year_option_does_not_override_the_text() {
    let with = parse_one("fixtures/07FICTIONIA101.txt", &["--year", "1999"]);
    assert_eq!(with["id"], "07FICTIONIA101");
    assert_eq!(with["created"], "2007-03-12T13:00:00Z");
}

#[test]
fn parsed_html_page_matches_the_plain_text() {
    let page = parse_one("fixtures/07FICTIONIA115.html", &[]);
    let text = parse_one("fixtures/07FICTIONIA115.txt", &[]);
    assert_eq!(page["id"], "07FICTIONIA115");
    // The DTG wins over the page's wrong minutes (10:10).
    assert_eq!(page["created"], "2007-03-20T10:45:00Z");
    assert_eq!(page["origin"], "Embassy Fictionia");
    for key in ["classification", "subject", "tags", "references", "signers"] {
        assert_eq!(page[key], text[key], "{key}");
    }
    let body = page["body"].as_str().unwrap();
    assert!(
        !body.contains("<a ") && !body.contains("&#x000A;"),
        "{body}"
    );
    assert!(body.contains("AGRI\\TURNIPS\\07-115"));
}

#[test]
fn parsed_markdown_copy_matches_the_plain_text() {
    let md = parse_one("fixtures/07FICTIONIA130.md", &[]);
    let text = parse_one("fixtures/07FICTIONIA130.txt", &[]);
    for key in [
        "id",
        "created",
        "classification",
        "handling",
        "subject",
        "tags",
        "references",
        "signers",
    ] {
        assert_eq!(md[key], text[key], "{key}");
    }
    let numbers = |c: &Value| -> Vec<Value> {
        c["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["number"].clone())
            .collect()
    };
    assert_eq!(numbers(&md), [json!("1"), json!("2"), json!("3")]);
}

#[test]
fn parsed_csv_rows_carry_the_release_metadata() {
    let r = run(&["parse", "--json", "fixtures/cables.csv"]);
    let objects = r.objects();
    assert_eq!(
        ids(&objects),
        [
            json!("07FICTIONIA101"),
            json!("07FICTIONIA115"),
            json!("07FICTIONIA130"),
            json!("07STATE30210"),
            json!("07FICTIONIA142")
        ]
    );
    // The partial extract has no DTG: its date comes from the created column.
    assert_eq!(objects[4]["created"], "2007-03-30T08:05:00Z");
    assert_eq!(objects[4]["origin"], "Embassy Fictionia");
    assert_eq!(objects[3]["origin"], "Secretary of State");
    assert_eq!(
        objects[2]["classification"],
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    );
    // The CSV row and the text file are the same cable.
    let text = parse_one("fixtures/07FICTIONIA115.txt", &[]);
    for key in ["subject", "tags", "references", "paragraphs", "body"] {
        assert_eq!(objects[1][key], text[key], "{key}");
    }
}
