//! Billing accounts and billing profiles: the accounts, their profiles, Replace a profile's
//! payment method, and who else gets its invoices by email.

use portal_api::billing_accounts::{
    BillingAccountDetails, BillingAccountList, BillingProfileDetails, BillingProfileList, InvoiceRecipients,
    ReplacePaymentMethod,
};

use super::{ApiFailure, encode_path_segment};

fn profile_path(id: &str, rest: &str) -> String {
    format!("/billing-profiles/{}{rest}", encode_path_segment(id))
}

/// The billing accounts the person may see (Overview).
pub async fn list() -> Result<BillingAccountList, ApiFailure> {
    super::get("/billing-accounts").await
}

/// One account and its billing profiles.
pub async fn get(id: &str) -> Result<BillingAccountDetails, ApiFailure> {
    super::get(&format!("/billing-accounts/{}", encode_path_segment(id))).await
}

/// Every billing profile the person may see (Bills & payments > Billing profiles).
pub async fn profiles() -> Result<BillingProfileList, ApiFailure> {
    super::get("/billing-profiles").await
}

/// One billing profile's details.
pub async fn profile(id: &str) -> Result<BillingProfileDetails, ApiFailure> {
    super::get(&profile_path(id, "")).await
}

/// Replace: the profile and its renewing subscriptions pay with this card from now on.
pub async fn replace_payment_method(
    id: &str,
    key: &str,
    request: &ReplacePaymentMethod,
) -> Result<BillingProfileDetails, ApiFailure> {
    super::put_once(&profile_path(id, "/payment-method"), key, request).await
}

/// Sets the extra addresses that get the profile's invoices.
pub async fn set_invoice_recipients(
    id: &str,
    key: &str,
    request: &InvoiceRecipients,
) -> Result<BillingProfileDetails, ApiFailure> {
    super::put_once(&profile_path(id, "/invoice-recipients"), key, request).await
}
