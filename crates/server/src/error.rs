//! One error type for every handler, answered in the one JSON shape of `portal_api::ErrorBody`.
//! Each error code carries its HTTP status in one place, [`status_of`], so a handler names
//! what went wrong and never picks a status by hand.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_api::{ApiError, ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;

/// The HTTP status each error code answers with.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        InvalidJson | IdempotencyKeyRequired => StatusCode::BAD_REQUEST,
        Unauthenticated | InvalidCredentials => StatusCode::UNAUTHORIZED,
        CardDeclined => StatusCode::PAYMENT_REQUIRED,
        NotAllowedForSelfService | ReadOnly | TrialsOnly | ManagedByAdmin | AdminOnly => StatusCode::FORBIDDEN,
        // Also for what exists but is not this person's, so the answer never tells another
        // organization that something exists.
        NotFound => StatusCode::NOT_FOUND,
        MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Timeout => StatusCode::REQUEST_TIMEOUT,
        // The request is fine but the subscription's state (or another request) is in the way.
        RequestInProgress | BelowAssigned | TrialNotChangeable | WrongStatus | GracePeriodOver | TrialAlreadyUsed
        | NotEnoughLicenses | PaymentMethodInUse | TakeControlFirst | AlreadyAnswered => StatusCode::CONFLICT,
        PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        // The request itself is at fault (a field, the key's reuse). `people_refused` too,
        // unless it is about people who already hold a license: see `AppError::conflict`.
        InvalidBody
        | Required
        | TooLong
        | InvalidEmail
        | InvalidText
        | CardNumberInvalid
        | CardExpired
        | SecurityCodeInvalid
        | OutOfRange
        | NoChange
        | IdempotencyKeyReused
        | PaymentMethodRequired
        | TooManyPeople
        | PeopleRefused
        | InvalidDate
        | DateRangeReversed
        | DateRangeTooLong
        | TooManyRecipients
        | DuplicateRecipient => StatusCode::UNPROCESSABLE_ENTITY,
        TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        Internal => StatusCode::INTERNAL_SERVER_ERROR,
        // Nothing was charged; the same request can be sent again.
        GatewayUnavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// An error a handler returns; turns into the JSON error shape with its code's status.
/// Build one from a code (`AppError::from_code`), from a `portal_api` validation error
/// (`?` converts it), or with the helpers below.
#[derive(Debug)]
pub struct AppError {
    status: StatusCode,
    // boxed: handlers return `Result<_, AppError>` everywhere, so keep the error small
    error: Box<ApiError>,
    retry_after_secs: Option<i64>,
}

impl From<ApiError> for AppError {
    /// The error with its code's status: what `?` does with a `portal_api` validation error.
    fn from(error: ApiError) -> Self {
        Self { status: status_of(error.code), error: Box::new(error), retry_after_secs: None }
    }
}

impl AppError {
    /// An error with a code and an English message.
    pub fn from_code(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::new(code, message).into()
    }

