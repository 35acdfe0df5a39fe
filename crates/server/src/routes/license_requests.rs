//! Request licenses: a person asks for licenses of a product (for themselves and up to 19
//! colleagues); the organization's admins list the requests and answer them, approving all,
//! some or none of the people. Approving assigns licenses from the organization's own
//! subscriptions of the product under the seat accounting's locks (`db::licenses`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::license_requests::{
    LicenseRequest, LicenseRequestDetails, LicenseRequestList, NewLicenseRequest, RequestAnswer, RequestStatus,
};
use portal_api::notices::NoticeKind;
use portal_api::{ApiError, ErrorBody, ErrorCode};
use serde::Deserialize;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::db;
use crate::db::license_requests::{NewRequest, Whose};
use crate::db::licenses::Refusal;
use crate::db::notices::Recipients;
use crate::error::{ApiJson, ApiQuery, AppError};
use crate::idempotency::{self, IdempotencyKey};
use crate::state::AppState;

/// The license request routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/license-requests", get(own).post(send))
        .route("/admin/license-requests", get(organization))
        .route("/admin/license-requests/{id}", get(details))
        .route("/admin/license-requests/{id}/answer", post(answer))
}

/// Request licenses. The people must be of the person's organization (else 422
/// `people_refused` naming them) and the product of its catalog (else 404); any policy may be
/// asked for. Every admin of the organization gets a notice.
#[utoipa::path(post, path = "/api/license-requests", tag = "license-requests",
    request_body = NewLicenseRequest,
    responses(
        (status = 201, description = "Sent, pending", body = LicenseRequest),
        (status = 404, description = "The product is not in the organization's catalog", body = ErrorBody),
        (status = 422, description = "No people, more than 20, someone twice, not of the organization (people_refused), or a message that is too long or not text", body = ErrorBody),
    ))]
pub async fn send(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<NewLicenseRequest>,
) -> Result<Response, AppError> {
    request.validate()?;
    let org = &user.0.organization_id;
    let product = db::products::offered(&state.db, org, &request.product_id).await?.ok_or_else(AppError::not_found)?;
    let people = db::licenses::people_of(&state.db, org, &request.user_ids).await?;
    let strangers: Vec<String> = request.user_ids.iter().filter(|id| !people.contains_key(*id)).cloned().collect();
    if !strangers.is_empty() {
        return Err(ApiError::field(
            ErrorCode::PeopleRefused,
            "user_ids",
            format!("Only people in your organization can get a license. Not found: {}.", strangers.join(", ")),
        )
        .with_people(strangers)
        .into());
    }
    let now = state.clock.now_unix();
    let mut tx = state.db.begin().await?;
    let new = NewRequest {
        organization_id: org,
        product_id: &product.id,
        requester_id: &user.0.user_id,
        user_ids: &request.user_ids,
        message: request.message_text(),
    };
    let id = db::license_requests::insert(&mut tx, new, now).await?;
    let event = user
        .audit_event("license_request.sent", "license_request", &id)
        .after(json!({ "product_id": product.id, "user_ids": request.user_ids }));
    db::audit::record(&mut tx, event, now).await?;
    let kind = NoticeKind::LicenseRequest;
    db::notices::notify(&mut tx, org, Recipients::Admins, kind, &id, &product.id, &user.0.user_id, now).await?;
    let sent = db::license_requests::find(&mut tx, org, &id).await?.ok_or(sqlx::Error::RowNotFound)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(sent)).into_response())
}

/// The signed-in person's own requests, newest first, each with its status and the admin's
/// answer.
#[utoipa::path(get, path = "/api/license-requests", tag = "license-requests",
    responses(
        (status = 200, description = "The person's requests, newest first (up to 500)", body = LicenseRequestList),
    ))]
pub async fn own(State(state): State<AppState>, user: CurrentUser) -> Result<Json<LicenseRequestList>, AppError> {
    let mut connection = state.db.acquire().await?;
    let requests =
        db::license_requests::list(&mut connection, &user.0.organization_id, Whose::RequestedBy(&user.0.user_id))
            .await?;
    Ok(Json(LicenseRequestList { requests }))
}

/// `?status=pending`
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// `pending`: only requests not answered yet (default: every request).
    #[serde(default)]
    #[param(value_type = Option<String>)]
    pub status: Option<RequestStatus>,
}

/// The organization's requests (admins), newest first.
#[utoipa::path(get, path = "/api/admin/license-requests", tag = "license-requests",
    params(ListQuery),
    responses(
        (status = 200, description = "The organization's requests, newest first (up to 500)", body = LicenseRequestList),
        (status = 403, description = "Not an admin (admin_only)", body = ErrorBody),
        (status = 422, description = "A status other than pending", body = ErrorBody),
    ))]
