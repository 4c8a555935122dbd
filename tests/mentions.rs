//! References inside paragraphs (`paragraphs[].mentions`) in the output of
//! `parse --json` and `show --json`, on the bundled seed cable.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn seed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/07MOSCOW1026.txt")
}

/// Each mention of the first paragraph as (its text, label, id).
fn mentions(v: &Value) -> Vec<(String, Value, Value)> {
    let p = &v["paragraphs"][0];
    let text: Vec<char> = p["text"].as_str().unwrap().chars().collect();
    p["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            (
                text[s..e].iter().collect(),
                m["label"].clone(),
                m["id"].clone(),
            )
        })
        .collect()
}

fn expected() -> Vec<(String, Value, Value)> {
    vec![
        ("Ref B".into(), "B".into(), "07STATE26466".into()),
        ("Ref A".into(), "A".into(), "07MOSCOW977".into()),
    ]
}

#[test]
fn parse_json_gives_the_mentions_of_a_paragraph_resolved_through_the_refs() {
    let out = Command::cargo_bin("cablegram")
        .unwrap()
        .args(["parse", "--json"])
        .arg(seed())
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(mentions(&v), expected());
}

#[test]
fn show_json_gives_the_same_mentions() {
    let dir = tempfile::tempdir().unwrap();
    // A fresh library holds the seeds.
    let out = Command::cargo_bin("cablegram")
        .unwrap()
        .arg("--library")
        .arg(dir.path().join("lib"))
        .env_remove("CABLEGRAM_LIBRARY")
        .args(["import", "--json"])
        .arg(seed())
        .assert()
        .success();
    drop(out);
    let out = Command::cargo_bin("cablegram")
        .unwrap()
        .arg("--library")
        .arg(dir.path().join("lib"))
        .env_remove("CABLEGRAM_LIBRARY")
        .args(["show", "07MOSCOW1026", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(mentions(&v), expected());
}
