//! Bills & payments > Invoices: the periods and their edges, paging, details, the PDF in the
//! person's language, and who may read which invoice.
//!
//! The demo seed at the tests' start day (2026-03-15) gives Megan invoices on the 15th of each
//! month: Power BI Pro for 0–4 months ago and Power Apps Premium 1–2 months ago (her
//! Netherlands profile), Power Automate Premium 5–14 months ago (her Denmark profile), Project
//! Plan 3 nine months ago and one credited invoice eleven months ago.

use std::time::Instant;

use portal_api::cards::CardBrand;
use portal_api::invoices::{InvoiceDetails, InvoiceList, InvoiceStatus};
use reqwest::{Client, StatusCode};
use time::Duration;

use crate::helpers::{ADELE, ALEX, LARS, MEGAN, TestApp, assert_error, ok, spawn_app};

async fn list(app: &TestApp, client: &Client, query: &str) -> InvoiceList {
    ok(app.get(client, &format!("/api/invoices{query}")).await).await
}

fn days(list: &InvoiceList) -> Vec<&str> {
    list.invoices.iter().map(|i| i.issued_on.as_str()).collect()
}

fn range(from: &str, to: &str) -> String {
    format!("?period=date_range&from={from}&to={to}")
}

#[tokio::test]
async fn past_3_months_is_the_default_newest_first() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let invoices = list(&app, &megan, "").await;
    assert_eq!((invoices.from.as_str(), invoices.to.as_str()), ("2025-12-15", "2026-03-15"));
    assert_eq!(
        days(&invoices),
        ["2026-03-15", "2026-02-15", "2026-02-15", "2026-01-15", "2026-01-15", "2025-12-15"],
        "Power BI Pro 0–3 months ago and Power Apps Premium 1–2 months ago"
    );
    assert_eq!(invoices.total, 6);
    assert_eq!(list(&app, &megan, "?period=past_3_months").await, invoices);
    let first = &invoices.invoices[0];
    assert_eq!(first.billing_profile_name, "Contoso Ltd. – Netherlands");
    assert_eq!((first.amount.amount_minor, first.amount.currency.as_str()), (169_400, "EUR"), "100 × €14 + 21 %");
    assert_eq!(first.status, InvoiceStatus::Due, "issued today");
    assert_eq!(invoices.invoices[5].status, InvoiceStatus::Paid);
}

#[tokio::test]
async fn past_6_months_and_a_date_range_show_different_invoices() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let six = list(&app, &megan, "?period=past_6_months").await;
    assert_eq!((six.from.as_str(), six.total), ("2025-09-15", 9));
    assert!(six.invoices.iter().any(|i| i.billing_profile_name == "Contoso Ltd. – Denmark"));
    let year = list(&app, &megan, &range("2025-03-15", "2026-03-15")).await;
    // Power BI 5, Power Apps 2, Project 1, credited 1, and Denmark 5–12 months ago (8)
    assert_eq!(year.total, 17, "everything but the Denmark invoices 13 and 14 months ago");
    let credited = year
        .invoices
        .iter()
        .find(|i| i.issued_on == "2025-04-15" && i.billing_profile_id == "bp_contoso")
        .expect("the credited invoice");
    assert_eq!((credited.status, credited.amount.amount_minor), (InvoiceStatus::Credited, 0));
    let all = list(&app, &megan, &range("2024-03-15", "2026-03-15")).await;
    assert_eq!(all.total, 19);
}

#[tokio::test]
async fn a_date_range_includes_both_its_days_and_nothing_beyond() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    // two invoices were issued on 2026-01-15
    assert_eq!(list(&app, &megan, &range("2026-01-15", "2026-01-15")).await.total, 2, "on the day");
    assert_eq!(list(&app, &megan, &range("2026-01-14", "2026-01-15")).await.total, 2, "a day before to the day");
    assert_eq!(
        list(&app, &megan, &range("2026-01-16", "2026-02-14")).await.total,
        0,
        "a day after to a day before the next"
    );
    assert_eq!(list(&app, &megan, &range("2026-01-01", "2026-01-14")).await.total, 0, "ends a day before");
}

