//! The user's configuration, `config.toml`: key bindings per scope, a
//! colour per element of the theme, the mouse. The file lives in the
//! platform config directory, or where `--config FILE` or
//! `CABLEGRAM_CONFIG` point. A missing file means the defaults; a broken
//! one is an error naming the file and the line, and nothing of it is
//! applied: the reader never starts half-configured.
//!
//! ```toml
//! mouse = false
//!
//! [keys.anywhere]
//! quit = "x"                  # replaces q and ctrl-c
//!
//! [keys.reader]
//! page_down = ["space", "pgdn"]
//!
//! [theme]
//! badge_secret = "light-red"
//! hit_bg = "#5f5f00"
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::keymap::{Action, Binding, Key, Keymap, Scope};
use super::view::theme::{color_name, parse_color, Element, Theme};

/// The environment variable naming the configuration file.
pub const CONFIG_ENV: &str = "CABLEGRAM_CONFIG";

/// The file's name in the platform config directory.
pub const FILE_NAME: &str = "config.toml";

/// Everything the configuration decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The default keymap with the file's bindings applied.
    pub keymap: Keymap,
    /// The theme; colour is off under `NO_COLOR` (after `load`).
    pub theme: Theme,
    /// Whether the reader takes mouse input.
    pub mouse: bool,
    /// How long a cable is shown before it is marked read; zero marks it
    /// on open.
    pub read_after: std::time::Duration,
    /// Where `;e` writes its export; `None`: the current directory.
    pub export_dir: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            keymap: Keymap::default(),
            theme: Theme::default(),
            mouse: true,
            read_after: super::state::triage::DEFAULT_READ_AFTER,
            export_dir: None,
        }
    }
}

/// Where the configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// Named by `--config`: it must exist.
    Flag(PathBuf),
    /// Named by `CABLEGRAM_CONFIG`: it must exist.
    Env(PathBuf),
    /// `config.toml` in the platform config directory: when it is missing,
    /// the defaults apply.
    Platform(PathBuf),
    /// No home directory to look in: the defaults.
    Nowhere,
}

impl Location {
    /// The file, if there is one to look at.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Location::Flag(p) | Location::Env(p) | Location::Platform(p) => Some(p),
            Location::Nowhere => None,
        }
    }
}

/// Where the configuration is: `--config FILE` (the flag), else
/// `CABLEGRAM_CONFIG` when set and not empty, else `config.toml` in the
/// platform config directory.
pub fn locate(flag: Option<&Path>) -> Location {
    if let Some(path) = flag {
        return Location::Flag(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os(CONFIG_ENV).filter(|v| !v.is_empty()) {
        return Location::Env(PathBuf::from(path));
    }
    match platform_path() {
        Some(path) => Location::Platform(path),
        None => Location::Nowhere,
    }
}

/// `config.toml` in the platform config directory
/// (`~/.config/cablegram/config.toml` on Linux).
pub fn platform_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "cablegram", "cablegram")
        .map(|d| d.config_dir().join(FILE_NAME))
}

/// Loads the configuration for this process: the file `locate(flag)`
/// finds, with colour off when `NO_COLOR` is set and not empty.
pub fn load(flag: Option<&Path>) -> Result<Config, ConfigError> {
    let mut config = load_from(&locate(flag))?;
    config.theme = config.theme.with_env();
    Ok(config)
}

/// Loads the configuration from a location (the environment plays no
/// part): a missing file is the defaults unless it was named explicitly.
pub fn load_from(location: &Location) -> Result<Config, ConfigError> {
    let (path, named_by) = match location {
        Location::Flag(p) => (p, Some("--config")),
        Location::Env(p) => (p, Some(CONFIG_ENV)),
        Location::Platform(p) => (p, None),
        Location::Nowhere => return Ok(Config::default()),
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match named_by {
                Some(named_by) => Err(ConfigError::Missing {
                    path: path.clone(),
                    named_by,
                }),
                None => Ok(Config::default()),
            };
        }
        Err(error) => {
            return Err(ConfigError::Read {
                path: path.clone(),
                error,
            })
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
        ConfigError::Invalid {
            path: path.clone(),
            line,
            kind: ErrorKind::Syntax,
            message: "the file is not UTF-8 text".into(),
        }
    })?;
    parse(&text, path)
}

/// Reads the text of a configuration file; `path` is the file's name for
/// the messages. Colour is on: `load` turns it off under `NO_COLOR`.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    Parser { text, path }.parse()
}

/// What is wrong with a configuration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not TOML (or not UTF-8).
    Syntax,
    /// A top-level setting that does not exist.
    UnknownSetting,
    /// A `[keys.…]` table that is not a scope.
    UnknownScope,
    /// A key table entry that is not an action.
    UnknownAction,
    /// A key that cannot be read.
    BadKey,
    /// The same key bound to two actions in one scope.
    Conflict,
    /// A `[theme]` entry that is not an element.
    UnknownElement,
    /// A colour that cannot be read.
    UnknownColor,
    /// A value of the wrong type (`mouse = "yes"`, `quit = 1`).
    BadValue,
}

