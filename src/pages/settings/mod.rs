//! Settings (admins): Self-service, what people may buy or try themselves, per product.

mod confirm_policies;
mod self_service;

pub use self_service::SelfServiceSettings;
