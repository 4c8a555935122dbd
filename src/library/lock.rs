//! The import lock: one writer per library. An OS file lock on
//! `import.lock` (released by the OS when the process dies, even by
//! SIGKILL), with the holder's pid written inside for the busy message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::{io_err, LibraryError, Result};

const LOCK_FILE: &str = "import.lock";

/// Held while a process writes the index; dropped, it unlocks.
#[derive(Debug)]
pub struct ImportLock {
    file: File,
}

impl ImportLock {
    /// Takes the lock, or says who holds it.
    pub fn acquire(dir: &Path) -> Result<ImportLock> {
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                let pid = pid.trim();
                return Err(LibraryError::Busy {
                    pid: if pid.is_empty() {
                        "unknown".into()
                    } else {
                        pid.to_string()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_err(&path)(e)),
        }
        file.set_len(0).map_err(io_err(&path))?;
        file.seek(SeekFrom::Start(0)).map_err(io_err(&path))?;
        write!(file, "{}", std::process::id()).map_err(io_err(&path))?;
        file.flush().map_err(io_err(&path))?;
        Ok(ImportLock { file })
    }
}

impl Drop for ImportLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_the_pid_of_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = ImportLock::acquire(dir.path()).unwrap();
        let second = ImportLock::acquire(dir.path()).unwrap_err();
        let expected = format!("pid {}", std::process::id());
        assert!(second.to_string().contains(&expected), "{second}");
        drop(first);
        assert!(ImportLock::acquire(dir.path()).is_ok());
    }
}
