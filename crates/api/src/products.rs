//! The catalog: products a person's organization lets them buy themselves (Purchase services).

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::self_service::SelfServicePolicy;

/// How often a subscription to a product is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BillingTerm {
    /// Every month.
    Monthly,
    /// Once a year, for a 12-month term.
    Annual,
}

impl BillingTerm {
    /// The term's length in months.
    pub fn months(self) -> i64 {
        match self {
            BillingTerm::Monthly => 1,
            BillingTerm::Annual => 12,
        }
    }
}

/// A product's free trial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrialOffer {
    /// How long the trial lasts.
    pub days: i64,
    /// How many licenses it comes with.
    pub licenses: i64,
    /// Whether a payment method is needed to start it.
    pub requires_card: bool,
}

/// A product the person may buy for their team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    /// Stable id.
    pub id: String,
    /// Name, e.g. "Power BI Pro".
    pub name: String,
    /// One sentence on what it is for.
    pub description: String,
    /// Price of one license for one month, in the organization's currency.
    pub price_per_license_month: Money,
    /// How it is billed.
    pub billing_term: BillingTerm,
    /// The most licenses one subscription can have.
    pub max_licenses: i64,
    /// The free trial, if the product has one.
    pub trial: Option<TrialOffer>,
    /// What the organization lets the person do with it: buy and try (Allow), only try
    /// (Allow for trials only), or only request licenses (Do not allow).
    pub policy: SelfServicePolicy,
}

/// `GET /api/products`: the catalog, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductList {
    /// The products, in name order.
    pub products: Vec<Product>,
}
