//! The admin's side of self-service: every self-service purchase in the organization, read-only
//! (the seed's six columns), the policy per product (Allow, Allow for trials only, Do not
//! allow), and taking control of a purchaser's subscription (then Move users or Cancel).

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};
use crate::licenses::{SortOrder, validate_search};
use crate::money::Money;
use crate::page::{Page, Paged};
use crate::purchases::PriceLines;
use crate::subscriptions::{Subscription, SubscriptionStatus};

/// Rows per page of the admin's purchase list, unless the request says otherwise.
pub const DEFAULT_PAGE_SIZE: i64 = 50;
/// Most rows one page of the admin's purchase list may have.
pub const MAX_PAGE_SIZE: i64 = 200;

/// The column the admin's purchase list is sorted by: one per column of the seed's list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PurchaseSort {
    /// Product name (the default).
    #[default]
    Product,
    /// Purchaser name.
    Purchaser,
    /// Subscriptions purchased (licenses bought).
    Licenses,
    /// Expiry date (the term's end).
    ExpiryDate,
    /// Purchase price (per term, all licenses).
    Price,
    /// Assigned users.
    AssignedUsers,
}

/// `GET /api/admin/subscriptions` (and its `/export` CSV): which purchases, in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PurchasesQuery {
    /// Only subscriptions whose product or purchaser name has a word starting with each word
    /// of this text (case and accents ignored), up to 100 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub search: Option<String>,
    /// `true` (the default): only self-service purchases (the seed's Self-service filter);
    /// `false`: every subscription of the organization, admin-managed ones too.
    #[serde(default)]
    pub self_service: Option<bool>,
    /// The column to sort by (default: product).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<PurchaseSort>,
    /// `asc` (default) or `desc`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub order: Option<SortOrder>,
    /// Rows to skip, 0 or more (default 0).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    /// Rows to return, 1 to 200 (default 50).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<i64>,
}

impl PurchasesQuery {
    /// The checks the page and the server both make.
    pub fn validate(&self) -> Result<(), ApiError> {
        validate_search(self.search.as_deref())?;
        self.validate_page()
    }

    /// Only self-service purchases (the default).
    pub fn self_service_only(&self) -> bool {
        self.self_service.unwrap_or(true)
    }
}

impl Paged for PurchasesQuery {
    fn page(&self) -> Page {
        Page { offset: self.offset, limit: self.limit, default_limit: DEFAULT_PAGE_SIZE, max_limit: MAX_PAGE_SIZE }
    }
}

/// One row of the admin's list: the seed's six columns (product, purchaser name, subscriptions
/// purchased, expiry date, purchase price, assigned users), and what the row links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Purchase {
    /// The subscription's id (its details page).
    pub subscription_id: String,
    /// The product's id.
    pub product_id: String,
    /// Product.
    pub product_name: String,
    /// The purchaser's id.
    pub purchaser_id: String,
    /// Purchaser name.
    pub purchaser_name: String,
    /// Subscriptions purchased: the licenses bought.
    pub total_licenses: i64,
    /// Expiry date: the day the term ends (`YYYY-MM-DD`).
    pub term_end_date: String,
    /// Purchase price: per term, for all its licenses (zero for a trial).
    pub price: Money,
    /// Assigned users: licenses assigned to people.
    pub assigned_licenses: i64,
    /// Where it is in its life.
    pub status: SubscriptionStatus,
    /// A free trial (not bought yet).
    pub is_trial: bool,
    /// Bought by a user through self-service (false: admin-managed).
    pub self_service: bool,
    /// An admin has taken control of it: its purchaser can no longer change it.
    pub managed_by_admin: bool,
}

/// One page of the admin's purchase list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchasesPage {
    /// This page's rows, in the order asked for.
    pub purchases: Vec<Purchase>,
    /// How many rows match in all (for paging).
    pub total_matching: i64,
    /// Rows skipped before this page.
    pub offset: i64,
    /// Rows asked for.
    pub limit: i64,
}

/// What an organization lets its people do with a product themselves: the admin center's
/// own three values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SelfServicePolicy {
    /// Allow: people may buy it and start its trial.
    Allow,
    /// Allow for trials only: people may start its trial, not buy it.
    TrialsOnly,
    /// Do not allow: people may only request licenses from their admin.
    DoNotAllow,
}

impl SelfServicePolicy {
    /// Every value, in the order the settings page lists them.
    pub const ALL: [SelfServicePolicy; 3] =
        [SelfServicePolicy::Allow, SelfServicePolicy::TrialsOnly, SelfServicePolicy::DoNotAllow];

    /// The wire and database name, e.g. `trials_only`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SelfServicePolicy::Allow => "allow",
            SelfServicePolicy::TrialsOnly => "trials_only",
            SelfServicePolicy::DoNotAllow => "do_not_allow",
        }
    }

    /// The policy of a wire or database name; `None` for any other text.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|policy| policy.as_str() == name)
    }

    /// Whether people may buy the product themselves.
    pub const fn allows_buying(self) -> bool {
        matches!(self, SelfServicePolicy::Allow)
    }

    /// Whether people may start the product's trial themselves.
    pub const fn allows_trials(self) -> bool {
        matches!(self, SelfServicePolicy::Allow | SelfServicePolicy::TrialsOnly)
    }
}

/// One product's policy, as the settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductPolicy {
    /// The product's id.
    pub product_id: String,
    /// The product's name.
    pub product_name: String,
    /// Its policy now.
    pub policy: SelfServicePolicy,
    /// No one set it for this product: it follows the organization's default.
    pub follows_default: bool,
    /// Who set it last (absent when it follows the default or came with the organization).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_by_name: Option<String>,
    /// When (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_at: Option<String>,
}

