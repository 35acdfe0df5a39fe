//! The right-hand pane the portal's actions open in (Buy licenses, Cancel subscription…):
//! a modal dialog with its heading, a Close button and its content.
//!
//! Focus moves into the pane when it opens (to its first field, or its heading), Tab and
//! Shift+Tab stay inside it, Escape closes it, and closing returns focus to where it was
//! (the button that opened it; give it an id, so focus finds it even if its row is redrawn).

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use wasm_bindgen::JsCast;

use crate::i18n::*;

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex='0']";

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
    let opener = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let opener = StoredValue::new_local(opener);
    on_cleanup(move || {
        let Some(Some(element)) = opener.try_get_value() else { return };
        // After the change the pane made, the opener's row may have been drawn anew: then
        // focus the new element with the opener's id.
        request_animation_frame(move || {
            let target = if element.is_connected() {
                Some(element)
            } else {
                let id = element.id();
                web_sys::window()
                    .and_then(|w| w.document())
                    .filter(|_| !id.is_empty())
                    .and_then(|d| d.get_element_by_id(&id))
            };
            if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = element.focus();
            }
        });
    });
    Effect::new(move || {
        let Some(pane) = pane.get() else { return };
        let first = pane
            .query_selector(".pane-body input:not([disabled]), .pane-body select, .pane-body textarea")
            .ok()
            .flatten()
            .or_else(|| pane.query_selector("h2").ok().flatten());
        if let Some(element) = first.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_close.run(());
        } else if ev.key() == "Tab"
            && let Some(pane) = pane.get_untracked()
        {
            keep_focus_inside(&pane, &ev);
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

/// Tab from the last focusable element goes to the first, Shift+Tab from the first to the last.
fn keep_focus_inside(pane: &web_sys::HtmlElement, ev: &web_sys::KeyboardEvent) {
    let Ok(list) = pane.query_selector_all(FOCUSABLE) else { return };
    let elements: Vec<web_sys::HtmlElement> =
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect();
    let (Some(first), Some(last)) = (elements.first(), elements.last()) else { return };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let is = |element: &web_sys::HtmlElement| {
        active.as_ref().is_some_and(|a| a == element.unchecked_ref::<web_sys::Element>())
    };
    let inside = active.as_ref().is_some_and(|a| pane.contains(Some(a)));
    if ev.shift_key() && (is(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (is(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
