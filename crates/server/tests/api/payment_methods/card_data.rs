//! No card number or security code is kept anywhere: not in a table, an audit event, an
//! idempotency record or the server's log, and a new card's request is told apart by what the
//! portal keeps.

use super::*;

/// Every place a request's data can land: no card number or security code in any of them.
async fn scan_for(app: &TestApp, numbers: &[&str], codes: &[&str]) {
    let mut texts: Vec<String> = Vec::new();
    let audit: Vec<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT before_json, after_json FROM audit_events").fetch_all(&app.db).await.expect("read");
    texts.extend(audit.into_iter().flat_map(|(a, b)| [a, b]).flatten());
    let keys: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT request_hash, response_body FROM idempotency_keys")
            .fetch_all(&app.db)
            .await
            .expect("read");
    texts.extend(keys.into_iter().flat_map(|(h, b)| [Some(h), b]).flatten());
    type Card = (String, String, String, String, String, String, Option<String>, String, String, String);
    let cards: Vec<Card> = sqlx::query_as(
        "SELECT id, gateway_token, brand, last4, name_on_card, address_line1, address_line2, city, postal_code, country FROM payment_methods",
    )
    .fetch_all(&app.db)
    .await
    .expect("read");
    for c in cards {
        texts.extend([c.0, c.1, c.2, c.3, c.4, c.5, c.7, c.8, c.9]);
        texts.extend(c.6);
    }
    assert!(!texts.is_empty());
    for text in &texts {
        for number in numbers {
            assert!(!text.contains(number), "{number} was stored: {text}");
        }
        for code in codes {
            assert!(!holds_word(text, code), "{code} was stored: {text}");
        }
    }
}

/// Whether `code` stands as a word of `text` (as a JSON value or a field of a log line would);
/// inside a longer number (`18.927µs`), a random hex id or a SQL placeholder (`$927`) it is
/// chance, not a leak.
fn holds_word(text: &str, code: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '$' | '.' | '_'))).any(|word| word == code)
}

/// Everything the server logs (its own events, requests, SQL), at every level, from the moment
/// this is first called: shared by the tests of this binary.
fn server_log() -> &'static std::sync::Mutex<Vec<u8>> {
    static LOG: std::sync::OnceLock<&'static std::sync::Mutex<Vec<u8>>> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let log: &'static std::sync::Mutex<Vec<u8>> = Box::leak(Box::new(std::sync::Mutex::new(Vec::new())));
        struct Writer(&'static std::sync::Mutex<Vec<u8>>);
        impl std::io::Write for Writer {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter("trace,sqlx=debug")
            .with_ansi(false)
            .with_writer(move || Writer(log))
            .finish();
        // another test binary's subscriber cannot be here: this one is ours alone
        let _ = tracing::subscriber::set_global_default(subscriber);
        log
    })
}

#[tokio::test]
async fn card_numbers_and_security_codes_are_stored_nowhere() {
    let log = server_log();
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let mut card = CardInput::sample("5555 5555 5555 4444");
    card.security_code = "927".into();
    assert_eq!(add(&app, &megan, &card).await.status(), StatusCode::CREATED);
    let mut declined = CardInput::sample("4000 0000 0000 0002");
    declined.security_code = "928".into();
    assert_eq!(add(&app, &megan, &declined).await.status(), StatusCode::PAYMENT_REQUIRED);
    let visa = megans_visa(&app, &megan).await;
    let mut change = edit_of(&visa);
    change.security_code = Some("929".into());
    assert_eq!(edit(&app, &megan, &visa.id, &change).await.status(), StatusCode::OK);
    let mut replacement = CardInput::sample("4242 4242 4242 4242");
    replacement.security_code = "931".into();
    let body = json!({ "payment": { "new_card": replacement } });
    let response =
        app.change(&megan, "PUT", "/api/billing-profiles/bp_megan_denmark/payment-method", &key(), Some(&body)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let numbers =
        ["5555555555554444", "5555 5555 5555 4444", "4000000000000002", "4242424242424242", "4242 4242 4242 4242"];
    let codes = ["927", "928", "929", "931"];
    assert!(
        holds_word(r#"{"security_code":"927"}"#, "927") && holds_word("code=927 x", "927"),
        "the scan finds a code"
    );
    scan_for(&app, &numbers, &codes).await;
    let logged = String::from_utf8_lossy(&log.lock().unwrap_or_else(|p| p.into_inner())).into_owned();
    assert!(logged.contains("/api/payment-methods"), "the requests were logged");
    for number in numbers {
        assert!(!logged.contains(number), "{number} was logged");
    }
    for code in codes {
        let line = logged.lines().find(|l| holds_word(l, code)).unwrap_or_default();
        assert!(!holds_word(&logged, code), "{code} was logged: {line}");
    }
}

#[tokio::test]
async fn a_purchase_with_a_new_card_is_told_from_other_requests_by_what_the_portal_keeps_never_by_its_number() {
    use portal_api::purchases::{Payment, PurchaseRequest};
    use portal_server::idempotency::{fingerprint, redacted_payment};
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let request = PurchaseRequest {
        product_id: crate::helpers::POWER_BI_PRO.into(),
        licenses: 1,
        payment: Payment::NewCard(CardInput::sample("4242 4242 4242 4242")),
    };
    let response = app.change(&megan, "POST", "/api/purchases", &key(), Some(&json!(request))).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let hashes: Vec<(String,)> =
        sqlx::query_as("SELECT request_hash FROM idempotency_keys").fetch_all(&app.db).await.expect("read");
    let kept =
        json!({ "product_id": request.product_id, "licenses": 1, "payment": redacted_payment(&request.payment) });
    assert!(hashes.iter().any(|(hash,)| *hash == fingerprint("POST /purchases", &kept)), "fingerprinted as kept");
    // a hash over the typed number could be reversed by trying every number
    assert!(!hashes.iter().any(|(hash,)| *hash == fingerprint("POST /purchases", &request)));
}
