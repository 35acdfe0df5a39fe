//! A subscription's details page (`/billing/products/:id`): its status, licenses, dates, price
//! and purchaser, what can be done to it, and its timeline. Its purchaser changes it here; an
//! admin reads it (with who holds its licenses and its invoices) and may take control of a
//! self-service one, then move its people or cancel it.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::session::Role;
use portal_api::subscriptions::Subscription;

use super::actions::{Action, ActionButtons, ActionPane};
use super::holders::LicenseHolders;
use super::move_users_pane::MoveUsersPane;
use super::status::status_text;
use super::subscription_invoices::SubscriptionInvoices;
use super::take_control::TakeControlDialog;
use super::timeline::Timeline;
use crate::api;
use crate::components::focus::focus_element;
use crate::components::loaded::{Loaded, missing_page, use_param_resource};
use crate::components::page::Page;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;
use crate::session::Session;

/// What the person looking at a subscription may do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Its purchaser, who may change it.
    Purchaser,
    /// Its purchaser, after an admin took control: read-only.
    PurchaserManaged,
    /// An admin reading someone's subscription; `may_take_control` for a self-service one
    /// whose term runs.
    Admin { may_take_control: bool },
    /// An admin who has taken control of it: Move users and Cancel while its term runs.
    AdminInControl,
    /// Anyone else the server shows it to, or while it is not known who is signed in.
    ReadOnly,
}

/// Who the person is to the subscription, by the subscription and who is signed in.
pub fn standing(s: &Subscription, viewer: Option<(&str, Role)>) -> Standing {
    match viewer {
        Some((id, _)) if id == s.purchaser_id => {
            if s.managed_by_admin {
                Standing::PurchaserManaged
            } else if s.can_change {
                Standing::Purchaser
            } else {
                Standing::ReadOnly
            }
        }
        Some((_, Role::Admin)) if s.managed_by_admin => Standing::AdminInControl,
        Some((_, Role::Admin)) => Standing::Admin { may_take_control: s.self_service && s.status.holds_licenses() },
        _ => Standing::ReadOnly,
    }
}

/// A subscription's details page (`/billing/products/:id`).
#[component]
pub fn SubscriptionDetails() -> impl IntoView {
    let i18n = use_i18n();
    let subscription = use_param_resource("id", |id| async move { api::subscriptions::get(&id).await });
    let not_found = missing_page(
        move || t_string!(i18n, your_products.details_label),
        paths::YOUR_PRODUCTS,
        move || t_string!(i18n, your_products.back),
    );
    view! {
        <Loaded resource=subscription not_found let:subscription>
            <Details subscription />
        </Loaded>
    }
}

#[component]
fn Details(subscription: Subscription) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let name = subscription.product_name.clone();
    let id = subscription.id.clone();
    let admin_id = StoredValue::new(id.clone());
    let current = RwSignal::new(subscription);
    let version = RwSignal::new(0_u32);
    let action = RwSignal::new(None::<(Action, Subscription)>);
    let message = RwSignal::new(None::<String>);
    let done = Callback::new(move |(changed, text): (Subscription, String)| {
        current.set(changed);
        message.set(Some(text));
        version.update(|v| *v += 1);
        focus_after_change();
    });
    let standing = Memo::new(move |_| {
        let viewer = session.me.with(|me| me.as_ref().map(|m| (m.person.id.clone(), m.person.role)));
        current.with(|s| standing(s, viewer.as_ref().map(|(id, role)| (id.as_str(), *role))))
    });
    let admin_view = move || matches!(standing.get(), Standing::Admin { .. } | Standing::AdminInControl);
    view! {
        <Page title=name in_billing=true>
            <p><A href=paths::YOUR_PRODUCTS>{t!(i18n, your_products.back)}</A></p>
            <div role="status" class="status-line">
                {move || message.get().map(|text| view! { <p class="success" id="details-message" tabindex="-1">{text}</p> })}
            </div>
            <Facts current />
            <Controls current standing action on_done=done />
            <ActionPane open=action on_done=done />
            <Show when=admin_view>
                <LicenseHolders subscription_id=admin_id.get_value() version=version.into() />
                <SubscriptionInvoices subscription_id=admin_id.get_value() />
            </Show>
            <Timeline subscription_id=id.clone() version=version.into() />
        </Page>
    }
}

/// After a change, focus goes back to the button that opened its pane or dialog; when that
/// button is gone (Take control, Move users and Cancel leave other buttons), to what the change
/// did: the first button now offered, else the message saying what happened.
fn focus_after_change() {
    // two frames: after the pane's own return of focus (one frame) has had its chance
    request_animation_frame(move || {
        request_animation_frame(move || {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
            let lost =
                document.active_element().is_none_or(|e| document.body().is_some_and(|b| b.is_same_node(Some(&e))));
            if lost {
                let next =
                    document.get_element_by_id("move-users").or_else(|| document.get_element_by_id("details-message"));
                focus_element(next);
            }
        });
    });
}

