#!/usr/bin/env bash
# Full-scale benchmark of cablegram against plain tantivy (the peer in
# ../shared/tools/tantivy_baseline), as issue 4 asks: import time, peak
# memory and index size; search latency over benches/queries.txt; `show`
# wall time from process start. Prints the figures and a summary with the
# targets; exits non-zero only when something fails (a missed target is
# reported, not an error).
#
#   scripts/bench_fullscale.sh            # 251,287 cables in target/fullscale
#   N=5000 scripts/bench_fullscale.sh     # a quick run in target/fullscale-5000
#
# Environment: N (corpus size, passed to gen_fullscale.py --n), REPEAT
# (timed rounds of the query list, default 5, after one warm-up round),
# SHOW_RUNS (timed runs of each `show`, default 10). Everything it writes
# goes under target/ (never committed): the corpus, the libraries
# (target/bench-lib, target/tb-index) and the logs (target/bench/).
# Needs python3, cargo, /usr/bin/time (installed with apt when missing and
# running as root) and, when available, hyperfine.
set -euo pipefail

cd "$(dirname "$0")/.."

N="${N:-}"
REPEAT="${REPEAT:-5}"
SHOW_RUNS="${SHOW_RUNS:-10}"
for v in N REPEAT SHOW_RUNS; do
    if [ -n "${!v}" ] && ! [[ "${!v}" =~ ^[1-9][0-9]*$ ]]; then
        echo "error: $v=${!v} is not a positive number" >&2
        exit 2
    fi
done
if [ -n "$N" ]; then
    SUFFIX="-$N"
    GEN_ARGS=(--n "$N")
    CABLES="$N"
else
    SUFFIX=""
    GEN_ARGS=()
    CABLES=251287
fi
CORPUS="target/fullscale$SUFFIX"
LIB="target/bench-lib$SUFFIX"
TB_INDEX="target/tb-index$SUFFIX"
WORK="target/bench$SUFFIX"
POOL=../shared/corpus/pool.jsonl.gz
GEN=../shared/tools/gen_fullscale.py
BASELINE_MANIFEST=../shared/tools/tantivy_baseline/Cargo.toml
BASELINE=target/baseline/release/tantivy_baseline
# `--library` goes after the subcommand: that form works whatever the
# top-level arguments (such as the reader's optional ID) look like.
CABLEGRAM=target/release/cablegram
QUERY_LATENCY=target/release/examples/query_latency
RELATED_LATENCY=target/release/examples/related_latency
TUI_BENCH=target/release/examples/tui_bench
OVERVIEW_LATENCY=target/release/examples/overview_latency
QUERIES=benches/queries.txt

step() { printf '\n==> %s\n' "$*"; }
die() {
    echo "error: $*" >&2
    exit 2
}

# --- tools ---------------------------------------------------------------------
command -v python3 >/dev/null || die "python3 is needed (it runs the corpus generator)"
command -v cargo >/dev/null || die "cargo is needed"
if ! [ -f "$POOL" ] || ! [ -f "$GEN" ] || ! [ -f "$BASELINE_MANIFEST" ]; then
    die "../shared (corpus pool, generator, tantivy_baseline) is not next to the checkout"
fi
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
if [ ! -x /usr/bin/time ]; then
    can_apt || die "/usr/bin/time is missing: install the 'time' package"
    step "installing time"
    apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
if ! command -v hyperfine >/dev/null && can_apt; then
    step "installing hyperfine"
    apt-get install -y hyperfine >/dev/null 2>&1 ||
        echo "note: hyperfine is not installable; timing show with a shell loop"
fi

mkdir -p "$WORK"
# What is measured, and how busy the machine is (other jobs skew the
# absolute figures; the ratios to the baseline less so).
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$revision" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    revision="$revision+changes"
fi
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 1. the corpus -----------------------------------------------------------------
# stats.json is written last: its presence means a finished generation.
if [ -f "$CORPUS/cables.csv" ] && [ -f "$CORPUS/cables.jsonl" ] && [ -f "$CORPUS/stats.json" ]; then
    step "corpus: $CORPUS exists, not regenerated"
