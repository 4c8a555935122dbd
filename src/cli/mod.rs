//! The command-line front end: one file per subcommand. Each turns parsed
//! arguments into output and an exit status; it prints, it never decides
//! what a cable means (that is the parser's and the library's job).

pub mod bookmarks;
pub mod config;
pub mod export;
pub mod import;
pub mod info;
pub mod manpage;
pub mod parse;
pub mod refs;
pub mod saved;
pub mod search;
pub mod show;
pub mod similar;
pub mod stats;
pub mod thread;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::library::{self, Library, LibraryError};
pub use crate::text::terminal_safe;

/// How a command ended, when it ended normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every input was read: exit code 0.
    Success,
    /// Some input was bad (and reported on stderr); the others were handled:
    /// exit code 1.
    InputErrors,
}

impl Status {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Status::Success => ExitCode::SUCCESS,
            Status::InputErrors => ExitCode::from(EXIT_USER_ERROR),
        }
    }
}

/// Exit code for bad input or bad arguments (docs/cli.md).
pub const EXIT_USER_ERROR: u8 = 1;
/// Exit code for an internal error (docs/cli.md).
pub const EXIT_INTERNAL_ERROR: u8 = 2;

/// Where a command writes: stdout (buffered) and stderr, and whether
/// stdout is a terminal that takes colour.
pub struct Output<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub color: bool,
}

/// Runs a reading command on the process's stdout/stderr: colour only on a
/// terminal and without `NO_COLOR`; a library or query error is one
/// sentence and exit code 1; a closed pipe ends quietly.
pub fn run_reading(
    library: Option<&Path>,
    command: impl FnOnce(&Library, &mut Output) -> Result<(), CommandError>,
) -> ExitCode {
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr().lock();
    let result = open_library(library, &mut err).and_then(|lib| {
        let mut output = Output {
            out: &mut out,
            err: &mut err,
            color,
        };
        command(&lib, &mut output)
    });
    let flushed = out.flush();
    match result.and(flushed.map_err(CommandError::Io)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CommandError::Io(e)) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(CommandError::Io(e)) => {
            let _ = writeln!(err, "error: cannot write the output: {e}");
            ExitCode::from(EXIT_INTERNAL_ERROR)
        }
        Err(CommandError::User(message)) => {
            // Line by line: a query error shows a caret line under the query.
            let safe: Vec<_> = message.lines().map(terminal_safe).collect();
            let _ = writeln!(err, "error: {}", safe.join("\n"));
            ExitCode::from(EXIT_USER_ERROR)
        }
    }
}

/// The library directory of a command, and how it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryDir {
    pub path: PathBuf,
    /// Which setting named it (`--library`, `CABLEGRAM_LIBRARY`); `None`
    /// for the platform data directory.
    pub named_by: Option<&'static str>,
}

/// The environment variable that names the library directory (the second
/// choice of [`library::locate`]).
const LIBRARY_ENV: &str = "CABLEGRAM_LIBRARY";

impl LibraryDir {
    /// Locates the library as [`library::locate`] does, remembering whether
    /// the user named the directory.
    pub fn locate(flag: Option<&Path>) -> Result<LibraryDir, LibraryError> {
        let path = library::locate(flag)?;
        let named_by = if flag.is_some() {
            Some("--library")
        } else if std::env::var_os(LIBRARY_ENV).is_some_and(|v| !v.is_empty()) {
            Some(LIBRARY_ENV)
        } else {
            None
        };
        Ok(LibraryDir { path, named_by })
    }

    /// Whether the user named a directory that does not exist. Only
    /// `import` and the reader start a library there; the other commands
    /// refuse, so that a mistyped path is noticed (docs/cli.md, "First
    /// run"). The default data directory is created on first use.
    pub fn is_missing(&self) -> bool {
        // A path that cannot even be checked is left to `Library::open`,
        // which names the reason.
        self.named_by.is_some() && matches!(self.path.try_exists(), Ok(false))
    }
}

/// Opens the library for a reading command; on the bundled samples, says
/// so once. A library directory the user named must exist.
pub fn open_library(flag: Option<&Path>, err: &mut dyn Write) -> Result<Library, CommandError> {
    let dir = LibraryDir::locate(flag)?;
    if let Some(by) = dir.named_by.filter(|_| dir.is_missing()) {
        return Err(CommandError::User(format!(
            "the library directory {} does not exist (named by {by}); check the path, or start a library there with `cablegram import PATH...`",
            dir.path.display()
        )));
    }
    let lib = Library::open(&dir.path)?;
    if lib.is_samples() {
        let _ = writeln!(
            err,
            "note: the library holds only the {} bundled sample cables; import the release with `cablegram import cables.csv`",
            lib.len()
        );
    }
    Ok(lib)
}

/// How a reading command failed.
#[derive(Debug)]
pub enum CommandError {
    /// Bad input: one sentence for stderr, exit code 1.
    User(String),
    /// Writing the output failed.
    Io(io::Error),
}

impl From<io::Error> for CommandError {
    fn from(e: io::Error) -> Self {
        CommandError::Io(e)
    }
}

impl From<LibraryError> for CommandError {
    fn from(e: LibraryError) -> Self {
        CommandError::User(e.to_string())
    }
}

/// Whether a write failed because the reader of our output went away
/// (`cablegram parse … | head`): the command then stops quietly.
pub fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}
