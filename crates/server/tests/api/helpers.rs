//! `spawn_app()` and the typed helpers every test uses.

use std::sync::Arc;

use portal_api::session::{Me, SignInRequest};
use portal_server::clock::{Clock, ManualClock};
use portal_server::config::{Config, Seed};
use portal_server::db::Db;
use portal_server::payments::PaymentGateway;
use portal_server::seed::{DEMO_PASSWORD, seed_if_empty};
use portal_server::state::AppState;
use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use reqwest::{Client, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tempfile::TempDir;
use time::OffsetDateTime;
use time::macros::datetime;

pub const MEGAN: &str = "megan.bowen@contoso.example";
pub const ALEX: &str = "alex.wilber@contoso.example";
pub const ADELE: &str = "adele.vance@contoso.example";
pub const LARS: &str = "lars.nystrom@fabrikam.example";
/// Fabrikam's admin: an admin of another organization.
pub const ELIN: &str = "elin.fredriksson@fabrikam.example";
/// A user whose small Power BI Pro an admin takes control of (one of five such purchasers).
pub const JONI: &str = "joni.sherman@contoso.example";

// Ids of the demo data (`portal_server::seed`) the tests use: products are named after the
// product, subscriptions after whose they are, so `POWER_BI_PRO` is the product and
// `MEGANS_POWER_BI` Megan's subscription of it.

/// Power BI Pro, €14 a license a month, billed monthly.
pub const POWER_BI_PRO: &str = "prd_power_bi_pro_eur";
/// Visio Plan 2, with a trial offer.
pub const VISIO_PLAN_2: &str = "prd_visio_plan_2_eur";
/// Project Plan 3, billed annually.
pub const PROJECT_PLAN_3: &str = "prd_project_plan_3_eur";
/// Megan's Power BI Pro: 100 licenses, 40 assigned, monthly, €14, renews 2026-04-15.
pub const MEGANS_POWER_BI: &str = "sub_megan_power_bi";
/// Megan's Visio Plan 2 trial: 25 licenses, 3 assigned.
pub const MEGANS_VISIO_TRIAL: &str = "sub_megan_visio";
/// Megan's Project Plan 3: recurring billing off, 10 licenses, 6 assigned, annual.
pub const MEGANS_PROJECT: &str = "sub_megan_project";
/// Joni's Power BI Pro: self-service, 5 licenses, 3 assigned, monthly.
pub const JONIS_POWER_BI: &str = "sub_joni_power_bi";
/// Contoso's own Power BI Pro (bought by Adele, not self-service): 250 licenses, 50 assigned.
pub const CONTOSO_POWER_BI: &str = "sub_contoso_power_bi";

/// The moment every test starts at; fixed so seeded dates and orders are the same on every run.
pub const START: OffsetDateTime = datetime!(2026-03-15 09:00 UTC);

/// A running server over its own database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    /// The server's "now"; move it with `advance`.
    pub clock: Arc<ManualClock>,
    /// The same pool the server uses, for looking behind the API.
    pub db: Db,
    /// The server's state, for what only the server counts (passwords checked).
    pub state: AppState,
    /// Deleted (with the database in it) when the test ends.
    _dir: TempDir,
}

/// The `index.html` of the built app in `spawn_app_with_built_app`.
pub const INDEX_HTML: &str = "<!doctype html><html><body>portal app shell</body></html>";

/// A file of the built app and its precompressed copy, as the build writes them: (path, bytes,
/// brotli bytes). The "brotli" bytes only need to differ from the plain ones here.
pub const BUILT_WASM: (&str, &[u8], &[u8]) =
    ("/pkg-0123456789abcdef/portal_bg.wasm", b"\0asm plain module bytes", b"brotli stand-in bytes");

/// Starts the whole application, seeded with the demo data, on a random local port; the app's
/// `dist` folder does not exist, so only the API answers.
pub async fn spawn_app() -> TestApp {
    spawn(false).await
}

/// As `spawn_app`, with a built app (an `index.html`) in `dist`, for what the API and the app's
/// history fallback do side by side.
pub async fn spawn_app_with_built_app() -> TestApp {
    spawn(true).await
}

