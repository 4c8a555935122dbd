//! `cablegram bookmarks` on a library of the fictional fixtures: list,
//! `--json`, Markdown and JSON export, import of a backup, a broken backup,
//! a damaged bookmarks file, bookmarks across a re-import, and two
//! processes bookmarking one library at once.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

use cablegram::library::{parse_named, Bookmark, Library, SourceRank, StoredCable};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A cable without numbered paragraphs: its blocks are bookmarked as
/// `block N`.
const BLOCKS_CABLE: &str = "UNCLAS FICTIONIA 000140\n\n\
SUBJECT: FICTIONIA: A CABLE WITHOUT NUMBERED PARAGRAPHS\n\n\
The first block says the turnips are late.\n\n\
The second block says the beets are early.\n\nEXAMPLE\n";

/// Replaces whatever `dir` holds with the fixture cables (and the blocks
/// cable), as an import does.
fn fill(dir: &Path) {
    let mut texts: Vec<(String, String)> = [
        "07FICTIONIA101.txt",
        "07FICTIONIA115.txt",
        "07FICTIONIA130.txt",
        "07STATE30210.txt",
    ]
    .iter()
    .map(|n| {
        (
            n.to_string(),
            std::fs::read_to_string(fixtures().join(n)).unwrap(),
        )
    })
    .collect();
    texts.push(("07FICTIONIA140.txt".into(), BLOCKS_CABLE.into()));
    let lib = Library::open(dir).unwrap();
    let mut w = lib.writer().unwrap();
    w.clear().unwrap();
    for (name, text) in &texts {
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
}

fn fixture_library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path());
    dir
}

fn cablegram(lib: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cablegram").unwrap();
    cmd.arg("--library")
        .arg(lib)
        .env_remove("CABLEGRAM_LIBRARY")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1");
    cmd
}

