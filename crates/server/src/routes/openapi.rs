//! `GET /api/openapi.json`: the API described from the handlers' own annotations.

use axum::Json;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Ref, Required, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::{
    admin_purchases, billing_accounts, directory, invoices, license_requests, licenses, notices, payment_methods,
    products, purchases, self_service, session, subscription_cancellation, subscription_details,
    subscription_license_change, subscription_reactivation, subscription_trial_purchase, subscriptions, take_control,
};

/// The OpenAPI document, generated from `#[utoipa::path]` on each handler.
#[derive(OpenApi)]
#[openapi(
    info(title = "Self-service billing portal API", description = "Buy and manage self-service subscriptions and their licenses."),
    paths(
        session::sign_in, session::sign_out, session::sign_out_everywhere, session::me, products::list,
        purchases::quote, purchases::purchase, purchases::start_trial,
        subscriptions::list, subscriptions::get_one,
        subscription_license_change::license_change_quote, subscription_license_change::change_licenses,
        subscription_trial_purchase::buy_trial,
        subscription_cancellation::cancellation_quote, subscription_cancellation::cancel,
        subscription_reactivation::reactivation_quote, subscription_reactivation::reactivate,
        licenses::list, licenses::get_one, licenses::people, licenses::people_csv, licenses::assign, licenses::unassign, directory::search,
        invoices::list, invoices::get_one, invoices::pdf,
        payment_methods::list, payment_methods::get_one, payment_methods::add, payment_methods::update, payment_methods::remove,
        billing_accounts::list_accounts, billing_accounts::get_account, billing_accounts::list_profiles, billing_accounts::get_profile,
        billing_accounts::replace_payment_method, billing_accounts::set_invoice_recipients,
        self_service::list, self_service::change,
        license_requests::send, license_requests::own, license_requests::organization, license_requests::details,
        license_requests::answer, notices::list, notices::mark_read,
        subscription_details::people, subscription_details::invoices, subscription_details::activity,
        admin_purchases::list, admin_purchases::export,
        take_control::take_control, take_control::move_users_quote, take_control::move_users,
    ),
    modifiers(&CommonAnswers),
    tags(
        (name = "session", description = "Sign in, sign out, who is signed in"),
        (name = "products", description = "Purchase services: the catalog"),
        (name = "purchases", description = "Purchase services: prices, buying, trials, saved cards"),
        (name = "subscriptions", description = "Billing > Your products"),
        (name = "licenses", description = "Billing > Licenses: assign and unassign; the directory"),
        (name = "invoices", description = "Bills & payments > Invoices: lists by period, details, PDF"),
        (name = "payment-methods", description = "Bills & payments > Payment methods: saved cards, edit, add, remove"),
        (name = "billing-accounts", description = "Billing accounts and billing profiles: details, Replace, invoice recipients"),
        (name = "self-service", description = "Settings > Self-service purchases: the policy per product (admins)"),
        (name = "license-requests", description = "Request licenses; Billing > Licenses > Requests (admins answer)"),
        (name = "notices", description = "Notices: new purchases, trials and requests for admins; answers for requesters"),
        (name = "admin", description = "The admin's side: every self-service purchase read-only, Take control, Move users"),
    )
)]
pub struct ApiDoc;

/// What every operation can answer besides its own statuses, written once here rather than on
/// each handler: 401 without a session (except signing in and the public documents), and for a
/// JSON body 400 (not JSON), 413 (too large), 415 (not `application/json`) and 422 (a field
/// missing or of the wrong type); a query string of the wrong shape 422; the `Idempotency-Key`
/// header's rule (1 to 255 visible ASCII characters) and its 400.
struct CommonAnswers;

/// Operations anyone may call without a session.
const PUBLIC: [&str; 3] = ["/api/session", "/api/health", "/api/openapi.json"];

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let public = PUBLIC.contains(&path.as_str());
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                complete(operation, public);
            }
        }
    }
}

fn complete(operation: &mut Operation, public: bool) {
    if !public {
        answers(operation, "401", "Not signed in, or the session has ended");
    }
    if operation.request_body.is_some() {
        answers(operation, "400", "The body is not JSON, or a required header is missing");
        answers(operation, "413", "The body is larger than 64 KiB");
        answers(operation, "415", "The body is not `application/json`");
        answers(operation, "422", "A field is missing, of the wrong type, or refused (see `error.field`)");
    }
    let mut takes_key = false;
    for parameter in operation.parameters.iter_mut().flatten() {
        match parameter.parameter_in {
            ParameterIn::Header if parameter.name.eq_ignore_ascii_case(crate::idempotency::HEADER) => {
                takes_key = true;
                parameter.required = Required::True;
                parameter.schema = Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .min_length(Some(1))
                        .max_length(Some(crate::idempotency::MAX_KEY_LEN))
                        .pattern(Some("^[!-~]+$"))
                        .into(),
                );
            }
            _ => {}
        }
    }
    let has_query = operation.parameters.iter().flatten().any(|p| p.parameter_in == ParameterIn::Query);
    if has_query {
        answers(operation, "422", "A query parameter is out of range or of the wrong type (see `error.field`)");
    }
    if takes_key {
        answers(operation, "400", "No `Idempotency-Key`, or one that is not 1 to 255 visible characters");
        answers(operation, "409", "A request with this `Idempotency-Key` is still being processed");
        answers(operation, "422", "This `Idempotency-Key` was used for a different request");
    }
}

/// Adds `status` in the API's error shape unless the handler documents it already.
fn answers(operation: &mut Operation, status: &str, description: &str) {
    operation.responses.responses.entry(status.to_owned()).or_insert_with(|| {
        ResponseBuilder::new()
            .description(description)
            .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
            .into()
    });
}

/// Serves the document.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
