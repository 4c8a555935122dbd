//! What the TAGS of a cable mean: `PREL` is External Political Relations,
//! `RS` is Russia, `GM` is Germany.
//!
//! The meanings are data, in `assets/tags.tsv` (one `TAG<TAB>meaning` line
//! per tag, `#` comments), embedded at build time and parsed on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

const TAGS_TSV: &str = include_str!("../../assets/tags.tsv");

/// Upper-case tag → meaning. A malformed line is skipped rather than
/// failing: the table is checked by the tests, and a bad line must not cost
/// the reader the other meanings.
static MEANINGS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (tag, meaning) in TAGS_TSV.lines().filter_map(parse_line) {
        // The first line for a tag wins, as a reader of the file would expect.
        map.entry(tag.to_uppercase()).or_insert(meaning);
    }
    map
});

/// One data line of the table: `Some((tag, meaning))`, or `None` for a
/// comment, a blank line or a line without exactly two non-empty fields.
fn parse_line(line: &str) -> Option<(&str, &str)> {
    if line.trim_start().starts_with('#') {
        return None;
    }
    let mut fields = line.split('\t').map(str::trim);
    let (tag, meaning) = (fields.next()?, fields.next()?);
    if fields.next().is_some() || tag.is_empty() || meaning.is_empty() {
        return None;
    }
    Some((tag, meaning))
}

