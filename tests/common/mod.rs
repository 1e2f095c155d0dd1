//! Helpers shared by the CLI tests: run the built binary in a folder, write its input files, read
//! what it printed.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `statecraft <subcommand> <args>` with `dir` as the working folder.
pub fn run(subcommand: &str, args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .arg(subcommand)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the statecraft binary runs")
}

/// Writes `text` to `dir/name`, creating the folders on the way.
pub fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("the test folder can be created");
    }
    std::fs::write(path, text).expect("the test file can be written");
}

/// What the command printed on stdout.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the command printed on stderr.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