    /// An error about one field of the request.
    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        ApiError::field(code, field, message).into()
    }

    /// 409 for an error whose code usually blames the request (422) but here is about the
    /// state of things: `people_refused` for people who already hold a license.
    pub fn conflict(error: ApiError) -> Self {
        Self { status: StatusCode::CONFLICT, error: Box::new(error), retry_after_secs: None }
    }

    /// 401: no valid session.
    pub fn unauthenticated() -> Self {
        Self::from_code(ErrorCode::Unauthenticated, "Sign in to continue.")
    }

    /// 404: used both for what does not exist and for what this person may not see,
    /// so the answer never tells another organization that something exists.
    pub fn not_found() -> Self {
        Self::from_code(ErrorCode::NotFound, "Not found.")
    }

    /// 409 `wrong_status`: the subscription is not in a state that allows this.
    pub fn wrong_status(message: impl Into<String>) -> Self {
        Self::from_code(ErrorCode::WrongStatus, message)
    }

    /// 429 with a Retry-After header.
    pub fn too_many_attempts(retry_after_secs: i64) -> Self {
        let mut error = Self::from_code(
            ErrorCode::TooManyAttempts,
            "Too many failed sign-ins. Wait a few minutes, then try again.",
        );
        error.retry_after_secs = Some(retry_after_secs.max(1));
        error
    }

    /// 500: logs the cause, answers without it.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::from_code(ErrorCode::Internal, "Something went wrong on our side.")
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
        // The database's own one-license-per-product rule (migration 0013), met by two
        // assignments of one person at the same instant: the later one is refused, as the
        // check before it would have refused it a moment later.
        if crate::db::licenses::is_second_license(&error) {
            return Self::conflict(ApiError::new(
                ErrorCode::PeopleRefused,
                "Someone in this request already has a license of this product.",
            ));
        }
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
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(json_rejection(JsonRejection::MissingJsonContentType(Default::default())));
        }
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                payload_too_large()
            } else {
                AppError::from_code(ErrorCode::InvalidJson, rejection.body_text())
            }
        })?;
        // Every body of this API is a JSON object; serde alone would also read a struct out of
        // an array (`[]` as a struct whose fields all have defaults).
        if bytes.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|first| *first == b'[') {
            return Err(AppError::from_code(ErrorCode::InvalidBody, "The body must be a JSON object."));
        }
        match Json::<T>::from_bytes(&bytes) {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// `Content-Type: application/json` (or another `…+json`), as axum's `Json` requires.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(content_type) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn json_rejection(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            // serde's text names the field ("missing field `email`", "email: invalid type …");
            // it contains the request's shape, never secret values.
            invalid_body(e.body_text(), "target type: ")
        }
        JsonRejection::JsonSyntaxError(_) => AppError::from_code(ErrorCode::InvalidJson, "The body is not valid JSON."),
        JsonRejection::MissingJsonContentType(_) => AppError::from_code(
            ErrorCode::UnsupportedMediaType,
            "Send the body as JSON with Content-Type: application/json.",
        ),
        JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
        other => AppError::from_code(ErrorCode::InvalidJson, other.body_text()),
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
    // "Failed to deserialize query string: limit: invalid digit found in string"
    invalid_body(rejection.body_text(), "query string: ")
}

/// 422 `invalid_body` with serde's text, naming the field when the text does after `marker`.
fn invalid_body(text: String, marker: &str) -> AppError {
    let mut error = ApiError::new(ErrorCode::InvalidBody, text.clone());
    error.field = field_in(&text, marker);
    error.into()
}

/// 413 in the API's shape.
pub fn payload_too_large() -> AppError {
    AppError::from_code(ErrorCode::PayloadTooLarge, "The request body is too large.")
}

/// Picks the field name out of serde's message: "missing field `email`", or after `marker`
/// "email: invalid type".
fn field_in(text: &str, marker: &str) -> Option<String> {
    if let Some(rest) = text.split("missing field `").nth(1) {
        return rest.split('`').next().map(str::to_owned);
    }
    let detail = text.split(marker).nth(1)?;
    let (field, _) = detail.split_once(": ")?;
    let is_path = !field.is_empty()
        && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '[' || c == ']');
    is_path.then(|| field.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_answers_with_its_status() {
        assert_eq!(status_of(ErrorCode::NotFound), StatusCode::NOT_FOUND);
        assert_eq!(status_of(ErrorCode::BelowAssigned), StatusCode::CONFLICT);
        assert_eq!(status_of(ErrorCode::OutOfRange), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(status_of(ErrorCode::CardDeclined), StatusCode::PAYMENT_REQUIRED);
        assert_eq!(AppError::from(ApiError::new(ErrorCode::ReadOnly, "")).status, StatusCode::FORBIDDEN);
        assert_eq!(AppError::conflict(ApiError::new(ErrorCode::PeopleRefused, "")).status, StatusCode::CONFLICT);
    }

    const BODY: &str = "target type: ";

    #[test]
    fn finds_the_field_in_serde_messages() {
        assert_eq!(
            field_in(
                "Failed to deserialize the JSON body into the target type: missing field `password` at line 1 column 20",
                BODY
            )
            .as_deref(),
            Some("password")
        );
        assert_eq!(field_in("Failed to deserialize the JSON body into the target type: email: invalid type: integer `5`, expected a string at line 1 column 10", BODY).as_deref(), Some("email"));
        assert_eq!(field_in("Failed to deserialize the JSON body into the target type: invalid type: sequence, expected struct SignInRequest", BODY).as_deref(), None);
        let query = "Failed to deserialize query string: limit: invalid digit found in string";
        assert_eq!(field_in(query, "query string: ").as_deref(), Some("limit"));
        assert_eq!(field_in("Failed to deserialize query string: invalid type: map", "query string: "), None);
    }
}
