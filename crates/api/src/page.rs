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

#[cfg(test)]
mod tests {
    use super::*;

    struct Asked(Option<i64>, Option<i64>);

    impl Paged for Asked {
        fn page(&self) -> Page {
            Page { offset: self.0, limit: self.1, default_limit: 20, max_limit: 100 }
        }
    }

    #[test]
    fn a_page_defaults_and_clamps_what_was_sent_and_refuses_what_is_out_of_range() {
        assert_eq!((Asked(None, None).offset(), Asked(None, None).limit()), (0, 20));
        assert_eq!((Asked(Some(40), Some(100)).offset(), Asked(Some(40), Some(100)).limit()), (40, 100));
        assert!(Asked(Some(0), Some(1)).validate_page().is_ok());
        let negative = Asked(Some(-1), None).validate_page().expect_err("a negative offset");
        assert_eq!((negative.code, negative.field.as_deref()), (ErrorCode::OutOfRange, Some("offset")));
        for limit in [0, 101] {
            let refused = Asked(None, Some(limit)).validate_page().expect_err("a limit outside 1 to 100");
            assert_eq!(
                (refused.code, refused.field.as_deref(), refused.count),
                (ErrorCode::OutOfRange, Some("limit"), Some(100))
            );
        }
    }
}
