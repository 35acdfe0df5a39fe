//! Subscriptions: Billing > Your products.

use portal_api::subscriptions::SubscriptionList;

use super::ApiFailure;

/// The subscriptions the signed-in person bought.
pub async fn list() -> Result<SubscriptionList, ApiFailure> {
    super::get("/subscriptions").await
}
