//! Virtual time. The simulator never reads or waits on the wall clock: a run starts at a time the
//! caller gives, and waits, back-off delays and timeouts move this clock forward instantly.

/// Milliseconds since the Unix epoch, on the virtual clock.
pub type Millis = i64;

/// The virtual clock of one execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VirtualClock {
    now_ms: Millis,
}

impl VirtualClock {
    /// A clock that reads `start_ms`.
    pub fn starting_at(start_ms: Millis) -> Self {
        VirtualClock { now_ms: start_ms }
    }

    /// The current virtual time.
    pub fn now_ms(&self) -> Millis {
        self.now_ms
    }

    /// Moves the clock forward to `to_ms`; it never goes back.
    pub fn advance_to(&mut self, to_ms: Millis) {
        self.now_ms = self.now_ms.max(to_ms);
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Formats a time as ISO 8601 in UTC with milliseconds, as the context object shows it
/// (`2024-01-02T03:04:05.678Z`).
pub fn format_iso8601(ms: Millis) -> String {
    Iso8601(ms).to_string()
}

/// A virtual-clock time shown as [`format_iso8601`] shows it, written without building a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Iso8601(pub Millis);

impl std::fmt::Display for Iso8601 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = self.0;
        let days = ms.div_euclid(86_400_000);
        let rem = ms.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        let (h, m, s, milli) = (
            rem / 3_600_000,
            rem / 60_000 % 60,
            rem / 1000 % 60,
            rem % 1000,
        );
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z"
        )
    }
}

impl serde::Serialize for Iso8601 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parses an RFC 3339 timestamp (`2016-03-14T01:59:00Z`, with optional fractional seconds and a
/// `Z` or `±hh:mm` offset; the `T` and `Z` must be upper case, as AWS requires).
pub fn parse_iso8601(text: &str) -> Option<Millis> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month as u32) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut pos = 19;
    let mut millis = 0i64;
    if b.get(pos) == Some(&b'.') {
        let start = pos + 1;
        let mut end = start;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        if end == start {
            return None;
        }
        let digits = &text[start..end.min(start + 3)];
        millis = digits.parse::<i64>().ok()? * 10i64.pow(3 - digits.len() as u32);
        pos = end;
    }
    let offset_min = match b.get(pos) {
        Some(b'Z') if pos + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if b.len() == pos + 6 && b[pos + 3] == b':' => {
            let h = num(pos + 1..pos + 3)?;
            let m = num(pos + 4..pos + 6)?;
            let total = h * 60 + m;
            if *sign == b'+' {
                total
            } else {
                -total
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month as u32, day as u32);
    Some(((days * 24 + hour) * 60 + minute - offset_min) * 60_000 + second * 1000 + millis)
}

fn days_in_month(year: i64, month: u32) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        let ms = parse_iso8601("2024-11-06T09:42:03Z").unwrap();
        assert_eq!(format_iso8601(ms), "2024-11-06T09:42:03.000Z");
        assert_eq!(parse_iso8601("2024-11-06T10:42:03.5+01:00"), Some(ms + 500));
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert!(parse_iso8601("2024-02-30T00:00:00Z").is_none());
        assert!(parse_iso8601("2024-01-01t00:00:00Z").is_none());
    }

    #[test]
    fn clock_only_moves_forward() {
        let mut clock = VirtualClock::starting_at(10);
        clock.advance_to(5);
        assert_eq!(clock.now_ms(), 10);
        clock.advance_to(86_400_000);
        assert_eq!(clock.now_ms(), 86_400_000);
    }
}
