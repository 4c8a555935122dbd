//! The command-line front end: one file per subcommand. Each turns parsed
//! arguments into output and an exit status; it prints, it never decides
//! what a cable means (that is the parser's and the library's job).

pub mod parse;

use std::borrow::Cow;
use std::io;
use std::process::ExitCode;

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

/// Whether a write failed because the reader of our output went away
/// (`cablegram parse … | head`): the command then stops quietly.
pub fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Text from a cable made safe for one line of a terminal: line breaks and
/// tabs become spaces, other control characters (escape sequences among
/// them) become U+FFFD, so a cable can never drive the terminal.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_safe_neutralises_escape_sequences_and_breaks() {
        assert_eq!(terminal_safe("A\x1b[31mB\nC\tD"), "A\u{FFFD}[31mB C D");
        assert!(matches!(terminal_safe("plain ¶"), Cow::Borrowed(_)));
    }
}
