//! Surviving a crash: while purchases, license changes and assignments run at once, the real
//! server process is killed (SIGKILL) at a random moment, five times; it is started again and
//! every request that got no answer is sent again with the same Idempotency-Key. Then: every
//! charge the gateway made (its ledger outlives the process, as a real gateway's does) has
//! exactly one invoice, nothing is half-written, the seat counts hold, and nothing that was
//! answered is lost. On SQLite, and on PostgreSQL in the PostgreSQL run.

use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    MEGANS_POWER_BI, MEGANS_PROJECT, POWER_BI_PRO, fresh_database_url, key, over_their_licenses, without_license,
};
use crate::processes::{Server, megan_cookie, start_with, wait_until_up};

const ROUNDS: usize = 5;

/// A request of the workload, kept until it gets an answer.
#[derive(Debug, Clone)]
enum Work {
    /// Buy one Power BI Pro license with the saved card.
    Purchase { key: String },
    /// Set Megan's Project Plan 3 subscription to `total` licenses.
    LicenseChange { key: String, total: i64 },
    /// Assign Power BI Pro to one person.
    Assign { user_id: String },
}

/// What came back.
#[derive(Debug)]
enum Outcome {
    /// An answer (any status) with its body.
    Answered(StatusCode, Value),
    /// The connection died with the server: no answer.
    Lost,
}

async fn send(client: &Client, server: &str, cookie: &str, work: &Work) -> Outcome {
    let request = match work {
        Work::Purchase { key } => client
            .post(format!("{server}/api/purchases"))
            .header("Idempotency-Key", key)
            .json(&json!({ "product_id": POWER_BI_PRO, "licenses": 1,
                     "payment": { "saved_card": { "payment_method_id": "pm_megan_visa" } } })),
        Work::LicenseChange { key, total } => client
            .put(format!("{server}/api/subscriptions/{MEGANS_PROJECT}/licenses"))
            .header("Idempotency-Key", key)
            .json(&json!({ "total_licenses": total })),
        Work::Assign { user_id } => client
            .post(format!("{server}/api/licenses/{POWER_BI_PRO}/assignments"))
            .json(&json!({ "user_ids": [user_id] })),
    };
    match request.header("Cookie", cookie).timeout(Duration::from_secs(30)).send().await {
        Ok(response) => {
            let status = response.status();
            match response.json::<Value>().await {
                Ok(body) => Outcome::Answered(status, body),
                Err(_) => Outcome::Lost,
            }
        }
        Err(_) => Outcome::Lost,
    }
}

async fn start_server(database_url: &str, ledger: &str) -> Server {
    let env = [("PORTAL_TEST_GATEWAY_LEDGER", ledger), ("PORTAL_IDEMPOTENCY_TAKEOVER_SECS", "1")];
    let server = start_with(database_url, &env).await;
    wait_until_up(&server).await;
    server
}

