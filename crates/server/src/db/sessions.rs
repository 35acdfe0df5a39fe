//! Server-side sessions and the record of failed sign-ins.

use sqlx::FromRow;

use super::Db;

/// The signed-in person a session belongs to.
#[derive(Debug, Clone, FromRow)]
pub struct SessionUser {
    /// The person's id.
    pub user_id: String,
    /// Their organization: every query a handler makes is scoped to it.
    pub organization_id: String,
    /// `user` or `admin`.
    pub role: String,
}

/// Stores a new session under the hash of its token.
pub async fn create(db: &Db, token_hash: &str, user_id: &str, now: i64, expires_at: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(db)
        .await?;
    Ok(())
}

/// The person behind a live session.
pub async fn find(db: &Db, token_hash: &str, now: i64) -> sqlx::Result<Option<SessionUser>> {
    sqlx::query_as(
        "SELECT u.id AS user_id, u.organization_id, u.role
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Ends a session (sign-out). Ending one that is already gone is fine.
pub async fn delete(db: &Db, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(db).await?;
    Ok(())
}

/// Failed sign-ins for an email since a moment, and the oldest of them.
pub async fn failures_since(db: &Db, email: &str, since: i64) -> sqlx::Result<(i64, Option<i64>)> {
    sqlx::query_as("SELECT COUNT(*), MIN(attempted_at) FROM failed_sign_ins WHERE email = $1 AND attempted_at > $2")
        .bind(email)
        .bind(since)
        .fetch_one(db)
        .await
}

/// Records a failed sign-in.
pub async fn record_failure(db: &Db, email: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO failed_sign_ins (email, attempted_at) VALUES ($1, $2)")
        .bind(email)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

/// Forgets failed sign-ins after a successful one.
pub async fn clear_failures(db: &Db, email: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM failed_sign_ins WHERE email = $1").bind(email).execute(db).await?;
    Ok(())
}
