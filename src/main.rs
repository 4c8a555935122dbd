//! The `cablegram` binary: argument parsing and error reporting. Everything
//! else lives in the library (`cablegram::cli` for the commands).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use cablegram::cli;

/// mimalloc instead of the system allocator: an import allocates a cable's
/// strings on the parsing thread and tantivy frees them on its indexing
/// threads, and glibc's malloc spent a third of the parsing thread's time
/// on such frees and their locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A terminal reader for the US diplomatic cables of the Cablegate release.
#[derive(Debug, Parser)]
#[command(name = "cablegram", version)]
struct Cli {
    /// Open the reader at this cable
    #[arg(value_name = "ID")]
    id: Option<String>,

    /// Library directory (index, bookmarks, history); `parse` does not use one
    #[arg(long, global = true, value_name = "DIR")]
    library: Option<PathBuf>,

    /// Configuration file (keys, theme, mouse) instead of config.toml in the
    /// config directory or CABLEGRAM_CONFIG
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse cable files without touching the library and print what was understood
    #[command(long_about = cli::parse::LONG_ABOUT)]
    Parse(cli::parse::ParseArgs),
    /// Add cables to the library: files, directories, release cables.csv(.gz)
    #[command(long_about = cli::import::LONG_ABOUT)]
    Import(cli::import::ImportArgs),
    /// Search the library with the query language (listed by --help)
    #[command(
        long_about = cli::search::LONG_ABOUT,
        after_long_help = cli::search::QUERY_LANGUAGE
    )]
    Search(cli::search::SearchArgs),
    /// Count the cables of a query by year, month, origin, tag, class, …
    #[command(long_about = cli::stats::LONG_ABOUT)]
    Stats(cli::stats::StatsArgs),
    /// Write a set of cables as Markdown, CSV, JSON Lines, CSL-JSON or BibTeX
    #[command(long_about = cli::export::LONG_ABOUT)]
    Export(cli::export::ExportArgs),
    /// Print one cable, laid out for reading
    Show(cli::show::ShowArgs),
    /// Print the reference graph around a cable: what it cites and what cites it
    Refs(cli::refs::RefsArgs),
    /// Print the thread of a cable: the cables within N reference hops, as one tree by date
    Thread(cli::thread::ThreadArgs),
    /// Print the cables closest in content to a cable
    Similar(cli::similar::SimilarArgs),
    /// Print where the library is and what it holds
    Info(cli::info::InfoArgs),
    /// List, export and import paragraph bookmarks
    #[command(long_about = cli::bookmarks::LONG_ABOUT)]
    Bookmarks(cli::bookmarks::BookmarksArgs),
    /// List the saved searches with their counts; add and remove them
    #[command(long_about = cli::saved::LONG_ABOUT)]
    Saved(cli::saved::SavedArgs),
    /// Print a commented default config.toml, or check the one in use
    Config(cli::config::ConfigArgs),
    /// Print shell completions
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): cablegram manpage > cablegram.1
    #[command(long_about = cli::manpage::LONG_ABOUT)]
    Manpage,
}

fn main() -> ExitCode {
    let args = cli::search::query_words_last(std::env::args_os().collect(), &Cli::command());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` come here too, on stdout, as success.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(cli::EXIT_USER_ERROR)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let library = cli.library.as_deref();
    match cli.command {
        None => run_reader(library, cli.config.as_deref(), cli.id.as_deref()),
        Some(Command::Parse(args)) => finish(cli::parse::run_stdio(&args)),
        Some(Command::Import(args)) => cli::import::run_stdio(library, &args),
        Some(Command::Search(args)) => {
            cli::run_reading(library, |lib, o| cli::search::run(lib, &args, o))
        }
        Some(Command::Stats(args)) => {
            cli::run_reading(library, |lib, o| cli::stats::run(lib, &args, o))
        }
        Some(Command::Export(args)) => {
            cli::run_reading(library, |lib, o| cli::export::run(lib, &args, o))
        }
        Some(Command::Show(args)) => {
            cli::run_reading(library, |lib, o| cli::show::run(lib, &args, o))
        }
        Some(Command::Refs(args)) => {
            cli::run_reading(library, |lib, o| cli::refs::run(lib, &args, o))
        }
        Some(Command::Thread(args)) => {
            cli::run_reading(library, |lib, o| cli::thread::run(lib, &args, o))
        }
        Some(Command::Similar(args)) => {
            cli::run_reading(library, |lib, o| cli::similar::run(lib, &args, o))
        }
        Some(Command::Info(args)) => {
            cli::run_reading(library, |lib, o| cli::info::run(lib, &args, o))
        }
        Some(Command::Bookmarks(args)) => {
            cli::run_reading(library, |lib, o| cli::bookmarks::run(lib, &args, o))
        }
        Some(Command::Saved(args)) => {
            cli::run_reading(library, |lib, o| cli::saved::run(lib, &args, o))
        }
        Some(Command::Config(args)) => cli::config::run_stdio(cli.config.as_deref(), &args),
        Some(Command::Completions { shell }) => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "cablegram", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some(Command::Manpage) => cli::manpage::run_stdio(Cli::command()),
    }
}

/// The three-pane reader, on the library (at cable `id` when given).
fn run_reader(
    library: Option<&std::path::Path>,
    config: Option<&std::path::Path>,
    id: Option<&str>,
) -> ExitCode {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "error: the reader needs a terminal; for scripts, use the commands listed by `cablegram --help`"
        );
        return ExitCode::from(cli::EXIT_USER_ERROR);
    }
    // A broken configuration stops here, before the terminal changes.
    let config = match cablegram::tui::config::load(config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(cli::EXIT_USER_ERROR);
        }
    };
    let dir = match cli::LibraryDir::locate(library) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(cli::EXIT_USER_ERROR);
        }
    };
    // The reader may start a library where the user pointed (docs/cli.md,
    // "First run"); it says so before the screen is taken over.
    if dir.is_missing() {
        eprintln!(
            "note: {} does not exist; starting a new library there",
            dir.path.display()
        );
    }
    match cablegram::tui::run(&dir.path, id, config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The terminal is already restored (the guard dropped).
            eprintln!("error: {e:#}");
            ExitCode::from(cli::EXIT_USER_ERROR)
        }
    }
}

/// The exit code of a command; an `Err` is an internal error.
fn finish(result: anyhow::Result<cli::Status>) -> ExitCode {
    match result {
        Ok(status) => status.exit_code(),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(cli::EXIT_INTERNAL_ERROR)
        }
    }
}
