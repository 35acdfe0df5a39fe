//! Which subscriptions the Products tab shows: the search by product name and the filter, and
//! the filter's panel.

use leptos::prelude::*;
use portal_api::subscriptions::{Subscription, SubscriptionStatus};
use portal_api::text::fold_for_search;

use super::status::status_text;
use crate::i18n::*;

/// What the person asked to see. The default shows everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductsFilter {
    /// Part of a product name, any case, accents optional ("visio", "power bi").
    pub query: String,
    /// Only subscriptions bought through self-service.
    pub self_service: bool,
    /// Only trials.
    pub trial: bool,
    /// Only subscriptions in this status.
    pub status: Option<SubscriptionStatus>,
}

impl ProductsFilter {
    /// Whether a subscription passes the search and every chosen filter.
    pub fn matches(&self, subscription: &Subscription) -> bool {
        let query = fold_for_search(self.query.trim());
        (query.is_empty() || fold_for_search(&subscription.product_name).contains(&query))
            && (!self.self_service || subscription.self_service)
            && (!self.trial || subscription.status == SubscriptionStatus::Trial)
            && self.status.is_none_or(|status| subscription.status == status)
    }
}

/// The filter panel (behind the filter icon): Self-service, Trials and a status. Escape closes
/// it (`on_escape`).
#[component]
pub fn FilterPanel(filter: RwSignal<ProductsFilter>, on_escape: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset
            id="products-filter"
            class="filter-panel"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    on_escape.run(());
                }
            }
        >
            <legend>{t!(i18n, your_products.filter)}</legend>
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || filter.with(|f| f.self_service)
                    on:change=move |ev| filter.update(|f| f.self_service = event_target_checked(&ev))
                />
                {t!(i18n, your_products.self_service)}
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || filter.with(|f| f.trial)
                    on:change=move |ev| filter.update(|f| f.trial = event_target_checked(&ev))
                />
                {t!(i18n, your_products.filter_trial)}
            </label>
            <label for="status-filter">{t!(i18n, your_products.column_status)}</label>
            <select
                id="status-filter"
                on:change=move |ev| filter.update(|f| f.status = SubscriptionStatus::parse(&event_target_value(&ev)))
            >
                <option value="" selected=move || filter.with(|f| f.status.is_none())>
                    {t!(i18n, your_products.any_status)}
                </option>
                {SubscriptionStatus::ALL
                    .into_iter()
                    .map(|status| {
                        view! {
                            <option value=status.as_str() selected=move || filter.with(|f| f.status == Some(status))>
                                {move || status_text(i18n, status)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_api::Money;

    fn subscription(name: &str, self_service: bool, status: SubscriptionStatus) -> Subscription {
        Subscription {
            id: name.to_lowercase().replace(' ', "_"),
            product_id: "p".into(),
            product_name: name.into(),
            self_service,
            status,
            total_licenses: 1,
            assigned_licenses: 0,
            term_end_date: "2026-12-01".into(),
            price: Money { amount_minor: 0, currency: "EUR".into() },
            purchaser_id: "usr_megan".into(),
            purchaser_name: "Megan Bowen".into(),
            managed_by_admin: false,
            is_trial: status == SubscriptionStatus::Trial,
            recurring_billing: true,
            billing_term: portal_api::products::BillingTerm::Monthly,
            price_per_license_month: Money { amount_minor: 0, currency: "EUR".into() },
            max_licenses: 300,
            can_change: true,
            reactivate_until: None,
        }
    }

    fn shown(filter: &ProductsFilter) -> Vec<String> {
        let all = [
            subscription("Power BI Pro", true, SubscriptionStatus::Active),
            subscription("Visio Plan 2", true, SubscriptionStatus::Trial),
            subscription("Microsoft 365 E3", false, SubscriptionStatus::Active),
            subscription("Project Plan 3", true, SubscriptionStatus::Canceled),
        ];
        all.iter().filter(|s| filter.matches(s)).map(|s| s.product_name.clone()).collect()
    }

    #[test]
    fn no_filter_shows_everything() {
        assert_eq!(shown(&ProductsFilter::default()).len(), 4);
    }

    #[test]
    fn search_matches_part_of_the_name_in_any_case() {
        let filter = ProductsFilter { query: "  PLAN ".into(), ..Default::default() };
        assert_eq!(shown(&filter), ["Visio Plan 2", "Project Plan 3"]);
    }

    #[test]
    fn self_service_hides_what_an_admin_bought() {
        let filter = ProductsFilter { self_service: true, ..Default::default() };
        assert_eq!(shown(&filter), ["Power BI Pro", "Visio Plan 2", "Project Plan 3"]);
    }

    #[test]
    fn trial_and_status_narrow_further_and_combine_with_search() {
        assert_eq!(shown(&ProductsFilter { trial: true, ..Default::default() }), ["Visio Plan 2"]);
        let active = ProductsFilter { status: Some(SubscriptionStatus::Active), ..Default::default() };
        assert_eq!(shown(&active), ["Power BI Pro", "Microsoft 365 E3"]);
        let both = ProductsFilter { query: "power".into(), self_service: true, ..active };
        assert_eq!(shown(&both), ["Power BI Pro"]);
    }
}