else
    # CSV + JSON Lines (~6.8 KB each per cable), both indexes (~as much again).
    need=$((CABLES * 6800 * 4))
    mkdir -p target
    avail=$(df --output=avail -B1 target | tail -1 | tr -d ' ')
    if [ "$avail" -lt "$need" ]; then
        die "$((avail / 1000000)) MB free under target/, the benchmark needs about $((need / 1000000)) MB"
    fi
    step "generating $CABLES cables into $CORPUS"
    python3 "$GEN" "$POOL" "$CORPUS" "${GEN_ARGS[@]}"
fi
csv_bytes=$(stat -c %s "$CORPUS/cables.csv")
jsonl_bytes=$(stat -c %s "$CORPUS/cables.jsonl")

# --- 2. builds -------------------------------------------------------------------------
step "cargo build --release (cablegram, examples/query_latency, tantivy_baseline)"
cargo build --release --quiet
cargo build --release --quiet --example query_latency --example related_latency \
    --example tui_bench --example overview_latency
CARGO_TARGET_DIR="$PWD/target/baseline" cargo build --release --quiet --manifest-path "$BASELINE_MANIFEST"

# timed NAME CMD...: runs CMD under /usr/bin/time -v (report in
# $WORK/NAME.time, stdout in NAME.out, stderr in NAME.err) and samples its
# /proc status every 0.2 s for the peak of anonymous and of file-backed
# (mmap'd index files) resident memory, which /usr/bin/time adds together.
# Sets the exit status of CMD.
timed() {
    local name=$1
    shift
    /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    local tpid=$! child="" anon=0 file=0 a f
    while kill -0 "$tpid" 2>/dev/null; do
        [ -z "$child" ] && child=$(pgrep -P "$tpid" | head -1 || true)
        if [ -n "$child" ] && read -r a f < <(awk '/^RssAnon/ { a = $2 } /^RssFile/ { f = $2 } END { print a + 0, f + 0 }' "/proc/$child/status" 2>/dev/null); then
            [ "$a" -gt "$anon" ] && anon=$a
            [ "$f" -gt "$file" ] && file=$f
        fi
        sleep 0.2
    done
    echo "$((anon / 1024)) $((file / 1024))" >"$WORK/$name.mem"
    wait "$tpid"
}

# $WORK/NAME.time and NAME.mem → "wall_seconds peak_rss_mb peak_anon_mb peak_file_mb"
time_figures() {
    awk -F': ' '
        /Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); s = 0
            for (i = 1; i <= n; i++) s = s * 60 + p[i]
        }
        /Maximum resident set size/ { rss = $2 / 1024 }
        END { printf "%.1f %.0f ", s, rss }' "$WORK/$1.time"
    cat "$WORK/$1.mem"
}

# --- 3. import -----------------------------------------------------------------------
step "import: $CORPUS/cables.csv ($((csv_bytes / 1000000)) MB) into a fresh $LIB"
rm -rf "$LIB"
rc=0
timed import "$CABLEGRAM" import --library "$LIB" "$CORPUS/cables.csv" || rc=$?
cat "$WORK/import.out"
if [ "$rc" -eq 1 ]; then
    echo "note: import exited 1 (some input rejected); first lines of $WORK/import.err:" >&2
    head -5 "$WORK/import.err" >&2
elif [ "$rc" -ne 0 ]; then
    cat "$WORK/import.err" >&2
    die "import failed (exit $rc)"
fi
read -r import_s import_rss import_anon import_file < <(time_figures import)
lib_bytes=$(du -sb "$LIB" | cut -f1)
lib_cables=$("$CABLEGRAM" info --library "$LIB" --json |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["cables"])')
echo "import: $lib_cables cables in $import_s s, peak RSS $import_rss MB" \
    "(sampled peaks: anonymous $import_anon MB, mapped files $import_file MB), library $((lib_bytes / 1000000)) MB on disk"

# --- 4. the baseline's indexing --------------------------------------------------------
step "baseline: tantivy_baseline index $CORPUS/cables.jsonl $TB_INDEX 2"
rm -rf "$TB_INDEX"
rc=0
timed tb-index "$BASELINE" index "$CORPUS/cables.jsonl" "$TB_INDEX" 2 || rc=$?
cat "$WORK/tb-index.out"
if [ "$rc" -ne 0 ]; then
    cat "$WORK/tb-index.err" >&2
    die "tantivy_baseline index failed (exit $rc)"
