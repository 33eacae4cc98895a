//! Calendar arithmetic and .NET date/time formatting and parsing for [`DateTime`] and
//! TimeSpan values (ticks of 100 ns).
//!
//! The formats follow .NET's `DateTimeFormatInfo` for two cultures: the invariant culture
//! (used by PowerShell's string conversion, `"$date"` and `[datetime]"…"` casts) and en-US
//! (the "current culture" the emulator assumes for `ToString()`, `-f` and the formatter).

use super::value::{DateTime, DateTimeKind};

pub const TICKS_PER_SECOND: i64 = 10_000_000;
pub const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
pub const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
pub const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;
/// DateTime.MaxValue.Ticks (9999-12-31 23:59:59.9999999).
pub const MAX_TICKS: i64 = 3_155_378_975_999_999_999;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Broken-down date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Ticks within the second (0..10_000_000).
    pub fraction: u32,
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days between 0001-01-01 and 1970-01-01.
const EPOCH_DAYS: i64 = 719_162;

pub fn civil(ticks: i64) -> Civil {
    let ticks = ticks.clamp(0, MAX_TICKS);
    let days = ticks / TICKS_PER_DAY;
    let rem = ticks % TICKS_PER_DAY;
    let (year, month, day) = civil_from_days(days - EPOCH_DAYS);
    Civil {
        year,
        month,
        day,
        hour: (rem / TICKS_PER_HOUR) as u32,
        minute: (rem % TICKS_PER_HOUR / TICKS_PER_MINUTE) as u32,
        second: (rem % TICKS_PER_MINUTE / TICKS_PER_SECOND) as u32,
        fraction: (rem % TICKS_PER_SECOND) as u32,
    }
}

pub fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Ticks for a date and time, or `None` outside DateTime's range or for an invalid date.
pub fn ticks_from_parts(
    y: i64,
    mo: u32,
    d: u32,
    h: u32,
    mi: u32,
    s: u32,
    fraction: u32,
) -> Option<i64> {
    if !(1..=9999).contains(&y)
        || !(1..=12).contains(&mo)
        || d == 0
        || d > days_in_month(y, mo)
        || h > 23
        || mi > 59
        || s > 59
        || fraction >= 10_000_000
    {
        return None;
    }
    let days = days_from_civil(y, mo, d) + EPOCH_DAYS;
    Some(
        days * TICKS_PER_DAY
            + i64::from(h) * TICKS_PER_HOUR
            + i64::from(mi) * TICKS_PER_MINUTE
            + i64::from(s) * TICKS_PER_SECOND
            + i64::from(fraction),
    )
}

/// 0 = Sunday, as System.DayOfWeek.
pub fn day_of_week(ticks: i64) -> u32 {
    // 0001-01-01 was a Monday.
    ((ticks.max(0) / TICKS_PER_DAY + 1) % 7) as u32
}

pub fn day_name(dow: u32) -> &'static str {
    DAYS.get(dow as usize).copied().unwrap_or("Sunday")
}

pub fn month_name(m: u32) -> &'static str {
    MONTHS
        .get((m as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("January")
}

pub fn day_of_year(c: &Civil) -> u32 {
    let mut n = c.day;
    for m in 1..c.month {
        n += days_in_month(c.year, m);
    }
    n
}

/// Adds months as .NET's DateTime.AddMonths does (the day is clamped to the month's end).
pub fn add_months(ticks: i64, months: i64) -> Option<i64> {
    let c = civil(ticks);
    let total = c
        .year
        .checked_mul(12)?
        .checked_add(i64::from(c.month) - 1)?;
    let total = total.checked_add(months)?;
    let y = total.div_euclid(12);
    let m = (total.rem_euclid(12) + 1) as u32;
    let d = c.day.min(days_in_month(y, m));
    ticks_from_parts(y, m, d, c.hour, c.minute, c.second, c.fraction)
}

/// Which culture a format string is interpreted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Culture {
    Invariant,
    EnUs,
}