/// A new, empty database for one test: a SQLite file in the test's folder, or, when
/// `PORTAL_TEST_POSTGRES_URL` names a PostgreSQL server (e.g. `postgres://portal:portal@127.0.0.1/postgres`),
/// a new database created on it, so the same suite proves the same behaviour on both backends.
pub async fn fresh_database_url(dir: &TempDir) -> String {
    use sqlx::Connection;
    let Ok(server) = std::env::var("PORTAL_TEST_POSTGRES_URL") else {
        return format!("sqlite://{}", dir.path().join("portal.db").display());
    };
    sqlx::any::install_default_drivers();
    let name = format!("portal_test_{}", hex::encode(rand::random::<[u8; 6]>()));
    let mut admin = sqlx::AnyConnection::connect(&server).await.expect("the PostgreSQL server accepts the test user");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("the test user may create databases");
    let (base, _) = server.rsplit_once('/').expect("the URL names a database");
    format!("{base}/{name}")
}

/// As `spawn_app`, with settings changed first (trusted proxies, limits, …).
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    spawn_configured(false, configure, None).await
}

/// As `spawn_app`, charging through the given gateway (a slow one, one that is down).
pub async fn spawn_app_with_payments(payments: Arc<dyn PaymentGateway>) -> TestApp {
    spawn_configured(false, |_| {}, Some(payments)).await
}

async fn spawn(with_built_app: bool) -> TestApp {
    spawn_configured(with_built_app, |_| {}, None).await
}

async fn spawn_configured(
    with_built_app: bool,
    configure: impl FnOnce(&mut Config),
    payments: Option<Arc<dyn PaymentGateway>>,
) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder can be created");
    let dist_dir = dir.path().join(if with_built_app { "dist" } else { "no-such-dist" });
    if with_built_app {
        std::fs::create_dir_all(&dist_dir).expect("dist can be created");
        std::fs::write(dist_dir.join("index.html"), INDEX_HTML).expect("index.html can be written");
        let pkg = dist_dir.join(BUILT_WASM.0.trim_start_matches('/').rsplit_once('/').expect("a folder").0);
        std::fs::create_dir_all(&pkg).expect("the wasm folder can be created");
        let wasm = dist_dir.join(BUILT_WASM.0.trim_start_matches('/'));
        std::fs::write(&wasm, BUILT_WASM.1).expect("the wasm can be written");
        std::fs::write(wasm.with_extension("wasm.br"), BUILT_WASM.2).expect("its brotli copy can be written");
    }
    let database_url = fresh_database_url(&dir).await;
    let db = portal_server::db::connect(&database_url).await.expect("the test database opens and migrates");

    let clock = Arc::new(ManualClock::new(START));
    let seeded =
        seed_if_empty(&db, Seed::Demo, clock.now().date(), clock.now_unix()).await.expect("the demo seed runs");
    assert!(seeded, "a fresh database is seeded");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a local port is free");
    let local = listener.local_addr().expect("the listener has an address");
    let mut config = Config { seed: Seed::Demo, ..Config::local(local, database_url, dist_dir) };
    configure(&mut config);
    let (limits, trusted_proxies) = (config.limits, config.trusted_proxies.clone());
    let server_clock: Arc<dyn Clock> = clock.clone();
    let mut state = AppState::new(db.clone(), server_clock, config).expect("the application state builds");
    if let Some(payments) = payments {
        state = state.with_payments(payments);
    }
    let app = portal_server::app(state.clone());
    tokio::spawn(portal_server::serve::serve(listener, app, limits, trusted_proxies, std::future::pending()));

    TestApp { address: format!("http://{local}"), clock, db, state, _dir: dir }
}

impl TestApp {
    /// A browser-like client: it keeps the cookies the server sets.
    pub fn client(&self) -> Client {
        Client::builder().cookie_store(true).build().expect("a client builds")
    }

