//! What may be done to a subscription and what it costs: the rules each quote and its change
//! share (whether the product's policy lets a person buy or try it, buying a product, a new
//! license total, buying a trial, canceling, reactivating), as plain functions over the
//! subscription as read under its lock. They answer `portal_api` errors, whose codes
//! carry their statuses (`crate::error::status_of`); unit tests pin them down.

use portal_api::products::Product;
use portal_api::purchases::{PriceLines, PurchaseQuote, validate_licenses};
use portal_api::self_service::SelfServicePolicy;
use portal_api::subscriptions::{CancellationQuote, LicenseChangeQuote, ReactivationQuote, SubscriptionStatus};
use portal_api::{ApiError, ErrorCode, Money};
use time::Date;

use crate::billing::{GRACE_DAYS, add_months, prorate};
use crate::db::billing::BillingProfile;
use crate::db::subscriptions::Locked;

/// What a person does with a product themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfService {
    /// Buy it (or price buying it, or buy its trial).
    Buying,
    /// Start its free trial.
    Trial,
}

/// The policy's answer: buying needs Allow (Allow for trials only answers 403 `trials_only`);
/// a trial needs Allow or Allow for trials only; Do not allow answers 403
/// `not_allowed_for_self_service` (the page offers Request licenses instead).
pub fn allowed_by_policy(policy: SelfServicePolicy, what: SelfService) -> Result<(), ApiError> {
    let allowed = match what {
        SelfService::Buying => policy.allows_buying(),
        SelfService::Trial => policy.allows_trials(),
    };
    match (allowed, policy) {
        (true, _) => Ok(()),
        (false, SelfServicePolicy::TrialsOnly) => Err(ApiError::new(
            ErrorCode::TrialsOnly,
            "Your organization lets people only try this product. Start a free trial, or ask your admin.",
        )),
        (false, _) => Err(ApiError::new(
            ErrorCode::NotAllowedForSelfService,
            "Your organization does not let people buy this product themselves. Request licenses from your admin.",
        )),
    }
}

/// Buying `licenses` licenses of a product: one term from today, with tax at the billing
/// profile's rate.
pub fn purchase(product: &Product, licenses: i64, profile: &BillingProfile, today: Date) -> PurchaseQuote {
    let months = product.billing_term.months();
    let per_license = product.price_per_license_month.amount_minor * months;
    let currency = &product.price_per_license_month.currency;
    PurchaseQuote {
        licenses,
        price_per_license_term: Money { amount_minor: per_license, currency: currency.clone() },
        price: PriceLines::with_tax(per_license * licenses, profile.tax_rate_bp, currency),
        term_end_date: add_months(today, months as i32).to_string(),
        billing_profile_name: profile.name.clone(),
    }
}

/// The price of one license for one whole term.
pub fn per_license_term(s: &Locked) -> i64 {
    s.price_per_license_minor * s.term_months()
}

/// A new total for a subscription: allowed or not (with the reason), and its price: added
/// licenses are charged today for the rest of the term, removed ones credited at its end.
pub fn license_change(
    s: &Locked,
    new_total: i64,
    tax_rate_bp: i64,
    today: Date,
) -> Result<LicenseChangeQuote, ApiError> {
    if s.is_trial {
        return Err(ApiError::new(
            ErrorCode::TrialNotChangeable,
            "A trial's licenses cannot be changed. Buy it first.",
        ));
    }
    if !matches!(s.status, SubscriptionStatus::Active | SubscriptionStatus::RecurringBillingOff) {
        return Err(wrong_status("Only an active subscription's licenses can be changed."));
    }
    validate_licenses(new_total, s.max_licenses, "total_licenses")?;
    if new_total < s.assigned_licenses {
        return Err(below_assigned(s.assigned_licenses - new_total));
    }
    let prorated =
        prorate(per_license_term(s) * (new_total - s.total_licenses), today, s.term_end_date, s.term_months());
    Ok(LicenseChangeQuote {
        current_total: s.total_licenses,
        new_total,
        price: PriceLines::with_tax(prorated, tax_rate_bp, &s.currency),
        applies_on: if prorated > 0 { today } else { s.term_end_date }.to_string(),
    })
}

/// A trial bought with `licenses` licenses: what it charges, and the end of its first paid term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrialPurchase {
    /// One whole term of the licenses, with tax.
    pub price: PriceLines,
    /// A term from today.
    pub term_end_date: Date,
}

