//! The parser is total: whatever it is fed, it returns a `Cable` and never
//! panics. Random strings, cable-shaped noise, and real cables mutated
//! (truncated, bytes flipped, lines shuffled).

use std::path::Path;

use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// The five seed cables, bundled with the crate as samples.
fn seed_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    texts.sort();
    assert!(!texts.is_empty(), "assets/samples holds the seed cables");
    texts
}

/// Fragments that steer random input into the parser's special paths.
fn cable_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("S E C R E T MOSCOW 001026\n".to_string()),
        Just("UNCLAS SECTION 01 OF 02 MOSCOW 000501\n".to_string()),
        Just("O 121300Z MAR 07\n".to_string()),
        Just("FM AMEMBASSY MOSCOW\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 5172\n".to_string()),
        Just("REF: A. MOSCOW 977\n[1](#)B. STATE 26466\n".to_string()),
        Just("REF: ( A ) STATE 165022 ( B ) MOSCOW 11500 ".to_string()),
        Just("TAGS: [PREL](#) [RS](#)\nSUBJECT: X AND\n\nY\n".to_string()),
        Just("Classified By: Ambassador William J. Burns: 1.4 (b, d).\n".to_string()),
        Just("- 11. (C) text\n- 12. (C) more ".to_string()),
        Just("<a id='par1' href='#par1'>¶</a>1 . \n( S ) ".to_string()),
        Just("[PER Anatoliy Antonov  ] [LOC ".to_string()),
        Just("MOSCOW 00000501  002 OF 002\n".to_string()),
        Just("<table class='cable'><td>09X1</td><td>2009-13-45 99:99</td>".to_string()),
        Just("&#x000A;&#xD800;&#99999999;&".to_string()),
        Just("Summary: ... End summary.\nBURNS".to_string()),
        "\\PC{0,40}".prop_map(|s| s),
        "[ \n¶A-Z0-9().:/\\[\\]#*-]{0,60}".prop_map(|s| s),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_parses_without_panic(s in "\\PC{0,400}") {
        let _ = cablegram::parse(&s);
    }

    #[test]
    fn cable_shaped_noise_parses_without_panic(parts in prop::collection::vec(cable_fragment(), 0..24)) {
        let text: String = parts.concat();
        let cable = cablegram::parse(&text);
        // Whatever came out serialises to the contract's JSON.
        prop_assert!(serde_json::to_string(&cable).is_ok());
    }

    #[test]
    fn truncated_seeds_parse_without_panic(which in 0usize..5, cut in 0usize..20_000) {
        let seeds = seed_texts();
        let text = &seeds[which % seeds.len()];
        let mut end = cut.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let _ = cablegram::parse(&text[..end]);
    }

    #[test]
    fn byte_flipped_seeds_parse_without_panic(which in 0usize..5, flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..40)) {
        let seeds = seed_texts();
        let mut bytes = seeds[which % seeds.len()].clone().into_bytes();
        for (at, value) in flips {
            let len = bytes.len();
            if len > 0 {
                bytes[at % len] = value;
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = cablegram::parse(&text);
    }

    #[test]
    fn line_shuffled_seeds_parse_without_panic(which in 0usize..5, order in prop::collection::vec(any::<usize>(), 1..200)) {
        let seeds = seed_texts();
        let lines: Vec<&str> = seeds[which % seeds.len()].lines().collect();
        let shuffled: Vec<&str> = order.iter().map(|i| lines[i % lines.len()]).collect();
        let _ = cablegram::parse(&shuffled.join("\n"));
    }
}

/// Real corpus cables, each mutated several ways (gated on ../shared).
#[test]
fn mutated_corpus_cables_parse_without_panic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cables.csv");
    let Ok(mut reader) = csv::ReaderBuilder::new()
        .has_headers(false)
        .double_quote(false)
        .escape(Some(b'\\'))
        .from_path(&path)
    else {
        eprintln!("../shared/corpus is absent: mutation check skipped");
        return;
    };
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for (n, record) in reader.records().enumerate() {
        let record = record.expect("corpus row");
        let text = format!("{}\n\n{}", &record[6], &record[7]);
        let bytes = text.as_bytes();
        // Truncations at a spread of points.
        for k in 1..8 {
            let cut = bytes.len() * k / 8;
            let _ = cablegram::parse(&String::from_utf8_lossy(&bytes[..cut]));
        }
        // Flipped bytes, from a deterministic random stream.
        let flips = prop::collection::vec((any::<usize>(), any::<u8>()), 1..20)
            .new_tree(&mut runner)
            .expect("strategy")
            .current();
        let mut mutated = bytes.to_vec();
        for (at, value) in flips {
            let len = mutated.len();
            mutated[at % len] = value;
        }
        let _ = cablegram::parse(&String::from_utf8_lossy(&mutated));
        // Lines reversed and rotated.
        let lines: Vec<&str> = text.lines().collect();
        let rev: Vec<&str> = lines.iter().rev().copied().collect();
        let _ = cablegram::parse(&rev.join("\n"));
        let mut rotated = lines.clone();
        rotated.rotate_left(n % lines.len().max(1));
        let _ = cablegram::parse(&rotated.join("\n"));
    }
}
