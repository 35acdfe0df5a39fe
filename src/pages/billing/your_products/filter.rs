//! Which subscriptions the Products tab shows: the search by product name and the filter, and
//! the filter's panel.

use leptos::prelude::*;
use portal_api::subscriptions::{Subscription, SubscriptionStatus};
use portal_api::text::fold_for_search;

use super::status::status_text;
use crate::components::focus::focus_node;
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

/// Whether a list's filter panel is open, and the filter icon's button that opens it (focus
/// returns to it when the panel closes). The Products tab and the admin's list share it.
#[derive(Clone, Copy)]
pub struct FilterToggle {
    open: RwSignal<bool>,
    button: NodeRef<leptos::html::Button>,
}

impl FilterToggle {
    /// Closed.
    pub fn new() -> Self {
        Self { open: RwSignal::new(false), button: NodeRef::new() }
    }

    fn close(self) {
        self.open.set(false);
        focus_node(self.button);
    }
}

impl Default for FilterToggle {
    fn default() -> Self {
        Self::new()
    }
}

/// The filter icon's button, which opens and closes the panel `controls` names.
#[component]
pub fn FilterButton(toggle: FilterToggle, controls: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="button"
            node_ref=toggle.button
            aria-expanded=move || toggle.open.get().to_string()
            aria-controls=controls
            on:click=move |_| toggle.open.update(|open| *open = !*open)
        >
            <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                <path d="M1 2h14l-5.5 6.5V14l-3-1.5V8.5z" fill="currentColor"></path>
            </svg>
            " "
            {t!(i18n, your_products.filter)}
        </button>
    }
}

/// The filter panel while it is open: "Filter" and its choices (`children`); Escape closes it.
#[component]
pub fn FilterFieldset(toggle: FilterToggle, id: &'static str, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || toggle.open.get()>
            <fieldset
                id=id
                class="filter-panel"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        toggle.close();
                    }
                }
            >
                <legend>{t!(i18n, your_products.filter)}</legend>
                {children()}
            </fieldset>
        </Show>
    }
}

/// The Products tab's filter choices: Self-service, Trials and a status.
#[component]
pub fn FilterChoices(filter: RwSignal<ProductsFilter>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::billing::your_products::fixture::power_bi_pro;

    fn subscription(name: &str, self_service: bool, status: SubscriptionStatus) -> Subscription {
        Subscription {
            id: name.to_lowercase().replace(' ', "_"),
            product_name: name.into(),
            self_service,
            status,
            is_trial: status == SubscriptionStatus::Trial,
            ..power_bi_pro()
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
