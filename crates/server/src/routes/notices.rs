//! Notices: the signed-in person's own, newest first, and Mark as read. Admins get one for
//! each new purchase, trial and license request; a requester when their request is answered.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::ErrorBody;
use portal_api::notices::{MarkRead, NoticeList};

use crate::auth::CurrentUser;
use crate::db;
use crate::error::{ApiJson, AppError};
use crate::state::AppState;

/// The notice routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/notices", get(list)).route("/notices/read", post(mark_read))
}

async fn notices_of(state: &AppState, user: &CurrentUser) -> Result<NoticeList, AppError> {
    let notices = db::notices::of(&state.db, &user.0.organization_id, &user.0.user_id).await?;
    let unread = db::notices::unread(&state.db, &user.0.user_id).await?;
    Ok(NoticeList { notices, unread })
}

/// The person's notices, newest first (up to 100), and how many are unread in all.
#[utoipa::path(get, path = "/api/notices", tag = "notices",
    responses(
        (status = 200, description = "The person's notices", body = NoticeList),
    ))]
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<NoticeList>, AppError> {
    Ok(Json(notices_of(&state, &user).await?))
}

/// Marks notices read: those named (up to 100), or every one of the person's when `ids` is
/// empty. Ids that are not the person's notices are skipped, not an error, so marking read
/// never tells anyone whether someone else's notice exists. Answers with the list as it is now.
#[utoipa::path(post, path = "/api/notices/read", tag = "notices",
    request_body = MarkRead,
    responses(
        (status = 200, description = "Marked; the person's notices now", body = NoticeList),
        (status = 422, description = "More than 100 ids", body = ErrorBody),
    ))]
pub async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<MarkRead>,
) -> Result<Json<NoticeList>, AppError> {
    request.validate()?;
    db::notices::mark_read(&state.db, &user.0.user_id, &request.ids, state.clock.now_unix()).await?;
    Ok(Json(notices_of(&state, &user).await?))
}
