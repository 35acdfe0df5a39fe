//! The one frame of every table of rows (products, licenses, people, invoices, cards, billing
//! profiles and accounts, requests, purchases): its name for screen readers, its column headers
//! and its rows, in a box that scrolls sideways on a phone.
//!
//! ```ignore
//! view! {
//!     <DataTable
//!         caption=move || t_string!(i18n, billing_accounts.overview)
//!         head=move || view! { <th scope="col">{t!(i18n, billing_accounts.column_name)}</th> }
//!     >
//!         {rows}
//!     </DataTable>
//! }
//! ```
//!
//! Every table gets a `<caption>` that only screen readers show (the page's heading says the
//! same to the eye). On a phone a wide table scrolls sideways rather than the page: its
//! `.table-scroll` box, or `.data-table`'s own phone rule for the three tables that predate the
//! box (`scroll_box=false`: Your products, Licenses and a product's people, whose markup the
//! first-screen bench copies).

use leptos::prelude::*;
use leptos::text_prop::TextProp;

/// A `data-table`: the hidden caption, one header row of `head`, and `children` as its rows.
#[component]
pub fn DataTable(
    /// The table's name, read by screen readers (and found by its role and name in tests).
    #[prop(into)]
    caption: TextProp,
    /// The header row's cells, usually `<th scope="col">` each.
    #[prop(into)]
    head: ViewFn,
    /// The table's own class beside `data-table` (`people-table`), for its CSS.
    #[prop(optional)]
    class: Option<&'static str>,
    /// While true the rows are being replaced (`aria-busy`), for a table that reloads in place.
    /// An `RwSignal`, as the paged lists hold it: a `Signal<bool>` adds 260 B to the first load.
    #[prop(optional)]
    busy: Option<RwSignal<bool>>,
    /// Whether the table itself takes focus, for one that scrolls sideways on a phone and holds
    /// nothing else a keyboard could reach it by.
    #[prop(optional)]
    focusable: bool,
    /// Whether the table sits in its own sideways-scrolling `.table-scroll` box.
    #[prop(default = true)]
    scroll_box: bool,
    /// The rows (`<tr>`s, or a `<For>` of them).
    children: Children,
) -> impl IntoView {
    let class = match class {
        Some(own) => format!("data-table {own}"),
        None => "data-table".to_owned(),
    };
    let table = view! {
        <table
            class=class
            tabindex=focusable.then_some("0")
            aria-busy=busy.map(|busy| move || busy.get().to_string())
        >
            <caption class="visually-hidden">{move || caption.get()}</caption>
            <thead>
                <tr>{head.run()}</tr>
            </thead>
            <tbody>{children()}</tbody>
        </table>
    };
    if scroll_box { view! { <div class="table-scroll">{table}</div> }.into_any() } else { table.into_any() }
}
