//! Where the versions come from: files, standard input, and git (`REV:PATH`, the files that
//! differ from a revision). Every read is bounded, as the other subcommands' reads are.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use statecraft::git;

use anyhow::{anyhow, bail, Context as _};
use statecraft_asl::parse::MAX_SOURCE_BYTES;
use statecraft_asl::{Document, Format, LoadError};

/// Extensions of the files `--git` looks at (as the folder walk of `validate` does).
const EXTENSIONS: &[&str] = &["json", "yaml", "yml", "asl"];

/// One version of a workflow, read.
#[derive(Debug)]
pub struct Version {
    /// How the version is named to the user: a path, `-`, or `REV:PATH`.
    pub label: String,
    /// The document; `None` when this side does not exist, or does not parse.
    pub doc: Option<Document>,
    /// Why it does not parse: `label:line:col: message`.
    pub parse_error: Option<String>,
}

impl Version {
    /// The side of a file that one version does not have.
    pub fn missing(label: &str) -> Version {
        Version {
            label: label.to_owned(),
            doc: None,
            parse_error: None,
        }
    }

    /// Parses `bytes`, in the format `name` implies, else the format they look like.
    fn parse(label: String, name: &Path, bytes: &[u8]) -> Version {
        let format = Format::from_path(name)
            .unwrap_or_else(|| Format::sniff(&String::from_utf8_lossy(bytes)));
        match Document::from_bytes(bytes, format) {
            Ok(doc) => Version {
                label,
                doc: Some(doc),
                parse_error: None,
            },
            Err(error) => Version {
                parse_error: Some(format!("{label}:{error}")),
                label,
                doc: None,
            },
        }
    }

    /// The version, or its parse error as the error.
    fn required(self) -> anyhow::Result<Version> {
        match self.parse_error {
            Some(error) => Err(anyhow!(error)),
            None => Ok(self),
        }
    }
}

/// Reads OLD or NEW: `-` (standard input), a file, or git's `REV:PATH` when no file has that
/// name. A version that does not parse is an error that says where.
pub fn read_operand(arg: &Path) -> anyhow::Result<Version> {
    if arg.as_os_str() == "-" {
        let bytes = statecraft::fsio::read_bounded(arg, MAX_SOURCE_BYTES as u64)?;
        return Version::parse("-".to_owned(), Path::new(""), &bytes).required();
    }
    let label = arg.display().to_string();
    // A file that exists wins over reading its name as REV:PATH.
    if std::fs::symlink_metadata(arg).is_ok() {
        if arg.is_dir() {
            bail!(
                "{label}: is a folder; name two files, or compare a folder's workflows with a \
                 git revision: statecraft diff --git REV {label}"
            );
        }
        return read_named(arg, &label)?.required();
    }
    match arg
        .to_str()
        .and_then(|s| s.split_once(':').map(|(_, path)| (s, path)))
    {
        Some((spec, path)) if !spec.starts_with('-') => {
            let bytes = git::blob(spec).map_err(|why| {
                anyhow!("{spec}: no such file, and git cannot read it as REV:PATH: {why}")
            })?;
            Version::parse(label, Path::new(path), &bytes).required()
        }
        _ => read_named(arg, &label)
            .map_err(|err| {
                anyhow!(
                    "{}; name an existing file, or a version in git as REV:PATH \
                     (HEAD:flow.asl.json)",
                    crate::cli::error_message(&err)
                )
            })?
            .required(),
    }
}

/// Reads `file`, naming it `name` in messages and taking the format from `name`'s extension
/// (git's external diff hands over temporary files; `name` is the path in the repository).
/// Only an unreadable file is an error; one that does not parse is returned with its error.
pub fn read_named(file: &Path, name: &str) -> anyhow::Result<Version> {
    let bytes = match statecraft_asl::document::read_source(file) {
        Ok(bytes) => bytes,
        Err(LoadError::Io { source, .. }) => {
            return Err(anyhow::Error::new(source).context(format!("{name}: cannot read the file")))
        }
        Err(LoadError::Parse { error, .. }) => {
            return Ok(Version {
                label: name.to_owned(),
                doc: None,
                parse_error: Some(format!("{name}:{error}")),
            })
        }
    };
    let hint = if Format::from_path(Path::new(name)).is_some() {
        Path::new(name)
    } else {
        file
    };
    Ok(Version::parse(name.to_owned(), hint, &bytes))
}

