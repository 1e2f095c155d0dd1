//! The app: lays out the panels each frame, reads shortcuts, drains the command queue and applies
//! each command in one place. Document changes happen only in [`App::apply`] and through the
//! code view's typing; everything else reports.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui::{self, Align, Layout, RichText, Ui, ViewportCommand};
use statecraft_asl::edit::Edit;
use statecraft_asl::graph::NodeId;
use statecraft_asl::Format;
use statecraft_export::{display_list, Diagram, DisplayList, DisplayOptions, RunOverlay, Theme};

mod compare;
mod drop;
mod gallery;
mod gestures;
mod lifecycle;
mod menus;
mod modals;
mod runs;
mod tests;

pub use runs::BottomTab;

use super::canvas::{self, canvas_ui, CanvasInput, ZOOM_STEP};
use super::command::{Addressed, Command, CommandQueue};
use super::dialogs::FileDialogs;
use super::document::{DocId, OpenDocument};
use super::files::{self, FileWatcher, FoundRecovery, OpenError};
use super::panels::code::{code_view_ui, state_text_range};
use super::panels::details::details_ui;
use super::panels::find::find_states;
use super::panels::inspector::{inspector_ui, Change};
use super::panels::palette::{palette_ui, PaletteAction};
use super::settings::{Settings, SideTab};
use super::templates::{BLANK, TEMPLATES};
use super::theme;

/// Seconds between writes of recovery files while a document has unsaved changes.
const AUTOSAVE_SECS: f64 = 3.0;
/// How long the dot travels along the transition a run just took, in seconds.
const TRAVEL_SECS: f64 = 0.45;
/// How long a status message stays, in seconds.
const STATUS_SECS: f64 = 6.0;

/// How the app starts.
pub struct AppOptions {
    /// The folder for recovery files (`None`: no recovery).
    pub data_dir: Option<PathBuf>,
    /// Files to open.
    pub open: Vec<PathBuf>,
    /// Open the bundled example when no file is given and nothing is recovered.
    pub open_example_when_empty: bool,
    /// Watch open files for changes made by others.
    pub watch_files: bool,
    /// How to ask for file names.
    pub dialogs: Box<dyn FileDialogs>,
    /// Run background jobs (simulator runs) inside the frame instead of on threads (tests).
    pub inline_jobs: bool,
}

impl std::fmt::Debug for AppOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppOptions")
            .field("data_dir", &self.data_dir)
            .field("open", &self.open)
            .field("open_example_when_empty", &self.open_example_when_empty)
            .field("watch_files", &self.watch_files)
            .finish_non_exhaustive()
    }
}

/// What a modal dialog is asking or telling.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// Something went wrong: title and text.
    Message {
        /// The dialog's title.
        title: String,
        /// What happened, and what to do.
        text: String,
    },
    /// A file could not be opened as a workflow.
    OpenFailed(OpenError),
    /// A document with unsaved changes is about to close.
    Unsaved {
        /// The document.
        doc: DocId,
        /// Whether the whole app is quitting.
        quitting: bool,
    },
    /// The file of an edited document changed on disk.
    ExternalChange(DocId),
    /// Recovery files were left by a run that did not end cleanly.
    Recover(Vec<FoundRecovery>),
    /// Saving text that does not parse.
    SaveBroken {
        /// The document.
        doc: DocId,
        /// Where it goes.
        path: PathBuf,
    },
    /// Every shortcut.
    Shortcuts,
    /// Version and licences.
    About,
    /// Renaming a state: the document, the state's pointer, the name typed so far, and why the
    /// last name tried was refused.
    Rename {
        /// The document.
        doc: DocId,
        /// The state's JSON pointer.
        pointer: String,
        /// The name in the field.
        name: String,
        /// Why the name was refused, once tried.
        error: Option<String>,
    },
    /// Choosing the version to compare a document with: the revision typed so far, and why the
    /// last choice could not be compared.
    Compare {
        /// The document.
        doc: DocId,
        /// The git revision in the field.
        revision: String,
        /// Why the last choice failed, once tried.
        error: Option<String>,
        /// Put the keyboard in the revision field (as the dialog opens: Enter compares with
        /// HEAD).
        focus: bool,
    },
    /// The template gallery, with the highlighted template.
    TemplateGallery {
        /// Index into the template list.
        chosen: usize,
    },
}

impl Modal {
    /// The dialog's title (tests look for it).
    pub fn title(&self) -> String {
        match self {
            Modal::Message { title, .. } => title.clone(),
            Modal::OpenFailed(_) => "Cannot open the file".into(),
            Modal::Unsaved { .. } => "Unsaved changes".into(),
            Modal::ExternalChange(_) => "Changed on disk".into(),
            Modal::Recover(_) => "Recover unsaved work".into(),
            Modal::SaveBroken { .. } => "Save text that does not parse?".into(),
            Modal::Shortcuts => "Keyboard shortcuts".into(),
            Modal::About => "About Statecraft".into(),
            Modal::TemplateGallery { .. } => "New from template".into(),
            Modal::Rename { .. } => "Rename state".into(),
            Modal::Compare { .. } => "Compare with".into(),
        }
    }
}

/// The find popup's state.
#[derive(Debug, Default)]
struct FindState {
    query: String,
    chosen: usize,
}

/// The command palette's state.
#[derive(Debug, Default)]
struct PaletteState {
    query: String,
    chosen: usize,
}

