//! Calendar dates written as ISO 8601 `YYYY-MM-DD`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar date, serialized as `YYYY-MM-DD`; ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoDate {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a string is not an ISO date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date of the form YYYY-MM-DD")]
pub struct DateError(String);

impl IsoDate {
    /// Builds a date, checking the month and the number of days in it.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days).then_some(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let err = || DateError(text.chars().take(40).collect());
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(err());
        }
        let year = text[0..4].parse().map_err(|_| err())?;
        let month = text[5..7].parse().map_err(|_| err())?;
        let day = text[8..10].parse().map_err(|_| err())?;
        Self::new(year, month, day).ok_or_else(err)
    }

    /// The date as people write it in Chinese, e.g. `2024年3月1日`.
    pub fn to_chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for IsoDate {
    type Error = DateError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<IsoDate> for String {
    fn from(date: IsoDate) -> String {
        date.to_string()
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(
            IsoDate::parse(input).ok().map(|d| d.to_string()).as_deref(),
            expected,
            "case `{input}`"
        );
    }

    #[test]
    fn parses_and_rejects() {
        check("2024-03-01", Some("2024-03-01"));
        check("2024-02-29", Some("2024-02-29"));
        check("2023-02-29", None);
        check("2024-13-01", None);
        check("2024-3-1", None);
        check("２０２４-03-01", None);
    }
}
