//! The terminal while the reader runs: raw mode and the alternate screen,
//! restored exactly on quit, on a panic (a hook restores before the message
//! prints), on SIGTERM/SIGHUP (the event loop ends normally) and around
//! Ctrl-z (suspend to the shell, `fg` comes back).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};

/// Whether the terminal is in the reader's mode, so that restoring twice
/// (drop after a panic hook) does nothing the second time.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether the mouse is captured (the configuration may turn it off).
static MOUSE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// Puts the terminal back as it was: cooked mode, main screen, cursor.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let mut out = io::stdout();
        if MOUSE.load(Ordering::SeqCst) {
            let _ = execute!(out, DisableMouseCapture);
        }
        let _ = execute!(out, LeaveAlternateScreen, Show);
        let _ = out.flush();
    }
}

fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, Hide)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Puts text on the clipboard of the terminal (and, over SSH, of the
/// machine in front of it) with the OSC 52 escape sequence.
pub fn copy_to_clipboard(text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// Why a copy (OSC 52) may not reach the clipboard, from what can be seen
/// without asking the terminal, in a few words for the status line
/// (`tmux set-clipboard off`): `None` when nothing is in the way. Only
/// tmux's `on` passes a program's copy on; GNU screen and the Linux
/// console do not take it. Asked
/// once at start, off the key path (it may run `tmux`).
pub fn clipboard_caveat() -> Option<String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let set_clipboard = env("TMUX").and_then(|_| {
        std::process::Command::new("tmux")
            .args(["show", "-gv", "set-clipboard"])
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    });
    caveat_for(
        env("TMUX").is_some(),
        set_clipboard.as_deref(),
        env("STY").is_some(),
        env("TERM").as_deref(),
    )
}

/// The caveat for what the environment says: inside tmux (and what its
/// `set-clipboard` option is, when it could be read), inside GNU screen,
/// and the terminal's name.
fn caveat_for(
    tmux: bool,
    set_clipboard: Option<&str>,
    screen: bool,
    term: Option<&str>,
) -> Option<String> {
    if tmux {
        // Only `on` lets a program's OSC 52 through; `external` passes
        // only tmux's own copies, `off` nothing.
        return match set_clipboard {
            Some("on") => None,
            Some(other) => Some(format!("tmux set-clipboard {other}")),
            None => Some("tmux set-clipboard unknown".to_string()),
        };
    }
    if screen {
        return Some("GNU screen".to_string());
    }
    match term {
        None | Some("dumb") | Some("linux") => Some(format!("TERM={}", term.unwrap_or(""))),
        _ => None,
    }
}

/// What to do before the process ends on the watcher's path (save the
/// session, as a quit does).
pub type LastWords = Box<dyn FnOnce() + Send>;

/// SIGTERM and SIGHUP set `stop`, and the event loop ends normally (and
/// does what a quit does). When it cannot (a terminal that hung up can keep
/// the input reader spinning), this thread says the last words, restores
/// the terminal and exits after a grace period.
fn watch_signals(stop: Arc<AtomicBool>, last_words: LastWords) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop.store(true, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(400));
            last_words();
            restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Holds the terminal in the reader's mode; dropping it restores.
pub struct TerminalGuard {
    /// Set by SIGTERM or SIGHUP: the event loop ends and the guard drops.
    pub stop: Arc<AtomicBool>,
}

impl TerminalGuard {
    /// Takes the terminal; `mouse` captures clicks and the wheel;
    /// `last_words` run when a signal ends the process on the watcher's
    /// path.
    pub fn enter(mouse: bool, last_words: LastWords) -> io::Result<TerminalGuard> {
        MOUSE.store(mouse, Ordering::SeqCst);
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        let stop = Arc::new(AtomicBool::new(false));
        watch_signals(Arc::clone(&stop), last_words)?;
        enter()?;
        Ok(TerminalGuard { stop })
    }

    /// Ctrl-z: gives the terminal back, stops the process, and takes the
    /// terminal again when the shell continues it.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        // Here after `fg`.
        enter()
    }

    pub fn should_stop(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmux_passes_a_copy_on_only_with_set_clipboard_on() {
        assert_eq!(
            caveat_for(true, Some("on"), false, Some("tmux-256color")),
            None
        );
        let off = caveat_for(true, Some("off"), false, Some("tmux-256color")).unwrap();
        assert_eq!(off, "tmux set-clipboard off");
        assert!(caveat_for(true, Some("external"), false, None).is_some());
        assert!(caveat_for(true, None, false, None).is_some());
    }

    #[test]
    fn a_plain_terminal_has_no_caveat_but_the_console_and_screen_do() {
        assert_eq!(caveat_for(false, None, false, Some("xterm-256color")), None);
        assert!(caveat_for(false, None, false, Some("linux")).is_some());
        assert!(caveat_for(false, None, true, Some("screen")).is_some());
    }
}
