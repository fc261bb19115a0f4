//! Calendar dates and ISO 8601 durations as AIMS documents use them (review cycles such as
//! `P12M`, due dates such as `2026-03-31`), and the injectable notion of "today".

use jiff::civil::Date;
use jiff::fmt::temporal::SpanParser;
use jiff::{Span, ToSpan};

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<Date> {
    if text.len() != 10 {
        return None;
    }
    text.parse::<Date>().ok()
}

/// Parses a calendar duration: years, months, weeks and days only, in that order, not zero
/// (`P1Y6M`, `P12M`, `P90D`): the durations the schemas' `duration` pattern allows. Every
/// review cycle, due-soon window and template offset is read here.
pub fn parse_duration(text: &str) -> Option<Span> {
    // jiff reads the whole ISO 8601 / Temporal grammar (a sign, lowercase designators, a time
    // part, fractions); documents may only use the calendar subset the schemas allow.
    let rest = text.strip_prefix('P')?;
    if !rest
        .bytes()
        .all(|byte| byte.is_ascii_digit() || matches!(byte, b'Y' | b'M' | b'W' | b'D'))
    {
        return None;
    }
    static PARSER: SpanParser = SpanParser::new();
    let span = PARSER.parse_span(text).ok()?;
    (!span.is_zero()).then_some(span)
}

/// `date + duration`, clamping month ends the way people expect (Jan 31 + P1M = Feb 28/29).
pub fn add(date: Date, duration: Span) -> Option<Date> {
    date.checked_add(duration).ok()
}

/// `date - duration`.
pub fn subtract(date: Date, duration: Span) -> Option<Date> {
    date.checked_sub(duration).ok()
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until((jiff::Unit::Day, to))
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0)
}

/// Today's date in the local time zone. Commands take `--today` so tests never depend on it.
pub fn system_today() -> Date {
    jiff::Zoned::now().date()
}

/// Thirty days, the default "due soon" window.
pub fn default_due_soon() -> Span {
    30.days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn durations() {
        assert!(parse_duration("P12M").is_some());
        assert!(parse_duration("P1Y6M").is_some());
        assert!(parse_duration("P90D").is_some());
        assert!(parse_duration("P").is_none());
        assert!(parse_duration("P0D").is_none());
        assert!(parse_duration("12M").is_none());
        assert!(parse_duration("PT1H").is_none());
        assert!(parse_duration("P1X").is_none());
        // What jiff alone would accept, outside the schemas' pattern.
        assert!(parse_duration("-P1M").is_none());
        assert!(parse_duration("p1m").is_none());
        assert!(parse_duration("P1.5D").is_none());
        assert!(parse_duration("1 month").is_none());
        // Units out of order or repeated: the schemas refuse them too.
        assert!(parse_duration("P6M1Y").is_none());
        assert!(parse_duration("P1M2M").is_none());
        assert!(parse_duration("P99999999999999999999D").is_none());
        let span = parse_duration("P1Y2M3W4D").unwrap();
        assert_eq!(
            (
                span.get_years(),
                span.get_months(),
                span.get_weeks(),
                span.get_days()
            ),
            (1, 2, 3, 4)
        );
    }

    #[test]
    fn arithmetic() {
        let cycle = parse_duration("P1M").unwrap();
        assert_eq!(add(date(2026, 1, 31), cycle), Some(date(2026, 2, 28)));
        assert_eq!(days_between(date(2026, 1, 1), date(2026, 3, 1)), 59);
        assert_eq!(days_between(date(2026, 3, 1), date(2026, 1, 1)), -59);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-02-28"), Some(date(2026, 2, 28)));
    }
}