pub async fn organization(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<LicenseRequestList>, AppError> {
    user.admin_only()?;
    let pending_only = match query.status {
        None => false,
        Some(RequestStatus::Pending) => true,
        Some(_) => {
            return Err(AppError::field(ErrorCode::InvalidBody, "status", "Only status=pending can be asked for."));
        }
    };
    let mut connection = state.db.acquire().await?;
    let requests =
        db::license_requests::list(&mut connection, &user.0.organization_id, Whose::Organization { pending_only })
            .await?;
    Ok(Json(LicenseRequestList { requests }))
}

/// One request of the organization (admins), and the free licenses answering it can use.
#[utoipa::path(get, path = "/api/admin/license-requests/{id}", tag = "license-requests",
    params(("id" = String, Path, description = "License request id")),
    responses(
        (status = 200, description = "The request and the free licenses of its product", body = LicenseRequestDetails),
        (status = 403, description = "Not an admin (admin_only)", body = ErrorBody),
        (status = 404, description = "No such request in the organization", body = ErrorBody),
    ))]
pub async fn details(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<LicenseRequestDetails>, AppError> {
    user.admin_only()?;
    let org = &user.0.organization_id;
    let mut connection = state.db.acquire().await?;
    let request = db::license_requests::find(&mut connection, org, &id).await?.ok_or_else(AppError::not_found)?;
    drop(connection);
    let free_licenses = db::licenses::organization_free(&state.db, org, &request.product_id).await?;
    Ok(Json(LicenseRequestDetails { request, free_licenses }))
}

/// Answers a request (admins, `Idempotency-Key`): the people in `approve_user_ids` get a
/// license of the product from the organization's own subscriptions of it, everyone else is
/// declined. Someone who already holds a license of the product counts as approved and takes
/// no seat. All or nothing: fewer free licenses than people who need one answers 409
/// `not_enough_licenses` (count: the free licenses) and nobody is approved. The requester gets
/// a notice.
#[utoipa::path(post, path = "/api/admin/license-requests/{id}/answer", tag = "license-requests",
    params(("id" = String, Path, description = "License request id"),
        ("Idempotency-Key" = String, Header, description = "A new key per answer; reuse it to retry")),
    request_body = RequestAnswer,
    responses(
        (status = 200, description = "Answered", body = LicenseRequest),
        (status = 403, description = "Not an admin (admin_only)", body = ErrorBody),
        (status = 404, description = "No such request in the organization", body = ErrorBody),
        (status = 409, description = "Already answered (already_answered), or not enough free licenses (not_enough_licenses, count: free)", body = ErrorBody),
        (status = 422, description = "Someone not in the request (people_refused), more than 20, a message too long, or the key was used for another request", body = ErrorBody),
    ))]
pub async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<RequestAnswer>,
) -> Result<Response, AppError> {
    user.admin_only()?;
    request.validate()?;
    let fingerprint = idempotency::fingerprint(&format!("POST /admin/license-requests/{id}/answer"), &request);
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        let org = &user.0.organization_id;
        let mut tx = state.db.begin().await?;
        let found = db::license_requests::lock(&mut tx, org, &id).await?.ok_or_else(AppError::not_found)?;
        if found.status != RequestStatus::Pending {
            return Err(AppError::from_code(ErrorCode::AlreadyAnswered, "This request has already been answered."));
        }
        let strangers: Vec<String> =
            request.approve_user_ids.iter().filter(|id| !found.user_ids.contains(id)).cloned().collect();
        if !strangers.is_empty() {
            return Err(ApiError::field(
                ErrorCode::PeopleRefused,
                "approve_user_ids",
                "Only people the request names can be approved.",
            )
            .with_people(strangers)
            .into());
        }
        let now = state.clock.now_unix();
        let approved = db::licenses::assign_from_organization(
            &mut tx,
            org,
            &found.product_id,
            &user.0.user_id,
            &request.approve_user_ids,
            now,
        )
        .await?;
        let approved = match approved {
            Ok(approved) => approved,
            Err(Refusal::NotEnoughLicenses(free)) => {
                return Err(ApiError::new(
                    ErrorCode::NotEnoughLicenses,
                    format!("Only {free} licenses of this product are free in your organization; nobody was approved."),
                )
                .with_count(free)
                .into());
            }
            Err(other) => return Err(AppError::internal(format!("approving a request: {other:?}"))),
        };
        let status = db::license_requests::status_after(request.approve_user_ids.len(), found.user_ids.len());
        let message = request.message_text();
        db::license_requests::answer(&mut tx, &id, &request.approve_user_ids, status, &user.0.user_id, message, now)
            .await?;
        let event = user
            .audit_event("license_request.answered", "license_request", &id)
            .before(json!({ "status": "pending" }))
            .after(json!({ "status": status.as_str(), "assigned": approved.assigned,
                           "already_licensed": approved.already_licensed, "message": message }));
        db::audit::record(&mut tx, event, now).await?;
        let requester = Recipients::Person(&found.requester_id);
        let kind = NoticeKind::RequestAnswered;
        db::notices::notify(&mut tx, org, requester, kind, &id, &found.product_id, &user.0.user_id, now).await?;
        let answered = db::license_requests::find(&mut tx, org, &id).await?.ok_or(sqlx::Error::RowNotFound)?;
        Ok((answered, tx))
    })
    .await
}
