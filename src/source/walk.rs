//! The inputs of an import, as files: a path on the command line may be a
//! file or a directory, walked recursively (`walkdir`) in a stable order
//! (names sorted bytewise in each directory, depth first), hidden entries
//! (`.name`) skipped. Each file is opened through a reader that counts the
//! bytes it reads, for progress.
//!
//! Inside a walk, symbolic links are followed, to files and to directories
//! alike; a link back up the tree (which would never end), a dangling link
//! and a directory that cannot be read are each one error naming the path,
//! and the walk goes on with the rest. Special files (pipes, sockets,
//! devices) found in a directory are skipped. A path named on the command
//! line is always read, whatever it is: `<(zcat cables.csv.gz)` works.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use walkdir::{DirEntry, WalkDir};

use super::{from_reader, has_csv_name, Cables, Input, SourceError, STDIN_NAME};

/// One file of the walk, or a directory, link or file that cannot be read.
pub type WalkItem = Result<PathBuf, SourceError>;

/// The walk of one directory, hidden entries left out.
type DirWalk = walkdir::FilterEntry<walkdir::IntoIter, fn(&DirEntry) -> bool>;

/// The files under the inputs, in order: each input in the order given, the
/// files of a directory sorted by name, depth first.
pub struct Walk {
    /// The inputs still to visit.
    roots: std::vec::IntoIter<PathBuf>,
    /// The directory being walked.
    current: Option<DirWalk>,
}

impl Walk {
    /// Walks `paths` (files or directories).
    pub fn new<I, P>(paths: I) -> Walk
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        let roots: Vec<PathBuf> = paths.into_iter().map(Into::into).collect();
        Walk {
            roots: roots.into_iter(),
            current: None,
        }
    }
}

/// A directory named on the command line is walked even when its name
/// starts with a dot; inside it, hidden entries are not.
fn visible(entry: &DirEntry) -> bool {
    entry.depth() == 0 || !is_hidden(entry.file_name())
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

fn walk_dir(root: &Path) -> DirWalk {
    WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(visible as fn(&DirEntry) -> bool)
}

/// A failure of the walk as the error that names its path.
fn walk_error(e: walkdir::Error) -> SourceError {
    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
    if let Some(ancestor) = e.loop_ancestor() {
        return SourceError::LinkLoop {
            ancestor: ancestor.to_path_buf(),
            path,
        };
    }
    let source = e
        .into_io_error()
        .unwrap_or_else(|| io::Error::other("the walk failed"));
    if source.kind() == io::ErrorKind::NotFound {
        if let Ok(target) = fs::read_link(&path) {
            return SourceError::DanglingLink { path, target };
        }
    }
    SourceError::Unreadable { path, source }
}

impl Iterator for Walk {
    type Item = WalkItem;

    fn next(&mut self) -> Option<WalkItem> {
        loop {
            if let Some(walk) = &mut self.current {
                match walk.next() {
                    // With links followed, the type is the target's.
                    Some(Ok(entry)) if entry.depth() > 0 && entry.file_type().is_file() => {
                        return Some(Ok(entry.into_path()))
                    }
                    // The directory itself, a directory inside it (walked
                    // next), or a pipe, socket or device found in it.
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => return Some(Err(walk_error(e))),
                    None => self.current = None,
                }
            }
            let root = self.roots.next()?;
            match fs::metadata(&root) {
                Ok(meta) if meta.is_dir() => self.current = Some(walk_dir(&root)),
                Ok(_) => return Some(Ok(root)),
                Err(source) => return Some(Err(SourceError::Unreadable { path: root, source })),
            }
        }
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
    fn links_to_files_and_to_directories_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("sub")).unwrap();
        fs::create_dir_all(d.join("elsewhere")).unwrap();
        fs::write(d.join("sub/a.txt"), "x").unwrap();
        fs::write(d.join("elsewhere/b.txt"), "x").unwrap();
        std::os::unix::fs::symlink(d.join("sub/a.txt"), d.join("sub/link.txt")).unwrap();
        std::os::unix::fs::symlink(d.join("elsewhere"), d.join("sub/linked")).unwrap();
        assert_eq!(
            names(&d.join("sub"), Walk::new([d.join("sub")])),
            ["a.txt", "link.txt", "linked/b.txt"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_back_up_the_tree_is_one_error_naming_it_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("sub")).unwrap();
        fs::write(d.join("sub/a.txt"), "x").unwrap();
        fs::write(d.join("sub/z.txt"), "x").unwrap();
        std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
        let items: Vec<WalkItem> = Walk::new([d]).collect();
        assert_eq!(items.len(), 3, "{items:?}");
        assert_eq!(items[0].as_ref().unwrap(), &d.join("sub/a.txt"));
        let err = items[1].as_ref().unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: is a symbolic link back to {}, which contains it; skipped",
                d.join("sub/loop").display(),
                d.display()
            )
        );
        assert_eq!(err.path(), d.join("sub/loop"));
        assert_eq!(items[2].as_ref().unwrap(), &d.join("sub/z.txt"));
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_is_an_error_naming_it_and_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::os::unix::fs::symlink(d.join("gone.txt"), d.join("dangling.txt")).unwrap();
        let items: Vec<WalkItem> = Walk::new([d]).collect();
        let [Err(err)] = &items[..] else {
            panic!("{items:?}")
        };
        assert_eq!(
            err.to_string(),
            format!(
                "{}: is a symbolic link to {}, which does not exist",
                d.join("dangling.txt").display(),
                d.join("gone.txt").display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_directory_is_an_error_naming_it_and_the_walk_goes_on() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("locked")).unwrap();
        fs::write(d.join("locked/secret.txt"), "x").unwrap();
        fs::write(d.join("open.txt"), "x").unwrap();
        fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
        let readable_anyway = fs::read_dir(d.join("locked")).is_ok();
        let items: Vec<String> = Walk::new([d])
            .map(|r| match r {
                Ok(p) => p.strip_prefix(d).unwrap().display().to_string(),
                Err(e) => e.to_string(),
            })
            .collect();
        fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
        if readable_anyway {
            // Running as root: permissions do not stop the walk.
            eprintln!("skipped: this user reads a directory of mode 000");
            return;
        }
        assert_eq!(
            items,
            [
                format!(
                    "{}: cannot be read: permission denied",
                    d.join("locked").display()
                ),
                "open.txt".to_string()
            ]
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
