//! Every page's address, and the router that maps them to pages.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::chunks::{Chunk, Page};
use crate::components::shell::Shell;
use crate::page;
use crate::pages::billing::license_requests::LicenseRequestsPage;
use portal_api::session::Role;

use crate::pages::billing::{
    billing_accounts::{BillingAccountPage, BillingAccounts, BillingProfilePage},
    bills_and_payments::{BillingProfilesTab, BillsAndPayments, InvoiceDetailsPage, InvoicesTab, PaymentMethodsTab},
    licenses::{Licenses, ProductLicensesPage},
    your_products::{AdminPurchases, SubscriptionDetails, YourProducts},
};
use crate::pages::{
    help::Help, not_found::NotFound, notices::NoticesPage, purchase::PurchaseServices, settings::SelfServiceSettings,
    sign_in::SignIn,
};
use crate::session::{self, Session};

// Every page but not-found and Your products loads on demand, one chunk per area (see
// chunks.rs). Your products is the home page (where `/` and sign-in lead), so it is in the main
// module: as a chunk of its own, the code it shares with other areas was cut into some fifty small
// files, and the first load was 41 KB brotli larger (300 KB against 259 KB).
// The admin's purchase list and a subscription's details page (with its timeline, and for an
// admin who holds its licenses, its invoices, Take control and Move users) share one chunk of
// their own, so a user's first load of Your products carries neither (one chunk, not two: each
// split point cuts the shared code into more, smaller files, which every area then downloads).
// Sign-in is a chunk too: a signed-in visit (most visits) never shows it.
page!(sign_in, SIGN_IN_PAGE, SignIn);
page!(admin, ADMIN_PURCHASES_PAGE, AdminPurchases);
page!(admin, SUBSCRIPTION_PAGE, SubscriptionDetails);
page!(licenses, LICENSES_PAGE, Licenses);
page!(licenses, PRODUCT_LICENSES_PAGE, ProductLicensesPage);
page!(self_service, LICENSE_REQUESTS_PAGE, LicenseRequestsPage);
page!(bills_and_payments, BILLS_AND_PAYMENTS_PAGE, BillsAndPayments);
page!(bills_and_payments, INVOICES_PAGE, InvoicesTab);
page!(bills_and_payments, PAYMENT_METHODS_PAGE, PaymentMethodsTab);
page!(bills_and_payments, BILLING_PROFILES_PAGE, BillingProfilesTab);
page!(bills_and_payments, INVOICE_PAGE, InvoiceDetailsPage);
page!(billing_accounts, BILLING_ACCOUNTS_PAGE, BillingAccounts);
page!(billing_accounts, BILLING_ACCOUNT_PAGE, BillingAccountPage);
page!(billing_accounts, BILLING_PROFILE_PAGE, BillingProfilePage);
page!(purchase, PURCHASE_PAGE, PurchaseServices);
page!(help, HELP_PAGE, Help);
// The admin's side of self-service (settings, requests, notices) shares one chunk: as three, their
// shared code cut Your products' first load into many more small chunks (+17 KB brotli).
page!(self_service, SELF_SERVICE_SETTINGS_PAGE, SelfServiceSettings);
page!(self_service, NOTICES_PAGE, NoticesPage);

