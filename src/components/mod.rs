//! Pieces of UI that several pages share.

pub mod card_form;
pub mod confirm_dialog;
pub mod errors;
pub mod language_picker;
pub mod loading;
pub mod more_actions;
pub mod page;
pub mod pane;
pub mod service_error;
pub mod shell;
pub mod text_field;
