//! Bills & payments > Invoices: the period control (Past 3 months, Past 6 months, Specify a
//! date range), the invoices of that period a page at a time, newest first.

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_router::components::A;
use portal_api::invoices::{Day, InvoiceList as InvoicePage, InvoicePeriod, InvoiceSummary};
use portal_api::{ApiError, ErrorCode};

use super::period::{self, InvoiceView, PAGE_SIZE, PERIODS, range_field, shown_rows};
use super::{I18n, status_text};
use crate::api::{self, ApiFailure};
use crate::components::data_table::DataTable;
use crate::components::focus::focus_id;
use crate::components::loaded::Loaded;
use crate::format;
use crate::i18n::*;
use crate::routes::paths;

/// The Invoices tab.
#[component]
pub fn InvoicesTab() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="tab-heading">
            <h2 id="tab-heading">{t!(i18n, bills_and_payments.invoices)}</h2>
            <p class="intro">{t!(i18n, bills_and_payments.invoices_intro)}</p>
            <InvoiceList />
        </section>
    }
}

/// The person's today and offset from UTC in minutes, by the browser's clock and time zone.
fn browser_today() -> (Day, i32) {
    let now = js_sys::Date::new_0();
    let today = Day::new(now.get_full_year() as i32, now.get_month() as u8 + 1, now.get_date() as u8).unwrap_or(Day {
        year: 2026,
        month: 1,
        day: 1,
    });
    (today, -(now.get_timezone_offset() as i32))
}

fn range_message(i18n: I18n, error: &ApiError) -> &'static str {
    match error.code {
        ErrorCode::DateRangeReversed => t_string!(i18n, bills_and_payments.range_reversed),
        ErrorCode::DateRangeTooLong => t_string!(i18n, bills_and_payments.range_too_long),
        _ => t_string!(i18n, bills_and_payments.range_required),
    }
}

