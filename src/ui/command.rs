//! Every user action as one enum: its label, its shortcut and its menu. Menus, the command palette
//! and keyboard handling all read this table, so an action is named and bound in one place.
//! Widgets push commands to the queue; the app applies them once per frame.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use super::compare::Baseline;
use super::document::DocId;
use super::settings::ThemeChoice;

/// The export formats offered in the File menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// Scalable picture, text kept as text.
    Svg,
    /// Bitmap picture at twice the drawing's size.
    Png,
    /// Mermaid flowchart for markdown.
    Mermaid,
    /// Self-contained HTML page for reviewers.
    Html,
}

impl ExportKind {
    /// Every export, in menu order.
    pub const ALL: [ExportKind; 4] = [
        ExportKind::Svg,
        ExportKind::Png,
        ExportKind::Mermaid,
        ExportKind::Html,
    ];

    /// The file extension written.
    pub fn extension(self) -> &'static str {
        match self {
            ExportKind::Svg => "svg",
            ExportKind::Png => "png",
            ExportKind::Mermaid => "mmd",
            ExportKind::Html => "html",
        }
    }

    /// What the format is called in the menu and the file dialog.
    pub fn title(self) -> &'static str {
        match self {
            ExportKind::Svg => "SVG picture",
            ExportKind::Png => "PNG picture",
            ExportKind::Mermaid => "Mermaid diagram",
            ExportKind::Html => "HTML review page",
        }
    }
}

/// The menus of the menu bar, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// Files, export, quit.
    File,
    /// Undo, redo, find.
    Edit,
    /// Panels, zoom, theme.
    View,
    /// Runs on the simulator: run, stop, step, breakpoints.
    Run,
    /// Shortcuts, about.
    Help,
}

impl Menu {
    /// Every menu, left to right.
    pub const ALL: [Menu; 5] = [Menu::File, Menu::Edit, Menu::View, Menu::Run, Menu::Help];

    /// The menu's title.
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::View => "View",
            Menu::Run => "Run",
            Menu::Help => "Help",
        }
    }
}

/// One user action.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A new, blank workflow in a new tab.
    NewBlank,
    /// A new workflow copied from a bundled template (index into the template list).
    NewFromTemplate(usize),
    /// Choose a bundled template in the gallery (with previews).
    TemplateGallery,
    /// Choose a file to open.
    Open,
    /// Open this file (recent files, drag and drop, the command line).
    OpenPath(PathBuf),
    /// Save the active document (Save As… when it has no file yet).
    Save,
    /// Save the active document to a file chosen in a dialog.
    SaveAs,
    /// Read the active document again from its file.
    Reload,
    /// Close the active tab (asks first when it has unsaved changes).
    CloseTab,
    /// Export the active diagram.
    Export(ExportKind),
    /// Quit Statecraft (asks first about unsaved changes).
    Quit,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Find a state by name.
    Find,
    /// Clear the selection (and close popups).
    ClearSelection,
    /// Select every state.
    SelectAll,
    /// Delete the selected states; their neighbours are reconnected.
    DeleteSelection,
    /// Duplicate the selected states under new names.
    Duplicate,
    /// Rename the selected state (every reference in its scope follows).
    Rename,
    /// Copy the selected states to the clipboard as ASL JSON.
    CopyStates,
    /// Cut the selected states to the clipboard as ASL JSON.
    CutStates,
    /// Add a branch to the selected Parallel state.
    AddBranch,
    /// Open the command palette.
    CommandPalette,
    /// Zoom in around the centre of the canvas.
    ZoomIn,
    /// Zoom out around the centre of the canvas.
    ZoomOut,
    /// Show the drawing at 100%.
    ZoomReset,
    /// Fit the whole drawing in the canvas.
    FitView,
    /// Show or hide the code view.
    ToggleCode,
    /// Show or hide the canvas.
    ToggleCanvas,
    /// Show or hide the problems panel.
    ToggleProblems,
    /// Show or hide the details panel.
    ToggleDetails,
    /// Show the inspector (the selected state's fields as forms) in the side panel.
    ShowInspector,
    /// Show the palette (states and integrations to add) in the side panel.
    ShowPalette,
    /// Collapse or expand the selected Parallel and Map states.
    ToggleCollapse,
    /// Expand every collapsed container.
    ExpandAll,
    /// Use this colour theme.
    Theme(ThemeChoice),
    /// The next tab.
    NextTab,
    /// The previous tab.
    PreviousTab,
    /// Choose a version to compare the workflow with (the saved file, a git revision, a file).
    CompareWith,
    /// Compare the workflow with this version.
    Compare(Baseline),
    /// Compare the workflow with a file chosen in a dialog.
    CompareWithFile,
    /// Show the workflow on its own again.
    StopComparing,
    /// A version read in the background to compare with (git's revision and its text, or why
    /// it could not be read).
    CompareLoaded {
        /// The revision.
        revision: String,
        /// The file's text there, or git's reason.
        text: Result<String, String>,
    },
    /// Runs on the simulator: start, stop, move through, replay.
    Run(RunCommand),
    /// List the keyboard shortcuts.
    Shortcuts,
    /// About Statecraft.
    About,
}

