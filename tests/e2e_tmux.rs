//! End-to-end: the real binary in a real terminal (tmux). A library is
//! built from ../shared/corpus; the reader searches, opens a cable, follows
//! its REF chain two steps, comes back twice to the same place, and quits;
//! the terminal must be restored after quitting and after a panic.
//!
//! Needs tmux and ../shared (CI has both; `.ci/run` installs tmux); skipped
//! with a note otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_cablegram");

fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cables.csv");
    p.is_file().then_some(p)
}

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A tmux server of its own (socket `-L NAME-PID`) running an interactive
/// shell, killed on drop: tests running in parallel never share one.
struct Tmux {
    name: String,
    _turn: std::sync::MutexGuard<'static, ()>,
}

fn tmux(name: &str) -> Command {
    let mut c = Command::new("tmux");
    c.args(["-L", name]);
    c
}

/// One terminal test at a time: on a 2-core machine, several readers and
/// shells typing at once make the timing of each one unreliable.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Tmux {
    fn start(name: &str, width: u16, height: u16) -> Tmux {
        let turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        // The socket is per user: with the process ID in its name, two
        // checkouts running these tests at once never kill each other's.
        let name = &format!("{name}-{}", std::process::id());
        let _ = tmux(name).arg("kill-server").output();
        let status = tmux(name)
            .args([
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .args(["bash", "--norc", "--noprofile"])
            .status()
            .expect("tmux starts");
        assert!(status.success());
        let t = Tmux {
            name: name.into(),
            _turn: turn,
        };
        sleep(Duration::from_millis(300));
        t.type_text("PS1='$ '; clear");
        t.keys(&["Enter"]);
        t.wait_prompt();
        t
    }

    fn keys(&self, keys: &[&str]) {
        let status = tmux(&self.name)
            .args(["send-keys", "-t", &self.name])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
        sleep(Duration::from_millis(150));
    }

    /// Types text literally.
    fn type_text(&self, text: &str) {
        let status = tmux(&self.name)
            .args(["send-keys", "-t", &self.name, "-l", text])
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
        sleep(Duration::from_millis(150));
    }

    fn screen(&self) -> String {
        let out = tmux(&self.name)
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn alternate_screen_on(&self) -> bool {
        let out = tmux(&self.name)
            .args(["display-message", "-p", "-t", &self.name, "#{alternate_on}"])
            .output()
            .expect("tmux display-message");
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// Waits until the shell shows its prompt on a line of its own.
    fn wait_prompt(&self) {
        let start = Instant::now();
        while !self.screen().lines().any(|l| l.trim_end() == "$") {
            if start.elapsed() > Duration::from_secs(5) {
                panic!("no shell prompt; screen:\n{}", self.screen());
            }
            sleep(Duration::from_millis(100));
        }
    }

    fn wait_for(&self, needle: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            if start.elapsed() > timeout {
                panic!("timed out waiting for {needle:?}; screen:\n{s}");
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Echo is on in the shell again (`stty` prints `echo`, not `-echo`).
    fn assert_terminal_restored(&self) {
        assert!(!self.alternate_screen_on(), "still on the alternate screen");
        self.keys(&["clear", "Enter"]);
        self.type_text("stty -a | tr ' ' '\\n' | grep -x -- '-*echo' ; echo done-stty");
        self.keys(&["Enter"]);
        let s = self.wait_for("done-stty\n", Duration::from_secs(5));
        let lines: Vec<&str> = s.lines().map(str::trim).collect();
        assert!(lines.contains(&"echo"), "echo is off:\n{s}");
        assert!(!lines.contains(&"-echo"), "echo is off:\n{s}");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = tmux(&self.name).arg("kill-server").output();
    }
}

/// The cable ID in the reader's title (`┌ 09BERLIN1296 · SECRET ─`).
fn reader_title(screen: &str) -> Option<String> {
    let first = screen.lines().next()?;
    first
        .split('┌')
        .filter_map(|part| part.trim().split(' ').next().map(str::to_string))
        .find(|w| {
            w.len() > 4 && w.as_bytes()[0].is_ascii_digit() && w.as_bytes()[1].is_ascii_digit()
        })
}

/// The letter of the reference to `id` in the reader (`REF B BERLIN 1271  ✓ 09BERLIN1271`).
fn letter_of_reference(screen: &str, id: &str) -> Option<char> {
    screen.lines().find_map(|l| {
        let at = l.find("REF ")?;
        if !l.contains(&format!("✓ {id}")) {
            return None;
        }
        l[at + 4..].chars().next()
    })
}

/// The reader pane's text (between the list and the sidebar), to compare
/// positions.
fn reader_pane(screen: &str) -> String {
    screen
        .lines()
        .map(|l| {
            let parts: Vec<&str> = l.split('│').collect();
            parts
                .get(2..parts.len().saturating_sub(2))
                .map(|p| p.join("│"))
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn search_open_follow_the_chain_and_come_back() {
    if corpus().is_none() {
        eprintln!("../shared/corpus is absent: e2e test skipped");
        return;
    }
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(lib) = corpus_library(dir.path()) else {
        return;
    };

    let t = Tmux::start("cablegram-e2e-chain", 150, 45);
    t.type_text(&format!("{BIN} --library {}", lib.display()));
    t.keys(&["Enter"]);
    t.wait_for("Cables 1–", Duration::from_secs(10));

    // Search as you type.
    t.keys(&["/"]);
    t.type_text("tag:PREL berlin");
    t.wait_for("/tag:PREL berlin", Duration::from_secs(5));
    // The results follow the typing (off the UI thread): wait for them
    // rather than catch the frame that shows the prompt before they came.
    let s = t.wait_for("Hits 1–", Duration::from_secs(5));
    assert!(s.contains("/tag:PREL berlin"), "{s}");
    t.keys(&["Enter"]);
    // Open 09BERLIN1296: step down the list to its row.
    let s = t.wait_for("09BERLIN1296", Duration::from_secs(5));
    let rows: Vec<&str> = s.lines().skip(1).collect();
    let row = rows
        .iter()
        .position(|l| l.contains("09BERLIN1296"))
        .expect("09BERLIN1296 among the hits");
    for _ in 0..row {
        t.keys(&["j"]);
    }
    t.keys(&["Enter"]);
    let s = t.wait_for("┌ 09BERLIN1296", Duration::from_secs(5));
    assert_eq!(reader_title(&s).as_deref(), Some("09BERLIN1296"));

    // Move the cursor somewhere, remember the place, follow to 1271.
    t.keys(&["j", "j"]);
    let place = reader_pane(&t.screen());
    let letter = letter_of_reference(&s, "09BERLIN1271").expect("a reference to 09BERLIN1271");
    t.keys(&["f", &letter.to_string()]);
    let s = t.wait_for("┌ 09BERLIN1271", Duration::from_secs(5));
    assert!(s.contains("back: 09BERLIN1296"), "{s}");

    // And on to 1162.
    let letter = letter_of_reference(&s, "09BERLIN1162").expect("a reference to 09BERLIN1162");
    t.keys(&["f", &letter.to_string()]);
    t.wait_for("┌ 09BERLIN1162", Duration::from_secs(5));

    // Back twice: 1296 again, at the same place.
    t.keys(&["BSpace"]);
    t.wait_for("┌ 09BERLIN1271", Duration::from_secs(5));
    t.keys(&["BSpace"]);
    t.wait_for("┌ 09BERLIN1296", Duration::from_secs(5));
    sleep(Duration::from_millis(200));
    assert_eq!(reader_pane(&t.screen()), place);

    t.keys(&["q"]);
    t.wait_prompt();
    t.assert_terminal_restored();
}

/// The corpus imported into a fresh library (in `dir`).
fn corpus_library(dir: &Path) -> Option<PathBuf> {
    let csv = corpus()?;
    let lib = dir.join("lib");
    let import = Command::new(BIN)
        .arg("--library")
        .arg(&lib)
        .arg("import")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    Some(lib)
}

#[test]
fn the_thread_of_a_cable_is_a_tree_read_as_one_and_its_mentions_lead_on() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(lib) = corpus_library(dir.path()) else {
        eprintln!("../shared/corpus is absent: e2e test skipped");
        return;
    };
    let t = Tmux::start("cablegram-e2e-thread", 150, 45);
    t.type_text(&format!("{BIN} --library {} 09BERLIN1296", lib.display()));
    t.keys(&["Enter"]);
    t.wait_for("┌ 09BERLIN1296", Duration::from_secs(10));

    // T: the chain as a tree in the list pane, 1241 marked missing.
    t.keys(&["T"]);
    let s = t.wait_for("Thread of 09BERLIN1296", Duration::from_secs(10));
    assert!(s.contains("09BERLIN1241 ✗ not in the library"), "{s}");
    assert!(s.contains("└─ "), "no tree lines:\n{s}");
    for id in ["09BERLIN1162", "09BERLIN1271", "09BERLIN1296"] {
        assert!(s.contains(id), "{id} is not in the tree:\n{s}");
    }

    // Open 1162 from it: the root, the first row.
    t.keys(&["g"]);
    t.keys(&["Enter"]);
    t.wait_for("┌ 09BERLIN1162", Duration::from_secs(5));

    // Back to the tree (the reader keeps 1162), and read it all as one:
    // the cursor on 1162, the oldest; J steps to 1271, then 1296.
    t.keys(&["BTab"]);
    t.keys(&["a"]);
    t.wait_for("1 of 3 · 09BERLIN1162", Duration::from_secs(10));
    t.keys(&["J"]);
    t.wait_for("2 of 3 · 09BERLIN1271", Duration::from_secs(5));
    t.keys(&["J"]);
    let s = t.wait_for("3 of 3 · 09BERLIN1296", Duration::from_secs(5));
    assert!(
        s.contains("09BERLIN1296 · CONFIDENTIAL"),
        "no citation line:\n{s}"
    );

    // Follow a mention: 1296's citation line, REF A, ¶1, then the
    // "reftel" in ¶1, which leads to 1271.
    t.keys(&["j", "j", "j"]);
    t.keys(&["Enter"]);
    let s = t.wait_for("┌ 09BERLIN1271 ·", Duration::from_secs(5));
    assert!(!s.contains("of 3 ·"), "still the document of three:\n{s}");

    // Esc: the list before the thread, as it was.
    t.keys(&["BTab", "Escape"]);
    t.wait_for("Cables 1–", Duration::from_secs(5));
    t.keys(&["q"]);
    t.wait_prompt();
    t.assert_terminal_restored();
}

#[test]
fn a_panic_leaves_the_terminal_restored() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let t = Tmux::start("cablegram-e2e-panic", 100, 30);
    t.type_text(&format!(
        "CABLEGRAM_TEST_PANIC=after-first-frame {BIN} --library {}; echo \"[exit $?]\"",
        lib.display()
    ));
    t.keys(&["Enter"]);
    let s = t.wait_for("[exit 101]", Duration::from_secs(10));
    assert!(s.contains("panicked"), "{s}");
    t.assert_terminal_restored();
}

#[test]
fn quitting_at_once_restores_the_terminal() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let t = Tmux::start("cablegram-e2e-quit", 100, 30);
    t.type_text(&format!(
        "{BIN} --library {}; echo \"[exit $?]\"",
        lib.display()
    ));
    t.keys(&["Enter"]);
    t.wait_for("Samples 1–", Duration::from_secs(10));
    t.keys(&["q"]);
    t.wait_for("[exit 0]", Duration::from_secs(5));
    t.assert_terminal_restored();
}

#[test]
fn ctrl_z_suspends_and_fg_comes_back_intact() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let t = Tmux::start("cablegram-e2e-suspend", 120, 30);
    t.type_text(&format!("{BIN} --library {}", lib.display()));
    t.keys(&["Enter"]);
    t.wait_for("Samples 1–", Duration::from_secs(10));
    t.keys(&["j", "C-z"]);
    t.wait_for("Stopped", Duration::from_secs(5));
    assert!(
        !t.alternate_screen_on(),
        "suspended with the alternate screen on"
    );
    t.type_text("fg");
    t.keys(&["Enter"]);
    let s = t.wait_for("Samples 1–", Duration::from_secs(5));
    assert!(s.contains("Details"), "{s}");
    // Still responsive: the key goes to the reader, and q quits cleanly.
    t.keys(&["q"]);
    t.wait_prompt();
    t.assert_terminal_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib-sigterm");
    let t = Tmux::start("cablegram-e2e-sigterm", 100, 30);
    t.type_text(&format!(
        "{BIN} --library {}; echo \"[exit $?]\"",
        lib.display()
    ));
    t.keys(&["Enter"]);
    t.wait_for("Samples 1–", Duration::from_secs(10));
    let pid = Command::new("pgrep")
        .args(["-f", &format!("cablegram --library {}", lib.display())])
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&pid.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    assert!(!pid.is_empty(), "the reader's pid");
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    t.wait_for("[exit 0]", Duration::from_secs(5));
    t.assert_terminal_restored();
}

#[test]
fn a_bookmark_with_a_note_survives_a_restart_and_exports() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib-bookmark");
    let t = Tmux::start("cablegram-e2e-bookmark", 130, 40);
    t.type_text(&format!("{BIN} --library {} 07MOSCOW1026", lib.display()));
    t.keys(&["Enter"]);
    t.wait_for("┌ 07MOSCOW1026", Duration::from_secs(10));
    // REF A, REF B, ¶1, the two references ¶1 mentions, ¶2: five steps
    // down to ¶2.
    t.keys(&["j", "j", "j", "j", "j", "m"]);
    t.wait_for("note for 07MOSCOW1026 ¶2", Duration::from_secs(5));
    t.type_text("ATGMs reach Hizballah");
    t.keys(&["Enter"]);
    t.wait_for("bookmarked 07MOSCOW1026 ¶2", Duration::from_secs(5));
    t.keys(&["q"]);
    t.wait_prompt();

    // Restart without an ID: the reader reopens where it was, ★ on ¶2.
    t.keys(&["clear", "Enter"]);
    t.type_text(&format!("{BIN} --library {}", lib.display()));
    t.keys(&["Enter"]);
    let s = t.wait_for("┌ 07MOSCOW1026", Duration::from_secs(10));
    let star = s.lines().find(|l| l.contains("★ ¶2")).map(str::to_string);
    assert!(star.is_some(), "no ★ on ¶2:\n{s}");
    assert!(
        s.contains("★ ¶2    ATGMs reach"),
        "the sidebar lists the note:\n{s}"
    );
    t.keys(&["q"]);
    t.wait_prompt();
    t.assert_terminal_restored();

    let export = Command::new(BIN)
        .arg("--library")
        .arg(&lib)
        .args(["bookmarks", "export", "--format", "md"])
        .output()
        .unwrap();
    assert!(export.status.success());
    let md = String::from_utf8_lossy(&export.stdout);
    assert!(md.contains("07MOSCOW1026 ¶2"), "{md}");
    assert!(md.contains("ATGMs reach Hizballah"), "{md}");
}

/// Whether a process runs whose command line contains `needle`.
fn running(needle: &str) -> bool {
    Command::new("pgrep")
        .args(["-f", needle])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn closing_the_terminal_keeps_the_session() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib-hangup");
    let t = Tmux::start("cablegram-e2e-hangup", 120, 30);
    let command = format!("{BIN} --library {}", lib.display());
    t.type_text(&command);
    t.keys(&["Enter"]);
    t.wait_for("Samples 1–", Duration::from_secs(10));
    // A search kept, and a cable opened from it: nothing quits cleanly.
    t.keys(&["/"]);
    t.type_text("petlyakov");
    t.keys(&["Enter"]);
    t.wait_for("/petlyakov", Duration::from_secs(5));
    // The terminal goes away (tmux kill-server hangs up every pane).
    drop(t);
    let start = Instant::now();
    while running(&command) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the reader outlived its terminal"
        );
        sleep(Duration::from_millis(100));
    }
    let session = std::fs::read_to_string(lib.join("session.json")).expect("a session");
    assert!(session.contains("\"petlyakov\""), "{session}");
}

impl Tmux {
    /// The screen with its attributes (`capture-pane -e`): SGR sequences
    /// say which text is bold.
    fn screen_with_attributes(&self) -> String {
        let out = tmux(&self.name)
            .args(["capture-pane", "-p", "-e", "-t", &self.name])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// A config.toml for the triage tests: read on open, exports to `dir`.
fn triage_config(dir: &Path) -> PathBuf {
    let path = dir.join("config.toml");
    let exports = dir.join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    std::fs::write(
        &path,
        format!(
            "read_after = 0\nexport_dir = {:?}\n",
            exports.display().to_string()
        ),
    )
    .unwrap();
    path
}

/// Whether the list row of cable `id` is drawn bold (unread), from a
/// screen with attributes: the SGR sequences before it on its line are
/// followed (1 sets bold; 0, 22 or an empty one clears it).
fn row_is_bold(screen: &str, id: &str) -> bool {
    let line = screen.lines().find(|l| l.contains(id)).unwrap_or_default();
    let before = &line[..line.find(id).unwrap_or(0)];
    let mut bold = false;
    for sgr in before.split("\x1b[").skip(1) {
        let Some((params, _)) = sgr.split_once('m') else {
            continue;
        };
        for p in params.split(';') {
            match p {
                "1" => bold = true,
                "" | "0" | "22" => bold = false,
                _ => {}
            }
        }
    }
    bold
}

#[test]
fn reading_two_cables_marks_them_read_and_the_unread_count_drops() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib-read");
    let config = triage_config(dir.path());
    let t = Tmux::start("cablegram-e2e-read", 130, 30);
    t.type_text(&format!(
        "{BIN} --library {} --config {}",
        lib.display(),
        config.display()
    ));
    t.keys(&["Enter"]);
    // The first cable (the newest) opens on its own, and is read at once.
    t.wait_for("Samples 1–5 of 5 · 4 unread", Duration::from_secs(10));
    t.keys(&["j"]);
    t.wait_for("Samples 1–5 of 5 · 3 unread", Duration::from_secs(10));
    // Off the two read rows: they are drawn plain, the unread ones bold.
    t.keys(&["j"]);
    t.wait_for("Samples 1–5 of 5 · 2 unread", Duration::from_secs(10));
    let s = t.screen_with_attributes();
    assert!(!row_is_bold(&s, "09MOSCOW501"), "{s}");
    assert!(!row_is_bold(&s, "08MOSCOW820"), "{s}");
    assert!(row_is_bold(&s, "07MOSCOW1026"), "{s}");
    assert!(row_is_bold(&s, "05MOSCOW11807"), "{s}");
    t.keys(&["q"]);
    t.wait_prompt();
    let marks = std::fs::read_to_string(lib.join("read-marks.txt")).unwrap();
    for id in ["09MOSCOW501", "08MOSCOW820", "07MOSCOW5349"] {
        assert!(marks.lines().any(|l| l == id), "{id} not in\n{marks}");
    }
    assert!(!marks.contains("07MOSCOW1026"), "{marks}");
}

#[test]
fn a_saved_search_and_its_count_come_back_after_a_restart() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib-saved");
    let config = triage_config(dir.path());
    let command = format!(
        "{BIN} --library {} --config {}",
        lib.display(),
        config.display()
    );
    let t = Tmux::start("cablegram-e2e-saved", 130, 30);
    t.type_text(&command);
    t.keys(&["Enter"]);
    t.wait_for("Samples 1–5 of 5", Duration::from_secs(10));
    t.keys(&["/"]);
    t.type_text("tag:PARM");
    t.keys(&["Enter"]);
    t.wait_for("Hits 1–", Duration::from_secs(5));
    t.keys(&["S"]);
    t.wait_for("save the search as:", Duration::from_secs(5));
    t.type_text("arms control");
    t.keys(&["Enter"]);
    t.wait_for("saved the search as arms control", Duration::from_secs(5));
    t.keys(&["q"]);
    t.wait_prompt();

    t.keys(&["clear", "Enter"]);
    t.type_text(&command);
    t.keys(&["Enter"]);
    t.wait_for("Hits 1–", Duration::from_secs(10));
    t.keys(&["'"]);
    let s = t.wait_for("Saved searches 1–1 of 1", Duration::from_secs(5));
    let start = Instant::now();
    let mut row = String::new();
    while start.elapsed() < Duration::from_secs(10) {
        row = t
            .screen()
            .lines()
            .find(|l| l.contains("arms control"))
            .unwrap_or_default()
            .to_string();
        if row.contains(" unread") && !row.contains('…') {
            break;
        }
        sleep(Duration::from_millis(100));
    }
    let count = Command::new(BIN)
        .arg("--library")
        .arg(&lib)
        .args(["search", "--limit", "0", "tag:PARM"])
        .output()
        .unwrap();
    let total: String = String::from_utf8_lossy(&count.stdout)
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(
        row.contains(&format!("arms control {total} · ")),
        "no count {total} in {row:?}:\n{s}"
    );
    t.keys(&["q"]);
    t.wait_prompt();
}

#[test]
fn three_cables_selected_with_space_export_as_three_citations() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib-select");
    let config = triage_config(dir.path());
    let t = Tmux::start("cablegram-e2e-select", 130, 30);
    t.type_text(&format!(
        "{BIN} --library {} --config {}",
        lib.display(),
        config.display()
    ));
    t.keys(&["Enter"]);
    t.wait_for("Samples 1–5 of 5", Duration::from_secs(10));
    t.keys(&["Space", "Space", "Space"]);
    t.wait_for("· 3 selected", Duration::from_secs(5));
    // tmux reads a lone ; as the end of its command: \; is the key.
    t.keys(&["\\;"]);
    t.wait_for("3 cables selected:", Duration::from_secs(5));
    t.keys(&["e"]);
    let s = t.wait_for("exported 3 cables to", Duration::from_secs(10));
    t.keys(&["q"]);
    t.wait_prompt();
    let exports: Vec<PathBuf> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(exports.len(), 1, "{exports:?}\n{s}");
    let name = exports[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("cablegram-export-20") && name.ends_with(".md"),
        "{name}"
    );
    let md = std::fs::read_to_string(&exports[0]).unwrap();
    let citations: Vec<&str> = md.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(citations.len(), 3, "{md}");
    // The first three rows, newest first, in the order selected.
    for (line, id) in citations
        .iter()
        .zip(["09MOSCOW501", "08MOSCOW820", "07MOSCOW5349"])
    {
        assert!(line.contains(id), "{line} should cite {id}");
    }
}

