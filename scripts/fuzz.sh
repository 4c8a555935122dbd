#!/usr/bin/env bash
# Fuzzes the cable parser, the release-CSV reader, the query language and
# the configuration file (tests/fuzz.rs) on stable Rust, and prints how many
# inputs ran and how many failed.
#
#   scripts/fuzz.sh [INPUTS] [--debug]
#
# INPUTS defaults to 100,000 (over all four targets). The build is the
# `fuzz` profile of Cargo.toml: optimised, with the overflow checks and
# assertions of a debug build (its first build takes a few minutes; the
# time printed at the end is the fuzzing alone). `--debug` uses the debug
# build of `cargo test` instead: no extra build, about ten times slower per
# input (CI runs a short budget that way).
#
# CABLEGRAM_FUZZ_SEED repeats a run, CABLEGRAM_FUZZ_TARGET picks one target
# (parse, csv, query, config). Failing inputs are kept in
# target/fuzz-failures/. Exit status: 0 when nothing failed.
set -euo pipefail

cd "$(dirname "$0")/.."

inputs=100000
profile=(--profile fuzz)
for arg in "$@"; do
    case "$arg" in
        --debug) profile=() ;;
        ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [INPUTS] [--debug]" >&2; exit 2 ;;
        *) inputs="$arg" ;;
    esac
done

cargo test "${profile[@]}" --test fuzz --no-run

start=$(date +%s)
CABLEGRAM_FUZZ_INPUTS="$inputs" cargo test "${profile[@]}" --test fuzz -- --nocapture
echo "fuzz.sh: ${inputs} inputs in $(( $(date +%s) - start )) s of wall time"