fi
read -r tb_import_s tb_import_rss tb_import_anon tb_import_file < <(time_figures tb-index)
tb_bytes=$(du -sb "$TB_INDEX" | cut -f1)
echo "baseline: $tb_import_s s, peak RSS $tb_import_rss MB" \
    "(sampled peaks: anonymous $tb_import_anon MB, mapped files $tb_import_file MB), index $((tb_bytes / 1000000)) MB on disk"

# --- 5. search latency --------------------------------------------------------------
# IDs from the generated corpus (they change with N): the first line of each
# CSV row is `"seq","created","id","origin","class","refs","header…` (a quote
# inside a field is written \", so no other line starts with `"digits","`).
# refs: cited cables present in the corpus, from the most cited to one cited
# once, and two cited ones that are not in the corpus; show: 20 cables spread
# over the corpus.
step "picking cable IDs from $CORPUS/cables.csv"
grep -aE '^"[0-9]+","' "$CORPUS/cables.csv" | python3 -c '
import sys
present, order, cited = set(), [], {}
for line in sys.stdin:
    cols = line.split("\",\"")
    if len(cols) < 6:
        continue
    present.add(cols[2]); order.append(cols[2])
    for r in cols[5].split("|"):
        if r:
            cited[r] = cited.get(r, 0) + 1
inside = sorted((r for r in cited if r in present), key=lambda r: (-cited[r], r))
outside = sorted((r for r in cited if r not in present), key=lambda r: (-cited[r], r))
if len(inside) < 6 or len(outside) < 2 or len(order) < 20:
    sys.exit("the corpus is too small to pick IDs from")
at = lambda v, q: v[min(len(v) - 1, int((len(v) - 1) * q))]
refs = [at(inside, q) for q in (0, 0.1, 0.25, 0.5, 0.75, 1.0)] + [at(outside, q) for q in (0, 0.5)]
for i, r in enumerate(refs, 1):
    print("REF%d %s %d" % (i, r, cited[r]))
