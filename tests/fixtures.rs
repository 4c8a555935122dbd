//! The fixture `cables.csv` is the `.txt` fixtures in the release CSV
//! dialect: reading it back through `cablegram::source` must give exactly
//! the text of each file (this checks the `\"`, `\'`, `\\` escapes and raw
//! newlines end to end, and keeps the fixtures in step).

use std::path::Path;

use cablegram::source::{self, Input};
use cablegram::{Classification, Timestamp};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

#[test]
fn csv_rows_decode_to_the_text_files() {
    let rows: Vec<_> = source::open(&Input::Path(Path::new(FIXTURES).join("cables.csv")))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let files = [
        "07FICTIONIA101.txt",
        "07FICTIONIA115.txt",
        "07FICTIONIA130.txt",
        "07STATE30210.txt",
        "partial-no-year.txt",
    ];
    assert_eq!(rows.len(), files.len());
    for (row, file) in rows.iter().zip(files) {
        let text = std::fs::read_to_string(Path::new(FIXTURES).join(file)).unwrap();
        assert_eq!(row.text, text, "row {:?} vs {file}", row.origin.row);
    }
    let escapes = &rows[1].text;
    assert!(escapes.contains("Ministry's reference AGRI\\TURNIPS\\07-115"));
    assert!(escapes.contains("\"a very ordinary number for a very unusual favor.\""));
}

#[test]
fn csv_rows_carry_their_metadata() {
    let rows: Vec<_> = source::open(&Input::Path(Path::new(FIXTURES).join("cables.csv")))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let partial = rows[4].metadata.clone().unwrap();
    assert_eq!(partial.id.as_deref(), Some("07FICTIONIA142"));
    assert_eq!(partial.created, Timestamp::new(2007, 3, 30, 8, 5));
    assert_eq!(partial.origin.as_deref(), Some("Embassy Fictionia"));
    assert_eq!(partial.classification, Some(Classification::Confidential));
    let fouo = rows[2].metadata.clone().unwrap();
    assert_eq!(fouo.classification, Some(Classification::UnclassifiedFouo));
    let lines: Vec<u64> = rows.iter().map(|r| r.origin.line).collect();
    assert_eq!(lines, [1, 40, 79, 116, 143]);
}

#[test]
fn html_and_markdown_copies_are_single_cables() {
    for file in ["07FICTIONIA115.html", "07FICTIONIA130.md"] {
        let cables = source::open(&Input::Path(Path::new(FIXTURES).join(file))).unwrap();
        assert!(!cables.is_csv(), "{file}");
        let all: Vec<_> = cables.map(|r| r.unwrap()).collect();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].metadata, None);
        assert!(all[0].text.contains("FICTIONIA"));
    }
}
