//! Billing > Your products: the subscriptions the person bought (`products`), or for an admin
//! every self-service purchase of the organization (`purchases`, `purchase_table`); one
//! subscription's details (`subscription`: its people `holders`, `subscription_invoices`, its
//! `timeline`), what its purchaser can do to it (`actions`), and what an admin can
//! (`take_control`, `move_users_pane`); `change` is what each of those panes starts from.

mod actions;
mod change;
mod filter;
#[cfg(test)]
mod fixture;
mod holders;
mod move_users_pane;
mod products;
mod purchase_table;
mod purchases;
mod status;
mod subscription;
mod subscription_invoices;
mod take_control;
mod timeline;

pub use filter::ProductsFilter;
pub use products::YourProducts;
pub use purchases::AdminPurchases;
pub use subscription::SubscriptionDetails;
