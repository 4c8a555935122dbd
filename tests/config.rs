//! `config.toml` (docs/cli.md, "Library location"): where it is found, a
//! missing file, one test per kind of mistake — each naming its line —,
//! rebinding, conflicts, `NO_COLOR`, and `cablegram config`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use predicates::prelude::*;
use tempfile::TempDir;

use cablegram::tui::config::{self, Config, ConfigError, ErrorKind, Location};
use cablegram::tui::effect::Effect;
use cablegram::tui::keymap::{Action, Key, Keymap, Scope};
use cablegram::tui::state::App;
use cablegram::tui::update::{self, Msg};
use cablegram::tui::view::theme::{Element, Theme};
use ratatui::style::Color;

const BIN: &str = env!("CARGO_BIN_EXE_cablegram");

/// A directory with `config.toml` holding `text`.
fn config_file(text: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Loads `text` as the file named by `--config`.
fn load_text(text: &str) -> Result<Config, ConfigError> {
    let (_dir, path) = config_file(text);
    config::load_from(&Location::Flag(path))
}

/// The kind and line of the error `text` gives, and its message.
fn mistake(text: &str) -> (ErrorKind, usize, String) {
    let (_dir, path) = config_file(text);
    let e = config::load_from(&Location::Flag(path.clone())).unwrap_err();
    let message = e.to_string();
    let line = e.line().unwrap();
    assert!(
        message.starts_with(&format!("{}:{line}: ", path.display())),
        "the message names the file and the line: {message}"
    );
    assert!(!message.contains('\n'), "one sentence: {message}");
    (e.kind().unwrap(), line, message)
}

/// `cablegram` with no configuration from the environment of the test:
/// the platform config directory is an empty temporary one.
fn cablegram(home: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("CABLEGRAM_CONFIG")
        .env_remove("NO_COLOR")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"));
    cmd
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

// --- one test per kind of mistake, each naming the line -----------------

#[test]
fn a_syntax_error_names_its_line() {
    let (kind, line, message) = mistake("mouse = true\n\n[keys.reader\nzoom = \"Z\"\n");
    assert_eq!((kind, line), (ErrorKind::Syntax, 3));
    assert!(message.contains("not valid TOML"), "{message}");
}

#[test]
fn text_that_is_not_utf8_names_its_line() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, b"mouse = true\n# caf\xe9\n").unwrap();
    let e = config::load_from(&Location::Flag(path)).unwrap_err();
    assert_eq!((e.kind(), e.line()), (Some(ErrorKind::Syntax), Some(2)));
}

#[test]
fn an_unknown_setting_names_its_line() {
    let (kind, line, message) = mistake("mouse = true\ncolours = \"dark\"\n");
    assert_eq!((kind, line), (ErrorKind::UnknownSetting, 2));
    assert!(message.contains("unknown setting \"colours\""), "{message}");
}

#[test]
fn an_unknown_scope_table_names_its_line() {
    let (kind, line, message) =
        mistake("[keys.list]\ndown = \"j\"\n\n[keys.pager]\ndown = \"j\"\n");
    assert_eq!((kind, line), (ErrorKind::UnknownScope, 4));
    assert!(
        message.contains("unknown key table [keys.pager]"),
        "{message}"
    );
    assert!(message.contains("[keys.anywhere]"), "{message}");
}

#[test]
fn an_unknown_action_names_its_line() {
    let (kind, line, message) = mistake("[keys.anywhere]\nquit = \"x\"\nexplode = \"e\"\n");
    assert_eq!((kind, line), (ErrorKind::UnknownAction, 3));
    assert!(
        message.contains("unknown action \"explode\" in [keys.anywhere]"),
        "{message}"
    );
    assert!(message.contains("--print-default"), "{message}");
}

#[test]
fn an_unparseable_key_names_its_line() {
    // (ctrl-alt-z is a key since the key type has Alt.)
    let (kind, line, message) = mistake("# keys\n[keys.reader]\nzoom = \"ctrl-hyper-z\"\n");
    assert_eq!((kind, line), (ErrorKind::BadKey, 3));
    assert!(
        message.contains("\"ctrl-hyper-z\" is not a key"),
        "{message}"
    );
}

#[test]
fn a_conflict_names_both_actions_and_its_line() {
    let (kind, line, message) =
        mistake("[keys.reader]\nzoom = \"x\"\ntoggle_raw = \"V\"\nnext_hit = \"x\"\n");
    assert_eq!((kind, line), (ErrorKind::Conflict, 4));
    assert!(
        message.ends_with("\"x\" is bound to both next_hit and zoom (line 2) in [keys.reader]"),
        "{message}"
    );
}

