//! The billing rules as plain functions: terms, proration, grace period. Handlers and the
//! renewal step use them; unit tests pin them down.

use portal_api::day::Day;
use time::{Date, Month};

/// Days a canceled subscription can still be reactivated.
pub const GRACE_DAYS: i64 = 30;

/// A `time::Date` as the API's `Day`.
pub fn day_of(date: Date) -> Day {
    Day { year: date.year(), month: date.month() as u8, day: date.day() }
}

/// A day `months` months from `day`, on the same day of the month or the month's last day:
/// the shared `Day::add_months`, on the server's dates.
pub fn add_months(day: Date, months: i32) -> Date {
    let moved = day_of(day).add_months(months);
    Month::try_from(moved.month)
        .ok()
        .and_then(|month| Date::from_calendar_date(moved.year, month, moved.day).ok())
        .unwrap_or(day)
}

/// A `YYYY-MM-DD` day as the database keeps it.
pub fn parse_day(text: &str) -> Option<Date> {
    Date::parse(text, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

/// The share of a term's price for the days from `today` to the term's end: what adding a
/// license costs today, or what removing one credits. `term_end` is the renewal day; the term
/// began `term_months` before it. Rounded to the nearest minor unit.
pub fn prorate(price_per_term_minor: i64, today: Date, term_end: Date, term_months: i64) -> i64 {
    let term_start = add_months(term_end, -(term_months as i32));
    let term_days = (term_end - term_start).whole_days().max(1);
    let days_left = (term_end - today).whole_days().clamp(0, term_days);
    portal_api::purchases::div_round(price_per_term_minor * days_left, term_days)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn months_are_added_on_the_calendar() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 11 - 21), -11), date!(2025 - 12 - 21));
        assert_eq!(add_months(date!(2026 - 11 - 21), 2), date!(2027 - 01 - 21));
        assert_eq!(add_months(date!(2026 - 03 - 15), 12), date!(2027 - 03 - 15));
    }

    #[test]
    fn proration_is_the_share_of_days_left_in_the_term() {
        // 31-day term (15 March to 15 April), 10 days left
        assert_eq!(prorate(3100, date!(2026 - 04 - 05), date!(2026 - 04 - 15), 1), 1000);
        // the whole term on its first day, nothing on its last
        assert_eq!(prorate(3100, date!(2026 - 03 - 15), date!(2026 - 04 - 15), 1), 3100);
        assert_eq!(prorate(3100, date!(2026 - 04 - 15), date!(2026 - 04 - 15), 1), 0);
        // past its end: nothing; before its start: never more than the term
        assert_eq!(prorate(3100, date!(2026 - 05 - 01), date!(2026 - 04 - 15), 1), 0);
        assert_eq!(prorate(3100, date!(2026 - 01 - 01), date!(2026 - 04 - 15), 1), 3100);
    }
}
