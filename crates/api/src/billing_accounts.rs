//! Billing accounts and their billing profiles: who is invoiced, where, in which currency, and
//! which card pays (Replace), with the extra invoice email recipients.
//!
//! # Endpoints
//!
//! | method | path | body | answers |
//! |---|---|---|---|
//! | GET | `/api/billing-accounts` | – | 200 [`BillingAccountList`] (the Overview tab) |
//! | GET | `/api/billing-accounts/{id}` | – | 200 [`BillingAccountDetails`] (with its profiles: the Billing profile tab); 404 |
//! | GET | `/api/billing-profiles` | – | 200 [`BillingProfileList`] (Bills & payments > Billing profiles) |
//! | GET | `/api/billing-profiles/{id}` | – | 200 [`BillingProfileDetails`]; 404 (its invoices: `GET /api/invoices?billing_profile_id=…`) |
//! | PUT | `/api/billing-profiles/{id}/payment-method` | [`ReplacePaymentMethod`] | 200 [`BillingProfileDetails`]: the profile and its renewing subscriptions pay with the card from now on; 402 `card_declined` (a new card the gateway refused; nothing changed); 403 `read_only`; 404; 422 card checks, `payment_method_required` (field `payment`: not one of your cards), `no_change` (already this card) |
//! | PUT | `/api/billing-profiles/{id}/invoice-recipients` | [`InvoiceRecipients`] | 200 [`BillingProfileDetails`]; 403 `read_only`; 404; 422 `too_many_recipients` (`count` 5), `invalid_email` / `too_long` / `duplicate_recipient` (field `recipients[i]`) |
//!
//! Who sees what: a person sees the accounts and profiles they own; an admin reads every one of
//! the organization (`can_change` false on others'; changing them is 403 `read_only`); anyone
//! else gets 404. Every PUT needs an `Idempotency-Key` and writes one audit event.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};
use crate::invoices::Party;
use crate::purchases::{Payment, PaymentMethod};
use crate::session::EMAIL_MAX_CHARS;
use crate::subscriptions::SubscriptionStatus;

/// Most extra addresses that receive a profile's invoices by email.
pub const MAX_INVOICE_RECIPIENTS: usize = 5;

/// A billing account, as the Overview tab lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingAccount {
    /// Stable id.
    pub id: String,
    /// Its name, e.g. "Megan Bowen".
    pub name: String,
    /// The agreement it is under, e.g. `customer_agreement` (Microsoft Customer Agreement).
    pub account_type: String,
    /// Who owns it (the purchaser who pays).
    pub owner_name: String,
    /// How many billing profiles it has.
    pub billing_profile_count: i64,
    /// Whether the signed-in person may change it (its owner only; admins only read).
    pub can_change: bool,
}

/// `GET /api/billing-accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingAccountList {
    /// By name.
    pub billing_accounts: Vec<BillingAccount>,
}

/// A billing profile as the lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingProfileSummary {
    /// Stable id.
    pub id: String,
    /// Its name, e.g. "Contoso Ltd. – Netherlands".
    pub name: String,
    /// The billing account it belongs to.
    pub billing_account_id: String,
    /// That account's name.
    pub billing_account_name: String,
    /// ISO 4217 currency its invoices are in.
    pub currency: String,
    /// The card it pays with, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    /// Whether the signed-in person may change it.
    pub can_change: bool,
}

/// `GET /api/billing-profiles`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingProfileList {
    /// By account, then name.
    pub billing_profiles: Vec<BillingProfileSummary>,
}

/// `GET /api/billing-accounts/{id}`: the account and its billing profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingAccountDetails {
    /// The account.
    pub account: BillingAccount,
    /// Its profiles, by name.
    pub billing_profiles: Vec<BillingProfileSummary>,
}

/// A subscription billed on a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileSubscription {
    /// The subscription's id.
    pub id: String,
    /// Its product's name.
    pub product_name: String,
    /// Where it is in its life.
    pub status: SubscriptionStatus,
    /// Renews at the end of its term, charged to the profile's card.
    pub recurring_billing: bool,
}