/// The commands of runs: start, stop, move the cursor, breakpoints, replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunCommand {
    /// Run the workflow on the simulator with the Run panel's input and test case.
    Start,
    /// Stop the run (as StopExecution).
    Stop,
    /// Play the run on the canvas, or pause it.
    PlayPause,
    /// Show the run's next event.
    Step,
    /// Show the run up to the next state entered.
    StepOver,
    /// Show the run one event back.
    StepBack,
    /// Show the run before its first event.
    ToStart,
    /// Show the run's newest event.
    ToEnd,
    /// Put a breakpoint on the selected state, or take it away.
    ToggleBreakpoint,
    /// Replay an execution history (AWS's GetExecutionHistory, or `statecraft run`'s JSON).
    OpenRun,
    /// Show the Run panel.
    ShowPanel,
}

impl RunCommand {
    /// Every run command, in menu order.
    pub const ALL: [RunCommand; 11] = [
        RunCommand::Start,
        RunCommand::Stop,
        RunCommand::PlayPause,
        RunCommand::Step,
        RunCommand::StepOver,
        RunCommand::StepBack,
        RunCommand::ToStart,
        RunCommand::ToEnd,
        RunCommand::ToggleBreakpoint,
        RunCommand::ShowPanel,
        RunCommand::OpenRun,
    ];
}

/// Shortcut on the platform's command key (Ctrl, or ⌘ on a Mac).
const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

/// Shortcut on command and shift.
const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(
        Modifiers {
            alt: false,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: true,
        },
        key,
    )
}

