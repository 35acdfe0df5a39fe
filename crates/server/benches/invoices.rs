//! Bills & payments at scale, over real HTTP: the invoice list with 5,000 invoices on one
//! person's billing profile (first page, a deep page, one profile, each period), invoice PDFs
//! (size, and generation time p50/p99 over 200 invoices, in process and over HTTP), and what
//! each Bills & payments and Billing accounts endpoint costs. An in-process server on a
//! file-backed SQLite database with the demo seed. Prints figures; asserts nothing.
//!
//! Run: `cargo bench -p portal-server --profile server --bench invoices`

mod common;

use std::time::{Duration, Instant};

use portal_api::invoices::{InvoiceDetails, InvoiceList};
use portal_server::config::Seed;
use serde_json::json;

const BULK: usize = 5_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let bench = common::seeded(Seed::Demo).await?;
    let today = bench.clock.now().date();

    // 5,000 invoices over the last two years on Megan's Netherlands profile, each with a line.
    let started = Instant::now();
    let mut tx = bench.db.begin().await?;
    for batch in 0..BULK / 100 {
        let mut invoices = String::from(
            "INSERT INTO invoices (id, organization_id, billing_profile_id, purchaser_id, number, issued_on, due_on, status,
                                   subtotal_minor, tax_minor, total_minor, currency, tax_rate_bp, payment_brand, payment_last4) VALUES ",
        );
        let mut lines = String::from(
            "INSERT INTO invoice_lines (id, invoice_id, subscription_id, description, quantity, unit_price_minor, amount_minor,
                                        period_start, period_end, prorated) VALUES ",
        );
        for i in 0..100 {
            let n = batch * 100 + i;
            let day = today - time::Duration::days((n % 729) as i64);
            let sep = if i > 0 { "," } else { "" };
            let licenses = 1 + n % 50;
            let subtotal = licenses * 1400;
            let tax = subtotal * 21 / 100;
            invoices.push_str(&format!(
                "{sep}('inv_bulk_{n:05}', 'org_contoso', 'bp_contoso', 'usr_megan', 'B{n:08}', '{day}', '{day}', 'paid',
                  {subtotal}, {tax}, {}, 'EUR', 2100, 'visa', '4242')",
                subtotal + tax
            ));
            lines.push_str(&format!(
                "{sep}('inv_bulk_{n:05}_1', 'inv_bulk_{n:05}', NULL, 'Power BI Pro', {licenses}, 1400, {subtotal}, '{day}', '{day}', 0)"
            ));
        }
        sqlx::query(&invoices).execute(&mut *tx).await?;
        sqlx::query(&lines).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    println!("{BULK} invoices added to Megan's profile in {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);

    let base = bench.serve().await?;
    let client = common::signed_in(&base, "megan.bowen@contoso.example").await?;

    let from = today - time::Duration::days(729);
    let range = format!("period=date_range&from={from}&to={today}");
    println!(
        "\n{:<64} {:>9} {:>9} {:>9} {:>6} {:>8}",
        "request (sequential, one client)", "p50", "p95", "p99", "n", "bytes"
    );
    let reads = [
        "/invoices".to_owned(),
        "/invoices?period=past_6_months".to_owned(),
        format!("/invoices?{range}"),
        format!("/invoices?{range}&offset=4950&limit=50"),
        format!("/invoices?{range}&billing_profile_id=bp_megan_denmark"),
        "/invoices/inv_bulk_00042".to_owned(),
        "/payment-methods".to_owned(),
        "/payment-methods/pm_megan_visa".to_owned(),
        "/billing-accounts".to_owned(),
        "/billing-accounts/ba_megan".to_owned(),
        "/billing-profiles".to_owned(),
        "/billing-profiles/bp_contoso".to_owned(),
    ];
    for path in &reads {
        time_get(&client, &base, path, 300).await?;
    }
    let whole: InvoiceList = client.get(format!("{base}/invoices?{range}&limit=1")).send().await?.json().await?;
    println!("(the two-year range holds {} invoices)", whole.total);

    // PDFs: 200 different invoices, rendered in process (the generation alone) and over HTTP.
    let page: InvoiceList = client.get(format!("{base}/invoices?{range}&limit=200")).send().await?.json().await?;
    let mut details = Vec::new();
    for invoice in &page.invoices {
        details
            .push(client.get(format!("{base}/invoices/{}", invoice.id)).send().await?.json::<InvoiceDetails>().await?);
    }
    let words = portal_server::invoice_pdf::words("da")?.ok_or_else(|| anyhow::anyhow!("Danish"))?;
    let (mut render, mut sizes) = (Vec::new(), Vec::new());
    for invoice in &details {
        let t = Instant::now();
        let bytes = portal_server::invoice_pdf::render(invoice, words)?;
        render.push(t.elapsed());
        sizes.push(bytes.len());
    }
    report("invoice_pdf::render (in process, da)", &mut render, sizes.iter().sum::<usize>() / sizes.len());
    let mut http = Vec::new();
    for invoice in &page.invoices {
        let t = Instant::now();
        let response = client.get(format!("{base}/invoices/{}.pdf?lang=da", invoice.id)).send().await?;
        anyhow::ensure!(response.status().is_success(), "pdf: {}", response.status());
        response.bytes().await?;
        http.push(t.elapsed());
    }
    report("GET /api/invoices/{id}.pdf?lang=da", &mut http, sizes.iter().sum::<usize>() / sizes.len());
    sizes.sort();
    println!("PDF size: min {} B, median {} B, max {} B", sizes[0], sizes[sizes.len() / 2], sizes[sizes.len() - 1]);

    // Changes, each a durable commit with an audit event and the stored response.
    let mut edits = Vec::new();
    for i in 0..100 {
        let body = json!({ "expiry_month": 1 + i % 12, "expiry_year": 2030, "name_on_card": format!("Megan Bowen {i}"),
            "address": { "line1": "Herengracht 182", "city": "Amsterdam", "postal_code": "1016 BR", "country": "NL" } });
        edits.push(time_change(&client, &base, "PUT", "/payment-methods/pm_megan_mastercard", &body).await?);
    }
    report("PUT /api/payment-methods/{id}", &mut edits, 0);
    let mut verified = Vec::new();
    for i in 0..100 {
        let body = json!({ "security_code": "321", "expiry_month": 1 + i % 12, "expiry_year": 2031, "name_on_card": "Megan Bowen",
            "address": { "line1": "Herengracht 182", "city": "Amsterdam", "postal_code": "1016 BR", "country": "NL" } });
        verified.push(time_change(&client, &base, "PUT", "/payment-methods/pm_megan_mastercard", &body).await?);
    }
    report("PUT /api/payment-methods/{id} with a security code", &mut verified, 0);
    let (mut adds, mut removes) = (Vec::new(), Vec::new());
    for _ in 0..100 {
        let card = portal_api::cards::CardInput::sample("4242 4242 4242 4242");
        let t = Instant::now();
        let response = change(&client, &base, "POST", "/payment-methods", Some(&serde_json::to_value(&card)?)).await?;
        adds.push(t.elapsed());
        let id = response["id"].as_str().unwrap_or_default().to_owned();
        let t = Instant::now();
        change(&client, &base, "DELETE", &format!("/payment-methods/{id}"), None).await?;
        removes.push(t.elapsed());
    }
    report("POST /api/payment-methods", &mut adds, 0);
    report("DELETE /api/payment-methods/{id}", &mut removes, 0);
    let mut replaces = Vec::new();
    for i in 0..100 {
        let card = if i % 2 == 0 { "pm_megan_mastercard" } else { "pm_megan_visa" };
        let body = json!({ "payment": { "saved_card": { "payment_method_id": card } } });
        replaces.push(time_change(&client, &base, "PUT", "/billing-profiles/bp_contoso/payment-method", &body).await?);
    }
    report("PUT /api/billing-profiles/{id}/payment-method", &mut replaces, 0);
    let mut recipients = Vec::new();
    for i in 0..100 {
        let body = json!({ "recipients": [format!("finance{i}@contoso.example"), "ap@contoso.example"] });
        recipients
            .push(time_change(&client, &base, "PUT", "/billing-profiles/bp_contoso/invoice-recipients", &body).await?);
    }
    report("PUT /api/billing-profiles/{id}/invoice-recipients", &mut recipients, 0);
    Ok(())
}

