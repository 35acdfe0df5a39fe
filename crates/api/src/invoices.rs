//! Bills & payments > Invoices: the invoices of the billing profiles a person pays for, the
//! period they are listed for, an invoice's details, and its PDF.
//!
//! # Endpoints
//!
//! | method | path | query | body | answers |
//! |---|---|---|---|---|
//! | GET | `/api/invoices` | [`InvoiceQuery`]: `period` (`past_3_months` default, `past_6_months`, `date_range`), `from`, `to` (`YYYY-MM-DD`, both for `date_range`), `utc_offset_minutes`, `billing_profile_id`, `offset`, `limit` | – | 200 [`InvoiceList`]; 422 `required` / `invalid_date` (field `from`/`to`), `date_range_reversed` (field `from`), `date_range_too_long` (field `to`, `count` 24), `out_of_range` (`offset`, `limit`, `utc_offset_minutes`); 404 for a `billing_profile_id` the person may not read |
//! | GET | `/api/invoices/{id}` | – | – | 200 [`InvoiceDetails`]; 404 |
//! | GET | `/api/invoices/{id}.pdf` | `lang` (`en` default, `da`, `de`, `nl`, `sv`) | – | 200 `application/pdf` (with `Content-Disposition: attachment; filename="<number>.pdf"`); 404 |
//!
//! Who sees what: a person sees the invoices of the billing profiles they own; an admin sees
//! every invoice of the organization; anyone else gets 404. Newest first (issue date, then id).

use serde::{Deserialize, Serialize};

pub use crate::day::Day;
use crate::error::{ApiError, ErrorCode};
use crate::money::Money;
use crate::page::{Page, Paged};

/// Rows per page when `limit` is not given.
pub const DEFAULT_PAGE_SIZE: i64 = 50;
/// Most rows one page may have.
pub const MAX_PAGE_SIZE: i64 = 200;
/// The longest date range that can be asked for, in months.
pub const MAX_RANGE_MONTHS: i32 = 24;
/// The languages an invoice PDF can be written in.
pub const PDF_LANGUAGES: [&str; 5] = ["en", "da", "de", "nl", "sv"];

/// Which invoices to list: the seed's three choices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoicePeriod {
    /// Issued from the same day three months ago through today (the default).
    #[default]
    #[serde(rename = "past_3_months")]
    Past3Months,
    /// Issued from the same day six months ago through today.
    #[serde(rename = "past_6_months")]
    Past6Months,
    /// Issued from `from` through `to`, both included.
    DateRange,
}

/// Where an invoice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Paid in full.
    Paid,
    /// Not paid yet, and not past its due date.
    Due,
    /// Not paid and past its due date.
    PastDue,
    /// Settled by credits (nothing was charged).
    Credited,
}

/// `GET /api/invoices`: which invoices, and which page of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InvoiceQuery {
    /// `past_3_months` (default), `past_6_months` or `date_range`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub period: Option<InvoicePeriod>,
    /// First day of a `date_range` (`YYYY-MM-DD`, included).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub from: Option<String>,
    /// Last day of a `date_range` (`YYYY-MM-DD`, included).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub to: Option<String>,
    /// The person's offset from UTC in minutes (CET is 60), so "today" for the past 3 or 6
    /// months is the person's today; -840 to 840, default 0.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = -840, maximum = 840))]
    pub utc_offset_minutes: Option<i32>,
    /// Only this billing profile's invoices (its details page).
    #[serde(default)]
    pub billing_profile_id: Option<String>,
    /// Rows to skip (default 0).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    /// Rows to return, 1 to 200 (default 50).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<i64>,
}