    /// A client without a cookie store, for sending a `Cookie` header by hand.
    pub fn bare_client(&self) -> Client {
        Client::new()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Moves the server's clock forward.
    pub fn advance(&self, by: time::Duration) {
        self.clock.advance(by);
    }

    /// `POST /api/session` with an email and password.
    pub async fn sign_in(&self, client: &Client, email: &str, password: &str) -> Response {
        let body = SignInRequest { email: email.to_owned(), password: password.to_owned() };
        client.post(self.url("/api/session")).json(&body).send().await.expect("the sign-in request is sent")
    }

    /// A client signed in as one of the demo people.
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = self.client();
        let response = self.sign_in(&client, email, DEMO_PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "{email} signs in with the demo password");
        client
    }

    /// A change (`POST`, `PUT` or `DELETE`) with an `Idempotency-Key` and, unless `None`, a JSON body.
    pub async fn change(
        &self,
        client: &Client,
        method: &str,
        path: &str,
        key: &str,
        body: Option<&impl serde::Serialize>,
    ) -> Response {
        let url = self.url(path);
        let request = match method {
            "PUT" => client.put(url),
            "DELETE" => client.delete(url),
            _ => client.post(url),
        };
        let request = request.header("Idempotency-Key", key);
        let request = match body {
            Some(body) => request.json(body),
            None => request,
        };
        request.send().await.expect("the request is sent")
    }

    /// A `GET`, or a change with a new `Idempotency-Key`: one step of a who-may-do-what table.
    pub async fn request(&self, client: &Client, method: &str, path: &str, body: Option<&Value>) -> Response {
        match method {
            "GET" => self.get(client, path).await,
            _ => self.change(client, method, path, &key(), body).await,
        }
    }

    /// Each of `people`, signed in, in their order.
    pub async fn signed_in_all(&self, people: &[&str]) -> Vec<Client> {
        let mut clients = Vec::new();
        for who in people {
            clients.push(self.signed_in(who).await);
        }
        clients
    }

    /// `DELETE /api/session`.
    pub async fn sign_out(&self, client: &Client) -> Response {
        client.delete(self.url("/api/session")).send().await.expect("the sign-out request is sent")
    }

    /// `GET` a path.
    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.expect("the request is sent")
    }

    /// `GET` a path with a `Cookie` header written by hand (and no cookie store).
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Response {
        self.bare_client().get(self.url(path)).header(COOKIE, cookie).send().await.expect("the request is sent")
    }

    /// `POST /api/session` with a raw body and, optionally, a Content-Type.
    pub async fn post_session_raw(&self, body: impl Into<reqwest::Body>, content_type: Option<&str>) -> Response {
        let mut request = self.bare_client().post(self.url("/api/session")).body(body);
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        request.send().await.expect("the request is sent")
    }

    /// Fails `n` sign-ins for `email` with a wrong password, each answered 401.
    pub async fn fail_sign_ins(&self, email: &str, n: usize) {
        let client = self.client();
        for attempt in 1..=n {
            let response = self.sign_in(&client, email, "not-the-password").await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "failed attempt {attempt} is answered 401");
        }
    }
}

/// The `portal_session=…` Set-Cookie header of a response, whole.
pub fn session_set_cookie(response: &Response) -> String {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("portal_session="))
        .unwrap_or_else(|| panic!("no portal_session Set-Cookie in {:?}", response.headers()))
        .to_owned()
}

/// `portal_session=<token>` from a response's Set-Cookie, ready to send back as a Cookie header.
pub fn session_cookie_pair(response: &Response) -> String {
    let set_cookie = session_set_cookie(response);
    let pair = set_cookie.split(';').next().expect("a Set-Cookie has a name=value pair").trim().to_owned();
    assert!(pair.len() > "portal_session=".len(), "the session cookie has a value: {set_cookie}");
    pair
}

/// A new `Idempotency-Key`.
pub fn key() -> String {
    format!("test-{}", hex::encode(rand::random::<[u8; 8]>()))
}

/// The body of a 200 answer as `T` (the body is shown when the status or shape is not that).
pub async fn ok<T: DeserializeOwned>(response: Response) -> T {
    body_as(response, StatusCode::OK).await
}

