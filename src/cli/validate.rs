//! `statecraft validate`

/// Arguments of `statecraft validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to check.
    #[arg(required = true)]
    pub paths: Vec<std::path::PathBuf>,
}

/// Runs `statecraft validate`.
pub fn execute(_args: Args) -> anyhow::Result<super::Outcome> {
    anyhow::bail!("validate is being built")
}
