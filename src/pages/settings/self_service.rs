//! Settings > Self-service (`/settings/self-service`, admins): for each product of the catalog
//! Allow, Allow for trials only or Do not allow, who changed it and when, and the default for
//! products added later. Save asks first, saying that changes apply to new purchases and trials
//! only; choices not saved yet stay on the page whatever the server answers.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use portal_api::self_service::{PolicyChange, PolicyList, ProductPolicyChange, SelfServicePolicy};

use super::confirm_policies::ConfirmPolicies;
use crate::api;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::format;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A policy in the admin center's words.
pub fn policy_label(i18n: I18n, policy: SelfServicePolicy) -> &'static str {
    match policy {
        SelfServicePolicy::Allow => t_string!(i18n, self_service.policy_allow),
        SelfServicePolicy::TrialsOnly => t_string!(i18n, self_service.policy_trials_only),
        SelfServicePolicy::DoNotAllow => t_string!(i18n, self_service.policy_do_not_allow),
    }
}

/// What the admin has chosen on the page: the default and each product's policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    /// For products added later.
    pub default_policy: SelfServicePolicy,
    /// By product id.
    pub products: BTreeMap<String, SelfServicePolicy>,
}

impl Choices {
    /// The choices as saved.
    pub fn saved(list: &PolicyList) -> Self {
        Self {
            default_policy: list.default_policy,
            products: list.products.iter().map(|p| (p.product_id.clone(), p.policy)).collect(),
        }
    }

    /// What Save sends: only what differs from `saved`, products in the page's order.
    pub fn changes(&self, saved: &PolicyList) -> PolicyChange {
        PolicyChange {
            default_policy: (self.default_policy != saved.default_policy).then_some(self.default_policy),
            products: saved
                .products
                .iter()
                .filter_map(|p| {
                    let chosen = *self.products.get(&p.product_id)?;
                    (chosen != p.policy)
                        .then(|| ProductPolicyChange { product_id: p.product_id.clone(), policy: chosen })
                })
                .collect(),
        }
    }
}

/// How many settings a change touches.
pub fn change_count(change: &PolicyChange) -> usize {
    change.products.len() + usize::from(change.default_policy.is_some())
}

/// The Self-service settings page.
#[component]
pub fn SelfServiceSettings() -> impl IntoView {
    let i18n = use_i18n();
    let policies = LocalResource::new(api::self_service::policies);
    view! {
        <Page title=move || t_string!(i18n, self_service.settings_title)>
            <p class="intro">{t!(i18n, self_service.settings_intro)}</p>
            <Loaded resource=policies let:list>
                <PolicyForm list />
            </Loaded>
        </Page>
    }
}

/// The choices, Save and Discard, and the confirmation Save opens.
#[component]
fn PolicyForm(list: PolicyList) -> impl IntoView {
    let i18n = use_i18n();
    let choices = RwSignal::new(Choices::saved(&list));
    let saved = RwSignal::new(list);
    let changes = Memo::new(move |_| saved.with(|saved| choices.with(|c| c.changes(saved))));
    let message = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if change_count(&changes.get_untracked()) == 0 {
            message.set(Some(t_string!(i18n, self_service.nothing_to_save).to_string()));
        } else {
            message.set(None);
            confirming.set(true);
        }
    };
    let on_saved = Callback::new(move |list: PolicyList| {
        choices.set(Choices::saved(&list));
        saved.set(list);
        confirming.set(false);
        message.set(Some(t_string!(i18n, self_service.saved).to_string()));
    });
    let discard = move |_| {
        saved.with_untracked(|list| choices.set(Choices::saved(list)));
        message.set(None);
    };
    let rows = move || {
        saved.with(|list| {
            list.products
                .iter()
                .map(|p| {
                    let id = p.product_id.clone();
                    let changed = p.changed_by_name.clone().zip(p.changed_at.clone());
                    let follows = p.follows_default;
                    let chosen = Signal::derive({
                        let id = id.clone();
                        move || choices.with(|c| c.products.get(&id).copied().unwrap_or(SelfServicePolicy::Allow))
                    });
                    let on_choose = Callback::new(move |policy| {
                        choices.update(|c| {
                            c.products.insert(id.clone(), policy);
                        })
                    });
                    view! {
                        <PolicyChoice name=p.product_name.clone() group=format!("policy-{}", p.product_id) chosen on_choose>
                            <ChangedBy changed follows />
                        </PolicyChoice>
                    }
                })
                .collect_view()
        })
    };
    let default_changed = move || saved.with(|l| l.default_changed_by_name.clone().zip(l.default_changed_at.clone()));
    view! {
        <form class="policy-form" on:submit=on_submit novalidate>
            <p class="note">{t!(i18n, self_service.applies_note)}</p>
            <h2>{t!(i18n, self_service.products_heading)}</h2>
            <div class="policy-list">{rows}</div>
            <h2>{t!(i18n, self_service.default_heading)}</h2>
            <p class="hint">{t!(i18n, self_service.default_intro)}</p>
            <PolicyChoice
                name=move || t_string!(i18n, self_service.default_label)
                group="policy-default".to_owned()
                chosen=Signal::derive(move || choices.with(|c| c.default_policy))
                on_choose=Callback::new(move |policy| choices.update(|c| c.default_policy = policy))
            >
                {move || view! { <ChangedBy changed=default_changed() follows=false /> }}
            </PolicyChoice>
            <div class="status-line" role="status">
                {move || {
                    let count = change_count(&changes.get());
                    (count > 0).then(|| view! { <p class="hint">{t_string!(i18n, self_service.unsaved, count = count).to_string()}</p> })
                }}
                {move || message.get().map(|text| view! { <p class="success">{text}</p> })}
            </div>
            <div class="pane-actions">
                <button type="submit" class="button primary" id="policy-save">{t!(i18n, self_service.save)}</button>
                <button type="button" class="button" on:click=discard>{t!(i18n, self_service.discard)}</button>
            </div>
        </form>
        <Show when=move || confirming.get()>
            <ConfirmPolicies
                change=changes.get_untracked()
                saved=saved.get_untracked()
                on_saved
                on_cancel=Callback::new(move |()| confirming.set(false))
            />
        </Show>
    }
}