async fn time_get(client: &reqwest::Client, base: &str, path: &str, rounds: usize) -> anyhow::Result<()> {
    let (mut times, bytes) = common::time_get(client, base, path, 20, rounds).await?;
    report(&format!("GET /api{path}"), &mut times, bytes);
    Ok(())
}

async fn change(
    client: &reqwest::Client,
    base: &str,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
) -> anyhow::Result<serde_json::Value> {
    let url = format!("{base}{path}");
    let request = match method {
        "PUT" => client.put(url),
        "DELETE" => client.delete(url),
        _ => client.post(url),
    };
    let request = request.header("Idempotency-Key", format!("bench-{}", hex::encode(rand::random::<[u8; 8]>())));
    let request = match body {
        Some(body) => request.json(body),
        None => request,
    };
    let response = request.send().await?;
    anyhow::ensure!(response.status().is_success(), "{method} {path}: {}", response.status());
    Ok(response.json().await?)
}

async fn time_change(
    client: &reqwest::Client,
    base: &str,
    method: &str,
    path: &str,
    body: &serde_json::Value,
) -> anyhow::Result<Duration> {
    let t = Instant::now();
    change(client, base, method, path, Some(body)).await?;
    Ok(t.elapsed())
}

fn report(name: &str, times: &mut [Duration], bytes: usize) {
    let [p50, p95, p99] = common::percentiles(times);
    println!("{name:<64} {p50:>7.2}ms {p95:>7.2}ms {p99:>7.2}ms {:>6} {bytes:>8}", times.len());
}