/// The body of a 201 answer as `T`.
pub async fn created<T: DeserializeOwned>(response: Response) -> T {
    body_as(response, StatusCode::CREATED).await
}

async fn body_as<T: DeserializeOwned>(response: Response, status: StatusCode) -> T {
    let actual = response.status();
    let text = response.text().await.expect("the body can be read");
    assert_eq!(actual, status, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("unexpected body ({e}): {text}"))
}

/// The one number a `SELECT COUNT(*) …` (or any one-number query) answers, read behind the API.
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db).await.expect("the count is read")
}

/// `n` people of Contoso, by id, who hold no license of `product` and cannot sign in (people
/// of the directory no test signs in as).
pub async fn without_license(db: &Db, product: &str, n: i64) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT u.id FROM users u WHERE u.organization_id = 'org_contoso' AND u.password_hash IS NULL
           AND u.id NOT IN (SELECT a.user_id FROM license_assignments a JOIN subscriptions s ON s.id = a.subscription_id
                            WHERE s.product_id = $1)
         ORDER BY u.id LIMIT $2",
    )
    .bind(product)
    .bind(n)
    .fetch_all(db)
    .await
    .expect("people without a license of the product")
}

/// Gives a person of Contoso one of the subscription's licenses straight in the database, as
/// if `assigned_by` had.
pub async fn assign_behind_the_api(db: &Db, subscription_id: &str, user_id: &str, assigned_by: &str) {
    sqlx::query(
        "INSERT INTO license_assignments (subscription_id, user_id, organization_id, assigned_by, assigned_at)
         VALUES ($1, $2, 'org_contoso', $3, 0)",
    )
    .bind(subscription_id)
    .bind(user_id)
    .bind(assigned_by)
    .execute(db)
    .await
    .expect("an assignment is written");
}

/// How many subscriptions have more people assigned than licenses bought (the seat rule: 0).
pub async fn over_their_licenses(db: &Db) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM subscriptions s
         WHERE (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = s.id) > s.total_licenses",
    )
    .fetch_one(db)
    .await
    .expect("the subscriptions are read")
}

/// How many rows a table has.
pub async fn rows_in(app: &TestApp, table: &str) -> i64 {
    count(app, &format!("SELECT COUNT(*) FROM {table}")).await
}

/// The body as `Me`, after checking the status is 200.
pub async fn me_of(response: Response) -> Me {
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("the body is a Me")
}

/// Checks an error response: exact status, JSON content type, the shape
/// `{"error":{"code","message","field"?,"count"?,"people"?}}` with nothing else, the code and the field.
/// Returns the `error` object.
pub async fn assert_error(response: Response, status: StatusCode, code: &str, field: Option<&str>) -> Value {
    let actual = response.status();
    let content_type =
        response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let text = response.text().await.expect("the body can be read");
    assert_eq!(actual, status, "status (body: {text})");
    assert!(content_type.starts_with("application/json"), "content type {content_type:?} (body: {text})");
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("the body is not JSON ({e}): {text}"));
    let top = body.as_object().unwrap_or_else(|| panic!("the body is not an object: {text}"));
    assert_eq!(top.keys().collect::<Vec<_>>(), ["error"], "the body holds only `error`: {text}");
    let error = top["error"].as_object().unwrap_or_else(|| panic!("`error` is not an object: {text}"));
    assert!(
        error.keys().all(|k| ["code", "message", "field", "count", "people", "used_by"].contains(&k.as_str())),
        "unexpected keys: {text}"
    );
    assert_eq!(error.get("code").and_then(Value::as_str), Some(code), "code (body: {text})");
    let message = error.get("message").and_then(Value::as_str).unwrap_or_default();
    assert!(!message.trim().is_empty(), "a message is given: {text}");
    assert_eq!(error.get("field").and_then(Value::as_str), field, "field (body: {text})");
    if field.is_none() {
        assert!(!error.contains_key("field"), "no `field` key when no field is at fault: {text}");
    }
    body["error"].clone()
}
