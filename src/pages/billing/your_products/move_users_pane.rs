//! Move users (an admin, after Take control): how many licenses the people need, the
//! organization's subscriptions of the product with how many are free, the credit, then Move
//! users. All or nothing: when no subscription has enough free licenses, nobody moves.

use leptos::prelude::*;
use portal_api::self_service::{MoveTarget, MoveUsersQuote, MoveUsersResult};
use portal_api::subscriptions::Subscription;

use super::change::{use_subscription_read, use_subscription_save};
use crate::api;
use crate::components::loading::Loading;
use crate::components::pane::Pane;
use crate::components::price_lines::PriceLinesView;
use crate::components::submit::SubmitButton;
use crate::errors;
use crate::format;
use crate::i18n::*;

/// What the pane can offer, from the quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveChoice {
    /// Nobody holds its licenses: nothing to move (cancel it instead).
    Nobody,
    /// The organization has no subscription of the product to move to.
    NoTargets,
    /// Targets exist, but none has enough free licenses.
    NoneFits,
    /// These targets have enough free licenses (ids), the first chosen to start with.
    Choose(Vec<String>),
}

/// Which targets can take everyone: free licenses at least the people to move.
pub fn move_choice(quote: &MoveUsersQuote) -> MoveChoice {
    if quote.people_to_move == 0 {
        return MoveChoice::Nobody;
    }
    if quote.targets.is_empty() {
        return MoveChoice::NoTargets;
    }
    let fitting: Vec<String> = quote
        .targets
        .iter()
        .filter(|t| t.free_licenses >= quote.people_to_move)
        .map(|t| t.subscription_id.clone())
        .collect();
    if fitting.is_empty() { MoveChoice::NoneFits } else { MoveChoice::Choose(fitting) }
}

