//! How to pay: one of the person's saved cards, a new card typed inline, or (for a trial that
//! does not need one) no payment method. Also what the panes share when they send: the
//! payment to send, and where a failure is shown.

use leptos::prelude::*;
use portal_api::cards::CardBrand;
use portal_api::purchases::{Payment, PaymentMethod};
use portal_api::{ApiError, ErrorCode};

use crate::api::{self, ApiFailure};
use crate::components::card_form::{CardFields, CardForm, is_card_field, show_card_error, this_month};
use crate::components::loading::Loading;
use crate::errors;
use crate::i18n::*;

/// The person's choice in the payment method group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentPick {
    /// No payment method (a trial that does not need one).
    Nothing,
    /// A saved card, by its id.
    Saved(String),
    /// A new card, typed into the card form.
    NewCard,
}

/// The payment to send for a choice: `None` for no payment method; an error (with its field)
/// when no choice is made yet or the new card fails the checks the server makes too.
pub fn payment_for(pick: Option<PaymentPick>, card: &CardFields) -> Result<Option<Payment>, ApiError> {
    match pick {
        None => Err(ApiError::field(ErrorCode::PaymentMethodRequired, "payment", "Choose a payment method.")),
        Some(PaymentPick::Nothing) => Ok(None),
        Some(PaymentPick::Saved(payment_method_id)) => Ok(Some(Payment::SavedCard { payment_method_id })),
        Some(PaymentPick::NewCard) => {
            let input = card.to_input();
            input.validate(this_month())?;
            Ok(Some(Payment::NewCard(input)))
        }
    }
}

/// A problem with the whole request, shown above the pane's buttons.
#[derive(Debug, Clone, PartialEq)]
pub enum FormProblem {
    /// The request failed; the failure says why.
    Failure(ApiFailure),
    /// The key was already used for a different request: an earlier attempt whose answer was
    /// lost may have gone through.
    MaybeDone,
    /// The price shown is not (yet) the price of the licenses typed.
    CheckPrice,
    /// No payment method is chosen (or the saved one is gone).
    ChoosePayment,
}

/// The problem in the person's language.
pub fn problem_text(i18n: leptos_i18n::I18nContext<Locale>, problem: &FormProblem) -> String {
    match problem {
        FormProblem::Failure(failure) => errors::describe(i18n, failure),
        FormProblem::MaybeDone => t_string!(i18n, purchase.maybe_done).to_owned(),
        FormProblem::CheckPrice => t_string!(i18n, purchase.check_price).to_owned(),
        FormProblem::ChoosePayment => t_string!(i18n, errors.payment_method_required).to_owned(),
    }
}

/// Where a refused payment goes: a card field's error to that field (focused), anything
/// else to the form.
pub fn show_payment_error(
    error: ApiError,
    card_error: RwSignal<Option<ApiError>>,
    problem: RwSignal<Option<FormProblem>>,
) {
    if is_card_field(error.field.as_deref()) {
        show_card_error(card_error, error);
    } else if error.code == ErrorCode::PaymentMethodRequired {
        problem.set(Some(FormProblem::ChoosePayment));
    } else {
        problem.set(Some(FormProblem::Failure(ApiFailure::Api { status: 422, error })));
    }
}

/// Where a failed request goes: card field errors to their field, a reused key to its own
/// message, everything else (declined, network, timeout…) to the form. What was typed stays.
pub fn show_failure(
    failure: ApiFailure,
    new_card: bool,
    card_error: RwSignal<Option<ApiError>>,
    problem: RwSignal<Option<FormProblem>>,
) {
    match failure {
        ApiFailure::Api { error, .. } if new_card && is_card_field(error.field.as_deref()) => {
            show_payment_error(error, card_error, problem);
        }
        ApiFailure::Api { error, .. } if error.code == ErrorCode::IdempotencyKeyReused => {
            problem.set(Some(FormProblem::MaybeDone));
        }
        failure => problem.set(Some(FormProblem::Failure(failure))),
    }
}

/// What a checkout pane (Buy, Start free trial) keeps while it is open: the payment choice, the
/// new card as typed and its field's problem, and the problem shown above the buttons.
#[derive(Clone, Copy)]
pub struct Checkout {
    /// The payment method chosen; `None` until the saved cards have loaded.
    pub pick: RwSignal<Option<PaymentPick>>,
    /// The new card as typed.
    pub card: CardFields,
    /// A problem with a field of the new card.
    pub card_error: RwSignal<Option<ApiError>>,
    /// A problem with the whole request.
    pub problem: RwSignal<Option<FormProblem>>,
}

impl Checkout {
    /// Nothing chosen or typed yet.
    pub fn new() -> Self {
        Self {
            pick: RwSignal::new(None),
            card: CardFields::new(),
            card_error: RwSignal::new(None),
            problem: RwSignal::new(None),
        }
    }