/// Why the configuration could not be loaded: one sentence naming the file
/// (and the line, when the text is at fault).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: no such file (named by {named_by})", path.display())]
    Missing {
        path: PathBuf,
        named_by: &'static str,
    },
    #[error("cannot read {}: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        kind: ErrorKind,
        message: String,
    },
}

impl ConfigError {
    /// The line at fault, from 1, when the text is at fault.
    pub fn line(&self) -> Option<usize> {
        match self {
            ConfigError::Invalid { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// What is wrong with the text, when the text is at fault.
    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            ConfigError::Invalid { kind, .. } => Some(*kind),
            _ => None,
        }
    }
}

/// The keys a file gives an action in a scope.
struct Override {
    scope: Scope,
    action: Action,
    keys: Vec<Key>,
    line: usize,
}

type Entry<'t, 'i> = (&'t Spanned<Cow<'i, str>>, &'t Spanned<DeValue<'i>>);

/// The entries of a table in the order the file writes them, so that the
/// first mistake in the file is the one reported.
fn in_file_order<'t, 'i>(table: &'t DeTable<'i>) -> Vec<Entry<'t, 'i>> {
    let mut entries: Vec<Entry<'t, 'i>> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// A name from the file, quoted and with control characters escaped.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0.escape_debug())
    }
}

/// `; did you mean "x"?` when a candidate is close to `name`.
fn suggestion<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let name = name.to_lowercase().replace('-', "_");
    let len = name.chars().count();
    candidates
        .into_iter()
        // The distance is at least the difference in length: a name far
        // longer than every candidate (the fuzzer's 60 KB key took 0.6 s
        // of debug CPU) is not compared at all.
        .filter(|c| len.abs_diff(c.chars().count()) <= 2)
        .map(|c| (edit_distance(&name, c), c))
        // One slip in a short name, two in a long one.
        .filter(|&(d, c)| d <= (c.len() / 4).clamp(1, 2))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| format!("; did you mean {}?", Quoted(c)))
}