/// What a document's canvas draws: the document, a run at its cursor, or a comparison.
#[derive(Debug, Clone, PartialEq)]
enum Drawn {
    /// The document itself, at this layout generation.
    Document(u64),
    /// A run: its serial, its cursor and the Map iteration picked.
    Run(u64, usize, Option<statecraft_export::IterationPath>),
    /// A comparison (its diagram is new whenever it changes).
    Compare,
    /// The document with its tests' coverage, at this layout generation.
    Coverage(u64),
}

/// The display list drawn for a document, kept until its diagram or the theme changes.
#[derive(Debug)]
struct DisplayCache {
    diagram: Arc<Diagram>,
    drawn: Drawn,
    theme: Theme,
    list: Arc<DisplayList>,
}

/// The designer.
pub struct App {
    settings: Settings,
    docs: Vec<OpenDocument>,
    active: usize,
    next_id: u64,
    commands: CommandQueue,
    modal: Option<Modal>,
    find: Option<FindState>,
    palette: Option<PaletteState>,
    watcher: Option<FileWatcher>,
    watch_files: bool,
    started: bool,
    data_dir: Option<PathBuf>,
    dialogs: Box<dyn FileDialogs>,
    display: HashMap<DocId, DisplayCache>,
    /// The state palette's search and highlighted entry.
    state_palette: super::panels::palette::PaletteState,
    /// The palette entry being dragged onto the canvas.
    palette_drag: Option<drop::Dragged>,
    /// The template gallery's pictures, by template and theme.
    template_previews: HashMap<(usize, Theme), Result<Arc<gallery::Preview>, String>>,
    last_autosave_secs: f64,
    /// A passing message for the status bar, and when it was first shown.
    status: Option<(String, Option<f64>)>,
    title: String,
    close_confirmed: bool,
    canvas_rect: Option<egui::Rect>,
    /// Where background jobs run.
    executor: crate::ui::jobs::Executor,
    inline_jobs: bool,
    /// Counts the runs started, to tell them apart.
    run_serial: u64,
    /// What the bottom panel shows.
    bottom_tab: BottomTab,
    /// What background work reported.
    notifications: crate::ui::notifications::Notifications,
    /// The run cursor last drawn (run serial, cursor) and when it moved there, in UI seconds.
    cursor_moved: Option<((u64, usize), f64)>,
    /// A git revision being read to compare a document with.
    compare_read: Option<compare::PendingRead>,
    /// The last recovery write failed (said once until one works again).
    recovery_failing: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("docs", &self.docs.len())
            .field("active", &self.active)
            .field("modal", &self.modal)
            .finish_non_exhaustive()
    }
}

impl App {
    /// Builds the app: remembered settings, the files to open, leftover recovery. Fonts, theme
    /// and the file watcher are set up on the first frame, on the context that draws it.
    pub fn new(storage: Option<&dyn eframe::Storage>, options: AppOptions) -> App {
        let settings = Settings::load(storage);
        let mut app = App {
            settings,
            docs: Vec::new(),
            active: 0,
            next_id: 1,
            commands: CommandQueue::default(),
            modal: None,
            find: None,
            palette: None,
            watcher: None,
            watch_files: options.watch_files,
            started: false,
            data_dir: options.data_dir,
            dialogs: options.dialogs,
            display: HashMap::new(),
            template_previews: HashMap::new(),
            state_palette: Default::default(),
            palette_drag: None,
            last_autosave_secs: 0.0,
            status: None,
            title: String::new(),
            close_confirmed: false,
            canvas_rect: None,
            executor: crate::ui::jobs::Executor::Inline,
            inline_jobs: options.inline_jobs,
            run_serial: 0,
            bottom_tab: BottomTab::default(),
            notifications: Default::default(),
            cursor_moved: None,
            compare_read: None,
            recovery_failing: false,
        };
        for path in &options.open {
            app.open_path(path);
        }
        let leftovers = app
            .data_dir
            .as_deref()
            .map(files::leftover_recoveries)
            .unwrap_or_default();
        if !leftovers.is_empty() {
            app.modal = Some(Modal::Recover(leftovers));
        } else if app.docs.is_empty() && options.open_example_when_empty && options.open.is_empty()
        {
            app.open_example();
        }
        app
    }

    // ----- Queries (for the window title, the status bar and tests) -----

    /// Where the canvas was drawn last frame, in screen points.
    pub fn canvas_rect(&self) -> Option<egui::Rect> {
        self.canvas_rect
    }

    /// The open documents, in tab order.
    pub fn documents(&self) -> &[OpenDocument] {
        &self.docs
    }

    /// The active document.
    pub fn active_document(&self) -> Option<&OpenDocument> {
        self.docs.get(self.active)
    }

    /// The active document, to change its view state (tests select states this way too).
    pub fn active_document_mut(&mut self) -> Option<&mut OpenDocument> {
        self.docs.get_mut(self.active)
    }

    /// The dialog shown now, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    /// The settings (remembered between starts).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// What the bottom panel shows.
    pub fn bottom_tab(&self) -> BottomTab {
        self.bottom_tab
    }

    /// What background work reported (runs that ended, mocks kept), newest last.
    pub fn notifications(&self) -> &crate::ui::notifications::Notifications {
        &self.notifications
    }

