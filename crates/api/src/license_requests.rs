//! License requests: where the organization's policy says Do not allow, a person asks their
//! admin for licenses of a product, for themselves and up to 19 colleagues; an admin approves
//! all, some or none of the people, with a message. Approving assigns licenses from an
//! organization subscription of the product with free licenses.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};
use crate::licenses::MAX_PEOPLE_PER_BATCH;
use crate::text;

/// Most people one request may name (the person and colleagues): the Assign licenses limit.
pub const MAX_PEOPLE_PER_REQUEST: usize = MAX_PEOPLE_PER_BATCH;
/// Most characters of a request's message, and of an admin's answer.
pub const MESSAGE_MAX_CHARS: usize = 500;

/// `POST /api/license-requests`: Request licenses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewLicenseRequest {
    /// The product wanted.
    pub product_id: String,
    /// Who needs a license: 1 to 20 people of the organization, each once (the person
    /// themselves among them, or not).
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub user_ids: Vec<String>,
    /// Why, for the admin (optional, up to 500 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub message: Option<String>,
}

impl NewLicenseRequest {
    /// The checks the page and the server both make.
    pub fn validate(&self) -> Result<(), ApiError> {
        if self.user_ids.is_empty() {
            return Err(ApiError::field(ErrorCode::Required, "user_ids", "Choose who needs a license."));
        }
        if self.user_ids.len() > MAX_PEOPLE_PER_REQUEST {
            return Err(ApiError::field(ErrorCode::TooManyPeople, "user_ids", "Up to 20 people per request.")
                .with_count(MAX_PEOPLE_PER_REQUEST as i64));
        }
        validate_people(&self.user_ids, "user_ids")?;
        validate_message(self.message.as_deref())
    }

    /// The message, trimmed; `None` when empty.
    pub fn message_text(&self) -> Option<&str> {
        message_text(self.message.as_deref())
    }
}

/// Where a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Not answered yet.
    Pending,
    /// Everyone in it got a license.
    Approved,
    /// Some people got a license, the others were declined.
    PartlyApproved,
    /// No one got a license.
    Declined,
}

impl RequestStatus {
    /// The wire and database name.
    pub const fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::PartlyApproved => "partly_approved",
            RequestStatus::Declined => "declined",
        }
    }
}

/// Where one person of a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestedPersonStatus {
    /// Not answered yet.
    Pending,
    /// Got a license.
    Approved,
    /// Declined.
    Declined,
}

/// A person a request names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestedPerson {
    /// Their id.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Their email address.
    pub email: String,
    /// Approved, declined, or not answered yet.
    pub status: RequestedPersonStatus,
}

/// A license request, as its requester and the organization's admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseRequest {
    /// Stable id.
    pub id: String,
    /// The product wanted.
    pub product_id: String,
    /// Its name.
    pub product_name: String,
    /// Who asked.
    pub requester_id: String,
    /// Their name.
    pub requester_name: String,
    /// Who needs a license, in the order asked.
    pub people: Vec<RequestedPerson>,
    /// The requester's message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Where it is.
    pub status: RequestStatus,
    /// When it was sent (RFC 3339, UTC).
    pub created_at: String,
    /// When it was answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<String>,
    /// The admin who answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_by_name: Option<String>,
    /// The admin's message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_message: Option<String>,
}

/// `GET /api/license-requests` (the person's own) and `GET /api/admin/license-requests` (the
/// organization's, admins): newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseRequestList {
    /// Newest first.
    pub requests: Vec<LicenseRequest>,
}

/// `GET /api/admin/license-requests/{id}`: a request and what answering it can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseRequestDetails {
    /// The request.
    pub request: LicenseRequest,
    /// Free licenses of the product over the organization's (admin-managed) subscriptions
    /// that hold licenses: approving more people than this approves nobody.
    pub free_licenses: i64,
}

