//! What went wrong, in the person's language: [`describe`] words a failed request
//! ([`ApiFailure`]: network, timeout, the server's error) or one of the server's errors
//! ([`ApiError`], e.g. a field's), with the numbers or people it carries. It is the one way the
//! app words an error; pages and panes never match on error codes to word them.

use portal_api::{ApiError, ErrorCode};

use crate::api::ApiFailure;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// Something that went wrong and can be put into words: an [`ApiFailure`] or an [`ApiError`].
pub trait Problem {
    #[doc(hidden)]
    fn words(&self, i18n: I18n) -> String;
}

/// The sentence that says what went wrong, in the person's language.
pub fn describe(i18n: I18n, problem: &impl Problem) -> String {
    problem.words(i18n)
}

impl Problem for ApiFailure {
    fn words(&self, i18n: I18n) -> String {
        match self {
            ApiFailure::Network => t_string!(i18n, errors.network).to_owned(),
            ApiFailure::Timeout => t_string!(i18n, errors.timeout).to_owned(),
            ApiFailure::Api { error, .. } => error.words(i18n),
            ApiFailure::Server(_) | ApiFailure::Decode => t_string!(i18n, errors.server).to_owned(),
        }
    }
}

impl Problem for ApiError {
    fn words(&self, i18n: I18n) -> String {
        let count = self.count.unwrap_or_default();
        match self.code {
            ErrorCode::OutOfRange => t_string!(i18n, errors.out_of_range, max = count).to_string(),
            ErrorCode::BelowAssigned => t_string!(i18n, errors.below_assigned, count = count).to_string(),
            ErrorCode::TooManyPeople => t_string!(i18n, errors.too_many_people, max = count).to_string(),
            ErrorCode::NotEnoughLicenses => t_string!(i18n, errors.not_enough_licenses, count = count).to_string(),
            ErrorCode::PeopleRefused => {
                t_string!(i18n, errors.people_refused, people = self.people.join(", ")).to_string()
            }
            _ => fixed_sentence(i18n, self).to_owned(),
        }
    }
}

/// The sentence for an error that carries no number, by its code and, where the wording
/// depends on it, its field.
fn fixed_sentence(i18n: I18n, error: &ApiError) -> &'static str {
    match (error.code, error.field.as_deref()) {
        (ErrorCode::Required, Some("email")) => t_string!(i18n, errors.email_required),
        (ErrorCode::Required, Some("password")) => t_string!(i18n, errors.password_required),
        (ErrorCode::Required, _) => t_string!(i18n, errors.required),
        (ErrorCode::TooLong, Some("email")) => t_string!(i18n, errors.email_too_long),
        (ErrorCode::TooLong, Some("password")) => t_string!(i18n, errors.password_too_long),
        (ErrorCode::TooLong, _) => t_string!(i18n, errors.too_long),
        (ErrorCode::InvalidEmail, _) => t_string!(i18n, errors.email_invalid),
        (ErrorCode::InvalidText, _) => t_string!(i18n, errors.invalid_text),
        (ErrorCode::GatewayUnavailable, _) => t_string!(i18n, errors.gateway_unavailable),
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
        (ErrorCode::RequestInProgress, _) => t_string!(i18n, errors.request_in_progress),
        (ErrorCode::NoChange, _) => t_string!(i18n, errors.no_change),
        (ErrorCode::TrialNotChangeable, _) => t_string!(i18n, errors.trial_not_changeable),
        (ErrorCode::WrongStatus, _) => t_string!(i18n, errors.wrong_status),
        (ErrorCode::GracePeriodOver, _) => t_string!(i18n, errors.grace_period_over),
        (ErrorCode::NotAllowedForSelfService, _) => t_string!(i18n, errors.not_allowed_for_self_service),
        (ErrorCode::ReadOnly, _) => t_string!(i18n, errors.read_only),
        (ErrorCode::TrialsOnly, _) => t_string!(i18n, errors.trials_only),
        (ErrorCode::ManagedByAdmin, _) => t_string!(i18n, errors.managed_by_admin),
        (ErrorCode::TakeControlFirst, _) => t_string!(i18n, errors.take_control_first),
        (ErrorCode::AlreadyAnswered, _) => t_string!(i18n, errors.already_answered),
        (ErrorCode::AdminOnly, _) => t_string!(i18n, errors.admin_only),
        (ErrorCode::TrialAlreadyUsed, _) => t_string!(i18n, errors.trial_already_used),
        (ErrorCode::PaymentMethodRequired, _) => t_string!(i18n, errors.payment_method_required),
        (
            ErrorCode::InvalidJson
            | ErrorCode::InvalidBody
            | ErrorCode::UnsupportedMediaType
            | ErrorCode::PayloadTooLarge
            | ErrorCode::MethodNotAllowed
            | ErrorCode::IdempotencyKeyRequired
            | ErrorCode::IdempotencyKeyReused
            | ErrorCode::OutOfRange
            | ErrorCode::BelowAssigned
            | ErrorCode::TooManyPeople
            | ErrorCode::NotEnoughLicenses
            | ErrorCode::PeopleRefused
            // Bills & payments and Billing accounts word these on their own pages
            | ErrorCode::InvalidDate
            | ErrorCode::DateRangeReversed
            | ErrorCode::DateRangeTooLong
            | ErrorCode::PaymentMethodInUse
            | ErrorCode::TooManyRecipients
            | ErrorCode::DuplicateRecipient,
            _,
        ) => t_string!(i18n, errors.invalid_request),
    }
}
