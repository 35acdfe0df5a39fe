//! Buying a trial: it becomes a paid, renewing subscription.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use portal_api::ErrorBody;
use portal_api::notices::NoticeKind;
use portal_api::purchases::BuyTrialRequest;
use portal_api::self_service::SelfServicePolicy;
use portal_api::subscriptions::Subscription;
use serde_json::json;

use crate::charges::{self, card_today};
use crate::db;
use crate::db::notices::Recipients;
use crate::db::subscriptions::TrialBought;
use crate::error::{ApiJson, AppError};
use crate::idempotency::{self, IdempotencyKey};
use crate::lifecycle::{self, SelfService, allowed_by_policy};
use crate::renewals::Settled;
use crate::routes::subscriptions::{Mine, answer, lock_mine, readable};
use crate::state::AppState;
use crate::take_control::Change;

/// Buys a trial: it becomes a paid, renewing subscription with a new term from today, charged
/// now. Also works for a trial that has expired. Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/subscriptions/{id}/purchase", tag = "subscriptions",
    params(("id" = String, Path, description = "Subscription id (a trial)"),
        ("Idempotency-Key" = String, Header, description = "A new key per purchase; reuse it to retry")),
    request_body = BuyTrialRequest,
    responses(
        (status = 200, description = "Bought", body = Subscription),
        (status = 402, description = "The card was declined; nothing changed", body = ErrorBody),
        (status = 403, description = "`read_only` for an admin; `managed_by_admin` for its purchaser after Take control; or the policy does not allow buying it now (trials_only, not_allowed_for_self_service)", body = ErrorBody),
        (status = 404, description = "No such subscription for this person", body = ErrorBody),
        (status = 409, description = "Not a trial, or fewer licenses than are assigned", body = ErrorBody),
        (status = 422, description = "Out of range, or an invalid card", body = ErrorBody),
    ))]
pub async fn buy_trial(
    State(state): State<AppState>,
    Settled(user): Settled,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<BuyTrialRequest>,
) -> Result<Response, AppError> {
    request.payment.validate(card_today(&state))?;
    let fingerprint = idempotency::fingerprint(
        &format!("POST /subscriptions/{id}/purchase"),
        &json!({ "licenses": request.licenses, "payment": idempotency::redacted_payment(&request.payment) }),
    );
    let gateway_key = key.for_gateway(&user.0.user_id);
    idempotency::once(&state, &user.0.user_id, &key, &fingerprint, StatusCode::OK, async {
        // Who may buy it is answered first; then a new card goes to the gateway before the
        // lock is taken, so nothing waits for it.
        readable(&state, &user, &id, Change::ByPurchaser).await?;
        let card = charges::card_for(&state, &user, &request.payment).await?;
        let Mine { mut tx, s, tax_rate_bp } = lock_mine(&state, &user, &id, Change::ByPurchaser, &gateway_key).await?;
        // Buying a trial is buying: the product's policy now must allow it.
        let policy = db::products::offered(&mut *tx, &s.organization_id, &s.product_id).await?.map(|p| p.policy);
        allowed_by_policy(policy.unwrap_or(SelfServicePolicy::DoNotAllow), SelfService::Buying)?;
        let (today, now) = (state.clock.today(), state.clock.now_unix());
        let bought = lifecycle::trial_purchase(&s, request.licenses, tax_rate_bp, today)?;
        let price = &bought.price.total;
        tx = charges::charge_unlocked(&state, tx, &s, card.token(), price, &gateway_key, request.licenses).await?;
        let payment_method_id = card.save(&mut tx, &state, &user).await?;
        let change = TrialBought {
            total_licenses: request.licenses,
            payment_method_id: &payment_method_id,
            started_on: today,
            term_end_date: bought.term_end_date,
        };
        db::subscriptions::buy_trial(&mut tx, &s.id, change, now).await?;
        charges::invoice(&mut tx, &s, today, s.product_name.clone(), request.licenses, &bought.price).await?;
        // Buying a trial is a new purchase: every admin hears of it.
        let (org, kind) = (&s.organization_id, NoticeKind::Purchase);
        db::notices::notify(&mut tx, org, Recipients::Admins, kind, &s.id, &s.product_id, &user.0.user_id, now).await?;
        let after = serde_json::json!({ "total_licenses": request.licenses, "charged_minor": bought.price.total.amount_minor,
                                        "currency": bought.price.total.currency, "term_end_date": bought.term_end_date.to_string() });
        answer(tx, &s, &user, "subscription.trial_bought", after, now).await
    })
    .await
}