    /// Records a notification and shows it in the status bar.
    fn notify(
        &mut self,
        kind: crate::ui::notifications::NoticeKind,
        doc: Option<DocId>,
        text: String,
    ) {
        self.set_status(text.clone());
        self.notifications.push(kind, doc, text);
    }

    /// Asks for a command, applied at the end of the next frame.
    pub fn push_command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// A sender of commands for background work (any thread): each reaches its document.
    pub fn command_sender(&self) -> crate::ui::command::CommandSender {
        self.commands.sender()
    }

    /// The window title: file name, unsaved marker, "Statecraft".
    pub fn window_title(&self) -> String {
        match self.active_document() {
            Some(doc) => format!(
                "{}{} \u{2014} Statecraft",
                if doc.is_dirty() { "\u{25cf} " } else { "" },
                doc.title()
            ),
            None => "Statecraft".to_owned(),
        }
    }

    // ----- The frame -----

    /// Draws one frame and applies the commands it raised.
    pub fn ui(&mut self, ctx: &egui::Context) {
        if !self.started {
            // Fonts set now are bound from the next frame on: this one only sets up.
            self.start(ctx);
            ctx.request_repaint();
            return;
        }
        // An open dialog takes the keyboard (Enter, Escape, arrows): no shortcut fires under it.
        // An open menu takes the keyboard too: Escape closes it (egui does), not the selection.
        if self.modal.is_none() && !egui::Popup::is_any_open(ctx) {
            self.palette_drag_escape(ctx);
            self.commands.read_shortcuts(ctx);
            self.clipboard_events(ctx);
        }
        self.dropped_files(ctx);
        self.notice_disk_changes();
        self.drive_runs(ctx);
        self.drive_compare_read();
        self.drive_tests();
        self.menu_bar_ui(ctx);
        self.tabs_ui(ctx);
        self.status_bar_ui(ctx);
        let diagram_theme = theme::diagram_theme(ctx);
        if self.settings.show_problems && !self.docs.is_empty() {
            // The run's tabs need room for their forms and tables.
            let min_height = if self.bottom_tab == BottomTab::Problems {
                60.0
            } else {
                230.0
            };
            egui::TopBottomPanel::bottom("problems")
                .resizable(true)
                .default_height(self.settings.problems_height)
                .min_height(min_height)
                .show(ctx, |ui| {
                    self.settings.problems_height = ui.available_height();
                    self.bottom_panel_ui(ui, diagram_theme);
                });
        }
        if self.settings.show_details && !self.docs.is_empty() {
            egui::SidePanel::left("details")
                .resizable(true)
                .default_width(self.settings.details_width)
                .width_range(180.0..=520.0)
                .show(ctx, |ui| {
                    self.settings.details_width = ui.available_width();
                    ui.horizontal(|ui| {
                        for (tab, label, hint) in [
                            (
                                SideTab::Palette,
                                "Palette",
                                "States and integrations to add (Ctrl+Shift+K)",
                            ),
                            (
                                SideTab::Inspector,
                                "Inspector",
                                "Edit the selected state's fields (Ctrl+Shift+I)",
                            ),
                            (
                                SideTab::Details,
                                "Details",
                                "The selected state in plain words (Ctrl+I)",
                            ),
                            (
                                SideTab::Run,
                                "Run",
                                "The selected state's data in the run: input, output, stages, variables",
                            ),
                            (
                                SideTab::Changes,
                                "Changes",
                                "What changed since the version compared with (View > Compare with…, Ctrl+Shift+D)",
                            ),
                        ] {
                            if ui
                                .selectable_label(self.settings.side_tab == tab, label)
                                .on_hover_text(hint)
                                .clicked()
                            {
                                self.settings.side_tab = tab;
                            }
                        }
                    });
                    ui.separator();
                    match self.settings.side_tab {
                        SideTab::Palette => match palette_ui(ui, &mut self.state_palette) {
                            Some(PaletteAction::Insert(entry)) => {
                                self.insert_after_selection(entry)
                            }
                            Some(PaletteAction::Drag(entry)) => {
                                self.palette_drag = Some(drop::Dragged::Entry(entry));
                            }
                            None => {}
                        },
                        SideTab::Details => {
                            if let Some(doc) = self.docs.get(self.active) {
                                details_ui(ui, doc);
                            }
                        }
                        SideTab::Run => self.side_run_ui(ui),
                        SideTab::Changes => self.changes_tab_ui(ui, diagram_theme),
                        SideTab::Inspector => {
                            if self.compare_inspector_ui(ui, diagram_theme) {
                                return;
                            }
                            let Some(doc) = self.docs.get_mut(self.active) else {
                                return;
                            };
                            let mut buffers = std::mem::take(&mut doc.view.inspector);
                            let change = inspector_ui(ui, doc, &mut buffers);
                            doc.view.inspector = buffers;
                            match change {
                                Some(Change::Edit(edit)) => self.apply_edit(&edit),
                                Some(Change::Gesture(result)) => self.apply_gesture(result),
                                None => {}
                            }
                        }
                    }
                });
        }
        let code_in_side_panel = self.settings.show_code && self.settings.show_canvas;
        if code_in_side_panel && !self.docs.is_empty() {
            egui::SidePanel::right("code")
                .resizable(true)
                .default_width(self.settings.code_width)
                .width_range(220.0..=1400.0)
                .show(ctx, |ui| {
                    self.settings.code_width = ui.available_width();
                    self.code_ui(ui, diagram_theme);
                });
        }
        let background = self.active_display(diagram_theme).map(|d| d.background);
        let frame = egui::Frame::central_panel(&ctx.style()).fill(
            background
                .filter(|_| self.settings.show_canvas)
                .map_or(ctx.style().visuals.panel_fill, canvas::paint::colour),
        );
        egui::CentralPanel::default().frame(frame).show(ctx, |ui| {
            if self.docs.is_empty() {
                self.start_page_ui(ui);
            } else if self.settings.show_canvas {
                self.canvas_panel_ui(ui, diagram_theme);
            } else if self.settings.show_code {
                self.code_ui(ui, diagram_theme);
            } else {
                ui.centered_and_justified(|ui| {
                    ui.label("The canvas and the code view are hidden. View > Show canvas (or Ctrl+E for the code).");
                });
            }
        });
        self.find_ui(ctx);
        self.palette_ui(ctx);
        self.modal_ui(ctx);
        self.palette_drag_ui(ctx);
        // Commands wait while a dialog is open (background work may send some): none is lost.
        let mut deferred = Vec::new();
        for addressed in self.commands.drain() {
            let waits = addressed.command != Command::Quit && !addressed.command.is_result();
            if self.modal.is_some() && waits {
                deferred.push(addressed);
                continue;
            }
            self.apply_addressed(ctx, addressed);
        }
        self.commands.defer(deferred);
        if let Some(doc) = self.docs.get_mut(self.active) {
            doc.relayout_if_collapsed_changed();
        }
        self.autosave(ctx);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// First frame: fonts, theme, and the watcher (which wakes this context on a change).
    fn start(&mut self, ctx: &egui::Context) {
        self.started = true;
        if !self.inline_jobs {
            let wake = ctx.clone();
            self.executor =
                crate::ui::jobs::Executor::Threads(Arc::new(move || wake.request_repaint()));
        }
        let wake = ctx.clone();
        self.commands
            .set_waker(Arc::new(move || wake.request_repaint()));
        theme::install_fonts(ctx);
        theme::apply_theme_choice(ctx, self.settings.theme);
        if self.watch_files {
            let wake = ctx.clone();
            let watcher = FileWatcher::new(move || wake.request_repaint());
            if let Some(why) = watcher.error.clone() {
                self.notify(
                    crate::ui::notifications::NoticeKind::Problem,
                    None,
                    format!(
                        "Changes other programs make to open files will not be noticed: the file watcher could not start ({why})."
                    ),
                );
            }
            self.watcher = Some(watcher);
            self.watch_open_files();
        }
    }

    fn active_display(&mut self, theme: Theme) -> Option<Arc<DisplayList>> {
        let coverage = self.coverage_marks();
        let doc = self.docs.get_mut(self.active)?;
        // A comparison is drawn on its merged graph, a run on the drawing it ran on; otherwise
        // the document's own.
        let compared = doc.refresh_compare().and_then(|shown| {
            let diagram = shown.diagram.as_ref().ok()?.clone();
            Some((diagram, shown.view.clone()))
        });
        let (diagram, drawn, overlay, compare) = match (compared, &mut doc.run) {
            (Some((diagram, view)), _) => (diagram, Drawn::Compare, None, Some(view)),
            (None, Some(run)) => {
                let (serial, cursor, iteration) = run.display_key();
                (
                    run.diagram.clone(),
                    Drawn::Run(serial, cursor, iteration),
                    Some(run.overlay()),
                    None,
                )
            }
            (None, None) => (
                doc.analysis.diagram.clone()?,
                match coverage {
                    Some(_) => Drawn::Coverage(doc.analysis.layout_generation),
                    None => Drawn::Document(doc.analysis.layout_generation),
                },
                None,
                None,
            ),
        };
        if let Some(cache) = self.display.get_mut(&doc.id) {
            // The display list depends only on the drawn nodes and edges (a new graph whose
            // layout was kept draws the same), on the run at its cursor, and on the comparison.
            let same = cache.drawn == drawn
                && (Arc::ptr_eq(&cache.diagram, &diagram)
                    || matches!(drawn, Drawn::Document(_) | Drawn::Coverage(_)));
            if same && cache.theme == theme {
                cache.diagram = diagram;
                return Some(cache.list.clone());
            }
        }
        let run_marks = overlay.as_deref().map(RunOverlay::marks);
        let marks = compare
            .as_ref()
            .map(|view| &view.marks)
            .or(run_marks.as_ref())
            .or(coverage.as_deref());
        let list = Arc::new(display_list(&diagram, &DisplayOptions { marks, theme }));
        self.display.insert(
            doc.id,
            DisplayCache {
                diagram,
                drawn,
                theme,
                list: list.clone(),
            },
        );
        Some(list)
    }

    fn canvas_panel_ui(&mut self, ui: &mut Ui, diagram_theme: Theme) {
        let Some(display) = self.active_display(diagram_theme) else {
            let text = self
                .active_document()
                .and_then(|d| d.analysis.parse_problem.as_ref())
                .map(|p| {
                    format!(
                        "Nothing to draw yet: the text does not parse ({}: {}).",
                        p.position, p.message
                    )
                })
                .unwrap_or_else(|| "Nothing to draw.".to_owned());
            canvas::paint::empty_message(
                ui.painter(),
                ui.max_rect(),
                &text,
                ui.visuals().weak_text_color(),
            );
            return;
        };
        let accent = theme::accent(diagram_theme);
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        if doc.compare.is_some() {
            self.compare_bar_ui(ui);
        } else if let Some(run) = &doc.run {
            let stale = doc.run_is_stale();
            let action = egui::Frame::new()
                .inner_margin(egui::Margin::symmetric(8, 4))
                .fill(ui.visuals().panel_fill)
                .show(ui, |ui| super::panels::run::transport_ui(ui, run, stale))
                .inner;
            if let Some(action) = action {
                self.apply_run_action(action);
            }
        }
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        let compared = doc
            .compare
            .as_ref()
            .and_then(|c| c.shown())
            .and_then(|s| s.diagram.as_ref().ok().cloned());
        let comparing = compared.is_some();
        let diagram = match (compared, &doc.run) {
            (Some(diagram), _) => diagram,
            (None, Some(run)) => run.diagram.clone(),
            (None, None) => match doc.analysis.diagram.clone() {
                Some(diagram) => diagram,
                None => return,
            },
        };
        let stale = doc.analysis.parse_problem.is_some();
        let now = ui.input(|i| i.time);
        let run_overlay = doc.run.as_mut().filter(|_| !comparing).map(|r| r.overlay());
        let waiting: Vec<NodeId> = doc
            .run
            .as_ref()
            .map(|run| {
                // The engine names each waiting task's state by its pointer in the graph.
                run.prompts()
                    .iter()
                    .map(|task| NodeId::state(task.pointer.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let pulse = doc
            .run
            .as_ref()
            .and_then(|r| r.waiting_since)
            .map_or(1.0, |since| {
                let t = now - since;
                if t < 6.0 {
                    (0.5 + 0.5 * (t * std::f64::consts::TAU / 1.2).cos()) as f32
                } else {
                    1.0
                }
            });
        // The transition just taken is travelled by a dot for a moment after the cursor moves.
        let travel = doc.run.as_ref().and_then(|run| {
            let key = (run.serial, run.cursor);
            let since = match self.cursor_moved {
                Some((known, at)) if known == key => at,
                _ => {
                    self.cursor_moved = Some((key, now));
                    now
                }
            };
            let progress = ((now - since) / TRAVEL_SECS) as f32;
            (progress < 1.0).then(|| {
                ui.ctx().request_repaint();
                progress
            })
        });
        let output = canvas_ui(
            ui,
            &mut doc.view,
            &CanvasInput {
                diagram: &diagram,
                display: &display,
                stale,
                accent,
                dragging: self.palette_drag.is_some(),
                run: run_overlay.as_deref().map(|overlay| canvas::CanvasRun {
                    overlay,
                    waiting: &waiting,
                    pulse,
                    travel,
                }),
            },
        );
        self.canvas_rect = output.rect;
        // What a comparison adds (ghosts of removed states, removed arrows) is only shown.
        let in_document = |id: &NodeId| doc.graph().is_some_and(|g| g.node(id).is_some());
        let mut output = output;
        if comparing {
            let ghost_dragged = output
                .drag_state
                .as_ref()
                .is_some_and(|id| !in_document(id));
            let ghost_renamed = output.rename.as_ref().is_some_and(|id| !in_document(id));
            let removed_arrow = output
                .drag_edge
                .as_ref()
                .is_some_and(|edge| doc.graph().is_none_or(|g| !g.edges.contains(edge)));
            if ghost_dragged || ghost_renamed || removed_arrow {
                output.drag_state = None;
                output.rename = None;
                output.drag_edge = None;
                self.status = Some((
                    "A removed state or transition is only shown for the comparison: it is not in this version.".into(),
                    None,
                ));
            }
        }
        if let Some(pointer) = output.drag_state.as_ref().and_then(|id| id.state_pointer()) {
            self.palette_drag = Some(drop::Dragged::State(pointer.to_owned()));
        }
        if let Some(edge) = output.drag_edge {
            self.palette_drag = Some(drop::Dragged::Arrow(edge));
        }
        if output.rename.is_some() {
            self.commands.push(Command::Rename);
        }
        if let (Some(problem), Some(rect)) = (&doc.analysis.parse_problem, output.rect) {
            let (fill, ink) = theme::banner_colours(diagram_theme);
            let text = format!(
                "The text does not parse at line {}, column {}: {}. The drawing is the last one that did; your text is kept as typed.",
                problem.position.line, problem.position.column, problem.message
            );
            let area = egui::Rect::from_min_size(
                rect.min + egui::vec2(8.0, 8.0),
                egui::vec2((rect.width() - 16.0).max(50.0), 0.0),
            );
            ui.scope_builder(egui::UiBuilder::new().max_rect(area), |ui| {
                egui::Frame::new()
                    .fill(fill)
                    .corner_radius(6)
                    .inner_margin(8)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.add(egui::Label::new(RichText::new(text).color(ink)).wrap());
                    });
            });
        }
        if output.selection_changed && doc.view.selection.len() == 1 {
            if let Some(id) = doc.view.selection.iter().next().cloned() {
                doc.view.code_reveal = state_text_range(doc, &id);
            }
        }
    }

    fn code_ui(&mut self, ui: &mut Ui, diagram_theme: Theme) {
        let palette = theme::code_palette(diagram_theme);
        let now = ui.input(|i| i.time);
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        ui.horizontal(|ui| {
            ui.strong("Code");
            ui.label(
                RichText::new(match doc.format {
                    Format::Json => "JSON",
                    Format::Yaml => "YAML",
                })
                .weak(),
            );
        });
        let output = code_view_ui(ui, doc, &palette);
        if let Some(typed) = output.typed {
            let before = super::history::Snapshot {
                text: typed.before,
                selection: doc.view.selection.clone(),
            };
            doc.reanalyse();
            if let Some(id) = doc.state_at_offset(typed.cursor_after) {
                doc.view.selection = std::collections::BTreeSet::from([id]);
            }
            let after = doc.snapshot();
            doc.history
                .record_typing(before, after, typed.cursor_before, typed.cursor_after, now);
        } else if let Some(offset) = output.cursor_moved_to {
            doc.history.end_typing();
            if let Some(id) = doc.state_at_offset(offset) {
                if doc.view.selection.len() != 1 || !doc.view.selection.contains(&id) {
                    doc.view.selection = std::collections::BTreeSet::from([id.clone()]);
                    let visible = self
                        .canvas_rect
                        .zip(doc.graph().and_then(|g| g.node(&id)).map(|_| ()))
                        .is_some_and(|(rect, ())| {
                            doc.analysis
                                .diagram
                                .as_ref()
                                .and_then(|d| d.node(&id))
                                .is_some_and(|n| {
                                    let r = canvas::paint::diagram_rect(&n.rect);
                                    rect.contains_rect(doc.view.camera.rect_to_screen(rect, r))
                                })
                        });
                    if !visible {
                        doc.view.centre_on = Some(id);
                    }
                }
            }
        }
    }

    fn start_page_ui(&mut self, ui: &mut Ui) {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.25);
            ui.heading("Statecraft");
            ui.label("Design, check and run AWS Step Functions workflows.");
            ui.add_space(12.0);
            for command in [Command::NewBlank, Command::Open] {
                if ui
                    .button(command.label())
                    .on_hover_text(command.description())
                    .clicked()
                {
                    self.commands.push(command);
                }
            }
            for (index, template) in TEMPLATES.iter().enumerate() {
                if ui
                    .button(format!("New from template: {}", template.title))
                    .on_hover_text(template.description)
                    .clicked()
                {
                    self.commands.push(Command::NewFromTemplate(index));
                }
            }
            if !self.settings.recent_files.is_empty() {
                ui.add_space(12.0);
                ui.strong("Recent files");
                for path in self.settings.recent_files.clone() {
                    if ui.link(path.display().to_string()).clicked() {
                        self.commands.push(Command::OpenPath(path));
                    }
                }
            }
        });
    }

