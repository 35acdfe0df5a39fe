//! A small centered confirmation dialog (Unassign licenses): a WAI-ARIA alertdialog.
//!
//! Focus goes to Cancel, the choice that changes nothing, when it opens; Tab and Shift+Tab
//! stay inside it; Escape cancels; closing returns focus to where it was (the rules in `focus`,
//! the same as the pane's).

use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::components::focus::{keep_tab_inside, return_focus_on_cleanup};

/// A modal confirmation. Render it only while it is open (inside `<Show>`).
#[component]
pub fn ConfirmDialog(
    /// A unique id; the heading's and message's ids derive from it.
    id: &'static str,
    /// The heading, also the dialog's accessible name.
    #[prop(into)]
    title: TextProp,
    /// The confirm button's label, e.g. "Unassign".
    #[prop(into)]
    confirm_label: TextProp,
    /// The cancel button's label.
    #[prop(into)]
    cancel_label: TextProp,
    /// Shows "Working…" on the confirm button and ignores further clicks.
    working: Signal<bool>,
    /// The label while working.
    #[prop(into)]
    working_label: TextProp,
    /// Runs when the person confirms.
    on_confirm: Callback<()>,
    /// Runs when the person cancels (Cancel, Escape).
    on_cancel: Callback<()>,
    /// What confirming does, and any error.
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Div>::new();
    let cancel = NodeRef::<leptos::html::Button>::new();
    return_focus_on_cleanup();
    Effect::new(move || {
        if let Some(button) = cancel.get() {
            let _ = button.focus();
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_cancel.run(());
        } else if ev.key() == "Tab"
            && let Some(dialog) = dialog.get_untracked()
        {
            keep_tab_inside(&dialog, &ev);
        }
    };
    let title_id = format!("{id}-title");
    let body_id = format!("{id}-body");
    let (labelled_by, described_by) = (title_id.clone(), body_id.clone());
    view! {
        <div class="dialog-backdrop"></div>
        <div
            class="confirm-dialog"
            role="alertdialog"
            aria-modal="true"
            aria-labelledby=labelled_by
            aria-describedby=described_by
            node_ref=dialog
            on:keydown=on_keydown
        >
            <h2 id=title_id>{move || title.get()}</h2>
            <div id=body_id>{children()}</div>
            <div class="dialog-actions">
                <button
                    type="button"
                    class="button primary"
                    aria-disabled=move || working.get().to_string()
                    on:click=move |_| {
                        if !working.get_untracked() {
                            on_confirm.run(());
                        }
                    }
                >
                    {move || if working.get() { working_label.get() } else { confirm_label.get() }}
                </button>
                <button type="button" class="button" node_ref=cancel on:click=move |_| on_cancel.run(())>
                    {move || cancel_label.get()}
                </button>
            </div>
        </div>
    }
}
