//! Billing > Licenses: each product the person has licenses for (`products`); a product opens
//! its details page (`details`), where licenses are assigned and unassigned.

mod assign;
mod details;
mod people_table;
mod people_toolbar;
mod products;
mod selection;
mod unassign;

pub use details::ProductLicensesPage;
pub use products::{Licenses, details_path};
