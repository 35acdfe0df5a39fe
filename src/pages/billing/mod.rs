//! Billing: Your products, Licenses (and its license requests), Bills & payments, Billing accounts.

pub mod billing_accounts;
pub mod bills_and_payments;
pub mod license_requests;
pub mod licenses;
pub mod your_products;
