//! `statecraft diff`: what changed between two versions of a workflow, in a reviewer's words.
//!
//! Four forms share the comparison ([`statecraft_asl::diff`]) and the printing:
//! - `OLD NEW`: two files, or `REV:PATH` read from git (`main:flows/order.asl.json`);
//! - `--git REV [PATHS]`: every workflow under PATHS that differs between REV and the working tree;
//! - `--git-external`: git's external diff (`diff.<driver>.command`), seven arguments per file;
//! - `--textconv FILE`: one file as a stable summary, for git's `textconv` (git diffs two of them).
//!
//! Exit codes: 0 (also when the versions differ, as `git diff`), 1 under `--exit-code` when they
//! differ, 2 on bad usage or a version that cannot be read or parsed (the other files of
//! `--git` are still compared and reported).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use serde::Serialize;
use statecraft_asl::diff::{diff_roots, Diff};
use statecraft_asl::{Document, Node, NodeValue, Span};

use super::{inputs, plural, terminal, Outcome};

mod picture;
mod source;
mod text;
mod textconv;

use source::Version;
use text::Paint;

/// How the differences are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A line per change: machine fields, states (with their fields indented), transitions, then
    /// a count.
    Text,
    /// A JSON array with one `{old, new, status, diff}` per pair of files (docs/diff.schema.json).
    Json,
}

/// When to colour the text summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal (or git's pager, as git's external diff) and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `statecraft diff`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "\
statecraft diff [OPTIONS] OLD NEW
       statecraft diff [OPTIONS] --git REV [PATHS]...
       statecraft diff --textconv FILE
       statecraft diff --git-external PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE",
    after_help = "\
OLD and NEW are files, `-` for standard input, or git's REV:PATH (`main:flows/order.asl.json`, \
`HEAD~1:./order.asl.json` relative to the current folder), read with `git cat-file` in the \
repository of the current folder. A file that exists wins over a REV:PATH reading of its name. \
The format (JSON or YAML) comes from the extension, else from the first character.

--git REV [PATHS] compares REV with the working tree for every file under PATHS (default: the \
current folder) that `git diff REV` lists or that is untracked and not ignored. Files named \
*.asl.json, *.asl.yaml, *.asl.yml and *.asl are always compared; other .json, .yaml and .yml \
files only when they hold a state machine (StartAt or States at the top), the rest are skipped \
(--verbose lists them). A file only one side has is reported as a new or deleted workflow.

Comparing is semantic: formatting, key order, JSON versus YAML and comments are not changes; a \
renamed state is one rename, not a removal and an addition.

--format json prints an array, one {old, new, status, diff} per pair, even for one pair; the \
schema is docs/diff.schema.json.

In git (one-time setup, then `git diff`, `git log -p` and `git show` use it on workflows):
  echo '*.asl.json diff=asl' >> .gitattributes
  git config diff.asl.textconv 'statecraft diff --textconv'      # git diffs the summaries
or, for the summary of changes in place of git's diff:
  git config diff.asl.command 'statecraft diff --git-external'
(`git diff --no-ext-diff` / `--no-textconv` show the text diff.) Seven arguments in git's external \
diff order are recognised without --git-external, so GIT_EXTERNAL_DIFF='statecraft diff' works too.