#[tokio::test]
async fn past_3_months_moves_with_the_day_and_the_persons_time_zone() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    // 2026-03-15 09:00 UTC: three months back is 2025-12-15, whose invoice is in
    assert_eq!(list(&app, &megan, "").await.total, 6);
    // 23:30 UTC is already 2026-03-16 at 00:30 in Copenhagen (UTC+1): 2025-12-15 drops out
    app.advance(Duration::minutes(14 * 60 + 30));
    let megan = app.signed_in(MEGAN).await; // the morning's session has ended
    assert_eq!(list(&app, &megan, "").await.total, 6, "still the 15th in UTC");
    let copenhagen = list(&app, &megan, "?utc_offset_minutes=60").await;
    assert_eq!((copenhagen.from.as_str(), copenhagen.to.as_str(), copenhagen.total), ("2025-12-16", "2026-03-16", 5));
    // and in New York (UTC-5) it is still the 15th
    assert_eq!(list(&app, &megan, "?utc_offset_minutes=-300").await.total, 6);
    // the next day in UTC too
    app.advance(Duration::hours(1));
    assert_eq!(list(&app, &megan, "").await.total, 5);
}

#[tokio::test]
async fn a_reversed_or_too_long_date_range_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let reversed = app.get(&megan, &format!("/api/invoices{}", range("2026-02-02", "2026-02-01"))).await;
    assert_error(reversed, StatusCode::UNPROCESSABLE_ENTITY, "date_range_reversed", Some("from")).await;
    let exactly_24 = app.get(&megan, &format!("/api/invoices{}", range("2024-03-15", "2026-03-15"))).await;
    assert_eq!(exactly_24.status(), StatusCode::OK, "24 months is allowed");
    let longer = app.get(&megan, &format!("/api/invoices{}", range("2024-03-14", "2026-03-15"))).await;
    let error = assert_error(longer, StatusCode::UNPROCESSABLE_ENTITY, "date_range_too_long", Some("to")).await;
    assert_eq!(error["count"], 24);
    let not_a_day = app.get(&megan, &format!("/api/invoices{}", range("2026-02-30", "2026-03-01"))).await;
    assert_error(not_a_day, StatusCode::UNPROCESSABLE_ENTITY, "invalid_date", Some("from")).await;
    let missing = app.get(&megan, "/api/invoices?period=date_range&from=2026-01-01").await;
    assert_error(missing, StatusCode::UNPROCESSABLE_ENTITY, "required", Some("to")).await;
    let period = app.get(&megan, "/api/invoices?period=past_year").await;
    assert_error(period, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("period")).await;
    let zone = app.get(&megan, "/api/invoices?utc_offset_minutes=900").await;
    assert_error(zone, StatusCode::UNPROCESSABLE_ENTITY, "out_of_range", Some("utc_offset_minutes")).await;
    let limit = app.get(&megan, "/api/invoices?limit=0").await;
    assert_error(limit, StatusCode::UNPROCESSABLE_ENTITY, "out_of_range", Some("limit")).await;
}

#[tokio::test]
async fn pages_cover_the_period_once_in_order() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let whole = list(&app, &megan, &range("2024-03-15", "2026-03-15")).await;
    let mut paged = Vec::new();
    for offset in (0..whole.total).step_by(4) {
        let page = list(&app, &megan, &format!("{}&offset={offset}&limit=4", range("2024-03-15", "2026-03-15"))).await;
        assert_eq!((page.total, page.offset, page.limit), (19, offset, 4));
        paged.extend(page.invoices);
    }
    assert_eq!(paged, whole.invoices);
}

#[tokio::test]
async fn one_profiles_invoices_for_its_details_page() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let denmark =
        list(&app, &megan, &format!("{}&billing_profile_id=bp_megan_denmark", range("2024-03-15", "2026-03-15"))).await;
    assert_eq!(denmark.total, 10);
    assert!(denmark.invoices.iter().all(|i| i.billing_profile_id == "bp_megan_denmark"));
    let alex = app.signed_in(ALEX).await;
    let response = app.get(&alex, "/api/invoices?billing_profile_id=bp_contoso").await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
}

#[tokio::test]
async fn an_invoice_has_its_lines_tax_total_and_the_card_charged() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let newest = list(&app, &megan, "").await.invoices.remove(0);
    let invoice: InvoiceDetails = ok(app.get(&megan, &format!("/api/invoices/{}", newest.id)).await).await;
    assert_eq!(invoice.summary, newest);
    assert_eq!(invoice.lines.len(), 1);
    let line = &invoice.lines[0];
    assert_eq!((line.product.as_str(), line.quantity, line.unit_price.amount_minor), ("Power BI Pro", 100, 1400));
    assert_eq!((line.period_start.as_deref(), line.period_end.as_deref()), (Some("2026-03-15"), Some("2026-04-14")));
    assert!(!line.prorated);
    assert_eq!(
        (invoice.subtotal.amount_minor, invoice.tax_rate_bp, invoice.tax.amount_minor, invoice.total.amount_minor),
        (140_000, 2100, 29_400, 169_400)
    );
    assert_eq!(invoice.credits_applied.amount_minor, 0);
    let payment = invoice.payment.expect("paid by card");
    assert_eq!((payment.brand, payment.last4.as_str()), (CardBrand::Visa, "4242"));
    assert_eq!(invoice.sold_to.name, "Contoso Ltd.");
    assert_eq!(invoice.bill_to.name, "Megan Bowen");
    assert_eq!(invoice.bill_to.city, "Amsterdam");
}

