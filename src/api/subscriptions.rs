//! Subscriptions: Billing > Your products, and every change to one.

use portal_api::activity::ActivityPage;
use portal_api::invoices::InvoiceList;
use portal_api::licenses::LicensedPeoplePage;
use portal_api::purchases::BuyTrialRequest;
use portal_api::self_service::{MoveUsersQuote, MoveUsersRequest, MoveUsersResult};
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

/// One page of the people holding the subscription's licenses (its purchaser or an admin).
pub async fn people(id: &str, offset: i64, limit: i64) -> Result<LicensedPeoplePage, ApiFailure> {
    super::get(&path(id, &format!("/people?offset={offset}&limit={limit}"))).await
}

/// The invoices with a line of the subscription.
pub async fn invoices(id: &str) -> Result<InvoiceList, ApiFailure> {
    super::get(&path(id, "/invoices")).await
}

/// One page of the subscription's timeline, newest first.
pub async fn activity(id: &str, offset: i64, limit: i64) -> Result<ActivityPage, ApiFailure> {
    super::get(&path(id, &format!("/activity?offset={offset}&limit={limit}"))).await
}

/// Take control (an admin): its purchaser can no longer change it.
pub async fn take_control(id: &str) -> Result<Subscription, ApiFailure> {
    super::post(&path(id, "/take-control"), &serde_json::json!({})).await
}

/// What Move users needs, and the organization's subscriptions the people can move to.
pub async fn move_users_quote(id: &str) -> Result<MoveUsersQuote, ApiFailure> {
    super::get(&path(id, "/move-users")).await
}

/// Moves everyone holding its licenses to `target_subscription_id` and cancels it (all or nothing).
pub async fn move_users(id: &str, key: &str, target_subscription_id: String) -> Result<MoveUsersResult, ApiFailure> {
    super::post_once(&path(id, "/move-users"), key, &MoveUsersRequest { target_subscription_id }).await
}