Exit status: 0 compared (whether or not the versions differ); 1 with --exit-code when they differ; \
2 bad usage, or a version that cannot be read or parsed."
)]
pub struct Args {
    /// OLD NEW; PATHS with --git; FILE with --textconv; git's seven arguments with --git-external.
    #[arg(value_name = "ARGS")]
    pub operands: Vec<PathBuf>,
    /// Compare revision REV (a commit, branch or tag) with the working tree, for the workflows
    /// under the operands (default: the current folder).
    #[arg(long, value_name = "REV", conflicts_with_all = ["textconv", "git_external"])]
    pub git: Option<String>,
    /// Print one file as a stable summary, a line per state and field, for git's textconv.
    #[arg(long, conflicts_with_all = ["git_external", "format", "exit_code"])]
    pub textconv: bool,
    /// Take git's external diff arguments: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
    /// NEW-MODE (and, for a rename, NEW-PATH and git's note).
    #[arg(long)]
    pub git_external: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Exit 1 when the versions differ, 0 when they do not (as `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// When to colour the summary: green added, yellow changed or renamed, red removed.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Also draw the change to FILE, by its extension: .svg or .png (the new version with added
    /// states green, changed amber, removed ones as red ghosts), .html (the picture beside the
    /// list of changes) or .md (the list and a Mermaid flowchart, for a pull request). With OLD
    /// NEW only.
    #[arg(short, long, value_name = "FILE", conflicts_with_all = ["git", "textconv", "git_external"])]
    pub output: Option<PathBuf>,
    /// With --git: list the files that were skipped, and why.
    #[arg(short, long)]
    pub verbose: bool,
}

/// How two versions compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    /// Only the new side exists.
    Added,
    /// Only the old side exists.
    Removed,
    /// Both exist, and they differ.
    Changed,
    /// Both exist, and they mean the same (the text may differ).
    Unchanged,
}

/// One pair of versions, compared.
#[derive(Debug, Serialize)]
struct Compared {
    /// The old version as named (`main:flows/order.asl.json`), `None` when there is none.
    old: Option<String>,
    /// The new version as named, `None` when there is none.
    new: Option<String>,
    /// How they compare.
    status: Status,
    /// The differences; a missing side counts as an empty document, so a new file's diff lists
    /// all its states as added.
    diff: Diff,
    /// The line that names the pair in the text summary.
    #[serde(skip)]
    header: String,
}

impl Compared {
    fn new(header: String, old: Version, new: Version) -> Compared {
        let empty = Node {
            value: NodeValue::Object(Vec::new()),
            span: Span::default(),
        };
        let diff = diff_roots(
            old.doc.as_ref().map_or(&empty, Document::root),
            new.doc.as_ref().map_or(&empty, Document::root),
        );
        let status = match (&old.doc, &new.doc) {
            (None, Some(_)) => Status::Added,
            (Some(_), None) => Status::Removed,
            _ if diff.is_empty() => Status::Unchanged,
            _ => Status::Changed,
        };
        Compared {
            old: old.doc.is_some().then_some(old.label),
            new: new.doc.is_some().then_some(new.label),
            status,
            diff,
            header,
        }
    }
}

/// Runs `statecraft diff`.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    if args.textconv {
        let [file] = args.operands.as_slice() else {
            bail!(
                "--textconv takes one file (git gives it the file to summarise); got {}",
                args.operands.len()
            );
        };
        return textconv::execute(file);
    }
    if let Some(rev) = &args.git {
        return git_mode(&args, rev);
    }
    if args.git_external || external_shape(&args.operands) {
        return external_mode(&args);
    }
    let [old, new] = args.operands.as_slice() else {
        bail!(
            "expected the two versions to compare, OLD NEW (files or REV:PATH), or --git REV; \
             got {} {} (see statecraft diff --help)",
            args.operands.len(),
            plural(args.operands.len(), "argument", "arguments")
        );
    };
    if old.as_os_str() == "-" && new.as_os_str() == "-" {
        bail!("OLD and NEW cannot both be `-` (standard input); name a file for one of them");
    }
    let picture = args
        .output
        .as_deref()
        .map(picture::Picture::of_path)
        .transpose()?;
    let old = source::read_operand(old)?;
    let new = source::read_operand(new)?;
    let header = format!("{} \u{2192} {}", old.label, new.label);
    if let (Some(kind), Some(path)) = (picture, &args.output) {
        picture::write(kind, path, &old, &new)?;
    }
    let compared = vec![Compared::new(header, old, new)];
    let paint = Paint::new(colour(args.color, false));
    report(&args, &compared, &paint, false)
}

/// Prints the comparisons and says how the command ends.
fn report(
    args: &Args,
    compared: &[Compared],
    paint: &Paint,
    headers: bool,
) -> anyhow::Result<Outcome> {
    let out = match args.format {
        OutputFormat::Json => {
            serde_json::to_string_pretty(compared).context("writing the JSON report")?
        }
        OutputFormat::Text => text::summary(compared, paint, headers || compared.len() > 1),
    };
    super::print_stdout(&out)?;
    let differ = compared.iter().any(|c| c.status != Status::Unchanged);
    Ok(if args.exit_code && differ {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// True when colour is wanted: `--color`, else NO_COLOR, TERM=dumb, and whether stdout is a
/// terminal (or, as git's external diff, whether git itself would colour its diff).
fn colour(choice: ColorChoice, under_git: bool) -> bool {
    use std::io::IsTerminal as _;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if terminal::colour_refused() {
                return false;
            }
            if std::io::stdout().is_terminal() {
                return true;
            }
            // Under git, stdout is git's pager; git answers for its own colour settings.
            under_git && source::git_wants_colour()
        }
    }
}

/// True for git's external diff arguments: `PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
/// NEW-MODE`, with two more (`NEW-PATH NOTE`) for a rename.
fn external_shape(operands: &[PathBuf]) -> bool {
    if operands.len() != 7 && operands.len() != 9 {
        return false;
    }
    let text = |i: usize| operands.get(i).and_then(|p| p.to_str()).unwrap_or("");
    // A missing side (a new or deleted file) has "." for its hash and mode.
    let hex = |s: &str| s == "." || (s.len() >= 7 && s.chars().all(|c| c.is_ascii_hexdigit()));
    let mode = |s: &str| s == "." || (!s.is_empty() && s.chars().all(|c| ('0'..='7').contains(&c)));
    hex(text(2)) && mode(text(3)) && hex(text(5)) && mode(text(6))
}

/// `--git-external`: one file as git's external diff hands it over.
fn external_mode(args: &Args) -> anyhow::Result<Outcome> {
    let ops = &args.operands;
    let git_path = |p: &PathBuf| p.to_string_lossy().into_owned();
    match ops.len() {
        // An unmerged path: git gives only its name.
        1 => {
            let line = format!(
                "{}: unmerged; resolve the conflict to compare",
                git_path(&ops[0])
            );
            super::print_stdout(&terminal::escaped(&line))?;
            return Ok(Outcome::Success);
        }
        7 | 9 => {}
        n => bail!(
            "--git-external takes git's seven arguments: PATH OLD-FILE OLD-HEX OLD-MODE \
             NEW-FILE NEW-HEX NEW-MODE (nine for a rename); got {n}"
        ),
    }
    // Git runs the command once per file: a blank line between files, as between `--git`'s.
    let counter = std::env::var("GIT_DIFF_PATH_COUNTER").ok();
    if counter
        .and_then(|c| c.parse::<u64>().ok())
        .is_some_and(|c| c > 1)
    {
        super::print_stdout("")?;
    }
    let old_name = git_path(&ops[0]);
    let new_name = ops.get(7).map_or_else(|| old_name.clone(), git_path);
    let header = if old_name == new_name {
        old_name.clone()
    } else {
        format!("{old_name} \u{2192} {new_name}")
    };
    // git hands over /dev/null (mode ".") for the side a new or deleted file lacks.
    let read = |file: &Path, mode: &Path, name: &str| -> anyhow::Result<Version> {
        if file == Path::new("/dev/null") || mode == Path::new(".") {
            return Ok(Version::missing(name));
        }
        source::read_named(file, name)
    };
    let old = read(&ops[1], &ops[3], &old_name)?;
    let new = read(&ops[4], &ops[6], &new_name)?;
    let paint = Paint::new(colour(args.color, true));
    let named = inputs::Candidate {
        path: PathBuf::from(&new_name),
        named: false,
    };
    let parse_error = [("old", &old), ("new", &new)]
        .into_iter()
        .find_map(|(side, v)| {
            v.parse_error
                .as_ref()
                .map(|e| format!("the {side} version: {e}"))
        });
    let state_machine = [&old, &new]
        .iter()
        .filter_map(|v| v.doc.as_ref())
        .any(inputs::looks_like_state_machine);
    if parse_error.is_some() || (!state_machine && !named.required()) {
        // A broken draft in the history is said to be one; other files (GIT_EXTERNAL_DIFF sees
        // them all) get git's own text diff without a word.
        let problem = parse_error.filter(|_| named.required());
        let names = [old_name.as_str(), new_name.as_str()];
        return text_fallback(
            &header,
            problem.as_deref(),
            names,
            [&ops[1], &ops[4]],
            &paint,
        );
    }
    let compared = vec![Compared::new(header, old, new)];
    report(args, &compared, &paint, true)
}

/// As git's external diff, a file that is no workflow or does not parse: the line saying why
/// (`problem`, for a broken workflow), then git's own text diff of the two files, under their
/// names in the repository.
fn text_fallback(
    header: &str,
    problem: Option<&str>,
    names: [&str; 2],
    files: [&Path; 2],
    paint: &Paint,
) -> anyhow::Result<Outcome> {
    if let Some(problem) = problem {
        let line =
            format!("{header}: not compared as a workflow ({problem}); the text diff follows");
        super::print_stdout(&paint.header(&terminal::escaped(&line)))?;
    }
    // git names the files it hands over after temporary folders; copies under a/ and b/ with the
    // repository's names make the text diff's headers read as git's own.
    let folder = tempfile::tempdir().context("cannot make a temporary folder for the text diff")?;
    let mut operands = Vec::new();
    for ((side, name), file) in ["a", "b"].into_iter().zip(names).zip(files) {
        if file == Path::new("/dev/null") {
            operands.push(PathBuf::from("/dev/null"));
            continue;
        }
        let relative = Path::new(side).join(name.trim_start_matches('/'));
        let copy = folder.path().join(&relative);
        if let Some(parent) = copy.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create the folder", parent.display()))?;
        }
        std::fs::copy(file, &copy)
            .with_context(|| format!("{name}: cannot copy the file for the text diff"))?;
        operands.push(relative);
    }
    let colour_flag = if paint.on() {
        "--color=always"
    } else {
        "--color=never"
    };
    let status = std::process::Command::new("git")
        .current_dir(folder.path())
        .args([
            "diff",
            "--no-index",
            "--no-prefix",
            "--no-ext-diff",
            "--no-textconv",
        ])
        .arg(colour_flag)
        .arg("--")
        .args(&operands)
        .status()
        .context("cannot run git to show the text diff")?;
    // `git diff --no-index` exits 1 when the files differ.
    match status.code() {
        Some(0 | 1) => Ok(Outcome::Success),
        _ => bail!("{header}: git could not show the text diff ({status})"),
    }
}

/// `--git REV [PATHS]`: every workflow under PATHS that differs between REV and the working tree.
fn git_mode(args: &Args, rev: &str) -> anyhow::Result<Outcome> {
    let paths: Vec<OsString> = if args.operands.is_empty() {
        vec![OsString::from(".")]
    } else {
        args.operands
            .iter()
            .map(|p| p.clone().into_os_string())
            .collect()
    };
    let repo = source::GitRepo::here()?;
    let changes = repo.changed_files(rev, &paths)?;

    let mut compared = Vec::new();
    let mut skipped = inputs::Skipped::default();
    let mut failed = Vec::new();
    for change in &changes {
        let candidate = inputs::Candidate {
            path: PathBuf::from(&change.path),
            named: false,
        };
        if !source::has_workflow_extension(&candidate.path) {
            continue;
        }
        let old_label = format!("{rev}:{}", change.path);
        let old = if change.in_rev {
            match repo.read_blob(rev, &change.path) {
                Ok(version) => Some(version),
                Err(err) => {
                    failed.push((change.path.clone(), err));
                    continue;
                }
            }
        } else {
            None
        };
        let new = if change.in_worktree {
            match source::read_named(&repo.root.join(&change.path), &change.path) {
                Ok(version) => Some(version),
                Err(err) => {
                    failed.push((change.path.clone(), err));
                    continue;
                }
            }
        } else {
            None
        };
        let sides = [old.as_ref(), new.as_ref()];
        let parse_error = sides.iter().flatten().find_map(|v| v.parse_error.as_ref());
        if let Some(error) = parse_error {
            if candidate.required() {
                failed.push((change.path.clone(), anyhow::anyhow!("{error}")));
            } else {
                skipped.add(&candidate.path, format!("does not parse ({error})"));
            }
            continue;
        }
        let state_machine = sides
            .iter()
            .flatten()
            .filter_map(|v| v.doc.as_ref())
            .any(inputs::looks_like_state_machine);
        if !state_machine && !candidate.required() {
            skipped.add_not_a_state_machine(&candidate.path);
            continue;
        }
        let old = old.unwrap_or_else(|| Version::missing(&old_label));
        let new = new.unwrap_or_else(|| Version::missing(&change.path));
        compared.push(Compared::new(change.path.clone(), old, new));
    }

    let paint = Paint::new(colour(args.color, false));
    let outcome = report(args, &compared, &paint, true)?;
    skipped.list(args.verbose);
    if !skipped.files.is_empty() {
        let n = skipped.files.len();
        eprintln!(
            "{n} {} skipped (not state machines{})",
            plural(n, "file", "files"),
            if args.verbose {
                ""
            } else {
                "; --verbose lists them"
            }
        );
    }
    if !failed.is_empty() {
        for (_, err) in &failed {
            eprintln!(
                "error: {}",
                terminal::escaped_lines(&super::error_message(err))
            );
        }
        let names: Vec<&str> = failed.iter().map(|(p, _)| p.as_str()).collect();
        bail!(
            "{} {} could not be compared: {}",
            failed.len(),
            plural(failed.len(), "file", "files"),
            names.join(", ")
        );
    }
    Ok(outcome)
}