/// Levenshtein distance, for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The text of a file and its name, for the messages.
struct Parser<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Parser<'_> {
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn error(&self, span: Range<usize>, kind: ErrorKind, message: String) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.to_path_buf(),
            line: self.line(span.start),
            kind,
            message,
        }
    }

    fn parse(&self) -> Result<Config, ConfigError> {
        let document = DeTable::parse(self.text).map_err(|e| {
            // toml's message can run over lines (what it expected): one
            // sentence here.
            let message = e
                .message()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            self.error(
                e.span().unwrap_or(0..0),
                ErrorKind::Syntax,
                format!("not valid TOML: {message}"),
            )
        })?;
        let mut config = Config::default();
        let mut overrides = Vec::new();
        for (key, value) in in_file_order(document.get_ref()) {
            match key.get_ref().as_ref() {
                "mouse" => {
                    config.mouse = value.get_ref().as_bool().ok_or_else(|| {
                        self.error(
                            value.span(),
                            ErrorKind::BadValue,
                            "mouse must be true or false".into(),
                        )
                    })?;
                }
                "read_after" => {
                    let v = value.get_ref();
                    let text = match v {
                        DeValue::Integer(i) => Some(i.as_str()),
                        DeValue::Float(f) => Some(f.as_str()),
                        _ => None,
                    };
                    let secs = text
                        .and_then(|t| t.replace('_', "").parse::<f64>().ok())
                        .filter(|s| s.is_finite() && (0.0..=86_400.0).contains(s))
                        .ok_or_else(|| {
                            self.error(
                                value.span(),
                                ErrorKind::BadValue,
                                "read_after must be a number of seconds from 0 (mark on open) to 86400".into(),
                            )
                        })?;
                    config.read_after = std::time::Duration::from_secs_f64(secs);
                }
                "export_dir" => {
                    let dir = value.get_ref().as_str().ok_or_else(|| {
                        self.error(
                            value.span(),
                            ErrorKind::BadValue,
                            "export_dir must be a directory, as a string".into(),
                        )
                    })?;
                    config.export_dir = Some(PathBuf::from(dir));
                }
                "keys" => self.keys(value, &mut overrides)?,
                "theme" => self.theme(value, &mut config.theme)?,
                other => {
                    let hint = suggestion(
                        other,
                        ["mouse", "read_after", "export_dir", "keys", "theme"],
                    )
                    .unwrap_or_else(|| {
                        "; the settings are mouse, read_after, export_dir, the [keys.…] tables and [theme]".into()
                    });
                    return Err(self.error(
                        key.span(),
                        ErrorKind::UnknownSetting,
                        format!("unknown setting {}{hint}", Quoted(other)),
                    ));
                }
            }
        }
        config.keymap = self.keymap(&overrides)?;
        Ok(config)
    }

    fn scope_list() -> String {
        let names: Vec<String> = Scope::ALL
            .iter()
            .map(|s| format!("[keys.{}]", s.name()))
            .collect();
        names.join(", ")
    }

    fn keys(
        &self,
        value: &Spanned<DeValue<'_>>,
        overrides: &mut Vec<Override>,
    ) -> Result<(), ConfigError> {
        let Some(table) = value.get_ref().as_table() else {
            return Err(self.error(
                value.span(),
                ErrorKind::BadValue,
                format!("keys must be tables: {}", Self::scope_list()),
            ));
        };
        for (scope_key, scope_value) in in_file_order(table) {
            let name = scope_key.get_ref().as_ref();
            let scope = Scope::from_name(name);
            let bindings = scope_value.get_ref().as_table();
            let (Some(scope), Some(bindings)) = (scope, bindings) else {
                let message = if scope.is_some() {
                    format!(
                        "[keys.{name}] must be a table of action = \"key\"",
                        name = name.escape_debug()
                    )
                } else {
                    let hint =
                        suggestion(name, Scope::ALL.iter().map(|s| s.name())).unwrap_or_default();
                    format!(
                        "unknown key table [keys.{}]{hint}; the tables are {}",
                        name.escape_debug(),
                        Self::scope_list()
                    )
                };
                let kind = if scope.is_some() {
                    ErrorKind::BadValue
                } else {
                    ErrorKind::UnknownScope
                };
                return Err(self.error(scope_key.span(), kind, message));
            };
            for (action_key, keys_value) in in_file_order(bindings) {
                let name = action_key.get_ref().as_ref();
                let Some(action) = Action::from_name(name) else {
                    let hint = suggestion(name, Action::ALL.iter().map(|a| a.name()))
                        .unwrap_or_else(|| {
                            "; `cablegram config --print-default` lists the actions".into()
                        });
                    return Err(self.error(
                        action_key.span(),
                        ErrorKind::UnknownAction,
                        format!(
                            "unknown action {} in [keys.{}]{hint}",
                            Quoted(name),
                            scope.name()
                        ),
                    ));
                };
                overrides.push(Override {
                    scope,
                    action,
                    keys: self.key_list(action, keys_value)?,
                    line: self.line(action_key.span().start),
                });
            }
        }
        Ok(())
    }

    /// `"key"` or `["key", …]`, each key once.
    fn key_list(
        &self,
        action: Action,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<Key>, ConfigError> {
        let bad_value = || {
            self.error(
                value.span(),
                ErrorKind::BadValue,
                format!(
                    "{} must be a key such as \"q\" or a list of keys such as [\"q\", \"ctrl-c\"]",
                    action.name()
                ),
            )
        };
        let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(items) => items.iter().collect(),
            _ => return Err(bad_value()),
        };
        let mut keys = Vec::new();
        for item in items {
            let Some(text) = item.get_ref().as_str() else {
                return Err(bad_value());
            };
            let Some(key) = Key::parse(text) else {
                return Err(self.error(
                    item.span(),
                    ErrorKind::BadKey,
                    format!(
                        "{} is not a key (for {}); write keys as q, G, ctrl-d, enter, backspace, tab, shift-tab, up, pgdn, space or esc",
                        Quoted(text),
                        action.name()
                    ),
                ));
            };
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        Ok(keys)
    }

    fn theme(&self, value: &Spanned<DeValue<'_>>, theme: &mut Theme) -> Result<(), ConfigError> {
        let Some(table) = value.get_ref().as_table() else {
            return Err(self.error(
                value.span(),
                ErrorKind::BadValue,
                "theme must be a table: [theme] with element = \"colour\"".into(),
            ));
        };
        for (key, value) in in_file_order(table) {
            let name = key.get_ref().as_ref();
            let Some(element) = Element::from_name(name) else {
                let hint =
                    suggestion(name, Element::ALL.iter().map(|e| e.name())).unwrap_or_else(|| {
                        "; `cablegram config --print-default` lists the elements".into()
                    });
                return Err(self.error(
                    key.span(),
                    ErrorKind::UnknownElement,
                    format!("unknown theme element {}{hint}", Quoted(name)),
                ));
            };
            let Some(text) = value.get_ref().as_str() else {
                return Err(self.error(
                    value.span(),
                    ErrorKind::BadValue,
                    format!(
                        "{} must be a colour in quotes, such as \"red\"",
                        element.name()
                    ),
                ));
            };
            let Some(color) = parse_color(text) else {
                return Err(self.error(
                    value.span(),
                    ErrorKind::UnknownColor,
                    format!(
                        "unknown colour {} for {}; use a name such as red, dark-gray or light-blue, reset, #rrggbb or a number from 0 to 255",
                        Quoted(text),
                        element.name()
                    ),
                ));
            };
            theme.set_color(element, color);
        }
        Ok(())
    }

    /// The default keymap with the overrides applied: an action's keys in a
    /// scope replace its default keys there, in their place (so that the
    /// help keeps its order); keys for an action without a default in that
    /// scope follow the scope's last binding.
    fn keymap(&self, overrides: &[Override]) -> Result<Keymap, ConfigError> {
        let defaults = Keymap::default().bindings;
        let find = |b: &Binding| {
            overrides
                .iter()
                .position(|o| o.scope == b.scope && o.action == b.action)
        };
        // How many default keys each override still has to replace, and how
        // many of its own keys it has placed.
        let mut left: HashMap<usize, usize> = HashMap::new();
        for b in &defaults {
            if let Some(i) = find(b) {
                *left.entry(i).or_default() += 1;
            }
        }
        let mut placed: HashMap<usize, usize> = HashMap::new();
        let mut bindings: Vec<(Binding, Option<usize>)> = Vec::new();
        for b in defaults {
            let Some(i) = find(&b) else {
                bindings.push((b, None));
                continue;
            };
            let o = &overrides[i];
            let remaining = left.entry(i).or_default();
            *remaining = remaining.saturating_sub(1);
            let next = placed.entry(i).or_default();
            // One key per default place; the last place takes the rest.
            let end = if *remaining == 0 {
                o.keys.len()
            } else {
                (*next + 1).min(o.keys.len())
            };
            for &key in &o.keys[*next..end] {
                bindings.push((
                    Binding {
                        scope: o.scope,
                        key,
                        action: o.action,
                    },
                    Some(i),
                ));
            }
            *next = end;
        }
        for (i, o) in overrides.iter().enumerate() {
            if left.contains_key(&i) {
                continue;
            }
            let at = bindings
                .iter()
                .rposition(|(b, _)| b.scope == o.scope)
                .map_or(bindings.len(), |p| p + 1);
            for (n, &key) in o.keys.iter().enumerate() {
                let binding = Binding {
                    scope: o.scope,
                    key,
                    action: o.action,
                };
                bindings.insert(at + n, (binding, Some(i)));
            }
        }
        if let Some(conflict) = self.first_conflict(&bindings, overrides) {
            return Err(conflict);
        }
        Ok(Keymap {
            bindings: bindings.into_iter().map(|(b, _)| b).collect(),
        })
    }

    /// The conflict on the earliest line, if any: one key bound to two
    /// actions in one scope, at least one of them by the file.
    fn first_conflict(
        &self,
        bindings: &[(Binding, Option<usize>)],
        overrides: &[Override],
    ) -> Option<ConfigError> {
        let mut first: Option<(usize, String)> = None;
        for (n, (a, from_a)) in bindings.iter().enumerate() {
            for (b, from_b) in &bindings[n + 1..] {
                if a.scope != b.scope || a.key != b.key || a.action == b.action {
                    continue;
                }
                let key = Quoted(&a.key.label()).to_string();
                let scope = a.scope.name();
                let (line, message) = match (from_a, from_b) {
                    // Two defaults: the default table's own test forbids it.
                    (None, None) => continue,
                    (Some(i), None) | (None, Some(i)) => {
                        let o = &overrides[*i];
                        let other = if from_a.is_some() { b.action } else { a.action };
                        (
                            o.line,
                            format!(
                                "{key} is bound to both {} and {} (its default key) in [keys.{scope}]; rebind {} too",
                                o.action.name(),
                                other.name(),
                                other.name()
                            ),
                        )
                    }
                    (Some(i), Some(j)) => {
                        let (x, y) = (&overrides[*i], &overrides[*j]);
                        let (earlier, later) = if x.line <= y.line { (x, y) } else { (y, x) };
                        (
                            later.line,
                            format!(
                                "{key} is bound to both {} and {} (line {}) in [keys.{scope}]",
                                later.action.name(),
                                earlier.action.name(),
                                earlier.line
                            ),
                        )
                    }
                };
                if first.as_ref().is_none_or(|(l, _)| line < *l) {
                    first = Some((line, message));
                }
            }
        }
        first.map(|(line, message)| ConfigError::Invalid {
            path: self.path.to_path_buf(),
            line,
            kind: ErrorKind::Conflict,
            message,
        })
    }
}

