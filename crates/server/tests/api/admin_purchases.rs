//! The admin's purchase list: every self-service purchase in the organization with the seed's
//! six columns, searched, sorted, paged on the server, and exported as CSV; admins only.

use portal_api::self_service::{Purchase, PurchasesPage};
use portal_server::clock::Clock;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use reqwest::{Client, StatusCode};

use crate::helpers::{ADELE, LARS, MEGAN, TestApp, assert_error, count, ok, spawn_app};

async fn page(app: &TestApp, client: &Client, query: &str) -> PurchasesPage {
    ok(app.get(client, &format!("/api/admin/subscriptions?{query}")).await).await
}

fn ids(purchases: &[Purchase]) -> Vec<&str> {
    purchases.iter().map(|p| p.subscription_id.as_str()).collect()
}

#[tokio::test]
async fn an_admin_lists_every_self_service_purchase_of_her_organization_with_the_six_columns() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let list = page(&app, &adele, "").await;
    // self-service only by default: not Contoso's own Microsoft 365 E3 or Power BI Pro
    assert!(list.purchases.iter().all(|p| p.self_service), "{:?}", ids(&list.purchases));
    assert!(!ids(&list.purchases).contains(&"sub_adele_m365"));
    assert!(!ids(&list.purchases).iter().any(|id| id.starts_with("sub_lars")), "never another organization's");
    assert_eq!(list.total_matching, list.purchases.len() as i64);
    assert_eq!((list.offset, list.limit), (0, 50));
    let power_bi = list.purchases.iter().find(|p| p.subscription_id == "sub_megan_power_bi").expect("Megan's");
    assert_eq!(
        (
            power_bi.product_name.as_str(),
            power_bi.purchaser_name.as_str(),
            power_bi.total_licenses,
            power_bi.term_end_date.as_str(),
            power_bi.price.amount_minor,
            power_bi.assigned_licenses,
        ),
        ("Power BI Pro", "Megan Bowen", 100, "2026-04-15", 140_000, 40)
    );
    assert!(!power_bi.managed_by_admin && !power_bi.is_trial);
    let visio = list.purchases.iter().find(|p| p.subscription_id == "sub_megan_visio").expect("the trial");
    assert_eq!((visio.is_trial, visio.price.amount_minor), (true, 0));
    // sorted by product name by default
    let names: Vec<&str> = list.purchases.iter().map(|p| p.product_name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    let everything = page(&app, &adele, "self_service=false").await;
    assert!(ids(&everything.purchases).contains(&"sub_adele_m365"));
    assert!(ids(&everything.purchases).contains(&"sub_contoso_power_bi"));
    let organizations =
        count(&app, "SELECT COUNT(*) FROM subscriptions WHERE organization_id = 'org_contoso' AND self_service = 0")
            .await;
    assert!(organizations >= 2);
    assert_eq!(everything.total_matching, list.total_matching + organizations);
}

#[tokio::test]
async fn a_user_is_refused_the_list_and_another_organizations_admin_sees_only_her_own() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    for path in ["/api/admin/subscriptions", "/api/admin/subscriptions/export?language=en"] {
        assert_error(app.get(&megan, path).await, StatusCode::FORBIDDEN, "admin_only", None).await;
        assert_error(app.get(&app.client(), path).await, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
    }
    let lars = app.signed_in(LARS).await;
    assert_error(app.get(&lars, "/api/admin/subscriptions").await, StatusCode::FORBIDDEN, "admin_only", None).await;
    let elin = app.signed_in("elin.fredriksson@fabrikam.example").await;
    let fabrikam = page(&app, &elin, "self_service=false").await;
    assert_eq!(ids(&fabrikam.purchases), ["sub_lars_power_bi"]);
    assert_eq!(fabrikam.purchases[0].price.currency, "SEK");
}

#[tokio::test]
async fn bad_paging_sorting_or_searching_is_refused_naming_the_parameter() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    for (query, code, field) in [
        ("limit=0", "out_of_range", "limit"),
        ("limit=201", "out_of_range", "limit"),
        ("offset=-1", "out_of_range", "offset"),
        ("limit=ten", "invalid_body", "limit"),
        ("sort=colour", "invalid_body", "sort"),
        ("order=sideways", "invalid_body", "order"),
        ("self_service=maybe", "invalid_body", "self_service"),
    ] {
        let response = app.get(&adele, &format!("/api/admin/subscriptions?{query}")).await;
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, code, Some(field)).await;
    }
    let long = "a".repeat(101);
    let response = app.get(&adele, &format!("/api/admin/subscriptions?search={long}")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app.get(&adele, "/api/admin/subscriptions/export?language=fr").await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("language")).await;
}

/// One row as the test computes it from the tables, beside the API.
#[derive(Debug, Clone)]
struct Expected {
    id: String,
    product: String,
    purchaser_folded: String,
    purchaser: String,
    licenses: i64,
    expiry: String,
    price: i64,
    assigned: i64,
    self_service: bool,
}

