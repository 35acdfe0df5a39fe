//! The Invoices period control: its three choices, what the list asks for, and which date
//! input a problem with a typed range belongs to. The rules themselves (the days each choice
//! covers, a range's checks) are `portal_api::invoices`, which the server runs too.

use portal_api::ApiError;
use portal_api::invoices::{Day, InvoicePeriod, InvoiceQuery};

/// Invoices per page.
pub const PAGE_SIZE: i64 = 50;

/// The choices, in the order the control offers them.
pub const PERIODS: [InvoicePeriod; 3] =
    [InvoicePeriod::Past3Months, InvoicePeriod::Past6Months, InvoicePeriod::DateRange];

/// A choice's value in the control.
pub fn key(period: InvoicePeriod) -> &'static str {
    match period {
        InvoicePeriod::Past3Months => "past_3_months",
        InvoicePeriod::Past6Months => "past_6_months",
        InvoicePeriod::DateRange => "date_range",
    }
}

/// The choice for a value of the control; anything else is the default, Past 3 months.
pub fn from_key(value: &str) -> InvoicePeriod {
    PERIODS.into_iter().find(|p| key(*p) == value).unwrap_or_default()
}

/// What the list shows: a period (with its two days when it is a range) and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceView {
    /// The choice.
    pub period: InvoicePeriod,
    /// The start date as typed (`YYYY-MM-DD`), for a range.
    pub from: String,
    /// The end date as typed, for a range.
    pub to: String,
    /// Invoices skipped (a multiple of [`PAGE_SIZE`]).
    pub offset: i64,
}

impl InvoiceView {
    /// The request for this view, or, before anything is sent, what is wrong with the typed
    /// range (the same checks the server makes). `today` and `utc_offset_minutes` are the
    /// person's, so "the past 3 months" ends on their today.
    pub fn query(
        &self,
        today: Day,
        utc_offset_minutes: i32,
        billing_profile_id: Option<&str>,
    ) -> Result<InvoiceQuery, ApiError> {
        let range = self.period == InvoicePeriod::DateRange;
        let query = InvoiceQuery {
            period: Some(self.period),
            from: range.then(|| self.from.trim().to_owned()),
            to: range.then(|| self.to.trim().to_owned()),
            utc_offset_minutes: Some(utc_offset_minutes),
            billing_profile_id: billing_profile_id.map(str::to_owned),
            offset: Some(self.offset),
            limit: Some(PAGE_SIZE),
        };
        query.validate(today)?;
        Ok(query)
    }
}

/// The date input (`from` or `to`) a problem with the range belongs to.
pub fn range_field(error: &ApiError) -> Option<&'static str> {
    match error.field.as_deref() {
        Some("from") => Some("from"),
        Some("to") => Some("to"),
        _ => None,
    }
}

/// "1–50 of 120": the first and last row shown, from 1.
pub fn shown_rows(offset: i64, on_page: usize, total: i64) -> (i64, i64) {
    if on_page == 0 { (0, 0) } else { (offset + 1, (offset + on_page as i64).min(total)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_api::ErrorCode;

    fn today() -> Day {
        Day::parse("2026-11-21").expect("a day")
    }

    fn range(from: &str, to: &str) -> InvoiceView {
        InvoiceView { period: InvoicePeriod::DateRange, from: from.into(), to: to.into(), offset: 0 }
    }

    #[test]
    fn the_control_offers_exactly_the_three_choices_and_starts_on_past_3_months() {
        assert_eq!(PERIODS.len(), 3);
        for period in PERIODS {
            assert_eq!(from_key(key(period)), period);
        }
        assert_eq!(from_key("past_12_months"), InvoicePeriod::Past3Months);
        assert_eq!(InvoiceView::default().period, InvoicePeriod::Past3Months);
    }

    #[test]
    fn past_months_send_no_dates_of_their_own_but_the_persons_time_zone() {
        let view = InvoiceView { period: InvoicePeriod::Past6Months, from: "2020-01-01".into(), ..Default::default() };
        let query = view.query(today(), 60, None).expect("valid");
        assert_eq!((query.from, query.to, query.utc_offset_minutes), (None, None, Some(60)));
        assert_eq!(query.limit, Some(PAGE_SIZE));
        assert_eq!(
            query.period.expect("a period").range(None, None, today()).map(|(f, _)| f.to_string()),
            Ok("2026-05-21".into())
        );
    }

    #[test]
    fn a_range_the_server_would_refuse_is_never_sent() {
        let reversed = range("2026-03-05", "2026-03-04").query(today(), 0, None).expect_err("reversed");
        assert_eq!((reversed.code, range_field(&reversed)), (ErrorCode::DateRangeReversed, Some("from")));
        let long = range("2024-01-01", "2026-01-02").query(today(), 0, None).expect_err("too long");
        assert_eq!((long.code, range_field(&long)), (ErrorCode::DateRangeTooLong, Some("to")));
        let empty = range("", "2026-01-02").query(today(), 0, None).expect_err("no start");
        assert_eq!((empty.code, range_field(&empty)), (ErrorCode::Required, Some("from")));
        let fine = range(" 2026-01-01 ", "2026-03-31").query(today(), 0, Some("bp_1")).expect("valid");
        assert_eq!((fine.from.as_deref(), fine.billing_profile_id.as_deref()), (Some("2026-01-01"), Some("bp_1")));
    }

    #[test]
    fn the_pager_counts_rows_from_one() {
        assert_eq!(shown_rows(0, 50, 120), (1, 50));
        assert_eq!(shown_rows(100, 20, 120), (101, 120));
        assert_eq!(shown_rows(0, 0, 0), (0, 0));
    }
}
