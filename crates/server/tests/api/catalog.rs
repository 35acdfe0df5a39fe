//! The catalog on Purchase services: what each organization lets its users buy themselves.

use portal_api::Money;
use portal_api::products::{BillingTerm, Product, ProductList, TrialOffer};
use portal_api::self_service::SelfServicePolicy;
use reqwest::StatusCode;

use crate::helpers::{LARS, MEGAN, TestApp, assert_error, spawn_app};

async fn catalog(app: &TestApp, email: &str) -> Vec<Product> {
    let client = app.signed_in(email).await;
    let response = app.get(&client, "/api/products").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<ProductList>().await.expect("the body is a ProductList").products
}

#[tokio::test]
async fn the_catalog_lists_every_product_of_the_organization_by_name_with_its_policy() {
    let app = spawn_app().await;
    let products: Vec<(String, SelfServicePolicy)> =
        catalog(&app, MEGAN).await.into_iter().map(|p| (p.name, p.policy)).collect();
    let expected = [
        ("Microsoft 365 Copilot", SelfServicePolicy::DoNotAllow),
        ("Microsoft 365 E3", SelfServicePolicy::DoNotAllow),
        ("Microsoft Clipchamp", SelfServicePolicy::TrialsOnly),
        ("Microsoft Teams Premium", SelfServicePolicy::Allow),
        ("Power Apps Premium", SelfServicePolicy::Allow),
        ("Power Automate Premium", SelfServicePolicy::Allow),
        // Contoso set nothing for it: it follows Contoso's default
        ("Power BI Pro", SelfServicePolicy::Allow),
        ("Power Pages", SelfServicePolicy::Allow),
        ("Project Plan 3", SelfServicePolicy::Allow),
        ("Visio Plan 2", SelfServicePolicy::Allow),
    ];
    assert_eq!(products, expected.map(|(name, policy)| (name.to_owned(), policy)));
    let fabrikam: Vec<String> = catalog(&app, LARS).await.into_iter().map(|p| p.name).collect();
    assert_eq!(fabrikam.len(), 6, "Fabrikam's catalog is its own, in SEK: {fabrikam:?}");
}

#[tokio::test]
async fn each_product_has_its_monthly_price_term_limit_and_trial_offer() {
    let app = spawn_app().await;
    let products = catalog(&app, MEGAN).await;
    let project = products.iter().find(|p| p.name == "Project Plan 3").expect("Project Plan 3 is offered");
    assert_eq!(project.price_per_license_month, Money { amount_minor: 2500, currency: "EUR".into() });
    assert_eq!(project.billing_term, BillingTerm::Annual);
    assert_eq!(project.max_licenses, 500);
    assert_eq!(project.trial, Some(TrialOffer { days: 30, licenses: 25, requires_card: true }));
    let apps = products.iter().find(|p| p.name == "Power Apps Premium").expect("Power Apps Premium is offered");
    assert_eq!((apps.billing_term, apps.trial.as_ref()), (BillingTerm::Monthly, None));
}

#[tokio::test]
async fn each_organization_sees_its_own_catalog_in_its_own_currency() {
    let app = spawn_app().await;
    let contoso = catalog(&app, MEGAN).await;
    let fabrikam = catalog(&app, LARS).await;
    assert!(contoso.iter().all(|p| p.price_per_license_month.currency == "EUR" && p.id.ends_with("_eur")));
    assert!(fabrikam.iter().all(|p| p.price_per_license_month.currency == "SEK" && p.id.ends_with("_sek")));
}

#[tokio::test]
async fn the_catalog_needs_a_session() {
    let app = spawn_app().await;
    let response = app.get(&app.bare_client(), "/api/products").await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
}