/// `GET /api/self-service/policies` (admins): every product of the catalog and the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyList {
    /// The policy of products added to the catalog later.
    pub default_policy: SelfServicePolicy,
    /// Who set the default last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_changed_by_name: Option<String>,
    /// When (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_changed_at: Option<String>,
    /// By product name.
    pub products: Vec<ProductPolicy>,
}

/// One product's new policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductPolicyChange {
    /// The product's id.
    pub product_id: String,
    /// Its new policy.
    pub policy: SelfServicePolicy,
}

/// Most products one policy change may name.
pub const MAX_POLICY_CHANGES: usize = 200;

/// `PUT /api/self-service/policies` (admins): Save. Applies to new purchases and trials only;
/// existing subscriptions are untouched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyChange {
    /// A new default for products added later (absent: unchanged).
    #[serde(default)]
    pub default_policy: Option<SelfServicePolicy>,
    /// Products whose policy changes (up to 200, each at most once).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub products: Vec<ProductPolicyChange>,
}

impl PolicyChange {
    /// The checks the page and the server both make.
    pub fn validate(&self) -> Result<(), ApiError> {
        if self.default_policy.is_none() && self.products.is_empty() {
            return Err(ApiError::new(ErrorCode::NoChange, "Nothing to change."));
        }
        if self.products.len() > MAX_POLICY_CHANGES {
            return Err(ApiError::field(ErrorCode::OutOfRange, "products", "Up to 200 products at a time.")
                .with_count(MAX_POLICY_CHANGES as i64));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, change) in self.products.iter().enumerate() {
            if !seen.insert(change.product_id.as_str()) {
                return Err(ApiError::field(
                    ErrorCode::InvalidBody,
                    &format!("products[{i}]"),
                    "A product is named twice.",
                ));
            }
        }
        Ok(())
    }
}

/// `GET /api/subscriptions/{id}/move-users` (an admin, after Take control): what Move users
/// needs and where the people can go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveUsersQuote {
    /// People holding the self-service subscription's licenses: the free licenses needed.
    pub people_to_move: i64,
    /// The organization's (admin-managed) subscriptions of the same product that hold
    /// licenses, with how many are free; Move users needs one with enough.
    pub targets: Vec<MoveTarget>,
    /// Credited for the rest of the self-service subscription's term when it is canceled.
    pub credit: PriceLines,
}

/// An organization subscription the people can move to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveTarget {
    /// Its id.
    pub subscription_id: String,
    /// The product's name.
    pub product_name: String,
    /// Licenses it has.
    pub total_licenses: i64,
    /// Licenses free to assign.
    pub free_licenses: i64,
}

/// `POST /api/subscriptions/{id}/move-users` (an admin, after Take control, Idempotency-Key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveUsersRequest {
    /// The organization subscription that takes the people.
    pub target_subscription_id: String,
}

/// What Move users did: every person moved, the self-service subscription canceled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveUsersResult {
    /// People moved.
    pub moved: i64,
    /// Where they went, as it is now.
    pub target: MoveTarget,
    /// The self-service subscription, now canceled.
    pub subscription: Subscription,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_reads_back_from_its_name_and_says_what_it_allows() {
        for policy in SelfServicePolicy::ALL {
            assert_eq!(SelfServicePolicy::parse(policy.as_str()), Some(policy));
            assert_eq!(serde_json::to_value(policy).ok(), Some(serde_json::Value::from(policy.as_str())));
        }
        assert_eq!(SelfServicePolicy::parse("Allow"), None);
        let allowed = |p: SelfServicePolicy| (p.allows_buying(), p.allows_trials());
        assert_eq!(allowed(SelfServicePolicy::Allow), (true, true));
        assert_eq!(allowed(SelfServicePolicy::TrialsOnly), (false, true));
        assert_eq!(allowed(SelfServicePolicy::DoNotAllow), (false, false));
    }

    #[test]
    fn the_purchase_list_is_self_service_only_unless_asked_and_pages_are_bounded() {
        let query = PurchasesQuery::default();
        assert!(query.self_service_only());
        assert_eq!((query.offset(), query.limit()), (0, DEFAULT_PAGE_SIZE));
        let too_big = PurchasesQuery { limit: Some(201), ..Default::default() };
        assert_eq!(too_big.validate().map_err(|e| e.code), Err(ErrorCode::OutOfRange));
        let negative = PurchasesQuery { offset: Some(-1), ..Default::default() };
        assert_eq!(negative.validate().map_err(|e| e.code), Err(ErrorCode::OutOfRange));
        let all = PurchasesQuery { self_service: Some(false), ..Default::default() };
        assert!(!all.self_service_only());
    }

    #[test]
    fn a_policy_change_names_something_and_each_product_once() {
        let change = |products: Vec<&str>| PolicyChange {
            default_policy: None,
            products: products
                .into_iter()
                .map(|id| ProductPolicyChange { product_id: id.into(), policy: SelfServicePolicy::Allow })
                .collect(),
        };
        assert_eq!(change(vec![]).validate().map_err(|e| e.code), Err(ErrorCode::NoChange));
        assert_eq!(change(vec!["a", "b"]).validate(), Ok(()));
        let twice = change(vec!["a", "a"]).validate().expect_err("named twice");
        assert_eq!((twice.code, twice.field.as_deref()), (ErrorCode::InvalidBody, Some("products[1]")));
    }
}