    fn find_ui(&mut self, ctx: &egui::Context) {
        let Some(find) = self.find.as_mut() else {
            return;
        };
        let Some(doc) = self.docs.get_mut(self.active) else {
            self.find = None;
            return;
        };
        let Some(graph) = doc.graph() else {
            self.find = None;
            return;
        };
        let found = find_states(graph, &find.query);
        let mut close = false;
        let mut pick: Option<NodeId> = None;
        popup_window("Find state", ctx, |ui| {
            let (
                input,
                PopupKeys {
                    down,
                    up,
                    enter,
                    escape,
                },
            ) = popup_input(
                ui,
                &mut find.query,
                "State name (letters in order are enough)",
                "Find state name",
            );
            find.chosen = choose(find.chosen, found.len(), input.changed(), down, up);
            if found.is_empty() {
                ui.label(RichText::new("No state matches").weak());
            }
            for (index, (id, name)) in found.iter().take(12).enumerate() {
                if ui.selectable_label(index == find.chosen, name).clicked() {
                    pick = Some(id.clone());
                }
            }
            if enter {
                pick = found.get(find.chosen).map(|(id, _)| id.clone());
            }
            close = escape;
        });
        if let Some(id) = pick {
            doc.view.selection = std::collections::BTreeSet::from([id.clone()]);
            doc.view.code_reveal = state_text_range(doc, &id);
            doc.view.centre_on = Some(id);
            close = true;
        }
        if close {
            self.find = None;
        }
    }

