//! The files a subcommand that takes "files or folders" works on.

use std::path::{Path, PathBuf};

use statecraft_asl::Document;

/// Extensions searched for in folders (`.asl.json` and `.asl.yaml` end in `.json` and `.yaml`).
const EXTENSIONS: &[&str] = &["json", "yaml", "yml", "asl"];

/// One file to work on.
#[derive(Debug)]
pub struct Candidate {
    /// The file.
    pub path: PathBuf,
    /// True when the user named the file; false when it was found in a folder, in which case a
    /// file that is not a state machine (`package.json`, ...) is skipped silently.
    pub named: bool,
}

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Candidates {
    /// The files, folders' contents sorted by path.
    pub files: Vec<Candidate>,
    /// Folders that could not be read (already reported on stderr).
    pub unreadable_folders: Vec<String>,
}

/// Expands folders (recursively, hidden ones skipped, links to folders not followed) into the
/// JSON and YAML files they hold; files named directly are kept as they are.
pub fn collect(paths: &[PathBuf]) -> Candidates {
    let mut found = Candidates::default();
    for path in paths {
        if path.is_dir() {
            let before = found.files.len();
            collect_folder(path, &mut found);
            if found.files.len() == before {
                eprintln!(
                    "warning: {}: no definitions found in this folder",
                    path.display()
                );
            }
        } else {
            found.files.push(Candidate {
                path: path.clone(),
                named: true,
            });
        }
    }
    found
}

fn collect_folder(dir: &Path, found: &mut Candidates) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            eprintln!("error: {}: cannot read the folder: {err}", dir.display());
            found.unreadable_folders.push(dir.display().to_string());
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        // Symbolic links to folders are not followed, so a link loop cannot trap the walk.
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            collect_folder(&path, found);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            found.files.push(Candidate { path, named: false });
        }
    }
}

/// True when a document found in a folder is meant as a state machine (so `package.json` and
/// other JSON or YAML files beside the definitions are left alone).
pub fn looks_like_state_machine(doc: &Document) -> bool {
    let root = doc.root();
    root.get("StartAt").is_some() || root.get("States").is_some()
}
