//! Turning the server's error codes and failed requests into the person's language.

use portal_api::{ApiError, ErrorCode};

use crate::api::ApiFailure;
use crate::i18n::*;
use leptos_i18n::I18nContext;

/// The localized sentence for an API error, using its field where the wording depends on it.
pub fn api_error_text(i18n: I18nContext<Locale>, error: &ApiError) -> &'static str {
    match (error.code, error.field.as_deref()) {
        (ErrorCode::Required, Some("email")) => t_string!(i18n, errors.email_required),
        (ErrorCode::Required, Some("password")) => t_string!(i18n, errors.password_required),
        (ErrorCode::Required, _) => t_string!(i18n, errors.required),
        (ErrorCode::TooLong, Some("email")) => t_string!(i18n, errors.email_too_long),
        (ErrorCode::TooLong, Some("password")) => t_string!(i18n, errors.password_too_long),
        (ErrorCode::TooLong, _) => t_string!(i18n, errors.too_long),
        (ErrorCode::InvalidEmail, _) => t_string!(i18n, errors.email_invalid),
        (ErrorCode::CardNumberInvalid, _) => t_string!(i18n, errors.card_number_invalid),
        (ErrorCode::CardExpired, _) => t_string!(i18n, errors.card_expired),
        (ErrorCode::SecurityCodeInvalid, _) => t_string!(i18n, errors.security_code_invalid),
        (ErrorCode::CardDeclined, _) => t_string!(i18n, errors.card_declined),
        (ErrorCode::InvalidCredentials, _) => t_string!(i18n, errors.invalid_credentials),
        (ErrorCode::TooManyAttempts, _) => t_string!(i18n, errors.too_many_attempts),
        (ErrorCode::Unauthenticated, _) => t_string!(i18n, errors.session_expired),
        (ErrorCode::NotFound, _) => t_string!(i18n, errors.not_found),
        (ErrorCode::Timeout, _) => t_string!(i18n, errors.timeout),
        (ErrorCode::Internal, _) => t_string!(i18n, errors.server),
        (
            ErrorCode::InvalidJson
            | ErrorCode::InvalidBody
            | ErrorCode::UnsupportedMediaType
            | ErrorCode::PayloadTooLarge
            | ErrorCode::MethodNotAllowed,
            _,
        ) => t_string!(i18n, errors.invalid_request),
    }
}

/// The localized sentence for any failed request.
pub fn failure_text(i18n: I18nContext<Locale>, failure: &ApiFailure) -> &'static str {
    match failure {
        ApiFailure::Network => t_string!(i18n, errors.network),
        ApiFailure::Timeout => t_string!(i18n, errors.timeout),
        ApiFailure::Api { error, .. } => api_error_text(i18n, error),
        ApiFailure::Server(_) | ApiFailure::Decode => t_string!(i18n, errors.server),
    }
}
