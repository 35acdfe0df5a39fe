//! Subscriptions: Billing > Your products.

use portal_api::subscriptions::SubscriptionList;

use super::ApiFailure;

/// The subscriptions the signed-in person bought.
pub async fn list() -> Result<SubscriptionList, ApiFailure> {
    super::get("/subscriptions").await
}

/// One subscription the person may see.
pub async fn get(id: &str) -> Result<portal_api::subscriptions::Subscription, ApiFailure> {
    super::get(&format!("/subscriptions/{}", super::encode_path_segment(id))).await
}