/// `GET /api/billing-profiles/{id}`: the profile's details page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingProfileDetails {
    /// What the lists show (name, account, currency, payment method, can_change).
    #[serde(flatten)]
    pub summary: BillingProfileSummary,
    /// Who the invoices are sold to.
    pub sold_to: Party,
    /// Who the invoices are billed to.
    pub bill_to: Party,
    /// Tax rate in basis points (2100 is 21 %).
    pub tax_rate_bp: i64,
    /// The address every invoice is emailed to.
    pub invoice_email: String,
    /// Up to five more addresses that get the invoices too.
    pub invoice_recipients: Vec<String>,
    /// The subscriptions billed on it.
    pub subscriptions: Vec<ProfileSubscription>,
}

/// `PUT /api/billing-profiles/{id}/payment-method`: Replace the profile's card with another
/// saved one or a new one (checked like the purchase pane's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplacePaymentMethod {
    /// The card to pay with from now on.
    pub payment: Payment,
}

/// `PUT /api/billing-profiles/{id}/invoice-recipients`: the extra addresses, replacing the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceRecipients {
    /// 0 to 5 email addresses; blanks are dropped, case is ignored for duplicates.
    pub recipients: Vec<String>,
}

impl InvoiceRecipients {
    /// The checks the page and the server make; the field of a bad address is `recipients[i]`.
    pub fn validate(&self) -> Result<(), ApiError> {
        let given = self.normalized();
        if given.len() > MAX_INVOICE_RECIPIENTS {
            return Err(ApiError::field(ErrorCode::TooManyRecipients, "recipients", "Add up to 5 email addresses.")
                .with_count(MAX_INVOICE_RECIPIENTS as i64));
        }
        let mut seen: Vec<String> = Vec::new();
        for (i, raw) in self.recipients.iter().enumerate() {
            let email = raw.trim();
            if email.is_empty() {
                continue;
            }
            let field = format!("recipients[{i}]");
            if email.chars().count() > EMAIL_MAX_CHARS {
                return Err(ApiError::field(ErrorCode::TooLong, &field, "The email address is too long."));
            }
            if !crate::session::looks_like_email(email) {
                return Err(ApiError::field(
                    ErrorCode::InvalidEmail,
                    &field,
                    "Enter an email address like name@example.com.",
                ));
            }
            let lower = email.to_lowercase();
            if seen.contains(&lower) {
                return Err(ApiError::field(
                    ErrorCode::DuplicateRecipient,
                    &field,
                    "This address is already in the list.",
                ));
            }
            seen.push(lower);
        }
        Ok(())
    }

    /// The addresses as kept: trimmed, lower-cased, blanks dropped, in the order given.
    pub fn normalized(&self) -> Vec<String> {
        self.recipients.iter().map(|r| r.trim().to_lowercase()).filter(|r| !r.is_empty()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipients(list: &[&str]) -> InvoiceRecipients {
        InvoiceRecipients { recipients: list.iter().map(|r| r.to_string()).collect() }
    }

    #[test]
    fn up_to_five_well_formed_distinct_addresses() {
        let five = ["a@x.example", "b@x.example", "c@x.example", "d@x.example", "e@x.example"];
        assert_eq!(recipients(&five).validate(), Ok(()));
        assert_eq!(recipients(&[]).validate(), Ok(()));
        let mut six = five.to_vec();
        six.push("f@x.example");
        let error = recipients(&six).validate().expect_err("six");
        assert_eq!((error.code, error.count), (ErrorCode::TooManyRecipients, Some(5)));
        let error = recipients(&["a@x.example", "nope"]).validate().expect_err("bad");
        assert_eq!((error.code, error.field.as_deref()), (ErrorCode::InvalidEmail, Some("recipients[1]")));
        let error = recipients(&["a@x.example", " A@X.example "]).validate().expect_err("twice");
        assert_eq!((error.code, error.field.as_deref()), (ErrorCode::DuplicateRecipient, Some("recipients[1]")));
        assert_eq!(recipients(&[" B@x.example", "", "c@x.example"]).normalized(), ["b@x.example", "c@x.example"]);
    }
}