/// The portal's addresses, named as the product names them.
pub mod paths {
    /// Billing > Your products.
    pub const YOUR_PRODUCTS: &str = "/billing/products";
    /// A subscription's details page, under Your products.
    pub fn subscription(id: &str) -> String {
        format!("{YOUR_PRODUCTS}/{}", crate::api::encode_path_segment(id))
    }
    /// Billing > Licenses.
    pub const LICENSES: &str = "/billing/licenses";
    /// A product's details page under Licenses: who has its licenses.
    pub fn product_licenses(product_id: &str) -> String {
        format!("{LICENSES}/{}", crate::api::encode_path_segment(product_id))
    }
    /// Billing > Bills & payments (opens on Invoices).
    pub const BILLS: &str = "/billing/bills";
    /// Bills & payments > Invoices.
    pub const INVOICES: &str = "/billing/bills/invoices";
    /// An invoice's details page, under Invoices.
    pub fn invoice(id: &str) -> String {
        format!("{INVOICES}/{}", crate::api::encode_path_segment(id))
    }
    /// Bills & payments > Payment methods.
    pub const PAYMENT_METHODS: &str = "/billing/bills/payment-methods";
    /// Bills & payments > Billing profiles.
    pub const BILLING_PROFILES: &str = "/billing/bills/billing-profiles";
    /// Billing > Billing accounts.
    pub const BILLING_ACCOUNTS: &str = "/billing/accounts";
    /// A billing account's page (Overview and Billing profile tabs).
    pub fn billing_account(id: &str) -> String {
        format!("{BILLING_ACCOUNTS}/{}", crate::api::encode_path_segment(id))
    }
    /// A billing profile's details page, under its account; `from_bills` when it was opened
    /// from Bills & payments > Billing profiles, so its back link leads there.
    pub fn billing_profile(account_id: &str, profile_id: &str, from_bills: bool) -> String {
        let path = format!("{}/profiles/{}", billing_account(account_id), crate::api::encode_path_segment(profile_id));
        if from_bills { format!("{path}?from=bills") } else { path }
    }
    /// Billing > Licenses > Requests: the person's license requests (an admin's: the
    /// organization's, to answer).
    pub const LICENSE_REQUESTS: &str = "/billing/licenses/requests";
    /// One request on the Requests page (an admin's opens it to answer).
    pub fn license_request(id: &str) -> String {
        format!("{LICENSE_REQUESTS}?request={}", crate::api::encode_path_segment(id))
    }
    /// Settings > Self-service (admins).
    pub const SELF_SERVICE_SETTINGS: &str = "/settings/self-service";
    /// Notices.
    pub const NOTICES: &str = "/notices";
    /// Purchase services.
    pub const PURCHASE: &str = "/purchase";
    /// Help.
    pub const HELP: &str = "/help";
    /// Sign in.
    pub const SIGN_IN: &str = "/sign-in";
}

/// The address of a path and the router's query string, which it gives without its `?`.
pub fn address(path: &str, search: &str) -> String {
    match search.trim_start_matches('?') {
        "" => path.to_owned(),
        search => format!("{path}?{search}"),
    }
}

/// Where sign-in sends someone who wanted `here`.
pub fn sign_in_path(here: &str) -> String {
    if here == "/" || here.is_empty() || here.starts_with(paths::SIGN_IN) {
        return paths::SIGN_IN.to_owned();
    }
    format!("{}?return_to={}", paths::SIGN_IN, crate::api::percent_encode(here, b"/"))
}

/// Where to go after signing in: `return_to` if it is a path on this site, else Your products.
/// Anything that could leave the site (`//evil.example`, `https://…`, `/\evil`) is ignored.
pub fn after_sign_in(return_to: Option<&str>) -> String {
    match return_to {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.starts_with(paths::SIGN_IN)
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => paths::YOUR_PRODUCTS.to_owned(),
    }
}

/// Which page Billing > Your products is for the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductsPage {
    /// The subscriptions the person bought.
    Users,
    /// Every self-service purchase of the organization (admins).
    Admins,
}

/// The page by the person's role once the server has said it, else by this browser's hint (the
/// last sign-in here was an admin's), so the page's code and data load while `/api/me` is out.
pub fn products_page(role: Option<Role>, admin_hint: bool) -> ProductsPage {
    match role {
        Some(Role::Admin) => ProductsPage::Admins,
        Some(Role::User) => ProductsPage::Users,
        None if admin_hint => ProductsPage::Admins,
        None => ProductsPage::Users,
    }
}

/// Billing > Your products: the person's own subscriptions, or for an admin every
/// self-service purchase of the organization (from its chunk).
#[component]
fn ProductsByRole() -> impl IntoView {
    let session = Session::get();
    let hint = session::admin_hint();
    let role = Memo::new(move |_| session.role());
    Effect::new(move || {
        if let Some(role) = role.get() {
            session::remember_role(role);
        }
    });
    // a memo, so the page is not redrawn when the server confirms what the hint said
    let page = Memo::new(move |_| products_page(role.get(), hint));
    move || match page.get() {
        ProductsPage::Users => view! { <YourProducts /> }.into_any(),
        ProductsPage::Admins => view! { <Chunk page=ADMIN_PURCHASES_PAGE /> }.into_any(),
    }
}

/// A route's view: its page, from the page's chunk. Every route gets the same function type, so
/// the router's matching and rendering code exists once per shape of path, not once per page.
fn chunk(page: Page) -> impl Fn() -> AnyView + Clone + Send + 'static {
    move || view! { <Chunk page /> }.into_any()
}

