//! Purchase services: the catalog, the pane that starts a free trial and the one that requests
//! licenses from the admin (the Buy pane is shared, in `components::checkout`).

mod catalog;
mod request_pane;
mod trial_pane;

pub use catalog::PurchaseServices;
