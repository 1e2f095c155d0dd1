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
    /// file that is not a state machine (`package.json`, a `tsconfig.json` with comments, a SAM
    /// template with tags) is skipped, unless its name says it is one (see [`Candidate::required`]).
    pub named: bool,
}

impl Candidate {
    /// True when the file must be a definition, so that a parse error is reported, not skipped:
    /// the user named it, or its name ends in `.asl.json`, `.asl.yaml`, `.asl.yml` or `.asl`.
    pub fn required(&self) -> bool {
        self.named || has_definition_name(&self.path)
    }
}

/// True for the names only definitions have: `*.asl.json`, `*.asl.yaml`, `*.asl.yml`, `*.asl`.
fn has_definition_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    [".asl.json", ".asl.yaml", ".asl.yml", ".asl"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Candidates {
    /// The files, folders' contents sorted by path; a file named several ways is kept once.
    pub files: Vec<Candidate>,
    /// Folders that could not be read (already reported on stderr).
    pub unreadable_folders: Vec<String>,
}

/// Files found in folders that were left alone, and why.
#[derive(Debug, Default)]
pub struct Skipped {
    /// `(file, reason)`, in walk order.
    pub files: Vec<(String, String)>,
}

impl Skipped {
    /// Notes a file left alone.
    pub fn add(&mut self, path: &Path, reason: impl Into<String>) {
        self.files.push((path.display().to_string(), reason.into()));
    }

    /// Notes a file found in a folder that does not parse.
    pub fn add_unparsable(&mut self, path: &Path, error: &statecraft_asl::ParseError) {
        self.add(path, format!("does not parse ({error})"));
    }

    /// Notes a file found in a folder that parses but holds no StartAt or States.
    pub fn add_not_a_state_machine(&mut self, path: &Path) {
        self.add(
            path,
            "not a state machine (no StartAt or States at the top)",
        );
    }

    /// The summary's tail: `""`, or `, 3 skipped (not state machines; --verbose lists them)`.
    pub fn summary(&self, verbose: bool) -> String {
        match self.files.len() {
            0 => String::new(),
            n if verbose => format!(", {n} skipped (not state machines)"),
            n => format!(", {n} skipped (not state machines; --verbose lists them)"),
        }
    }

    /// Under `--verbose`, lists the skipped files on stderr, one a line.
    pub fn list(&self, verbose: bool) {
        if verbose {
            for (file, reason) in &self.files {
                eprintln!("skipped {}: {reason}", super::terminal::escaped(file));
            }
        }
    }
}

/// Expands folders (recursively, hidden ones skipped, links to folders not followed) into the
/// JSON and YAML files they hold; files named directly are kept as they are. Only regular files
/// are taken from folders: a named pipe, socket or device would block or never end. A file named
/// several ways (`a`, `./a`) is kept once, as first named.
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
    found.files = without_duplicates(std::mem::take(&mut found.files));
    found
}

/// Keeps the first of the candidates that name the same file; it counts as named when any did.
fn without_duplicates(files: Vec<Candidate>) -> Vec<Candidate> {
    let mut index_of: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    let mut kept: Vec<Candidate> = Vec::with_capacity(files.len());
    for candidate in files {
        let key = std::fs::canonicalize(&candidate.path).unwrap_or_else(|_| candidate.path.clone());
        match index_of.get(&key) {
            Some(&i) => {
                if let Some(first) = kept.get_mut(i) {
                    first.named |= candidate.named;
                }
            }
            None => {
                index_of.insert(key, kept.len());
                kept.push(candidate);
            }
        }
    }
    kept
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
            && std::fs::metadata(&path).is_ok_and(|m| m.is_file())
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
