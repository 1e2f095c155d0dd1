//! One module per subcommand. Each `execute` returns an [`Outcome`]; errors are reported once, here.

use std::process::ExitCode;

pub mod callback;
pub mod diff;
pub mod fmt;
pub mod import;
pub mod inputs;
pub mod list;
pub mod publish;
pub mod remote_run;
pub mod render;
pub mod run;
pub mod terminal;
pub mod test;
pub mod validate;

/// How a subcommand ended, mapped to the exit codes every subcommand shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: the command did what was asked and found nothing wrong.
    Success,
    /// Exit 1: the command ran, and what it checked or ran failed (diagnostics, a failed execution).
    Failure,
}

/// Exit 2: bad usage or input that could not be read; the message says what and where.
pub const EXIT_USAGE: u8 = 2;

/// Maps a subcommand's result to the process exit code, printing an error once.
pub fn exit_code(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(err) => {
            eprintln!("error: {}", terminal::escaped_lines(&error_message(&err)));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// An error with its causes, each said once: a cause whose words are already in the message (an
/// OS error that a file error quotes) is not repeated.
pub fn error_message(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// Writes a result to stdout. A reader that stops early (`| head`) is not an error.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(err).context("cannot write to stdout"))
        }
        _ => Ok(()),
    }
}

/// `one` when `n` is 1, else `many`: for counts in summaries ("1 file", "2 files").
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Without a subcommand: open the designer window on `file` (or the bundled example).
pub fn designer(file: Option<std::path::PathBuf>) -> anyhow::Result<Outcome> {
    statecraft::ui::run(file)?;
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_os_error_quoted_by_its_context_is_said_once() {
        let os = std::io::Error::from_raw_os_error(13);
        let shown = os.to_string();
        let err = anyhow::Error::new(std::io::Error::from_raw_os_error(13))
            .context(format!("x.json: cannot read the file: {shown}"));
        assert_eq!(
            error_message(&err),
            format!("x.json: cannot read the file: {shown}")
        );
        let err = anyhow::Error::new(os).context("x.json: cannot read the file");
        assert_eq!(
            error_message(&err),
            format!("x.json: cannot read the file: {shown}")
        );
    }
}
