//! `GET /api/directory`: finding people of the organization to assign licenses to, as the
//! person types.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::ErrorBody;
use portal_api::licenses::{DirectoryQuery, DirectoryResults, search_terms};

use crate::auth::CurrentUser;
use crate::db;
use crate::error::{ApiQuery, AppError};
use crate::state::AppState;

/// The directory route.
pub fn router() -> Router<AppState> {
    Router::new().route("/directory", get(search))
}

/// Up to 10 people of the signed-in person's organization (never another's) whose name or
/// email has a word starting with each word typed, case and accents ignored ("soren" finds
/// "Søren", "jurgen" finds "Jürgen"), by name; with `product_id`, those who already hold a
/// license of it are marked.
#[utoipa::path(get, path = "/api/directory", tag = "licenses",
    params(DirectoryQuery),
    responses(
        (status = 200, description = "Up to 10 people, by name", body = DirectoryResults),
        (status = 422, description = "`too_long`: the search is over 100 characters", body = ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<DirectoryQuery>,
) -> Result<Json<DirectoryResults>, AppError> {
    query.validate()?;
    let terms = search_terms(query.search.as_deref().unwrap_or_default());
    let people = db::directory::search(&state.db, &user.0.organization_id, &terms, query.product_id.as_deref()).await?;
    Ok(Json(DirectoryResults { people }))
}