/// True for the extensions `--git` compares (`.json`, `.yaml`, `.yml`, `.asl`).
pub fn has_workflow_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// True when git would colour its own diff here (`color.diff`, `color.ui`, its pager): asked of
/// git when Statecraft runs as its external diff, where stdout is git's pager, not a terminal.
pub fn git_wants_colour() -> bool {
    Command::new("git")
        .args(["config", "--get-colorbool", "color.diff"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A file that differs between a revision and the working tree.
#[derive(Debug)]
pub struct Change {
    /// Its path from the top of the repository, as git prints it.
    pub path: String,
    /// True when the revision has it.
    pub in_rev: bool,
    /// True when the working tree has it.
    pub in_worktree: bool,
}

/// The git repository of the current folder.
#[derive(Debug)]
pub struct GitRepo {
    /// Its top folder.
    pub root: PathBuf,
}

impl GitRepo {
    /// The repository that holds the current folder.
    pub fn here() -> anyhow::Result<GitRepo> {
        let args = ["rev-parse", "--show-toplevel"].map(OsString::from);
        let out = git::output(&args, 64 * 1024)
            .map_err(|why| anyhow!("--git needs a git repository: {why}"))?;
        let root = String::from_utf8(out)
            .context("--git: the repository's path is not UTF-8")?
            .trim_end_matches(['\n', '\r'])
            .to_owned();
        Ok(GitRepo {
            root: PathBuf::from(root),
        })
    }

    /// The files under `paths` that differ between `rev` and the working tree: those
    /// `git diff REV` lists (renames as a deletion and an addition), and untracked files that
    /// are not ignored. Sorted by path.
    pub fn changed_files(&self, rev: &str, paths: &[OsString]) -> anyhow::Result<Vec<Change>> {
        if rev.starts_with('-') {
            bail!("--git {rev}: a revision cannot start with `-`; name a commit, branch or tag");
        }
        let mut diff_args: Vec<OsString> = [
            "diff",
            "--name-status",
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            rev,
            "--",
        ]
        .map(OsString::from)
        .to_vec();
        diff_args.extend(paths.iter().cloned());
        let listed = git::output(&diff_args, 64 * 1024 * 1024)
            .map_err(|why| anyhow!("--git {rev}: {why}"))?;
        let mut in_rev: BTreeMap<String, bool> = BTreeMap::new();
        let mut fields = listed.split(|&b| b == 0).filter(|f| !f.is_empty());
        while let (Some(status), Some(path)) = (fields.next(), fields.next()) {
            let Some(path) = utf8_path(path) else {
                continue;
            };
            // A: only the working tree has it; D, M, T, U: the revision has it.
            in_rev.insert(path, status.first() != Some(&b'A'));
        }
        let mut others_args: Vec<OsString> = [
            "ls-files",
            "--others",
            "--exclude-standard",
            "--full-name",
            "-z",
            "--",
        ]
        .map(OsString::from)
        .to_vec();
        others_args.extend(paths.iter().cloned());
        let untracked = git::output(&others_args, 64 * 1024 * 1024)
            .map_err(|why| anyhow!("--git {rev}: {why}"))?;
        for path in untracked.split(|&b| b == 0).filter(|f| !f.is_empty()) {
            if let Some(path) = utf8_path(path) {
                in_rev.entry(path).or_insert(false);
            }
        }
        Ok(in_rev
            .into_iter()
            .map(|(path, in_rev)| Change {
                in_worktree: std::fs::metadata(self.root.join(&path)).is_ok_and(|m| m.is_file()),
                path,
                in_rev,
            })
            .collect())
    }

    /// The version of `path` (from the top of the repository) in `rev`.
    pub fn read_blob(&self, rev: &str, path: &str) -> anyhow::Result<Version> {
        let spec = format!("{rev}:{path}");
        let bytes =
            git::blob(&spec).map_err(|why| anyhow!("{spec}: cannot read it from git: {why}"))?;
        Ok(Version::parse(spec, Path::new(path), &bytes))
    }
}

/// A path git printed, when it is UTF-8 (others are left out, with a warning).
fn utf8_path(bytes: &[u8]) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(path) => Some(path.to_owned()),
        Err(_) => {
            eprintln!(
                "warning: {}: the file name is not UTF-8; not compared",
                crate::cli::terminal::escaped(&String::from_utf8_lossy(bytes))
            );
            None
        }
    }
}
