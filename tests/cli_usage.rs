//! The command line itself, as a new user meets it: queries that start
//! with `-`, `--limit 0`, a mistyped `--library`, what `parse` says about a
//! file named after its ID, `bookmarks export` without `--format`, the
//! query language in `search --help`, and the man page (issue 13).
//!
//! The libraries here are fresh directories, so they hold the five bundled
//! samples (assets/samples): every test runs without ../shared.

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `cablegram` on the library in `lib`, from the crate root, with no
/// library named by the environment.
fn cablegram(lib: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cablegram").unwrap();
    cmd.current_dir(ROOT)
        .env_remove("CABLEGRAM_LIBRARY")
        .arg("--library")
        .arg(lib);
    cmd
}

fn stdout_json(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn hit_ids(v: &Value) -> Vec<&str> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect()
}

// Item 1: a query may start with `-`; `--limit 0`.

#[test]
fn a_query_may_start_with_a_hyphen() {
    let lib = tempfile::tempdir().unwrap();
    // Of the samples only 07MOSCOW5349 has no PREL tag.
    let v = stdout_json(cablegram(lib.path()).args(["search", "-tag:PREL", "moscow", "--json"]));
    assert_eq!(v["total"], 1);
    assert_eq!(hit_ids(&v), ["07MOSCOW5349"]);
}

#[test]
fn options_after_a_hyphen_word_of_the_query_still_apply() {
    let lib = tempfile::tempdir().unwrap();
    let v = stdout_json(cablegram(lib.path()).args([
        "search", "moscow", "-darfur", "--sort", "date", "--limit", "1", "--json",
    ]));
    // 07MOSCOW5349 and 07MOSCOW1026 speak of Darfur.
    assert_eq!(v["total"], 3);
    // Newest first, one hit: --sort and --limit were read as options.
    assert_eq!(hit_ids(&v), ["09MOSCOW501"]);
}

#[test]
fn after_a_double_dash_every_word_is_query_text() {
    let lib = tempfile::tempdir().unwrap();
    // `-h` would print the help; after `--` it is the query "not h".
    cablegram(lib.path())
        .args(["search", "--json", "--", "-h"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("{\"total\":5,"));
}

#[test]
fn a_misspelt_option_is_still_an_error_not_query_text() {
    let lib = tempfile::tempdir().unwrap();
    cablegram(lib.path())
        .args(["search", "moscow", "--lmit", "3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unexpected argument '--lmit'"));
}

#[test]
fn limit_zero_prints_only_the_total() {
    let lib = tempfile::tempdir().unwrap();
    let v = stdout_json(cablegram(lib.path()).args(["search", "moscow", "--limit", "0", "--json"]));
    assert_eq!(v["total"], 5);
    assert_eq!(v["hits"], serde_json::json!([]));
    cablegram(lib.path())
        .args(["search", "moscow", "--limit", "0"])
        .assert()
        .success()
        .stdout("5 cables match\n");
}

// Item 2: a named library directory that does not exist.

#[test]
fn reading_commands_refuse_a_named_library_that_does_not_exist() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("mistyped");
    for args in [
        &["search", "moscow"][..],
        &["show", "07MOSCOW1026"],
        &["refs", "07MOSCOW1026"],
        &["info"],
        &["bookmarks"],
    ] {
        cablegram(&missing)
            .args(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(
                predicate::str::contains(format!(
                    "the library directory {} does not exist (named by --library)",
                    missing.display()
                ))
                .and(predicate::str::contains("cablegram import")),
            );
        assert!(!missing.exists(), "{args:?} created {}", missing.display());
    }
}

#[test]
fn a_library_named_by_the_environment_must_exist_too() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("mistyped");
    Command::cargo_bin("cablegram")
        .unwrap()
        .env("CABLEGRAM_LIBRARY", &missing)
        .arg("info")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "does not exist (named by CABLEGRAM_LIBRARY)",
        ));
    assert!(!missing.exists());
}

#[test]
fn import_starts_a_library_in_a_named_directory_that_does_not_exist() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("new");
    cablegram(&lib)
        .args(["import", "fixtures/07FICTIONIA101.txt"])
        .assert()
        .success();
    let v = stdout_json(cablegram(&lib).args(["info", "--json"]));
    assert_eq!(v["cables"], 1);
}