fn stdout(lib: &Path, args: &[&str]) -> String {
    let out = cablegram(lib).args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn add(lib: &Path, id: &str, paragraph: &str, note: &str) {
    cablegram(lib)
        .args(["bookmarks", "add", id, paragraph, "--note", note])
        .assert()
        .success();
}

fn json_list(lib: &Path) -> Vec<Value> {
    serde_json::from_str::<Value>(&stdout(lib, &["bookmarks", "--json"]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn the_list_shows_cable_paragraph_date_and_note() {
    let lib = fixture_library();
    add(lib.path(), "07fictionia0115", "2", "the army chief");
    add(lib.path(), "07FICTIONIA140", "2", "");
    let out = stdout(lib.path(), &["bookmarks"]);
    let mut lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    // Made within the same second or not: the order is another test's.
    lines.sort();
    let words: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(words[..2], ["07FICTIONIA115", "¶2"], "{out}");
    assert!(words[2].starts_with("20") && words[2].len() == 10, "{out}");
    assert!(lines[0].ends_with("the army chief"), "{out}");
    assert!(lines[1].starts_with("07FICTIONIA140  block 2"), "{out}");
}

#[test]
fn json_is_the_array_of_the_contract() {
    let lib = fixture_library();
    add(lib.path(), "07FICTIONIA115", "2", "note");
    add(lib.path(), "07FICTIONIA140", "1", "");
    let list = json_list(lib.path());
    assert_eq!(list.len(), 2);
    let mut keys: Vec<&str> = list[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["created", "id", "note", "number", "paragraph"]);
    assert_eq!(list[0]["id"], "07FICTIONIA115");
    assert_eq!(list[0]["paragraph"], 2);
    assert_eq!(list[0]["number"], "2");
    assert_eq!(list[0]["note"], "note");
    let created = list[0]["created"].as_str().unwrap();
    assert!(
        created.len() == 20 && created.ends_with('Z') && &created[10..11] == "T",
        "{created}"
    );
    assert_eq!(list[1]["number"], Value::Null);
    assert_eq!(list[1]["paragraph"], 1);
}

#[test]
fn adding_the_same_paragraph_again_replaces_the_note() {
    let lib = fixture_library();
    add(lib.path(), "07FICTIONIA115", "2", "first");
    add(lib.path(), "07FICTIONIA115", "2", "second");
    let list = json_list(lib.path());
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["note"], "second");
}

#[test]
fn add_refuses_what_is_not_in_the_library() {
    let lib = fixture_library();
    for (id, paragraph, expected) in [
        (
            "07FICTIONIA999",
            "1",
            "07FICTIONIA999 is not in the library",
        ),
        ("07FICTIONIA115", "4", "has 3 paragraphs"),
        ("07FICTIONIA115", "0", "has 3 paragraphs"),
        ("turnip", "1", "is not a cable ID"),
    ] {
        let out = cablegram(lib.path())
            .args(["bookmarks", "add", id, paragraph])
            .assert()
            .code(1);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.contains(expected), "{id} {paragraph}: {err}");
    }
    assert!(json_list(lib.path()).is_empty());
}

#[test]
fn remove_takes_a_bookmark_away() {
    let lib = fixture_library();
    add(lib.path(), "07FICTIONIA115", "2", "");
    cablegram(lib.path())
        .args(["bookmarks", "remove", "07FICTIONIA115", "2"])
        .assert()
        .success();
    assert!(json_list(lib.path()).is_empty());
    cablegram(lib.path())
        .args(["bookmarks", "remove", "07FICTIONIA115", "2"])
        .assert()
        .code(1);
}

#[test]
fn markdown_export_cites_quotes_and_notes() {
    let lib = fixture_library();
    add(lib.path(), "07FICTIONIA115", "2", "ask about the trucks");
    add(lib.path(), "07FICTIONIA140", "2", "");
    let md = stdout(lib.path(), &["bookmarks", "export", "--format", "md"]);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(
        lines[0],
        "07FICTIONIA115 ¶2 · SECRET//NOFORN · 2007-03-20 · Embassy Fictionia · \
         FICTIONIA: TURNIP FESTIVAL ORGANIZERS SEEK ARMY LOGISTICS SUPPORT"
    );
    assert_eq!(lines[1], "");
    assert!(
        lines[2].starts_with("> (S/NF) The contact said the army chief of staff"),
        "{md}"
    );
    let note = lines
        .iter()
        .position(|l| *l == "ask about the trucks")
        .unwrap();
    assert!(
        lines[2..note - 1].iter().all(|l| l.starts_with('>')),
        "{md}"
    );
    assert_eq!(lines[note - 1], "");
    let second = lines
        .iter()
        .position(|l| l.starts_with("07FICTIONIA140 block 2 · UNCLASSIFIED"))
        .unwrap();
    assert_eq!(
        lines[second + 2],
        "> The second block says the beets are early."
    );
}

#[test]
fn markdown_export_of_a_cable_no_longer_in_the_library_says_the_text_is_unavailable() {
    let lib = fixture_library();
    let backup = lib.path().join("backup.json");
    std::fs::write(
        &backup,
        r#"[{"id": "07FICTIONIA999", "paragraph": 3, "number": "3", "note": "gone", "created": "2026-01-01T00:00:00Z"}]"#,
    )
    .unwrap();
    cablegram(lib.path())
        .args(["bookmarks", "import"])
        .arg(&backup)
        .assert()
        .success();
    let md = stdout(lib.path(), &["bookmarks", "export", "--format", "md"]);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "07FICTIONIA999 ¶3");
    assert!(lines[2].to_lowercase().contains("unavailable"), "{md}");
    assert_eq!(lines.last(), Some(&"gone"));
}

#[test]
fn a_json_export_imports_into_another_library_without_duplicates() {
    let a = fixture_library();
    add(a.path(), "07FICTIONIA115", "2", "trucks");
    add(a.path(), "07FICTIONIA101", "1", "festival");
    add(a.path(), "07FICTIONIA140", "1", "");
    let backup = stdout(a.path(), &["bookmarks", "export", "--format", "json"]);
    let exported: Value = serde_json::from_str(&backup).unwrap();
    assert_eq!(exported, Value::Array(json_list(a.path())));

    let b = fixture_library();
    add(b.path(), "07FICTIONIA115", "2", "an older note");
    let file = b.path().join("backup.json");
    std::fs::write(&file, &backup).unwrap();
    let import = |expected: &str| {
        let out = cablegram(b.path())
            .args(["bookmarks", "import"])
            .arg(&file)
            .assert()
            .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert_eq!(text.trim(), expected);
    };
    import("added 2, updated 1, unchanged 0");
    import("added 0, updated 0, unchanged 3");
    let list = json_list(b.path());
    assert_eq!(list.len(), 3);
    let trucks = list.iter().find(|v| v["id"] == "07FICTIONIA115").unwrap();
    assert_eq!(trucks["note"], "trucks");
}

#[test]
fn a_broken_backup_is_one_sentence_naming_the_file_and_line() {
    let lib = fixture_library();
    let file = lib.path().join("broken.json");
    std::fs::write(
        &file,
        "[\n  {\"id\": \"07FICTIONIA115\", \"paragraph\": 2,\n   \"note\": }\n]\n",
    )
    .unwrap();
    let out = cablegram(lib.path())
        .args(["bookmarks", "import"])
        .arg(&file)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    assert!(lines[0].contains(&file.display().to_string()), "{err}");
    assert!(lines[0].contains("line 3 column"), "{err}");
    assert!(out.get_output().stdout.is_empty());
    assert!(json_list(lib.path()).is_empty());
}

#[test]
fn a_damaged_bookmarks_file_is_set_aside_with_a_warning_saying_where() {
    let lib = fixture_library();
    let damaged = "[{\"id\": \"07FICTIONIA115\", \"paragraph\": 2, \"no";
    std::fs::write(lib.path().join("bookmarks.json"), damaged).unwrap();
    let out = cablegram(lib.path())
        .args(["bookmarks", "add", "07FICTIONIA101", "1"])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let aside: Vec<PathBuf> = std::fs::read_dir(lib.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("bookmarks.json.damaged-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{err}");
    assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), damaged);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].starts_with("warning: "), "{err}");
    assert!(lines[0].contains(&aside[0].display().to_string()), "{err}");
    // The new bookmark went into a new file.
    let list = json_list(lib.path());
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], "07FICTIONIA101");
}

