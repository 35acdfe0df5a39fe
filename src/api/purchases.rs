//! Purchase services: prices, buying, trials and the person's saved cards.

use portal_api::purchases::{PaymentMethodList, PurchaseQuote, PurchaseRequest, TrialRequest};
use portal_api::subscriptions::Subscription;

use super::{ApiFailure, encode_path_segment};

/// The person's saved cards.
pub async fn payment_methods() -> Result<PaymentMethodList, ApiFailure> {
    super::get("/payment-methods").await
}

/// What buying `licenses` licenses of a product costs, with tax.
pub async fn quote(product_id: &str, licenses: i64) -> Result<PurchaseQuote, ApiFailure> {
    super::get(&format!("/products/{}/quote?licenses={licenses}", encode_path_segment(product_id))).await
}

/// Buys a product.
pub async fn purchase(key: &str, request: &PurchaseRequest) -> Result<Subscription, ApiFailure> {
    super::post_once("/purchases", key, request).await
}

/// Starts a product's trial.
pub async fn start_trial(key: &str, request: &TrialRequest) -> Result<Subscription, ApiFailure> {
    super::post_once("/trials", key, request).await
}
