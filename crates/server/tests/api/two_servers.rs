//! Two server processes on one database, as behind a load balancer: the real binary twice, on
//! one SQLite file (or one PostgreSQL database with `PORTAL_TEST_POSTGRES_URL`), raced. Whatever
//! arrives at which server: the last free license goes to exactly one person, one
//! Idempotency-Key buys once, and the renewal sweep both run at start charges each term once.

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::helpers::{MEGANS_POWER_BI, POWER_BI_PRO, fresh_database_url, key, without_license};
use crate::processes::{at_once, megan_cookie, start, wait_until_up};

#[tokio::test]
async fn two_servers_on_one_database_sell_the_last_seat_once_buy_once_per_key_and_renew_once() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database_url = fresh_database_url(&dir).await;
    let db = portal_server::db::connect(&database_url).await.expect("the database opens and migrates");
    let now = time::OffsetDateTime::now_utc();
    portal_server::seed::seed_if_empty(&db, portal_server::config::Seed::Demo, now.date(), now.unix_timestamp())
        .await
        .expect("demo data");
    // Megan's Power BI term ended yesterday: both servers settle it as they start.
    let yesterday = (now.date() - time::Duration::days(1)).to_string();
    sqlx::query("UPDATE subscriptions SET term_end_date = $1 WHERE id = $2")
        .bind(&yesterday)
        .bind(MEGANS_POWER_BI)
        .execute(&db)
        .await
        .expect("moved");

    let servers = [start(&database_url).await, start(&database_url).await];
    for server in &servers {
        wait_until_up(server).await;
    }
    let cookie = megan_cookie(&servers[0]).await;
    let client = Client::new();
    let on = |i: usize, path: &str| format!("{}{path}", servers[i % 2].address);

    // The renewal sweep ran in both as they started, and runs again before any answer about
    // subscriptions: read them through both at once, then count.
    let reads = (0..6).map(|i| client.get(on(i, "/api/subscriptions")).header("Cookie", &cookie).send());
    assert!(at_once(reads).await.iter().all(|s| *s == StatusCode::OK));
    // One renewal, one invoice for the term that started yesterday.
    let renewals: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE subject_id = $1 AND action = 'subscription.renewed'",
    )
    .bind(MEGANS_POWER_BI)
    .fetch_one(&db)
    .await
    .expect("counted");
    let invoiced: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
         WHERE l.subscription_id = $1 AND i.issued_on = $2",
    )
    .bind(MEGANS_POWER_BI)
    .bind(&yesterday)
    .fetch_one(&db)
    .await
    .expect("counted");
    assert_eq!((renewals, invoiced), (1, 1), "the term is renewed and charged once");

    // The last seat: one free license, twenty people assigned at once through both servers.
    sqlx::query(
        "UPDATE subscriptions SET total_licenses =
           (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = subscriptions.id) + 1
         WHERE id = $1",
    )
    .bind(MEGANS_POWER_BI)
    .execute(&db)
    .await
    .expect("one free license");
    let people = without_license(&db, POWER_BI_PRO, 20).await;
    assert_eq!(people.len(), 20);
    let assigns = people.iter().enumerate().map(|(i, id)| {
        client
            .post(on(i, &format!("/api/licenses/{POWER_BI_PRO}/assignments")))
            .header("Cookie", &cookie)
            .json(&json!({ "user_ids": [id] }))
            .send()
    });
    let answers: Vec<StatusCode> = at_once(assigns).await;
    let won = answers.iter().filter(|s| s.is_success()).count();
    assert_eq!(won, 1, "exactly one person gets the last license: {answers:?}");
    assert!(answers.iter().all(|s| s.is_success() || *s == StatusCode::CONFLICT), "{answers:?}");
    let (assigned, total): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM license_assignments WHERE subscription_id = s.id), s.total_licenses
         FROM subscriptions s WHERE s.id = $1",
    )
    .bind(MEGANS_POWER_BI)
    .fetch_one(&db)
    .await
    .expect("counted");
    assert_eq!(assigned, total, "no seat counted twice");

    // One Idempotency-Key sent to both servers at once, ten times: one purchase.
    let subscriptions_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions").fetch_one(&db).await.expect("counted");
    let invoices_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invoices").fetch_one(&db).await.expect("counted");
    let purchase_key = key();
    let body = json!({ "product_id": POWER_BI_PRO, "licenses": 2,
                       "payment": { "saved_card": { "payment_method_id": "pm_megan_visa" } } });
    let buys = (0..10).map(|i| {
        client
            .post(on(i, "/api/purchases"))
            .header("Cookie", &cookie)
            .header("Idempotency-Key", &purchase_key)
            .json(&body)
            .send()
    });
    let answers: Vec<StatusCode> = at_once(buys).await;
    assert!(
        answers.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT),
        "the first is created, the rest replay it or wait for it: {answers:?}"
    );
    assert!(answers.contains(&StatusCode::CREATED), "{answers:?}");
    let subscriptions_after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions").fetch_one(&db).await.expect("counted");
    let invoices_after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invoices").fetch_one(&db).await.expect("counted");
    assert_eq!(
        (subscriptions_after - subscriptions_before, invoices_after - invoices_before),
        (1, 1),
        "one subscription and one invoice for one key, whichever server answered"
    );
}