const HEADER: &str = "\
# cablegram configuration: the defaults.
#
# cablegram reads config.toml in the platform config directory
# (~/.config/cablegram/config.toml on Linux), or the file named by
# --config FILE or the CABLEGRAM_CONFIG environment variable. Every setting
# is optional and this file lists them all with their defaults: keep only
# what you change. A mistake is an error naming the line, and the reader
# does not start until it is fixed (`cablegram config --check` checks).
#
# Keys: `action = \"key\"` or `action = [\"key\", \"key\"]` in the table of a
# scope: [keys.anywhere] applies in every pane, [keys.list], [keys.reader]
# and [keys.sidebar] in their own pane, and win over [keys.anywhere] there;
# [keys.thread] takes the list pane's place while it shows a thread (T).
# [keys.help] applies while the help is open and [keys.prompt] while a
# prompt or note is open; [keys.anywhere] does not apply there, and in a
# prompt every printable key that [keys.prompt] does not bind is typed.
# [keys.overview] applies while the overview (O) is open, and wins over
# [keys.anywhere] there.
# Binding an action in a scope replaces its default keys in that scope;
# `action = []` unbinds it. A key can do only one thing per scope. Keys are
# written as the help (?) shows them: q, G, ?, ctrl-d, alt-b, enter,
# backspace, tab, shift-tab, up, down, left, right, pgup, pgdn, home, end,
# space, esc, delete, insert, f1 to f12.
#
# Theme: a colour per element: black, red, green, yellow, blue, magenta,
# cyan, gray, dark-gray, light-red, light-green, light-yellow, light-blue,
# light-magenta, light-cyan, white, reset (the terminal's own colour),
# #rrggbb, or a number of the 256-colour palette (\"208\"). The defaults are
# named colours without a background, so the terminal's palette makes them
# read on dark and light backgrounds alike. When NO_COLOR is set, there is
# no colour at all: bold, reverse and underline still mark what matters.
";

