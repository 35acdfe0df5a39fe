//! The admin's read-only view of self-service purchases: every purchase in the organization
//! with the seed's six columns (product, purchaser name, subscriptions purchased, expiry date,
//! purchase price, assigned users), a page at a time, and the same list as a CSV download.
//! Admins only: a user gets 403 `admin_only`; an admin sees only their own organization's.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::licenses::{SortOrder, search_terms};
use portal_api::self_service::{Purchase, PurchaseSort, PurchasesPage, PurchasesQuery};
use portal_api::{ErrorBody, Paged};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::csv::Csv;
use crate::db;
use crate::db::admin_purchases::PurchaseFilter;
use crate::error::{ApiQuery, AppError};
use crate::renewals::Settled;
use crate::state::AppState;

/// The admin purchase list's routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/admin/subscriptions", get(list)).route("/admin/subscriptions/export", get(export))
}

/// One page of the organization's purchases: self-service only unless `self_service=false`,
/// searched by product or purchaser name, sorted by any column (ties by subscription id).
#[utoipa::path(get, path = "/api/admin/subscriptions", tag = "admin",
    params(PurchasesQuery),
    responses(
        (status = 200, description = "A page of purchases, and how many match in all", body = PurchasesPage),
        (status = 403, description = "`admin_only`: the signed-in person is not an admin", body = ErrorBody),
        (status = 422, description = "Search too long, limit not 1 to 200, negative offset, unknown sort or order", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Settled(user): Settled,
    ApiQuery(query): ApiQuery<PurchasesQuery>,
) -> Result<Json<PurchasesPage>, AppError> {
    user.admin_only()?;
    query.validate()?;
    let terms = search_terms(query.search.as_deref().unwrap_or_default());
    let filter = filter_of(&user, &query, &terms);
    let (purchases, total_matching) =
        db::admin_purchases::page(&state.db, &filter, query.offset(), Some(query.limit())).await?;
    Ok(Json(PurchasesPage { purchases, total_matching, offset: query.offset(), limit: query.limit() }))
}

/// `GET /api/admin/subscriptions/export`: the list's filter and order, and the language of the
/// column headers.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// As the list's `search`.
    #[serde(default)]
    #[param(max_length = 100)]
    pub search: Option<String>,
    /// As the list's `self_service` (default `true`).
    #[serde(default)]
    pub self_service: Option<bool>,
    /// As the list's `sort`.
    #[serde(default)]
    #[param(inline)]
    pub sort: Option<PurchaseSort>,
    /// As the list's `order`.
    #[serde(default)]
    #[param(inline)]
    pub order: Option<SortOrder>,
    /// The language of the column headers (default `en`).
    #[serde(default)]
    #[param(inline)]
    pub language: Option<ExportLanguage>,
}

/// A language of the app, for the export's column headers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportLanguage {
    /// English (the default).
    #[default]
    En,
    /// Danish.
    Da,
    /// German.
    De,
    /// Dutch.
    Nl,
    /// Swedish.
    Sv,
}

/// Export: every purchase the list would show (all pages), in its order, as CSV with the
/// six columns headed in the person's language. Amounts are decimal with a point and the
/// currency code ("1400.00 EUR"), days are `YYYY-MM-DD`, so any spreadsheet reads them.
#[utoipa::path(get, path = "/api/admin/subscriptions/export", tag = "admin",
    params(ExportQuery),
    responses(
        (status = 200, description = "Product, purchaser name, subscriptions purchased, expiry date, purchase price, assigned users", content_type = "text/csv", body = String),
        (status = 403, description = "`admin_only`: the signed-in person is not an admin", body = ErrorBody),
        (status = 422, description = "Unknown language, search too long, unknown sort or order", body = ErrorBody),
    ))]
pub async fn export(
    State(state): State<AppState>,
    Settled(user): Settled,
    ApiQuery(export): ApiQuery<ExportQuery>,
) -> Result<Response, AppError> {
    user.admin_only()?;
    let headers = column_headers(export.language.unwrap_or_default())?;
    let query = PurchasesQuery {
        search: export.search,
        self_service: export.self_service,
        sort: export.sort,
        order: export.order,
        offset: None,
        limit: None,
    };
    query.validate()?;
    let terms = search_terms(query.search.as_deref().unwrap_or_default());
    let (purchases, _) = db::admin_purchases::page(&state.db, &filter_of(&user, &query, &terms), 0, None).await?;
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut csv = Csv::with_headers(&headers);
    for purchase in &purchases {
        csv.row(&csv_row(purchase));
    }
    Ok(csv.attachment("self-service-purchases.csv"))
}

fn filter_of<'a>(user: &'a CurrentUser, query: &PurchasesQuery, terms: &'a [String]) -> PurchaseFilter<'a> {
    PurchaseFilter {
        organization_id: &user.0.organization_id,
        self_service_only: query.self_service_only(),
        terms,
        sort: query.sort.unwrap_or_default(),
        order: query.order.unwrap_or_default(),
    }
}

/// The six column keys of `locales/<language>/admin.json`, in the list's order.
const COLUMN_KEYS: [&str; 6] = [
    "column_product",
    "column_purchaser",
    "column_licenses",
    "column_expiry_date",
    "column_price",
    "column_assigned_users",
];

/// The app's own words for the six columns (the locale files the app is built from).
fn column_headers(language: ExportLanguage) -> Result<Vec<String>, AppError> {
    let file = match language {
        ExportLanguage::En => include_str!("../../../../locales/en/admin.json"),
        ExportLanguage::Da => include_str!("../../../../locales/da/admin.json"),
        ExportLanguage::De => include_str!("../../../../locales/de/admin.json"),
        ExportLanguage::Nl => include_str!("../../../../locales/nl/admin.json"),
        ExportLanguage::Sv => include_str!("../../../../locales/sv/admin.json"),
    };
    let words: serde_json::Value = serde_json::from_str(file).map_err(AppError::internal)?;
    COLUMN_KEYS
        .iter()
        .map(|key| {
            words
                .get(key)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| AppError::internal(format!("locales/{language:?}/admin.json has no {key}")))
        })
        .collect()
}

/// One purchase as a CSV row, in the headers' order.
fn csv_row(p: &Purchase) -> [String; 6] {
    let price =
        format!("{}.{:02} {}", p.price.amount_minor / 100, (p.price.amount_minor % 100).abs(), p.price.currency);
    [
        p.product_name.clone(),
        p.purchaser_name.clone(),
        p.total_licenses.to_string(),
        p.term_end_date.clone(),
        price,
        p.assigned_licenses.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_the_six_columns_and_others_are_refused() {
        use ExportLanguage::*;
        for language in [En, Da, De, Nl, Sv] {
            let headers = column_headers(language).unwrap_or_else(|_| panic!("{language:?} has the six columns"));
            assert_eq!(headers.len(), 6);
            assert!(headers.iter().all(|h| !h.trim().is_empty()), "{language:?}: {headers:?}");
        }
        assert_eq!(column_headers(En).ok().map(|h| h[0].clone()).as_deref(), Some("Product"));
        let parse = |name: &str| serde_json::from_value::<ExportLanguage>(serde_json::Value::from(name)).ok();
        assert_eq!((parse("sv"), parse("fr"), parse("EN"), parse("")), (Some(Sv), None, None, None));
    }
}
