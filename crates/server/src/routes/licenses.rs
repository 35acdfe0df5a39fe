//! Billing > Licenses: the products the signed-in person has licenses for, the people holding
//! them (a page, or a CSV), and assigning and unassigning them.
//!
//! Who may do what: the purchaser reads and changes their own licenses (the default). An admin
//! reads anyone's of the organization by naming them (`?purchaser_id=`), but changing them
//! answers 403 `read_only`. Anyone else, and every other organization, gets 404.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::licenses::{
    AssignRequest, LicenseChangeResult, LicenseList, LicensedPeoplePage, LicensedPerson, PeopleQuery, ProductLicenses,
    PurchaserQuery, UnassignRequest, search_terms,
};
use portal_api::{ApiError, ErrorBody, ErrorCode, Paged};

use crate::auth::CurrentUser;
use crate::csv::Csv;
use crate::db;
use crate::db::licenses::{Pool, Refusal, Selection};
use crate::error::{ApiJson, ApiQuery, AppError};
use crate::renewals::Settled;
use crate::state::AppState;

/// The license routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/licenses", get(list))
        .route("/licenses/{product_id}", get(get_one))
        .route("/licenses/{product_id}/people", get(people))
        .route("/licenses/{product_id}/people.csv", get(people_csv))
        .route("/licenses/{product_id}/assignments", post(assign))
        .route("/licenses/{product_id}/unassignments", post(unassign))
}

/// The products the person (or, for an admin, the purchaser named) has licenses for, with
/// Assigned, Available and Total summed over their subscriptions of each.
#[utoipa::path(get, path = "/api/licenses", tag = "licenses",
    params(PurchaserQuery),
    responses(
        (status = 200, description = "The products, by name", body = LicenseList),
        (status = 404, description = "Another purchaser named by someone who is not an admin, or not in the organization", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Settled(user): Settled,
    ApiQuery(query): ApiQuery<PurchaserQuery>,
) -> Result<Json<LicenseList>, AppError> {
    let (purchaser_id, can_change) = purchaser(&state, &user, query.purchaser_id.as_deref()).await?;
    let products = db::licenses::products(&state.db, &user.0.organization_id, &purchaser_id, None, can_change).await?;
    Ok(Json(LicenseList { products }))
}

/// One product's licenses (Product details).
#[utoipa::path(get, path = "/api/licenses/{product_id}", tag = "licenses",
    params(("product_id" = String, Path, description = "Product id"), PurchaserQuery),
    responses(
        (status = 200, description = "The product's licenses", body = ProductLicenses),
        (status = 404, description = "No licenses of this product for this person", body = ErrorBody),
    ))]
pub async fn get_one(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(product_id): Path<String>,
    ApiQuery(query): ApiQuery<PurchaserQuery>,
) -> Result<Json<ProductLicenses>, AppError> {
    let readable = readable(&state, &user, &product_id, query.purchaser_id.as_deref()).await?;
    Ok(Json(readable.licenses))
}

/// One page of the people holding the product's licenses: searched, sorted, with how many match.
#[utoipa::path(get, path = "/api/licenses/{product_id}/people", tag = "licenses",
    params(("product_id" = String, Path, description = "Product id"), PeopleQuery),
    responses(
        (status = 200, description = "A page of people, and how many match in all", body = LicensedPeoplePage),
        (status = 404, description = "No licenses of this product for this person", body = ErrorBody),
        (status = 422, description = "Search too long, limit not 1 to 200, negative offset, unknown sort", body = ErrorBody),
    ))]
pub async fn people(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(product_id): Path<String>,
    ApiQuery(query): ApiQuery<PeopleQuery>,
) -> Result<Json<LicensedPeoplePage>, AppError> {
    let (people, total_matching) =
        matching_people(&state, &user, &product_id, &query, query.offset(), Some(query.limit())).await?;
    Ok(Json(LicensedPeoplePage { people, total_matching, offset: query.offset(), limit: query.limit() }))
}

/// Export: every person holding the product's licenses (matching the search, if any), in the
/// order asked for, as CSV (UTF-8 with a byte order mark, so spreadsheets read "Søren" right).
#[utoipa::path(get, path = "/api/licenses/{product_id}/people.csv", tag = "licenses",
    params(("product_id" = String, Path, description = "Product id"), PeopleQuery),
    responses(
        (status = 200, description = "Name, Email, Date assigned (RFC 3339)", content_type = "text/csv", body = String),
        (status = 404, description = "No licenses of this product for this person", body = ErrorBody),
        (status = 422, description = "Search too long, unknown sort", body = ErrorBody),
    ))]
pub async fn people_csv(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(product_id): Path<String>,
    ApiQuery(query): ApiQuery<PeopleQuery>,
) -> Result<Response, AppError> {
    let (people, _) = matching_people(&state, &user, &product_id, &query, 0, None).await?;
    let mut csv = Csv::with_headers(&["Name", "Email", "Date assigned"]);
    for person in &people {
        csv.row(&[&person.display_name, &person.email, &person.assigned_at]);
    }
    Ok(csv.attachment(&format!("licenses-{product_id}.csv")))
}