/// A commented `config.toml` with every setting at its default, generated
/// from `Keymap::default()`, the actions' descriptions and the theme's
/// elements, so that it cannot drift from them. It reads back as exactly
/// the defaults.
pub fn default_file() -> String {
    file_for(&Keymap::default())
}

/// The default file's text for a keymap: every scope's bindings, and the
/// actions no key reaches.
fn file_for(keymap: &Keymap) -> String {
    let theme = Theme::default();
    let mut out = String::from(HEADER);
    let unbound: Vec<String> = keymap
        .unbound()
        .iter()
        .map(|a| format!("{} ({})", a.name(), a.description()))
        .collect();
    if !unbound.is_empty() {
        out.push_str("#\n# Actions without a default key: ");
        out.push_str(&unbound.join(", "));
        out.push_str(".\n");
    }
    out.push_str(
        "\n# Mouse: a click selects, focuses and follows; the wheel scrolls.\nmouse = true\n",
    );
    out.push_str(
        "\n# Seconds a cable is shown before it is marked read (0: on open; scrolling marks it too).\nread_after = 2\n",
    );
    out.push_str(
        "\n# Where ;e writes its Markdown export (default: the current directory).\n# export_dir = \"~/notes\"\n",
    );
    for &scope in Scope::ALL {
        let rows: Vec<(String, &str)> = keymap
            .actions_in(scope)
            .into_iter()
            .map(|action| {
                let keys: Vec<String> = keymap
                    .keys_in(scope, action)
                    .iter()
                    .map(|k| toml_string(&k.label()))
                    .collect();
                let value = match keys.as_slice() {
                    [one] => one.clone(),
                    many => format!("[{}]", many.join(", ")),
                };
                (format!("{} = {value}", action.name()), action.description())
            })
            .collect();
        out.push_str(&format!("\n[keys.{}]\n", scope.name()));
        if rows.is_empty() {
            out.push_str("# (no default keys)\n");
        }
        push_aligned(&mut out, &rows);
    }
    let rows: Vec<(String, &str)> = Element::ALL
        .iter()
        .map(|&e| {
            (
                format!(
                    "{} = {}",
                    e.name(),
                    toml_string(&color_name(theme.color_of(e)))
                ),
                e.description(),
            )
        })
        .collect();
    out.push_str("\n[theme]\n");
    push_aligned(&mut out, &rows);
    out
}