impl InvoiceQuery {
    /// The checks the page (before sending) and the server both make; on success, the first
    /// and last day to list, given the person's `today`.
    pub fn validate(&self, today: Day) -> Result<(Day, Day), ApiError> {
        if self.utc_offset_minutes.is_some_and(|m| !(-840..=840).contains(&m)) {
            return Err(ApiError::field(
                ErrorCode::OutOfRange,
                "utc_offset_minutes",
                "The UTC offset is -840 to 840 minutes.",
            )
            .with_count(840));
        }
        self.validate_page()?;
        // A day that is given must be a day, whatever the period (only a date range uses them).
        for (text, field) in [(&self.from, "from"), (&self.to, "to")] {
            if let Some(text) = text {
                parse_field(Some(text), field)?;
            }
        }
        self.period.unwrap_or_default().range(self.from.as_deref(), self.to.as_deref(), today)
    }
}

impl Paged for InvoiceQuery {
    fn page(&self) -> Page {
        Page { offset: self.offset, limit: self.limit, default_limit: DEFAULT_PAGE_SIZE, max_limit: MAX_PAGE_SIZE }
    }
}

impl InvoicePeriod {
    /// The first and last day of the period (both included). A `date_range` needs both days,
    /// the start not after the end, and at most 24 months between them.
    pub fn range(self, from: Option<&str>, to: Option<&str>, today: Day) -> Result<(Day, Day), ApiError> {
        match self {
            InvoicePeriod::Past3Months => Ok((today.add_months(-3), today)),
            InvoicePeriod::Past6Months => Ok((today.add_months(-6), today)),
            InvoicePeriod::DateRange => {
                let from = parse_field(from, "from")?;
                let to = parse_field(to, "to")?;
                if from > to {
                    return Err(ApiError::field(
                        ErrorCode::DateRangeReversed,
                        "from",
                        "The start date is after the end date.",
                    ));
                }
                if to > from.add_months(MAX_RANGE_MONTHS) {
                    return Err(ApiError::field(
                        ErrorCode::DateRangeTooLong,
                        "to",
                        "Choose a date range of 24 months or less.",
                    )
                    .with_count(i64::from(MAX_RANGE_MONTHS)));
                }
                Ok((from, to))
            }
        }
    }
}

fn parse_field(text: Option<&str>, field: &str) -> Result<Day, ApiError> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(ApiError::field(ErrorCode::Required, field, "Choose a date."));
    }
    Day::parse(text).ok_or_else(|| ApiError::field(ErrorCode::InvalidDate, field, "Enter a date as YYYY-MM-DD."))
}

/// One row of the invoice list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceSummary {
    /// Stable id, for the details page and the PDF.
    pub id: String,
    /// The invoice number printed on it, e.g. `G2026001004`.
    pub number: String,
    /// The day it was issued (`YYYY-MM-DD`).
    pub issued_on: String,
    /// The day it is due (`YYYY-MM-DD`).
    pub due_on: String,
    /// The billing profile it was sent to.
    pub billing_profile_id: String,
    /// That billing profile's name.
    pub billing_profile_name: String,
    /// The amount charged: total with tax, less credits applied, in the invoice's currency.
    pub amount: Money,
    /// Paid, due, past due or credited.
    pub status: InvoiceStatus,
}

/// `GET /api/invoices`: one page of the invoices of the period, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceList {
    /// This page's invoices, newest first.
    pub invoices: Vec<InvoiceSummary>,
    /// How many invoices the whole period has (all pages).
    pub total: i64,
    /// Rows skipped before this page.
    pub offset: i64,
    /// The page size asked for.
    pub limit: i64,
    /// The first day listed (`YYYY-MM-DD`), as the server resolved the period.
    pub from: String,
    /// The last day listed (`YYYY-MM-DD`).
    pub to: String,
}

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceLineItem {
    /// The product (or what was billed), e.g. "Power BI Pro".
    pub product: String,
    /// How many licenses.
    pub quantity: i64,
    /// Price of one, for the line's period, before tax.
    pub unit_price: Money,
    /// Quantity × unit price (prorated when `prorated`), before tax.
    pub amount: Money,
    /// First day the line covers (`YYYY-MM-DD`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_start: Option<String>,
    /// Last day the line covers (`YYYY-MM-DD`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_end: Option<String>,
    /// Only part of a term was billed (licenses added mid-term).
    pub prorated: bool,
}

