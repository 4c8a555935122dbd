//! The thread acceptance on the real corpus in ../shared (skipped with a
//! note when it is absent): the chain of 09BERLIN1296, every `refs --depth
//! 2` node in the thread, depth 0 alone; and the figures of building
//! threads and similar lists (printed, not asserted: a debug build on a
//! shared machine says little about the bar).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

use cablegram::library::thread::{self, ThreadNode};
use cablegram::library::{Library, ListQuery};

fn corpus_csv() -> Option<PathBuf> {
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cables.csv");
    if csv.is_file() {
        Some(csv)
    } else {
        eprintln!("note: ../shared/corpus is absent; skipping the thread acceptance");
        None
    }
}

fn cablegram(lib: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cablegram").unwrap();
    cmd.arg("--library")
        .arg(lib)
        .env_remove("CABLEGRAM_LIBRARY");
    cmd
}

fn json(lib: &Path, args: &[&str]) -> Value {
    let out = cablegram(lib).args(args).arg("--json").assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn tree_ids(n: &ThreadNode, out: &mut HashSet<String>) {
    out.insert(n.id.clone());
    for c in n.cites.iter().chain(&n.cited_by) {
        tree_ids(c, out);
    }
}

fn percentile(times: &mut [Duration], p: usize) -> Duration {
    times.sort();
    times[(times.len() * p / 100).min(times.len() - 1)]
}

#[test]
fn the_corpus_threads_hold_the_chain_and_every_refs_node() {
    let Some(csv) = corpus_csv() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    cablegram(dir.path())
        .args(["import", "--json"])
        .arg(&csv)
        .assert()
        .success();

    let v = json(dir.path(), &["thread", "09BERLIN1296"]);
    let cables = v["cables"].as_array().unwrap();
    let find = |id: &str| cables.iter().find(|c| c["id"] == id);
    for id in ["09BERLIN1271", "09BERLIN1162", "09BERLIN1296"] {
        assert_eq!(
            find(id).map(|c| c["present"].clone()),
            Some(Value::Bool(true)),
            "{id}"
        );
    }
    assert_eq!(find("09BERLIN1241").unwrap()["present"], false);
    // Oldest root first: the roots in date order, 1162 the first of them.
    let roots: Vec<&Value> = cables.iter().filter(|c| c["depth"] == 0).collect();
    assert_eq!(roots[0]["id"], "09BERLIN1162");
    assert_eq!(cables[0]["id"], "09BERLIN1162");
    let alone = json(dir.path(), &["thread", "09BERLIN1296", "--depth", "0"]);
    assert_eq!(alone["cables"].as_array().unwrap().len(), 1);

    let lib = Library::open(dir.path()).unwrap();
    let all = lib.page(&ListQuery::All, None, 0, 2000).unwrap();
    let ids: Vec<String> = all.rows.into_iter().map(|r| r.id).collect();
    let mut cited: Vec<(usize, String)> = ids
        .iter()
        .map(|id| (lib.cited_by(id).unwrap().len(), id.clone()))
        .collect();
    cited.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let most_cited: Vec<&String> = cited.iter().take(100).map(|(_, id)| id).collect();
    let sample: Vec<&String> = ids.iter().step_by(10).collect();

    let (mut checked, mut cut) = (0, 0);
    let mut times = Vec::new();
    for id in most_cited.iter().chain(&sample) {
        let started = Instant::now();
        let t = thread::thread(&lib, id, thread::DEFAULT_DEPTH, thread::DEFAULT_LIMIT).unwrap();
        times.push(started.elapsed());
        if t.truncated {
            cut += 1;
            continue;
        }
        let in_thread: HashSet<&str> = t.cables.iter().map(|c| c.id.as_str()).collect();
        let mut refs = HashSet::new();
        tree_ids(
            &thread::walk(&lib, id, 2, thread::MAX_FAN_OUT).unwrap(),
            &mut refs,
        );
        for r in &refs {
            assert!(
                in_thread.contains(r.as_str()),
                "{r} of refs {id} is not in its thread"
            );
        }
        checked += 1;
    }
    assert!(checked > 100, "{checked} checked, {cut} cut");
    let n = times.len();
    eprintln!(
        "thread depth 2 over {n} cables (100 most cited + every 10th): p50 {:?}, p99 {:?}, max {:?} ({cut} cut at the limit)",
        percentile(&mut times, 50),
        percentile(&mut times, 99),
        percentile(&mut times, 100)
    );

    let mut times = Vec::new();
    for id in &sample {
        let started = Instant::now();
        let s = lib.similar(id, 20).unwrap().unwrap();
        times.push(started.elapsed());
        assert!(
            s.hits.iter().all(|h| &h.id != *id),
            "{id} is similar to itself"
        );
    }
    eprintln!(
        "similar --limit 20 over {} cables: p50 {:?}, p99 {:?}",
        times.len(),
        percentile(&mut times, 50),
        percentile(&mut times, 99)
    );
}
