//! `statecraft fmt`

/// Arguments of `statecraft fmt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to format.
    #[arg(required = true)]
    pub paths: Vec<std::path::PathBuf>,
}

/// Runs `statecraft fmt`.
pub fn execute(_args: Args) -> anyhow::Result<super::Outcome> {
    anyhow::bail!("fmt is being built")
}