/// Expands a standard (one letter) .NET format to its custom pattern.
fn standard_pattern(f: char, culture: Culture) -> Option<&'static str> {
    let inv = culture == Culture::Invariant;
    Some(match f {
        'd' => {
            if inv {
                "MM/dd/yyyy"
            } else {
                "M/d/yyyy"
            }
        }
        'D' => {
            if inv {
                "dddd, dd MMMM yyyy"
            } else {
                "dddd, MMMM d, yyyy"
            }
        }
        't' => {
            if inv {
                "HH:mm"
            } else {
                "h:mm tt"
            }
        }
        'T' => {
            if inv {
                "HH:mm:ss"
            } else {
                "h:mm:ss tt"
            }
        }
        'f' => {
            if inv {
                "dddd, dd MMMM yyyy HH:mm"
            } else {
                "dddd, MMMM d, yyyy h:mm tt"
            }
        }
        'F' => {
            if inv {
                "dddd, dd MMMM yyyy HH:mm:ss"
            } else {
                "dddd, MMMM d, yyyy h:mm:ss tt"
            }
        }
        'g' => {
            if inv {
                "MM/dd/yyyy HH:mm"
            } else {
                "M/d/yyyy h:mm tt"
            }
        }
        'G' => {
            if inv {
                "MM/dd/yyyy HH:mm:ss"
            } else {
                "M/d/yyyy h:mm:ss tt"
            }
        }
        'M' | 'm' => {
            if inv {
                "MMMM dd"
            } else {
                "MMMM d"
            }
        }
        'Y' | 'y' => {
            if inv {
                "yyyy MMMM"
            } else {
                "MMMM yyyy"
            }
        }
        's' => "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
        'u' => "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
        'o' | 'O' => "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
        'r' | 'R' => "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
        _ => return None,
    })
}

/// Formats a DateTime with a .NET standard or custom format string. An empty format is `G`.
pub fn format_datetime(dt: DateTime, fmt: &str, culture: Culture) -> String {
    let fmt = if fmt.is_empty() { "G" } else { fmt };
    let mut chars = fmt.chars();
    if let (Some(f), None) = (chars.next(), chars.next())
        && let Some(p) = standard_pattern(f, culture)
    {
        return format_custom(dt, p);
    }
    format_custom(dt, fmt)
}