    fn palette_ui(&mut self, ctx: &egui::Context) {
        let Some(palette) = self.palette.as_mut() else {
            return;
        };
        let query = palette.query.to_lowercase();
        let mut matches: Vec<(usize, Command)> = Command::listed()
            .into_iter()
            .filter_map(|c| {
                let label = c.label().to_lowercase();
                let description = c.description().to_lowercase();
                let mut in_label = 0;
                for word in query.split_whitespace() {
                    if label.contains(word) {
                        in_label += 1;
                    } else if !description.contains(word) {
                        return None;
                    }
                }
                Some((in_label, c))
            })
            .collect();
        // Words found in the name rank first ("theme light" is Theme: Light, though every
        // theme's description says "light").
        matches.sort_by_key(|(in_label, _)| std::cmp::Reverse(*in_label));
        let matches: Vec<Command> = matches.into_iter().map(|(_, c)| c).collect();
        let mut run: Option<Command> = None;
        let mut close = false;
        popup_window("Command palette", ctx, |ui| {
            let (
                input,
                PopupKeys {
                    down,
                    up,
                    enter,
                    escape,
                },
            ) = popup_input(ui, &mut palette.query, "Type a command", "Command to run");
            palette.chosen = choose(palette.chosen, matches.len(), input.changed(), down, up);
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (index, command) in matches.iter().enumerate() {
                        ui.horizontal(|ui| {
                            let row = ui.selectable_label(index == palette.chosen, command.label());
                            if index == palette.chosen && (down || up) {
                                row.scroll_to_me(None);
                            }
                            if row.on_hover_text(command.description()).clicked() {
                                run = Some(command.clone());
                            }
                            if let Some(shortcut) = command.shortcut_text(ui.ctx()) {
                                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                                    ui.label(RichText::new(shortcut).weak());
                                });
                            }
                        });
                    }
                });
            if enter {
                run = matches.get(palette.chosen).cloned();
            }
            close = escape;
        });
        if let Some(command) = run {
            self.commands.push(command);
            close = true;
        }
        if close {
            self.palette = None;
        }
    }

    // ----- Applying commands: the one place that changes documents -----

    /// Applies a command on the document it is for: the active one, or the one named (made
    /// active while it applies, then the user's tab again; dropped when that document closed).
    pub fn apply_addressed(&mut self, ctx: &egui::Context, addressed: Addressed) {
        let Some(target) = addressed.doc else {
            return self.apply(ctx, addressed.command);
        };
        let Some(index) = self.docs.iter().position(|d| d.id == target) else {
            return;
        };
        let previous = self.docs.get(self.active).map(|d| d.id);
        self.active = index;
        self.apply(ctx, addressed.command);
        let unchanged = self.docs.get(self.active).is_some_and(|d| d.id == target);
        if let (true, Some(previous)) = (unchanged, previous) {
            if let Some(back) = self.docs.iter().position(|d| d.id == previous) {
                self.active = back;
            }
        }
    }

    /// Applies one command (on the active document).
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        // Popups take Escape first.
        if command == Command::ClearSelection && (self.find.is_some() || self.palette.is_some()) {
            self.find = None;
            self.palette = None;
            return;
        }
        if self.modal.is_some() && command != Command::Quit && !command.is_result() {
            return;
        }
        let canvas = self.canvas_rect.unwrap_or(ctx.content_rect());
        match command {
            Command::NewBlank => self.new_document(BLANK.to_owned(), Format::Json, None),
            Command::NewFromTemplate(index) => {
                if let Some(t) = TEMPLATES.get(index) {
                    self.new_named_document(
                        t.text.to_owned(),
                        Format::Json,
                        None,
                        Some(format!("{} (from template)", t.file_name)),
                    );
                    if let Some(doc) = self.docs.get_mut(self.active) {
                        doc.template = Some(index);
                    }
                }
            }
            Command::TemplateGallery => {
                self.modal = Some(Modal::TemplateGallery { chosen: 0 });
            }
            Command::Open => {
                let folder = self.active_folder();
                if let Some(path) = self.dialogs.pick_open(folder.as_deref()) {
                    self.open_path(&path);
                }
            }
            Command::OpenPath(path) => self.open_path(&path),
            Command::Save => self.save_active(false),
            Command::SaveAs => self.save_active(true),
            Command::Reload => {
                if let Some(doc) = self.docs.get(self.active) {
                    if doc.is_dirty() {
                        self.modal = Some(Modal::ExternalChange(doc.id));
                    } else {
                        let id = doc.id;
                        self.reload(id);
                    }
                }
            }
            Command::CloseTab => {
                if let Some(doc) = self.docs.get(self.active) {
                    if doc.is_dirty() {
                        self.modal = Some(Modal::Unsaved {
                            doc: doc.id,
                            quitting: false,
                        });
                    } else {
                        let id = doc.id;
                        self.close(id);
                    }
                }
            }
            Command::Export(kind) => self.export(kind),
            Command::Quit => self.request_quit(ctx),
            Command::Undo | Command::Redo => {
                if let Some(doc) = self.docs.get_mut(self.active) {
                    let snapshot = if command == Command::Undo {
                        doc.history.undo()
                    } else {
                        doc.history.redo()
                    };
                    if let Some(snapshot) = snapshot {
                        doc.restore(snapshot);
                    }
                }
            }
            Command::Find => {
                if self.active_document().is_some_and(|d| d.graph().is_some()) {
                    self.find = Some(FindState::default());
                }
            }
            Command::ClearSelection => {
                if let Some(doc) = self.docs.get_mut(self.active) {
                    doc.view.selection.clear();
                }
            }
            Command::DeleteSelection
            | Command::Duplicate
            | Command::Rename
            | Command::CopyStates
            | Command::CutStates
            | Command::AddBranch => self.gesture_command(ctx, &command),
            Command::SelectAll => {
                if let Some(doc) = self.docs.get_mut(self.active) {
                    let all = doc
                        .graph()
                        .map(|g| g.states().map(|n| n.id.clone()).collect())
                        .unwrap_or_default();
                    doc.view.selection = all;
                }
            }
            Command::CommandPalette => self.palette = Some(PaletteState::default()),
            Command::ZoomIn | Command::ZoomOut | Command::ZoomReset | Command::FitView => {
                if let Some(doc) = self.docs.get_mut(self.active) {
                    let camera = &mut doc.view.camera;
                    match command {
                        Command::ZoomIn => camera.set_zoom(canvas, camera.zoom * ZOOM_STEP),
                        Command::ZoomOut => camera.set_zoom(canvas, camera.zoom / ZOOM_STEP),
                        Command::ZoomReset => camera.set_zoom(canvas, 1.0),
                        _ => doc.view.fit_pending = true,
                    }
                }
            }
            Command::ToggleCode => self.settings.show_code = !self.settings.show_code,
            Command::ToggleCanvas => self.settings.show_canvas = !self.settings.show_canvas,
            Command::ToggleProblems => self.settings.show_problems = !self.settings.show_problems,
            Command::ToggleDetails => self.settings.show_details = !self.settings.show_details,
            Command::ShowInspector => {
                self.settings.show_details = true;
                self.settings.side_tab = SideTab::Inspector;
            }
            Command::ShowPalette => {
                self.settings.show_details = true;
                self.settings.side_tab = SideTab::Palette;
            }
            Command::ToggleCollapse => {
                if let Some(doc) = self.docs.get_mut(self.active) {
                    let containers: Vec<NodeId> = doc
                        .view
                        .selection
                        .iter()
                        .filter(|id| {
                            doc.graph()
                                .is_some_and(|g| g.scopes_owned_by(id).next().is_some())
                                || doc.view.collapsed.contains(*id)
                        })
                        .cloned()
                        .collect();
                    for id in containers {
                        if !doc.view.collapsed.remove(&id) {
                            doc.view.collapsed.insert(id);
                        }
                    }
                }
            }
            Command::ExpandAll => {
                if let Some(doc) = self.docs.get_mut(self.active) {
                    doc.view.collapsed.clear();
                }
            }
            Command::Theme(choice) => {
                self.settings.theme = choice;
                theme::apply_theme_choice(ctx, choice);
            }
            Command::NextTab => {
                if !self.docs.is_empty() {
                    self.active = (self.active + 1) % self.docs.len();
                }
            }
            Command::PreviousTab => {
                if !self.docs.is_empty() {
                    self.active = (self.active + self.docs.len() - 1) % self.docs.len();
                }
            }
            Command::CompareLoaded { revision, text } => self.compare_loaded(revision, text),
            Command::CompareWith
            | Command::Compare(_)
            | Command::CompareWithFile
            | Command::StopComparing => self.compare_command(command),
            Command::Run(run) => self.run_command(run),
            Command::Shortcuts => self.modal = Some(Modal::Shortcuts),
            Command::About => self.modal = Some(Modal::About),
        }
    }

    /// Applies an edit to the active document as one undo step (every gesture and form goes
    /// through here); a refused edit is reported, and the document is unchanged.
    pub fn apply_edit(&mut self, edit: &Edit) {
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        let Some(document) = doc.analysis.document.as_ref() else {
            self.set_status("Fix the text first: it does not parse.");
            return;
        };
        match document.apply(edit) {
            Ok(edited) => {
                let before = doc.snapshot();
                doc.set_text(edited.text().to_owned());
                let after = doc.snapshot();
                doc.history.record(edit.label(), before, after);
            }
            Err(err) => {
                self.modal = Some(Modal::Message {
                    title: "Cannot make this change".into(),
                    text: err.to_string(),
                });
            }
        }
    }

    /// Shows a passing message in the status bar.
    fn set_status(&mut self, message: impl Into<String>) {
        self.status = Some((message.into(), None));
    }

    fn go_to_problem(&mut self, go: super::panels::problems::GoToProblem) {
        if let Some(doc) = self.docs.get_mut(self.active) {
            if let Some(state) = go.state {
                doc.view.selection = std::collections::BTreeSet::from([state.clone()]);
                doc.view.centre_on = Some(state);
            }
            doc.view.code_cursor_to = Some(go.offset);
            if !self.settings.show_code {
                self.settings.show_code = true;
            }
        }
    }
}

