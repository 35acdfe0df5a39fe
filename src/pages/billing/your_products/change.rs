//! What every pane that changes one subscription starts from: what it reads about the
//! subscription first (a quote, the people holding its licenses), and its save, which ends with
//! the subscription as changed and a sentence saying what happened.

use std::future::Future;

use leptos::prelude::*;
use portal_api::subscriptions::Subscription;

use crate::api::ApiFailure;
use crate::components::submit::{Submit, use_submit};

/// What the pane reads about the subscription as it opens: `load` gets the subscription's id.
pub fn use_subscription_read<T, F, Fut>(subscription: &Subscription, load: F) -> LocalResource<T>
where
    T: 'static,
    F: Fn(String) -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
{
    let id = subscription.id.clone();
    LocalResource::new(move || load(id.clone()))
}

/// The pane's save ([`use_submit`], with its key policy): `send` gets the subscription's id,
/// the key and the input; `done` turns the answer and the product's name into the subscription
/// as changed and the sentence saying so, which `on_done` then gets.
pub fn use_subscription_save<I, O, F, Fu>(
    subscription: &Subscription,
    send: F,
    done: impl Fn(O, String) -> (Subscription, String) + 'static,
    on_done: Callback<(Subscription, String)>,
) -> Submit<I>
where
    I: Clone + Send + Sync + 'static,
    O: 'static,
    F: Fn(String, String, I) -> Fu + 'static,
    Fu: Future<Output = Result<O, ApiFailure>> + 'static,
{
    let id = StoredValue::new(subscription.id.clone());
    let product = StoredValue::new(subscription.product_name.clone());
    use_submit(
        move |key, input| send(id.get_value(), key, input),
        move |answer| on_done.run(done(answer, product.get_value())),
    )
}