#[tokio::test]
async fn a_purchase_is_invoiced_on_the_purchasers_own_profile_with_its_card_and_term() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    let body = serde_json::json!({ "product_id": "prd_visio_plan_2_eur", "licenses": 2,
        "payment": { "saved_card": { "payment_method_id": "pm_alex_mastercard" } } });
    let response = app.change(&alex, "POST", "/api/purchases", &crate::helpers::key(), Some(&body)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let today = list(&app, &alex, &range("2026-03-15", "2026-03-15")).await;
    assert_eq!(today.total, 1);
    assert_eq!(today.invoices[0].billing_profile_id, "bp_alex");
    let invoice: InvoiceDetails = ok(app.get(&alex, &format!("/api/invoices/{}", today.invoices[0].id)).await).await;
    let payment = invoice.payment.expect("charged to the card");
    assert_eq!((payment.brand, payment.last4.as_str()), (CardBrand::Mastercard, "4444"));
    assert_eq!(invoice.lines[0].period_end.as_deref(), Some("2027-03-14"), "a year, billed yearly");
    assert_eq!(invoice.tax_rate_bp, 2100);
    let megan = app.signed_in(MEGAN).await;
    assert!(list(&app, &megan, "").await.invoices.iter().all(|i| i.id != invoice.summary.id));
}

async fn pdf_text(app: &TestApp, client: &Client, path: &str) -> (Vec<u8>, String) {
    let response = app.get(client, path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    let disposition = headers["content-disposition"].to_str().expect("ASCII").to_owned();
    assert!(disposition.starts_with("attachment; filename=\"G"), "{disposition}");
    let bytes = response.bytes().await.expect("the PDF is read").to_vec();
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("the PDF's text can be read back");
    (bytes, text)
}

#[tokio::test]
async fn the_pdf_is_a_real_pdf_in_the_persons_language() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let newest = list(&app, &megan, "").await.invoices.remove(0);
    let (bytes, danish) = pdf_text(&app, &megan, &format!("/api/invoices/{}.pdf?lang=da", newest.id)).await;
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/StructTreeRoot") && has(b"/MarkInfo"), "tagged, for screen readers");
    let lang = bytes
        .windows(5)
        .position(|w| w == b"/Lang")
        .map(|at| String::from_utf8_lossy(&bytes[at..at + 12]).into_owned());
    assert!(lang.as_deref().is_some_and(|l| l.contains("da")), "in Danish, as its language says: {lang:?}");
    assert!(danish.contains(&newest.number), "the invoice number: {danish}");
    assert!(danish.contains("1.694,00 EUR"), "the total, written the Danish way: {danish}");
    assert!(danish.contains("Fakturanummer") && danish.contains("I alt"), "Danish labels: {danish}");
    assert!(danish.contains("Sælger") && danish.contains("Beløb"), "æ and ø in the embedded font: {danish}");
    assert!(danish.contains("Moms (21 %)") && danish.contains("294,00 EUR"), "tax with its rate: {danish}");
    assert!(danish.contains("Power BI Pro") && danish.contains("Northwind Cloud Services"), "{danish}");
    assert!(danish.contains("Contoso Ltd.") && danish.contains("Herengracht 182"), "the buyer: {danish}");

    let (_, german) = pdf_text(&app, &megan, &format!("/api/invoices/{}.pdf?lang=de", newest.id)).await;
    assert!(german.contains("Rechnungsempfänger") && german.contains("Fälligkeitsdatum"), "{german}");
    let (_, english) = pdf_text(&app, &megan, &format!("/api/invoices/{}.pdf", newest.id)).await;
    assert!(english.contains("Invoice number") && english.contains("1,694.00 EUR"), "English by default: {english}");
    let (_, swedish) = pdf_text(&app, &megan, &format!("/api/invoices/{}.pdf?lang=sv", newest.id)).await;
    assert!(swedish.contains("Förfallodatum") && swedish.contains("Såld till"), "{swedish}");

    let response = app.get(&megan, &format!("/api/invoices/{}.pdf?lang=fr", newest.id)).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("lang")).await;
}

