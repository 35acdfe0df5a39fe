//! The one way a pane saves: [`use_submit`] sends the pane's request as an `Action`, with the
//! pane's Idempotency-Key, a working flag, the error worded by [`crate::errors::describe`], and
//! what to do once it succeeded; [`SubmitButton`] is its button.
//!
//! ```ignore
//! let save = use_submit(
//!     move |key, total| api::subscriptions::change_licenses(&id, &key, total),
//!     move |changed| on_done.run(changed),
//! );
//! view! {
//!     <form on:submit=move |ev| { ev.prevent_default(); save.run(total.get_untracked()) }>
//!         …
//!         {move || save.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
//!         <SubmitButton label=move || t_string!(i18n, shell.save) working=save.working />
//!     </form>
//! }
//! ```
//!
//! **The Idempotency-Key policy** (README, "Money moves exactly once"): one key per pane, made
//! when the pane opens (when `use_submit` runs) and sent with every attempt; it is never
//! replaced while the pane is open.
//! - A double click sends nothing twice: `run` does nothing while a request is on its way.
//! - After a network failure or a timeout the request may have gone through, so Save again
//!   sends the same key: the server answers with the first attempt's result and changes
//!   nothing a second time.
//! - After a definite error from the API (a 4xx such as a declined card or a total out of
//!   range, or a 5xx), the request changed nothing and the server has released the key, so the
//!   corrected attempt reuses it and runs as new. The one error after which the key is not
//!   released is `idempotency_key_reused` (the key already served another request: an earlier
//!   attempt whose answer was lost went through); keeping the key is what then stops a second
//!   change, and the pane says the change may already be done.
//! - After success the pane's change is done: `working` stays true until the pane closes, so
//!   nothing can be sent again with the spent key. The next change is a new pane.
//!
//! Requests that carry no key (assigning licenses, signing in) use the same helper and ignore
//! the key they are given.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::api::{self, ApiFailure};
use crate::errors;
use crate::i18n::*;

type Route = Rc<dyn Fn(ApiFailure) -> Option<ApiFailure>>;

/// A pane's save: run it with the request's input; read `working` and `error`.
pub struct Submit<I: 'static> {
    action: Action<I, ()>,
    /// Whether a request is on its way, or the change is done (then until the pane closes).
    pub working: Signal<bool>,
    /// Why the last attempt failed, as it happened (`None` while there is no failure to show).
    pub failure: RwSignal<Option<ApiFailure>>,
    /// Why the last attempt failed, in the person's language.
    pub error: Signal<Option<String>>,
    route: StoredValue<Option<Route>, LocalStorage>,
}

impl<I: 'static> Clone for Submit<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Submit<I> {}

impl<I: Clone + Send + Sync + 'static> Submit<I> {
    /// Sends the request for `input`, unless one is on its way or the change is done. Clears
    /// the last error first.
    pub fn run(&self, input: I) {
        if self.working.get_untracked() {
            return; // a double click: the first click's request is on its way
        }
        self.failure.set(None);
        self.action.dispatch_local(input);
    }

    /// Forgets the last error (the person is correcting what they typed).
    pub fn clear_error(&self) {
        if self.failure.with_untracked(Option::is_some) {
            self.failure.set(None);
        }
    }

    /// Lets the pane show some failures itself, next to the field they are about: `route`
    /// gets each failure and returns what is left for `failure` and `error` (or `None`).
    pub fn route_failures(self, route: impl Fn(ApiFailure) -> Option<ApiFailure> + 'static) -> Self {
        self.route.set_value(Some(Rc::new(route)));
        self
    }
}

/// Makes a pane's save. `send` gets the pane's Idempotency-Key (see the module's policy) and
/// the input given to [`Submit::run`], and sends the request; `on_success` gets its answer.
pub fn use_submit<I, O, F, Fu>(send: F, on_success: impl Fn(O) + 'static) -> Submit<I>
where
    I: Clone + Send + Sync + 'static,
    O: 'static,
    F: Fn(String, I) -> Fu + 'static,
    Fu: Future<Output = Result<O, ApiFailure>> + 'static,
{
    let i18n = use_i18n();
    let key = StoredValue::new(api::new_idempotency_key());
    let done = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let route = StoredValue::new_local(None::<Route>);
    let on_success = Rc::new(on_success);
    let action = Action::new_local(move |input: &I| {
        let request = send(key.get_value(), input.clone());
        let on_success = Rc::clone(&on_success);
        async move {
            match request.await {
                Ok(answer) => {
                    done.try_set(true);
                    on_success(answer);
                }
                Err(failed) => {
                    let left = match route.try_get_value().flatten() {
                        Some(route) => route(failed),
                        None => Some(failed),
                    };
                    failure.try_set(left);
                }
            }
        }
    });
    let pending = action.pending();
    Submit {
        action,
        working: Signal::derive(move || pending.get() || done.get()),
        failure,
        error: Signal::derive(move || failure.with(|f| f.as_ref().map(|f| errors::describe(i18n, f)))),
        route,
    }
}

/// A pane's primary button: "Working…" while its request is on its way (and then
/// `aria-disabled`, so focus stays on it), disabled while there is nothing to send.
#[component]
pub fn SubmitButton(
    /// The label, e.g. "Save".
    #[prop(into)]
    label: TextProp,
    /// `Submit::working`.
    working: Signal<bool>,
    /// Whether there is nothing to send yet (ignored while working).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Runs on click; without it the button submits its form.
    #[prop(optional)]
    on_click: Option<Callback<()>>,
    /// The label while working, if not "Working…" (e.g. "Signing in…").
    #[prop(optional, into)]
    working_label: Option<TextProp>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type=if on_click.is_some() { "button" } else { "submit" }
            class="button primary"
            disabled=move || disabled.get() && !working.get()
            aria-disabled=move || working.get().then_some("true")
            on:click=move |ev| {
                if let Some(on_click) = on_click {
                    ev.prevent_default();
                    on_click.run(());
                }
            }
        >
            {move || match (working.get(), &working_label) {
                (true, Some(working_label)) => working_label.get().to_string(),
                (true, None) => t_string!(i18n, shell.working).to_owned(),
                (false, _) => label.get().to_string(),
            }}
        </button>
    }
}

/// A pane's last lines: why the last attempt failed, when it did, then the pane's button
/// (`children`, a [`SubmitButton`]) and the button that leaves (Cancel or Close).
#[component]
pub fn PaneButtons(
    /// The problem to show above the buttons (`Submit::error`, or the pane's own).
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The other button's label ("Cancel", "Close").
    #[prop(into)]
    leave_label: TextProp,
    /// Leaves the pane (or the form).
    on_leave: Callback<()>,
    /// The pane's own button.
    children: Children,
) -> impl IntoView {
    view! {
        {move || error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
        <div class="pane-actions">
            {children()}
            <button type="button" class="button" on:click=move |_| on_leave.run(())>
                {move || leave_label.get()}
            </button>
        </div>
    }
}