show = [order[(2 * k + 1) * len(order) // 40] for k in range(20)]
for s in show:
    print("SHOW %s" % s)
# For the threads: the 100 most cited cables and 100 spread over the corpus.
for r in inside[:100]:
    print("THREAD %s" % r)
for k in range(100):
    print("THREAD %s" % order[(2 * k + 1) * len(order) // 200])
' >"$WORK/ids.txt"
awk '$1 == "THREAD" { print $2 }' "$WORK/ids.txt" >"$WORK/thread-ids.txt"
show_ids=$(awk '$1 == "SHOW" { print $2 }' "$WORK/ids.txt")
id1=$(echo "$show_ids" | sed -n 1p)
id2=$(echo "$show_ids" | sed -n 2p)
sed_script=$(awk '$1 ~ /^REF/ { printf "s/@%s@/%s/g;", $1, $2 }' "$WORK/ids.txt")
sed -e "$sed_script" -e "s/@ID1@/$id1/g; s/@ID2@/$id2/g" "$QUERIES" >"$WORK/queries.txt"
if grep -vE '^\s*#' "$WORK/queries.txt" | grep -q '@[A-Z0-9]*@'; then
    die "$QUERIES has a placeholder this script does not fill"
fi
awk '$1 ~ /^REF/ { printf "  refs:%s cited by %s\n", $2, $3 }' "$WORK/ids.txt"
# The comparable subset, in the baseline's syntax: the 4th column.
grep -vE '^\s*(#|$)' "$WORK/queries.txt" |
    sed -nE 's/^[^|]*\|[^|]*\|[^|]*\|[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\1/p' >"$WORK/queries.baseline.txt"

step "search latency: $QUERIES, 1 warm-up + $REPEAT timed rounds, top 50 with the total"
"$QUERY_LATENCY" "$LIB" "$WORK/queries.txt" --repeat "$REPEAT" --warmup 1 --limit 50 | tee "$WORK/query.out"
# "LABEL  COUNT searches  p50 X ms  p99 Y ms  max Z ms"
latency() { awk -v l="$2" -v f="$3" '$1 == l { for (i = 1; i <= NF; i++) if ($i == f) print $(i + 1) }' "$WORK/$1"; }
q_p50=$(latency query.out all p50)
q_p99=$(latency query.out all p99)
q_max=$(latency query.out all max)
qc_p50=$(latency query.out comparable p50)
qc_p99=$(latency query.out comparable p99)

# The same with --limit 1: the query and the count alone, nearly; the
# difference is what reading and laying out 49 more hits costs.
step "search latency, top 1 instead of 50 (breakdown)"
"$QUERY_LATENCY" "$LIB" "$WORK/queries.txt" --repeat "$REPEAT" --warmup 1 --limit 1 >"$WORK/query-top1.out"
grep -E '^(all|comparable) ' "$WORK/query-top1.out"
q1_p50=$(latency query-top1.out all p50)
q1_p99=$(latency query-top1.out all p99)

# At the peer's k: the figures the scale issue compares.
step "search latency, top 20 (the baseline's k)"
"$QUERY_LATENCY" "$LIB" "$WORK/queries.txt" --repeat "$REPEAT" --warmup 1 --limit 20 >"$WORK/query-top20.out"
grep -E '^(all|comparable) ' "$WORK/query-top20.out"
qc20_p50=$(latency query-top20.out comparable p50)
qc20_p99=$(latency query-top20.out comparable p99)

step "baseline search latency: $(wc -l <"$WORK/queries.baseline.txt") comparable queries, top 20 with the count"
"$BASELINE" query "$TB_INDEX" "$WORK/queries.baseline.txt" 1 >/dev/null # warm-up round
"$BASELINE" query "$TB_INDEX" "$WORK/queries.baseline.txt" "$REPEAT" | tee "$WORK/tb-query.out"
read -r tb_p50 tb_p99 < <(awk '{ for (i = 1; i <= NF; i++) { if ($i == "p50") a = $(i + 1); if ($i == "p99") b = $(i + 1) } } END { print a, b }' "$WORK/tb-query.out")

# --- 6. show wall time ------------------------------------------------------------
step "show: wall time from process start, 20 cables, $SHOW_RUNS runs each"
if command -v hyperfine >/dev/null; then
    hyperfine -N --style basic --warmup 2 --runs "$SHOW_RUNS" --export-json "$WORK/show.json" \
        -L id "$(echo "$show_ids" | paste -sd,)" \
        "$CABLEGRAM show --library $LIB {id}" >"$WORK/show.log" 2>&1
    python3 - "$WORK/show.json" >"$WORK/show.times" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    for t in r["times"]:
        print("%s %.3f" % (r["parameters"]["id"], t * 1e3))
EOF
else
    : >"$WORK/show.times"
    for id in $show_ids; do
        "$CABLEGRAM" show --library "$LIB" "$id" >/dev/null # warm-up
        for _ in $(seq "$SHOW_RUNS"); do
            t0=$(date +%s%N)
            "$CABLEGRAM" show --library "$LIB" "$id" >/dev/null
            t1=$(date +%s%N)
            awk -v id="$id" -v ns="$((t1 - t0))" 'BEGIN { printf "%s %.3f\n", id, ns / 1e6 }' >>"$WORK/show.times"
        done
    done
fi
read -r show_med show_max show_worst_id show_worst_med < <(python3 - "$WORK/show.times" <<'EOF'
import statistics, sys
per = {}
for line in open(sys.argv[1]):
    i, t = line.split()
    per.setdefault(i, []).append(float(t))
allt = sorted(t for v in per.values() for t in v)
worst = max(per, key=lambda i: statistics.median(per[i]))
print("%.1f %.1f %s %.1f" % (statistics.median(allt), allt[-1], worst, statistics.median(per[worst])))
EOF
)
echo "show: median $show_med ms, max $show_max ms over $(wc -l <"$WORK/show.times") runs; slowest cable $show_worst_id (median $show_worst_med ms)"

# --- 7. the features' figures ------------------------------------------------------------
# Threads: building one (depth 2, limit 200) and `similar`, over the 100
# most cited cables and 100 spread; the reader's `T` and a thread read as
# one (tui_bench); triage: list movement with 50,000 read marks, `r`, the
# saved-searches view, `is:unread`; the overview's facet counts.
step "threads and similar: $(wc -l <"$WORK/thread-ids.txt") cables"
"$RELATED_LATENCY" "$LIB" "$WORK/thread-ids.txt" --repeat 3 | tee "$WORK/related.out"
thread_p99=$(latency related.out thread p99)
similar_p50=$(latency related.out similar p50)
step "reader: keys, thread view, thread read as one, triage (tui_bench)"
"$TUI_BENCH" "$LIB" keys thread thread-read overview triage --ids "$WORK/thread-ids.txt" | tee "$WORK/tui.out"
step "is:unread with 50,000 read marks"
printf 'user | auto | is:unread\nuser | auto | is:unread tag:PREL\nuser | date | is:unread origin:moscow\n' >"$WORK/queries-marks.txt"
"$QUERY_LATENCY" "$LIB" "$WORK/queries-marks.txt" --repeat "$REPEAT" --warmup 1 --limit 50 --marks 50000 | tee "$WORK/query-marks.out"
unread_p99=$(latency query-marks.out all p99)
step "overview: facet counts of every cable and of tag:PREL"
"$OVERVIEW_LATENCY" "$LIB" --repeat 20 "" | tee "$WORK/overview-all.out"
"$OVERVIEW_LATENCY" "$LIB" --repeat 20 "tag:PREL" | tee "$WORK/overview-prel.out"
# The overview issue's check: stats (the overview's counts) and search give
# the same total for every query of the list.
step "stats and search: the same total for each of the $(grep -cvE '^\s*(#|$)' "$WORK/queries.txt") queries"
python3 - "$CABLEGRAM" "$LIB" "$WORK/queries.txt" <<'PYEOF' | tee "$WORK/agree.out"
import json, subprocess, sys
cg, lib, queries = sys.argv[1:4]
checked = differ = 0
for line in open(queries):
    parts = [p.strip() for p in line.split("|")]
    if line.lstrip().startswith("#") or len(parts) < 3:
        continue
    q = parts[2]
    def total(*command):
        out = subprocess.run([cg, *command, "--library", lib, "--json", "--", q],
                             capture_output=True, text=True, check=True).stdout
        return json.loads(out)["total"]
    stats, search = total("stats"), total("search", "--limit", "0")
    checked += 1
    if stats != search:
        differ += 1
        print("differ: %r: stats %d, search %d" % (q, stats, search))
print("stats and search totals: %d queries, %d differ" % (checked, differ))
PYEOF
agree=$(awk '/^stats and search totals/ { print $(NF - 1) }' "$WORK/agree.out")
# The triage issue's export: memory does not grow with the count.
step "export --full --format md of 1,000 and of 100,000 cables: peak RSS"
# awk, not head, takes the first lines: head would stop reading, and under
# pipefail grep's broken pipe would end the script.
grep -aE '^"[0-9]+","' "$CORPUS/cables.csv" | cut -d'"' -f6 | awk 'NR <= 100000' >"$WORK/ids-100000.txt"
awk 'NR <= 1000' "$WORK/ids-100000.txt" >"$WORK/ids-1000.txt"
for n in 1000 100000; do
    timed "export-$n" "$CABLEGRAM" export --library "$LIB" --ids "$WORK/ids-$n.txt" --full --format md -o "$WORK/export-$n.md"
done
read -r _ export1k_rss _ < <(time_figures export-1000)
read -r _ export100k_rss _ < <(time_figures export-100000)
echo "export: peak RSS $export1k_rss MB for 1,000 cables, $export100k_rss MB for 100,000"

# --- 8. summary -------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "ok" : "MISS") }'; }
target_mult() { awk -v a="$1" -v m="$2" 'BEGIN { printf "%.0f", a * m }'; }
index_to_csv=$(ratio "$lib_bytes" "$csv_bytes")
tb_to_jsonl=$(ratio "$tb_bytes" "$jsonl_bytes")
scale_note=""
[ -n "$N" ] && scale_note=" (targets are for the full 251,287; this run has $N)"

step "summary: $lib_cables cables, CSV $(mb "$csv_bytes") MB$scale_note"
echo "cablegram $revision; load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end ($(nproc) cores)"
printf '%-28s %12s %12s %14s %10s %6s\n' figure cablegram target tantivy_base ratio ""
row() { printf '%-28s %12s %12s %14s %10s %6s\n' "$@"; }
row "import wall (s)" "$import_s" "<= 120" "$tb_import_s" "$(ratio "$import_s" "$tb_import_s")" "$(verdict "$import_s" 120)"
row "import peak RSS (MB)" "$import_rss" "<= 1024" "$tb_import_rss" "$(ratio "$import_rss" "$tb_import_rss")" "$(verdict "$import_rss" 1024)"
row "  peak anonymous (MB)" "$import_anon" "" "$tb_import_anon" "$(ratio "$import_anon" "$tb_import_anon")" ""
row "  peak mapped files (MB)" "$import_file" "" "$tb_import_file" "" ""
row "index size (MB)" "$(mb "$lib_bytes")" "<= $(mb "$(target_mult "$csv_bytes" 1.2)")" "$(mb "$tb_bytes")" "$(ratio "$lib_bytes" "$tb_bytes")" "$(verdict "$index_to_csv" 1.2)"
row "index / CSV" "$index_to_csv" "<= 1.2" "$tb_to_jsonl" "" ""
row "search p50, all 100 (ms)" "$q_p50" "<= 5" "" "" "$(verdict "$q_p50" 5)"
row "search p99, all 100 (ms)" "$q_p99" "<= 30" "" "" "$(verdict "$q_p99" 30)"
row "search max, all 100 (ms)" "$q_max" "" "" "" ""
row "  same, top 1: p50 (ms)" "$q1_p50" "" "" "" ""
row "  same, top 1: p99 (ms)" "$q1_p99" "" "" "" ""
row "search p50, comparable (ms)" "$qc_p50" "<= 5" "$tb_p50" "$(ratio "$qc_p50" "$tb_p50")" "$(verdict "$qc_p50" 5)"
row "search p99, comparable (ms)" "$qc_p99" "<= 30" "$tb_p99" "$(ratio "$qc_p99" "$tb_p99")" "$(verdict "$qc_p99" 30)"
row "  top 20: p50 (ms)" "$qc20_p50" "<= 2x peer" "$tb_p50" "$(ratio "$qc20_p50" "$tb_p50")" "$(verdict "$(ratio "$qc20_p50" "$tb_p50")" 2)"
row "  top 20: p99 (ms)" "$qc20_p99" "<= peer" "$tb_p99" "$(ratio "$qc20_p99" "$tb_p99")" "$(verdict "$(ratio "$qc20_p99" "$tb_p99")" 1)"
row "import / peer" "$(ratio "$import_s" "$tb_import_s")" "<= 1.3" "" "" "$(verdict "$(ratio "$import_s" "$tb_import_s")" 1.3)"
row "thread build p99 (ms)" "$thread_p99" "<= 20" "" "" "$(verdict "$thread_p99" 20)"
row "similar p50 (ms)" "$similar_p50" "<= 50" "" "" "$(verdict "$similar_p50" 50)"
row "is:unread p99 (ms)" "$unread_p99" "<= 50" "" "" "$(verdict "$unread_p99" 50)"
row "stats != search (queries)" "$agree" "0" "" "" "$(verdict "$agree" 0)"
row "export RSS 100k - 1k (MB)" "$((export100k_rss - export1k_rss))" "< 50" "" "" "$(verdict "$((export100k_rss - export1k_rss))" 49)"
row "show median (ms)" "$show_med" "<= 50" "" "" "$(verdict "$show_med" 50)"
row "show max (ms)" "$show_max" "<= 50" "" "" "$(verdict "$show_max" 50)"
cat <<EOF

Baseline: tantivy_baseline indexes the pre-extracted JSON Lines (no cable
parsing; its index / CSV column is index / JSONL) and searches top 20 by score
with the count, without reading stored documents; cablegram searches top 50
with the count, reads each hit's stored cable and builds its snippet.
"comparable" is the free-text, phrase and boolean subset that both can run.
Logs: $WORK/
EOF
echo
echo "The reader (tui_bench; each line names its target):"
grep -E 'p99|RSS|first frame|marked' "$WORK/tui.out" || true
echo
echo "The overview (facet counts, all eight kinds):"
cat "$WORK/overview-all.out" "$WORK/overview-prel.out"
