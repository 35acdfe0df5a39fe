//! The types that cross the wire between the portal app and its server, with their validation.
//!
//! Both sides compile this crate (the app to wasm32, the server natively), so a request the
//! page refuses is refused for the same reason by the server.

pub mod activity;
pub mod billing_accounts;
pub mod cards;
pub mod day;
pub mod error;
pub mod invoices;
pub mod license_requests;
pub mod licenses;
pub mod money;
pub mod notices;
pub mod page;
pub mod payment_methods;
pub mod products;
pub mod purchases;
pub mod self_service;
pub mod session;
pub mod subscriptions;
pub mod text;

pub use error::{ApiError, ErrorBody, ErrorCode};
pub use money::Money;
pub use page::Paged;
