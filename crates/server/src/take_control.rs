//! Take control of a self-service subscription, and what follows, as plain rules: who may
//! change a subscription (its purchaser until an admin takes control; then the organization's
//! admins may cancel it or move its people), whether it can be taken over, and whether Move
//! users can move its people to an organization subscription.

use portal_api::{ApiError, ErrorCode};

use crate::db::subscriptions::Locked;

/// Who is asking.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    /// Their id.
    pub user_id: &'a str,
    /// An admin of the subscription's organization.
    pub is_admin: bool,
}

/// What someone wants to do to a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// What only its purchaser does: licenses, buying a trial, reactivating, assigning.
    ByPurchaser,
    /// Canceling it (and its quote): its purchaser, or an admin once they have taken control.
    Cancel,
}

/// Whether `person` may make `change` to `s`: its purchaser, until an admin takes control
/// (then 403 `managed_by_admin`); after Take control the organization's admins may cancel it;
/// otherwise an admin only reads it (403 `read_only`); anyone else gets 404, as if it did not
/// exist.
pub fn may_change(s: &Locked, person: Person<'_>, change: Change) -> Result<(), ApiError> {
    let purchaser = s.purchaser_id == person.user_id;
    match (purchaser, s.managed_by_admin(), person.is_admin) {
        (true, false, _) => Ok(()),
        (_, true, true) if change == Change::Cancel => Ok(()),
        (true, true, _) => Err(ApiError::new(
            ErrorCode::ManagedByAdmin,
            "Your admin has taken control of this subscription; only they can change it now.",
        )),
        (false, _, true) => Err(ApiError::new(ErrorCode::ReadOnly, "Only the person who bought it can change it.")),
        (false, _, false) => Err(not_found()),
    }
}

/// Whether `person` may take control of `s`: an admin, of a self-service subscription that
/// holds licenses (active, trial, recurring billing off; one that has ended has nothing left
/// to control) and that no admin has taken yet. Its purchaser, if not an admin, gets 403
/// `admin_only`; anyone else 404.
pub fn take_control(s: &Locked, person: Person<'_>) -> Result<(), ApiError> {
    admin_of(s, person)?;
    if !s.self_service {
        return Err(wrong_status(
            "Only a self-service subscription can be taken over; this one is the organization's.",
        ));
    }
    if s.managed_by_admin() {
        return Err(wrong_status("An admin has already taken control of this subscription."));
    }
    if !s.status.holds_licenses() {
        return Err(wrong_status("It is canceled or has ended: there is nothing left to take control of."));
    }
    Ok(())
}

/// An admin may look at Move users of `s` only after taking control of it (409
/// `take_control_first`), while it still holds licenses.
pub fn move_users_from(s: &Locked, person: Person<'_>) -> Result<(), ApiError> {
    admin_of(s, person)?;
    if !s.managed_by_admin() {
        return Err(ApiError::new(ErrorCode::TakeControlFirst, "Take control of this subscription first."));
    }
    if !s.status.holds_licenses() {
        return Err(wrong_status("It is canceled or has ended: nobody holds its licenses any more."));
    }
    Ok(())
}

/// Whether `target` can take people from `s`: one of the organization's own (not
/// self-service) subscriptions of the same product that holds licenses.
pub fn is_target(s: &Locked, target: &Locked) -> bool {
    target.id != s.id && target.product_id == s.product_id && !target.self_service && target.status.holds_licenses()
}

/// Licenses of `target` free to assign.
pub fn free_licenses(target: &Locked) -> i64 {
    (target.total_licenses - target.assigned_licenses).max(0)
}

/// Move users' checks under both locks: `target` must be a target of `s` (422 naming
/// `target_subscription_id`) with at least `people` free licenses (409 `not_enough_licenses`,
/// `count`: how many are free).
pub fn move_users(s: &Locked, target: &Locked, people: i64) -> Result<(), ApiError> {
    if !is_target(s, target) {
        return Err(ApiError::field(
            ErrorCode::InvalidBody,
            "target_subscription_id",
            "Choose one of your organization's subscriptions of the same product.",
        ));
    }
    let free = free_licenses(target);
    if free < people {
        return Err(ApiError::new(
            ErrorCode::NotEnoughLicenses,
            format!("{people} people need a license, but only {free} are free there; nobody was moved."),
        )
        .with_count(free));
    }
    Ok(())
}

fn admin_of(s: &Locked, person: Person<'_>) -> Result<(), ApiError> {
    match (person.is_admin, s.purchaser_id == person.user_id) {
        (true, _) => Ok(()),
        (false, true) => Err(ApiError::new(ErrorCode::AdminOnly, "Only an admin of your organization can do this.")),
        (false, false) => Err(not_found()),
    }
}

fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "Not found.")
}

fn wrong_status(message: &str) -> ApiError {
    ApiError::new(ErrorCode::WrongStatus, message)
}

#[cfg(test)]
mod tests {
    use portal_api::subscriptions::SubscriptionStatus;
    use time::macros::date;

    use super::*;