/// Buying a trial (also one that has expired): a paid term from today.
pub fn trial_purchase(s: &Locked, licenses: i64, tax_rate_bp: i64, today: Date) -> Result<TrialPurchase, ApiError> {
    if !s.is_trial || !matches!(s.status, SubscriptionStatus::Trial | SubscriptionStatus::Expired) {
        return Err(wrong_status("Only a trial can be bought this way."));
    }
    validate_licenses(licenses, s.max_licenses, "licenses")?;
    if licenses < s.assigned_licenses {
        return Err(below_assigned(s.assigned_licenses - licenses));
    }
    Ok(TrialPurchase {
        price: PriceLines::with_tax(per_license_term(s) * licenses, tax_rate_bp, &s.currency),
        term_end_date: add_months(today, s.term_months() as i32),
    })
}

/// What canceling a subscription means today: the unused rest of the term credited (nothing
/// for a trial), its licenses released, and until when it can be reactivated.
pub fn cancellation(s: &Locked, tax_rate_bp: i64, today: Date) -> Result<CancellationQuote, ApiError> {
    if !s.status.holds_licenses() {
        return Err(wrong_status("It is already canceled or has ended."));
    }
    let unused = if s.is_trial {
        0
    } else {
        prorate(per_license_term(s) * s.total_licenses, today, s.term_end_date, s.term_months())
    };
    Ok(CancellationQuote {
        credit: PriceLines::with_tax(-unused, tax_rate_bp, &s.currency),
        licenses_released: s.assigned_licenses,
        term_end_date: s.term_end_date.to_string(),
        reactivate_until: (today + time::Duration::days(GRACE_DAYS)).to_string(),
    })
}

/// Canceling at the end of the term turns recurring billing off, so it must be on.
pub fn end_of_term_cancellation(s: &Locked) -> Result<(), ApiError> {
    if s.recurring_billing { Ok(()) } else { Err(wrong_status("Recurring billing is already off.")) }
}

/// What reactivating a subscription charges, and until when it then runs: a canceled one
/// within its grace period starts a new term today; one with recurring billing off (or a
/// trial with a card that will no longer convert) gets it back on, free.
pub fn reactivation(s: &Locked, tax_rate_bp: i64, today: Date, now: i64) -> Result<ReactivationQuote, ApiError> {
    match s.status {
        SubscriptionStatus::Canceled if !s.is_trial => {
            if s.canceled_at.is_none_or(|at| now > at + GRACE_DAYS * 86_400) {
                return Err(ApiError::new(
                    ErrorCode::GracePeriodOver,
                    "It can no longer be reactivated; buy it again instead.",
                ));
            }
            Ok(ReactivationQuote {
                price: PriceLines::with_tax(per_license_term(s) * s.total_licenses, tax_rate_bp, &s.currency),
                term_end_date: add_months(today, s.term_months() as i32).to_string(),
            })
        }
        SubscriptionStatus::RecurringBillingOff | SubscriptionStatus::Trial
            if !s.recurring_billing && s.payment_method_id.is_some() =>
        {
            Ok(ReactivationQuote {
                price: PriceLines::with_tax(0, tax_rate_bp, &s.currency),
                term_end_date: s.term_end_date.to_string(),
            })
        }
        _ => Err(wrong_status("There is nothing to reactivate.")),
    }
}

fn wrong_status(message: &str) -> ApiError {
    ApiError::new(ErrorCode::WrongStatus, message)
}

