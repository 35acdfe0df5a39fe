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

/// Ends every session of a person (sign out everywhere); how many there were.
pub async fn delete_all_of(db: &Db, user_id: &str) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(db).await?.rows_affected())
}

/// A counted key's limit: how many failures its window holds before attempts are refused.
#[derive(Debug, Clone, Copy)]
pub struct Throttle<'a> {
    /// `pair …`, `address …` or `account …` (see migration 0010).
    pub key: &'a str,
    /// Failures a window may hold; `i64::MAX` counts without refusing.
    pub limit: i64,
}

/// What claiming an attempt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The attempt may be checked; the keys' failure counts, this attempt included, in order.
    Granted(i64, i64, i64),
    /// A key is at its limit: nothing was claimed; its window ends in this many seconds.
    Refused { retry_after: i64 },
}

/// Claims one attempt under each of three keys at once, all or none: each key's count goes up
/// by one only while it is below its limit (a window older than `window` starts again at one).
/// One conditional upsert per key, in one transaction: SQLite runs it under its write lock and
/// PostgreSQL under the row's lock, so however many attempts arrive together, no more than a
/// key's limit are granted.
pub async fn claim(db: &Db, keys: [Throttle<'_>; 3], now: i64, window: i64) -> sqlx::Result<Claim> {
    let mut tx = db.begin().await?;
    let mut counts = [0i64; 3];
    for (count, throttle) in counts.iter_mut().zip(keys) {
        let claimed: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO sign_in_throttle AS t (key, window_start, failures) VALUES ($1, $2, 1)
             ON CONFLICT (key) DO UPDATE SET
               failures = CASE WHEN t.window_start <= $3 THEN 1 ELSE t.failures + 1 END,
               window_start = CASE WHEN t.window_start <= $3 THEN $2 ELSE t.window_start END
             WHERE t.window_start <= $3 OR t.failures < $4
             RETURNING failures",
        )
        .bind(throttle.key)
        .bind(now)
        .bind(now - window)
        .bind(throttle.limit)
        .fetch_optional(&mut *tx)
        .await?;
        match claimed {
            Some((failures,)) => *count = failures,
            None => {
                let (window_start,): (i64,) =
                    sqlx::query_as("SELECT window_start FROM sign_in_throttle WHERE key = $1")
                        .bind(throttle.key)
                        .fetch_one(&mut *tx)
                        .await?;
                tx.rollback().await?;
                return Ok(Claim::Refused { retry_after: window_start + window - now });
            }
        }
    }
    tx.commit().await?;
    Ok(Claim::Granted(counts[0], counts[1], counts[2]))
}

/// After a right password: forgets the failures of `forget` and gives the claimed place back
/// under each of `release` (the attempt was not a failure).
pub async fn release(db: &Db, forget: &str, release: [&str; 2]) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1").bind(forget).execute(&mut *tx).await?;
    for key in release {
        sqlx::query("UPDATE sign_in_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0")
            .bind(key)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// What a purge removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Purged {
    /// Sessions past their expiry.
    pub sessions: u64,
    /// Failed-sign-in counts whose window has ended.
    pub failed_sign_ins: u64,
    /// License requests sent more than 12 months ago (see `license_requests::purge`).
    pub license_requests: u64,
}

/// Removes ended sessions and failed-sign-in counts whose window ended before `now - window`.
pub async fn purge(db: &Db, now: i64, window: i64) -> sqlx::Result<Purged> {
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(db).await?;
    let failed =
        sqlx::query("DELETE FROM sign_in_throttle WHERE window_start <= $1").bind(now - window).execute(db).await?;
    Ok(Purged { sessions: sessions.rows_affected(), failed_sign_ins: failed.rows_affected(), license_requests: 0 })
}