fn format_custom(dt: DateTime, fmt: &str) -> String {
    let c = civil(dt.ticks);
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&ch) = chars.get(i) {
        let mut n = 1;
        while chars.get(i + n) == Some(&ch) {
            n += 1;
        }
        match ch {
            'y' => {
                if n <= 2 {
                    let v = c.year % 100;
                    if n == 1 {
                        out.push_str(&v.to_string());
                    } else {
                        out.push_str(&format!("{v:02}"));
                    }
                } else {
                    out.push_str(&format!("{:0width$}", c.year, width = n));
                }
            }
            'M' => match n {
                1 => out.push_str(&c.month.to_string()),
                2 => out.push_str(&format!("{:02}", c.month)),
                3 => out.push_str(month_name(c.month).get(..3).unwrap_or("")),
                _ => out.push_str(month_name(c.month)),
            },
            'd' => match n {
                1 => out.push_str(&c.day.to_string()),
                2 => out.push_str(&format!("{:02}", c.day)),
                3 => out.push_str(day_name(day_of_week(dt.ticks)).get(..3).unwrap_or("")),
                _ => out.push_str(day_name(day_of_week(dt.ticks))),
            },
            'h' => {
                let h12 = if c.hour.is_multiple_of(12) {
                    12
                } else {
                    c.hour % 12
                };
                if n == 1 {
                    out.push_str(&h12.to_string());
                } else {
                    out.push_str(&format!("{h12:02}"));
                }
            }
            'H' => {
                if n == 1 {
                    out.push_str(&c.hour.to_string());
                } else {
                    out.push_str(&format!("{:02}", c.hour));
                }
            }
            'm' => {
                if n == 1 {
                    out.push_str(&c.minute.to_string());
                } else {
                    out.push_str(&format!("{:02}", c.minute));
                }
            }
            's' => {
                if n == 1 {
                    out.push_str(&c.second.to_string());
                } else {
                    out.push_str(&format!("{:02}", c.second));
                }
            }
            'f' | 'F' => {
                let digits = format!("{:07}", c.fraction);
                let take = digits.get(..n.min(7)).unwrap_or("");
                if ch == 'F' {
                    out.push_str(take.trim_end_matches('0'));
                } else {
                    out.push_str(take);
                }
            }
            't' => {
                let ampm = if c.hour < 12 { "AM" } else { "PM" };
                if n == 1 {
                    out.push_str(ampm.get(..1).unwrap_or(""));
                } else {
                    out.push_str(ampm);
                }
            }
            'K' => match dt.kind {
                DateTimeKind::Utc => out.push('Z'),
                // The emulator's local zone is UTC (see docs/values.md).
                DateTimeKind::Local => out.push_str("+00:00"),
                DateTimeKind::Unspecified => {}
            },
            'z' => match n {
                1 => out.push_str("+0"),
                2 => out.push_str("+00"),
                _ => out.push_str("+00:00"),
            },
            'g' => out.push_str("A.D."),
            ':' | '/' => {
                for _ in 0..n {
                    out.push(ch);
                }
            }
            '\'' | '"' => {
                // Quoted literal.
                let mut j = i + 1;
                while let Some(&q) = chars.get(j) {
                    if q == ch {
                        break;
                    }
                    out.push(q);
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            '\\' => {
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                }
                i += 2;
                continue;
            }
            _ => {
                for _ in 0..n {
                    out.push(ch);
                }
            }
        }
        i += n;
    }
    out
}

/// TimeSpan.ToString(): `[-][d.]hh:mm:ss[.fffffff]`.
pub fn format_timespan(ticks: i64) -> String {
    let neg = ticks < 0;
    let t = ticks.unsigned_abs();
    let tpd = TICKS_PER_DAY as u64;
    let days = t / tpd;
    let rem = t % tpd;
    let h = rem / TICKS_PER_HOUR as u64;
    let m = rem % TICKS_PER_HOUR as u64 / TICKS_PER_MINUTE as u64;
    let s = rem % TICKS_PER_MINUTE as u64 / TICKS_PER_SECOND as u64;
    let f = rem % TICKS_PER_SECOND as u64;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if days > 0 {
        out.push_str(&format!("{days}."));
    }
    out.push_str(&format!("{h:02}:{m:02}:{s:02}"));
    if f > 0 {
        out.push_str(&format!(".{f:07}"));
    }
    out
}

