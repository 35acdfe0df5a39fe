//! Backups: `portal-server backup` copies the SQLite database while the server serves, and
//! `portal-server restore` puts the copy back; the restored database is the one backed up.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{MEGAN, MEGANS_POWER_BI, key, spawn_app};

async fn total_of(db: &portal_server::db::Db) -> i64 {
    sqlx::query_scalar("SELECT total_licenses FROM subscriptions WHERE id = $1")
        .bind(MEGANS_POWER_BI)
        .fetch_one(db)
        .await
        .expect("the subscription is there")
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_to_exactly_what_it_copied() {
    let app = spawn_app().await;
    if std::env::var("PORTAL_TEST_POSTGRES_URL").is_ok() {
        return; // PostgreSQL is backed up with pg_dump (README); this is the SQLite command
    }
    let megan = app.signed_in(MEGAN).await;
    let path = "/api/subscriptions/sub_megan_power_bi/licenses";
    let change = |total: i64| {
        let (app, megan) = (&app, &megan);
        async move { app.change(megan, "PUT", path, &key(), Some(&json!({ "total_licenses": total }))).await }
    };
    assert_eq!(change(105).await.status(), StatusCode::OK);

    let dir = tempfile::tempdir().expect("a temporary folder");
    let backup = dir.path().join("backups/portal-1.db");
    // Backed up while assignments and license changes keep coming.
    let busy = async {
        for total in 106..=110 {
            assert_eq!(change(total).await.status(), StatusCode::OK);
        }
    };
    let (copied, ()) = tokio::join!(portal_server::db::backup::backup(&app.db, &backup), busy);
    copied.expect("the backup is written and checked");
    let refused = portal_server::db::backup::backup(&app.db, &backup).await.expect_err("never overwritten");
    assert!(refused.to_string().contains("already exists"), "{refused}");
    assert_eq!(total_of(&app.db).await, 110);

    // Restored into a new place (the server's own file stays as it is while it runs).
    let restored_url = format!("sqlite://{}", dir.path().join("restored/portal.db").display());
    std::fs::create_dir_all(dir.path().join("restored")).expect("a folder");
    std::fs::write(dir.path().join("restored/portal.db-wal"), b"stale log of another file").expect("a stale log");
    portal_server::db::backup::restore(&restored_url, &backup).await.expect("the backup is restored");
    let restored = portal_server::db::connect(&restored_url).await.expect("the restored database opens");
    let total = total_of(&restored).await;
    assert!((105..=110).contains(&total), "one consistent moment of the busy period, not a mix: {total}");
    let invoices: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invoice_lines WHERE subscription_id = $1 AND description LIKE '%(+1, prorated%'",
    )
    .bind(MEGANS_POWER_BI)
    .fetch_one(&restored)
    .await
    .expect("counted");
    assert_eq!(invoices, total - 105, "every license change in the copy has its invoice, and none more");

    let garbage = dir.path().join("not-a-backup.db");
    std::fs::write(&garbage, b"not a database").expect("written");
    assert!(portal_server::db::backup::restore(&restored_url, &garbage).await.is_err(), "a damaged file is refused");
}
