//! Pieces of UI that several pages share.

pub mod card_form;
pub mod checkout;
pub mod confirm_dialog;
pub mod data_table;
pub mod debounce;
pub mod directory_search;
pub mod focus;
pub mod language_picker;
pub mod loaded;
pub mod loading;
pub mod menu_button;
pub mod message_field;
pub mod page;
pub mod pager;
pub mod pane;
pub mod picked_people;
pub mod price_lines;
pub mod service_error;
pub mod shell;
pub mod status_line;
pub mod submit;
pub mod text_field;
pub mod when;
