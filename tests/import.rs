//! `cablegram import` end to end: counts, idempotence, which copy wins,
//! the `--json` report, bad inputs (each one sentence and exit code 1, the
//! library keeping what it had), the import lock, `--rebuild`, and an
//! import killed or interrupted half-way.
//!
//! Every test has its own library directory (`--library`). Cables are
//! counted by opening the library directly.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

use cablegram::library::{ImportLock, Library};

const BIN: &str = env!("CARGO_BIN_EXE_cablegram");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("not one JSON object ({e}): {}", self.stdout))
    }

    /// The `error: …` lines of stderr.
    fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect()
    }

    /// The value of a line `name   N` of the readable report.
    fn count(&self, name: &str) -> u64 {
        self.stdout
            .lines()
            .find_map(|l| {
                let mut words = l.split_whitespace();
                (words.next() == Some(name)).then(|| words.next().unwrap_or("").replace(',', ""))
            })
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {name} count in: {}", self.stdout))
    }
}

/// A fresh library directory (not created yet: the first command does).
struct Lib {
    _tmp: TempDir,
    dir: PathBuf,
}

impl Lib {
    fn new() -> Lib {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("library");
        Lib { _tmp: tmp, dir }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(ROOT)
            .arg("--library")
            .arg(&self.dir)
            .env_remove("CABLEGRAM_COMMIT_EVERY");
        cmd
    }

    fn import(&self, args: &[&str]) -> Run {
        let mut cmd = self.cmd();
        cmd.arg("import").args(args);
        run(cmd)
    }

    fn len(&self) -> u64 {
        Library::open(&self.dir).unwrap().len()
    }

    fn has(&self, id: &str) -> bool {
        Library::open(&self.dir).unwrap().contains(id).unwrap()
    }
}