    fn megans() -> Locked {
        Locked {
            id: "sub_megan".into(),
            organization_id: "org".into(),
            product_id: "prd_power_bi".into(),
            product_name: "Power BI Pro".into(),
            purchaser_id: "usr_megan".into(),
            purchaser_name: "Megan Bowen".into(),
            billing_profile_id: "bp".into(),
            payment_method_id: Some("pm".into()),
            self_service: true,
            is_trial: false,
            status: SubscriptionStatus::Active,
            recurring_billing: true,
            total_licenses: 10,
            assigned_licenses: 3,
            price_per_license_minor: 1400,
            currency: "EUR".into(),
            term_end_date: date!(2026 - 04 - 15),
            canceled_at: None,
            max_licenses: 1000,
            billing_term: portal_api::products::BillingTerm::Monthly,
            managed_by: None,
            charging: None,
        }
    }

    fn organizations() -> Locked {
        Locked {
            id: "sub_org".into(),
            purchaser_id: "usr_adele".into(),
            self_service: false,
            total_licenses: 250,
            assigned_licenses: 248,
            ..megans()
        }
    }

    const MEGAN: Person = Person { user_id: "usr_megan", is_admin: false };
    const ALEX: Person = Person { user_id: "usr_alex", is_admin: false };
    const ADELE: Person = Person { user_id: "usr_adele", is_admin: true };

    fn code(result: Result<(), ApiError>) -> Option<ErrorCode> {
        result.err().map(|e| e.code)
    }

    #[test]
    fn the_purchaser_changes_it_until_an_admin_takes_control_then_only_admins_cancel_it() {
        let s = megans();
        assert_eq!(code(may_change(&s, MEGAN, Change::ByPurchaser)), None);
        assert_eq!(code(may_change(&s, ADELE, Change::Cancel)), Some(ErrorCode::ReadOnly));
        assert_eq!(code(may_change(&s, ALEX, Change::Cancel)), Some(ErrorCode::NotFound));
        let taken = Locked { managed_by: Some("usr_adele".into()), ..megans() };
        for change in [Change::ByPurchaser, Change::Cancel] {
            assert_eq!(code(may_change(&taken, MEGAN, change)), Some(ErrorCode::ManagedByAdmin));
            assert_eq!(code(may_change(&taken, ALEX, change)), Some(ErrorCode::NotFound));
        }
        assert_eq!(code(may_change(&taken, ADELE, Change::Cancel)), None);
        assert_eq!(code(may_change(&taken, ADELE, Change::ByPurchaser)), Some(ErrorCode::ReadOnly));
    }

    #[test]
    fn an_admin_takes_control_once_of_a_running_self_service_subscription() {
        assert_eq!(code(take_control(&megans(), ADELE)), None);
        assert_eq!(code(take_control(&megans(), MEGAN)), Some(ErrorCode::AdminOnly));
        assert_eq!(code(take_control(&megans(), ALEX)), Some(ErrorCode::NotFound));
        let taken = Locked { managed_by: Some("usr_adele".into()), ..megans() };
        assert_eq!(code(take_control(&taken, ADELE)), Some(ErrorCode::WrongStatus));
        assert_eq!(code(take_control(&organizations(), ADELE)), Some(ErrorCode::WrongStatus));
        for status in [SubscriptionStatus::Canceled, SubscriptionStatus::Expired] {
            assert_eq!(code(take_control(&Locked { status, ..megans() }, ADELE)), Some(ErrorCode::WrongStatus));
        }
        let trial = Locked { status: SubscriptionStatus::Trial, is_trial: true, ..megans() };
        assert_eq!(code(take_control(&trial, ADELE)), None);
    }

    #[test]
    fn move_users_needs_control_a_target_of_the_same_product_and_enough_free_licenses() {
        let taken = Locked { managed_by: Some("usr_adele".into()), ..megans() };
        assert_eq!(code(move_users_from(&megans(), ADELE)), Some(ErrorCode::TakeControlFirst));
        assert_eq!(code(move_users_from(&taken, ADELE)), None);
        assert_eq!(code(move_users_from(&taken, MEGAN)), Some(ErrorCode::AdminOnly));
        let target = organizations();
        assert_eq!(free_licenses(&target), 2);
        assert_eq!(code(move_users(&taken, &target, 2)), None);
        let refused = move_users(&taken, &target, 3).expect_err("only 2 free");
        assert_eq!((refused.code, refused.count), (ErrorCode::NotEnoughLicenses, Some(2)));
        let other_product = Locked { product_id: "prd_visio".into(), ..organizations() };
        let self_service = Locked { self_service: true, ..organizations() };
        let canceled = Locked { status: SubscriptionStatus::Canceled, ..organizations() };
        for not_a_target in [other_product, self_service, canceled, taken.clone()] {
            let error = move_users(&taken, &not_a_target, 0).expect_err("not a target");
            assert_eq!((error.code, error.field.as_deref()), (ErrorCode::InvalidBody, Some("target_subscription_id")));
        }
        // more assigned than bought (never written, but read defensively): none free
        assert_eq!(free_licenses(&Locked { assigned_licenses: 300, ..organizations() }), 0);
    }
}