/// The subscription's facts: status, licenses, dates, price, purchaser.
#[component]
fn Facts(current: RwSignal<Subscription>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let s = current.get();
        let (status, term_end, price) = (s.status, s.term_end_date.clone(), s.price.clone());
        let reactivate_until = s.reactivate_until.clone();
        view! {
            <dl class="details">
                <dt>{t!(i18n, your_products.column_status)}</dt>
                <dd>
                    {move || status_text(i18n, status)}
                    {s.self_service.then(|| view! { <span class="tag">{t!(i18n, your_products.self_service)}</span> })}
                    {s.managed_by_admin.then(|| view! { <span class="tag attention">{t!(i18n, admin.managed_by_admin)}</span> })}
                </dd>
                <dt>{t!(i18n, your_products.column_licenses)}</dt>
                <dd>{format!("{} / {}", s.assigned_licenses, s.total_licenses)}</dd>
                <dt>{t!(i18n, your_products.column_term_end)}</dt>
                <dd>{move || format::date(&term_end, i18n.get_locale())}</dd>
                {reactivate_until.map(|until| view! {
                    <dt>{t!(i18n, your_products.reactivate_until)}</dt>
                    <dd>{move || format::date(&until, i18n.get_locale())}</dd>
                })}
                <dt>{t!(i18n, your_products.column_price)}</dt>
                <dd>{move || format::money(&price, i18n.get_locale())}</dd>
                <dt>{t!(i18n, your_products.purchased_by)}</dt>
                <dd>{s.purchaser_name.clone()}</dd>
            </dl>
        }
    }
}

/// What the person may do, by their standing: the purchaser's actions, Take control, Move
/// users and Cancel, or a note saying why there is nothing to do.
#[component]
fn Controls(
    current: RwSignal<Subscription>,
    standing: Memo<Standing>,
    action: RwSignal<Option<(Action, Subscription)>>,
    on_done: Callback<(Subscription, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let take_control_open = RwSignal::new(false);
    let move_open = RwSignal::new(false);
    let close_take = Callback::new(move |()| take_control_open.set(false));
    let close_move = Callback::new(move |()| move_open.set(false));
    let taken = Callback::new(move |result: (Subscription, String)| {
        take_control_open.set(false);
        on_done.run(result);
    });
    let moved = Callback::new(move |result: (Subscription, String)| {
        move_open.set(false);
        on_done.run(result);
    });
    let controls = move || {
        let s = current.get();
        match standing.get() {
            Standing::Purchaser => {
                view! { <div class="actions-bar"><ActionButtons subscription=s open=action /></div> }.into_any()
            }
            Standing::PurchaserManaged => view! { <p class="hint">{t!(i18n, admin.managed_note)}</p> }.into_any(),
            Standing::Admin { may_take_control } => view! {
                <p class="hint">{t!(i18n, admin.read_only_admin)}</p>
                {may_take_control.then(|| view! {
                    <div class="actions-bar">
                        <button type="button" class="button" id="take-control" on:click=move |_| take_control_open.set(true)>
                            {t!(i18n, admin.take_control)}
                        </button>
                    </div>
                })}
            }
            .into_any(),
            Standing::AdminInControl => {
                let runs = s.status.holds_licenses();
                view! {
                    {runs.then(|| view! { <p class="hint">{t!(i18n, admin.controls_note)}</p> })}
                    {runs.then(|| view! {
                        <div class="actions-bar">
                            <button type="button" class="button primary" id="move-users" on:click=move |_| move_open.set(true)>
                                {t!(i18n, admin.move_users)}
                            </button>
                            <button
                                type="button"
                                class="button"
                                id="action-cancel"
                                on:click=move |_| action.set(Some((Action::Cancel, current.get_untracked())))
                            >
                                {t!(i18n, your_products.cancel_subscription)}
                            </button>
                        </div>
                    })}
                }
                .into_any()
            }
            Standing::ReadOnly => view! { <p class="hint">{t!(i18n, your_products.read_only_note)}</p> }.into_any(),
        }
    };
    view! {
        {controls}
        <Show when=move || take_control_open.get()>
            <TakeControlDialog subscription=current.get_untracked() on_done=taken on_close=close_take />
        </Show>
        <Show when=move || move_open.get()>
            <MoveUsersPane subscription=current.get_untracked() on_done=moved on_close=close_move />
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::billing::your_products::fixture::power_bi_pro;
    use portal_api::subscriptions::SubscriptionStatus;

    fn subscription(self_service: bool, managed: bool, status: SubscriptionStatus) -> Subscription {
        Subscription { self_service, status, managed_by_admin: managed, can_change: !managed, ..power_bi_pro() }
    }

    const MEGAN: Option<(&str, Role)> = Some(("usr_megan", Role::User));
    const ADELE: Option<(&str, Role)> = Some(("usr_adele", Role::Admin));

    #[test]
    fn the_purchaser_changes_it_until_an_admin_takes_control() {
        let active = subscription(true, false, SubscriptionStatus::Active);
        assert_eq!(standing(&active, MEGAN), Standing::Purchaser);
        let managed = subscription(true, true, SubscriptionStatus::Active);
        assert_eq!(standing(&managed, MEGAN), Standing::PurchaserManaged);
    }

    #[test]
    fn an_admin_reads_and_may_take_control_only_of_a_running_self_service_one() {
        let active = subscription(true, false, SubscriptionStatus::Active);
        assert_eq!(standing(&active, ADELE), Standing::Admin { may_take_control: true });
        let organizations = subscription(false, false, SubscriptionStatus::Active);
        assert_eq!(standing(&organizations, ADELE), Standing::Admin { may_take_control: false });
        let canceled = subscription(true, false, SubscriptionStatus::Canceled);
        assert_eq!(standing(&canceled, ADELE), Standing::Admin { may_take_control: false });
        let managed = subscription(true, true, SubscriptionStatus::Active);
        assert_eq!(standing(&managed, ADELE), Standing::AdminInControl);
    }

    #[test]
    fn nobody_known_changes_nothing() {
        let active = subscription(true, false, SubscriptionStatus::Active);
        assert_eq!(standing(&active, None), Standing::ReadOnly);
        assert_eq!(standing(&active, Some(("usr_alex", Role::User))), Standing::ReadOnly);
    }
}
