//! Invoices: Bills & payments > Invoices, an invoice's details, and where its PDF downloads.

use portal_api::invoices::{InvoiceDetails, InvoiceList, InvoicePeriod, InvoiceQuery};

use super::{ApiFailure, encode_path_segment, percent_encode};

/// The query string (without `?`) for a page of invoices.
pub fn query_string(query: &InvoiceQuery) -> String {
    let mut parts = Vec::new();
    if let Some(period) = query.period {
        let period = match period {
            InvoicePeriod::Past3Months => "past_3_months",
            InvoicePeriod::Past6Months => "past_6_months",
            InvoicePeriod::DateRange => "date_range",
        };
        parts.push(format!("period={period}"));
    }
    let text = [("from", &query.from), ("to", &query.to), ("billing_profile_id", &query.billing_profile_id)];
    for (name, value) in text {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{name}={}", percent_encode(value, b"")));
        }
    }
    let numbers = [
        ("utc_offset_minutes", query.utc_offset_minutes.map(i64::from)),
        ("offset", query.offset),
        ("limit", query.limit),
    ];
    for (name, value) in numbers {
        if let Some(value) = value {
            parts.push(format!("{name}={value}"));
        }
    }
    parts.join("&")
}

/// One page of the invoices of a period, newest first.
pub async fn list(query: &InvoiceQuery) -> Result<InvoiceList, ApiFailure> {
    super::get(&format!("/invoices?{}", query_string(query))).await
}

/// Everything on one invoice.
pub async fn get(id: &str) -> Result<InvoiceDetails, ApiFailure> {
    super::get(&format!("/invoices/{}", encode_path_segment(id))).await
}

/// Where Download PDF gets the invoice, written in `language` (a plain link: the session
/// cookie goes with it, and the browser saves the file).
pub fn pdf_url(id: &str, language: &str) -> String {
    super::url(&format!("/invoices/{}.pdf?lang={}", encode_path_segment(id), percent_encode(language, b"")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_names_the_period_and_encodes_what_was_typed() {
        let query = InvoiceQuery {
            period: Some(InvoicePeriod::DateRange),
            from: Some("2026-01-01".into()),
            to: Some("2026-03-31".into()),
            utc_offset_minutes: Some(-300),
            billing_profile_id: Some("bp a&b".into()),
            offset: Some(50),
            limit: Some(50),
        };
        assert_eq!(
            query_string(&query),
            "period=date_range&from=2026-01-01&to=2026-03-31&billing_profile_id=bp%20a%26b&utc_offset_minutes=-300&offset=50&limit=50"
        );
        let past = InvoiceQuery { period: Some(InvoicePeriod::Past6Months), ..InvoiceQuery::default() };
        assert_eq!(query_string(&past), "period=past_6_months");
    }
}
