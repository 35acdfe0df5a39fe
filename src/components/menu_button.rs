//! A WAI-ARIA menu button, the one way the portal offers a menu: a row's More actions (three
//! dots) and the seed's drop-downs ("Add a payment method ▾"). Enter, Space or ArrowDown opens it
//! on the first item, ArrowUp on the last; arrows, Home and End move; Escape closes it and returns
//! to the button; Tab closes it; choosing an item closes it first, so whatever the item opens
//! returns focus to the button when it closes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One action in the menu.
#[derive(Clone)]
pub struct MenuAction {
    /// Its label, in the person's language.
    pub label: Signal<&'static str>,
    /// What choosing it does.
    pub run: Callback<()>,
}

/// The button and its menu. `label` names both for assistive technology: for a row's three dots
/// what they do ("More actions for Power BI Pro"), for a drop-down the words its button shows.
#[component]
pub fn MenuButton(
    /// A unique id for the menu; the button's is `{id}-button`.
    id: String,
    /// The button's class: `icon-button` for three dots, `button primary` for a drop-down.
    button_class: &'static str,
    /// What the button shows.
    shows: ViewFn,
    /// The accessible name of the button and the menu.
    #[prop(into)]
    label: Signal<String>,
    /// The menu opens below the button's left edge (a drop-down) instead of its right (a row's
    /// last column).
    #[prop(optional)]
    from_start: bool,
    /// The actions, in order.
    actions: Vec<MenuAction>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let menu = NodeRef::<leptos::html::Ul>::new();
    let actions = StoredValue::new(actions);
    let count = actions.with_value(Vec::len);
    let focus_item = move |index: usize| focus_item(menu, index);
    let open_at = move |index: usize| {
        open.set(true);
        // the menu renders on the next frame
        request_animation_frame(move || focus_item(index));
    };
    let close = move || {
        open.set(false);
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    let current = move || focused_item(menu);
    let menu_id = id.clone();
    let button_id = format!("{id}-button");
    let anchor = if from_start { "menu-anchor from-start" } else { "menu-anchor" };
    view! {
        <div class=anchor>
            <button
                type="button"
                class=button_class
                node_ref=button
                id=button_id
                aria-label=move || label.get()
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls=menu_id.clone()
                on:click=move |_| if open.get_untracked() { close() } else { open_at(0) }
                on:keydown=move |ev| match ev.key().as_str() {
                    "ArrowDown" => {
                        ev.prevent_default();
                        open_at(0);
                    }
                    "ArrowUp" => {
                        ev.prevent_default();
                        open_at(count.saturating_sub(1));
                    }
                    _ => {}
                }
            >
                {shows.run()}
            </button>
            <Show when=move || open.get()>
                <ul
                    class="menu"
                    role="menu"
                    id=id.clone()
                    aria-label=move || label.get()
                    node_ref=menu
                    on:keydown=move |ev| {
                        let key = ev.key();
                        match key.as_str() {
                            "ArrowDown" => focus_item((current() + 1) % count),
                            "ArrowUp" => focus_item((current() + count - 1) % count),
                            "Home" => focus_item(0),
                            "End" => focus_item(count - 1),
                            "Escape" => close(),
                            "Tab" => open.set(false),
                            _ => return,
                        }
                        if key != "Tab" {
                            ev.prevent_default();
                        }
                    }
                >
                    {actions
                        .get_value()
                        .into_iter()
                        .map(|action| {
                            view! {
                                <li role="none">
                                    <button
                                        type="button"
                                        role="menuitem"
                                        tabindex="-1"
                                        on:click=move |_| {
                                            close();
                                            action.run.run(());
                                        }
                                    >
                                        {move || action.label.get()}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </Show>
        </div>
    }
}

/// Focuses the menu's `index`th item.
fn focus_item(menu: NodeRef<leptos::html::Ul>, index: usize) {
    if let Some(menu) = menu.get_untracked()
        && let Ok(items) = menu.query_selector_all("[role=menuitem]")
        && let Some(item) = items.item(index as u32).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = item.focus();
    }
}

/// Which of the menu's items has focus (the first when none has).
fn focused_item(menu: NodeRef<leptos::html::Ul>) -> usize {
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let Some(menu) = menu.get_untracked() else { return 0 };
    let Ok(items) = menu.query_selector_all("[role=menuitem]") else { return 0 };
    (0..items.length())
        .find(|i| items.item(*i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) == active)
        .unwrap_or(0) as usize
}