fn below_assigned(to_unassign: i64) -> ApiError {
    ApiError::field(
        ErrorCode::BelowAssigned,
        "total_licenses",
        format!("More licenses are assigned than that. Unassign {to_unassign} first."),
    )
    .with_count(to_unassign)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_policy_allows_buying_only_when_it_allows_everything_and_trials_unless_it_allows_nothing() {
        let code = |policy, what| allowed_by_policy(policy, what).err().map(|e| e.code);
        assert_eq!(code(SelfServicePolicy::Allow, SelfService::Buying), None);
        assert_eq!(code(SelfServicePolicy::Allow, SelfService::Trial), None);
        assert_eq!(code(SelfServicePolicy::TrialsOnly, SelfService::Buying), Some(ErrorCode::TrialsOnly));
        assert_eq!(code(SelfServicePolicy::TrialsOnly, SelfService::Trial), None);
        assert_eq!(code(SelfServicePolicy::DoNotAllow, SelfService::Buying), Some(ErrorCode::NotAllowedForSelfService));
        assert_eq!(code(SelfServicePolicy::DoNotAllow, SelfService::Trial), Some(ErrorCode::NotAllowedForSelfService));
    }

    const TODAY: Date = date!(2026 - 04 - 05);

    /// 100 licenses at €14 a month, 40 assigned, renewing on 15 April (10 of 31 days left).
    fn power_bi() -> Locked {
        Locked {
            id: "sub_1".into(),
            organization_id: "org_1".into(),
            product_id: "prd_1".into(),
            product_name: "Power BI Pro".into(),
            purchaser_id: "usr_1".into(),
            purchaser_name: "Megan Bowen".into(),
            billing_profile_id: "bp_1".into(),
            payment_method_id: Some("pm_1".into()),
            self_service: true,
            is_trial: false,
            status: SubscriptionStatus::Active,
            recurring_billing: true,
            total_licenses: 100,
            assigned_licenses: 40,
            price_per_license_minor: 1400,
            currency: "EUR".into(),
            term_end_date: date!(2026 - 04 - 15),
            canceled_at: None,
            max_licenses: 500,
            billing_term: portal_api::products::BillingTerm::Monthly,
            managed_by: None,
            charging: None,
        }
    }

    #[test]
    fn a_purchase_costs_one_whole_term_with_tax_and_runs_a_term_from_today() {
        let product = Product {
            id: "prd_1".into(),
            name: "Project Plan 3".into(),
            description: String::new(),
            price_per_license_month: Money { amount_minor: 2500, currency: "EUR".into() },
            billing_term: portal_api::products::BillingTerm::Annual,
            max_licenses: 300,
            trial: None,
            policy: portal_api::self_service::SelfServicePolicy::Allow,
        };
        let profile = BillingProfile { id: "bp_1".into(), name: "Contoso".into(), tax_rate_bp: 2100 };
        let quote = purchase(&product, 3, &profile, TODAY);
        assert_eq!(quote.price_per_license_term.amount_minor, 30_000);
        assert_eq!((quote.price.subtotal.amount_minor, quote.price.tax.amount_minor), (90_000, 18_900));
        assert_eq!((quote.term_end_date.as_str(), quote.billing_profile_name.as_str()), ("2027-04-05", "Contoso"));
    }

    fn trial() -> Locked {
        Locked { is_trial: true, status: SubscriptionStatus::Trial, assigned_licenses: 3, ..power_bi() }
    }

    #[test]
    fn added_licenses_cost_the_rest_of_the_term_today_and_removed_ones_are_credited_at_its_end() {
        let added = license_change(&power_bi(), 131, 2500, TODAY).expect("allowed");
        assert_eq!((added.current_total, added.new_total), (100, 131));
        assert_eq!(added.price.subtotal.amount_minor, 1400 * 10); // 31 licenses, 10 of 31 days
        assert_eq!(added.price.tax.amount_minor, 3500);
        assert_eq!(added.applies_on, "2026-04-05");
        let removed = license_change(&power_bi(), 69, 2500, TODAY).expect("allowed");
        assert_eq!(removed.price.subtotal.amount_minor, -1400 * 10);
        assert_eq!(removed.applies_on, "2026-04-15");
    }

    #[test]
    fn a_total_is_refused_for_a_trial_an_ended_subscription_out_of_range_or_below_the_assigned() {
        let code = |s: &Locked, total| license_change(s, total, 0, TODAY).map_err(|e| (e.code, e.count));
        assert_eq!(code(&trial(), 30), Err((ErrorCode::TrialNotChangeable, None)));
        let canceled = Locked { status: SubscriptionStatus::Canceled, ..power_bi() };
        assert_eq!(code(&canceled, 30), Err((ErrorCode::WrongStatus, None)));
        assert_eq!(code(&power_bi(), 0), Err((ErrorCode::OutOfRange, Some(500))));
        assert_eq!(code(&power_bi(), 501), Err((ErrorCode::OutOfRange, Some(500))));
        assert_eq!(code(&power_bi(), 37), Err((ErrorCode::BelowAssigned, Some(3))));
        let off = Locked { status: SubscriptionStatus::RecurringBillingOff, ..power_bi() };
        assert!(code(&off, 40).is_ok());
    }

    #[test]
    fn buying_a_trial_charges_a_whole_term_from_today() {
        let bought = trial_purchase(&trial(), 10, 2500, TODAY).expect("allowed");
        assert_eq!(bought.price.subtotal.amount_minor, 14_000);
        assert_eq!(bought.price.total.amount_minor, 17_500);
        assert_eq!(bought.term_end_date, date!(2026 - 05 - 05));
        let expired = Locked { status: SubscriptionStatus::Expired, ..trial() };
        assert!(trial_purchase(&expired, 10, 0, TODAY).is_ok());
    }

    #[test]
    fn only_a_trial_is_bought_and_not_with_fewer_licenses_than_assigned() {
        let code = |s: &Locked, n| trial_purchase(s, n, 0, TODAY).map_err(|e| (e.code, e.field));
        assert_eq!(code(&power_bi(), 10), Err((ErrorCode::WrongStatus, None)));
        assert_eq!(code(&trial(), 0), Err((ErrorCode::OutOfRange, Some("licenses".into()))));
        assert_eq!(code(&trial(), 2), Err((ErrorCode::BelowAssigned, Some("total_licenses".into()))));
    }

    #[test]
    fn canceling_credits_the_unused_rest_except_for_a_trial() {
        let quote = cancellation(&power_bi(), 2500, TODAY).expect("allowed");
        assert_eq!(quote.credit.subtotal.amount_minor, -1400 * 100 * 10 / 31);
        assert_eq!(quote.licenses_released, 40);
        assert_eq!((quote.term_end_date.as_str(), quote.reactivate_until.as_str()), ("2026-04-15", "2026-05-05"));
        assert_eq!(cancellation(&trial(), 2500, TODAY).map(|q| q.credit.total.amount_minor), Ok(0));
        for status in [SubscriptionStatus::Canceled, SubscriptionStatus::Expired] {
            let ended = Locked { status, ..power_bi() };
            assert_eq!(cancellation(&ended, 0, TODAY).map_err(|e| e.code), Err(ErrorCode::WrongStatus));
        }
        let off = Locked { recurring_billing: false, ..power_bi() };
        assert_eq!(end_of_term_cancellation(&off).map_err(|e| e.code), Err(ErrorCode::WrongStatus));
        assert_eq!(end_of_term_cancellation(&power_bi()), Ok(()));
    }

    #[test]
    fn a_canceled_subscription_is_reactivated_for_a_new_term_within_thirty_days() {
        let canceled_at = 1_775_000_000;
        let canceled = Locked { status: SubscriptionStatus::Canceled, canceled_at: Some(canceled_at), ..power_bi() };
        let quote = reactivation(&canceled, 2500, TODAY, canceled_at + 30 * 86_400).expect("allowed");
        assert_eq!(quote.price.subtotal.amount_minor, 140_000);
        assert_eq!(quote.term_end_date, "2026-05-05");
        let late = reactivation(&canceled, 2500, TODAY, canceled_at + 30 * 86_400 + 1);
        assert_eq!(late.map_err(|e| e.code), Err(ErrorCode::GracePeriodOver));
    }

    #[test]
    fn recurring_billing_is_turned_back_on_for_free_and_otherwise_there_is_nothing_to_reactivate() {
        let off = Locked { status: SubscriptionStatus::RecurringBillingOff, recurring_billing: false, ..power_bi() };
        let quote = reactivation(&off, 2500, TODAY, 0).expect("allowed");
        assert_eq!((quote.price.total.amount_minor, quote.term_end_date.as_str()), (0, "2026-04-15"));
        let trial_off = Locked { recurring_billing: false, ..trial() };
        assert!(reactivation(&trial_off, 0, TODAY, 0).is_ok());
        let without_card = Locked { payment_method_id: None, ..trial_off };
        let nothing = |s: &Locked| reactivation(s, 0, TODAY, 0).map_err(|e| e.code);
        assert_eq!(nothing(&without_card), Err(ErrorCode::WrongStatus));
        assert_eq!(nothing(&power_bi()), Err(ErrorCode::WrongStatus));
        let canceled_trial = Locked { status: SubscriptionStatus::Canceled, canceled_at: Some(0), ..trial() };
        assert_eq!(nothing(&canceled_trial), Err(ErrorCode::WrongStatus));
    }
}
