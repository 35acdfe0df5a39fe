//! `POST /api/session` (sign in), `DELETE /api/session` (sign out), `GET /api/me`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::session::{Me, SignInRequest};
use portal_api::{ErrorBody, ErrorCode};

use crate::auth::{self, CurrentUser};
use crate::db;
use crate::error::{ApiJson, AppError};
use crate::state::AppState;

/// Failed sign-ins allowed per email within `FAILURE_WINDOW_SECS` before sign-in is refused.
pub const MAX_FAILURES: i64 = 5;
/// The window over which failed sign-ins count.
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// The session routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/session", post(sign_in).delete(sign_out)).route("/me", get(me))
}

/// Signs in with email and password; starts a session in an HttpOnly cookie.
#[utoipa::path(post, path = "/api/session", tag = "session", request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Me),
        (status = 401, description = "Email or password is wrong", body = ErrorBody),
        (status = 422, description = "A field is missing or malformed", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins", body = ErrorBody),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Response, AppError> {
    request.validate()?;
    let email = request.normalized_email();
    let now = state.clock.now_unix();

    let (failures, oldest) = db::sessions::failures_since(&state.db, &email, now - FAILURE_WINDOW_SECS).await?;
    if failures >= MAX_FAILURES {
        let retry_after = oldest.unwrap_or(now) + FAILURE_WINDOW_SECS - now;
        tracing::warn!(failures, "sign-in refused: too many failures for one email");
        return Err(AppError::too_many_attempts(retry_after));
    }

    let credentials = db::users::credentials_by_email(&state.db, &email).await?;
    let hash = credentials.as_ref().map_or_else(|| state.decoy_password_hash.to_string(), |c| c.password_hash.clone());
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .map_err(AppError::internal)?;
    let user_id = match credentials {
        Some(credentials) if matches => credentials.id,
        _ => {
            db::sessions::record_failure(&state.db, &email, now).await?;
            return Err(AppError::from_code(
                ErrorCode::InvalidCredentials,
                "That email and password don't match an account.",
            ));
        }
    };

    db::sessions::clear_failures(&state.db, &email).await?;
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

/// Who is signed in, and their organization.
#[utoipa::path(get, path = "/api/me", tag = "session",
    responses(
        (status = 200, description = "The signed-in person", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn me(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Me>, AppError> {
    db::users::me(&state.db, &user.0.user_id).await?.map(Json).ok_or_else(AppError::unauthenticated)
}
