//! Checking out: the Buy pane (Purchase services and Your products both open it), how to pay,
//! and the price shown before anything is charged.

pub mod buy_pane;
pub mod payment_choice;
pub mod quote;

pub use buy_pane::BuyPane;
