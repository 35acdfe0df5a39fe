//! Purchase services: the catalog, and the pane that starts a free trial (the Buy pane is
//! shared, in `components::checkout`).

mod catalog;
mod trial_pane;

pub use catalog::PurchaseServices;
