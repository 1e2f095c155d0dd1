//! Reading from git, for the command line (`statecraft diff REV:PATH`, `--git`) and the designer
//! (View > Compare with a git revision): `git` on the PATH, run with bounded reads, its own error
//! message passed on.

use std::ffi::OsString;
use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};

use statecraft_asl::parse::MAX_SOURCE_BYTES;

/// Runs git with `args` in the current folder and returns what it printed on stdout, at most
/// `limit_bytes`; the error is git's own message (its stderr, `fatal: ` dropped).
pub fn output(args: &[OsString], limit_bytes: u64) -> Result<Vec<u8>, String> {
    output_in(None, args, limit_bytes)
}

/// As [`output`], with git run in `folder` (`None`: the current folder).
pub fn output_in(
    folder: Option<&Path>,
    args: &[OsString],
    limit_bytes: u64,
) -> Result<Vec<u8>, String> {
    let mut command = Command::new("git");
    if let Some(folder) = folder {
        command.current_dir(folder);
    }
    let mut child = command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => "git is not installed (not found on PATH)".to_owned(),
            _ => format!("cannot run git: {err}"),
        })?;
    let mut bytes = Vec::new();
    let read = child.stdout.take().map(|stdout| {
        stdout
            .take(limit_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
    });
    if bytes.len() as u64 > limit_bytes {
        child.kill().ok();
        child.wait().ok();
        return Err(format!(
            "the file is larger than {} MB, the most Statecraft reads",
            limit_bytes / (1024 * 1024)
        ));
    }
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        // Bounded too: git's messages are a few lines.
        err.by_ref()
            .take(64 * 1024)
            .read_to_string(&mut stderr)
            .ok();
    }
    let status = child
        .wait()
        .map_err(|err| format!("cannot run git: {err}"))?;
    if let Some(Err(err)) = read {
        return Err(format!("cannot read git's output: {err}"));
    }
    if !status.success() {
        let message = stderr
            .lines()
            .map(|l| l.strip_prefix("fatal: ").unwrap_or(l).trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        return Err(if message.is_empty() {
            format!("git failed ({status})")
        } else {
            message
        });
    }
    Ok(bytes)
}

/// The content of git's `REV:PATH` (a file in a commit, `:PATH` for the index).
pub fn blob(spec: &str) -> Result<Vec<u8>, String> {
    let args = ["cat-file", "blob", spec].map(OsString::from);
    output(&args, MAX_SOURCE_BYTES as u64)
}

/// The content of `file` as it is at git revision `rev` (`HEAD`, a branch, a commit; `""` for
/// the index), read in the file's own folder so that any repository it is in answers.
pub fn file_at_revision(file: &Path, rev: &str) -> Result<Vec<u8>, String> {
    let name = file
        .file_name()
        .ok_or_else(|| format!("{} is not a file", file.display()))?;
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty());
    // `REV:./NAME` is the file relative to the folder git runs in.
    let mut spec = OsString::from(format!("{rev}:./"));
    spec.push(name);
    let args = [OsString::from("cat-file"), OsString::from("blob"), spec];
    output_in(folder, &args, MAX_SOURCE_BYTES as u64)
}
