//! Exactly once. Every request that moves money or changes a subscription carries an
//! `Idempotency-Key` header. The first request with a key runs; its response is stored in the
//! same transaction as its effect, and a retry with the same key gets that response back
//! without running again. The same key with a different request is refused (422); a retry that
//! arrives while the first is still running waits for it (then gets its response), so two
//! concurrent requests produce one effect. A request that fails changes nothing, so its key is
//! released and may be used again.
//!
//! Payment gateway calls are keyed by the same key, so even a crash between the charge and the
//! commit cannot charge twice: the retry's charge returns the first charge.

use std::future::Future;
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;
use portal_api::cards::CardInput;
use portal_api::purchases::Payment;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};

use crate::db::{self, Db};
use crate::error::AppError;
use crate::state::AppState;

/// The header's name.
pub const HEADER: &str = "idempotency-key";

/// Longest key accepted.
pub const MAX_KEY_LEN: usize = 255;

/// How long a retry waits for the first request with its key to finish before answering 409.
const WAIT_FOR_FIRST: Duration = Duration::from_secs(10);

/// The request's `Idempotency-Key`: 1 to 255 visible ASCII characters (a UUID, typically).
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let key = parts.headers.get(HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if key.is_empty() || key.len() > MAX_KEY_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(AppError::from_code(
                ErrorCode::IdempotencyKeyRequired,
                "Send an Idempotency-Key header (1 to 255 visible characters, e.g. a UUID) with this request.",
            ));
        }
        Ok(Self(key.to_owned()))
    }
}

impl IdempotencyKey {
    /// The key the payment gateway gets for this request's charge.
    pub fn for_gateway(&self, user_id: &str) -> String {
        format!("{user_id}:{}", self.0)
    }
}

/// What a request is, for telling a retry from a different request with the same key.
pub fn fingerprint(route: &str, body: &impl Serialize) -> String {
    let body = serde_json::to_string(body).unwrap_or_default();
    hex::encode(Sha256::digest(format!("{route}\n{body}").as_bytes()))
}

/// What a fingerprint of a card may hold: never the number or security code (a hash of a
/// card number can be reversed by trying every number), only what the portal keeps.
pub fn redacted_card(card: &CardInput) -> serde_json::Value {
    json!({
        "brand": card.brand().map(db::billing::brand_name), "last4": card.last4(),
        "expiry_month": card.expiry_month, "expiry_year": card.expiry_year,
        "name_on_card": card.name_on_card, "address": card.address,
    })
}

/// A `Payment` as a fingerprint may hold it (see `redacted_card`).
pub fn redacted_payment(payment: &Payment) -> serde_json::Value {
    match payment {
        Payment::SavedCard { payment_method_id } => json!({ "saved_card": payment_method_id }),
        Payment::NewCard(card) => json!({ "new_card": redacted_card(card) }),
    }
}

enum Claim {
    /// This request is the first with its key: run it.
    New,
    /// The key's request already ran: answer with its response.
    Replay(StatusCode, String),
}

/// Runs `effect` once per (person, key). `effect` does its work (gateway calls first, then the
/// database writes in the transaction it returns, uncommitted) and returns its result; the
/// result is stored with the key in that transaction, which is then committed.
pub async fn once<T, F>(
    state: &AppState,
    user_id: &str,
    key: &IdempotencyKey,
    request: &str,
    success: StatusCode,
    effect: F,
) -> Result<Response, AppError>
where
    T: Serialize,
    F: Future<Output = Result<(T, Transaction<'static, Any>), AppError>>,
{
    if let Claim::Replay(status, body) = claim(state, user_id, &key.0, request).await? {
        return Ok(json_response(status, body));
    }
    let outcome = async {
        let (value, mut tx) = effect.await?;
        let body = serde_json::to_string(&value).map_err(AppError::internal)?;
        sqlx::query(
            "UPDATE idempotency_keys SET response_status = $1, response_body = $2 WHERE user_id = $3 AND idempotency_key = $4",
        )
        .bind(i64::from(success.as_u16()))
        .bind(&body)
        .bind(user_id)
        .bind(&key.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<_, AppError>(body)
    }
    .await;
    match outcome {
        Ok(body) => Ok(json_response(success, body)),
        Err(error) => {
            release(&state.db, user_id, &key.0).await;
            Err(error)
        }
    }
}

async fn claim(state: &AppState, user_id: &str, key: &str, request: &str) -> Result<Claim, AppError> {
    let waited_since = std::time::Instant::now();
    loop {
        let now = state.clock.now_unix();
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, response_status, response_body, created_at)
             VALUES ($1, $2, $3, NULL, NULL, $4) ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(key)
        .bind(request)
        .bind(now)
        .execute(&state.db)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Claim::New);
        }
        let existing: Option<(String, Option<i64>, Option<String>, i64)> = sqlx::query_as(
            "SELECT request_hash, response_status, response_body, created_at FROM idempotency_keys
             WHERE user_id = $1 AND idempotency_key = $2",
        )
        .bind(user_id)
        .bind(key)
        .fetch_optional(&state.db)
        .await?;
        // Released between our insert and our read: try to claim it again.
        let Some((hash, status, body, created_at)) = existing else { continue };
        if hash != request {
            return Err(AppError::from_code(
                ErrorCode::IdempotencyKeyReused,
                "This Idempotency-Key was used for a different request. Use a new key for a new request.",
            ));
        }
        if let (Some(status), Some(body)) = (status, body) {
            let status =
                u16::try_from(status).ok().and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
            return Ok(Claim::Replay(status, body));
        }
        // A claim whose request never finished (its server stopped mid-request) is taken over
        // after `Config::abandoned_request_after`.
        let abandoned_after = i64::try_from(state.config.abandoned_request_after.as_secs()).unwrap_or(i64::MAX);
        if created_at < now.saturating_sub(abandoned_after) {
            let taken = sqlx::query(
                "UPDATE idempotency_keys SET created_at = $1
                 WHERE user_id = $2 AND idempotency_key = $3 AND response_status IS NULL AND created_at = $4",
            )
            .bind(now)
            .bind(user_id)
            .bind(key)
            .bind(created_at)
            .execute(&state.db)
            .await?;
            if taken.rows_affected() == 1 {
                return Ok(Claim::New);
            }
        }
        if waited_since.elapsed() > WAIT_FOR_FIRST {
            return Err(AppError::from_code(
                ErrorCode::RequestInProgress,
                "A request with this Idempotency-Key is still running.",
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Frees a key whose request failed (and so changed nothing), so a retry runs again.
async fn release(db: &Db, user_id: &str, key: &str) {
    let released = sqlx::query(
        "DELETE FROM idempotency_keys WHERE user_id = $1 AND idempotency_key = $2 AND response_status IS NULL",
    )
    .bind(user_id)
    .bind(key)
    .execute(db)
    .await;
    if let Err(error) = released {
        tracing::warn!(%error, "could not release an idempotency key; a retry will take it over after a minute");
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