#[test]
fn a_conflict_with_a_default_key_names_both_actions_and_its_line() {
    let (kind, line, message) = mistake("[keys.anywhere]\n\nforward = \"H\"\n");
    assert_eq!((kind, line), (ErrorKind::Conflict, 3));
    assert!(
        message.ends_with(
            "\"H\" is bound to both forward and back (its default key) in [keys.anywhere]; rebind back too"
        ),
        "{message}"
    );
}

#[test]
fn an_unknown_theme_element_names_its_line() {
    let (kind, line, message) = mistake("[theme]\nborder = \"blue\"\nbackground = \"black\"\n");
    assert_eq!((kind, line), (ErrorKind::UnknownElement, 3));
    assert!(
        message.contains("unknown theme element \"background\""),
        "{message}"
    );
}

#[test]
fn an_unknown_colour_names_its_line() {
    let (kind, line, message) = mistake("[theme]\nborder = \"blue\"\n\nerror = \"#ff00zz\"\n");
    assert_eq!((kind, line), (ErrorKind::UnknownColor, 4));
    assert!(
        message.contains("unknown colour \"#ff00zz\" for error"),
        "{message}"
    );
}

#[test]
fn a_value_of_the_wrong_type_names_its_line() {
    let (kind, line, message) = mistake("\n\nmouse = \"yes\"\n");
    assert_eq!((kind, line), (ErrorKind::BadValue, 3));
    assert!(message.contains("mouse must be true or false"), "{message}");
    let (kind, line, _) = mistake("[keys.list]\ndown = 2\n");
    assert_eq!((kind, line), (ErrorKind::BadValue, 2));
}

// --- where the file is ----------------------------------------------------

#[test]
fn a_missing_file_in_the_config_directory_means_the_defaults() {
    let dir = TempDir::new().unwrap();
    let location = Location::Platform(dir.path().join("cablegram").join("config.toml"));
    assert_eq!(config::load_from(&location).unwrap(), Config::default());
    assert_eq!(
        config::load_from(&Location::Nowhere).unwrap(),
        Config::default()
    );
}

#[test]
fn a_missing_file_named_by_config_is_an_error() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("nope.toml");
    let e = config::load_from(&Location::Flag(path.clone())).unwrap_err();
    assert!(matches!(e, ConfigError::Missing { .. }));
    assert_eq!(
        e.to_string(),
        format!("{}: no such file (named by --config)", path.display())
    );
}

#[test]
fn the_flag_wins_over_the_environment() {
    assert_eq!(
        config::locate(Some(Path::new("/x/c.toml"))),
        Location::Flag(PathBuf::from("/x/c.toml"))
    );
}

#[test]
fn the_platform_file_is_read_when_present() {
    let home = TempDir::new().unwrap();
    let dir = home.path().join("config").join("cablegram");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "mouse = false\n").unwrap();
    cablegram(home.path())
        .args(["config", "--check"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("config.toml: valid")
                .and(predicate::str::contains("mouse off")),
        );
}

#[test]
fn a_missing_platform_file_checks_as_the_defaults() {
    let home = TempDir::new().unwrap();
    cablegram(home.path())
        .args(["config", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no such file, the defaults apply"));
}

#[test]
fn the_binary_rejects_a_missing_config_path() {
    let home = TempDir::new().unwrap();
    let missing = home.path().join("missing.toml");
    cablegram(home.path())
        .arg("--config")
        .arg(&missing)
        .args(["config", "--check"])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {}: no such file (named by --config)\n",
            missing.display()
        ));
}