/// `POST /api/admin/license-requests/{id}/answer` (admins, Idempotency-Key): approve all, some or
/// none of the people; everyone not approved is declined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestAnswer {
    /// The people (of the request) who get a license; empty declines the whole request.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub approve_user_ids: Vec<String>,
    /// For the requester (optional, up to 500 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub message: Option<String>,
}

impl RequestAnswer {
    /// The checks the page and the server both make.
    pub fn validate(&self) -> Result<(), ApiError> {
        if self.approve_user_ids.len() > MAX_PEOPLE_PER_REQUEST {
            return Err(ApiError::field(ErrorCode::TooManyPeople, "approve_user_ids", "Up to 20 people per request.")
                .with_count(MAX_PEOPLE_PER_REQUEST as i64));
        }
        validate_people(&self.approve_user_ids, "approve_user_ids")?;
        validate_message(self.message.as_deref())
    }

    /// The message, trimmed; `None` when empty.
    pub fn message_text(&self) -> Option<&str> {
        message_text(self.message.as_deref())
    }
}

fn validate_people(ids: &[String], field: &str) -> Result<(), ApiError> {
    for (i, id) in ids.iter().enumerate() {
        if id.trim().is_empty() || id.len() > 100 {
            return Err(ApiError::field(ErrorCode::InvalidBody, &format!("{field}[{i}]"), "Not a person's id."));
        }
        if ids[..i].contains(id) {
            return Err(ApiError::field(ErrorCode::InvalidBody, &format!("{field}[{i}]"), "A person is named twice."));
        }
    }
    Ok(())
}

fn validate_message(message: Option<&str>) -> Result<(), ApiError> {
    match message.map(|m| text::clean(m, MESSAGE_MAX_CHARS)) {
        Some(Err(text::TextError::TooLong)) => {
            Err(ApiError::field(ErrorCode::TooLong, "message", "A message can be up to 500 characters.")
                .with_count(MESSAGE_MAX_CHARS as i64))
        }
        Some(Err(text::TextError::NotText)) => Err(text::text_error(text::TextError::NotText, "message")),
        None | Some(Ok(_) | Err(text::TextError::Empty)) => Ok(()),
    }
}

fn message_text(message: Option<&str>) -> Option<&str> {
    message.and_then(|m| text::clean(m, MESSAGE_MAX_CHARS).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(ids: &[&str], message: Option<&str>) -> NewLicenseRequest {
        NewLicenseRequest {
            product_id: "prd_x".into(),
            user_ids: ids.iter().map(|id| (*id).to_owned()).collect(),
            message: message.map(str::to_owned),
        }
    }

    #[test]
    fn a_request_names_one_to_twenty_people_each_once() {
        assert_eq!(request(&["a"], None).validate(), Ok(()));
        assert_eq!(request(&[], None).validate().map_err(|e| e.code), Err(ErrorCode::Required));
        let twenty_one: Vec<String> = (0..21).map(|i| format!("u{i}")).collect();
        let refs: Vec<&str> = twenty_one.iter().map(String::as_str).collect();
        assert_eq!(request(&refs, None).validate().map_err(|e| e.code), Err(ErrorCode::TooManyPeople));
        let twice = request(&["a", "b", "a"], None).validate().expect_err("twice");
        assert_eq!(twice.field.as_deref(), Some("user_ids[2]"));
    }

    #[test]
    fn messages_are_text_up_to_500_characters_and_empty_is_none() {
        assert_eq!(request(&["a"], Some(&"ø".repeat(500))).validate(), Ok(()));
        assert_eq!(request(&["a"], Some(&"x".repeat(501))).validate().map_err(|e| e.code), Err(ErrorCode::TooLong));
        assert_eq!(request(&["a"], Some("\u{200B}")).validate().map_err(|e| e.code), Err(ErrorCode::InvalidText));
        assert_eq!(request(&["a"], Some("  ")).message_text(), None);
        assert_eq!(request(&["a"], Some(" For the audit team ")).message_text(), Some("For the audit team"));
    }
}
