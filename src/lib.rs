//! Statecraft as a library: the designer window ([`ui`]), so that the binary and the designer
//! tests (egui_kittest, no display needed) build the same app.

pub mod ui;

pub mod fsio;
pub mod git;
pub mod workflow_tests;