#[tokio::test]
async fn only_the_payer_and_admins_of_the_organization_read_an_invoice() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let id = list(&app, &megan, "").await.invoices.remove(0).id;
    for (who, status) in [(ALEX, StatusCode::NOT_FOUND), (LARS, StatusCode::NOT_FOUND), (ADELE, StatusCode::OK)] {
        let client = app.signed_in(who).await;
        for path in [format!("/api/invoices/{id}"), format!("/api/invoices/{id}.pdf")] {
            let response = app.get(&client, &path).await;
            if status == StatusCode::OK {
                assert_eq!(response.status(), status, "{who} {path}");
            } else {
                assert_error(response, status, "not_found", None).await;
            }
        }
    }
    let alex = app.signed_in(ALEX).await;
    assert!(
        list(&app, &alex, "?period=past_6_months").await.invoices.iter().all(|i| i.billing_profile_id == "bp_alex")
    );
    let adele = app.signed_in(ADELE).await;
    let org = list(&app, &adele, "?period=past_6_months").await;
    assert!(org.invoices.iter().any(|i| i.billing_profile_id == "bp_contoso"));
    assert!(org.invoices.iter().any(|i| i.billing_profile_id == "bp_alex"));
    assert!(org.invoices.iter().all(|i| i.billing_profile_id != "bp_fabrikam"));
    let lars = app.signed_in(LARS).await;
    assert!(list(&app, &lars, "").await.invoices.iter().all(|i| i.amount.currency == "SEK"));
    let anonymous = app.get(&app.client(), "/api/invoices").await;
    assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
}

/// Seeds 5,000 invoices on Megan's profile over two years and reads the first and the last
/// page of the whole range; prints the time each took.
#[tokio::test]
async fn five_thousand_invoices_page_quickly() {
    let app = spawn_app().await;
    let seeded = Instant::now();
    let mut tx = app.db.begin().await.expect("a transaction");
    for batch in 0..50 {
        let mut sql = String::from(
            "INSERT INTO invoices (id, organization_id, billing_profile_id, purchaser_id, number, issued_on, due_on, status,
                                   subtotal_minor, tax_minor, total_minor, currency) VALUES ",
        );
        for i in 0..100 {
            let n = batch * 100 + i;
            let day = time::macros::date!(2024 - 03 - 16) + Duration::days(n % 730);
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "('inv_bulk_{n:05}', 'org_contoso', 'bp_contoso', 'usr_megan', 'B{n:08}', '{day}', '{day}', 'paid', 1000, 210, 1210, 'EUR')"
            ));
        }
        sqlx::query(&sql).execute(&mut *tx).await.expect("a batch of invoices");
    }
    tx.commit().await.expect("committed");
    let seeded = seeded.elapsed();
    let megan = app.signed_in(MEGAN).await;
    let period = range("2024-03-15", "2026-03-15");
    let started = Instant::now();
    let first = list(&app, &megan, &period).await;
    let first_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(first.total, 5_000 + 19);
    let started = Instant::now();
    let last = list(&app, &megan, &format!("{period}&offset=4950&limit=100")).await;
    let last_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(last.invoices.len(), 69);
    assert!(
        first
            .invoices
            .windows(2)
            .all(|w| (w[0].issued_on.as_str(), w[0].id.as_str()) >= (w[1].issued_on.as_str(), w[1].id.as_str()))
    );
    println!(
        "5,019 invoices (seeded in {:.0} ms): first page of 50 in {first_ms:.1} ms, page at offset 4,950 in {last_ms:.1} ms (debug build, SQLite)",
        seeded.as_secs_f64() * 1000.0
    );
}

#[tokio::test]
async fn every_demo_purchaser_has_invoices_in_each_period() {
    let app = spawn_app().await;
    for who in [
        MEGAN,
        ALEX,
        ADELE,
        LARS,
        "lee.gu@contoso.example",
        "nestor.wilke@contoso.example",
        "patti.fernandez@contoso.example",
        "miriam.graham@contoso.example",
    ] {
        let client = app.signed_in(who).await;
        let three = list(&app, &client, "").await.total;
        let six = list(&app, &client, "?period=past_6_months").await.total;
        let two_years = list(&app, &client, &range("2024-03-15", "2026-03-15")).await.total;
        assert!(0 < three && three < six && six < two_years, "{who}: {three} < {six} < {two_years}");
    }
}
