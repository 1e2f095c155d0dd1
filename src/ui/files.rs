//! Files: reading a workflow with errors a person can act on, atomic saves, the recovery folder
//! (autosave after a crash) and the watcher that notices changes made by others.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use serde::{Deserialize, Serialize};
use statecraft_asl::parse::{decode_utf8, MAX_SOURCE_BYTES};
use statecraft_asl::{Document, Format};

/// A file read and checked: its text and format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedFile {
    /// The text, exactly as on disk (a byte-order mark kept).
    pub text: String,
    /// JSON or YAML, from the name or the first character.
    pub format: Format,
}

/// Why a file cannot be opened, in words for a dialog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {what}", path.display())]
pub struct OpenError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong and where (line:column when inside the file), and what to do.
    pub what: String,
    /// The text, when it is readable text that merely does not parse (it can be opened anyway,
    /// to fix it by hand).
    pub text: Option<LoadedFile>,
}

/// Reads a workflow file: refuses what cannot be a workflow (unreadable, too large, not UTF-8,
/// nested too deep, not a state machine), and says where.
pub fn load(path: &Path) -> Result<LoadedFile, OpenError> {
    let fail = |what: String, text: Option<LoadedFile>| OpenError {
        path: path.to_owned(),
        what,
        text,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read it: {e}"), None))?;
    if meta.is_dir() {
        return Err(fail(
            "this is a folder; choose a workflow file (.asl.json, .asl.yaml)".into(),
            None,
        ));
    }
    if !meta.is_file() {
        // Reading a named pipe or a device could wait forever: the window would freeze.
        return Err(fail(
            format!(
                "this is not a regular file but {}; choose a workflow file (.asl.json, .asl.yaml)",
                special_kind(&meta)
            ),
            None,
        ));
    }
    if meta.len() > MAX_SOURCE_BYTES as u64 {
        return Err(fail(
            format!(
                "the file is {:.1} MB; Statecraft opens definitions up to {} MB (AWS accepts up to 1 MB)",
                meta.len() as f64 / 1_000_000.0,
                MAX_SOURCE_BYTES / (1024 * 1024)
            ),
            None,
        ));
    }
    let bytes = crate::fsio::read_bounded(path, crate::fsio::MAX_INPUT_BYTES)
        .map_err(|e| fail(format!("cannot read it: {e}"), None))?;
    let text =
        decode_utf8(&bytes).map_err(|e| fail(format!("{}: {}", e.position, e.message), None))?;
    // Keep a byte-order mark in the text, so an unedited save writes the same bytes.
    let text = if bytes.starts_with(b"\xEF\xBB\xBF") {
        format!("\u{feff}{text}")
    } else {
        text.to_owned()
    };
    let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&text));
    let loaded = LoadedFile { text, format };
    match Document::parse(loaded.text.clone(), format) {
        Ok(doc) => {
            let root = doc.root();
            let looks_like_asl = root.as_object().is_some()
                && (root.get("States").is_some() || root.get("StartAt").is_some());
            if looks_like_asl {
                Ok(loaded)
            } else {
                Err(fail(
                    "this is not an ASL state machine: it has no StartAt and no States. \
                     Open a Step Functions definition, or start a new workflow."
                        .into(),
                    None,
                ))
            }
        }
        Err(e) if e.message.contains("nested more than") => {
            Err(fail(format!("{}: {}", e.position, e.message), None))
        }
        Err(e) => Err(fail(format!("{}: {}", e.position, e.message), Some(loaded))),
    }
}

/// What kind of special file `meta` describes, in words.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
}

/// Writes a document's text exactly, atomically (see [`crate::fsio::write_atomic`]).
pub fn save(path: &Path, text: &str) -> Result<(), crate::fsio::WriteError> {
    crate::fsio::write_atomic(path, text.as_bytes())
}

/// What a recovery file holds: an unsaved document, written every few seconds while it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    /// The process that wrote it (a file of a running process is not offered).
    pub pid: u32,
    /// The document's file, if it had one.
    pub path: Option<PathBuf>,
    /// JSON or YAML.
    pub yaml: bool,
    /// The unsaved text.
    pub text: String,
}

/// A recovery file found at start.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundRecovery {
    /// Where the recovery file is.
    pub file: PathBuf,
    /// What it holds.
    pub recovery: Recovery,
}

/// The folder of recovery files under the data folder.
pub fn recovery_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("recovery")
}

/// The recovery file of one document of this process.
pub fn recovery_file(data_dir: &Path, doc: u64) -> PathBuf {
    recovery_dir(data_dir).join(format!("{}-{doc}.json", std::process::id()))
}

/// Writes a recovery file (atomically, so a crash mid-write leaves the older copy).
pub fn write_recovery(file: &Path, recovery: &Recovery) -> anyhow::Result<()> {
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let json = serde_json::to_vec(recovery)?;
    crate::fsio::write_atomic(file, &json)?;
    Ok(())
}

/// Recovery files left by processes that are no longer running, oldest first.
pub fn leftover_recoveries(data_dir: &Path) -> Vec<FoundRecovery> {
    let Ok(entries) = std::fs::read_dir(recovery_dir(data_dir)) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, FoundRecovery)> = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| {
            let file = e.path();
            let bytes = std::fs::read(&file).ok()?;
            let recovery: Recovery = serde_json::from_slice(&bytes).ok()?;
            if recovery.pid != std::process::id() && process_is_running(recovery.pid) {
                return None;
            }
            let modified = e.metadata().and_then(|m| m.modified()).ok()?;
            Some((modified, FoundRecovery { file, recovery }))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.file.cmp(&b.1.file)));
    found.into_iter().map(|(_, f)| f).collect()
}