async fn expected_rows(app: &TestApp) -> Vec<Expected> {
    type Row = (String, String, String, String, i64, String, i64, i64, String, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, p.name, u.search_text, u.display_name, s.total_licenses, s.term_end_date, s.price_per_license_minor,
                s.is_trial, p.billing_term, s.self_service,
                (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = s.id)
         FROM subscriptions s JOIN products p ON p.id = s.product_id JOIN users u ON u.id = s.purchaser_id
         WHERE s.organization_id = 'org_contoso'",
    )
    .fetch_all(&app.db)
    .await
    .expect("the subscriptions are read");
    rows.into_iter()
        .map(|(id, product, folded, purchaser, licenses, expiry, per_month, trial, term, self_service, assigned)| {
            let months = if term == "annual" { 12 } else { 1 };
            Expected {
                id,
                product,
                purchaser_folded: folded,
                purchaser,
                price: if trial == 1 { 0 } else { per_month * licenses * months },
                licenses,
                expiry,
                assigned,
                self_service: self_service == 1,
            }
        })
        .collect()
}

fn sorted(rows: &[Expected], sort: &str, desc: bool) -> Vec<String> {
    let mut rows: Vec<Expected> = rows.iter().filter(|r| r.self_service).cloned().collect();
    rows.sort_by(|a, b| {
        let by = match sort {
            "product" => a.product.cmp(&b.product),
            "purchaser" => a.purchaser_folded.cmp(&b.purchaser_folded),
            "licenses" => a.licenses.cmp(&b.licenses),
            "expiry_date" => a.expiry.cmp(&b.expiry),
            "price" => a.price.cmp(&b.price),
            _ => a.assigned.cmp(&b.assigned),
        };
        by.then_with(|| a.id.cmp(&b.id))
    });
    if desc {
        rows.reverse();
    }
    rows.into_iter().map(|r| r.id).collect()
}

/// Every page of a sort, walked with `limit`, joined.
async fn walk(app: &TestApp, client: &Client, query: &str, limit: i64) -> (Vec<Purchase>, i64) {
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let page = page(app, client, &format!("{query}&offset={offset}&limit={limit}")).await;
        let n = page.purchases.len() as i64;
        all.extend(page.purchases);
        offset += limit;
        if n < limit {
            return (all, page.total_matching);
        }
    }
}

#[tokio::test]
async fn five_thousand_purchases_page_sort_and_search_exactly_as_the_tables_say() {
    let app = spawn_app().await;
    let started = std::time::Instant::now();
    portal_server::seed::bulk::subscriptions(&app.db, 5_000, app.clock.today(), app.clock.now_unix())
        .await
        .expect("5,000 subscriptions are inserted");
    println!("5,000 subscriptions seeded in {:?} (debug build)", started.elapsed());
    let adele = app.signed_in(ADELE).await;
    let rows = expected_rows(&app).await;
    let self_service = rows.iter().filter(|r| r.self_service).count() as i64;
    assert!(self_service > 4_000, "{self_service}");

    // every column, both ways: the first page and the last are exactly the tables' order
    for sort in ["product", "purchaser", "licenses", "expiry_date", "price", "assigned_users"] {
        for (order, desc) in [("asc", false), ("desc", true)] {
            let want = sorted(&rows, sort, desc);
            let first = page(&app, &adele, &format!("sort={sort}&order={order}&limit=200")).await;
            assert_eq!(first.total_matching, self_service, "{sort} {order}");
            assert_eq!(
                ids(&first.purchases),
                want[..200].iter().map(String::as_str).collect::<Vec<_>>(),
                "{sort} {order}"
            );
            let tail = want.len() - 37;
            let last = page(&app, &adele, &format!("sort={sort}&order={order}&offset={tail}&limit=200")).await;
            assert_eq!(
                ids(&last.purchases),
                want[tail..].iter().map(String::as_str).collect::<Vec<_>>(),
                "{sort} {order}"
            );
        }
    }
    // walking every page of one sort meets each purchase once, in order
    let (all, total) = walk(&app, &adele, "sort=assigned_users&order=desc", 200).await;
    assert_eq!(total, self_service);
    assert_eq!(ids(&all), sorted(&rows, "assigned_users", true).iter().map(String::as_str).collect::<Vec<_>>());
    let row = all.iter().find(|p| p.subscription_id == "sub_bulk_00041").expect("a bulk purchase");
    let want = rows.iter().find(|r| r.id == "sub_bulk_00041").expect("in the tables");
    assert_eq!(want.assigned, 4);
    assert_eq!(
        (
            &row.product_name,
            &row.purchaser_name,
            row.total_licenses,
            &row.term_end_date,
            row.price.amount_minor,
            row.assigned_licenses
        ),
        (&want.product, &want.purchaser, want.licenses, &want.expiry, want.price, want.assigned)
    );

    // search: a word prefix of the product and of the purchaser's folded name, together
    let someone = rows.iter().find(|r| r.id == "sub_bulk_00041").expect("a bulk purchase");
    let first_word = someone.purchaser_folded.split(' ').next().expect("a name").to_owned();
    let product_word = someone.product.rsplit(' ').next().expect("a word").to_lowercase();
    let prefix = &first_word[..3.min(first_word.len())];
    let search = format!("{} {prefix}", &product_word[..2.min(product_word.len())]);
    let found = walk(&app, &adele, &format!("search={}&sort=purchaser", search.replace(' ', "+")), 200).await;
    let want: Vec<String> = {
        let words = |text: &str| text.to_lowercase().split(' ').map(str::to_owned).collect::<Vec<_>>();
        let mut matching: Vec<Expected> = rows
            .iter()
            .filter(|r| r.self_service)
            .filter(|r| {
                let all_words = [words(&r.product), words(&r.purchaser_folded)].concat();
                search.split(' ').all(|term| all_words.iter().any(|w| w.starts_with(term)))
            })
            .cloned()
            .collect();
        matching.sort_by(|a, b| a.purchaser_folded.cmp(&b.purchaser_folded).then_with(|| a.id.cmp(&b.id)));
        matching.into_iter().map(|r| r.id).collect()
    };
    assert!(!want.is_empty() && (want.len() as i64) < self_service, "{search}: {}", want.len());
    assert_eq!(found.1, want.len() as i64, "{search}");
    assert_eq!(ids(&found.0), want.iter().map(String::as_str).collect::<Vec<_>>(), "{search}");
    assert!(ids(&found.0).contains(&"sub_bulk_00041"));
    // accents are folded: "Søren" finds what "soren" finds
    let folded = page(&app, &adele, "search=soren&limit=200").await;
    let accented = page(&app, &adele, "search=S%C3%B8ren&limit=200").await;
    assert_eq!(ids(&folded.purchases), ids(&accented.purchases));
    let nothing = page(&app, &adele, "search=zzzz").await;
    assert_eq!((nothing.purchases.len(), nothing.total_matching), (0, 0));
}

