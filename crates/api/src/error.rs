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
    /// A text field holds control or invisible formatting characters (NUL, a zero-width space,
    /// a right-to-left override) (422).
    InvalidText,
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
    /// A request that moves money or changes a subscription needs an `Idempotency-Key` header (400).
    IdempotencyKeyRequired,
    /// This `Idempotency-Key` was already used for a different request (422).
    IdempotencyKeyReused,
    /// A request with this `Idempotency-Key` is still being processed; retry shortly (409).
    RequestInProgress,
    /// A number is outside its allowed range; `count` holds the largest allowed (422).
    OutOfRange,
    /// The request changes nothing, e.g. the same license total as now (422).
    NoChange,
    /// The new total is below the licenses assigned; `count` says how many people to unassign first (409).
    BelowAssigned,
    /// A trial's licenses cannot be changed; buy it first (409).
    TrialNotChangeable,
    /// The subscription is not in a state that allows this (409).
    WrongStatus,
    /// A canceled subscription can only be reactivated within its grace period, which has ended (409).
    GracePeriodOver,
    /// The organization does not let people buy or trial this product themselves (403).
    NotAllowedForSelfService,
    /// The person may see this but not change it here, e.g. an admin on another's subscription (403).
    ReadOnly,
    /// The organization allows only trials of this product: start a trial, or ask your admin (403).
    TrialsOnly,
    /// An admin has taken control of this subscription: its purchaser can no longer change it (403).
    ManagedByAdmin,
    /// An admin must take control of the subscription first (409).
    TakeControlFirst,
    /// The license request has already been answered (409).
    AlreadyAnswered,
    /// Only the organization's admins may do this (403).
    AdminOnly,
    /// The person already has (or had) a trial of this product (409).
    TrialAlreadyUsed,
    /// This needs a payment method (422, field `payment`).
    PaymentMethodRequired,
    /// More people than one request may carry; `count` is the limit (422).
    TooManyPeople,
    /// Fewer licenses are available than asked for; `count` is how many are available (409).
    NotEnoughLicenses,
    /// One or more people cannot be given a license (not in the organization, or already have
    /// one); `people` says who (422/409).
    PeopleRefused,
    /// A date is not a calendar day in `YYYY-MM-DD` form (422, field says which).
    InvalidDate,
    /// A date range starts after it ends (422, field `from`).
    DateRangeReversed,
    /// A date range is longer than allowed; `count` is the most months (422, field `to`).
    DateRangeTooLong,
    /// A card is still used; `used_by` names the billing profiles and subscriptions that pay
    /// with it (409).
    PaymentMethodInUse,
    /// More invoice email recipients than allowed; `count` is the limit (422).
    TooManyRecipients,
    /// The same email address twice in a list (422, field `recipients[i]`).
    DuplicateRecipient,
    /// The payment gateway could not be reached; nothing was charged, try again (503).
    GatewayUnavailable,
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
    /// A number the message needs, e.g. how many licenses are available (see each code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// Who the error is about, e.g. the people a batch could not include.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    /// What uses the thing the request is about, e.g. the billing profiles and subscriptions
    /// that pay with a card that cannot be removed (`payment_method_in_use`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<String>,
}

/// The JSON body of every error response: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// The error.
    pub error: ApiError,
}

impl ApiError {
    /// An error with a code and an English message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None, count: None, people: Vec::new(), used_by: Vec::new() }
    }

    /// An error about one field of the request.
    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        Self { field: Some(field.to_owned()), ..Self::new(code, message) }
    }

    /// The same error carrying a number its message needs.
    pub fn with_count(self, count: i64) -> Self {
        Self { count: Some(count), ..self }
    }

    /// The same error naming the people it is about.
    pub fn with_people(self, people: Vec<String>) -> Self {
        Self { people, ..self }
    }

    /// The same error naming what uses the thing it is about.
    pub fn with_used_by(self, used_by: Vec<String>) -> Self {
        Self { used_by, ..self }
    }
}