/// The period control, the invoices and the pager. On a billing profile's page it lists only
/// that profile's invoices.
#[component]
pub fn InvoiceList(
    /// Only this billing profile's invoices.
    #[prop(optional)]
    billing_profile_id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let profile = StoredValue::new(billing_profile_id);
    let choice = RwSignal::new(InvoicePeriod::default());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let range_error = RwSignal::new(None::<ApiError>);
    let shown = RwSignal::new(InvoiceView::default());
    let invoices = LocalResource::new(move || {
        let view = shown.get();
        async move {
            let (today, utc_offset) = browser_today();
            let query = view
                .query(today, utc_offset, profile.get_value().as_deref())
                .map_err(|error| ApiFailure::Api { status: 422, error })?;
            api::invoices::list(&query).await
        }
    });

    let on_choose = move |ev: leptos::ev::Event| {
        let period = period::from_key(&event_target_value(&ev));
        choice.set(period);
        range_error.set(None);
        if period != InvoicePeriod::DateRange {
            shown.set(InvoiceView { period, ..InvoiceView::default() });
        }
    };
    // A typed range is checked here first: a range the server would refuse is never sent.
    let on_show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let view = InvoiceView {
            period: InvoicePeriod::DateRange,
            from: from.get_untracked(),
            to: to.get_untracked(),
            offset: 0,
        };
        let (today, utc_offset) = browser_today();
        match view.query(today, utc_offset, None) {
            Ok(_) => {
                range_error.set(None);
                shown.set(view);
            }
            Err(error) => {
                let id = if range_field(&error) == Some("to") { "invoices-to" } else { "invoices-from" };
                range_error.set(Some(error));
                request_animation_frame(move || focus_id(id));
            }
        }
    };
    let error_on = move |field: &'static str| {
        Signal::derive(move || {
            range_error.with(|e| e.as_ref().filter(|e| range_field(e) == Some(field)).map(|e| range_message(i18n, e)))
        })
    };
    let date_input =
        move |id: &'static str, field: &'static str, value: RwSignal<String>, label: Signal<&'static str>| {
            let error = error_on(field);
            let error_id = format!("{id}-error");
            let described = error_id.clone();
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    <input
                        id=id
                        type="date"
                        prop:value=value
                        on:input=move |ev| {
                            value.set(event_target_value(&ev));
                            range_error.set(None);
                        }
                        aria-invalid=move || error.get().map(|_| "true")
                        aria-describedby=move || error.get().map(|_| described.clone())
                    />
                    {move || error.get().map(|text| view! { <p id=error_id.clone() class="field-error">{text}</p> })}
                </div>
            }
        };

    view! {
        <div class="toolbar period">
            <div class="field">
                <label for="invoices-period">{t!(i18n, bills_and_payments.period)}</label>
                <select id="invoices-period" on:change=on_choose>
                    {PERIODS
                        .into_iter()
                        .map(|p| {
                            view! {
                                <option value=period::key(p) selected=move || choice.get() == p>
                                    {move || period_label(i18n, p)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <Show when=move || choice.get() == InvoicePeriod::DateRange>
                <form class="date-range" on:submit=on_show novalidate>
                    {date_input("invoices-from", "from", from, Signal::derive(move || t_string!(i18n, bills_and_payments.range_start)))}
                    {date_input("invoices-to", "to", to, Signal::derive(move || t_string!(i18n, bills_and_payments.range_end)))}
                    <button type="submit" class="button">{t!(i18n, bills_and_payments.show_invoices)}</button>
                </form>
            </Show>
        </div>
        <Loaded resource=invoices let:page>
            <InvoicesShown page shown from to />
        </Loaded>
    }
}

fn period_label(i18n: I18n, period: InvoicePeriod) -> &'static str {
    match period {
        InvoicePeriod::Past3Months => t_string!(i18n, bills_and_payments.past_3_months),
        InvoicePeriod::Past6Months => t_string!(i18n, bills_and_payments.past_6_months),
        InvoicePeriod::DateRange => t_string!(i18n, bills_and_payments.date_range),
    }
}

/// One page of invoices, or the empty state in the seed's words.
#[component]
fn InvoicesShown(
    page: InvoicePage,
    shown: RwSignal<InvoiceView>,
    /// The date range's inputs: they start from the days shown now.
    from: RwSignal<String>,
    to: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    if from.with_untracked(String::is_empty) && to.with_untracked(String::is_empty) {
        from.set(page.from.clone());
        to.set(page.to.clone());
    }
    let (from_day, to_day) = (page.from.clone(), page.to.clone());
    let range = move || {
        let locale = i18n.get_locale();
        t_string!(
            i18n,
            bills_and_payments.invoices_shown,
            from = format::date(&from_day, locale),
            to = format::date(&to_day, locale)
        )
        .to_string()
    };
    if page.invoices.is_empty() {
        return view! {
            <p class="hint" role="status">{range}</p>
            <p class="empty-state">{t!(i18n, bills_and_payments.invoices_empty)}</p>
        }
        .into_any();
    }
    let (first, last) = shown_rows(page.offset, page.invoices.len(), page.total);
    let (offset, total) = (page.offset, page.total);
    let (at_start, at_end) = (offset == 0, last >= total);
    let go = move |to: i64| shown.update(|v| v.offset = to);
    view! {
        <p class="hint" role="status">{range}</p>
        <InvoiceTable
            invoices=page.invoices
            caption=move || t_string!(i18n, bills_and_payments.invoices)
            with_profile=true
        />
        {(total > PAGE_SIZE).then(|| view! {
            <nav class="pager" aria-label=move || t_string!(i18n, bills_and_payments.pages)>
                <button type="button" class="button" disabled=at_start on:click=move |_| go((offset - PAGE_SIZE).max(0))>
                    {t!(i18n, bills_and_payments.previous)}
                </button>
                <span>
                    {move || {
                        let locale = i18n.get_locale();
                        t_string!(
                            i18n,
                            bills_and_payments.page_status,
                            first = format::number(first, locale),
                            last = format::number(last, locale),
                            total = format::number(total, locale)
                        )
                        .to_string()
                    }}
                </span>
                <button type="button" class="button" disabled=at_end on:click=move |_| go(offset + PAGE_SIZE)>
                    {t!(i18n, bills_and_payments.next)}
                </button>
            </nav>
        })}
    }
    .into_any()
}

/// Invoices as a table: number (linking to the invoice's page), date, billing profile (when
/// `with_profile`), amount and status. Bills & payments and a subscription's page show it.
#[component]
pub fn InvoiceTable(
    /// The invoices, in the order shown.
    invoices: Vec<InvoiceSummary>,
    /// The table's name for assistive technology.
    #[prop(into)]
    caption: TextProp,
    /// Whether to show the billing profile column.
    with_profile: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = invoices
        .into_iter()
        .map(|invoice| {
            let (issued, amount, status) = (invoice.issued_on, invoice.amount, invoice.status);
            view! {
                <tr>
                    <th scope="row"><A href=paths::invoice(&invoice.id)>{invoice.number}</A></th>
                    <td>{move || format::date(&issued, i18n.get_locale())}</td>
                    {with_profile.then(|| view! { <td>{invoice.billing_profile_name}</td> })}
                    <td class="number">{move || format::money(&amount, i18n.get_locale())}</td>
                    <td>{move || status_text(i18n, status)}</td>
                </tr>
            }
        })
        .collect_view();
    let head = move || {
        view! {
            <th scope="col">{t!(i18n, bills_and_payments.column_number)}</th>
            <th scope="col">{t!(i18n, bills_and_payments.column_date)}</th>
            {with_profile.then(|| view! { <th scope="col">{t!(i18n, bills_and_payments.column_profile)}</th> })}
            <th scope="col" class="number">{t!(i18n, bills_and_payments.column_amount)}</th>
            <th scope="col">{t!(i18n, bills_and_payments.column_status)}</th>
        }
    };
    view! {
        <DataTable caption head>
            {rows}
        </DataTable>
    }
}