#[test]
fn bookmarks_survive_a_reimport_of_the_library() {
    let lib = fixture_library();
    add(lib.path(), "07FICTIONIA115", "2", "kept");
    fill(lib.path());
    cablegram::library::rebuild_index(lib.path()).unwrap();
    fill(lib.path());
    let list = json_list(lib.path());
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["note"], "kept");
}

/// The environment variable that turns [`bookmark_writer_process`] into
/// one of the two writers of the concurrency test: `DIR|FIRST`.
const WRITER_ENV: &str = "CABLEGRAM_TEST_BOOKMARK_WRITER";
const PER_PROCESS: usize = 500;

/// Not a test of its own: the body of each writer process of
/// `two_processes_adding_500_bookmarks_each_end_with_1000`, which runs this
/// test binary twice with [`WRITER_ENV`] set. Without it, does nothing.
#[test]
fn bookmark_writer_process() {
    let Ok(spec) = std::env::var(WRITER_ENV) else {
        return;
    };
    let (dir, first) = spec.split_once('|').unwrap();
    let dir = Path::new(dir);
    let first: usize = first.parse().unwrap();
    let lib = Library::open(dir).unwrap();
    // Start together: wait for the go of the parent.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !dir.join("go").exists() {
        assert!(Instant::now() < deadline, "no go");
        std::thread::sleep(Duration::from_millis(1));
    }
    for paragraph in first..first + PER_PROCESS {
        lib.store()
            .add_bookmark(Bookmark::new(
                "07FICTIONIA115",
                paragraph,
                Some(paragraph.to_string()),
                &format!("by {}", std::process::id()),
            ))
            .unwrap();
    }
}

#[test]
fn two_processes_adding_500_bookmarks_each_end_with_1000() {
    // Each add is a locked read-modify-write with two fsyncs; on a memory
    // file system (where there is one) the test takes a second instead of
    // the disk's 15 ms per fsync, and the processes contend all the more.
    let shm = Path::new("/dev/shm");
    let lib = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    fill(lib.path());
    let spawn = |first: usize| {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args(["bookmark_writer_process", "--exact", "--test-threads=1"])
            .env(
                WRITER_ENV,
                format!("{}|{first}", lib.path().to_str().unwrap()),
            )
            .stdout(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut a = spawn(1);
    let mut b = spawn(1 + PER_PROCESS);
    std::fs::write(lib.path().join("go"), "").unwrap();
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let list = json_list(lib.path());
    assert_eq!(list.len(), 2 * PER_PROCESS);
    let mut paragraphs: Vec<u64> = list
        .iter()
        .map(|v| v["paragraph"].as_u64().unwrap())
        .collect();
    paragraphs.sort();
    paragraphs.dedup();
    assert_eq!(paragraphs.len(), 2 * PER_PROCESS);
    // Both wrote: the notes name two processes.
    let writers: std::collections::HashSet<&str> =
        list.iter().map(|v| v["note"].as_str().unwrap()).collect();
    assert_eq!(writers.len(), 2);
}

#[test]
fn the_list_is_newest_first_as_in_the_reader() {
    let lib = fixture_library();
    let backup = lib.path().join("backup.json");
    std::fs::write(
        &backup,
        r#"[{"id": "07FICTIONIA101", "paragraph": 1, "number": "1", "note": "older", "created": "2026-01-01T00:00:00Z"},
            {"id": "07FICTIONIA115", "paragraph": 2, "number": "2", "note": "newer", "created": "2026-02-01T00:00:00Z"}]"#,
    )
    .unwrap();
    cablegram(lib.path())
        .args(["bookmarks", "import"])
        .arg(&backup)
        .assert()
        .success();
    let out = stdout(lib.path(), &["bookmarks"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].ends_with("newer") && lines[1].ends_with("older"),
        "{out}"
    );
}