#[tokio::test]
async fn the_export_has_the_six_columns_in_the_persons_language_and_every_matching_purchase() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let list = page(&app, &adele, "limit=200").await;
    for (language, first) in
        [("en", "Product"), ("da", "Produkt"), ("de", "Produkt"), ("nl", "Product"), ("sv", "Produkt")]
    {
        let response = app.get(&adele, &format!("/api/admin/subscriptions/export?language={language}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let content_type = response.headers()[CONTENT_TYPE].to_str().expect("text").to_owned();
        let disposition = response.headers()[CONTENT_DISPOSITION].to_str().expect("text").to_owned();
        assert_eq!(content_type, "text/csv; charset=utf-8");
        assert!(disposition.starts_with("attachment;") && disposition.contains(".csv"), "{disposition}");
        let text = response.text().await.expect("the CSV");
        assert!(text.starts_with('\u{feff}'), "a byte order mark");
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines.last(), Some(&""), "every row ends with CRLF");
        let words: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{}/../../locales/{language}/admin.json", env!("CARGO_MANIFEST_DIR")))
                .expect("the locale file"),
        )
        .expect("JSON");
        let headers: Vec<String> = [
            "column_product",
            "column_purchaser",
            "column_licenses",
            "column_expiry_date",
            "column_price",
            "column_assigned_users",
        ]
        .iter()
        .map(|key| words[key].as_str().expect("a header").to_owned())
        .collect();
        assert_eq!(lines[0], headers.join(","), "{language}");
        assert!(lines[0].starts_with(first));
        assert_eq!(lines.len() - 2, list.purchases.len(), "{language}: one row per purchase");
    }
    let text = app.get(&adele, "/api/admin/subscriptions/export?search=power+bi&sort=licenses&order=desc").await;
    let text = text.text().await.expect("the CSV");
    let rows: Vec<&str> = text.split("\r\n").skip(1).filter(|l| !l.is_empty()).collect();
    assert_eq!(rows[0], "Power BI Pro,Megan Bowen,100,2026-04-15,1400.00 EUR,40");
    assert!(rows.iter().all(|r| r.starts_with("Power BI Pro,")));
}

#[tokio::test]
async fn a_purchaser_named_like_a_formula_is_exported_inert() {
    let app = spawn_app().await;
    sqlx::query("UPDATE users SET display_name = '=HYPERLINK(\"x\"), evil' WHERE id = 'usr_megan'")
        .execute(&app.db)
        .await
        .expect("renamed");
    let adele = app.signed_in(ADELE).await;
    let text = app.get(&adele, "/api/admin/subscriptions/export").await.text().await.expect("the CSV");
    assert!(text.contains("\"'=HYPERLINK(\"\"x\"\"), evil\""), "{text}");
    assert!(!text.contains("\n=") && !text.contains(",="), "{text}");
}