/// The meaning of a TAGS tag (`"prel"` or `"PREL"` → "External Political
/// Relations"), or `None` for a tag the table does not know — person tags,
/// free words and typos among them — which callers show as it is.
pub fn tag_meaning(tag: &str) -> Option<&'static str> {
    let tag = tag.trim();
    if tag.is_empty() {
        return None;
    }
    MEANINGS.get(&tag.to_uppercase()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashSet};

    #[test]
    fn known_subject_and_country_tags_have_meanings() {
        assert_eq!(tag_meaning("PREL"), Some("External Political Relations"));
        assert_eq!(tag_meaning("PGOV"), Some("Internal Governmental Affairs"));
        assert_eq!(tag_meaning("RS"), Some("Russia"));
        assert_eq!(tag_meaning("SP"), Some("Spain"));
        assert_eq!(tag_meaning("SF"), Some("South Africa"));
        assert_eq!(tag_meaning("EUN"), Some("European Union"));
    }

    #[test]
    fn gm_is_germany_not_gambia() {
        assert_eq!(tag_meaning("GM"), Some("Germany"));
        assert_eq!(tag_meaning("GA"), Some("The Gambia"));
    }

    #[test]
    fn unknown_tags_have_no_meaning() {
        assert_eq!(tag_meaning("RICE, CONDOLEEZZA"), None);
        assert_eq!(tag_meaning("QQQQ"), None);
        assert_eq!(tag_meaning(""), None);
        assert_eq!(tag_meaning("   "), None);
    }

    #[test]
    fn lookup_ignores_case_and_surrounding_space() {
        assert_eq!(tag_meaning("prel"), tag_meaning("PREL"));
        assert_eq!(tag_meaning("Gm"), Some("Germany"));
        assert_eq!(tag_meaning(" rs "), Some("Russia"));
    }

    #[test]
    fn malformed_lines_are_skipped() {
        assert_eq!(parse_line("# a comment"), None);
        assert_eq!(parse_line(""), None);
        assert_eq!(parse_line("PREL"), None);
        assert_eq!(parse_line("PREL\t"), None);
        assert_eq!(parse_line("\tmeaning"), None);
        assert_eq!(parse_line("PREL\tone\ttwo"), None);
        assert_eq!(parse_line("PREL\tmeaning"), Some(("PREL", "meaning")));
    }

    #[test]
    fn every_table_line_is_one_upper_case_tag_and_a_meaning_without_duplicates() {
        let mut seen = HashSet::new();
        let mut entries = 0;
        for (n, line) in TAGS_TSV.lines().enumerate() {
            if line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 2, "line {}: {line:?}", n + 1);
            let (tag, meaning) = (fields[0], fields[1]);
            assert!(
                !tag.is_empty() && tag.trim() == tag && !tag.contains(' '),
                "line {}: bad tag {tag:?}",
                n + 1
            );
            assert_eq!(
                tag,
                tag.to_uppercase(),
                "line {}: tag not upper case",
                n + 1
            );
            assert!(
                !meaning.trim().is_empty() && meaning.trim() == meaning,
                "line {}: bad meaning {meaning:?}",
                n + 1
            );
            assert!(seen.insert(tag), "line {}: duplicate tag {tag}", n + 1);
            entries += 1;
        }
        assert_eq!(MEANINGS.len(), entries);
    }

    /// Tags of ../shared/corpus that deliberately have no meaning (besides
    /// person tags, which contain a comma): names and free words read as
    /// tags, typos of real tags, codes the cables use ambiguously, and tags
    /// whose meaning is not reliably known.
    const CORPUS_WITHOUT_MEANING: &[&str] = &[
        // Person names, or a person tag split or joined by the parser.
        "BIDEN",
        "CLINTON",
        "ERDOGAN",
        "HILLARY",
        "JAMES",
        "JAMES B",
        "JOSEPH",
        "CLINTON HILLARY",
        "OVIP CLINTON",
        "OVIP STEINBERG",
        "STEINBERG",
        // Free words on a TAGS line, or the subject read as tags (04ANKARA348).
        "A",
        "BRUSSELS",
        "CHALLENGES?",
        "COUNTER",
        "COUNTER TERRORISM",
        "COUNTERTERRORISM",
        "ELECTIONS",
        "EXTERNAL",
        "FACE",
        "FREEDOM",
        "GOES",
        "GOI",
        "GOI EXTERNAL",
        "HOW",
        "IRAQI",
        "ITALIAN",
        "ITALY",
        "ITALY NATIONAL ELECTIONS ITALIAN POLITICS IRAQI FREEDOM",
        "LEADER",
        "MIL",
        "NATIONAL",
        "NATIONAL ELECTIONS ITALIAN POLITICS",
        "OF",
        "ORGANIZED CRIME",
        "P.M",
        "PARTIES",
        "POL",
        "POLITICAL",
        "POLITICAL PARTIES",
        "POLITICS",
        "STRONG",
        "SUBJECT:",
        "TERRORISM",
        "THE",
        "TURKISH",
        "USEU BRUSSELS",
        "WASHINGTON:",
        // Several tags the parser kept as one.
        "ECON KISL",
        "PREL;PGOV;KCOR;HU;HR",
        // Typos of real tags (AU-1, KDEMAF, MOPPS ...): not guessed.
        "AGMT",
        "AU-1",
        "ECUN",
        "ENVR",
        "EUC",
        "FINR",
        "IRAJ",
        "KDEMAF",
        "KFIN",
        "KIFR",
        "KNPP",
        "KWAC",
        "MAR",
        "MASC",
        "MOPPS",
        "MPOS",
        "OTR",
        "PECON",
        "PGOF",
        "POGOV",
        "SHUM",
        "TFIN",
        // Codes whose TAGS meaning differs from the one the cable means:
        // CN is Comoros and KR Kiribati in TAGS but China and Korea here; GE
        // was a German code in old cables (which Germany is unclear); VN is
        // Vietnam in ISO but Venezuela in 07LAPAZ3262.
        "CN",
        "GE",
        // JP is Japan in ISO, JA in TAGS (a TAGS line typed in lower case,
        // 09BEIJING2963, continued after a trailing comma).
        "JP",
        "KR",
        "VN",
        // Meaning not reliably known.
        "CDB",
        "DEAX",
        "ECIP",
        "EREL",
        "ETRA",
        "HURI",
        "INRA",
        "INRB",
        "INRO",
        "KACT",
        "KAWK",
        "KCOM",
        "KDEV",
        "KDRG",
        "KGCC",
        "KLIG",
        "KNUC",
        "KPIN",
        "KPRP",
        "KPWR",
        "KRAD",
        "KSCA",
        "KSEC",
        "KSPR",
        "KTIA",
        "MAPP",
        "OFDP",
        "OPDC",
        "OSCI",
        "PHSA",
        "PINL",
        "TIP",
        "UE",
        "XH",
        "XR",
        "XS",
        "XW",
        "XY",
        "ZF",
        "ZK",
        "ZP",
        "ZR",
    ];

    #[test]
    fn every_tag_of_the_shared_corpus_has_a_meaning_or_is_allowed_without() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/cables.csv");
        if !std::path::Path::new(path).exists() {
            eprintln!("note: {path} not found; corpus TAGS check skipped");
            return;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .double_quote(false)
            .escape(Some(b'\\'))
            .flexible(true)
            .from_path(path)
            .expect("open the corpus CSV");
        let allowed: HashSet<&str> = CORPUS_WITHOUT_MEANING.iter().copied().collect();
        let mut seen = BTreeSet::new();
        let mut missing = BTreeSet::new();
        let mut rows = 0;
        for record in reader.byte_records() {
            let record = record.expect("read a corpus CSV row");
            let field = |i| String::from_utf8_lossy(record.get(i).unwrap_or_default()).into_owned();
            let text = format!("{}\n\n{}", field(6), field(7));
            let cable = crate::cable::parse_with(&text, &crate::cable::ParseOptions::default());
            for tag in cable.tags {
                if tag_meaning(&tag).is_none() && !tag.contains(',') && !allowed.contains(&*tag) {
                    missing.insert(tag.clone());
                }
                seen.insert(tag);
            }
            rows += 1;
        }
        assert!(rows > 1000, "only {rows} corpus rows read");
        assert!(
            missing.is_empty(),
            "corpus tags without a meaning: {missing:?}"
        );
        // An allowed tag that has gained a meaning should leave the list; one
        // that no longer occurs (the parser improved) is only noted, so that
        // parser work does not break this test.
        let with_meaning: Vec<&&str> = CORPUS_WITHOUT_MEANING
            .iter()
            .filter(|t| tag_meaning(t).is_some())
            .collect();
        assert!(
            with_meaning.is_empty(),
            "allow-listed tags that have a meaning: {with_meaning:?}"
        );
        let gone: Vec<&&str> = CORPUS_WITHOUT_MEANING
            .iter()
            .filter(|t| !seen.contains(**t))
            .collect();
        if !gone.is_empty() {
            eprintln!("note: allow-listed tags no longer in the corpus: {gone:?}");
        }
    }
}
