//! The triage files beside the bookmarks — read marks, saved searches, the
//! labels of notes — as the store keeps them: two processes marking at
//! once, a damaged marks file, and an index rebuilt under them; and
//! `cablegram saved`.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

use cablegram::library::{Bookmark, Library, LibraryError, ListQuery};

/// Cables each writer process marks read, one call per cable.
const PER_PROCESS: usize = 2_500;

/// The environment variable that turns [`marks_writer_process`] into one of
/// the writers of `two_processes_marking_5000_cables_at_once_end_with_all`:
/// `DIR|PARITY`.
const WRITER_ENV: &str = "CABLEGRAM_TEST_MARKS_WRITER";

fn id(i: usize) -> String {
    format!("07FICTIONIA{}", i + 1)
}

/// Not a test of its own: the body of each writer process, run by the
/// concurrency test with [`WRITER_ENV`] set; without it, does nothing.
#[test]
fn marks_writer_process() {
    let Ok(spec) = std::env::var(WRITER_ENV) else {
        return;
    };
    let (dir, parity) = spec.split_once('|').unwrap();
    let dir = Path::new(dir);
    let parity: usize = parity.parse().unwrap();
    let store = cablegram::library::Store::new(dir);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !dir.join("go").exists() {
        assert!(Instant::now() < deadline, "no go");
        std::thread::sleep(Duration::from_millis(1));
    }
    for i in (0..2 * PER_PROCESS).filter(|i| i % 2 == parity) {
        store.set_read(&[id(i)], true).unwrap();
    }
}

#[test]
fn two_processes_marking_5000_cables_at_once_end_with_all() {
    // Each mark is a locked read-modify-write with two fsyncs: on a memory
    // file system where there is one, so that the two contend hard.
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let spawn = |parity: usize| {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args(["marks_writer_process", "--exact", "--test-threads=1"])
            .env(
                WRITER_ENV,
                format!("{}|{parity}", dir.path().to_str().unwrap()),
            )
            .stdout(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut a = spawn(0);
    let mut b = spawn(1);
    std::fs::write(dir.path().join("go"), "").unwrap();
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let marks = cablegram::library::Store::new(dir.path())
        .read_marks()
        .unwrap();
    assert_eq!(marks.len(), 2 * PER_PROCESS);
    assert!((0..2 * PER_PROCESS).all(|i| marks.contains(&id(i))));
}

#[test]
fn a_damaged_marks_file_is_set_aside_and_search_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    let path = lib.store().read_marks_path();
    std::fs::write(&path, "not a marks file\n").unwrap();
    let e = lib
        .count(&ListQuery::Search("is:unread".into()))
        .unwrap_err();
    let LibraryError::SetAside { moved_to, .. } = &e else {
        panic!("expected SetAside, got {e}");
    };
    assert_eq!(
        std::fs::read_to_string(moved_to).unwrap(),
        "not a marks file\n"
    );
    assert!(e.to_string().contains("read-marks.txt"), "{e}");
    // Nothing is lost by going on: no marks now, every cable unread.
    assert_eq!(
        lib.count(&ListQuery::Search("is:unread".into())).unwrap(),
        5
    );
}

#[test]
fn a_rebuild_of_the_index_keeps_marks_saved_searches_and_labels() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    let store = lib.store();
    store.set_read(&["07MOSCOW1026".into()], true).unwrap();
    store.save_search("arms", "arms -is:read").unwrap();
    store
        .add_bookmark(Bookmark::new("09MOSCOW501", 1, None, "#germany coalition"))
        .unwrap();
    drop(lib);
    cablegram::library::rebuild_index(dir.path()).unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert!(lib.is_empty());
    let store = lib.store();
    assert_eq!(store.read_marks().unwrap().ids(), ["07MOSCOW1026"]);
    assert_eq!(store.saved_searches().unwrap()[0].query, "arms -is:read");
    assert_eq!(store.bookmarks().unwrap()[0].labels(), ["germany"]);
}

fn cablegram(lib: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cablegram").unwrap();
    cmd.arg("--library")
        .arg(lib)
        .env_remove("CABLEGRAM_LIBRARY")
        .env("NO_COLOR", "1");
    cmd
}

#[test]
fn saved_lists_each_search_with_its_total_and_unread_count() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    lib.store()
        .set_read(&["07MOSCOW1026".into(), "07MOSCOW5349".into()], true)
        .unwrap();
    cablegram(dir.path())
        .args(["saved", "add", "moscow", "moscow"])
        .assert()
        .success();
    cablegram(dir.path())
        .args(["saved", "add", "all read", "is:read"])
        .assert()
        .success();
    let out = cablegram(dir.path())
        .args(["saved", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let mut keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["created", "name", "query", "total", "unread"]);
    assert_eq!(rows[1]["name"], "all read");
    assert_eq!(
        (rows[1]["total"].as_u64(), rows[1]["unread"].as_u64()),
        (Some(2), Some(0))
    );
    let total = rows[0]["total"].as_u64().unwrap();
    assert_eq!(rows[0]["unread"].as_u64(), Some(total - 2));
    cablegram(dir.path())
        .args(["saved", "remove", "all read"])
        .assert()
        .success();
    cablegram(dir.path())
        .args(["saved", "remove", "all read"])
        .assert()
        .code(1);
}

#[test]
fn saving_a_query_that_does_not_parse_points_at_the_column() {
    let dir = tempfile::tempdir().unwrap();
    Library::open(dir.path()).unwrap();
    let out = cablegram(dir.path())
        .args(["saved", "add", "bad", "tag:PREL ("])
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("column 10"), "{err}");
    assert!(err.contains("\n         ^"), "{err}");
}