#[test]
fn the_default_data_directory_is_created_on_first_use() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = Command::cargo_bin("cablegram")
        .unwrap()
        .env_remove("CABLEGRAM_LIBRARY")
        .env("HOME", tmp.path())
        .env("XDG_DATA_HOME", &data)
        .args(["info", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let path = v["path"].as_str().unwrap();
    assert!(Path::new(path).starts_with(&data), "{path}");
    assert!(Path::new(path).join("library.json").exists());
}

// Item 3: `parse` on a file named after its ID.

#[test]
fn parse_says_what_id_the_file_name_gives_a_cable_without_one() {
    // The sample's text has no year; its file name is its ID.
    Command::cargo_bin("cablegram")
        .unwrap()
        .current_dir(ROOT)
        .args(["parse", "assets/samples/05MOSCOW11807.txt"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with(
                "(no ID)  [assets/samples/05MOSCOW11807.txt]\n  note            import would file it as 05MOSCOW11807; --year YYYY sets the year\n",
            ),
        );
}

#[test]
fn parse_json_keeps_the_id_null_and_gives_the_hint_on_stderr() {
    let out = Command::cargo_bin("cablegram")
        .unwrap()
        .current_dir(ROOT)
        .args(["parse", "--json", "assets/samples/05MOSCOW11807.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], Value::Null);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "note: assets/samples/05MOSCOW11807.txt: import would file it as 05MOSCOW11807; --year YYYY sets the year\n"
    );
}

#[test]
fn parse_gives_no_hint_when_the_file_name_is_no_id() {
    Command::cargo_bin("cablegram")
        .unwrap()
        .current_dir(ROOT)
        .args(["parse", "fixtures/partial-no-year.txt"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("(no ID)").and(predicate::str::contains("note").not()));
}

// Item 4: `bookmarks export` defaults to Markdown.

#[test]
fn bookmarks_export_without_format_prints_markdown() {
    let lib = tempfile::tempdir().unwrap();
    cablegram(lib.path())
        .args([
            "bookmarks",
            "add",
            "07MOSCOW1026",
            "2",
            "--note",
            "check this",
        ])
        .assert()
        .success();
    let md = cablegram(lib.path())
        .args(["bookmarks", "export", "--format", "md"])
        .output()
        .unwrap();
    assert!(md.status.success());
    cablegram(lib.path())
        .args(["bookmarks", "export"])
        .assert()
        .success()
        .stdout(String::from_utf8(md.stdout).unwrap())
        .stdout(
            predicate::str::starts_with("07MOSCOW1026 ¶").and(predicate::str::contains("\n> ")),
        );
}

// Item 6: `search --help` lists the query language.

/// The filters the query parser knows, as its error for an unknown one
/// lists them: the help must keep up with the parser.
fn filters_the_parser_knows(lib: &Path) -> Vec<String> {
    let out = cablegram(lib)
        .args(["search", "nosuchfilter:x"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let list = stderr
        .split("(filters: ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_else(|| panic!("no filter list in: {stderr}"));
    list.split(", ").map(str::to_string).collect()
}

#[test]
fn search_help_lists_every_filter_with_an_example() {
    let lib = tempfile::tempdir().unwrap();
    let filters = filters_the_parser_knows(lib.path());
    assert!(filters.len() >= 7, "{filters:?}");
    let out = cablegram(lib.path())
        .args(["search", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("QUERY LANGUAGE:"), "{help}");
    for filter in &filters {
        // An example line: the filter with a value, then what it does.
        let example = help.lines().find(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("{filter}:")) && l.len() > filter.len() + 1
        });
        assert!(example.is_some(), "no example of {filter}: in\n{help}");
    }
    for construct in [
        "\"arms sales\"",
        " OR ",
        "NOT ",
        "-iran",
        "(iran OR syria)",
        "..",
    ] {
        assert!(help.contains(construct), "{construct} missing from\n{help}");
    }
}

#[test]
fn short_help_points_at_the_long_one() {
    let lib = tempfile::tempdir().unwrap();
    cablegram(lib.path())
        .args(["search", "-h"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("listed by --help")
                .and(predicate::str::contains("QUERY LANGUAGE").not()),
        );
}

// Item 5: the man page.

fn manpage() -> String {
    let out = Command::cargo_bin("cablegram")
        .unwrap()
        .arg("manpage")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn manpage_is_a_roff_page_documenting_every_command() {
    let page = manpage();
    assert_eq!(
        page.lines()
            .filter(|l| l.starts_with(".TH cablegram 1 "))
            .count(),
        1,
        "{}",
        &page[..page.len().min(300)]
    );
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH COMMANDS",
    ] {
        assert!(page.lines().any(|l| l == section), "{section} missing");
    }
    for command in [
        "parse",
        "import",
        "search",
        "show",
        "refs",
        "info",
        "bookmarks",
        "bookmarks export",
        "config",
        "completions",
        "manpage",
    ] {
        let heading = format!(".SS \"cablegram {command}\"");
        assert!(page.lines().any(|l| l == heading), "{heading} missing");
    }
    // The query language comes along with `search`, line by line.
    assert!(page.contains("refs:07MOSCOW977"));
    assert!(
        !page.contains("cablegram-search(1)"),
        "points at a page that is not installed"
    );
}

#[test]
fn manpage_renders_with_man() {
    if StdCommand::new("man").arg("--version").output().is_err() {
        eprintln!("man is not installed; the roff is checked by the test above");
        return;
    }
    let mut man = StdCommand::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    man.stdin
        .take()
        .unwrap()
        .write_all(manpage().as_bytes())
        .unwrap();
    let out = man.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // groff warns on stderr about roff it cannot lay out.
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(text.contains("cablegram search"), "{text}");
    assert!(text.contains("date:2007-03..2008-06"), "{text}");
}

// Item 5: the directory walk.

#[cfg(unix)]
#[test]
fn import_names_a_link_loop_and_imports_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let cables = tmp.path().join("cables");
    std::fs::create_dir(&cables).unwrap();
    std::fs::copy(
        Path::new(ROOT).join("fixtures/07FICTIONIA101.txt"),
        cables.join("07FICTIONIA101.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&cables, cables.join("loop")).unwrap();
    let lib = tmp.path().join("lib");
    cablegram(&lib)
        .arg("import")
        .arg(&cables)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: is a symbolic link back to {}, which contains it; skipped",
            cables.join("loop").display(),
            cables.display()
        )));
    let v = stdout_json(cablegram(&lib).args(["info", "--json"]));
    assert_eq!(v["cables"], 1);
}

/// The reader (which needs a terminal: tmux) starts a library in a named
/// directory that does not exist, and says so before the screen is taken.
#[test]
fn the_reader_starts_a_library_in_a_missing_named_directory_and_says_so() {
    use std::thread::sleep;
    use std::time::{Duration, Instant};
    let have_tmux = StdCommand::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_tmux {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("new");
    let name = format!("cablegram-cli-usage-{}", std::process::id());
    let tmux = |args: &[&str]| {
        StdCommand::new("tmux")
            .args(["-L", &name])
            .args(args)
            .output()
            .unwrap()
    };
    let screen =
        || String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", &name]).stdout).into_owned();
    let wait_for = |needle: &str| {
        let start = Instant::now();
        loop {
            let s = screen();
            if s.contains(needle) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no {needle:?} on:\n{s}"
            );
            sleep(Duration::from_millis(100));
        }
    };
    let command = format!(
        "env -u CABLEGRAM_LIBRARY '{}' --library '{}'; echo \"[exit $?]\"; sleep 60",
        env!("CARGO_BIN_EXE_cablegram"),
        lib.display()
    );
    let started = tmux(&[
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    assert!(started.status.success());
    wait_for("Samples");
    tmux(&["send-keys", "-t", &name, "q"]);
    let s = wait_for("[exit 0]");
    assert!(
        s.contains(&format!(
            "note: {} does not exist; starting a new library there",
            lib.display()
        )),
        "{s}"
    );
    assert!(lib.join("library.json").exists());
}
