//! The admin's purchase list with 5,000 subscriptions in the organization, over real HTTP: an
//! in-process server on a file-backed SQLite database (the demo seed plus 5,000 purchases),
//! one client, sequential requests. Prints p50/p95/p99 per query; asserts nothing.
//! Run: `cargo bench -p portal-server --profile server --bench admin_purchases`.

mod common;

use std::time::{Duration, Instant};

use portal_server::config::Seed;
use portal_server::seed::bulk;

const PURCHASES: usize = 5_000;
const ROUNDS: usize = 300;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let bench = common::seeded(Seed::Demo).await?;
    let started = Instant::now();
    bulk::subscriptions(&bench.db, PURCHASES, bench.clock.now().date(), bench.clock.now_unix()).await?;
    sqlx::query("ANALYZE").execute(&bench.db).await?;
    println!("{PURCHASES} purchases inserted in {:.2} s", started.elapsed().as_secs_f64());

    let base = bench.serve().await?;
    let client = common::signed_in(&base, "adele.vance@contoso.example").await?;

    println!("\n{:<64} {:>9} {:>9} {:>9} {:>6}", "admin purchase list, 5,000 subscriptions", "p50", "p95", "p99", "n");
    for query in [
        "",
        "sort=purchaser&order=desc",
        "sort=assigned_users&order=desc",
        "sort=price&order=asc&offset=3950&limit=50",
        "sort=expiry_date&limit=200",
        "search=power+an",
        "self_service=false&sort=licenses",
    ] {
        let path = format!("/admin/subscriptions?{query}");
        measure(&client, &base, &path, ROUNDS).await?;
    }
    measure(&client, &base, "/admin/subscriptions/export?language=de", 50).await?;
    Ok(())
}

async fn measure(client: &reqwest::Client, base: &str, path: &str, rounds: usize) -> anyhow::Result<()> {
    let (mut times, _) = common::time_get(client, base, path, 20, rounds).await?;
    report(&format!("GET /api{path}"), &mut times);
    Ok(())
}

fn report(name: &str, times: &mut [Duration]) {
    let [p50, p95, p99] = common::percentiles(times);
    println!("{name:<64} {p50:>7.2}ms {p95:>7.2}ms {p99:>7.2}ms {:>6}", times.len());
}
