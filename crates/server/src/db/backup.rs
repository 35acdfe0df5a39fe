//! Backups of the embedded database.
//!
//! `portal-server backup PATH` copies a SQLite database while servers keep serving it: SQLite's
//! `VACUUM INTO` writes one consistent snapshot (a read transaction: nobody waits for it, and it
//! never holds a half-done purchase). `portal-server restore PATH` puts a backup back in place,
//! after checking it, with every server stopped. PostgreSQL has its own tools (`pg_dump`,
//! `pg_restore`; see README), so both commands refuse a `postgres://` URL and say so.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sqlx::AnyConnection;
use sqlx::Connection;

use super::{Backend, Db};

/// Writes a consistent copy of the database behind `db` to `path`, which must not exist yet.
pub async fn backup(db: &Db, path: &Path) -> anyhow::Result<()> {
    if path.exists() {
        bail!("{} already exists; choose a new file for the backup", path.display());
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let target = path.to_str().context("the backup path is not UTF-8")?;
    sqlx::query("VACUUM INTO $1").bind(target).execute(db).await.context("the backup failed")?;
    check(path).await
}

/// Replaces the SQLite database file of `database_url` with the backup at `backup`, after
/// checking the backup is whole. Every server using the database must be stopped first: a
/// running server keeps its own view of the old file.
pub async fn restore(database_url: &str, backup: &Path) -> anyhow::Result<PathBuf> {
    let destination = sqlite_file(database_url)?;
    check(backup).await?;
    let staged = destination.with_extension("restoring");
    std::fs::copy(backup, &staged)
        .with_context(|| format!("cannot copy {} to {}", backup.display(), staged.display()))?;
    // The old database's write-ahead log belongs to the old file: it must not be replayed
    // onto the restored one.
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", destination.display()));
        if side.exists() {
            std::fs::remove_file(&side).with_context(|| format!("cannot remove {}", side.display()))?;
        }
    }
    std::fs::rename(&staged, &destination)
        .with_context(|| format!("cannot move the backup to {}", destination.display()))?;
    Ok(destination)
}

/// A backup is whole when SQLite's integrity check passes and it has the portal's tables.
async fn check(path: &Path) -> anyhow::Result<()> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", path.display());
    let mut conn = AnyConnection::connect(&url).await.with_context(|| format!("cannot open {}", path.display()))?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await?;
    if integrity != "ok" {
        bail!("{} is damaged: {integrity}", path.display());
    }
    let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{} is not a portal database", path.display()))?;
    if migrations == 0 {
        bail!("{} is not a portal database", path.display());
    }
    conn.close().await?;
    Ok(())
}

/// The file of a `sqlite://` URL; PostgreSQL is refused with where to look instead.
pub fn sqlite_file(database_url: &str) -> anyhow::Result<PathBuf> {
    if Backend::of(database_url) == Backend::Postgres {
        bail!("DATABASE_URL is PostgreSQL: back it up with pg_dump and restore it with pg_restore (see README)");
    }
    let path =
        database_url.strip_prefix("sqlite://").or_else(|| database_url.strip_prefix("sqlite:")).unwrap_or(database_url);
    let file = path.split_once('?').map_or(path, |(file, _)| file);
    if file.is_empty() || file == ":memory:" {
        bail!("DATABASE_URL names no database file");
    }
    Ok(PathBuf::from(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_sqlite_file_can_be_restored_and_postgres_points_to_its_own_tools() {
        assert_eq!(sqlite_file("sqlite://data/portal.db?mode=rwc").ok(), Some(PathBuf::from("data/portal.db")));
        assert_eq!(sqlite_file("sqlite:portal.db").ok(), Some(PathBuf::from("portal.db")));
        let postgres = sqlite_file("postgres://portal@db/portal").expect_err("postgres");
        assert!(postgres.to_string().contains("pg_dump"), "{postgres}");
        assert!(sqlite_file("sqlite::memory:").is_err());
    }
}