impl eframe::App for App {
    fn update(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed {
            if self.docs.iter().any(OpenDocument::is_dirty) {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.request_quit(ctx);
            } else {
                self.close_confirmed = true;
            }
        }
        self.ui(ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.store(storage);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.remove_all_recovery();
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }
}

/// The keys a popup list answers to.
struct PopupKeys {
    down: bool,
    up: bool,
    enter: bool,
    escape: bool,
}

/// A small window at the top centre of the app (find, command palette).
fn popup_window(title: &str, ctx: &egui::Context, content: impl FnOnce(&mut Ui)) {
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        .show(ctx, content);
}

/// A popup's search field (focused, labelled for screen readers) and the list keys pressed.
fn popup_input(
    ui: &mut Ui,
    query: &mut String,
    hint: &str,
    label: &str,
) -> (egui::Response, PopupKeys) {
    let input = ui.add(
        egui::TextEdit::singleline(query)
            .hint_text(hint)
            .desired_width(360.0),
    );
    input.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, label));
    input.request_focus();
    let keys = ui.input(|i| PopupKeys {
        down: i.key_pressed(egui::Key::ArrowDown),
        up: i.key_pressed(egui::Key::ArrowUp),
        enter: i.key_pressed(egui::Key::Enter),
        escape: i.key_pressed(egui::Key::Escape),
    });
    (input, keys)
}

/// The chosen row of a popup list after this frame's keys: back to the top when the query
/// changed, then one down or up, within the list.
fn choose(chosen: usize, len: usize, query_changed: bool, down: bool, up: bool) -> usize {
    let mut chosen = if query_changed { 0 } else { chosen };
    if down {
        chosen += 1;
    }
    if up {
        chosen = chosen.saturating_sub(1);
    }
    chosen.min(len.saturating_sub(1))
}
