//! Reading and writing the user's files, shared by the command line and the designer.
//!
//! Writes are atomic: a temporary file in the target's folder is written, flushed to disk and
//! renamed over the target, so a failed write (full disk, file size limit, a crash) leaves the
//! original untouched. Reads are bounded: a source is read up to one byte past its limit and then
//! refused, so `/dev/zero` or an endless pipe cannot fill memory.

use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};

/// Largest execution input, mock configuration or substitutions file read, in bytes: the same
/// limit as for definitions (AWS's own limit for an input is 256 KiB).
pub const MAX_INPUT_BYTES: u64 = statecraft_asl::parse::MAX_SOURCE_BYTES as u64;

/// Largest run history or distributed Map item source read, in bytes: long histories run to
/// tens of megabytes (25,000 events, the most AWS keeps, printed by `statecraft run`).
pub const MAX_HISTORY_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be written. The message names the file; the original is untouched.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot write the file: {source}", path.display())]
pub struct WriteError {
    /// The file that was to be written.
    pub path: PathBuf,
    /// What the OS said.
    pub source: std::io::Error,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The OS refused (missing file, no permission, ...).
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        /// The file (`-` for standard input).
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The source holds more than the limit; reading stopped there.
    #[error("{}: the file is larger than {} MB, the most Statecraft reads", path.display(), limit_bytes / (1024 * 1024))]
    TooLarge {
        /// The file (`-` for standard input).
        path: PathBuf,
        /// The limit, in bytes.
        limit_bytes: u64,
    },
    /// The file is not UTF-8 text.
    #[error("{}: the file is not UTF-8 text (byte {offset} is not); save it as UTF-8", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Offset of the first byte that is not UTF-8.
        offset: usize,
    },
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed to disk,
/// then renamed over `path`. An existing file keeps its permissions; a new one gets the user's
/// usual ones (0666 less the umask). On failure the original
/// file is untouched, the temporary file is removed, and the error names `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let error = |source| WriteError {
        path: path.to_owned(),
        source,
    };
    // Writing through a symbolic link replaces the file it points to, not the link.
    let resolved = std::fs::canonicalize(path).ok();
    let path = resolved.as_deref().unwrap_or(path);
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".statecraft-").suffix(".tmp");
    // A new file gets what any program's new file gets: 0666 less the user's umask (a temporary
    // file's own 0600 would hide it from the group and others).
    #[cfg(unix)]
    if permissions.is_none() {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder).map_err(error)?;
    temp.write_all(bytes).map_err(error)?;
    temp.as_file().sync_all().map_err(error)?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions).map_err(error)?;
    }
    // Dropping the temporary file on any error above removes it.
    temp.persist(path).map_err(|err| error(err.error))?;
    Ok(())
}

/// Reads a file (or standard input when `path` is `-`) up to `limit_bytes`; a source with more is
/// refused after reading one byte past the limit, never read whole.
pub fn read_bounded(path: &Path, limit_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let io_error = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
    } else {
        let file = std::fs::File::open(path).map_err(io_error)?;
        if let Ok(meta) = file.metadata() {
            if meta.is_file() && meta.len() <= limit_bytes {
                bytes.reserve(usize::try_from(meta.len()).unwrap_or(0));
            }
        }
        file.take(limit_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
    }
    if bytes.len() as u64 > limit_bytes {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            limit_bytes,
        });
    }
    Ok(bytes)
}

/// [`read_bounded`], as UTF-8 text.
pub fn read_text_bounded(path: &Path, limit_bytes: u64) -> Result<String, ReadError> {
    let bytes = read_bounded(path, limit_bytes)?;
    String::from_utf8(bytes).map_err(|err| ReadError::NotUtf8 {
        path: path.to_owned(),
        offset: err.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.asl.json");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn write_atomic_keeps_the_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.asl.json");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_permissions_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        // What the umask makes of a file any program creates.
        let usual = dir.path().join("usual");
        std::fs::write(&usual, "x").unwrap();
        let expected = std::fs::metadata(&usual).unwrap().permissions().mode() & 0o777;
        let path = dir.path().join("new.svg");
        write_atomic(&path, b"<svg/>").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected, "{mode:o} vs {expected:o}");
    }

    #[test]
    fn write_atomic_failure_names_the_file_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("a.svg");
        let err = write_atomic(&path, b"x").unwrap_err();
        assert!(
            err.to_string().starts_with(&path.display().to_string()),
            "{err}"
        );
        assert!(!path.exists());
    }

    #[test]
    fn read_bounded_refuses_one_byte_over_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.json");
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read_bounded(&path, 5).unwrap(), b"12345");
        let err = read_bounded(&path, 4).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn read_bounded_stops_an_endless_source() {
        let err = read_text_bounded(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(err.to_string().contains("larger than"), "{err}");
    }
}
