//! For the benchmarks: the library's read marks kept aside for the length
//! of a run and put back afterwards (a researcher's marks are not a
//! benchmark's to change: its keys scroll the reader, which marks cables),
//! and N cables marked read for the figures that need them.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use cablegram::library::{Library, ListQuery};

/// The read marks as they were; put back on drop.
pub struct KeptMarks {
    path: PathBuf,
    before: Option<Vec<u8>>,
}

/// Keeps the library's read marks as they are now, to put back when the
/// guard drops.
pub fn keep(lib: &Library) -> KeptMarks {
    let path = lib.store().read_marks_path();
    let before = std::fs::read(&path).ok();
    KeptMarks { path, before }
}

/// Marks the `n` newest cables of `lib` read (besides any marked already);
/// how many the marks hold then.
pub fn mark_newest(lib: &Library, n: usize) -> Result<usize> {
    let page = lib
        .page(&ListQuery::All, None, 0, n)
        .map_err(|e| anyhow!("{e}"))?;
    let ids: Vec<String> = page.rows.into_iter().map(|r| r.id).collect();
    let marks = lib
        .store()
        .set_read(&ids, true)
        .map_err(|e| anyhow!("{e}"))?;
    Ok(marks.len())
}

impl Drop for KeptMarks {
    fn drop(&mut self) {
        let restored = match &self.before {
            Some(bytes) => cablegram::library::atomic_write(&self.path, bytes).is_ok(),
            None => !self.path.exists() || std::fs::remove_file(&self.path).is_ok(),
        };
        if !restored {
            eprintln!(
                "warning: could not put back the read marks in {}",
                self.path.display()
            );
        }
    }
}