/// A name and address on an invoice (seller, sold-to, bill-to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    /// Company or person.
    pub name: String,
    /// Street and number.
    pub line1: String,
    /// Second address line, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// City.
    pub city: String,
    /// Postal code.
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
}

/// The card an invoice was paid with, as it is kept: brand and last 4 only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoicePayment {
    /// Card brand.
    pub brand: crate::cards::CardBrand,
    /// Last four digits.
    pub last4: String,
}

/// `GET /api/invoices/{id}`: everything on the invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceDetails {
    /// The row the list shows.
    #[serde(flatten)]
    pub summary: InvoiceSummary,
    /// Who issued it.
    pub seller: Party,
    /// Who it was sold to (the billing profile's sold-to).
    pub sold_to: Party,
    /// Who it is billed to (the billing profile's bill-to).
    pub bill_to: Party,
    /// Its lines.
    pub lines: Vec<InvoiceLineItem>,
    /// Sum of the lines, before tax.
    pub subtotal: Money,
    /// Tax rate in basis points (2100 is 21 %).
    pub tax_rate_bp: i64,
    /// Tax, its own line.
    pub tax: Money,
    /// Subtotal plus tax.
    pub total: Money,
    /// Credits taken off the total (zero or positive).
    pub credits_applied: Money,
    /// The card charged, when a card was charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<InvoicePayment>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).expect("a day")
    }

    fn range(from: &str, to: &str) -> Result<(Day, Day), ApiError> {
        InvoicePeriod::DateRange.range(Some(from), Some(to), day("2026-03-15"))
    }

    #[test]
    fn periods_are_named_as_the_api_documents_them() {
        let names: Vec<String> = [InvoicePeriod::Past3Months, InvoicePeriod::Past6Months, InvoicePeriod::DateRange]
            .iter()
            .map(|p| serde_json::to_string(p).expect("serializes"))
            .collect();
        assert_eq!(names, [r#""past_3_months""#, r#""past_6_months""#, r#""date_range""#]);
    }

    #[test]
    fn the_past_months_end_today_and_start_on_the_same_day_months_ago() {
        let today = day("2026-03-15");
        assert_eq!(InvoicePeriod::Past3Months.range(None, None, today), Ok((day("2025-12-15"), today)));
        assert_eq!(InvoicePeriod::Past6Months.range(None, None, today), Ok((day("2025-09-15"), today)));
    }

    #[test]
    fn a_day_that_is_given_must_be_a_day_even_when_the_period_does_not_use_it() {
        let today = day("2026-03-15");
        let query = |to: &str| InvoiceQuery { to: Some(to.into()), ..Default::default() };
        assert_eq!(query("2026-01-01").validate(today), Ok((day("2025-12-15"), today)));
        for wrong in ["", "2026-02-30", "yesterday"] {
            let error = query(wrong).validate(today).expect_err(wrong);
            assert_eq!(error.field.as_deref(), Some("to"), "{wrong}");
        }
    }

    #[test]
    fn a_date_range_is_refused_when_reversed_or_over_24_months() {
        assert_eq!(range("2026-01-01", "2026-01-01"), Ok((day("2026-01-01"), day("2026-01-01"))));
        let reversed = range("2026-01-02", "2026-01-01").expect_err("reversed");
        assert_eq!((reversed.code, reversed.field.as_deref()), (ErrorCode::DateRangeReversed, Some("from")));
        assert!(range("2024-01-01", "2026-01-01").is_ok(), "exactly 24 months");
        let long = range("2024-01-01", "2026-01-02").expect_err("a day over");
        assert_eq!((long.code, long.field.as_deref(), long.count), (ErrorCode::DateRangeTooLong, Some("to"), Some(24)));
        let missing = InvoicePeriod::DateRange.range(None, Some("2026-01-01"), day("2026-03-15")).expect_err("no from");
        assert_eq!((missing.code, missing.field.as_deref()), (ErrorCode::Required, Some("from")));
        let bad = range("2026-01-01", "2026-02-30").expect_err("no such day");
        assert_eq!((bad.code, bad.field.as_deref()), (ErrorCode::InvalidDate, Some("to")));
    }
}
