//! The inputs of an import, as files: a path on the command line may be a
//! file or a directory, walked recursively in a stable order (names sorted
//! bytewise in each directory), hidden entries (`.name`) skipped. Each file
//! is opened through a reader that counts the bytes it reads, for progress.
//!
//! Inside a walk, symbolic links to files are followed and links to
//! directories are not (a link back up the tree would never end); special
//! files (pipes, sockets, devices) are skipped. A path named on the command
//! line is always read, whatever it is: `<(zcat cables.csv.gz)` works.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::{from_reader, has_csv_name, Cables, Input, SourceError, STDIN_NAME};

/// One file of the walk, or a directory or file that cannot be read.
pub type WalkItem = Result<PathBuf, SourceError>;

/// The files under the inputs, in order: each input in the order given, the
/// files of a directory sorted by name, depth first.
pub struct Walk {
    /// Paths still to visit, the next one last: a directory's sorted
    /// entries are pushed in reverse so that they come out in order.
    stack: Vec<Pending>,
}

enum Pending {
    /// Named on the command line: read whatever it is.
    Root(PathBuf),
    /// Found in a directory.
    Entry(PathBuf),
}

impl Walk {
    /// Walks `paths` (files or directories).
    pub fn new<I, P>(paths: I) -> Walk
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        let mut stack: Vec<Pending> = paths.into_iter().map(|p| Pending::Root(p.into())).collect();
        stack.reverse();
        Walk { stack }
    }

    /// Pushes the sorted, non-hidden entries of `dir`.
    fn push_dir(&mut self, dir: &Path) -> Result<(), SourceError> {
        let unreadable = |source| SourceError::Unreadable {
            path: dir.to_path_buf(),
            source,
        };
        let mut names = Vec::new();
        for entry in fs::read_dir(dir).map_err(unreadable)? {
            let name = entry.map_err(unreadable)?.file_name();
            if !is_hidden(&name) {
                names.push(name);
            }
        }
        names.sort();
        self.stack
            .extend(names.into_iter().rev().map(|n| Pending::Entry(dir.join(n))));
        Ok(())
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

impl Iterator for Walk {
    type Item = WalkItem;

    fn next(&mut self) -> Option<WalkItem> {
        while let Some(pending) = self.stack.pop() {
            match pending {
                Pending::Root(path) => match fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => {
                        if let Err(e) = self.push_dir(&path) {
                            return Some(Err(e));
                        }
                    }
                    Ok(_) => return Some(Ok(path)),
                    Err(source) => return Some(Err(SourceError::Unreadable { path, source })),
                },
                Pending::Entry(path) => {
                    let Ok(own) = fs::symlink_metadata(&path) else {
                        // Gone since the directory was listed: opening it
                        // reports why.
                        return Some(Ok(path));
                    };
                    if own.is_dir() {
                        if let Err(e) = self.push_dir(&path) {
                            return Some(Err(e));
                        }
                        continue;
                    }
                    if own.is_file() {
                        return Some(Ok(path));
                    }
                    if own.file_type().is_symlink() {
                        match fs::metadata(&path) {
                            Ok(target) if target.is_file() => return Some(Ok(path)),
                            Ok(_) => continue,
                            // A dangling link: opening it says so.
                            Err(_) => return Some(Ok(path)),
                        }
                    }
                    // A pipe, socket or device found in a directory.
                }
            }
        }
        None
    }
}

/// The size of everything the inputs hold, when it is known (standard input
/// and pipes have none). Walks the directories once more, which costs a
/// `stat` per file.
pub fn total_bytes(inputs: &[Input]) -> Option<u64> {
    let mut total = 0u64;
    let mut paths = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin => return None,
            Input::Path(p) => paths.push(p.clone()),
        }
    }
    for path in Walk::new(paths).flatten() {
        match fs::metadata(&path) {
            Ok(meta) if meta.is_file() => total += meta.len(),
            Ok(_) => return None,
            // Unreadable: it will be rejected after reading nothing.
            Err(_) => {}
        }
    }
    Some(total)
}

/// A reader that adds what it reads to a shared counter.
pub struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R> Counting<R> {
    pub fn new(inner: R, counter: Arc<AtomicU64>) -> Counting<R> {
        Counting { inner, counter }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens one file (not a directory) as [`super::open`] does, counting the
/// bytes read from it into `counter`.
pub fn open_counted(path: &Path, counter: Arc<AtomicU64>) -> Result<Cables, SourceError> {
    let unreadable = |source| SourceError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let meta = fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(SourceError::Directory {
            path: path.to_path_buf(),
        });
    }
    let file = File::open(path).map_err(unreadable)?;
    from_reader(
        Counting::new(file, counter),
        path.to_path_buf(),
        has_csv_name(path),
    )
}

/// Opens standard input, counting the bytes read.
pub fn open_stdin_counted(counter: Arc<AtomicU64>) -> Result<Cables, SourceError> {
    from_reader(Counting::new(io::stdin(), counter), STDIN_NAME, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path, walk: Walk) -> Vec<String> {
        walk.map(|r| {
            let p = r.unwrap();
            p.strip_prefix(dir)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned()
        })
        .collect()
    }

    #[test]
    fn a_directory_is_walked_sorted_depth_first_without_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("b/inner")).unwrap();
        fs::create_dir_all(d.join(".git")).unwrap();
        for f in [
            "c.txt",
            "a.txt",
            "b/inner/z.txt",
            "b/y.txt",
            ".hidden",
            ".git/x",
        ] {
            fs::write(d.join(f), "x").unwrap();
        }
        assert_eq!(
            names(d, Walk::new([d])),
            ["a.txt", "b/inner/z.txt", "b/y.txt", "c.txt"]
        );
    }

    #[test]
    fn inputs_keep_their_order_and_a_named_hidden_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("b.txt"), "x").unwrap();
        fs::write(d.join(".a.txt"), "x").unwrap();
        assert_eq!(
            names(d, Walk::new([d.join("b.txt"), d.join(".a.txt")])),
            ["b.txt", ".a.txt"]
        );
    }

    #[test]
    fn a_missing_input_is_an_error_naming_it() {
        let mut walk = Walk::new(["no/such/dir"]);
        let err = walk.next().unwrap().unwrap_err();
        assert_eq!(
            err.to_string(),
            "no/such/dir: cannot be read: no such file or directory"
        );
        assert!(walk.next().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn links_to_files_are_followed_links_to_directories_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("sub")).unwrap();
        fs::write(d.join("sub/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(d.join("sub/a.txt"), d.join("sub/link.txt")).unwrap();
        std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(d.join("gone"), d.join("sub/dangling.txt")).unwrap();
        assert_eq!(
            names(d, Walk::new([d])),
            ["sub/a.txt", "sub/dangling.txt", "sub/link.txt"]
        );
    }

    #[test]
    fn total_bytes_adds_file_sizes_and_is_unknown_for_stdin() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("sub")).unwrap();
        fs::write(d.join("a.txt"), "12345").unwrap();
        fs::write(d.join("sub/b.txt"), "123").unwrap();
        let inputs = [Input::Path(d.to_path_buf())];
        assert_eq!(total_bytes(&inputs), Some(8));
        assert_eq!(total_bytes(&[Input::Stdin]), None);
    }

    #[test]
    fn a_counted_file_counts_every_byte_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "SUBJECT: TURNIPS\n").unwrap();
        let counter = Arc::new(AtomicU64::new(0));
        let cables: Vec<_> = open_counted(&path, counter.clone()).unwrap().collect();
        assert_eq!(cables.len(), 1);
        assert_eq!(counter.load(Ordering::Relaxed), 17);
    }
}