async fn scalar(db: &portal_server::db::Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn killed_mid_purchase_five_times_every_charge_has_one_invoice_and_nothing_answered_is_lost() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database_url = fresh_database_url(&dir).await;
    let ledger = dir.path().join("gateway-ledger.tsv").display().to_string();
    let db = portal_server::db::connect(&database_url).await.expect("the database opens and migrates");
    let now = time::OffsetDateTime::now_utc();
    portal_server::seed::seed_if_empty(&db, portal_server::config::Seed::Demo, now.date(), now.unix_timestamp())
        .await
        .expect("demo data");
    // Room for every assignment: Power BI Pro gets 100 more licenses than it has people.
    sqlx::query("UPDATE subscriptions SET total_licenses = total_licenses + 100 WHERE id = $1")
        .bind(MEGANS_POWER_BI)
        .execute(&db)
        .await
        .expect("room");
    let ids = |table: &'static str| {
        let db = db.clone();
        async move {
            let ids: Vec<String> =
                sqlx::query_scalar(&format!("SELECT id FROM {table}")).fetch_all(&db).await.expect("ids");
            ids.into_iter().collect::<std::collections::BTreeSet<String>>()
        }
    };
    let (invoices_before, subscriptions_before) = (ids("invoices").await, ids("subscriptions").await);
    let project_total = scalar(&db, "SELECT total_licenses FROM subscriptions WHERE id = 'sub_megan_project'").await;
    let mut people = without_license(&db, POWER_BI_PRO, 60).await;

    let client = Client::new();
    let mut server = start_server(&database_url, &ledger).await;
    let cookie = megan_cookie(&server).await;
    let mut pending: Vec<Work> = Vec::new();
    let mut answered: Vec<(Work, StatusCode, Value)> = Vec::new();
    let (mut kills, mut retried, mut last_total) = (0, 0, project_total);
    for round in 1..=ROUNDS {
        // This round's work, and what earlier rounds left unanswered, all at once.
        let mut work: Vec<Work> = std::mem::take(&mut pending);
        retried += work.len();
        work.extend((0..6).map(|_| Work::Purchase { key: key() }));
        // One license change at a time (a new total only once the last one is answered), so
        // the last one sent is the total to expect.
        if !work.iter().any(|w| matches!(w, Work::LicenseChange { .. })) {
            last_total = project_total + round as i64;
            work.push(Work::LicenseChange { key: key(), total: last_total });
        }
        work.extend(people.drain(..people.len().min(8)).map(|user_id| Work::Assign { user_id }));
        let handles: Vec<_> = work
            .into_iter()
            .map(|w| {
                let (client, address, cookie) = (client.clone(), server.address.clone(), cookie.clone());
                tokio::spawn(async move {
                    let outcome = send(&client, &address, &cookie, &w).await;
                    (w, outcome)
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(5 + u64::from(rand::random::<u8>()))).await;
        server.kill();
        kills += 1;
        for handle in handles {
            match handle.await.expect("the request task finishes") {
                (w, Outcome::Answered(status, body)) => answered.push((w, status, body)),
                (w, Outcome::Lost) => pending.push(w),
            }
        }
        server = start_server(&database_url, &ledger).await;
    }

    // Every request without an answer, again with its key, until each is answered.
    for attempt in 0.. {
        assert!(attempt < 20, "still unanswered after 20 tries: {pending:?}");
        let mut still = Vec::new();
        retried += pending.len();
        for w in std::mem::take(&mut pending) {
            match send(&client, &server.address, &cookie, &w).await {
                Outcome::Answered(StatusCode::CONFLICT, body) if body["error"]["code"] == "request_in_progress" => {
                    still.push(w)
                }
                Outcome::Answered(status, body) => answered.push((w, status, body)),
                Outcome::Lost => still.push(w),
            }
        }
        if still.is_empty() {
            break;
        }
        pending = still;
        tokio::time::sleep(Duration::from_millis(600)).await;
    }
    assert_eq!(kills, ROUNDS);

    // Nothing acknowledged is lost: each bought subscription is there, with its one invoice.
    let mut bought = Vec::new();
    for (w, status, body) in &answered {
        match w {
            Work::Purchase { .. } => {
                assert_eq!(*status, StatusCode::CREATED, "a purchase answers created: {body}");
                bought.push(body["id"].as_str().expect("the subscription's id").to_owned());
            }
            Work::LicenseChange { .. } => assert_eq!(*status, StatusCode::OK, "{body}"),
            // A retried assignment that had been made before the kill finds it made.
            Work::Assign { .. } => assert!(
                status.is_success() || (*status == StatusCode::CONFLICT && body["error"]["code"] == "people_refused"),
                "{body}"
            ),
        }
    }
    assert_eq!(bought.len(), ROUNDS * 6, "every purchase ends answered");
    for id in &bought {
        let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoice_lines WHERE subscription_id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .expect("counted");
        assert_eq!(lines, 1, "{id} has exactly one invoice line");
    }
    let made: Vec<String> = ids("subscriptions").await.difference(&subscriptions_before).cloned().collect();
    let mut expected = bought.clone();
    expected.sort();
    assert_eq!(made, expected, "no subscription the answers do not know of, none twice");

    // Every charge at the gateway has exactly one invoice, and the amounts agree.
    let charges = portal_server::payments::TestGateway::read_ledger(std::path::Path::new(&ledger)).expect("the ledger");
    let new_invoices: Vec<(String, i64)> =
        sqlx::query_as("SELECT id, total_minor - credit_applied_minor FROM invoices")
            .fetch_all(&db)
            .await
            .expect("read");
    let new_invoices: Vec<i64> =
        new_invoices.into_iter().filter(|(id, _)| !invoices_before.contains(id)).map(|(_, amount)| amount).collect();
    assert_eq!(charges.len(), new_invoices.len(), "one invoice per charge");
    let charged: i64 = charges.iter().map(|c| c.amount_minor).sum();
    let invoiced: i64 = new_invoices.iter().sum();
    assert_eq!(charged, invoiced, "the gateway charged what the invoices say");

    // The seat counts hold, and every assignment answered is there.
    assert_eq!(over_their_licenses(&db).await, 0, "no subscription has more people than licenses");
    for (w, status, body) in &answered {
        if let Work::Assign { user_id } = w {
            // Megan's licenses of the product come from any of her Power BI Pro subscriptions
            // (this test buys more of them), one per person.
            let holds: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM license_assignments a JOIN subscriptions s ON s.id = a.subscription_id
                 WHERE s.product_id = $1 AND a.user_id = $2",
            )
            .bind(POWER_BI_PRO)
            .bind(user_id)
            .fetch_one(&db)
            .await
            .expect("counted");
            assert_eq!(holds, 1, "{user_id} ({status} {body}) holds exactly one Power BI Pro license");
        }
    }
    let total = scalar(&db, "SELECT total_licenses FROM subscriptions WHERE id = 'sub_megan_project'").await;
    assert_eq!(total, last_total, "the last license change sent is the total");
    eprintln!(
        "crash test: {kills} kills; {} requests answered, {retried} re-sends of requests left unanswered by a kill; {} charges, {} invoices",
        answered.len(),
        charges.len(),
        new_invoices.len()
    );
}
