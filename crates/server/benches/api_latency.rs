//! API latency over real HTTP: an in-process server on a file-backed SQLite database with the
//! demo seed (or `PORTAL_BENCH_SEED=large`), one client, sequential requests. Prints figures;
//! asserts nothing. Run: `cargo bench -p portal-server --bench api_latency`.

mod common;

use std::time::{Duration, Instant};

use portal_server::config::Seed;
use portal_server::seed::DEMO_PASSWORD;

const ROUNDS: usize = 2_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let seed = if std::env::var("PORTAL_BENCH_SEED").as_deref() == Ok("large") { Seed::Large } else { Seed::Demo };
    let started = Instant::now();
    let bench = common::seeded(seed).await?;
    println!("seed {seed:?}: {:.1} s", started.elapsed().as_secs_f64());

    let base = bench.serve().await?;
    let email = "megan.bowen@contoso.example";
    let client = common::signed_in(&base, email).await?;
    let sign_in = serde_json::json!({ "email": email, "password": DEMO_PASSWORD });

    let mut sign_ins = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let response = client.post(format!("{base}/session")).json(&sign_in).send().await?;
        anyhow::ensure!(response.status().is_success(), "sign-in failed: {}", response.status());
        sign_ins.push(t.elapsed());
    }
    println!("\n{:<34} {:>9} {:>9} {:>9} {:>8}", "request (sequential, one client)", "p50", "p95", "p99", "n");
    report("POST /api/session (Argon2id)", &mut sign_ins);

    for path in ["/me", "/products", "/subscriptions", "/subscriptions/sub_megan_power_bi", "/health"] {
        let (mut times, _) = common::time_get(&client, &base, path, 100, ROUNDS).await?;
        report(&format!("GET /api{path}"), &mut times);
    }

    // What the three money flows cost, each a quote (the price shown first) and the change with
    // its Idempotency-Key: a durable commit of subscription, invoice, audit event and stored response.
    let rounds = 300;
    let (mut quotes, mut purchases, mut changes, mut cancel_quotes, mut cancels) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..rounds {
        let t = Instant::now();
        client
            .get(format!("{base}/products/prd_power_bi_pro_eur/quote?licenses=10"))
            .send()
            .await?
            .error_for_status()?;
        quotes.push(t.elapsed());

        let t = Instant::now();
        let bought: serde_json::Value = client
            .post(format!("{base}/purchases"))
            .header("Idempotency-Key", format!("bench-buy-{i}"))
            .json(&serde_json::json!({ "product_id": "prd_power_apps_premium_eur", "licenses": 100,
                "payment": { "saved_card": { "payment_method_id": "pm_megan_visa" } } }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        purchases.push(t.elapsed());
        let id = bought["id"].as_str().unwrap_or_default().to_owned();

        let t = Instant::now();
        client
            .put(format!("{base}/subscriptions/{id}/licenses"))
            .header("Idempotency-Key", format!("bench-change-{i}"))
            .json(&serde_json::json!({ "total_licenses": 105 }))
            .send()
            .await?
            .error_for_status()?;
        changes.push(t.elapsed());

        let t = Instant::now();
        client.get(format!("{base}/subscriptions/{id}/cancellation")).send().await?.error_for_status()?;
        cancel_quotes.push(t.elapsed());

        let t = Instant::now();
        client
            .post(format!("{base}/subscriptions/{id}/cancellation"))
            .header("Idempotency-Key", format!("bench-cancel-{i}"))
            .json(&serde_json::json!({ "reason": "too_expensive", "mode": "now" }))
            .send()
            .await?
            .error_for_status()?;
        cancels.push(t.elapsed());
    }
    report("GET /api/products/{id}/quote", &mut quotes);
    report("POST /api/purchases", &mut purchases);
    report("PUT /api/subscriptions/{id}/licenses", &mut changes);
    report("GET /api/subscriptions/{id}/cancellation", &mut cancel_quotes);
    report("POST /api/subscriptions/{id}/cancellation", &mut cancels);
    Ok(())
}

fn report(name: &str, times: &mut [Duration]) {
    let [p50, p95, p99] = common::percentiles(times);
    println!("{name:<42} {p50:>7.2}ms {p95:>7.2}ms {p99:>7.2}ms {:>8}", times.len());
}
