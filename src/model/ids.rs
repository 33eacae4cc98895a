//! Deterministic time and identifiers: the virtual clock and the seeded GUID source.
//!
//! Both live in the serialized deployment, so a script run twice from the same state produces
//! the same timestamps and GUIDs byte for byte.
//! Nothing here reads the real clock or a random source; the engine advances time explicitly.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A UTC instant with one-second resolution, stored as seconds since 1970-01-01T00:00:00Z and
/// written in JSON as `YYYY-MM-DDTHH:MM:SSZ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// A broken-down UTC date and time (what the runtime needs to print a culture-specific date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CivilTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl Timestamp {
    /// Builds a timestamp from a UTC date and time; `None` when a field is out of range.
    pub fn from_civil(c: CivilTime) -> Option<Timestamp> {
        let days_in_month = match c.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        if c.day == 0 || c.day > days_in_month || c.hour > 23 || c.minute > 59 || c.second > 59 {
            return None;
        }
        let days = days_from_civil(c.year, c.month, c.day);
        Some(Timestamp(
            days * 86_400
                + i64::from(c.hour) * 3600
                + i64::from(c.minute) * 60
                + i64::from(c.second),
        ))
    }

    /// The UTC date and time of this instant.
    pub fn civil(self) -> CivilTime {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        CivilTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: (secs % 3600 / 60) as u32,
            second: (secs % 60) as u32,
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() != 20
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'Z'
        {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = text.get(r)?;
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        Timestamp::from_civil(CivilTime {
            year: i64::from(num(0..4)?),
            month: num(5..7)?,
            day: num(8..10)?,
            hour: num(11..13)?,
            minute: num(14..16)?,
            second: num(17..19)?,
        })
    }

    /// This instant plus some seconds.
    pub fn plus_seconds(self, secs: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(secs))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.civil();
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid timestamp \"{text}\", expected YYYY-MM-DDTHH:MM:SSZ"
            ))
        })
    }
}

/// The deployment's virtual clock. Only the engine moves it (see
/// [`crate::model::Deployment::advance_clock`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VirtualClock {
    /// When this deployment's history started (kept for reference and resets).
    pub start: Timestamp,
    /// The current simulated time.
    pub now: Timestamp,
}

impl VirtualClock {
    pub fn starting_at(t: Timestamp) -> VirtualClock {
        VirtualClock { start: t, now: t }
    }
}

/// A GUID, written as Lync prints them: lowercase `8-4-4-4-12` hex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Guid(pub u128);

impl Guid {
    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (any hex case, optional braces).
    pub fn parse(text: &str) -> Option<Guid> {
        let t = text.trim();
        let t = t
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .unwrap_or(t);
        let groups: Vec<&str> = t.split('-').collect();
        let lens = [8, 4, 4, 4, 12];
        if groups.len() != 5 || groups.iter().zip(lens).any(|(g, l)| g.len() != l) {
            return None;
        }
        let hex: String = groups.concat();
        if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u128::from_str_radix(&hex, 16).ok().map(Guid)
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            (v >> 96) as u32,
            (v >> 80) as u16,
            (v >> 64) as u16,
            (v >> 48) as u16,
            v & 0xffff_ffff_ffff
        )
    }
}

impl Serialize for Guid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Guid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Guid, D::Error> {
        let text = String::deserialize(d)?;
        Guid::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid GUID \"{text}\"")))
    }
}

/// Seeded identifier source: GUID n is a pure function of `(seed, n)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdSource {
    pub seed: u64,
    /// How many identifiers have been handed out.
    pub counter: u64,
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl IdSource {
    pub fn new(seed: u64) -> IdSource {
        IdSource { seed, counter: 0 }
    }

    /// The next GUID (random-looking, version 4 / RFC 4122 variant bits set).
    pub fn next_guid(&mut self) -> Guid {
        let n = self.counter;
        self.counter = self.counter.wrapping_add(1);
        let hi = splitmix64(self.seed ^ splitmix64(n.wrapping_mul(2)));
        let lo = splitmix64(self.seed ^ splitmix64(n.wrapping_mul(2).wrapping_add(1)));
        let mut v = (u128::from(hi) << 64) | u128::from(lo);
        v &= !(0xf_u128 << 76);
        v |= 0x4_u128 << 76;
        v &= !(0x3_u128 << 62);
        v |= 0x2_u128 << 62;
        Guid(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_through_text() {
        for text in [
            "1970-01-01T00:00:00Z",
            "2013-07-22T15:48:14Z",
            "2000-02-29T23:59:59Z",
            "2100-12-31T00:00:01Z",
        ] {
            let t = Timestamp::parse(text);
            assert_eq!(t.map(|t| t.to_string()).as_deref(), Some(text));
        }
        assert_eq!(
            Timestamp::parse("2013-07-22T15:48:14Z"),
            Some(Timestamp(1_374_508_094))
        );
        assert_eq!(Timestamp::parse("2013-02-29T00:00:00Z"), None);
        assert_eq!(Timestamp::parse("2013-07-22 15:48:14"), None);
    }

    #[test]
    fn guids_are_deterministic_and_well_formed() {
        let mut a = IdSource::new(42);
        let mut b = IdSource::new(42);
        let ga: Vec<Guid> = (0..3).map(|_| a.next_guid()).collect();
        let gb: Vec<Guid> = (0..3).map(|_| b.next_guid()).collect();
        assert_eq!(ga, gb);
        assert_ne!(ga[0], ga[1]);
        let text = ga[0].to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(text.as_bytes()[14], b'4');
        assert_eq!(Guid::parse(&text), Some(ga[0]));
        assert_eq!(
            Guid::parse(&format!("{{{}}}", text.to_uppercase())),
            Some(ga[0])
        );
        assert_eq!(a.counter, 3);
    }
}
