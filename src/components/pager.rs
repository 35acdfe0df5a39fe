//! The pager under a list read a page at a time: Previous, "1–50 of 55", Next.

use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::format;
use crate::i18n::*;

/// Where a list is: the first row's offset, the rows on this page, how many match, and how
/// many a page holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageAt {
    /// The first row's offset (0 on the first page).
    pub offset: i64,
    /// The rows on this page.
    pub on_page: i64,
    /// Every row that matches.
    pub total: i64,
    /// Rows per page.
    pub limit: i64,
}

impl PageAt {
    /// Whether this is the first page.
    pub fn at_start(&self) -> bool {
        self.offset == 0
    }

    /// Whether no rows come after this page.
    pub fn at_end(&self) -> bool {
        self.offset + self.on_page >= self.total
    }

    /// The offset Previous (`forward` false) or Next shows.
    pub fn step(&self, forward: bool) -> i64 {
        if forward { self.offset + self.limit } else { (self.offset - self.limit).max(0) }
    }
}

/// Previous, "1–50 of 55", Next. `on_go` gets the offset to show.
#[component]
pub fn Pager(
    /// The navigation's accessible name.
    #[prop(into)]
    label: TextProp,
    /// Where the list is now.
    #[prop(into)]
    at: Signal<PageAt>,
    /// Shows the page at this offset.
    on_go: Callback<i64>,
    /// The buttons' ids are `{id}-previous` and `{id}-next`, when something needs to find them.
    #[prop(optional)]
    id: Option<&'static str>,
    /// Whether the range is announced when it changes (where focus stays on the button).
    #[prop(optional)]
    announce: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let go = move |forward: bool| on_go.run(at.get_untracked().step(forward));
    let range = move || {
        let PageAt { offset, on_page, total, .. } = at.get();
        let locale = i18n.get_locale();
        t_string!(
            i18n,
            licenses.showing,
            from = format::number(offset + 1, locale),
            to = format::number(offset + on_page, locale),
            total = format::number(total, locale)
        )
        .to_string()
    };
    let button = move |forward: bool| {
        let (suffix, disabled): (&str, fn(&PageAt) -> bool) =
            if forward { ("next", PageAt::at_end) } else { ("previous", PageAt::at_start) };
        view! {
            <button
                type="button"
                class="button"
                id=id.map(|id| format!("{id}-{suffix}"))
                disabled=move || at.with(disabled)
                on:click=move |_| go(forward)
            >
                {move || if forward { t_string!(i18n, licenses.next_page) } else { t_string!(i18n, licenses.previous_page) }}
            </button>
        }
    };
    view! {
        <nav class="pager" aria-label=move || label.get()>
            {button(false)}
            <span class="pager-range" aria-live=announce.then_some("polite")>{range}</span>
            {button(true)}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_and_next_step_a_page_and_stop_at_the_ends() {
        let first = PageAt { offset: 0, on_page: 50, total: 55, limit: 50 };
        assert!(first.at_start() && !first.at_end());
        assert_eq!((first.step(false), first.step(true)), (0, 50));
        let last = PageAt { offset: 50, on_page: 5, total: 55, limit: 50 };
        assert!(!last.at_start() && last.at_end());
        assert_eq!(last.step(false), 0);
    }
}
