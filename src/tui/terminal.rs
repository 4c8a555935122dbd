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

/// SIGTERM and SIGHUP set `stop`, and the event loop ends normally. When
/// it cannot (a terminal that hung up can keep the input reader spinning),
/// this thread restores the terminal and exits after a grace period.
fn watch_signals(stop: Arc<AtomicBool>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop.store(true, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(400));
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
    /// Takes the terminal; `mouse` captures clicks and the wheel.
    pub fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        MOUSE.store(mouse, Ordering::SeqCst);
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        let stop = Arc::new(AtomicBool::new(false));
        watch_signals(Arc::clone(&stop))?;
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