/// A shortcut without modifiers (only active while no text field has the keyboard).
const fn bare(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

impl Command {
    /// The commands with no argument, in menu order: what the menus and the palette list.
    pub fn listed() -> Vec<Command> {
        let mut all = vec![
            Command::NewBlank,
            Command::TemplateGallery,
            Command::Open,
            Command::Save,
            Command::SaveAs,
            Command::Reload,
            Command::CloseTab,
        ];
        all.extend(ExportKind::ALL.map(Command::Export));
        all.extend([
            Command::Quit,
            Command::Undo,
            Command::Redo,
            Command::Find,
            Command::SelectAll,
            Command::DeleteSelection,
            Command::Duplicate,
            Command::Rename,
            Command::CopyStates,
            Command::CutStates,
            Command::AddBranch,
            Command::ClearSelection,
            Command::CommandPalette,
            Command::ToggleCanvas,
            Command::ToggleCode,
            Command::ToggleProblems,
            Command::ToggleDetails,
            Command::ShowInspector,
            Command::ShowPalette,
            Command::ToggleCollapse,
            Command::ExpandAll,
            Command::ZoomIn,
            Command::ZoomOut,
            Command::ZoomReset,
            Command::FitView,
            Command::NextTab,
            Command::PreviousTab,
            Command::CompareWith,
            Command::Compare(Baseline::Saved),
            Command::Compare(Baseline::Revision("HEAD".into())),
            Command::CompareWithFile,
            Command::StopComparing,
        ]);
        all.extend(ThemeChoice::ALL.map(Command::Theme));
        all.extend(RunCommand::ALL.map(Command::Run));
        all.extend([Command::Shortcuts, Command::About]);
        all
    }

    /// The label in menus and the palette (sentence case; `…` when a dialog follows).
    pub fn label(&self) -> String {
        match self {
            Command::NewBlank => "New".into(),
            Command::DeleteSelection => "Delete states".into(),
            Command::Duplicate => "Duplicate states".into(),
            Command::Rename => "Rename state…".into(),
            Command::CopyStates => "Copy states".into(),
            Command::CutStates => "Cut states".into(),
            Command::AddBranch => "Add a branch".into(),
            Command::NewFromTemplate(_) => "New from template".into(),
            Command::TemplateGallery => "New from template…".into(),
            Command::Open => "Open…".into(),
            Command::OpenPath(path) => format!("Open {}", path.display()),
            Command::Save => "Save".into(),
            Command::SaveAs => "Save as…".into(),
            Command::Reload => "Reload from disk".into(),
            Command::CloseTab => "Close tab".into(),
            Command::Export(kind) => format!("Export {}…", kind.title()),
            Command::Quit => "Quit".into(),
            Command::Undo => "Undo".into(),
            Command::Redo => "Redo".into(),
            Command::Find => "Find state…".into(),
            Command::ClearSelection => "Clear selection".into(),
            Command::SelectAll => "Select all states".into(),
            Command::CommandPalette => "Command palette…".into(),
            Command::ZoomIn => "Zoom in".into(),
            Command::ZoomOut => "Zoom out".into(),
            Command::ZoomReset => "Actual size (100%)".into(),
            Command::FitView => "Fit to view".into(),
            Command::ToggleCode => "Show code view".into(),
            Command::ToggleCanvas => "Show canvas".into(),
            Command::ToggleProblems => "Show problems".into(),
            Command::ToggleDetails => "Show details".into(),
            Command::ShowInspector => "Edit in the inspector".into(),
            Command::ShowPalette => "Add states from the palette".into(),
            Command::ToggleCollapse => "Collapse or expand selected".into(),
            Command::ExpandAll => "Expand all containers".into(),
            Command::Theme(choice) => format!("Theme: {}", choice.title()),
            Command::NextTab => "Next tab".into(),
            Command::PreviousTab => "Previous tab".into(),
            Command::CompareWith => "Compare with…".into(),
            Command::Compare(Baseline::Saved) => "Compare with the saved file".into(),
            Command::Compare(Baseline::Revision(rev)) => format!("Compare with {rev} (git)"),
            Command::Compare(Baseline::File(path)) => format!("Compare with {}", path.display()),
            Command::CompareWithFile => "Compare with another file…".into(),
            Command::StopComparing => "Stop comparing".into(),
            Command::CompareLoaded { revision, .. } => format!("Compare with {revision} (read)"),
            Command::Run(RunCommand::Start) => "Run".into(),
            Command::Run(RunCommand::Stop) => "Stop the run".into(),
            Command::Run(RunCommand::PlayPause) => "Play or pause".into(),
            Command::Run(RunCommand::Step) => "Step".into(),
            Command::Run(RunCommand::StepOver) => "Step over".into(),
            Command::Run(RunCommand::StepBack) => "Step back".into(),
            Command::Run(RunCommand::ToStart) => "To the start of the run".into(),
            Command::Run(RunCommand::ToEnd) => "To the end of the run".into(),
            Command::Run(RunCommand::ToggleBreakpoint) => "Toggle breakpoint".into(),
            Command::Run(RunCommand::OpenRun) => "Open run…".into(),
            Command::Run(RunCommand::ShowPanel) => "Show the run panel".into(),
            Command::Shortcuts => "Keyboard shortcuts".into(),
            Command::About => "About Statecraft".into(),
        }
    }

    /// A one-line explanation, for tooltips and the palette.
    pub fn description(&self) -> &'static str {
        match self {
            Command::NewBlank => "Start a new workflow in a new tab",
            Command::DeleteSelection => {
                "Delete the selected states; what led to one now goes where it went"
            }
            Command::Duplicate => "Copy the selected states under new names",
            Command::Rename => "Give the selected state a new name; transitions to it follow",
            Command::CopyStates => {
                "Copy the selected states as ASL JSON (paste them here, in another tab or in a text editor)"
            }
            Command::CutStates => "Copy the selected states as ASL JSON and delete them",
            Command::AddBranch => "Add an empty branch to the selected Parallel state",
            Command::NewFromTemplate(_) => "Start a new workflow from a bundled example",
            Command::TemplateGallery => {
                "Pick a bundled workflow (order saga, human approval, ETL, JSONata, Express) to start from"
            }
            Command::Open | Command::OpenPath(_) => "Open an ASL workflow (JSON or YAML)",
            Command::Save => "Write the workflow to its file, exactly as shown in the code view",
            Command::SaveAs => "Write the workflow to a new file",
            Command::Reload => "Replace the workflow with what its file holds now",
            Command::CloseTab => "Close this workflow",
            Command::Export(_) => "Write the diagram as a picture or a review page",
            Command::Quit => "Close Statecraft",
            Command::Undo => "Undo the last change",
            Command::Redo => "Redo the last undone change",
            Command::Find => "Find a state by name, select it and centre it",
            Command::ClearSelection => "Deselect all states",
            Command::SelectAll => "Select every state",
            Command::CommandPalette => "Search every command",
            Command::ZoomIn | Command::ZoomOut => "Zoom around the centre of the canvas",
            Command::ZoomReset => "Show the diagram at its real size",
            Command::FitView => "Show the whole diagram",
            Command::ToggleCode => "The workflow's text, editable",
            Command::ToggleCanvas => "The diagram",
            Command::ToggleProblems => "What validation found, errors first",
            Command::ToggleDetails => "The selected state in plain words",
            Command::ShowInspector => "The selected state's fields as forms, checked as you type",
            Command::ShowPalette => {
                "The state types and AWS integrations: click to add after the selection, or drag onto the canvas"
            }
            Command::ToggleCollapse => "Fold a Parallel or Map state into one box (view only)",
            Command::ExpandAll => "Unfold every folded Parallel and Map state",
            Command::Theme(_) => "Light, dark, or as the system",
            Command::NextTab | Command::PreviousTab => "Switch between open workflows",
            Command::CompareWith => {
                "See what changed since another version: the saved file, a git revision, or another file"
            }
            Command::Compare(Baseline::Saved) => {
                "Colour what changed since the file was last saved; the Changes list names each change"
            }
            Command::Compare(Baseline::Revision(_)) => {
                "Colour what changed since the last commit (git on the PATH reads it); the Changes list names each change"
            }
            Command::Compare(Baseline::File(_)) | Command::CompareWithFile => {
                "Colour what differs from another workflow file; the Changes list names each change"
            }
            Command::StopComparing => "Show the workflow on its own again",
            Command::CompareLoaded { .. } => "A version read from git, compared when it arrives",
            Command::Run(RunCommand::Start) => {
                "Run the workflow on the simulator with the Run panel's input and test case"
            }
            Command::Run(RunCommand::Stop) => "Stop the run, as StopExecution does",
            Command::Run(RunCommand::PlayPause) => "Play the run on the diagram, or pause it",
            Command::Run(RunCommand::Step) => "Show the run's next event",
            Command::Run(RunCommand::StepOver) => "Show the run up to the next state",
            Command::Run(RunCommand::StepBack) => "Show the run one event back",
            Command::Run(RunCommand::ToStart) => "Show the run before its first event",
            Command::Run(RunCommand::ToEnd) => "Show the run's newest event",
            Command::Run(RunCommand::ToggleBreakpoint) => {
                "Playing stops when the run enters the selected state (view only, not in the file)"
            }
            Command::Run(RunCommand::OpenRun) => {
                "Replay an execution history on this workflow: aws stepfunctions get-execution-history output, or statecraft run's JSON"
            }
            Command::Run(RunCommand::ShowPanel) => "Input, mocks and test cases, and the questions a run asks",
            Command::Shortcuts => "Every shortcut in one list",
            Command::About => "Version and licences",
        }
    }

    /// The keyboard shortcut, if the command has one.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        Some(match self {
            Command::NewBlank => cmd(Key::N),
            Command::DeleteSelection => bare(Key::Delete),
            Command::Duplicate => cmd(Key::D),
            Command::Rename => bare(Key::F2),
            Command::TemplateGallery => cmd_shift(Key::N),
            Command::Open => cmd(Key::O),
            Command::Save => cmd(Key::S),
            Command::SaveAs => cmd_shift(Key::S),
            Command::CloseTab => cmd(Key::W),
            Command::Quit => cmd(Key::Q),
            Command::Undo => cmd(Key::Z),
            Command::Redo => cmd_shift(Key::Z),
            Command::Find => cmd(Key::F),
            Command::SelectAll => cmd_shift(Key::A),
            Command::CommandPalette => cmd_shift(Key::P),
            Command::ClearSelection => bare(Key::Escape),
            Command::ZoomIn => cmd(Key::Equals),
            Command::ZoomOut => cmd(Key::Minus),
            Command::ZoomReset => cmd(Key::Num0),
            Command::FitView => bare(Key::F),
            Command::ToggleCode => cmd(Key::E),
            Command::ToggleProblems => cmd(Key::M),
            Command::ToggleDetails => cmd(Key::I),
            Command::ShowInspector => cmd_shift(Key::I),
            Command::ShowPalette => cmd_shift(Key::K),
            Command::ToggleCollapse => bare(Key::C),
            Command::NextTab => KeyboardShortcut::new(Modifiers::CTRL, Key::Tab),
            Command::PreviousTab => KeyboardShortcut::new(
                Modifiers {
                    ctrl: true,
                    shift: true,
                    ..Modifiers::NONE
                },
                Key::Tab,
            ),
            Command::Shortcuts => bare(Key::F1),
            Command::CompareWith => cmd_shift(Key::D),
            Command::Run(RunCommand::Start) => bare(Key::F5),
            Command::Run(RunCommand::Stop) => KeyboardShortcut::new(Modifiers::SHIFT, Key::F5),
            Command::Run(RunCommand::PlayPause) => bare(Key::F6),
            Command::Run(RunCommand::Step) => bare(Key::F11),
            Command::Run(RunCommand::StepOver) => bare(Key::F10),
            Command::Run(RunCommand::StepBack) => KeyboardShortcut::new(Modifiers::SHIFT, Key::F11),
            Command::Run(RunCommand::ToStart) => bare(Key::Home),
            Command::Run(RunCommand::ToEnd) => bare(Key::End),
            Command::Run(RunCommand::ToggleBreakpoint) => bare(Key::F9),
            Command::Run(RunCommand::ShowPanel) => cmd_shift(Key::R),
            _ => return None,
        })
    }

    /// Extra shortcuts that do the same (Ctrl+Y redoes, Ctrl++ zooms in).
    pub fn alternative_shortcuts(&self) -> &'static [KeyboardShortcut] {
        const REDO: [KeyboardShortcut; 1] = [cmd(Key::Y)];
        const ZOOM_IN: [KeyboardShortcut; 1] = [cmd(Key::Plus)];
        match self {
            Command::Redo => &REDO,
            Command::ZoomIn => &ZOOM_IN,
            _ => &[],
        }
    }

    /// True for the results of background work, applied even while a dialog is open (the
    /// dialog may be waiting for them); other commands wait until it closes.
    pub fn is_result(&self) -> bool {
        matches!(self, Command::CompareLoaded { .. })
    }

    /// True for commands on the canvas's selection, whose shortcuts belong to a text field while
    /// one has the keyboard (Ctrl+D there is the field's own).
    pub fn acts_on_the_canvas(&self) -> bool {
        matches!(
            self,
            Command::DeleteSelection
                | Command::Duplicate
                | Command::Rename
                | Command::CopyStates
                | Command::CutStates
        )
    }

    /// True for shortcuts without a modifier, which must not fire while typing (function keys
    /// type nothing, so they fire anywhere: F5 runs from the input editor).
    pub fn is_bare_shortcut(&self) -> bool {
        self.shortcut()
            .is_some_and(|s| s.modifiers == Modifiers::NONE && !is_function_key(s.logical_key))
    }

    /// The menu the command is listed in.
    pub fn menu(&self) -> Menu {
        match self {
            Command::NewBlank
            | Command::NewFromTemplate(_)
            | Command::TemplateGallery
            | Command::Open
            | Command::OpenPath(_)
            | Command::Save
            | Command::SaveAs
            | Command::Reload
            | Command::CloseTab
            | Command::Export(_)
            | Command::Quit => Menu::File,
            Command::Undo
            | Command::Redo
            | Command::Find
            | Command::ClearSelection
            | Command::SelectAll
            | Command::DeleteSelection
            | Command::Duplicate
            | Command::Rename
            | Command::CopyStates
            | Command::CutStates
            | Command::AddBranch
            | Command::CommandPalette => Menu::Edit,
            Command::Shortcuts | Command::About => Menu::Help,
            Command::Run(RunCommand::OpenRun) => Menu::File,
            Command::Run(_) => Menu::Run,
            _ => Menu::View,
        }
    }

    /// The shortcut as text for menus ("Ctrl+S").
    pub fn shortcut_text(&self, ctx: &egui::Context) -> Option<String> {
        self.shortcut().map(|s| ctx.format_shortcut(&s))
    }
}

