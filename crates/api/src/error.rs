//! The one error shape every endpoint answers with.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable reason. The app maps each code to localized text, so the
/// server's `message` is only a fallback for people reading the API directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON (400).
    InvalidJson,
    /// The body is JSON, but a field is missing or of the wrong type (422).
    InvalidBody,
    /// The request needs `Content-Type: application/json` (415).
    UnsupportedMediaType,
    /// The body is larger than the server accepts (413).
    PayloadTooLarge,
    /// No valid session: sign in first (401).
    Unauthenticated,
    /// Email or password is wrong (401).
    InvalidCredentials,
    /// Too many failed sign-ins; wait before trying again (429).
    TooManyAttempts,
    /// Nothing here, or nothing this person may see (404).
    NotFound,
    /// That method is not allowed on this resource (405).
    MethodNotAllowed,
    /// A field is required but empty (422).
    Required,
    /// A field is longer than allowed (422).
    TooLong,
    /// An email address is not well formed (422).
    InvalidEmail,
    /// A card number is not a card number: wrong length, failed checksum, unknown brand (422).
    CardNumberInvalid,
    /// A card's expiry date has passed or is not a date (422).
    CardExpired,
    /// A card's security code has the wrong length (422).
    SecurityCodeInvalid,
    /// The card issuer declined the payment; nothing was charged (402).
    CardDeclined,
    /// The server took too long (408).
    Timeout,
    /// Something failed on the server; the details are in its log, not here (500).
    Internal,
}

/// What went wrong, for the app and for people calling the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Stable reason; the app translates it.
    pub code: ErrorCode,
    /// English explanation, for logs and API users.
    pub message: String,
    /// The request field at fault, when one is (for example `email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The JSON body of every error response: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// The error.
    pub error: ApiError,
}

impl ApiError {
    /// An error about one field of the request.
    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: Some(field.to_owned()) }
    }
}
