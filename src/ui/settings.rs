//! What the designer remembers between starts: theme, panels, recent files. The window's size and
//! position are remembered by eframe itself.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The largest run input remembered per file, in bytes.
pub const RUN_INPUT_MAX_BYTES: usize = 64 * 1024;
/// How many files' last run inputs are remembered.
pub const RUN_INPUTS_MAX: usize = 50;

/// How many recent files the File menu lists.
pub const RECENT_FILES_MAX: usize = 10;

/// The colour theme the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system's light or dark setting.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemeChoice {
    /// Every choice, in menu order.
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    /// The choice's name in menus.
    pub fn title(self) -> &'static str {
        match self {
            ThemeChoice::System => "follow the system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }
}

/// What the side panel beside the canvas shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SideTab {
    /// The palette: states and integrations to add.
    Palette,
    /// The inspector: the selected state's fields as forms.
    Inspector,
    /// The details: the selected state in plain words, for reviewers.
    Details,
    /// The selected state's data in the run shown (input, output, stages, variables).
    Run,
    /// What changed since the version the workflow is compared with.
    Changes,
}

/// Settings kept between starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The colour theme.
    pub theme: ThemeChoice,
    /// Whether the canvas is shown.
    pub show_canvas: bool,
    /// Whether the code view is shown.
    pub show_code: bool,
    /// Whether the problems panel is shown.
    pub show_problems: bool,
    /// Whether the details panel is shown.
    pub show_details: bool,
    /// Width of the code view, in points.
    pub code_width: f32,
    /// Width of the details panel, in points.
    pub details_width: f32,
    /// Height of the problems panel, in points.
    pub problems_height: f32,
    /// Recently opened or saved files, most recent first.
    pub recent_files: Vec<PathBuf>,
    /// What the side panel shows: the palette, the inspector or the details.
    pub side_tab: SideTab,
    /// The input last run on each file (the Run panel offers it again).
    pub run_inputs: std::collections::BTreeMap<PathBuf, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            side_tab: SideTab::Details,
            theme: ThemeChoice::System,
            show_canvas: true,
            show_code: true,
            show_problems: true,
            show_details: true,
            code_width: 460.0,
            details_width: 280.0,
            problems_height: 110.0,
            recent_files: Vec::new(),
            run_inputs: std::collections::BTreeMap::new(),
        }
    }
}

impl Settings {
    /// The key under which eframe's storage keeps the settings.
    pub const STORAGE_KEY: &'static str = "statecraft.settings";

    /// Puts `path` first in the recent files (once), keeping at most [`RECENT_FILES_MAX`].
    pub fn remember_file(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(RECENT_FILES_MAX);
    }

    /// Remembers the input last run on `path` (inputs larger than [`RUN_INPUT_MAX_BYTES`] are
    /// not kept; at most [`RUN_INPUTS_MAX`] files are).
    pub fn remember_run_input(&mut self, path: &Path, input: &str) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if input.len() > RUN_INPUT_MAX_BYTES {
            self.run_inputs.remove(&path);
            return;
        }
        self.run_inputs.insert(path.clone(), input.to_owned());
        while self.run_inputs.len() > RUN_INPUTS_MAX {
            // Forget a file that is not the one just run.
            let Some(other) = self.run_inputs.keys().find(|p| **p != path).cloned() else {
                break;
            };
            self.run_inputs.remove(&other);
        }
    }

    /// The input last run on `path`, if one is remembered.
    pub fn run_input(&self, path: &Path) -> Option<&str> {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.run_inputs.get(&path).map(String::as_str)
    }

    /// Loads the settings from eframe's storage (defaults when there are none or they are
    /// unreadable).
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Settings {
        storage
            .and_then(|s| eframe::get_value(s, Self::STORAGE_KEY))
            .unwrap_or_default()
    }

    /// Writes the settings to eframe's storage.
    pub fn store(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Self::STORAGE_KEY, self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_most_recent_first_and_bounded() {
        let mut settings = Settings::default();
        for i in 0..15 {
            settings.remember_file(Path::new(&format!("/nowhere/{i}.asl.json")));
        }
        settings.remember_file(Path::new("/nowhere/3.asl.json"));
        assert_eq!(settings.recent_files.len(), RECENT_FILES_MAX);
        assert_eq!(
            settings.recent_files[0],
            PathBuf::from("/nowhere/3.asl.json")
        );
        assert_eq!(
            settings
                .recent_files
                .iter()
                .filter(|p| p.ends_with("3.asl.json"))
                .count(),
            1
        );
    }
}
