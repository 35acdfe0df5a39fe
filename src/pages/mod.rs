//! One file per page; the billing areas under `billing/`.

pub mod billing;
pub mod help;
pub mod not_found;
pub mod notices;
pub mod purchase;
pub mod settings;
pub mod sign_in;
