//! Notices (`/notices`): what concerns the signed-in person, newest first, read or unread (new
//! purchases, trials and license requests for admins; answers and take-overs for the people they
//! concern), each linking to its subscription or request; Mark as read and Mark all as read keep
//! the count in the navigation in step.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::notices::{Notice, NoticeKind, NoticeList};

use crate::api::{self, ApiFailure};
use crate::components::focus::focus_element;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::components::status_line::StatusLine;
use crate::components::when::When;
use crate::errors;
use crate::i18n::*;
use crate::routes::paths;
use crate::session::Session;

type I18n = leptos_i18n::I18nContext<Locale>;

/// What a notice says happened, in the person's language.
pub fn notice_text(i18n: I18n, notice: &Notice) -> String {
    let (actor, product) = (notice.actor_name.clone(), notice.product_name.clone());
    match notice.kind {
        NoticeKind::Purchase => t_string!(i18n, self_service.notice_purchase, actor = actor, product = product),
        NoticeKind::Trial => t_string!(i18n, self_service.notice_trial, actor = actor, product = product),
        NoticeKind::LicenseRequest => {
            t_string!(i18n, self_service.notice_license_request, actor = actor, product = product)
        }
        NoticeKind::TakenOver => t_string!(i18n, self_service.notice_taken_over, actor = actor, product = product),
        NoticeKind::UsersMoved => t_string!(i18n, self_service.notice_users_moved, actor = actor, product = product),
        NoticeKind::RequestAnswered => {
            t_string!(i18n, self_service.notice_request_answered, actor = actor, product = product)
        }
    }
    .to_string()
}

/// Where a notice leads: its subscription's details page, or its request.
pub fn notice_link(notice: &Notice) -> String {
    match notice.kind {
        NoticeKind::Purchase | NoticeKind::Trial | NoticeKind::TakenOver | NoticeKind::UsersMoved => {
            paths::subscription(&notice.subject_id)
        }
        NoticeKind::LicenseRequest | NoticeKind::RequestAnswered => paths::license_request(&notice.subject_id),
    }
}

/// The Notices page.
#[component]
pub fn NoticesPage() -> impl IntoView {
    let i18n = use_i18n();
    let notices = LocalResource::new(api::notices::list);
    view! {
        <Page title=move || t_string!(i18n, self_service.notices_title)>
            <p class="intro">{t!(i18n, self_service.notices_intro)}</p>
            <Loaded resource=notices let:list>
                <Notices list />
            </Loaded>
        </Page>
    }
}

#[component]
fn Notices(list: NoticeList) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    session.set_unread_notices(list.unread);
    let list = RwSignal::new(list);
    let message = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiFailure>);
    // Which notice was marked (its item takes focus, as its button goes); `None`: all of them.
    let marked = StoredValue::new(None::<String>);
    let mark = Action::new_local(move |ids: &Vec<String>| api::notices::mark_read(ids.clone()));
    Effect::new(move || {
        let Some(answer) = mark.value().get() else { return };
        match answer {
            Ok(updated) => {
                session.set_unread_notices(updated.unread);
                failure.set(None);
                let all = marked.get_value().is_none();
                list.set(updated);
                if all {
                    message.set(Some(t_string!(i18n, self_service.all_read).to_string()));
                } else if let Some(id) = marked.get_value() {
                    request_animation_frame(move || {
                        focus_element(
                            web_sys::window()
                                .and_then(|w| w.document())
                                .and_then(|d| d.get_element_by_id(&format!("notice-{id}"))),
                        )
                    });
                }
            }
            Err(error) => failure.set(Some(error)),
        }
    });
    let pending = mark.pending();
    let mark_all = move |_| {
        if !pending.get_untracked() && list.with_untracked(|l| l.unread > 0) {
            marked.set_value(None);
            mark.dispatch_local(Vec::new());
        }
    };
    let mark_one = Callback::new(move |id: String| {
        if !pending.get_untracked() {
            marked.set_value(Some(id.clone()));
            mark.dispatch_local(vec![id]);
        }
    });
    view! {
        <div class="actions-bar">
            <button
                type="button"
                class="button"
                aria-disabled=move || (pending.get() || list.with(|l| l.unread == 0)).then_some("true")
                on:click=mark_all
            >
                {t!(i18n, self_service.mark_all_read)}
            </button>
        </div>
        <StatusLine message=message />
        {move || failure.get().map(|f| view! { <p class="form-error" role="alert">{errors::describe(i18n, &f)}</p> })}
        <Show
            when=move || list.with(|l| !l.notices.is_empty())
            fallback=move || view! { <p class="empty-state" role="status">{t!(i18n, self_service.no_notices)}</p> }
        >
            <ul class="notices" aria-label=move || t_string!(i18n, self_service.notices_title)>
                <For each=move || list.get().notices key=|n| (n.id.clone(), n.read) let:notice>
                    <NoticeItem notice mark_one />
                </For>
            </ul>
        </Show>
    }
}

/// One notice: what happened, who and when, where it leads, and Mark as read while unread.
#[component]
fn NoticeItem(notice: Notice, mark_one: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let text = {
        let notice = notice.clone();
        move || notice_text(i18n, &notice)
    };
    let link = notice_link(&notice);
    let link_label = match notice.kind {
        NoticeKind::LicenseRequest | NoticeKind::RequestAnswered => t!(i18n, self_service.open_request_link).into_any(),
        _ => t!(i18n, self_service.open_subscription).into_any(),
    };
    let unread = !notice.read;
    let id = notice.id.clone();
    let mark_label = {
        let notice = notice.clone();
        move || t_string!(i18n, self_service.mark_read_label, what = notice_text(i18n, &notice)).to_string()
    };
    view! {
        <li class="notice" class:unread=unread id=format!("notice-{}", notice.id) tabindex="-1">
            <p class="notice-text">
                {unread.then(|| view! { <span class="tag attention">{t!(i18n, self_service.unread)}</span> " " })}
                {text}
            </p>
            <p class="hint">
                <When at=notice.at.clone() />
                " · "
                <A href=link>{link_label}</A>
            </p>
            {unread.then(|| view! {
                <button type="button" class="button" aria-label=mark_label on:click=move |_| mark_one.run(id.clone())>
                    {t!(i18n, self_service.mark_read)}
                </button>
            })}
        </li>
    }
}
