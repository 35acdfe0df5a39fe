//! Payment methods: the person's saved cards, adding, editing and removing one.

use portal_api::cards::CardInput;
use portal_api::payment_methods::{PaymentMethodDetails, PaymentMethodList, PaymentMethodUpdate};

use super::{ApiFailure, encode_path_segment};

fn path(id: &str) -> String {
    format!("/payment-methods/{}", encode_path_segment(id))
}

/// The person's cards, newest first, with what uses each.
pub async fn list() -> Result<PaymentMethodList, ApiFailure> {
    super::get("/payment-methods").await
}

/// One card.
pub async fn get(id: &str) -> Result<PaymentMethodDetails, ApiFailure> {
    super::get(&path(id)).await
}

/// Adds a card (the gateway checks it first; nothing is charged).
pub async fn add(key: &str, card: &CardInput) -> Result<PaymentMethodDetails, ApiFailure> {
    super::post_once("/payment-methods", key, card).await
}

/// Changes a card's security code, expiry, name or address.
pub async fn update(id: &str, key: &str, update: &PaymentMethodUpdate) -> Result<PaymentMethodDetails, ApiFailure> {
    super::put_once(&path(id), key, update).await
}

/// Removes a card nothing uses; answers with the cards left.
pub async fn remove(id: &str, key: &str) -> Result<PaymentMethodList, ApiFailure> {
    super::delete_once(&path(id), key).await
}