/// A command and the document it is for (`None`: the active one when it is applied).
#[derive(Debug, Clone, PartialEq)]
pub struct Addressed {
    /// The document it is for.
    pub doc: Option<DocId>,
    /// The command.
    pub command: Command,
}

/// Sends commands to the app from any thread (background jobs), each for its document, so that
/// a job's result reaches the document it was for even after the user switched tabs. Wakes the
/// window when one is sent.
#[derive(Clone)]
pub struct CommandSender {
    sender: Sender<Addressed>,
    wake: Option<super::jobs::Waker>,
}

impl std::fmt::Debug for CommandSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandSender").finish_non_exhaustive()
    }
}

impl CommandSender {
    /// Sends `command` for `doc` (applied at the end of the window's next frame; dropped if the
    /// document was closed meanwhile).
    pub fn send(&self, doc: DocId, command: Command) {
        // The app is gone (quitting): nobody is left to apply it.
        let _ignored = self.sender.send(Addressed {
            doc: Some(doc),
            command,
        });
        if let Some(wake) = &self.wake {
            wake();
        }
    }
}

/// The queue of commands raised during a frame, or sent by background work, applied once a frame
/// by the app.
pub struct CommandQueue {
    pending: Vec<Addressed>,
    sender: Sender<Addressed>,
    inbox: Receiver<Addressed>,
    wake: Option<super::jobs::Waker>,
}

