//! Take control of a purchaser's subscription (an admin): a confirmation naming the purchaser
//! and the people who hold its licenses, then the purchaser can no longer change it.

use leptos::prelude::*;
use portal_api::licenses::LicensedPeoplePage;
use portal_api::subscriptions::Subscription;

use super::change::{use_subscription_read, use_subscription_save};
use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::errors;
use crate::format;
use crate::i18n::*;

/// How many of the people holding its licenses the confirmation names.
const NAMED: i64 = 10;

/// "Megan Bowen, Alex Wilber and 3 more": the names on the first page, and how many are not
/// named. `None` when nobody holds its licenses.
pub fn people_named(page: &LicensedPeoplePage) -> Option<(String, i64)> {
    if page.people.is_empty() {
        return None;
    }
    let names = page.people.iter().map(|p| p.display_name.as_str()).collect::<Vec<_>>().join(", ");
    Some((names, (page.total_matching - page.people.len() as i64).max(0)))
}

/// The confirmation. `on_done` gets the subscription as it is now (managed by the admin) and a
/// sentence saying so.
#[component]
pub fn TakeControlDialog(
    subscription: Subscription,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let people =
        use_subscription_read(&subscription, |id| async move { api::subscriptions::people(&id, 0, NAMED).await });
    let take = use_subscription_save(
        &subscription,
        |id, _key, ()| async move { api::subscriptions::take_control(&id).await },
        move |changed: Subscription, name| (changed, t_string!(i18n, admin.taken_message, product = name).to_string()),
        on_done,
    );
    let (product, purchaser) = (subscription.product_name.clone(), subscription.purchaser_name.clone());
    view! {
        <ConfirmDialog
            id="take-control-dialog"
            title=move || t_string!(i18n, admin.take_control_title, product = product.clone()).to_string()
            confirm_label=move || t_string!(i18n, admin.take_control_confirm)
            cancel_label=move || t_string!(i18n, licenses.cancel)
            working_label=move || t_string!(i18n, shell.working)
            working=take.working
            on_confirm=Callback::new(move |()| take.run(()))
            on_cancel=on_close
        >
            <p>{move || t_string!(i18n, admin.take_control_body, purchaser = purchaser.clone()).to_string()}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(page) => match people_named(&page) {
                            Some((names, more)) => view! {
                                <p>{t!(i18n, admin.take_control_people)}</p>
                                <p class="named-people">
                                    {names}
                                    {(more > 0).then(|| view! {
                                        " "
                                        {move || t_string!(i18n, admin.and_more, count = format::number(more, i18n.get_locale())).to_string()}
                                    })}
                                </p>
                            }.into_any(),
                            None => view! { <p>{t!(i18n, admin.take_control_no_people)}</p> }.into_any(),
                        },
                        Err(failure) => view! { <p class="form-error" role="alert">{errors::describe(i18n, &failure)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            {move || take.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
        </ConfirmDialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_api::licenses::LicensedPerson;

    fn page(names: &[&str], total: i64) -> LicensedPeoplePage {
        let people = names
            .iter()
            .map(|n| LicensedPerson {
                user_id: n.to_lowercase(),
                display_name: (*n).into(),
                email: format!("{}@contoso.example", n.to_lowercase()),
                assigned_at: "2026-11-01T00:00:00Z".into(),
            })
            .collect();
        LicensedPeoplePage { people, total_matching: total, offset: 0, limit: NAMED }
    }

    #[test]
    fn the_confirmation_names_the_first_page_and_counts_the_rest() {
        assert_eq!(
            people_named(&page(&["Megan Bowen", "Alex Wilber"], 2)),
            Some(("Megan Bowen, Alex Wilber".into(), 0))
        );
        assert_eq!(people_named(&page(&["Søren Ørsted"], 13)), Some(("Søren Ørsted".into(), 12)));
        assert_eq!(people_named(&page(&[], 0)), None);
    }
}
