//! A subscription's details page, for its purchaser and the organization's admins alike: the
//! people holding its licenses, its invoices, and its timeline. Anyone else (another user,
//! another organization) gets 404, as if it did not exist.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use portal_api::activity::{ActivityPage, ActivityQuery};
use portal_api::invoices::InvoiceList;
use portal_api::licenses::{self, LicensedPeoplePage};
use portal_api::page::Page;
use portal_api::{ErrorBody, Paged};
use serde::Deserialize;

use crate::billing::day_of;
use crate::db;
use crate::error::{ApiQuery, AppError};
use crate::renewals::Settled;
use crate::routes::subscriptions::visible;
use crate::state::AppState;

/// The details page's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/subscriptions/{id}/people", get(people))
        .route("/subscriptions/{id}/invoices", get(invoices))
        .route("/subscriptions/{id}/activity", get(activity))
}

/// `?offset&limit` of the people page.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Rows to skip, 0 or more (default 0).
    #[serde(default)]
    #[param(minimum = 0)]
    pub offset: Option<i64>,
    /// Rows to return, 1 to 200 (default 50).
    #[serde(default)]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// The same page sizes as the Licenses people list.
impl Paged for PageQuery {
    fn page(&self) -> Page {
        Page {
            offset: self.offset,
            limit: self.limit,
            default_limit: licenses::DEFAULT_PAGE_SIZE,
            max_limit: licenses::MAX_PAGE_SIZE,
        }
    }
}

/// One page of the people holding this subscription's licenses (only this subscription's,
/// not the purchaser's other ones of the product), by name.
#[utoipa::path(get, path = "/api/subscriptions/{id}/people", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id"), PageQuery),
    responses(
        (status = 200, description = "A page of people, and how many hold its licenses", body = LicensedPeoplePage),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 422, description = "Limit not 1 to 200, negative offset", body = ErrorBody),
    ))]
pub async fn people(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<LicensedPeoplePage>, AppError> {
    query.validate_page()?;
    let s = visible(&state, &user, &id).await?;
    let (people, total_matching) =
        db::licenses::people_of_subscription(&state.db, &s.id, query.offset(), query.limit()).await?;
    Ok(Json(LicensedPeoplePage { people, total_matching, offset: query.offset(), limit: query.limit() }))
}

/// Every invoice with a line of this subscription, newest first (one page: a subscription has
/// one invoice per term and per change). `from` and `to` are the oldest invoice's day (today
/// when there is none) and today.
#[utoipa::path(get, path = "/api/subscriptions/{id}/invoices", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "Its invoices, newest first", body = InvoiceList),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
    ))]
pub async fn invoices(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
) -> Result<Json<InvoiceList>, AppError> {
    let s = visible(&state, &user, &id).await?;
    let today = day_of(state.clock.today());
    let mut conn = state.db.acquire().await?;
    let invoices = db::invoices::of_subscription(&mut conn, &s.organization_id, &s.id, today).await?;
    let total = invoices.len() as i64;
    let from = invoices.last().map(|i| i.issued_on.clone()).unwrap_or_else(|| today.to_string());
    Ok(Json(InvoiceList { invoices, total, offset: 0, limit: total, from, to: today.to_string() }))
}

/// A page of this subscription's timeline, newest first: what happened (bought, licenses
/// changed, assigned or unassigned with how many, canceled with the reason, renewed, trial
/// converted or expired, taken over, moved), who did it, when, and from where (the portal, an
/// admin, or a renewal by the server's clock).
#[utoipa::path(get, path = "/api/subscriptions/{id}/activity", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id"), ActivityQuery),
    responses(
        (status = 200, description = "A page of its events, newest first, and how many it has", body = ActivityPage),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 422, description = "Limit not 1 to 100, negative offset", body = ErrorBody),
    ))]
pub async fn activity(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<ActivityQuery>,
) -> Result<Json<ActivityPage>, AppError> {
    query.validate()?;
    let s = visible(&state, &user, &id).await?;
    let (events, total) =
        db::activity::page(&state.db, &s.organization_id, &s.id, &s.purchaser_id, query.offset(), query.limit())
            .await?;
    Ok(Json(ActivityPage { events, total, offset: query.offset(), limit: query.limit() }))
}
