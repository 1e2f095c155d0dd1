//! Native file dialogs (rfd), behind a trait so that tests can answer them.

use std::path::{Path, PathBuf};

/// Asks the user for files.
pub trait FileDialogs {
    /// A workflow file to open.
    fn pick_open(&mut self, folder: Option<&Path>) -> Option<PathBuf>;
    /// Where to save, suggesting `file_name`; `extensions` names the format's extensions.
    fn pick_save(
        &mut self,
        folder: Option<&Path>,
        file_name: &str,
        filter_name: &str,
        extensions: &[&str],
    ) -> Option<PathBuf>;
}

/// The operating system's dialogs.
#[derive(Debug, Default, Clone, Copy)]
pub struct NativeFileDialogs;

impl FileDialogs for NativeFileDialogs {
    fn pick_open(&mut self, folder: Option<&Path>) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title("Open workflow")
            .add_filter("Step Functions workflows", &["json", "asl", "yaml", "yml"])
            .add_filter("All files", &["*"]);
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
        dialog.pick_file()
    }

    fn pick_save(
        &mut self,
        folder: Option<&Path>,
        file_name: &str,
        filter_name: &str,
        extensions: &[&str],
    ) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title("Save")
            .set_file_name(file_name)
            .add_filter(filter_name, extensions);
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
        dialog.save_file()
    }
}
