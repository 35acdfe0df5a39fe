//! Billing: Your products, Licenses, Bills & payments, Billing accounts.

pub mod billing_accounts;
pub mod bills_and_payments;
pub mod licenses;
pub mod your_products;
