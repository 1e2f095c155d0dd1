//! Wait states: exactly one of Seconds, Timestamp, SecondsPath and TimestampPath; timestamps in
//! the RFC 3339 profile of ISO 8601 that AWS requires. (Value types and ranges are in `fields`.)

use super::{codes, placeholders, Checker, StateCx};

const TIMING: [&str; 4] = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];

/// Checks a Wait state.
pub(crate) fn check(cx: &mut Checker, st: &StateCx) {
    let present: Vec<&str> = TIMING
        .into_iter()
        .filter(|f| st.member(f).is_some())
        .collect();
    match present.as_slice() {
        [] => cx.at(
            codes::WAIT_TIMING,
            st.node,
            &st.pointer,
            format!(
                "the Wait state \"{}\" says neither how long nor until when to wait; add one of Seconds, Timestamp, SecondsPath or TimestampPath",
                st.name
            ),
        ),
        [_] => {}
        [_, rest @ ..] => {
            for field in rest {
                if let Some(m) = st.member(field) {
                    cx.at_key(
                        codes::WAIT_TIMING,
                        m,
                        &st.field_pointer(field),
                        format!(
                            "the Wait state \"{}\" has {}; a Wait state takes exactly one of them: keep one",
                            st.name,
                            present.join(" and ")
                        ),
                    );
                }
            }
        }
    }
    if let Some(m) = st.member("Timestamp") {
        if let Some(text) = m.value.as_str() {
            let expression = st.is_jsonata() && text.starts_with("{%");
            if !expression && !placeholders::contains(text) && !is_timestamp(text) {
                cx.at(
                    codes::TIMESTAMP_INVALID,
                    &m.value,
                    &st.field_pointer("Timestamp"),
                    format!(
                        "\"{text}\" is not a timestamp AWS accepts; write an RFC 3339 date-time with an uppercase T and Z (or an offset), such as \"2024-01-31T23:59:00Z\""
                    ),
                );
            }
        }
    }
}

/// True for an RFC 3339 date-time with uppercase `T` and `Z` (or a numeric offset), as AWS
/// requires for Wait `Timestamp` and the Timestamp comparisons of Choice rules.
pub(crate) fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
            .then(|| text[range].parse::<u32>().unwrap_or(u32::MAX))
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || b.get(10) != Some(&b'T') {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(11..13), digits(14..16), digits(17..19))
    else {
        return false;
    };
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest.as_bytes() {
        [b'Z'] => true,
        [sign, h1, h2, b':', m1, m2]
            if (*sign == b'+' || *sign == b'-')
                && [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()) =>
        {
            let hours = (h1 - b'0') * 10 + (h2 - b'0');
            let minutes = (m1 - b'0') * 10 + (m2 - b'0');
            hours <= 23 && minutes <= 59
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_timestamp;

    #[test]
    fn timestamps_follow_rfc3339_with_uppercase_t_and_z() {
        assert!(is_timestamp("2016-03-14T01:59:00Z"));
        assert!(is_timestamp("2024-02-29T23:59:59.123Z"));
        assert!(is_timestamp("2024-01-31T10:00:00+05:30"));
        assert!(!is_timestamp("2016-03-14t01:59:00z"));
        assert!(!is_timestamp("2016-03-14 01:59:00Z"));
        assert!(!is_timestamp("2023-02-29T00:00:00Z"));
        assert!(!is_timestamp("2016-03-14T01:59:00"));
        assert!(!is_timestamp("2016-03-14"));
        assert!(!is_timestamp("tomorrow"));
    }
}