/// The router: sign-in, the signed-in pages inside the shell, and a not-found page.
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/sign-in") view=chunk(SIGN_IN_PAGE) />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path=paths::YOUR_PRODUCTS /> } />
                    <Route path=path!("billing/products") view=ProductsByRole />
                    <Route path=path!("billing/products/:id") view=chunk(SUBSCRIPTION_PAGE) />
                    <Route path=path!("billing/licenses") view=chunk(LICENSES_PAGE) />
                    // Before `:product`: routes match in the order written, so "requests" is never a product.
                    <Route path=path!("billing/licenses/requests") view=chunk(LICENSE_REQUESTS_PAGE) />
                    <Route path=path!("billing/licenses/:product") view=chunk(PRODUCT_LICENSES_PAGE) />
                    <Route path=path!("billing/bills/invoices/:id") view=chunk(INVOICE_PAGE) />
                    <ParentRoute path=path!("billing/bills") view=chunk(BILLS_AND_PAYMENTS_PAGE)>
                        <Route path=path!("") view=|| view! { <Redirect path=paths::INVOICES /> } />
                        <Route path=path!("invoices") view=chunk(INVOICES_PAGE) />
                        <Route path=path!("payment-methods") view=chunk(PAYMENT_METHODS_PAGE) />
                        <Route path=path!("billing-profiles") view=chunk(BILLING_PROFILES_PAGE) />
                    </ParentRoute>
                    <Route path=path!("billing/accounts") view=chunk(BILLING_ACCOUNTS_PAGE) />
                    <Route path=path!("billing/accounts/:id") view=chunk(BILLING_ACCOUNT_PAGE) />
                    <Route path=path!("billing/accounts/:id/profiles/:profile") view=chunk(BILLING_PROFILE_PAGE) />
                    <Route path=path!("purchase") view=chunk(PURCHASE_PAGE) />
                    <Route path=path!("help") view=chunk(HELP_PAGE) />
                    <Route path=path!("settings/self-service") view=chunk(SELF_SERVICE_SETTINGS_PAGE) />
                    <Route path=path!("notices") view=chunk(NOTICES_PAGE) />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_remembers_the_page_asked_for() {
        assert_eq!(sign_in_path("/billing/licenses"), "/sign-in?return_to=/billing/licenses");
        assert_eq!(sign_in_path("/billing/bills?x=1&y=2"), "/sign-in?return_to=/billing/bills%3Fx%3D1%26y%3D2");
        assert_eq!(sign_in_path("/"), "/sign-in");
    }

    #[test]
    fn a_page_with_a_query_is_returned_to_with_its_query() {
        assert_eq!(
            address("/billing/products", "search=megan&sort=price"),
            "/billing/products?search=megan&sort=price"
        );
        assert_eq!(address("/billing/products", "?search=megan"), "/billing/products?search=megan");
        assert_eq!(address("/billing/products", ""), "/billing/products");
        assert_eq!(
            sign_in_path(&address("/billing/products", "search=megan")),
            "/sign-in?return_to=/billing/products%3Fsearch%3Dmegan"
        );
    }

    #[test]
    fn only_paths_on_this_site_are_returned_to() {
        assert_eq!(after_sign_in(Some("/billing/licenses")), "/billing/licenses");
        for hostile in ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "/sign-in"]
        {
            assert_eq!(after_sign_in(Some(hostile)), paths::YOUR_PRODUCTS, "{hostile}");
        }
        assert_eq!(after_sign_in(None), paths::YOUR_PRODUCTS);
    }

    #[test]
    fn your_products_is_the_admins_list_for_an_admin_and_the_hint_only_guesses_until_the_server_says() {
        assert_eq!(products_page(Some(Role::Admin), false), ProductsPage::Admins);
        assert_eq!(products_page(Some(Role::User), true), ProductsPage::Users);
        assert_eq!(products_page(None, true), ProductsPage::Admins);
        assert_eq!(products_page(None, false), ProductsPage::Users);
    }

    #[test]
    fn billing_addresses_encode_their_ids() {
        assert_eq!(paths::invoice("inv/1"), "/billing/bills/invoices/inv%2F1");
        assert_eq!(paths::billing_profile("ba_1", "bp_1", false), "/billing/accounts/ba_1/profiles/bp_1");
        assert_eq!(paths::billing_profile("ba_1", "bp_1", true), "/billing/accounts/ba_1/profiles/bp_1?from=bills");
    }
}