/// One setting: a radio group of the three policies, named by what it is for (the product).
#[component]
fn PolicyChoice(
    /// The group's name: the product's, or the default's label.
    #[prop(into)]
    name: TextProp,
    /// The radio inputs' `name`.
    group: String,
    chosen: Signal<SelfServicePolicy>,
    on_choose: Callback<SelfServicePolicy>,
    /// Who changed it and when.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let radios = SelfServicePolicy::ALL
        .into_iter()
        .map(|policy| {
            let group = group.clone();
            view! {
                <label class="radio">
                    <input
                        type="radio"
                        name=group
                        value=policy.as_str()
                        prop:checked=move || chosen.get() == policy
                        on:change=move |_| on_choose.run(policy)
                    />
                    {move || policy_label(i18n, policy)}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="policy-choice">
            <legend>{move || name.get()}</legend>
            <div class="radios">{radios}</div>
            <p class="hint">{children()}</p>
        </fieldset>
    }
}

/// "Changed by Adele Vance on 1 Dec 2026, 14:05", "Follows the default" or "Not changed yet".
#[component]
fn ChangedBy(changed: Option<(String, String)>, follows: bool) -> impl IntoView {
    let i18n = use_i18n();
    move || match (&changed, follows) {
        (Some((name, at)), _) => {
            let date = format::date_time(at, i18n.get_locale());
            t_string!(i18n, self_service.changed_by, name = name.clone(), date = date).to_string()
        }
        (None, true) => t_string!(i18n, self_service.follows_default).to_string(),
        (None, false) => t_string!(i18n, self_service.never_changed).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use portal_api::self_service::ProductPolicy;

    use super::*;

    fn list() -> PolicyList {
        let product = |id: &str, policy| ProductPolicy {
            product_id: id.into(),
            product_name: id.into(),
            policy,
            follows_default: false,
            changed_by_name: None,
            changed_at: None,
        };
        PolicyList {
            default_policy: SelfServicePolicy::Allow,
            default_changed_by_name: None,
            default_changed_at: None,
            products: vec![
                product("visio", SelfServicePolicy::Allow),
                product("project", SelfServicePolicy::DoNotAllow),
            ],
        }
    }

    #[test]
    fn nothing_chosen_sends_nothing() {
        let saved = list();
        let change = Choices::saved(&saved).changes(&saved);
        assert_eq!(change, PolicyChange { default_policy: None, products: vec![] });
        assert_eq!(change_count(&change), 0);
    }

    #[test]
    fn only_what_differs_from_the_saved_settings_is_sent() {
        let saved = list();
        let mut choices = Choices::saved(&saved);
        choices.products.insert("visio".into(), SelfServicePolicy::TrialsOnly);
        choices.products.insert("project".into(), SelfServicePolicy::DoNotAllow);
        choices.default_policy = SelfServicePolicy::DoNotAllow;
        let change = choices.changes(&saved);
        assert_eq!(change.default_policy, Some(SelfServicePolicy::DoNotAllow));
        assert_eq!(
            change.products,
            vec![ProductPolicyChange { product_id: "visio".into(), policy: SelfServicePolicy::TrialsOnly }]
        );
        assert_eq!(change_count(&change), 2);
        assert_eq!(change.validate(), Ok(()));
    }

    #[test]
    fn choosing_the_saved_value_again_is_no_change() {
        let saved = list();
        let mut choices = Choices::saved(&saved);
        choices.products.insert("visio".into(), SelfServicePolicy::DoNotAllow);
        choices.products.insert("visio".into(), SelfServicePolicy::Allow);
        assert_eq!(change_count(&choices.changes(&saved)), 0);
    }
}
