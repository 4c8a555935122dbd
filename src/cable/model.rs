//! The typed model of a diplomatic cable: what the parser reports and the
//! library stores. Field names and JSON shapes follow docs/cli.md exactly.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One parsed cable. A part the input does not contain is `None` or empty,
/// never invented.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cable {
    /// Canonical reference ID (`07MOSCOW1026`), or `None` when the text
    /// carries no year and no metadata supplies one.
    pub id: Option<String>,
    /// The ID the text gives when the release files the cable under another,
    /// odd one (`09LONDON2211` for the release's `09EFTOLONDON2211`), so
    /// that references written the text's way find it; `[]` when they agree.
    /// Absent in cables stored before the field existed.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub created: Option<Timestamp>,
    pub origin: Option<String>,
    pub classification: Option<Classification>,
    pub handling: Vec<String>,
    pub subject: Option<String>,
    pub tags: Vec<String>,
    pub references: Vec<Reference>,
    pub classified_by: Option<ClassifiedBy>,
    /// ISO date (`2017-03-12`).
    pub declassify_on: Option<String>,
    pub signers: Vec<String>,
    pub recipients: Recipients,
    pub summary: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub entities: Vec<Entity>,
    pub body: String,
}

/// A point in time to the minute, UTC. Serialised as `2007-03-12T13:00:00Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
}

impl Timestamp {
    /// A checked constructor: `None` for impossible dates (31 February, hour 25).
    pub fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8) -> Option<Timestamp> {
        if !(1..=12).contains(&month) || day == 0 || hour > 23 || minute > 59 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Timestamp {
            year,
            month,
            day,
            hour,
            minute,
        })
    }

    /// Parses the ISO form written by `Display` (`2007-03-12T13:00:00Z`).
    pub fn parse_iso(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u16>().ok();
        Timestamp::new(
            num(0..4)?,
            num(5..7)? as u8,
            num(8..10)? as u8,
            num(11..13)? as u8,
            num(14..16)? as u8,
        )
    }

    /// The ISO date part (`2007-03-12`).
    pub fn date_string(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:00Z",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse_iso(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not an ISO timestamp: {s:?}")))
    }
}

/// The six classification values of the Cablegate release metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Classification {
    #[serde(rename = "UNCLASSIFIED")]
    Unclassified,
    #[serde(rename = "UNCLASSIFIED//FOR OFFICIAL USE ONLY")]
    UnclassifiedFouo,
    #[serde(rename = "CONFIDENTIAL")]
    Confidential,
    #[serde(rename = "CONFIDENTIAL//NOFORN")]
    ConfidentialNoforn,
    #[serde(rename = "SECRET")]
    Secret,
    #[serde(rename = "SECRET//NOFORN")]
    SecretNoforn,
}

impl Classification {
    pub const ALL: [Classification; 6] = [
        Classification::Unclassified,
        Classification::UnclassifiedFouo,
        Classification::Confidential,
        Classification::ConfidentialNoforn,
        Classification::Secret,
        Classification::SecretNoforn,
    ];

    /// The release spelling (`SECRET//NOFORN`).
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Unclassified => "UNCLASSIFIED",
            Classification::UnclassifiedFouo => "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
            Classification::Confidential => "CONFIDENTIAL",
            Classification::ConfidentialNoforn => "CONFIDENTIAL//NOFORN",
            Classification::Secret => "SECRET",
            Classification::SecretNoforn => "SECRET//NOFORN",
        }
    }

    /// The short badge a list line shows (`S/NF`, `SBU`).
    pub fn badge(self) -> &'static str {
        match self {
            Classification::Unclassified => "U",
            Classification::UnclassifiedFouo => "SBU",
            Classification::Confidential => "C",
            Classification::ConfidentialNoforn => "C/NF",
            Classification::Secret => "S",
            Classification::SecretNoforn => "S/NF",
        }
    }

    /// Parses the release spelling, case-insensitively.
    pub fn from_release(s: &str) -> Option<Classification> {
        let s = s.trim();
        Classification::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
    }

    /// The same level with the NOFORN caveat added (unclassified levels stay).
    pub fn with_noforn(self) -> Classification {
        match self {
            Classification::Confidential => Classification::ConfidentialNoforn,
            Classification::Secret => Classification::SecretNoforn,
            other => other,
        }
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of the REF block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The letter label (`A`), when the entry has one.
    pub label: Option<String>,
    /// The entry as written, whitespace-collapsed (`MOSCOW 977`).
    pub text: String,
    /// Canonical cable ID, or `None` for non-cables and references whose year
    /// is unknown.
    pub id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassifiedBy {
    /// The line as written, without `Classified By:` and the reasons.
    pub text: String,
    /// The person, without the job title.
    pub name: Option<String>,
    /// The classification reasons (`1.4 (B/D)`).
    pub reasons: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Recipients {
    pub to: Vec<Recipient>,
    pub info: Vec<Recipient>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    /// The routing indicator before the slash (`RUEHC`).
    pub route: Option<String>,
    pub name: String,
    pub precedence: Option<String>,
    /// The serial as written (`0547`).
    pub serial: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// The number as written (repaired when OCR mangled it), or `None` for the
    /// blocks of a cable without numbered paragraphs.
    pub number: Option<String>,
    /// The portion mark without parentheses (`S`, `SBU`, `C/NF`).
    pub classification: Option<String>,
    pub text: String,
    /// References inside the text (`(ref A)`, `see STATE 12345`); none in a cable stored before they were found.
    #[serde(default)]
    pub mentions: Vec<Mention>,
}

/// A reference inside a paragraph's text (`parse::mentions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Where it is: Unicode characters of the paragraph's text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The REF label it names (`A`); `None` for `reftel` or a cable written out.
    pub label: Option<String>,
    /// The cable it leads to; `None` when that is not known.
    pub id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// `PER`, `LOC`, `ORG` or `MISC`.
    pub kind: String,
    pub text: String,
}

/// Release metadata that comes with a cable from outside its text: a row of
/// the release `cables.csv` or the table of a release web page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    pub id: Option<String>,
    pub created: Option<Timestamp>,
    pub origin: Option<String>,
    pub classification: Option<Classification>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_round_trips_through_iso() {
        let t = Timestamp::new(2007, 3, 12, 13, 0).unwrap();
        assert_eq!(t.to_string(), "2007-03-12T13:00:00Z");
        assert_eq!(Timestamp::parse_iso("2007-03-12T13:00:00Z"), Some(t));
    }

    #[test]
    fn timestamp_rejects_impossible_dates() {
        assert_eq!(Timestamp::new(2007, 2, 29, 0, 0), None);
        assert!(Timestamp::new(2008, 2, 29, 0, 0).is_some());
        assert_eq!(Timestamp::new(2007, 13, 1, 0, 0), None);
        assert_eq!(Timestamp::new(2007, 1, 1, 24, 0), None);
    }

    #[test]
    fn classification_serialises_as_release_spelling() {
        let json = serde_json::to_string(&Classification::UnclassifiedFouo).unwrap();
        assert_eq!(json, "\"UNCLASSIFIED//FOR OFFICIAL USE ONLY\"");
        assert_eq!(
            Classification::from_release("secret//noforn"),
            Some(Classification::SecretNoforn)
        );
    }
}
