//! Help: the self-service purchases FAQ and how to reach support.

use leptos::prelude::*;

use crate::components::page::Page;
use crate::config::RuntimeConfig;
use crate::i18n::*;

/// The Help page.
#[component]
pub fn Help() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_context::<RuntimeConfig>();
    let admin_center = config.as_ref().map(|c| c.cloud).unwrap_or_default().admin_center();
    let support_email = config.map(|c| c.support_email).unwrap_or_default();
    view! {
        <Page title=move || t_string!(i18n, help.title)>
            <section aria-labelledby="faq-title">
                <h2 id="faq-title">{t!(i18n, help.faq_title)}</h2>
                <dl class="faq">
                    <dt>{t!(i18n, help.q_who_pays)}</dt>
                    <dd>{t!(i18n, help.a_who_pays)}</dd>
                    <dt>{t!(i18n, help.q_admin_view)}</dt>
                    <dd>{t!(i18n, help.a_admin_view)}</dd>
                    <dt>{t!(i18n, help.q_who_can_get)}</dt>
                    <dd>{t!(i18n, help.a_who_can_get)}</dd>
                    <dt>{t!(i18n, help.q_change_total)}</dt>
                    <dd>{t!(i18n, help.a_change_total)}</dd>
                    <dt>{t!(i18n, help.q_no_invoices)}</dt>
                    <dd>{t!(i18n, help.a_no_invoices)}</dd>
                </dl>
            </section>
            <section aria-labelledby="contact-title">
                <h2 id="contact-title">{t!(i18n, help.contact_title)}</h2>
                <p>{t!(i18n, help.contact_body)}</p>
                <p>
                    {t!(i18n, help.admin_center)} " "
                    <a href=admin_center>{admin_center.trim_start_matches("https://").trim_end_matches('/')}</a>
                </p>
                <p>
                    <a class="button" href=format!("mailto:{support_email}")>{t!(i18n, help.email_support)}</a>
                    " " <span class="support-address">{support_email.clone()}</span>
                </p>
            </section>
        </Page>
    }
}