/// Assign licenses: one each for up to 20 people of the organization, all or nothing. Only
/// the purchaser may. The check against the licenses bought and the write are one step under
/// the subscriptions' locks, so concurrent requests never assign more than were bought.
#[utoipa::path(post, path = "/api/licenses/{product_id}/assignments", tag = "licenses",
    params(("product_id" = String, Path, description = "Product id"), PurchaserQuery),
    request_body = AssignRequest,
    responses(
        (status = 200, description = "Everyone was assigned a license (`changed`); the product's counts now", body = LicenseChangeResult),
        (status = 403, description = "`read_only`: an admin reading another person's licenses; `managed_by_admin`: an admin has taken control of the subscription", body = ErrorBody),
        (status = 404, description = "No licenses of this product for this person", body = ErrorBody),
        (status = 409, description = "`not_enough_licenses` (count: how many are available), or `people_refused` (people: who already has a license); nobody was assigned", body = ErrorBody),
        (status = 422, description = "`required`, `too_many_people` (count: 20), `people_refused` (people: listed twice, or not in the organization); nobody was assigned", body = ErrorBody),
    ))]
pub async fn assign(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(product_id): Path<String>,
    ApiQuery(query): ApiQuery<PurchaserQuery>,
    ApiJson(request): ApiJson<AssignRequest>,
) -> Result<Json<LicenseChangeResult>, AppError> {
    let changeable = changeable(&state, &user, &product_id, query.purchaser_id.as_deref()).await?;
    let pool = changeable.pool(&user, &product_id);
    request.validate()?;
    let now = state.clock.now_unix();
    let changed =
        match db::licenses::assign(&state.db, &state.writer, pool, &user.0.user_id, &request.user_ids, now).await? {
            Ok(changed) => changed,
            Err(refusal) => return Err(refused(refusal)),
        };
    Ok(Json(LicenseChangeResult { changed, licenses: counts_now(&state, pool).await? }))
}

/// Unassign: takes licenses back from the people named, or from everyone holding one who
/// matches a search (select all). Someone who has no license (any more) is skipped.
#[utoipa::path(post, path = "/api/licenses/{product_id}/unassignments", tag = "licenses",
    params(("product_id" = String, Path, description = "Product id"), PurchaserQuery),
    request_body = UnassignRequest,
    responses(
        (status = 200, description = "Licenses released (`changed`); the product's counts now", body = LicenseChangeResult),
        (status = 403, description = "`read_only`: an admin reading another person's licenses; `managed_by_admin`: an admin has taken control of the subscription", body = ErrorBody),
        (status = 404, description = "No licenses of this product for this person", body = ErrorBody),
        (status = 422, description = "`required`, `too_many_people` (count: 1000), `invalid_body` (people and a search), `too_long`", body = ErrorBody),
    ))]
pub async fn unassign(
    State(state): State<AppState>,
    Settled(user): Settled,
    Path(product_id): Path<String>,
    ApiQuery(query): ApiQuery<PurchaserQuery>,
    ApiJson(request): ApiJson<UnassignRequest>,
) -> Result<Json<LicenseChangeResult>, AppError> {
    let changeable = changeable(&state, &user, &product_id, query.purchaser_id.as_deref()).await?;
    let pool = changeable.pool(&user, &product_id);
    request.validate()?;
    let selection = match request.all_matching {
        Some(search) => Selection::Matching(search_terms(&search)),
        None => Selection::People(request.user_ids),
    };
    let now = state.clock.now_unix();
    let changed = db::licenses::unassign(&state.db, &state.writer, pool, &user.0.user_id, &selection, now)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(Json(LicenseChangeResult { changed, licenses: counts_now(&state, pool).await? }))
}

/// A pool the signed-in person may read, with its counts.
struct Readable {
    purchaser_id: String,
    licenses: ProductLicenses,
}

impl Readable {
    fn pool<'a>(&'a self, user: &'a CurrentUser, product_id: &'a str) -> Pool<'a> {
        Pool { organization_id: &user.0.organization_id, purchaser_id: &self.purchaser_id, product_id }
    }

    /// 403 `read_only` unless the signed-in person is the purchaser.
    fn changeable(&self) -> Result<(), AppError> {
        if self.licenses.can_change {
            Ok(())
        } else {
            Err(AppError::from_code(
                ErrorCode::ReadOnly,
                "Only the person who bought these licenses can assign or unassign them.",
            ))
        }
    }
}