/// Parses the date strings PowerShell scripts commonly cast to `[datetime]` (invariant
/// culture: `MM/dd/yyyy[ HH:mm[:ss]]`, ISO 8601 `yyyy-MM-dd[THH:mm[:ss[.f]]][Z]`, month
/// names like `July 22, 2013` or `22 July 2013`, optional `AM`/`PM`).
pub fn parse_datetime(s: &str) -> Option<DateTime> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut kind = DateTimeKind::Unspecified;
    let mut body = s.to_string();
    if body.ends_with('Z') || body.ends_with('z') {
        body.pop();
        kind = DateTimeKind::Utc;
    }
    // Split the date and time parts on 'T' (ISO) or the first space before a digit:colon.
    let body = body.replace(['T', ','], " ");
    let mut tokens: Vec<&str> = body.split_whitespace().collect();
    // AM/PM marker.
    let mut pm: Option<bool> = None;
    if let Some(last) = tokens.last() {
        let l = last.to_ascii_uppercase();
        if l == "AM" || l == "PM" {
            pm = Some(l == "PM");
            tokens.pop();
        }
    }
    // Time part: a token containing ':'.
    let mut time = (0u32, 0u32, 0u32, 0u32);
    let mut has_time = false;
    if let Some(pos) = tokens.iter().position(|t| t.contains(':')) {
        let t = tokens.remove(pos);
        let mut parts = t.split(':');
        let h: u32 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let (sec, frac) = match parts.next() {
            Some(sp) => {
                let mut sp = sp.splitn(2, '.');
                let sec: u32 = sp.next()?.parse().ok()?;
                let frac = match sp.next() {
                    Some(f) => {
                        let mut digits: String = f.chars().take(7).collect();
                        if !digits.chars().all(|c| c.is_ascii_digit()) {
                            return None;
                        }
                        while digits.len() < 7 {
                            digits.push('0');
                        }
                        digits.parse().ok()?
                    }
                    None => 0,
                };
                (sec, frac)
            }
            None => (0, 0),
        };
        if parts.next().is_some() {
            return None;
        }
        time = (h, m, sec, frac);
        has_time = true;
    }
    if let Some(p) = pm {
        if !has_time || time.0 == 0 || time.0 > 12 {
            return None;
        }
        time.0 = match (p, time.0) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    }
    let (y, mo, d) = match tokens.as_slice() {
        [] if has_time => {
            // A time alone is today's date in .NET; the emulator has no clock here, so
            // callers needing that pass a full date. Use 0001-01-01 like DateTime.MinValue.
            (1, 1, 1)
        }
        [date] => parse_numeric_date(date)?,
        [a, b, c] => parse_named_date(a, b, c)?,
        [a, b] => {
            // "July 2013" or "22 July" are rare; accept "Month yyyy".
            let m = month_from_name(a)?;
            (b.parse().ok()?, m, 1)
        }
        _ => return None,
    };
    let ticks = ticks_from_parts(y, mo, d, time.0, time.1, time.2, time.3)?;
    Some(DateTime { ticks, kind })
}

fn month_from_name(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.to_ascii_lowercase().starts_with(&l))
        .map(|p| p as u32 + 1)
}

fn parse_named_date(a: &str, b: &str, c: &str) -> Option<(i64, u32, u32)> {
    if let Some(m) = month_from_name(a) {
        return Some((c.parse().ok()?, m, b.parse().ok()?));
    }
    let m = month_from_name(b)?;
    Some((c.parse().ok()?, m, a.parse().ok()?))
}

fn parse_numeric_date(s: &str) -> Option<(i64, u32, u32)> {
    let sep = if s.contains('-') {
        '-'
    } else if s.contains('/') {
        '/'
    } else if s.contains('.') {
        '.'
    } else {
        return None;
    };
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if a.len() == 4 {
        // yyyy-MM-dd
        Some((a.parse().ok()?, b.parse().ok()?, c.parse().ok()?))
    } else if sep == '.' {
        // dd.MM.yyyy is not invariant; .NET's invariant parser still accepts it.
        Some((c.parse().ok()?, b.parse().ok()?, a.parse().ok()?))
    } else {
        // Invariant culture: month first.
        let y: i64 = c.parse().ok()?;
        let y = if c.len() <= 2 { 2000 + y } else { y };
        Some((y, a.parse().ok()?, b.parse().ok()?))
    }
}