    /// What to send as the payment (`Some(None)`: no payment method), or `None` once the pane
    /// shows why there is nothing to send: no choice, a new card that fails the checks, or no
    /// payment method where one is `required`.
    pub fn payment(&self, required: bool) -> Option<Option<Payment>> {
        match payment_for(self.pick.get_untracked(), &self.card) {
            Ok(None) if required => {
                self.problem.set(Some(FormProblem::ChoosePayment));
                None
            }
            Ok(payment) => Some(payment),
            Err(error) => {
                show_payment_error(error, self.card_error, self.problem);
                None
            }
        }
    }

    /// The problem with the whole request, in the person's language, for [`PaneButtons`].
    ///
    /// [`PaneButtons`]: crate::components::submit::PaneButtons
    pub fn problem_text(&self, i18n: leptos_i18n::I18nContext<Locale>) -> Signal<Option<String>> {
        let problem = self.problem;
        Signal::derive(move || problem.with(|p| p.as_ref().map(|p| problem_text(i18n, p))))
    }

    /// Shows a failed request where it belongs ([`show_failure`]).
    pub fn show_failure(&self, failure: ApiFailure) {
        let new_card = self.pick.try_get_untracked().flatten() == Some(PaymentPick::NewCard);
        show_failure(failure, new_card, self.card_error, self.problem);
    }
}

impl Default for Checkout {
    fn default() -> Self {
        Self::new()
    }
}

/// "Visa ending in 4242, expires 12/2029".
fn card_label(i18n: leptos_i18n::I18nContext<Locale>, card: &PaymentMethod) -> String {
    let brand = match card.brand {
        CardBrand::Visa => "Visa",
        CardBrand::Mastercard => "Mastercard",
        CardBrand::Amex => "American Express",
    };
    let expiry = format!("{:02}/{}", card.expiry_month, card.expiry_year);
    t_string!(i18n, purchase.saved_card, brand = brand, last4 = card.last4.clone(), expiry = expiry).to_string()
}

/// The payment method radio group and, when "Add a new card" is chosen, the card form. The
/// first choice is preselected: no payment method where that is allowed, else the newest
/// saved card, else a new card.
#[component]
pub fn PaymentChoice(
    /// The choice; `None` until the saved cards have loaded.
    pick: RwSignal<Option<PaymentPick>>,
    /// Whether "no payment method" is a choice (a trial that needs no card).
    allow_nothing: bool,
    /// The new card as typed.
    card: CardFields,
    /// A problem with a field of the new card.
    card_error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let saved = LocalResource::new(api::purchases::payment_methods);
    let radio = move |choice: PaymentPick, id: String, label: Signal<String>| {
        let checked = choice.clone();
        let label_for = id.clone();
        view! {
            <label for=label_for>
                <input
                    type="radio"
                    id=id
                    name="payment-method"
                    prop:checked=move || pick.with(|p| p.as_ref() == Some(&checked))
                    on:change=move |_| pick.set(Some(choice.clone()))
                />
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <fieldset class="choices payment-choice">
            <legend>{t!(i18n, purchase.payment_method)}</legend>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let (cards, failed) = match saved.await {
                        Ok(list) => (list.payment_methods, false),
                        Err(_) => (Vec::new(), true),
                    };
                    if pick.get_untracked().is_none() {
                        pick.set(Some(match cards.first() {
                            _ if allow_nothing => PaymentPick::Nothing,
                            Some(card) => PaymentPick::Saved(card.id.clone()),
                            None => PaymentPick::NewCard,
                        }));
                    }
                    view! {
                        {failed.then(|| view! { <p class="field-error">{t!(i18n, purchase.payment_methods_failed)}</p> })}
                        {allow_nothing
                            .then(|| {
                                radio(
                                    PaymentPick::Nothing,
                                    "payment-nothing".to_owned(),
                                    Signal::derive(move || t_string!(i18n, purchase.no_payment_method).to_owned()),
                                )
                            })}
                        {cards
                            .into_iter()
                            .map(|card| {
                                let id = format!("payment-{}", card.id);
                                let pick = PaymentPick::Saved(card.id.clone());
                                radio(pick, id, Signal::derive(move || card_label(i18n, &card)))
                            })
                            .collect_view()}
                        {radio(
                            PaymentPick::NewCard,
                            "payment-new-card".to_owned(),
                            Signal::derive(move || t_string!(i18n, purchase.new_card).to_owned()),
                        )}
                    }
                })}
            </Suspense>
        </fieldset>
        <Show when=move || pick.with(|p| p == &Some(PaymentPick::NewCard))>
            <CardForm fields=card error=card_error />
        </Show>
    }
}
