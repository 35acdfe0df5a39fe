//! Subscriptions: Billing > Your products, and every change to one.

use portal_api::purchases::BuyTrialRequest;
use portal_api::subscriptions::{
    CancelRequest, CancellationQuote, LicenseChangeQuote, LicenseChangeRequest, ReactivationQuote, Subscription,
    SubscriptionList,
};

use super::{ApiFailure, encode_path_segment};

fn path(id: &str, rest: &str) -> String {
    format!("/subscriptions/{}{rest}", encode_path_segment(id))
}

/// The subscriptions the signed-in person bought.
pub async fn list() -> Result<SubscriptionList, ApiFailure> {
    super::get("/subscriptions").await
}

/// One subscription the person may see.
pub async fn get(id: &str) -> Result<Subscription, ApiFailure> {
    super::get(&path(id, "")).await
}

/// What a new license total charges or credits (or why it is not allowed).
pub async fn license_change_quote(id: &str, total_licenses: i64) -> Result<LicenseChangeQuote, ApiFailure> {
    super::get(&path(id, &format!("/license-change?total_licenses={total_licenses}"))).await
}

/// Sets the license total.
pub async fn change_licenses(id: &str, key: &str, total_licenses: i64) -> Result<Subscription, ApiFailure> {
    super::put_once(&path(id, "/licenses"), key, &LicenseChangeRequest { total_licenses }).await
}

/// Buys a trial.
pub async fn buy_trial(id: &str, key: &str, request: &BuyTrialRequest) -> Result<Subscription, ApiFailure> {
    super::post_once(&path(id, "/purchase"), key, request).await
}

/// What canceling means: the credit, the licenses released, the dates.
pub async fn cancellation_quote(id: &str) -> Result<CancellationQuote, ApiFailure> {
    super::get(&path(id, "/cancellation")).await
}

/// Cancels, now or at the end of the term.
pub async fn cancel(id: &str, key: &str, request: &CancelRequest) -> Result<Subscription, ApiFailure> {
    super::post_once(&path(id, "/cancellation"), key, request).await
}

/// What reactivating charges.
pub async fn reactivation_quote(id: &str) -> Result<ReactivationQuote, ApiFailure> {
    super::get(&path(id, "/reactivation")).await
}

/// Reactivates.
pub async fn reactivate(id: &str, key: &str) -> Result<Subscription, ApiFailure> {
    super::post_once(&path(id, "/reactivation"), key, &serde_json::json!({})).await
}
