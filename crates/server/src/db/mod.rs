//! The database: SQLite by default, PostgreSQL when `DATABASE_URL` says so.
//!
//! Queries go through sqlx's `Any` driver with `$1`-style parameters, which both SQLite and
//! PostgreSQL accept, so each behaviour is written once and runs the same on both.

pub mod activity;
pub mod admin_purchases;
pub mod audit;
pub mod backup;
pub mod billing;
pub mod billing_accounts;
pub mod cancellations;
pub mod charging;
pub mod directory;
pub mod invoices;
pub mod license_requests;
pub mod licenses;
pub mod notices;
pub mod payment_methods;
pub mod policies;
pub mod products;
pub mod search;
pub mod seat_counts;
pub mod sessions;
pub mod subscriptions;
pub mod take_control;
pub mod users;
pub mod writer;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::AnyPool;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The connection pool every handler shares.
pub type Db = AnyPool;

/// A new id with a readable prefix, e.g. `sub_3f9c…` (96 random bits).
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", hex::encode(rand::random::<[u8; 12]>()))
}

/// `$first, $first+1, …` for `n` values.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Unix seconds as RFC 3339 (UTC), as the API answers times.
pub(crate) fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix).ok().and_then(|t| t.format(&Rfc3339).ok()).unwrap_or_default()
}

/// Takes the lock that makes changes to one row of `table` (the organization's row `id`) take
/// turns: a guarded write, `UPDATE {table} SET {column} = {column}`, as the transaction's first
/// statement. On SQLite a transaction's first write takes the database's write lock (waiting
/// for the busy timeout), so no other writer commits between the change's reads and its
/// writes; on PostgreSQL it holds the row's lock until commit, like `SELECT … FOR UPDATE`.
/// Whether the organization has that row.
pub async fn lock_row(
    conn: &mut sqlx::AnyConnection,
    table: &'static str,
    column: &'static str,
    organization_id: &str,
    id: &str,
) -> sqlx::Result<bool> {
    let touched =
        sqlx::query(&format!("UPDATE {table} SET {column} = {column} WHERE id = $1 AND organization_id = $2"))
            .bind(id)
            .bind(organization_id)
            .execute(&mut *conn)
            .await?;
    Ok(touched.rows_affected() > 0)
}

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded, one file (the default).
    Sqlite,
    /// A PostgreSQL server, when one machine is not enough.
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names.
    pub fn of(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") { Self::Postgres } else { Self::Sqlite }
    }
}

/// Opens the pool (creating a SQLite file and its folder when missing) and migrates it.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of(url);
    let url = match backend {
        Backend::Sqlite => sqlite_url(url)?,
        Backend::Postgres => url.to_owned(),
    };
    let options = AnyConnectOptions::from_str(&url).context("DATABASE_URL is not a database URL")?;
    let pool = AnyPoolOptions::new()
        .max_connections(match backend {
            // one writer at a time anyway; a few readers alongside it in WAL mode
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        })
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(&url)))?;
    if backend == Backend::Sqlite {
        // WAL lets readers proceed while one request writes; it is a property of the file.
        sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
    }
    sqlx::migrate!("./migrations").run(&pool).await.context("database migrations failed")?;
    seat_counts::keep(&pool, backend).await.context("creating the assigned-license counts failed")?;
    directory::index_if_empty(&pool).await.context("indexing the directory failed")?;
    Ok(pool)
}

/// `sqlite://path` with the folder created and `mode=rwc` so a first start creates the file.
fn sqlite_url(url: &str) -> anyhow::Result<String> {
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let (file, query) = path.split_once('?').unwrap_or((path, ""));
    if file != ":memory:"
        && let Some(folder) = std::path::Path::new(file).parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".into()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{file}?{query}"))
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_create_mode() {
        assert_eq!(sqlite_url("sqlite://data/portal.db").ok().as_deref(), Some("sqlite://data/portal.db?mode=rwc"));
        assert_eq!(sqlite_url("sqlite://x.db?mode=ro").ok().as_deref(), Some("sqlite://x.db?mode=ro"));
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://portal:s3cret@db:5432/portal"), "postgres://…@db:5432/portal");
    }
}