impl std::fmt::Debug for CommandQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandQueue")
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl Default for CommandQueue {
    fn default() -> Self {
        let (sender, inbox) = std::sync::mpsc::channel();
        CommandQueue {
            pending: Vec::new(),
            sender,
            inbox,
            wake: None,
        }
    }
}

impl CommandQueue {
    /// Asks for a command on the active document, at the end of this frame.
    pub fn push(&mut self, command: Command) {
        self.pending.push(Addressed { doc: None, command });
    }

    /// Asks for a command on `doc`, at the end of this frame.
    pub fn push_for(&mut self, doc: DocId, command: Command) {
        self.pending.push(Addressed {
            doc: Some(doc),
            command,
        });
    }

    /// Puts commands back, to apply later (while a dialog is open), before any raised since.
    pub fn defer(&mut self, mut later: Vec<Addressed>) {
        later.append(&mut self.pending);
        self.pending = later;
    }

    /// What wakes the window when background work sends a command.
    pub fn set_waker(&mut self, wake: super::jobs::Waker) {
        self.wake = Some(wake);
    }

    /// A sender for background work.
    pub fn sender(&self) -> CommandSender {
        CommandSender {
            sender: self.sender.clone(),
            wake: self.wake.clone(),
        }
    }

    /// Takes the commands raised or sent so far, in order.
    pub fn drain(&mut self) -> Vec<Addressed> {
        let mut all = std::mem::take(&mut self.pending);
        all.extend(self.inbox.try_iter());
        all
    }

