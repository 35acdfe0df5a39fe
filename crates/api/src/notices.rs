//! Notices: what a person should know about. Admins get one for each new self-service purchase,
//! trial and license request; a purchaser gets one when an admin takes control of their
//! subscription or moves its people; a requester when their request is answered.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};

/// Most notices one list answers with (newest first).
pub const MAX_NOTICES: i64 = 100;
/// Most notices one Mark as read may name.
pub const MAX_MARKED: usize = 100;

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// Someone bought a product (`subject_id`: the subscription).
    Purchase,
    /// Someone started a trial (`subject_id`: the subscription).
    Trial,
    /// Someone requested licenses (`subject_id`: the request).
    LicenseRequest,
    /// An admin took control of your subscription (`subject_id`: the subscription).
    TakenOver,
    /// An admin moved your subscription's people to an organization subscription and canceled
    /// it (`subject_id`: the subscription).
    UsersMoved,
    /// An admin answered your license request (`subject_id`: the request).
    RequestAnswered,
}

/// One notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    /// Stable id.
    pub id: String,
    /// What it is about.
    pub kind: NoticeKind,
    /// The subscription or the request it is about (see each kind).
    pub subject_id: String,
    /// The product's name.
    pub product_name: String,
    /// Who did it.
    pub actor_name: String,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Whether the person has marked it read.
    pub read: bool,
}

/// `GET /api/notices`: the person's notices, newest first (up to 100), and how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeList {
    /// Newest first.
    pub notices: Vec<Notice>,
    /// Unread notices in all (the count in the navigation).
    pub unread: i64,
}

/// `POST /api/notices/read`: mark notices read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    /// The notices to mark read (up to 100); empty: every notice of the person.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub ids: Vec<String>,
}

impl MarkRead {
    /// The checks the page and the server both make.
    pub fn validate(&self) -> Result<(), ApiError> {
        if self.ids.len() > MAX_MARKED {
            return Err(ApiError::field(ErrorCode::OutOfRange, "ids", "Up to 100 notices at a time.")
                .with_count(MAX_MARKED as i64));
        }
        Ok(())
    }
}
