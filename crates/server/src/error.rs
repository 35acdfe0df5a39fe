//! One error type for every handler, answered in the one JSON shape of `portal_api::ErrorBody`.
//!
//! | status | code                                                      |
//! |--------|-----------------------------------------------------------|
//! | 400    | invalid_json                                              |
//! | 401    | unauthenticated, invalid_credentials                      |
//! | 404    | not_found (also for what exists but is not yours)         |
//! | 405    | method_not_allowed                                        |
//! | 408    | timeout                                                   |
//! | 413    | payload_too_large                                         |
//! | 415    | unsupported_media_type                                    |
//! | 400    | idempotency_key_required                                  |
//! | 402    | card_declined                                             |
//! | 403    | not_allowed_for_self_service, read_only                   |
//! | 409    | request_in_progress, below_assigned, trial_not_changeable, wrong_status, grace_period_over, trial_already_used, not_enough_licenses, people_refused (already licensed) |
//! | 422    | invalid_body, required, too_long, invalid_email, card checks, out_of_range, no_change, idempotency_key_reused, payment_method_required, too_many_people, people_refused (field set where one is at fault) |
//! | 429    | too_many_attempts (with Retry-After)                      |
//! | 500    | internal (details only in the server log)                 |

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_api::{ApiError, ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;

/// An error a handler returns; turns into the JSON error shape.
#[derive(Debug)]
pub struct AppError {
    status: StatusCode,
    // boxed: handlers return `Result<_, AppError>` everywhere, so keep the error small
    error: Box<ApiError>,
    retry_after_secs: Option<i64>,
}

impl AppError {
    /// An error with a status, code and English message.
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self { status, error: Box::new(ApiError::new(code, message)), retry_after_secs: None }
    }

    /// An error of the API's shape with this status.
    pub fn api(status: StatusCode, error: ApiError) -> Self {
        Self { status, error: Box::new(error), retry_after_secs: None }
    }

    /// 422 for a request that failed `portal_api` validation.
    pub fn invalid(error: ApiError) -> Self {
        Self { status: StatusCode::UNPROCESSABLE_ENTITY, error: Box::new(error), retry_after_secs: None }
    }

    /// 401: no valid session.
    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated, "Sign in to continue.")
    }

    /// 404: used both for what does not exist and for what this person may not see,
    /// so the answer never tells another organization that something exists.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, "Not found.")
    }

    /// 429 with a Retry-After header.
    pub fn too_many_attempts(retry_after_secs: i64) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyAttempts,
            "Too many failed sign-ins. Wait a few minutes, then try again.",
        );
        error.retry_after_secs = Some(retry_after_secs.max(1));
        error
    }

    /// 500: logs the cause, answers without it.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "Something went wrong on our side.")
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(ErrorBody { error: *self.error })).into_response();
        if let Some(secs) = self.retry_after_secs
            && let Ok(value) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        Self::internal(error)
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        Self::internal(format!("{error:#}"))
    }
}

/// A JSON body extractor whose rejections use the API's error shape.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            // serde's text names the field ("missing field `email`", "email: invalid type …");
            // it contains the request's shape, never secret values.
            let text = e.body_text();
            let mut error = AppError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidBody, text.clone());
            error.error.field = field_in(&text);
            error
        }
        JsonRejection::JsonSyntaxError(_) => {
            AppError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson, "The body is not valid JSON.")
        }
        JsonRejection::MissingJsonContentType(_) => AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send the body as JSON with Content-Type: application/json.",
        ),
        JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
        other => AppError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson, other.body_text()),
    }
}

/// A query string extractor whose rejections use the API's error shape (422 `invalid_body`,
/// naming the parameter when serde does), like `ApiJson` for bodies.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(query_rejection(rejection)),
        }
    }
}

fn query_rejection(rejection: QueryRejection) -> AppError {
    let text = rejection.body_text();
    // "Failed to deserialize query string: limit: invalid digit found in string"
    let field = text
        .split("query string: ")
        .nth(1)
        .and_then(|rest| rest.split_once(": "))
        .map(|(field, _)| field)
        .filter(|field| !field.is_empty() && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    let error = match field {
        Some(field) => ApiError::field(ErrorCode::InvalidBody, field, text.clone()),
        None => ApiError::new(ErrorCode::InvalidBody, text.clone()),
    };
    AppError::invalid(error)
}

/// 413 in the API's shape.
fn payload_too_large() -> AppError {
    AppError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge, "The request body is too large.")
}

/// Picks the field name out of serde's message: "missing field `email`" or "email: invalid type".
fn field_in(text: &str) -> Option<String> {
    if let Some(rest) = text.split("missing field `").nth(1) {
        return rest.split('`').next().map(str::to_owned);
    }
    let detail = text.split("target type: ").nth(1)?;
    let (field, _) = detail.split_once(": ")?;
    let is_path = !field.is_empty()
        && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '[' || c == ']');
    is_path.then(|| field.to_owned())
}

#[cfg(test)]
mod tests {
    use super::field_in;

    #[test]
    fn finds_the_field_in_serde_messages() {
        assert_eq!(
            field_in(
                "Failed to deserialize the JSON body into the target type: missing field `password` at line 1 column 20"
            )
            .as_deref(),
            Some("password")
        );
        assert_eq!(field_in("Failed to deserialize the JSON body into the target type: email: invalid type: integer `5`, expected a string at line 1 column 10").as_deref(), Some("email"));
        assert_eq!(field_in("Failed to deserialize the JSON body into the target type: invalid type: sequence, expected struct SignInRequest").as_deref(), None);
    }
}
