//! Bills & payments > Invoices: the list of a period, one invoice, and its PDF.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use portal_api::ErrorBody;
use portal_api::invoices::{Day, InvoiceDetails, InvoiceList, InvoiceQuery, Party};
use portal_api::{ErrorCode, Money, Paged};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::billing::day_of;
use crate::db;
use crate::db::invoices::Period;
use crate::error::{ApiQuery, AppError};
use crate::invoice_pdf;
use crate::state::AppState;

/// The invoice routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/invoices", get(list)).route("/invoices/{id}", get(get_one_or_pdf))
}

/// Who issues the invoices: the portal's operator.
pub fn seller() -> Party {
    Party {
        name: "Northwind Cloud Services B.V.".into(),
        line1: "Kingsfordweg 151".into(),
        line2: None,
        city: "Amsterdam".into(),
        postal_code: "1043 GR".into(),
        country: "NL".into(),
    }
}

/// The person's today: the server's clock moved by their offset from UTC.
fn person_today(state: &AppState, utc_offset_minutes: Option<i32>) -> Day {
    let offset = i64::from(utc_offset_minutes.unwrap_or(0).clamp(-840, 840));
    let date = (state.clock.now() + time::Duration::minutes(offset)).date();
    day_of(date)
}

/// One page of the invoices of a period (Past 3 months by default), newest first: the
/// person's own billing profiles', or, for an admin, the organization's.
#[utoipa::path(get, path = "/api/invoices", tag = "invoices",
    params(InvoiceQuery),
    responses(
        (status = 200, description = "A page of the period's invoices, newest first", body = InvoiceList),
        (status = 404, description = "A billing profile this person may not see", body = ErrorBody),
        (status = 422, description = "A date range that is reversed, over 24 months or not dates; a bad page", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<InvoiceQuery>,
) -> Result<Json<InvoiceList>, AppError> {
    let today = person_today(&state, query.utc_offset_minutes);
    let (from, to) = query.validate(today)?;
    let viewer = user.viewer();
    let profile = query.billing_profile_id.as_deref().unwrap_or_default();
    if !profile.is_empty()
        && db::billing_accounts::profiles(&state.db, viewer, None).await?.iter().all(|p| p.id != profile)
    {
        return Err(AppError::not_found());
    }
    let mut conn = state.db.acquire().await?;
    let period = Period { from, to, billing_profile_id: profile };
    let (invoices, total) =
        db::invoices::page(&mut conn, viewer, &period, query.offset(), query.limit(), today).await?;
    Ok(Json(InvoiceList {
        invoices,
        total,
        offset: query.offset(),
        limit: query.limit(),
        from: from.to_string(),
        to: to.to_string(),
    }))
}

/// `?lang=` of the PDF.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PdfQuery {
    /// `en` (default), `da`, `de`, `nl` or `sv`.
    #[serde(default)]
    #[param(pattern = "^(en|da|de|nl|sv)$")]
    pub lang: Option<String>,
}

/// `/invoices/{id}` answers JSON; `/invoices/{id}.pdf` the PDF (the router has no suffixes).
async fn get_one_or_pdf(
    state: State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    query: ApiQuery<PdfQuery>,
) -> Result<Response, AppError> {
    match id.strip_suffix(".pdf") {
        Some(id) => pdf(state, user, Path(id.to_owned()), query).await,
        None => Ok(get_one(state, user, Path(id)).await?.into_response()),
    }
}

/// An invoice with its lines, tax, total, credits and the card charged.
#[utoipa::path(get, path = "/api/invoices/{id}", tag = "invoices",
    params(("id" = String, Path, description = "Invoice id")),
    responses(
        (status = 200, description = "The invoice", body = InvoiceDetails),
        (status = 404, description = "No such invoice, or not this person's", body = ErrorBody),
    ))]
pub async fn get_one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<InvoiceDetails>, AppError> {
    Ok(Json(details(&state, &user, &id).await?))
}

async fn details(state: &AppState, user: &CurrentUser, id: &str) -> Result<InvoiceDetails, AppError> {
    let today = person_today(state, None);
    let mut conn = state.db.acquire().await?;
    let invoice = db::invoices::find(&mut conn, user.viewer(), id, today).await?.ok_or_else(AppError::not_found)?;
    let currency = invoice.summary.amount.currency.clone();
    let money = |amount_minor| Money { amount_minor, currency: currency.clone() };
    Ok(InvoiceDetails {
        seller: seller(),
        sold_to: invoice.sold_to,
        bill_to: invoice.bill_to,
        lines: invoice.lines,
        subtotal: money(invoice.subtotal_minor),
        tax_rate_bp: invoice.tax_rate_bp,
        tax: money(invoice.tax_minor),
        total: money(invoice.total_minor),
        credits_applied: money(invoice.credit_applied_minor),
        payment: invoice.payment,
        summary: invoice.summary,
    })
}

/// The invoice as a PDF in the person's language (`?lang=`), generated on the server.
#[utoipa::path(get, path = "/api/invoices/{id}.pdf", tag = "invoices",
    params(("id" = String, Path, description = "Invoice id"), PdfQuery),
    responses(
        (status = 200, description = "The invoice as PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such invoice, or not this person's", body = ErrorBody),
        (status = 422, description = "A language the portal does not speak", body = ErrorBody),
    ))]
pub async fn pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<PdfQuery>,
) -> Result<Response, AppError> {
    let words = invoice_pdf::words(query.lang.as_deref().unwrap_or("en"))
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::field(ErrorCode::InvalidBody, "lang", "Choose en, da, de, nl or sv."))?;
    let invoice = details(&state, &user, &id).await?;
    let number = invoice.summary.number.clone();
    // Writing a PDF is CPU work (a few milliseconds): off the async workers.
    let bytes = tokio::task::spawn_blocking(move || invoice_pdf::render(&invoice, words))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    let safe: String = number.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}.pdf\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