    /// Reads the keyboard: every command whose shortcut was pressed this frame. Bare keys
    /// (F, Escape, C) only count when no text field has the keyboard.
    pub fn read_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.wants_keyboard_input();
        let mut fired = Vec::new();
        ctx.input_mut(|input| {
            // Longer chords first, so Ctrl+Shift+Z is not taken as Ctrl+Z.
            let mut commands = Command::listed();
            commands.sort_by_key(|c| {
                std::cmp::Reverse(c.shortcut().map_or(0, |s| modifier_count(s.modifiers)))
            });
            for command in commands {
                if typing && (command.is_bare_shortcut() || command.acts_on_the_canvas()) {
                    continue;
                }
                let shortcuts = command
                    .shortcut()
                    .into_iter()
                    .chain(command.alternative_shortcuts().iter().copied());
                for shortcut in shortcuts {
                    if input.consume_shortcut(&shortcut) {
                        fired.push(command.clone());
                        break;
                    }
                }
            }
        });
        self.pending.extend(
            fired
                .into_iter()
                .map(|command| Addressed { doc: None, command }),
        );
    }
}

fn is_function_key(key: Key) -> bool {
    matches!(
        key,
        Key::F1
            | Key::F2
            | Key::F3
            | Key::F4
            | Key::F5
            | Key::F6
            | Key::F7
            | Key::F8
            | Key::F9
            | Key::F10
            | Key::F11
            | Key::F12
    )
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.ctrl || m.command || m.mac_cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_command_has_a_label_and_a_menu() {
        for command in Command::listed() {
            assert!(!command.label().is_empty());
            assert!(!command.description().is_empty());
            let _ = command.menu();
        }
    }

    #[test]
    fn shortcuts_are_unique() {
        let mut seen = Vec::new();
        for command in Command::listed() {
            for s in command
                .shortcut()
                .into_iter()
                .chain(command.alternative_shortcuts().iter().copied())
            {
                assert!(
                    !seen.contains(&s),
                    "{:?} reuses a shortcut",
                    command.label()
                );
                seen.push(s);
            }
        }
    }

    #[test]
    fn dialogs_end_with_an_ellipsis() {
        assert!(Command::Open.label().ends_with('…'));
        assert!(Command::SaveAs.label().ends_with('…'));
        assert!(!Command::Save.label().ends_with('…'));
    }
}
