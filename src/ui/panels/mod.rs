//! The panels around the canvas: code view, problems, details, and the popups (find, command
//! palette).

pub mod changes;
pub mod code;
pub mod code_galley;
pub mod details;
pub mod events;
pub mod find;
pub mod highlight;
pub mod inspector;
pub mod json_view;
pub mod palette;
pub mod problems;
pub mod run;
pub mod run_state;
pub mod tests;
pub mod timeline;