fn process_is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        false
    }
}

/// Watches the folders of open files and reports the paths that changed.
pub struct FileWatcher {
    watcher: Option<notify::RecommendedWatcher>,
    /// Why there is no watcher, when it could not start.
    pub error: Option<String>,
    events: mpsc::Receiver<PathBuf>,
    watched: Vec<PathBuf>,
}

impl std::fmt::Debug for FileWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileWatcher")
            .field("watched", &self.watched)
            .finish_non_exhaustive()
    }
}

impl FileWatcher {
    /// A watcher that calls `wake` (to repaint the idle app) when a file changes. Without a
    /// working watcher (no inotify), changes are not noticed and [`FileWatcher::error`] says why.
    pub fn new(wake: impl Fn() + Send + 'static) -> FileWatcher {
        let (sender, events) = mpsc::channel();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if let Ok(event) = event {
                if matches!(
                    event.kind,
                    notify::EventKind::Create(_)
                        | notify::EventKind::Modify(_)
                        | notify::EventKind::Remove(_)
                ) {
                    for path in event.paths {
                        let _ = sender.send(path);
                    }
                    wake();
                }
            }
        });
        let (watcher, error) = match watcher {
            Ok(watcher) => (Some(watcher), None),
            Err(err) => (None, Some(err.to_string())),
        };
        FileWatcher {
            watcher,
            error,
            events,
            watched: Vec::new(),
        }
    }

    /// Watches exactly the folders of these files (editors save by renaming over the file, so the
    /// folder is watched, not the file).
    pub fn watch_files<'a>(&mut self, files: impl Iterator<Item = &'a Path>) {
        use notify::Watcher as _;
        let mut folders: Vec<PathBuf> = files
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .map(|f| {
                if f.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    f
                }
            })
            .collect();
        folders.sort();
        folders.dedup();
        if folders == self.watched {
            return;
        }
        let Some(watcher) = self.watcher.as_mut() else {
            return;
        };
        for old in &self.watched {
            let _ = watcher.unwatch(old);
        }
        self.watched.clear();
        for folder in folders {
            if watcher
                .watch(&folder, notify::RecursiveMode::NonRecursive)
                .is_ok()
            {
                self.watched.push(folder);
            }
        }
    }

    /// The paths that changed since the last call, sorted, each once.
    pub fn changed_paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = self.events.try_iter().collect();
        paths.sort();
        paths.dedup();
        paths
    }
}

/// Same file, however it was named.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_or_a_device_is_refused_without_waiting() {
        let err = load(Path::new("/dev/null")).expect_err("a device");
        assert!(
            err.what.contains("not a regular file but a device"),
            "{}",
            err.what
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let pipe = dir.path().join("flow.asl.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        // Opening it to read would wait for a writer forever; it is refused first.
        let err = load(&pipe).expect_err("a named pipe");
        assert!(err.what.contains("a named pipe"), "{}", err.what);
    }

    #[test]
    fn refuses_what_is_not_a_workflow_and_says_where() {
        let dir = tempfile::tempdir().expect("temp dir");
        let not_utf8 = dir.path().join("bad.asl.json");
        std::fs::write(&not_utf8, b"{\n  \"StartAt\": \"\xff\"}").expect("write");
        let err = load(&not_utf8).expect_err("not UTF-8");
        assert!(err.what.contains("2:"), "{}", err.what);
        assert!(err.what.contains("UTF-8"), "{}", err.what);
        assert!(err.text.is_none());

        let package = dir.path().join("package.json");
        std::fs::write(&package, br#"{"name": "x"}"#).expect("write");
        let err = load(&package).expect_err("not ASL");
        assert!(
            err.what.contains("not an ASL state machine"),
            "{}",
            err.what
        );

        let deep = dir.path().join("deep.json");
        std::fs::write(&deep, "[".repeat(10_000)).expect("write");
        let err = load(&deep).expect_err("too deep");
        assert!(err.what.contains("nested more than"), "{}", err.what);

        let broken = dir.path().join("draft.asl.json");
        std::fs::write(&broken, "{\n  \"StartAt\": \"A\",\n  \"States\": {\n").expect("write");
        let err = load(&broken).expect_err("does not parse");
        assert!(
            err.what.starts_with("4:") || err.what.starts_with("3:"),
            "{}",
            err.what
        );
        assert!(
            err.text.is_some(),
            "a draft that does not parse can be opened anyway"
        );
    }

    #[test]
    fn a_large_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().expect("temp dir");
        let big = dir.path().join("big.asl.json");
        let file = std::fs::File::create(&big).expect("create");
        file.set_len(50 * 1024 * 1024).expect("grow");
        let err = load(&big).expect_err("too large");
        assert!(err.what.contains("52.4 MB"), "{}", err.what);
    }

    #[test]
    fn recovery_files_of_dead_processes_are_offered() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = recovery_dir(dir.path()).join("999999999-1.json");
        let recovery = Recovery {
            pid: 999_999_999,
            path: None,
            yaml: false,
            text: "{}".into(),
        };
        write_recovery(&file, &recovery).expect("write");
        let found = leftover_recoveries(dir.path());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].recovery, recovery);
    }
}
