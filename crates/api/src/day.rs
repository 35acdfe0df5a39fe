//! A calendar day (no time, no zone), as invoices are dated and periods are chosen.

/// A calendar day, as invoices are dated (no time, no zone). Ordered by date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl Day {
    /// A day that exists on the calendar, else `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) && (1..=9999).contains(&year))
            .then_some(Self { year, month, day })
    }

    /// `YYYY-MM-DD`, the form dates take in the API and the database.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        if !(y.chars().chain(m.chars()).chain(d.chars())).all(|c| c.is_ascii_digit()) {
            return None;
        }
        Self::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The same day `months` months later (earlier when negative), or that month's last day
    /// (31 March less one month is 28 or 29 February).
    pub fn add_months(self, months: i32) -> Self {
        let total = self.year * 12 + i32::from(self.month) - 1 + months;
        let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
        Self { year, month, day: self.day.min(days_in_month(year, month)) }
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).expect("a day")
    }

    #[test]
    fn days_parse_only_when_they_are_on_the_calendar() {
        assert_eq!(day("2024-02-29").to_string(), "2024-02-29");
        for wrong in ["2025-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-01x", "", "2026-00-10"] {
            assert_eq!(Day::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn months_are_added_on_the_calendar() {
        assert_eq!(day("2026-05-31").add_months(-3), day("2026-02-28"));
        assert_eq!(day("2026-03-15").add_months(-6), day("2025-09-15"));
        assert_eq!(day("2024-02-29").add_months(24), day("2026-02-28"));
        assert_eq!(day("2026-01-31").add_months(1), day("2026-02-28"));
        assert_eq!(day("2026-11-21").add_months(-11), day("2025-12-21"));
        assert_eq!(day("2026-11-21").add_months(2), day("2027-01-21"));
        assert_eq!(day("2026-03-15").add_months(12), day("2027-03-15"));
    }
}