#[test]
fn ctrl_l_picks_up_the_cables_another_reader_marked() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib-shared");
    let config = triage_config(dir.path());
    let t = Tmux::start("cablegram-e2e-shared", 130, 30);
    t.type_text(&format!(
        "{BIN} --library {} --config {}",
        lib.display(),
        config.display()
    ));
    t.keys(&["Enter"]);
    t.wait_for("Samples 1–5 of 5 · 4 unread", Duration::from_secs(10));
    // Another reader (here: the store, as it would) marks two cables.
    cablegram::library::Store::new(&lib)
        .set_read(&["07MOSCOW1026".into(), "05MOSCOW11807".into()], true)
        .unwrap();
    t.keys(&["C-l"]);
    t.wait_for("Samples 1–5 of 5 · 2 unread", Duration::from_secs(10));
    t.keys(&["q"]);
    t.wait_prompt();
}

/// The status line (the last line of the screen).
fn status_line(screen: &str) -> String {
    screen
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .to_string()
}

/// Waits until the status line shows the list of `query`.
fn wait_for_query(t: &Tmux, query: &str) -> String {
    let start = Instant::now();
    let want = format!("/{query}  ");
    loop {
        let s = t.screen();
        if status_line(&s).starts_with(&want) {
            return s;
        }
        if start.elapsed() > Duration::from_secs(10) {
            panic!("timed out waiting for the query {query:?}; screen:\n{s}");
        }
        sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_overview_narrows_by_an_origin_then_a_year_and_esc_takes_both_back() {
    if !have_tmux() {
        eprintln!("tmux is not installed: e2e test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(lib) = corpus_library(dir.path()) else {
        eprintln!("../shared/corpus is absent: e2e test skipped");
        return;
    };

    let t = Tmux::start("cablegram-e2e-overview", 150, 45);
    t.type_text(&format!("{BIN} --library {}", lib.display()));
    t.keys(&["Enter"]);
    t.wait_for("Cables 1–", Duration::from_secs(10));
    t.keys(&["/"]);
    t.type_text("tag:PREL");
    t.wait_for("Hits 1–", Duration::from_secs(5));
    t.keys(&["Enter"]);
    wait_for_query(&t, "tag:PREL");

    // The overview, its counts computed off the UI thread.
    t.keys(&["O"]);
    t.wait_for("Overview · ", Duration::from_secs(5));
    let start = Instant::now();
    while t.screen().contains("counting…") {
        assert!(start.elapsed() < Duration::from_secs(10), "{}", t.screen());
        sleep(Duration::from_millis(100));
    }
    // Down from the timeline onto the first origin, and narrow to it.
    t.keys(&["j"]);
    let s = t.screen();
    let origin = s
        .lines()
        .find_map(|l| {
            let at = l.find("› ")?;
            let rest = &l[at + "› ".len()..];
            // The name, then the padding and the count.
            let name = rest.split("  ").next()?.trim();
            (!name.is_empty()).then(|| name.to_string())
        })
        .unwrap_or_else(|| panic!("no origin under the cursor:\n{s}"));
    t.keys(&["Enter"]);
    let by_origin = format!("tag:PREL origin:=\"{origin}\"");
    wait_for_query(&t, &by_origin);

    // Then a bar of the timeline (the cursor is back on it).
    t.keys(&["Enter"]);
    let start = Instant::now();
    let narrowed = loop {
        let line = status_line(&t.screen());
        if line.starts_with(&format!("/{by_origin} date:")) {
            break line;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no date narrowing:\n{}",
            t.screen()
        );
        sleep(Duration::from_millis(100));
    };
    assert!(narrowed.contains(" date:"), "{narrowed}");

    // Esc twice: back to the origin, then to the query searched.
    t.keys(&["Escape"]);
    wait_for_query(&t, &by_origin);
    t.keys(&["Escape"]);
    let s = wait_for_query(&t, "tag:PREL");
    assert!(s.contains("Overview · "), "the overview stays open:\n{s}");
    t.keys(&["O"]);
    t.keys(&["q"]);
    t.wait_prompt();
    t.assert_terminal_restored();
}
