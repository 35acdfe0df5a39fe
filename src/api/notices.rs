//! Notices: what the signed-in person should know about (new purchases, trials and requests for
//! admins; answers and take-overs for the people they concern).

use portal_api::notices::{MarkRead, NoticeList};

use super::ApiFailure;

/// The person's notices, newest first, and how many are unread.
pub async fn list() -> Result<NoticeList, ApiFailure> {
    super::get("/notices").await
}

/// Marks the notices named read (none named: all of them).
pub async fn mark_read(ids: Vec<String>) -> Result<NoticeList, ApiFailure> {
    super::post("/notices/read", &MarkRead { ids }).await
}
