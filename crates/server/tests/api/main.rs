//! Integration tests for the portal's API: a real server on a random port, a fresh SQLite
//! file per test, the demo seed, and a manual clock the tests move instead of waiting.
//!
//! One binary (rather than one per file) so it is linked once.

mod admin_purchases;
mod backup;
mod bad_input;
mod billing_accounts;
mod catalog;
mod crash;
mod docs;
mod hardening;
mod helpers;
mod invoices;
mod isolation;
mod license_requests;
mod licenses;
mod notices;
mod one_license;
mod payment_methods;
mod payments;
mod permissions;
mod policies;
mod processes;
mod seat_counts;
mod seed;
mod session;
mod sign_in_limits;
mod static_files;
mod subscription_details;
mod take_control;
mod two_servers;
mod your_products;
