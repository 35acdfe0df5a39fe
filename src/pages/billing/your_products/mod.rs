//! Billing > Your products: the subscriptions the person bought (`products`), one
//! subscription's details (`subscription`), and what can be done to one (`actions`).

mod actions;
mod filter;
mod products;
mod status;
mod subscription;

pub use filter::ProductsFilter;
pub use products::YourProducts;
pub use subscription::SubscriptionDetails;