/// Parses a TimeSpan string as TimeSpan.Parse does: `[-][d.]hh:mm[:ss[.fffffff]]` or `d`.
pub fn parse_timespan(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let mut days: i64 = 0;
    let rest;
    if let Some(colon) = s.find(':') {
        let head = &s[..colon];
        if let Some(dot) = head.find('.') {
            days = head[..dot].parse().ok()?;
            rest = &s[dot + 1..];
        } else {
            rest = s;
        }
    } else {
        days = s.parse().ok()?;
        rest = "";
    }
    let mut total = days.checked_mul(TICKS_PER_DAY)?;
    if !rest.is_empty() {
        let parts: Vec<&str> = rest.split(':').collect();
        let h: i64 = parts.first()?.parse().ok()?;
        let m: i64 = parts.get(1)?.parse().ok()?;
        if h > 23 || m > 59 {
            return None;
        }
        let (sec, frac) = match parts.get(2) {
            Some(p) => {
                let mut sp = p.splitn(2, '.');
                let sec: i64 = sp.next()?.parse().ok()?;
                let frac = match sp.next() {
                    Some(f) => {
                        let mut d: String = f.chars().take(7).collect();
                        while d.len() < 7 {
                            d.push('0');
                        }
                        d.parse().ok()?
                    }
                    None => 0,
                };
                (sec, frac)
            }
            None => (0, 0),
        };
        if sec > 59 || parts.len() > 3 {
            return None;
        }
        total = total.checked_add(
            h * TICKS_PER_HOUR + m * TICKS_PER_MINUTE + sec * TICKS_PER_SECOND + frac,
        )?;
    }
    Some(if neg { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime {
        DateTime {
            ticks: ticks_from_parts(y, mo, d, h, mi, s, 0).unwrap(),
            kind: DateTimeKind::Unspecified,
        }
    }

    #[test]
    fn civil_round_trip_and_weekday() {
        let d = dt(2026, 11, 23, 9, 30, 0);
        let c = civil(d.ticks);
        assert_eq!(
            (c.year, c.month, c.day, c.hour, c.minute),
            (2026, 11, 23, 9, 30)
        );
        assert_eq!(day_name(day_of_week(d.ticks)), "Monday");
        assert_eq!(day_of_week(0), 1); // 0001-01-01 was a Monday
        // DateTime(2000,1,1).Ticks
        assert_eq!(dt(2000, 1, 1, 0, 0, 0).ticks, 630_822_816_000_000_000);
    }

    #[test]
    fn standard_formats() {
        let d = dt(2013, 7, 22, 15, 48, 14);
        assert_eq!(
            format_datetime(d, "", Culture::Invariant),
            "07/22/2013 15:48:14"
        );
        assert_eq!(
            format_datetime(d, "G", Culture::EnUs),
            "7/22/2013 3:48:14 PM"
        );
        assert_eq!(
            format_datetime(d, "F", Culture::EnUs),
            "Monday, July 22, 2013 3:48:14 PM"
        );
        assert_eq!(
            format_datetime(d, "yyyy-MM-dd", Culture::EnUs),
            "2013-07-22"
        );
        assert_eq!(
            format_datetime(d, "s", Culture::EnUs),
            "2013-07-22T15:48:14"
        );
        assert_eq!(
            format_datetime(d, "dd.MM.yy HH\\h", Culture::EnUs),
            "22.07.13 15h"
        );
    }

    #[test]
    fn parsing() {
        assert_eq!(parse_datetime("07/22/2013"), Some(dt(2013, 7, 22, 0, 0, 0)));
        assert_eq!(
            parse_datetime("2013-07-22 15:48:14"),
            Some(dt(2013, 7, 22, 15, 48, 14))
        );
        assert_eq!(
            parse_datetime("7/22/2013 3:48 PM"),
            Some(dt(2013, 7, 22, 15, 48, 0))
        );
        assert_eq!(
            parse_datetime("July 22, 2013"),
            Some(dt(2013, 7, 22, 0, 0, 0))
        );
        assert_eq!(parse_datetime("2013-02-30"), None);
        assert_eq!(parse_datetime("abc"), None);
        assert_eq!(
            parse_timespan("1.02:03:04"),
            Some(TICKS_PER_DAY + 2 * TICKS_PER_HOUR + 3 * TICKS_PER_MINUTE + 4 * TICKS_PER_SECOND)
        );
        assert_eq!(format_timespan(-(90 * TICKS_PER_MINUTE)), "-01:30:00");
        assert_eq!(format_timespan(TICKS_PER_DAY + 5), "1.00:00:00.0000005");
    }
}