/// The pane. `on_done` gets the subscription, now canceled, and a sentence saying who moved where.
#[component]
pub fn MoveUsersPane(
    subscription: Subscription,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let quote =
        use_subscription_read(&subscription, |id| async move { api::subscriptions::move_users_quote(&id).await });
    let product = subscription.product_name.clone();
    view! {
        <Pane title=move || t_string!(i18n, admin.move_users) id="move-users-pane" on_close>
            <p><strong>{product}</strong></p>
            <Suspense fallback=Loading>
                {move || {
                    let subscription = subscription.clone();
                    Suspend::new(async move {
                        match quote.await {
                            Ok(quote) => view! { <MoveForm quote subscription on_done on_close /> }.into_any(),
                            Err(failure) => view! {
                                <p class="form-error" role="alert">{errors::describe(i18n, &failure)}</p>
                                <div class="pane-actions">
                                    <button type="button" class="button" on:click=move |_| on_close.run(())>{t!(i18n, shell.close)}</button>
                                </div>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </Pane>
    }
}

/// The people to move, the targets (radio buttons), the credit and Move users.
#[component]
fn MoveForm(
    quote: MoveUsersQuote,
    subscription: Subscription,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choice = move_choice(&quote);
    let chosen = RwSignal::new(match &choice {
        MoveChoice::Choose(ids) => ids.first().cloned(),
        _ => None,
    });
    let save = use_subscription_save(
        &subscription,
        |id, key, target: String| async move { api::subscriptions::move_users(&id, &key, target).await },
        move |result: MoveUsersResult, product| {
            let locale = i18n.get_locale();
            let text = t_string!(
                i18n,
                admin.moved_message,
                count = format::number(result.moved, locale),
                target = result.target.product_name.clone(),
                product = product
            )
            .to_string();
            (result.subscription, text)
        },
        on_done,
    );
    let can_move = matches!(choice, MoveChoice::Choose(_));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(target) = chosen.get_untracked() {
            save.run(target);
        }
    };
    let needed = quote.people_to_move;
    let sentence = match choice {
        MoveChoice::Nobody => Some(view! { <p role="status">{t!(i18n, admin.move_nobody)}</p> }.into_any()),
        MoveChoice::NoTargets => {
            Some(view! { <p class="form-error" role="alert">{t!(i18n, admin.move_no_targets)}</p> }.into_any())
        }
        MoveChoice::NoneFits => {
            Some(view! { <p class="form-error" role="alert">{t!(i18n, admin.move_none_fits)}</p> }.into_any())
        }
        MoveChoice::Choose(_) => None,
    };
    let targets = quote.targets;
    let credit = quote.credit;
    view! {
        <form on:submit=on_submit>
            <p>{move || t_string!(i18n, admin.move_needed, count = format::number(needed, i18n.get_locale())).to_string()}</p>
            {(!targets.is_empty() && needed > 0).then(|| view! { <TargetChoice targets needed chosen /> })}
            {sentence}
            {can_move.then(|| view! {
                <p>{t!(i18n, admin.move_credit)}</p>
                <PriceLinesView
                    price=credit
                    subtotal=move || t_string!(i18n, your_products.subtotal)
                    tax=move |rate: String| t_string!(i18n, your_products.tax, rate = rate).to_string()
                    total=move || t_string!(i18n, your_products.total)
                />
            })}
            {move || save.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            <div class="pane-actions">
                {can_move.then(|| view! {
                    <SubmitButton label=move || t_string!(i18n, admin.move_users) working=save.working disabled=move || chosen.with(Option::is_none) />
                })}
                <button type="button" class="button" on:click=move |_| on_close.run(())>{t!(i18n, shell.close)}</button>
            </div>
        </form>
    }
}

/// One radio button per organization subscription, with how many licenses are free; one
/// without enough is shown, and says so, but cannot be chosen.
#[component]
fn TargetChoice(targets: Vec<MoveTarget>, needed: i64, chosen: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let options = targets
        .into_iter()
        .map(|target| {
            let fits = target.free_licenses >= needed;
            let id = target.subscription_id.clone();
            let checked = {
                let id = id.clone();
                move || chosen.with(|c| c.as_deref() == Some(id.as_str()))
            };
            let (free, total) = (target.free_licenses, target.total_licenses);
            let detail = move || {
                let locale = i18n.get_locale();
                if fits {
                    t_string!(
                        i18n,
                        admin.move_target_free,
                        free = format::number(free, locale),
                        total = format::number(total, locale)
                    )
                    .to_string()
                } else {
                    t_string!(i18n, admin.move_target_short, missing = format::number(needed - free, locale))
                        .to_string()
                }
            };
            view! {
                <label>
                    <input
                        type="radio"
                        name="move-target"
                        value=id.clone()
                        disabled=!fits
                        prop:checked=checked
                        on:change=move |_| chosen.set(Some(id.clone()))
                    />
                    <span>{target.product_name} " " <span class="choice-detail">{detail}</span></span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choices">
            <legend>{t!(i18n, admin.move_target_legend)}</legend>
            {options}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_api::Money;
    use portal_api::purchases::PriceLines;

    fn quote(people: i64, free: &[i64]) -> MoveUsersQuote {
        let zero = Money { amount_minor: 0, currency: "EUR".into() };
        MoveUsersQuote {
            people_to_move: people,
            targets: free
                .iter()
                .enumerate()
                .map(|(i, f)| MoveTarget {
                    subscription_id: format!("sub_{i}"),
                    product_name: "Power BI Pro".into(),
                    total_licenses: 250,
                    free_licenses: *f,
                })
                .collect(),
            credit: PriceLines { subtotal: zero.clone(), tax: zero.clone(), total: zero, tax_rate_bp: 0 },
        }
    }

    #[test]
    fn only_a_subscription_with_enough_free_licenses_can_be_chosen() {
        assert_eq!(move_choice(&quote(3, &[2, 3, 10])), MoveChoice::Choose(vec!["sub_1".into(), "sub_2".into()]));
        assert_eq!(move_choice(&quote(3, &[2])), MoveChoice::NoneFits);
        assert_eq!(move_choice(&quote(3, &[])), MoveChoice::NoTargets);
        assert_eq!(move_choice(&quote(0, &[5])), MoveChoice::Nobody);
    }
}
