//! `POST /api/session` (sign in), `DELETE /api/session` (sign out), `DELETE /api/sessions`
//! (sign out everywhere), `GET /api/me`.
//!
//! Failed sign-ins are throttled as OWASP ASVS 5.0 chapter 6 asks, without letting anyone lock
//! anyone out: one account from one client address gets `MAX_FAILURES` tries per window, one
//! address `MAX_ADDRESS_FAILURES` whatever the accounts, and an account attacked from many
//! addresses is slowed, never locked, so its owner's right password from an address that has
//! not failed always gets in. Each attempt claims its place before the password is checked.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use portal_api::session::{Me, SignInRequest};
use portal_api::{ErrorBody, ErrorCode};

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::auth::{self, CurrentUser};
use crate::client_address::ClientAddress;
use crate::db;
use crate::db::sessions::{Claim, Throttle};
use crate::error::{ApiJson, AppError};
use crate::state::AppState;

/// Failed sign-ins allowed for one account from one client address within the window.
pub const MAX_FAILURES: i64 = 5;
/// Failed sign-ins allowed from one client address within the window, whatever the accounts.
pub const MAX_ADDRESS_FAILURES: i64 = 30;
/// Failed sign-ins of one account from all addresses within the window before each further
/// attempt at it is slowed.
pub const SLOW_AFTER_ACCOUNT_FAILURES: i64 = 10;
/// Added to an attempt's wait per account failure past `SLOW_AFTER_ACCOUNT_FAILURES`.
pub const SLOWDOWN_STEP: Duration = Duration::from_millis(250);
/// The longest an attempt is slowed.
pub const SLOWDOWN_MAX: Duration = Duration::from_secs(3);
/// The window over which failed sign-ins count.
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// The session routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", post(sign_in).delete(sign_out))
        .route("/sessions", delete(sign_out_everywhere))
        .route("/me", get(me))
}

/// Signs in with email and password; starts a session in an HttpOnly cookie.
#[utoipa::path(post, path = "/api/session", tag = "session", request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Me),
        (status = 401, description = "Email or password is wrong", body = ErrorBody),
        (status = 422, description = "A field is missing or malformed", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins for this account from this address, or from this address", body = ErrorBody),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Response, AppError> {
    request.validate()?;
    let email = request.normalized_email();
    let now = state.clock.now_unix();

    let pair = format!("pair {email} {client}");
    let address = format!("address {client}");
    let account = format!("account {email}");
    let keys = [
        Throttle { key: &pair, limit: MAX_FAILURES },
        Throttle { key: &address, limit: MAX_ADDRESS_FAILURES },
        Throttle { key: &account, limit: i64::MAX },
    ];
    let account_failures = match db::sessions::claim(&state.db, keys, now, FAILURE_WINDOW_SECS).await? {
        Claim::Granted(_, _, account_failures) => account_failures,
        Claim::Refused { retry_after } => {
            tracing::warn!(%client, "sign-in refused: too many failures from this address");
            return Err(AppError::too_many_attempts(retry_after));
        }
    };
    if let Some(wait) = slowdown(account_failures) {
        tracing::warn!(account_failures, "sign-in slowed: the account is failing from many addresses");
        state.sign_ins_slowed.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(wait).await;
    }

    let credentials = db::users::credentials_by_email(&state.db, &email).await?;
    let hash = credentials.as_ref().map_or_else(|| state.decoy_password_hash.to_string(), |c| c.password_hash.clone());
    let password = request.password;
    state.sign_in_checks.fetch_add(1, Ordering::Relaxed);
    let matches = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .map_err(AppError::internal)?;
    let user_id = match credentials {
        Some(credentials) if matches => credentials.id,
        // the claimed place stays taken: it was a failure
        _ => {
            return Err(AppError::from_code(
                ErrorCode::InvalidCredentials,
                "That email and password don't match an account.",
            ));
        }
    };

    db::sessions::release(&state.db, &pair, [&address, &account]).await?;
    let (token, token_hash) = auth::new_session_token();
    db::sessions::create(&state.db, &token_hash, &user_id, now, now + auth::SESSION_SECONDS).await?;
    let me = db::users::me(&state.db, &user_id).await?.ok_or_else(AppError::unauthenticated)?;
    let cookie = auth::session_cookie(&token, state.config.secure_cookies);
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// Signs out: ends the session and clears the cookie. Signing out twice is fine.
#[utoipa::path(delete, path = "/api/session", tag = "session",
    responses((status = 204, description = "Signed out")))]
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = auth::session_token(&headers) {
        db::sessions::delete(&state.db, &auth::hash_token(&token)).await?;
    }
    let cookie = auth::cleared_cookie(state.config.secure_cookies);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// Signs out everywhere: ends every session of the signed-in person, this one included, and
/// clears this browser's cookie.
#[utoipa::path(delete, path = "/api/sessions", tag = "session",
    responses(
        (status = 204, description = "Every session of this person has ended"),
    ))]
pub async fn sign_out_everywhere(State(state): State<AppState>, user: CurrentUser) -> Result<Response, AppError> {
    let ended = db::sessions::delete_all_of(&state.db, &user.0.user_id).await?;
    tracing::info!(ended, "signed out everywhere");
    let cookie = auth::cleared_cookie(state.config.secure_cookies);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// How long an attempt waits when its account has failed this many times (this attempt
/// included) from all addresses in the window: nothing up to `SLOW_AFTER_ACCOUNT_FAILURES`, then
/// `SLOWDOWN_STEP` more per failure, at most `SLOWDOWN_MAX`.
pub fn slowdown(account_failures: i64) -> Option<Duration> {
    let past = u32::try_from(account_failures - SLOW_AFTER_ACCOUNT_FAILURES).ok().filter(|n| *n > 0)?;
    Some(SLOWDOWN_STEP.saturating_mul(past).min(SLOWDOWN_MAX))
}

/// Who is signed in, and their organization.
#[utoipa::path(get, path = "/api/me", tag = "session",
    responses(
        (status = 200, description = "The signed-in person", body = Me),
    ))]
pub async fn me(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Me>, AppError> {
    db::users::me(&state.db, &user.0.user_id).await?.map(Json).ok_or_else(AppError::unauthenticated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_slowed_step_by_step_past_its_threshold_never_beyond_the_maximum() {
        assert_eq!(slowdown(1), None);
        assert_eq!(slowdown(SLOW_AFTER_ACCOUNT_FAILURES), None);
        assert_eq!(slowdown(SLOW_AFTER_ACCOUNT_FAILURES + 1), Some(SLOWDOWN_STEP));
        assert_eq!(slowdown(SLOW_AFTER_ACCOUNT_FAILURES + 2), Some(SLOWDOWN_STEP * 2));
        assert_eq!(slowdown(10_000), Some(SLOWDOWN_MAX));
    }
}
