//! Where keyboard focus goes, one set of rules for every modal (the pane and the confirmation
//! dialog): Tab and Shift+Tab stay inside it, and when it closes focus returns to where it
//! was, even if that button's row was drawn anew while it was open.

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What Tab can reach inside a modal.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex='0']";

fn active_element() -> Option<web_sys::Element> {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element())
}

/// Moves focus to an element, if it is there (and can take focus).
pub fn focus_element(element: Option<web_sys::Element>) {
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// Moves focus to the element with this id, if it is rendered.
pub fn focus_id(id: &str) {
    focus_element(web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)));
}

/// Moves focus to what `node` holds, if it is rendered.
pub fn focus_node<E>(node: NodeRef<E>)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    focus_element(node.get_untracked().map(|e| e.unchecked_into()));
}

/// Remembers what has focus now (the button that opened the modal) and gives focus back to it
/// when the calling component is cleaned up. When that element has been replaced by one with
/// the same id (its row was redrawn after the change the modal made), the new one gets it: give
/// openers an id.
pub fn return_focus_on_cleanup() {
    let opener = StoredValue::new_local(active_element());
    on_cleanup(move || {
        let Some(Some(element)) = opener.try_get_value() else { return };
        // On the next frame: the modal's closing redraws what is behind it first.
        request_animation_frame(move || {
            let id = element.id();
            let target = if element.is_connected() {
                Some(element)
            } else {
                web_sys::window()
                    .and_then(|w| w.document())
                    .filter(|_| !id.is_empty())
                    .and_then(|d| d.get_element_by_id(&id))
            };
            focus_element(target);
        });
    });
}

/// On Tab, keeps focus inside `modal`: Tab from the last focusable element goes to the first,
/// Shift+Tab from the first to the last, and Tab from outside comes back in.
pub fn keep_tab_inside(modal: &web_sys::HtmlElement, ev: &web_sys::KeyboardEvent) {
    let Ok(list) = modal.query_selector_all(FOCUSABLE) else { return };
    let elements: Vec<web_sys::HtmlElement> =
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect();
    let (Some(first), Some(last)) = (elements.first(), elements.last()) else { return };
    let active = active_element();
    let is = |element: &web_sys::HtmlElement| {
        active.as_ref().is_some_and(|a| a == element.unchecked_ref::<web_sys::Element>())
    };
    let inside = active.as_ref().is_some_and(|a| modal.contains(Some(a)));
    if ev.shift_key() && (is(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (is(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