/// A TOML string for a value (a key label may be `"` or `\`).
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `setting  # comment` lines, the comments in one column.
fn push_aligned(out: &mut String, rows: &[(String, &str)]) {
    let width = rows
        .iter()
        .map(|(s, _)| s.chars().count())
        .max()
        .unwrap_or(0);
    for (setting, comment) in rows {
        let pad = width - setting.chars().count();
        out.push_str(&format!("{setting}{:pad$}  # {comment}\n", ""));
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;
    use ratatui::style::Color;

    use super::*;

    fn parse_str(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("config.toml"))
    }

    #[test]
    fn every_default_action_is_listed() {
        for b in Keymap::default().bindings {
            assert!(
                Action::ALL.contains(&b.action),
                "{:?} is not in Action::ALL",
                b.action
            );
        }
        for &a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
        for &s in Scope::ALL {
            assert_eq!(Scope::from_name(s.name()), Some(s));
        }
    }

    #[test]
    fn every_default_key_label_reads_back() {
        for b in Keymap::default().bindings {
            assert_eq!(Key::parse(&b.key.label()), Some(b.key), "{}", b.key.label());
        }
    }

    #[test]
    fn keys_are_read_as_the_help_writes_them() {
        assert_eq!(Key::parse("q"), Some(Key::char('q')));
        assert_eq!(Key::parse("G"), Some(Key::char('G')));
        assert_eq!(Key::parse("ctrl-d"), Some(Key::ctrl('d')));
        assert_eq!(Key::parse("Ctrl-D"), Some(Key::ctrl('d')));
        assert_eq!(Key::parse("ctrl--"), Some(Key::ctrl('-')));
        assert_eq!(Key::parse("Enter"), Some(Key::code(KeyCode::Enter)));
        assert_eq!(Key::parse("shift-tab"), Some(Key::code(KeyCode::BackTab)));
        assert_eq!(Key::parse("shift-g"), Some(Key::char('G')));
        assert_eq!(Key::parse("space"), Some(Key::char(' ')));
        assert_eq!(Key::parse("pgdn"), Some(Key::code(KeyCode::PageDown)));
        assert_eq!(Key::parse("f5"), Some(Key::code(KeyCode::F(5))));
        assert_eq!(
            Key::parse("ctrl-up"),
            Some(Key {
                code: KeyCode::Up,
                ctrl: true,
                alt: false
            })
        );
        for bad in [
            "",
            "ctrl-",
            "ctrl-ctrl-d",
            "qq",
            "hyper-x",
            "f13",
            "f0",
            "\u{7}",
        ] {
            assert_eq!(Key::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        assert_eq!(parse_str("").unwrap(), Config::default());
        assert_eq!(parse_str("# nothing\n\n").unwrap(), Config::default());
    }

    #[test]
    fn the_default_file_reads_back_as_the_defaults() {
        let text = default_file();
        let config = parse_str(&text).unwrap();
        assert_eq!(config.keymap, Keymap::default());
        assert_eq!(config.theme, Theme::default());
        assert!(config.mouse);
    }

    #[test]
    fn the_default_file_names_every_action_with_a_default_and_every_element() {
        let text = default_file();
        for b in Keymap::default().bindings {
            assert!(
                text.contains(&format!("\n{} = ", b.action.name())),
                "{:?}",
                b.action
            );
            assert!(text.contains(b.action.description()));
        }
        for e in Element::ALL {
            assert!(text.contains(&format!("\n{} = ", e.name())), "{e:?}");
        }
        assert!(text.contains("\nmouse = true\n"));
    }

    /// The help overlay's text for a keymap, unwrapped.
    fn help_text(keymap: &Keymap) -> String {
        crate::tui::testing::help_text(keymap, usize::MAX)
    }

    #[test]
    fn every_action_of_the_table_shows_in_the_help_and_the_default_file() {
        // A new action is one line of the table: this fails if it is not
        // reachable from `?` or `config --print-default` (bound in a scope
        // the help leaves out, or bound nowhere and listed nowhere).
        let help = help_text(&Keymap::default());
        let file = default_file();
        for &a in Action::ALL {
            assert!(
                help.lines()
                    .any(|l| Scope::ALL.iter().any(|&s| l.ends_with(a.description_in(s)))),
                "{} is not in the help",
                a.name()
            );
            assert!(
                file.contains(&format!("\n{} = ", a.name()))
                    || file.contains(&format!(" {} (", a.name())),
                "{} is not in the default file",
                a.name()
            );
        }
    }

    #[test]
    fn an_action_without_a_key_is_named_in_the_help_and_the_default_file() {
        let mut keymap = Keymap::default();
        keymap.bindings.retain(|b| b.action != Action::Zoom);
        let file = file_for(&keymap);
        assert!(
            file.lines()
                .any(|l| l.starts_with("# Actions without a default key: ")
                    && l.contains("zoom (zoom the reader)")),
            "{file}"
        );
        assert!(!file.contains("\nzoom = "));
        assert!(help_text(&keymap)
            .lines()
            .any(|l| l.trim_start().starts_with("zoom ") && l.ends_with("zoom the reader")));
    }

    #[test]
    fn alt_b_parses_and_prints() {
        let c = parse_str("[keys.prompt]\ncursor_left = [\"left\", \"alt-x\"]\n").unwrap();
        assert_eq!(
            c.keymap.action(Scope::Prompt, Key::alt('x')),
            Some(Action::CursorLeft)
        );
        let file = file_for(&c.keymap);
        assert!(
            file.contains("\ncursor_left = [\"left\", \"alt-x\"]"),
            "{file}"
        );
        assert_eq!(parse_str(&file).unwrap().keymap, c.keymap);
    }

    #[test]
    fn the_help_and_prompt_scopes_are_tables_of_the_file() {
        let c =
            parse_str("[keys.help]\ncancel = \"x\"\n[keys.prompt]\naccept = \"ctrl-j\"\n").unwrap();
        assert_eq!(
            c.keymap.action(Scope::Help, Key::char('x')),
            Some(Action::Cancel)
        );
        assert_eq!(c.keymap.action(Scope::Help, Key::char('q')), None);
        assert_eq!(
            c.keymap.action(Scope::Prompt, Key::ctrl('j')),
            Some(Action::Accept)
        );
    }

    #[test]
    fn rebinding_replaces_the_default_keys_in_that_scope_only() {
        let c = parse_str("[keys.anywhere]\nquit = \"x\"\n").unwrap();
        assert_eq!(
            c.keymap.action(Scope::List, Key::char('x')),
            Some(Action::Quit)
        );
        assert_eq!(c.keymap.action(Scope::List, Key::char('q')), None);
        assert_eq!(c.keymap.action(Scope::List, Key::ctrl('c')), None);
        // Where the default was, so the help keeps its order.
        assert_eq!(c.keymap.bindings[0].key, Key::char('x'));
        assert_eq!(
            c.keymap.bindings.len(),
            Keymap::default().bindings.len() - 1
        );
    }

    #[test]
    fn a_list_of_keys_and_an_empty_list() {
        let c = parse_str(
            "[keys.reader]\npage_down = [\"pgdn\", \"ctrl-f\", \"pgdn\"]\nzoom = []\n[keys.anywhere]\nzoom = []\n",
        )
        .unwrap();
        let keys: Vec<String> = c
            .keymap
            .bindings
            .iter()
            .filter(|b| b.scope == Scope::Reader && b.action == Action::PageDown)
            .map(|b| b.key.label())
            .collect();
        assert_eq!(keys, ["pgdn", "ctrl-f"]);
        assert_eq!(c.keymap.action(Scope::Reader, Key::char(' ')), None);
        assert_eq!(c.keymap.action(Scope::Reader, Key::char('z')), None);
    }

    #[test]
    fn an_action_without_a_default_in_a_scope_can_be_bound_there() {
        let c = parse_str("[keys.sidebar]\ntoggle_raw = \"v\"\n").unwrap();
        assert_eq!(
            c.keymap.action(Scope::Sidebar, Key::char('v')),
            Some(Action::ToggleRaw)
        );
        let last_sidebar = c
            .keymap
            .bindings
            .iter()
            .rposition(|b| b.scope == Scope::Sidebar)
            .unwrap();
        assert_eq!(c.keymap.bindings[last_sidebar].action, Action::ToggleRaw);
    }

    #[test]
    fn swapping_two_keys_is_no_conflict() {
        let c = parse_str("[keys.list]\ndown = \"k\"\nup = \"j\"\n").unwrap();
        assert_eq!(
            c.keymap.action(Scope::List, Key::char('k')),
            Some(Action::Down)
        );
        assert_eq!(
            c.keymap.action(Scope::List, Key::char('j')),
            Some(Action::Up)
        );
    }

    #[test]
    fn the_same_key_in_two_scopes_is_no_conflict() {
        let c = parse_str("[keys.anywhere]\nzoom = \"o\"\n").unwrap();
        assert_eq!(
            c.keymap.action(Scope::List, Key::char('o')),
            Some(Action::ToggleOrder)
        );
        assert_eq!(
            c.keymap.action(Scope::Sidebar, Key::char('o')),
            Some(Action::Zoom)
        );
    }

    #[test]
    fn read_after_and_export_dir_are_read() {
        let c = parse_str("read_after = 0\nexport_dir = \"/tmp/notes\"\n").unwrap();
        assert_eq!(c.read_after, std::time::Duration::ZERO);
        assert_eq!(c.export_dir.as_deref(), Some(Path::new("/tmp/notes")));
        let c = parse_str("read_after = 1.5\n").unwrap();
        assert_eq!(c.read_after, std::time::Duration::from_millis(1500));
        assert_eq!(parse_str("").unwrap().read_after.as_secs(), 2);
        let (kind, line, msg) = error("\nread_after = -1\n");
        assert_eq!((kind, line), (ErrorKind::BadValue, 2));
        assert!(msg.contains("read_after"), "{msg}");
        let (kind, _, _) = error("export_dir = 3\n");
        assert_eq!(kind, ErrorKind::BadValue);
    }

    #[test]
    fn theme_and_mouse_are_read() {
        let c = parse_str(
            "mouse = false\n[theme]\nbadge_secret = \"light-red\"\nhit_bg = \"#5f5f00\"\n",
        )
        .unwrap();
        assert!(!c.mouse);
        assert_eq!(c.theme.color_of(Element::BadgeSecret), Color::LightRed);
        assert_eq!(c.theme.color_of(Element::HitBg), Color::Rgb(0x5f, 0x5f, 0));
        assert_eq!(c.theme.color_of(Element::Border), Color::DarkGray);
    }

    fn error(text: &str) -> (ErrorKind, usize, String) {
        let e = parse_str(text).unwrap_err();
        (e.kind().unwrap(), e.line().unwrap(), e.to_string())
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let (kind, line, msg) = error("mouse = true\n\n[keys.list\ndown = \"j\"\n");
        assert_eq!((kind, line), (ErrorKind::Syntax, 3));
        assert!(msg.starts_with("config.toml:3: not valid TOML"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn a_conflict_between_two_file_bindings_names_both_and_the_lines() {
        let (kind, line, msg) = error("[keys.list]\ntop = \"x\"\n\nbottom = \"x\"\n");
        assert_eq!((kind, line), (ErrorKind::Conflict, 4));
        assert_eq!(
            msg,
            "config.toml:4: \"x\" is bound to both bottom and top (line 2) in [keys.list]"
        );
    }

    #[test]
    fn a_conflict_with_a_default_key_says_which() {
        let (kind, line, msg) = error("[keys.list]\n# top\ntop = \"j\"\n");
        assert_eq!((kind, line), (ErrorKind::Conflict, 3));
        assert_eq!(
            msg,
            "config.toml:3: \"j\" is bound to both top and down (its default key) in [keys.list]; rebind down too"
        );
    }

    #[test]
    fn unknown_names_are_suggested() {
        let (kind, line, msg) = error("[keys.anywhere]\nquitt = \"x\"\n");
        assert_eq!((kind, line), (ErrorKind::UnknownAction, 2));
        assert!(msg.ends_with("did you mean \"quit\"?"), "{msg}");
        let (kind, _, msg) = error("[keys.readr]\n");
        assert_eq!(kind, ErrorKind::UnknownScope);
        assert!(msg.contains("did you mean \"reader\"?"), "{msg}");
        let (kind, _, msg) = error("[theme]\nborder-focused = \"red\"\n");
        assert_eq!(kind, ErrorKind::UnknownElement);
        assert!(msg.contains("did you mean \"border_focused\"?"), "{msg}");
    }

    #[test]
    fn bindings_at_the_top_of_keys_are_not_a_scope() {
        let (kind, line, _) = error("[keys]\nquit = \"x\"\n");
        assert_eq!((kind, line), (ErrorKind::UnknownScope, 2));
        let (kind, line, _) = error("\n[keys]\nlist = \"x\"\n");
        assert_eq!((kind, line), (ErrorKind::BadValue, 3));
    }

    #[test]
    fn values_of_the_wrong_type_name_their_line() {
        let (kind, line, _) = error("\nmouse = \"yes\"\n");
        assert_eq!((kind, line), (ErrorKind::BadValue, 2));
        let (kind, line, _) = error("[keys.list]\ndown = 1\n");
        assert_eq!((kind, line), (ErrorKind::BadValue, 2));
        let (kind, line, _) = error("[keys.list]\ndown = [\"j\",\n  2]\n");
        assert_eq!((kind, line), (ErrorKind::BadValue, 2));
        let (kind, line, _) = error("[theme]\n\nborder = 3\n");
        assert_eq!((kind, line), (ErrorKind::BadValue, 3));
        let (kind, line, _) = error("theme = 3\n");
        assert_eq!((kind, line), (ErrorKind::BadValue, 1));
    }

    #[test]
    fn a_bad_key_in_a_list_names_its_own_line() {
        let (kind, line, msg) = error("[keys.list]\ndown = [\n  \"j\",\n  \"ctrl-\",\n]\n");
        assert_eq!((kind, line), (ErrorKind::BadKey, 4));
        assert!(msg.contains("\"ctrl-\" is not a key (for down)"), "{msg}");
    }

    #[test]
    fn the_first_mistake_in_the_file_is_reported() {
        let (_, line, _) = error("[theme]\nzzz = \"red\"\n[keys.list]\naaa = \"x\"\n");
        assert_eq!(line, 2);
    }

    #[test]
    fn names_with_control_characters_are_escaped() {
        let (_, _, msg) = error("[keys.list]\n\"do\\u001b[31mwn\" = \"j\"\n");
        assert!(!msg.contains('\u{1b}'), "{msg}");
    }

    #[test]
    fn suggestions_need_a_close_name() {
        assert_eq!(suggestion("zoom", ["quit"]), None);
        assert_eq!(suggestion("foo", ["zoom"]), None);
        assert_eq!(
            suggestion("Quit", ["quit"]).as_deref(),
            Some("; did you mean \"quit\"?")
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