#[test]
fn the_environment_names_the_file_and_it_must_exist() {
    let home = TempDir::new().unwrap();
    let missing = home.path().join("env.toml");
    cablegram(home.path())
        .env("CABLEGRAM_CONFIG", &missing)
        .args(["config", "--check"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no such file (named by CABLEGRAM_CONFIG)",
        ));
    let (_dir, path) = config_file("[keys.list]\ndown = \"x\"\n");
    cablegram(home.path())
        .env("CABLEGRAM_CONFIG", &path)
        .args(["config", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 action rebound"));
    // An empty variable is no variable.
    cablegram(home.path())
        .env("CABLEGRAM_CONFIG", "")
        .args(["config", "--check"])
        .assert()
        .success();
}

#[test]
fn the_binary_reports_a_broken_file_with_its_line() {
    let home = TempDir::new().unwrap();
    let (_dir, path) =
        config_file("[keys.anywhere]\nquit = \"x\"\n\n[theme]\ncursor = \"cyann\"\n");
    cablegram(home.path())
        .arg("--config")
        .arg(&path)
        .args(["config", "--check"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "error: {}:5: unknown colour \"cyann\"",
            path.display()
        )));
}

#[test]
fn config_is_accepted_by_every_subcommand() {
    let home = TempDir::new().unwrap();
    cablegram(home.path())
        .args(["parse", "--config", "/nowhere.toml", "-"])
        .write_stdin("SUBJECT: A TEST\n\n1. Text.\n")
        .assert()
        .success();
}

// --- what the file does ---------------------------------------------------

#[test]
fn rebinding_quit_to_x_makes_x_quit_and_q_not() {
    let c = load_text("[keys.anywhere]\nquit = \"x\"\n").unwrap();
    // In every pane; the help and the prompt have keys of their own.
    for &scope in Scope::ALL.iter().filter(|s| s.takes_anywhere()) {
        assert_eq!(c.keymap.action(scope, Key::char('x')), Some(Action::Quit));
        assert_ne!(c.keymap.action(scope, Key::char('q')), Some(Action::Quit));
    }
    let mut app = App::new((100, 30), c.keymap.clone(), false);
    let effects = update::update(&mut app, key('q'));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Quit)));
    assert!(!app.should_quit);
    let effects = update::update(&mut app, key('x'));
    assert!(effects.iter().any(|e| matches!(e, Effect::Quit)));
    assert!(app.should_quit);
}

#[test]
fn other_bindings_keep_their_defaults() {
    let c = load_text("[keys.reader]\nzoom = \"Z\"\n").unwrap();
    let defaults = Keymap::default();
    for b in &defaults.bindings {
        if b.action == Action::Zoom {
            continue;
        }
        assert_eq!(c.keymap.action(b.scope, b.key), Some(b.action), "{b:?}");
    }
    assert_eq!(
        c.keymap.action(Scope::Reader, Key::char('Z')),
        Some(Action::Zoom)
    );
    // Zoom stays on z in the other panes.
    assert_eq!(
        c.keymap.action(Scope::List, Key::char('z')),
        Some(Action::Zoom)
    );
}

#[test]
fn a_broken_file_changes_nothing() {
    // The first lines are fine; the last one is not: no half configuration.
    assert!(
        load_text("mouse = false\n[keys.anywhere]\nquit = \"x\"\n[theme]\nborder = 1\n").is_err()
    );
}

#[test]
fn the_theme_and_mouse_are_read() {
    let c =
        load_text("mouse = false\n[theme]\nbadge_secret = \"light-red\"\nhit_bg = \"#303000\"\n")
            .unwrap();
    assert!(!c.mouse);
    assert_eq!(c.theme.color_of(Element::BadgeSecret), Color::LightRed);
    assert_eq!(c.theme.color_of(Element::HitBg), Color::Rgb(0x30, 0x30, 0));
    assert_eq!(
        c.theme.color_of(Element::Border),
        Theme::default().color_of(Element::Border)
    );
}

#[test]
fn no_color_turns_colour_off_and_an_empty_one_does_not() {
    let home = TempDir::new().unwrap();
    cablegram(home.path())
        .env("NO_COLOR", "1")
        .args(["config", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("colour off (NO_COLOR)"));
    cablegram(home.path())
        .env("NO_COLOR", "")
        .args(["config", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("colour on"));
}

// --- config --print-default -----------------------------------------------

#[test]
fn the_printed_default_reads_back_as_exactly_the_defaults() {
    let home = TempDir::new().unwrap();
    let out = cablegram(home.path())
        .args(["config", "--print-default"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let c = config::parse(&text, Path::new("config.toml")).unwrap();
    assert_eq!(c.keymap, Keymap::default());
    assert_eq!(c.theme, Theme::default());
    assert!(c.mouse);
    // And as a file in use, it changes nothing.
    let (_dir, path) = config_file(&text);
    cablegram(home.path())
        .arg("--config")
        .arg(&path)
        .args(["config", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "valid; 0 actions rebound, 0 colours changed, mouse on, colour on",
        ));
}

#[test]
fn the_printed_default_describes_every_binding_and_element() {
    let text = config::default_file();
    for &scope in Scope::ALL {
        assert!(
            text.contains(&format!("\n[keys.{}]\n", scope.name())),
            "{scope:?}"
        );
    }
    for b in Keymap::default().bindings {
        let line = text
            .lines()
            .find(|l| {
                l.starts_with(&format!("{} = ", b.action.name()))
                    && l.contains(&format!("\"{}\"", b.key.label()))
            })
            .unwrap_or_else(|| panic!("no line for {b:?}"));
        assert!(
            line.ends_with(&format!("# {}", b.action.description())),
            "{line}"
        );
    }
    for e in Element::ALL {
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("{} = ", e.name()))
                    && l.ends_with(&format!("# {}", e.description()))),
            "{e:?}"
        );
    }
}
