//! One page of a list: the `offset` and `limit` a query sends, checked and defaulted the same
//! way by every paged list (licensed people, invoices, the admin's purchases, a timeline).

use crate::error::{ApiError, ErrorCode};

/// The page a query asks for, with its list's page sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Rows to skip, as sent.
    pub offset: Option<i64>,
    /// Rows to return, as sent.
    pub limit: Option<i64>,
    /// Rows per page when the query names none.
    pub default_limit: i64,
    /// The most rows one page of this list may have.
    pub max_limit: i64,
}

/// A query for one page of a list.
pub trait Paged {
    /// The page it asks for.
    fn page(&self) -> Page;

    /// Rows to skip.
    fn offset(&self) -> i64 {
        self.page().offset.unwrap_or(0).max(0)
    }

    /// Rows per page.
    fn limit(&self) -> i64 {
        let page = self.page();
        page.limit.unwrap_or(page.default_limit).clamp(1, page.max_limit)
    }

    /// 422 `out_of_range` for an `offset` below 0 or a `limit` outside 1 to the most.
    fn validate_page(&self) -> Result<(), ApiError> {
        let Page { offset, limit, max_limit, .. } = self.page();
        if offset.is_some_and(|offset| offset < 0) {
            return Err(ApiError::field(ErrorCode::OutOfRange, "offset", "The offset cannot be negative."));
        }
        if limit.is_some_and(|limit| !(1..=max_limit).contains(&limit)) {
            let message = format!("A page has 1 to {max_limit} rows.");
            return Err(ApiError::field(ErrorCode::OutOfRange, "limit", message).with_count(max_limit));
        }
        Ok(())
    }
}