/// The purchaser a request is about, and whether the signed-in person may change their
/// licenses: themselves by default; someone else of the organization only for an admin.
async fn purchaser(state: &AppState, user: &CurrentUser, named: Option<&str>) -> Result<(String, bool), AppError> {
    match named.filter(|id| !id.is_empty() && *id != user.0.user_id) {
        None => Ok((user.0.user_id.clone(), true)),
        Some(other) => {
            if !user.is_admin() || !db::licenses::is_person_of(&state.db, &user.0.organization_id, other).await? {
                return Err(AppError::not_found());
            }
            Ok((other.to_owned(), false))
        }
    }
}

/// The pool of `product_id` the request is about, or 404 when its purchaser holds no licenses of it.
async fn readable(
    state: &AppState,
    user: &CurrentUser,
    product_id: &str,
    named: Option<&str>,
) -> Result<Readable, AppError> {
    let (purchaser_id, can_change) = purchaser(state, user, named).await?;
    let licenses =
        db::licenses::products(&state.db, &user.0.organization_id, &purchaser_id, Some(product_id), can_change)
            .await?
            .into_iter()
            .next()
            .ok_or_else(AppError::not_found)?;
    Ok(Readable { purchaser_id, licenses })
}

/// The pool of `product_id` the person may change: [`readable`], not taken over by an admin,
/// and the person is its purchaser.
async fn changeable(
    state: &AppState,
    user: &CurrentUser,
    product_id: &str,
    named: Option<&str>,
) -> Result<Readable, AppError> {
    let readable = readable(state, user, product_id, named).await?;
    not_taken_over(state, user, readable.pool(user, product_id)).await?;
    readable.changeable()?;
    Ok(readable)
}

/// The people holding the pool's licenses who match the query's search, in its order, from
/// `offset` (all of them without a `limit`), and how many match in all.
async fn matching_people(
    state: &AppState,
    user: &CurrentUser,
    product_id: &str,
    query: &PeopleQuery,
    offset: i64,
    limit: Option<i64>,
) -> Result<(Vec<LicensedPerson>, i64), AppError> {
    query.validate()?;
    let readable = readable(state, user, product_id, query.purchaser_id.as_deref()).await?;
    let terms = search_terms(query.search.as_deref().unwrap_or_default());
    let pool = readable.pool(user, product_id);
    let sort = (query.sort.unwrap_or_default(), query.order.unwrap_or_default());
    Ok(db::licenses::people(&state.db, pool, &terms, sort.0, sort.1, offset, limit).await?)
}

/// 403 `managed_by_admin` when an admin has taken control of every subscription of the pool:
/// its purchaser can no longer assign or unassign them. (Licenses of a subscription taken
/// over are never assigned or unassigned by its purchaser: `db::licenses` skips it.)
async fn not_taken_over(state: &AppState, user: &CurrentUser, pool: Pool<'_>) -> Result<(), AppError> {
    if pool.purchaser_id == user.0.user_id && db::licenses::managed_by_admin(&state.db, pool).await? {
        return Err(AppError::from_code(
            ErrorCode::ManagedByAdmin,
            "Your admin has taken control of this subscription; only they can assign its licenses now.",
        ));
    }
    Ok(())
}

/// The pool's counts after a change (all zero if its last subscription ended meanwhile).
async fn counts_now(state: &AppState, pool: Pool<'_>) -> Result<ProductLicenses, AppError> {
    let found =
        db::licenses::products(&state.db, pool.organization_id, pool.purchaser_id, Some(pool.product_id), true).await?;
    Ok(found.into_iter().next().unwrap_or(ProductLicenses {
        product_id: pool.product_id.to_owned(),
        product_name: String::new(),
        self_service: false,
        assigned: 0,
        available: 0,
        total: 0,
        can_change: true,
    }))
}

/// A refused batch as the API answers it: who, and why.
fn refused(refusal: Refusal) -> AppError {
    match refusal {
        Refusal::NoSuchPool => AppError::not_found(),
        Refusal::NotInOrganization(ids) => AppError::from(
            ApiError::field(
                ErrorCode::PeopleRefused,
                "user_ids",
                format!(
                    "Only people in your organization can be given a license; nobody was assigned. Not found: {}.",
                    ids.join(", ")
                ),
            )
            .with_people(ids),
        ),
        Refusal::AlreadyLicensed(people) => {
            let names: Vec<&str> = people.iter().map(|(_, name)| name.as_str()).collect();
            let verb = if people.len() == 1 { "already has" } else { "already have" };
            AppError::conflict(
                ApiError::field(
                    ErrorCode::PeopleRefused,
                    "user_ids",
                    format!("{} {verb} a license of this product; nobody was assigned.", names.join(", ")),
                )
                .with_people(people.into_iter().map(|(id, _)| id).collect()),
            )
        }
        Refusal::NotEnoughLicenses(available) => AppError::from(
            ApiError::new(
                ErrorCode::NotEnoughLicenses,
                format!(
                    "Only {available} {} available; nobody was assigned. Choose fewer people or buy more licenses.",
                    if available == 1 { "license is" } else { "licenses are" }
                ),
            )
            .with_count(available),
        ),
    }
}
