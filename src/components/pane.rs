//! The right-hand pane the portal's actions open in (Buy licenses, Cancel subscription…):
//! a modal dialog with its heading, a Close button and its content.
//!
//! Focus moves into the pane when it opens (to its first field, or its heading), Tab and
//! Shift+Tab stay inside it, Escape closes it, and closing returns focus to where it was
//! (the button that opened it; give it an id, so focus finds it even if its row is redrawn),
//! by the rules in `focus`.

use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::components::focus::{focus_element, focus_node, keep_tab_inside, return_focus_on_cleanup};
use crate::i18n::*;

/// A modal pane. Render it only while it is open (inside `<Show>`); `on_close` closes it.
#[component]
pub fn Pane(
    /// The pane's heading, also its accessible name.
    #[prop(into)]
    title: TextProp,
    /// A unique id for the heading.
    id: &'static str,
    /// Closes the pane (Close button, Escape, a click outside).
    on_close: Callback<()>,
    /// The pane's content.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let pane = NodeRef::<leptos::html::Aside>::new();
    return_focus_on_cleanup();
    Effect::new(move || {
        let Some(pane) = pane.get() else { return };
        // On the next frame: a pane whose code has just arrived (its chunk) is drawn inside
        // Suspense and joins the page only after this runs, and a detached field takes no focus.
        request_animation_frame(move || {
            let first = pane
                .query_selector(".pane-body input:not([disabled]), .pane-body select, .pane-body textarea")
                .ok()
                .flatten()
                .or_else(|| pane.query_selector("h2").ok().flatten());
            focus_element(first);
        });
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_close.run(());
        } else if ev.key() == "Tab"
            && let Some(pane) = pane.get_untracked()
        {
            keep_tab_inside(&pane, &ev);
        }
    };
    let heading_id = format!("{id}-title");
    let labelled_by = heading_id.clone();
    view! {
        <div class="pane-backdrop" on:click=move |_| on_close.run(())></div>
        <aside
            class="pane"
            role="dialog"
            aria-modal="true"
            aria-labelledby=labelled_by
            node_ref=pane
            on:keydown=on_keydown
        >
            <header class="pane-header">
                <h2 id=heading_id tabindex="-1">{move || title.get()}</h2>
                <button
                    type="button"
                    class="icon-button"
                    aria-label=move || t_string!(i18n, shell.close)
                    on:click=move |_| on_close.run(())
                >
                    <span aria-hidden="true">"×"</span>
                </button>
            </header>
            <div class="pane-body">{children()}</div>
        </aside>
    }
}

/// What a pane shows once its change is done: the sentence saying so (announced), anything
/// more (`children`, such as a link), and Close, which takes focus.
#[component]
pub fn PaneDone(
    /// What happened.
    text: String,
    /// Closes the pane.
    on_close: Callback<()>,
    /// Shown between the sentence and Close.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let close_button = NodeRef::<leptos::html::Button>::new();
    // On the next frame: the button is in the page by then.
    request_animation_frame(move || focus_node(close_button));
    view! {
        <p class="success" role="status">{text}</p>
        {children.map(|children| children())}
        <div class="pane-actions">
            <button type="button" class="button primary" node_ref=close_button on:click=move |_| on_close.run(())>
                {t!(i18n, shell.close)}
            </button>
        </div>
    }
}
