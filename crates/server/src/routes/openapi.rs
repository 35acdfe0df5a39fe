//! `GET /api/openapi.json`: the API described from the handlers' own annotations.

use axum::Json;
use utoipa::OpenApi;

use super::{
    billing_accounts, directory, invoices, licenses, payment_methods, products, purchases, session, subscriptions,
};

/// The OpenAPI document, generated from `#[utoipa::path]` on each handler.
#[derive(OpenApi)]
#[openapi(
    info(title = "Self-service billing portal API", description = "Buy and manage self-service subscriptions and their licenses."),
    paths(
        session::sign_in, session::sign_out, session::me, products::list,
        purchases::quote, purchases::purchase, purchases::start_trial,
        subscriptions::list, subscriptions::get_one, subscriptions::license_change_quote, subscriptions::change_licenses,
        subscriptions::buy_trial, subscriptions::cancellation_quote, subscriptions::cancel,
        subscriptions::reactivation_quote, subscriptions::reactivate,
        licenses::list, licenses::get_one, licenses::people, licenses::people_csv, licenses::assign, licenses::unassign, directory::search,
        invoices::list, invoices::get_one, invoices::pdf,
        payment_methods::list, payment_methods::get_one, payment_methods::add, payment_methods::update, payment_methods::remove,
        billing_accounts::list_accounts, billing_accounts::get_account, billing_accounts::list_profiles, billing_accounts::get_profile,
        billing_accounts::replace_payment_method, billing_accounts::set_invoice_recipients,
    ),
    tags(
        (name = "session", description = "Sign in, sign out, who is signed in"),
        (name = "products", description = "Purchase services: the catalog"),
        (name = "purchases", description = "Purchase services: prices, buying, trials, saved cards"),
        (name = "subscriptions", description = "Billing > Your products"),
        (name = "licenses", description = "Billing > Licenses: assign and unassign; the directory"),
        (name = "invoices", description = "Bills & payments > Invoices: lists by period, details, PDF"),
        (name = "payment-methods", description = "Bills & payments > Payment methods: saved cards, edit, add, remove"),
        (name = "billing-accounts", description = "Billing accounts and billing profiles: details, Replace, invoice recipients"),
    )
)]
pub struct ApiDoc;

/// Serves the document.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
