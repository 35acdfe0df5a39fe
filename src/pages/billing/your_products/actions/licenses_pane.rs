//! Buy licenses / Remove licenses: the new total, what it costs or credits (asked of the server
//! a moment after typing stops), Save.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_api::ErrorCode;
use portal_api::purchases::validate_licenses;
use portal_api::subscriptions::{LicenseChangeQuote, Subscription};

use super::super::change::use_subscription_save;
use super::action::{Action, ChangePriceLines, action_label};
use crate::api::{self, ApiFailure};
use crate::components::debounce::use_debounce;
use crate::components::pane::Pane;
use crate::components::submit::{PaneButtons, SubmitButton};
use crate::errors;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

/// How long the total must stay unchanged before it is priced.
const QUOTE_DEBOUNCE: Duration = Duration::from_millis(250);

type Quote = Option<Result<LicenseChangeQuote, ApiFailure>>;

/// The pane: the total field (checked here first, by the rule the server checks too), the
/// change's price, Save.
#[component]
pub fn LicensesPane(
    subscription: Subscription,
    action: Action,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(subscription.id.clone());
    let (current, max) = (subscription.total_licenses, subscription.max_licenses);
    let total_text = RwSignal::new(current.to_string());
    // what the total field holds, when it is a whole number
    let total = Memo::new(move |_| total_text.with(|t| t.trim().parse::<i64>().ok()));
    let field_error = Memo::new(move |_| match total.get() {
        None if total_text.with(|t| t.trim().is_empty()) => None,
        None => Some(t_string!(i18n, errors.out_of_range, max = max).to_string()),
        Some(n) => validate_licenses(n, max, "total_licenses").err().map(|e| errors::describe(i18n, &e)),
    });
    let quote = RwSignal::new(None::<Result<LicenseChangeQuote, ApiFailure>>);
    let debounce = use_debounce(QUOTE_DEBOUNCE);
    Effect::new(move || {
        let wanted = total.get().filter(|n| field_error.with(Option::is_none) && *n != current);
        quote.set(None);
        let Some(wanted) = wanted else { return debounce.cancel() };
        let id = id.get_value();
        debounce.call(move |ticket| {
            spawn_local(async move {
                let answer = api::subscriptions::license_change_quote(&id, wanted).await;
                if debounce.is_current(ticket) {
                    quote.set(Some(answer));
                }
            });
        });
    });
    let can_save = Memo::new(move |_| matches!(quote.get(), Some(Ok(_))));
    let save = use_subscription_save(
        &subscription,
        |id, key, wanted| async move { api::subscriptions::change_licenses(&id, &key, wanted).await },
        move |changed: Subscription, name| {
            let total = changed.total_licenses;
            (changed, t_string!(i18n, your_products.saved_licenses, product = name, total = total).to_string())
        },
        on_done,
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(wanted) = total.get_untracked().filter(|_| can_save.get_untracked()) {
            save.run(wanted);
        }
    };
    let hint = move || match action {
        Action::BuyLicenses => t_string!(i18n, your_products.total_hint_buy),
        _ => t_string!(i18n, your_products.total_hint_remove),
    };
    let described_by = move || {
        if field_error.with(Option::is_some) {
            "total-licenses-hint total-licenses-error"
        } else {
            "total-licenses-hint"
        }
    };
    let (assigned, name) = (subscription.assigned_licenses, subscription.product_name.clone());
    view! {
        <Pane title=move || action_label(i18n, action) id="licenses-pane" on_close>
            <form on:submit=on_submit>
                <p>
                    <strong>{name}</strong>
                    " · "
                    {t!(i18n, your_products.licenses_summary, assigned = assigned, total = current)}
                </p>
                <div class="field">
                    <label for="total-licenses">{t!(i18n, your_products.total_licenses)}</label>
                    <p class="hint" id="total-licenses-hint">{hint}</p>
                    <input
                        id="total-licenses"
                        type="number"
                        inputmode="numeric"
                        min="1"
                        max=max
                        step="1"
                        prop:value=total_text
                        on:input=move |ev| {
                            total_text.set(event_target_value(&ev));
                            save.clear_error();
                        }
                        aria-invalid=move || field_error.with(Option::is_some).then_some("true")
                        aria-describedby=described_by
                    />
                    {move || field_error.get().map(|text| view! { <p id="total-licenses-error" class="field-error">{text}</p> })}
                </div>
                <QuoteLine quote unchanged=Signal::derive(move || total.get() == Some(current)) />
                <PaneButtons error=save.error leave_label=move || t_string!(i18n, shell.close) on_leave=on_close>
                    <SubmitButton label=move || t_string!(i18n, shell.save) working=save.working disabled=move || !can_save.get() />
                </PaneButtons>
            </form>
        </Pane>
    }
}

/// What the new total means, announced politely: no change, its charge or credit, or why it
/// is not allowed (below the licenses assigned links to Licenses).
#[component]
fn QuoteLine(quote: RwSignal<Quote>, unchanged: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div aria-live="polite">
            {move || match quote.get() {
                None if unchanged.get() => Some(view! { <p class="hint">{t!(i18n, your_products.change_none)}</p> }.into_any()),
                None => None,
                Some(Ok(q)) => Some(view! { <ChangeSummary quote=q /> }.into_any()),
                Some(Err(ApiFailure::Api { error, .. })) if error.code == ErrorCode::BelowAssigned => {
                    let text = errors::describe(i18n, &error);
                    Some(view! {
                        <p class="form-error" role="alert">
                            {text} " " <A href=paths::LICENSES>{t!(i18n, your_products.see_assigned)}</A>
                        </p>
                    }.into_any())
                }
                Some(Err(failure)) => {
                    Some(view! { <p class="form-error" role="alert">{errors::describe(i18n, &failure)}</p> }.into_any())
                }
            }}
        </div>
    }
}

/// "5 licenses added, charged today: …" or "5 licenses removed, credited on …: …".
#[component]
fn ChangeSummary(quote: LicenseChangeQuote) -> impl IntoView {
    let i18n = use_i18n();
    let change = quote.new_total - quote.current_total;
    let date = quote.applies_on.clone();
    view! {
        <p>
            {move || {
                let date = format::date(&date, i18n.get_locale());
                if change > 0 {
                    t_string!(i18n, your_products.charge_today, count = change, date = date).to_string()
                } else {
                    t_string!(i18n, your_products.credit_later, count = -change, date = date).to_string()
                }
            }}
        </p>
        <ChangePriceLines price=quote.price />
    }
}