fn run(mut cmd: Command) -> Run {
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

const TXT: [&str; 4] = [
    "fixtures/07FICTIONIA101.txt",
    "fixtures/07FICTIONIA115.txt",
    "fixtures/07FICTIONIA130.txt",
    "fixtures/07STATE30210.txt",
];

// ---- counts and idempotence ---------------------------------------------

#[test]
fn text_files_are_imported_and_a_second_run_adds_nothing() {
    let lib = Lib::new();
    let first = lib.import(&TXT);
    assert_eq!(first.code, 0, "stderr: {}", first.stderr);
    assert_eq!(
        (
            first.count("read"),
            first.count("added"),
            first.count("rejected")
        ),
        (4, 4, 0)
    );
    assert_eq!(lib.len(), 4);
    for id in [
        "07FICTIONIA101",
        "07FICTIONIA115",
        "07FICTIONIA130",
        "07STATE30210",
    ] {
        assert!(lib.has(id), "{id} missing");
    }
    let again = lib.import(&TXT);
    assert_eq!(again.code, 0, "stderr: {}", again.stderr);
    assert_eq!(
        (
            again.count("added"),
            again.count("updated"),
            again.count("duplicates")
        ),
        (0, 0, 4)
    );
    assert!(again.stdout.contains("nothing changed"), "{}", again.stdout);
    assert_eq!(lib.len(), 4);
}

#[test]
fn the_release_csv_is_imported_with_its_metadata() {
    let lib = Lib::new();
    let r = lib.import(&["--json", "fixtures/cables.csv"]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let report = r.json();
    assert_eq!(report["read"], 5);
    assert_eq!(report["added"], 5);
    // Row 5 is the partial extract: the release metadata gives its ID.
    assert!(lib.has("07FICTIONIA142"));
    assert_eq!(lib.len(), 5);
}

#[test]
fn the_first_import_removes_the_samples_and_says_so_once() {
    let lib = Lib::new();
    let lib_before = Library::open(&lib.dir).unwrap();
    assert!(lib_before.is_samples());
    assert_eq!(lib_before.len(), 5);
    drop(lib_before);
    let first = lib.import(&["fixtures/07FICTIONIA101.txt"]);
    assert_eq!(first.code, 0, "stderr: {}", first.stderr);
    let notes: Vec<_> = first
        .stderr
        .lines()
        .filter(|l| l.contains("sample"))
        .collect();
    assert_eq!(notes.len(), 1, "stderr: {}", first.stderr);
    assert_eq!(lib.len(), 1);
    assert!(!lib.has("07MOSCOW1026"));
    let second = lib.import(&["fixtures/07FICTIONIA115.txt"]);
    assert!(
        !second.stderr.contains("sample"),
        "stderr: {}",
        second.stderr
    );
    assert_eq!(lib.len(), 2);
}

#[test]
fn a_directory_is_walked_and_hidden_files_are_skipped() {
    let lib = Lib::new();
    let tmp = tempfile::tempdir().unwrap();
    let sub = tmp.path().join("a/b");
    fs::create_dir_all(&sub).unwrap();
    fs::copy(format!("{ROOT}/{}", TXT[0]), tmp.path().join("one.txt")).unwrap();
    fs::copy(format!("{ROOT}/{}", TXT[1]), sub.join("two.txt")).unwrap();
    fs::copy(format!("{ROOT}/{}", TXT[2]), tmp.path().join(".hidden.txt")).unwrap();
    let r = lib.import(&["--json", tmp.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.json()["added"], 2);
    assert!(!lib.has("07FICTIONIA130"));
}

#[test]
fn standard_input_is_one_cable() {
    let lib = Lib::new();
    let text = fs::read(format!("{ROOT}/{}", TXT[0])).unwrap();
    let mut cmd = lib.cmd();
    cmd.args(["import", "--json", "-"]).write_stdin(text);
    let r = run(cmd);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.json()["added"], 1);
    assert!(lib.has("07FICTIONIA101"));
}

#[test]
fn piped_output_is_the_report_alone() {
    let lib = Lib::new();
    let r = lib.import(&TXT);
    assert_eq!(r.code, 0);
    let names: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        names,
        [
            "read",
            "added",
            "updated",
            "duplicates",
            "rejected",
            "library"
        ]
    );
    // No progress bar when stderr is not a terminal: only the samples note.
    assert!(!r.stderr.contains('\r'), "stderr: {:?}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "stderr: {}", r.stderr);
}

// ---- which copy wins ----------------------------------------------------

#[test]
fn after_the_csv_row_the_release_page_is_a_duplicate() {
    let lib = Lib::new();
    assert_eq!(lib.import(&["fixtures/cables.csv"]).code, 0);
    let r = lib.import(&["--json", "fixtures/07FICTIONIA115.html"]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let report = r.json();
    assert_eq!(
        (report["duplicates"].as_u64(), report["updated"].as_u64()),
        (Some(1), Some(0))
    );
    let stored = Library::open(&lib.dir)
        .unwrap()
        .get("07FICTIONIA115")
        .unwrap()
        .unwrap();
    assert!(!stored.raw.contains("<table"), "the CSV copy is kept");
}

#[test]
fn the_csv_row_replaces_a_release_page_and_a_page_replaces_plain_text() {
    let lib = Lib::new();
    assert_eq!(lib.import(&["fixtures/07FICTIONIA115.txt"]).code, 0);
    let page = lib.import(&["--json", "fixtures/07FICTIONIA115.html"]);
    assert_eq!(page.json()["updated"], 1);
    let csv = lib.import(&["--json", "fixtures/cables.csv"]);
    let report = csv.json();
    assert_eq!(
        (report["added"].as_u64(), report["updated"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(lib.len(), 5);
    // And back: the lesser copies change nothing now.
    let again = lib.import(&[
        "--json",
        "fixtures/07FICTIONIA115.txt",
        "fixtures/07FICTIONIA115.html",
    ]);
    assert_eq!(again.json()["duplicates"], 2);
}

#[test]
fn two_text_copies_of_one_cable_in_one_import_stay_put_on_a_rerun() {
    let lib = Lib::new();
    let inputs = [
        "--json",
        "fixtures/07FICTIONIA130.md",
        "fixtures/07FICTIONIA130.txt",
    ];
    let first = lib.import(&inputs).json();
    assert_eq!(
        (first["added"].as_u64(), first["duplicates"].as_u64()),
        (Some(1), Some(1))
    );
    let again = lib.import(&inputs).json();
    assert_eq!(
        (again["updated"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(2))
    );
}

// ---- the report ---------------------------------------------------------

#[test]
fn json_report_has_exactly_the_contract_shape() {
    let lib = Lib::new();
    let r = lib.import(&[
        "--json",
        "fixtures/cables.csv",
        "fixtures/bad/truncated.csv",
    ]);
    assert_eq!(r.code, 1);
    let report = r.json();
    let mut keys: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["added", "duplicates", "read", "rejected", "updated"]);
    let rejected = report["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1);
    let mut keys: Vec<&str> = rejected[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["path", "reason", "row"]);
    assert_eq!(rejected[0]["path"], "fixtures/bad/truncated.csv");
    assert_eq!(rejected[0]["row"], 2);
    assert!(rejected[0]["reason"]
        .as_str()
        .unwrap()
        .contains("truncated"));
    // read = added + updated + duplicates + rejected
    assert_eq!(report["read"], 7);
    assert_eq!(report["added"], 6);
}

#[test]
fn a_cable_without_year_is_rejected_suggesting_year_and_imported_with_it() {
    let lib = Lib::new();
    let r = lib.import(&["fixtures/partial-no-year.txt"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.errors(),
        ["error: fixtures/partial-no-year.txt: no ID: its text has no year and its file name is no cable ID; give the year with --year"]
    );
    assert!(
        r.stdout.contains("  fixtures/partial-no-year.txt: no ID: "),
        "{}",
        r.stdout
    );
    let r = lib.import(&["--year", "2007", "fixtures/partial-no-year.txt"]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(lib.has("07FICTIONIA142"));
}

#[test]
fn a_file_named_after_its_cable_supplies_the_id() {
    let lib = Lib::new();
    let tmp = tempfile::tempdir().unwrap();
    let named = tmp.path().join("07FICTIONIA142.txt");
    fs::copy(format!("{ROOT}/fixtures/partial-no-year.txt"), &named).unwrap();
    let r = lib.import(&[named.to_str().unwrap()]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(lib.has("07FICTIONIA142"));
}

// ---- bad inputs: one sentence each, exit 1, nothing lost ----------------

/// A library holding the four text cables, for the bad-input tests.
fn library_with_four() -> Lib {
    let lib = Lib::new();
    assert_eq!(lib.import(&TXT).code, 0);
    assert_eq!(lib.len(), 4);
    lib
}

#[test]
fn a_truncated_csv_is_rejected_at_its_row_and_the_rows_before_are_kept() {
    let lib = library_with_four();
    let r = lib.import(&["fixtures/bad/truncated.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.errors(),
        ["error: fixtures/bad/truncated.csv: row 2: the file ends in the middle of this row; it is truncated"]
    );
    assert_eq!((r.count("added"), r.count("rejected")), (1, 1));
    assert_eq!(lib.len(), 5);
}

#[test]
fn a_broken_quote_names_its_row_and_the_other_rows_are_imported() {
    let lib = library_with_four();
    let r = lib.import(&["--json", "fixtures/bad/broken-quote.csv"]);
    assert_eq!(r.code, 1);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "stderr: {}", r.stderr);
    assert!(
        errors[0].starts_with("error: fixtures/bad/broken-quote.csv: row 2: broken quote"),
        "{}",
        errors[0]
    );
    let report = r.json();
    assert_eq!(report["rejected"][0]["row"], 2);
    // Rows 1 and 3: one is a cable the library had, one is new.
    assert_eq!(report["read"], 3);
    assert_eq!(
        report["added"].as_u64().unwrap()
            + report["updated"].as_u64().unwrap()
            + report["duplicates"].as_u64().unwrap(),
        2
    );
    assert!(lib.len() >= 4);
    for id in [
        "07FICTIONIA101",
        "07FICTIONIA115",
        "07FICTIONIA130",
        "07STATE30210",
    ] {
        assert!(lib.has(id), "{id} lost");
    }
}

#[test]
fn a_directory_with_binary_junk_rejects_the_junk_and_imports_the_rest() {
    let lib = library_with_four();
    let tmp = tempfile::tempdir().unwrap();
    fs::copy(
        format!("{ROOT}/fixtures/bad/junk.bin"),
        tmp.path().join("junk.bin"),
    )
    .unwrap();
    fs::copy(
        format!("{ROOT}/fixtures/bad/empty.txt"),
        tmp.path().join("empty.txt"),
    )
    .unwrap();
    fs::copy(
        format!("{ROOT}/fixtures/07FICTIONIA130.md"),
        tmp.path().join("copy.md"),
    )
    .unwrap();
    let r = lib.import(&["--json", tmp.path().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    let errors = r.errors();
    assert_eq!(errors.len(), 2, "stderr: {}", r.stderr);
    assert!(
        errors[0].ends_with("empty.txt: the file is empty"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].ends_with("junk.bin: the file is binary, not text (it contains NUL bytes)"),
        "{}",
        errors[1]
    );
    assert_eq!(r.json()["read"], 3);
    assert_eq!(lib.len(), 4);
}

#[test]
fn an_unreadable_file_is_rejected_and_the_others_are_imported() {
    let lib = library_with_four();
    let tmp = tempfile::tempdir().unwrap();
    let dangling = tmp.path().join("gone.txt");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
    let r = lib.import(&[dangling.to_str().unwrap(), "fixtures/cables.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.errors(),
        [format!(
            "error: {}: cannot be read: no such file or directory",
            dangling.display()
        )]
    );
    assert_eq!(lib.len(), 5);

    // Permissions: only where they apply (not for root).
    use std::os::unix::fs::PermissionsExt;
    let locked = tmp.path().join("07FICTIONIA999.txt");
    fs::copy(format!("{ROOT}/fixtures/07FICTIONIA101.txt"), &locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        eprintln!("note: running with permissions that read a mode-000 file; skipping that part");
        return;
    }
    let r = lib.import(&[locked.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.errors(),
        [format!(
            "error: {}: cannot be read: permission denied",
            locked.display()
        )]
    );
}

#[test]
fn a_missing_path_is_one_sentence() {
    let lib = Lib::new();
    let r = lib.import(&["no/such/cables.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.errors(),
        ["error: no/such/cables.csv: cannot be read: no such file or directory"]
    );
}

#[test]
fn a_directory_that_is_not_a_library_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("thesis.txt"), "my thesis").unwrap();
    for rebuild in [false, true] {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(ROOT)
            .arg("--library")
            .arg(&dir)
            .arg("import");
        if rebuild {
            cmd.arg("--rebuild");
        }
        cmd.arg("fixtures/cables.csv");
        let r = run(cmd);
        assert_eq!(r.code, 1);
        assert_eq!(r.stderr.lines().count(), 1, "stderr: {}", r.stderr);
        assert!(
            r.stderr.contains("is not a cablegram library"),
            "{}",
            r.stderr
        );
        let mut names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["thesis.txt"]);
        assert_eq!(
            fs::read_to_string(dir.join("thesis.txt")).unwrap(),
            "my thesis"
        );
    }
}

#[test]
fn a_bad_year_is_a_usage_error() {
    let lib = Lib::new();
    let r = lib.import(&["--year", "07", "fixtures/cables.csv"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("four-digit year"), "{}", r.stderr);
    assert!(!lib.dir.exists());
}

// ---- the lock -----------------------------------------------------------

#[test]
fn a_second_writer_is_told_the_library_is_busy_with_the_pid() {
    let lib = library_with_four();
    let lock = ImportLock::acquire(&lib.dir).unwrap();
    let r = lib.import(&["fixtures/cables.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        format!(
            "error: the library is busy (import running, pid {}); wait for it to finish",
            std::process::id()
        )
    );
    assert!(r.stdout.is_empty());
    drop(lock);
    assert_eq!(lib.len(), 4);
    assert_eq!(lib.import(&["fixtures/cables.csv"]).code, 0);
}

// ---- --rebuild ----------------------------------------------------------

#[test]
fn an_old_schema_asks_for_rebuild_and_rebuild_keeps_other_files() {
    let lib = library_with_four();
    fs::write(lib.dir.join("bookmarks.json"), "[]").unwrap();
    let meta_path = lib.dir.join("library.json");
    let meta = fs::read_to_string(&meta_path).unwrap();
    let mut meta: Value = serde_json::from_str(&meta).unwrap();
    meta["schema_version"] = Value::from(0);
    fs::write(&meta_path, serde_json::to_string(&meta).unwrap()).unwrap();

    let r = lib.import(&["fixtures/cables.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.lines().count(), 1, "stderr: {}", r.stderr);
    assert!(r.stderr.contains("import --rebuild"), "{}", r.stderr);

    let r = lib.import(&["--rebuild", "--json", "fixtures/cables.csv"]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.json()["added"], 5);
    assert_eq!(lib.len(), 5);
    // The four text cables went with the old index; the CSV brought them back.
    assert!(lib.has("07FICTIONIA142"));
    assert_eq!(
        fs::read_to_string(lib.dir.join("bookmarks.json")).unwrap(),
        "[]"
    );
    assert!(!Library::open(&lib.dir).unwrap().is_samples());
}

#[test]
fn rebuild_on_a_current_library_starts_over() {
    let lib = library_with_four();
    let r = lib.import(&["--rebuild", "--json", "fixtures/07FICTIONIA101.txt"]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.json()["added"], 1);
    assert_eq!(lib.len(), 1);
}

// ---- kill -9 and Ctrl-C -------------------------------------------------

/// A release CSV of `n` fictional cables, `07FICTIONIA10000` onwards.
fn write_fictional_csv(path: &Path, n: u32) {
    let mut f = std::io::BufWriter::new(fs::File::create(path).unwrap());
    for i in 0..n {
        let serial = 10_000 + i;
        let day = 1 + i % 28;
        writeln!(
            f,
            "\"{seq}\",\"3/{day}/2007 13:00\",\"07FICTIONIA{serial}\",\"Embassy Fictionia\",\"CONFIDENTIAL\",\"\",\"O {day:02}1300Z MAR 07\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE {serial}\",\"CONFIDENTIAL FICTIONIA {serial:06}\n\nE.O. 12958: DECL: 03/12/2017\nTAGS: PREL XF\nSUBJECT: TURNIP REPORT NUMBER {serial}\n\n1. (C) The turnip harvest of Port Turnip, part {serial}, was invented for a test.\n\n2. (C) Nothing in this cable is real.\n\nEXAMPLE\"",
            seq = i + 1,
        )
        .unwrap();
    }
}

/// Spawns an import of `csv` committing every `every` cables.
fn spawn_import(lib: &Lib, csv: &Path, every: u32) -> Child {
    StdCommand::new(BIN)
        .arg("--library")
        .arg(&lib.dir)
        .arg("import")
        .arg(csv)
        .env("CABLEGRAM_COMMIT_EVERY", every.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the import has committed once (library.json then records
/// the time of the last import).
fn wait_for_first_commit(lib: &Lib, child: &mut Child) {
    let start = Instant::now();
    loop {
        let committed = fs::read_to_string(lib.dir.join("library.json"))
            .ok()
            .and_then(|s| serde_json::from_str::<Value>(&s).ok())
            .is_some_and(|m| m["last_import"].is_string());
        if committed {
            return;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before its first commit was seen"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no commit in 120 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

const ROWS: u32 = 6_000;
const EVERY: u32 = 300;

#[test]
fn an_import_killed_midway_leaves_a_library_that_opens_and_a_rerun_completes_it() {
    let lib = Lib::new();
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("fictional.csv");
    write_fictional_csv(&csv, ROWS);

    let mut child = spawn_import(&lib, &csv, EVERY);
    wait_for_first_commit(&lib, &mut child);
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success());

    // It opens, for the library and for the commands, and holds whole
    // commits only.
    let kept = lib.len();
    eprintln!("killed after {kept} of {ROWS} cables were committed");
    assert!(kept >= u64::from(EVERY), "kept {kept}");
    assert!(
        kept < u64::from(ROWS),
        "the import was not killed midway: {kept}"
    );
    let mut info = lib.cmd();
    info.arg("info");
    let r = run(info);
    assert_eq!(r.code, 0, "info after kill: {}", r.stderr);
    let mut search = lib.cmd();
    search.args(["search", "turnip"]);
    let r = run(search);
    assert_eq!(r.code, 0, "search after kill: {}", r.stderr);

    // The same command again completes it.
    let r = lib.import(&["--json", csv.to_str().unwrap()]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let report = r.json();
    assert_eq!(report["read"], ROWS);
    assert_eq!(report["duplicates"], kept);
    assert_eq!(report["added"], u64::from(ROWS) - kept);
    assert_eq!(lib.len(), u64::from(ROWS));
}

#[test]
fn ctrl_c_commits_what_was_read_and_says_how_to_finish() {
    let lib = Lib::new();
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("fictional.csv");
    write_fictional_csv(&csv, ROWS);

    let mut child = spawn_import(&lib, &csv, EVERY);
    wait_for_first_commit(&lib, &mut child);
    let sent = StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(130), "stderr: {stderr}");
    assert!(
        stderr.contains("run the same command again"),
        "stderr: {stderr}"
    );
    assert!(stdout.starts_with("read "), "stdout: {stdout}");

    let kept = lib.len();
    eprintln!("interrupted after {kept} of {ROWS} cables were committed");
    assert!(kept >= u64::from(EVERY), "kept {kept}");
    let r = lib.import(&["--json", csv.to_str().unwrap()]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.json()["added"], u64::from(ROWS) - kept);
    assert_eq!(lib.len(), u64::from(ROWS));
}

// ---- the corpus ---------------------------------------------------------

#[test]
fn corpus_csv_then_pages_gives_1030_cables_and_a_rerun_adds_nothing() {
    let corpus = Path::new(ROOT).join("../shared/corpus");
    if !corpus.join("cables.csv").exists() || !corpus.join("html").is_dir() {
        eprintln!("note: ../shared/corpus is absent; skipping the corpus acceptance");
        return;
    }
    let csv = corpus.join("cables.csv");
    let html = corpus.join("html");
    let (csv, html) = (csv.to_str().unwrap(), html.to_str().unwrap());
    let lib = Lib::new();
    let first = lib.import(&["--json", csv]);
    assert_eq!(first.code, 0, "stderr: {}", first.stderr);
    let first = first.json();
    assert_eq!(first["added"], 1030);
    assert_eq!(first["rejected"].as_array().unwrap().len(), 0);

    let pages = lib.import(&["--json", html]);
    assert_eq!(pages.code, 0, "stderr: {}", pages.stderr);
    let pages = pages.json();
    assert_eq!(pages["read"], 129);
    assert_eq!(pages["added"], 0);
    assert_eq!(
        pages["duplicates"].as_u64().unwrap() + pages["updated"].as_u64().unwrap(),
        129
    );
    assert_eq!(pages["rejected"].as_array().unwrap().len(), 0);
    assert_eq!(lib.len(), 1030);

    let again = lib.import(&["--json", csv, html]);
    assert_eq!(again.code, 0, "stderr: {}", again.stderr);
    let again = again.json();
    assert_eq!(
        (again["added"].as_u64(), again["updated"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(again["duplicates"], 1030 + 129);
    assert_eq!(lib.len(), 1030);
}
