#!/usr/bin/env bash
# benches/issue9.sh — before/after figures for issue 9 (the execution core rewrite).
#
# Runs the queries of the issue's table through the real command line of one or more
# `basis` binaries, interleaved round by round so that drift in the machine's load falls on
# every binary alike, and prints a Markdown report: per measure, the median of each binary
# and the ratio to the first binary, plus the machine and its load before and after.
#
# Why the command line and not criterion: the issue's figures are what a user sees
# (`basis query --timing`, whole-command wall time and peak RSS), and the old binary must be
# measured as built, without linking this tree's code.

set -euo pipefail

ROUNDS=5
DATA=${ISSUE9_DATA:-}
NAIVE=0
TIMEOUT=400
BINS=()
# Each binary's data directory, or empty for --data's.
BDATA=()

usage() {
    cat <<'EOF'
usage: benches/issue9.sh [--rounds N] [--naive] --data DIR BINARY[=DIR] [BINARY[=DIR]...]

Measures each BINARY (a built `basis`) on the queries of issue 9 and prints a Markdown
report on standard output (progress goes to standard error):

  - `execute` from `basis query --timing`, whole-command wall time and peak RSS, median of
    N rounds (default 5) for each query of the issue's table;
  - load and index from `--timing` of `basis query 'count orgs'` at 1M and 10M;
  - peak RSS of `basis query flows --format csv > /dev/null` at 1M;
  - wall time of `basis query flows --format csv | head -3` at 10M, ONCE per binary
    (the old binary takes minutes), under `timeout 400`.

The binaries run one after another within each round (in reverse order every other
round). Ratios are the first binary's median divided by each other's: above 1, the
other binary is faster (or smaller).

Options:
  -d, --data DIR    directory holding 1m.basis and 10m.basis (or set ISSUE9_DATA); make
                    them with the OLD binary so that every binary reads the same bytes:
                      basis gen --flows 1000000  --seed 7 -o DIR/1m.basis
                      basis gen --flows 10000000 --seed 7 -o DIR/10m.basis
  -r, --rounds N    rounds (at least 5; default 5)
      --naive       also time `--engine naive` on the 1M queries
  -h, --help        this text

A BINARY written BINARY=DIR reads DIR's 1m.basis and 10m.basis instead of --data's: for
binaries of two snapshot formats, each given the same datasets written by itself (`basis gen`
with the same arguments makes the same model).

Example:
  benches/issue9.sh --data /work/data /work/bin/basis-before ./target/release/basis > bench.md
EOF
}

die() {
    echo "issue9.sh: $*" >&2
    echo "run benches/issue9.sh --help for usage" >&2
    exit 2
}

while (($#)); do
    case $1 in
    -h | --help)
        usage
        exit 0
        ;;
    -d | --data)
        (($# >= 2)) || die "$1 needs a directory"
        DATA=$2
        shift 2
        ;;
    -r | --rounds)
        (($# >= 2)) || die "$1 needs a number"
        ROUNDS=$2
        shift 2
        ;;
    --naive)
        NAIVE=1
        shift
        ;;
    -*) die "unknown option $1" ;;
    *=*)
        BINS+=("${1%%=*}")
        BDATA+=("${1#*=}")
        shift
        ;;
    *)
        BINS+=("$1")
        BDATA+=("")
        shift
        ;;
    esac
done

# ---- checks ----------------------------------------------------------------------------------

((${#BINS[@]} >= 1)) || die "no binary given"
if ! [[ $ROUNDS =~ ^[0-9]+$ ]] || ((ROUNDS < 5)); then
    die "--rounds must be a number, at least 5 (got $ROUNDS)"
fi
[[ -n $DATA ]] || die "no data directory: pass --data DIR (or set ISSUE9_DATA)"
for b in "${!BINS[@]}"; do
    [[ -n ${BDATA[$b]} ]] || BDATA[b]=$DATA
    for f in 1m.basis 10m.basis; do
        [[ -f ${BDATA[$b]}/$f ]] || die "${BDATA[$b]}/$f is missing; see --help for the gen commands that make it"
    done
done
for b in "${BINS[@]}"; do
    [[ -x $b ]] || die "$b is not an executable file"
    "$b" --version >/dev/null 2>&1 || die "$b --version failed: is it a basis binary?"
done
for tool in timeout head awk sort date; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
# GNU time for peak RSS (%M); bash's `time` keyword cannot report it.
/usr/bin/time -f '%M' true >/dev/null 2>&1 || die "/usr/bin/time (GNU time) is missing: apt-get install time"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
NB=${#BINS[@]}

# ---- what is measured --------------------------------------------------------------------------

# What is measured, by key: the dataset is the 10M one for keys ending in _10m.
KEYS=(selective_health mh_police council_0001 by_party_type special_by_org_type reach_1m reach_10m
    load_1m load_10m csv_1m)
declare -A FILE LABEL
# The query of each key, as the arguments after `--timing`. Listings print as CSV, so that
# every row is built by either binary: the terminal table of a streaming binary stops
# building cells after the 10,000 rows it shows, which would flatter its `execute`.
# shellcheck disable=SC2034 # read through namerefs: `declare -n q="Q_$k"`
{
    Q_selective_health=(--format csv 'recipients where category in health and basis = art 9(2)(h)')
    Q_mh_police=(--format csv 'recipients where category in mental-health and basis = art 9(2)(h) and party.type = police')
    Q_council_0001=(--format csv 'recipients where category in health and basis = art 9(2)(h) and org = council-0001')
    Q_by_party_type=(--format csv 'count flows by party.type')
    Q_special_by_org_type=(--format csv 'count flows where category is special by org, party.type')
    Q_reach_1m=(--format csv 'recipients reachable from council-0001 max 2')
    Q_reach_10m=(--format csv 'recipients reachable from council-0001 max 2')
    Q_load_1m=('count orgs')
    Q_load_10m=('count orgs')
    Q_csv_1m=(flows --format csv)
}
for k in "${KEYS[@]}"; do
    case $k in
    *_10m) FILE[$k]=10m.basis SIZE=10M ;;
    *) FILE[$k]=1m.basis SIZE=1M ;;
    esac
    declare -n q="Q_$k"
    LABEL[$k]="\`${q[-1]}\` (${SIZE})"
    unset -n q
done
# The 1M queries that `--naive` also times with the scanning evaluator.
NAIVE_KEYS=(selective_health mh_police council_0001 by_party_type special_by_org_type reach_1m)

# ---- recording ---------------------------------------------------------------------------------

FAILURES=()

# rec BINARY_INDEX KEY METRIC VALUE: one sample (times in µs, memory in KiB).
rec() { echo "$4" >>"$TMP/$1.$2.$3"; }

# stage_us NAME FILE: the `NAME <number> <unit>` line of --timing output, in µs.
stage_us() {
    awk -v s="$1" '
        $1 == s {
            t = $2 $3
            n = t; sub(/[^0-9.].*$/, "", n)
            u = t; sub(/^[0-9.]+/, "", u)
            f = (u == "ns") ? 0.001 : (u == "µs" || u == "us") ? 1 : (u == "ms") ? 1000 : (u == "s") ? 1000000 : -1
            if (n != "" && f > 0) { printf "%.3f\n", n * f; exit }
        }' "$2"
}

now_us() { echo $(($(date +%s%N) / 1000)); }

# run_query BINARY_INDEX KEY [--engine naive]: one timed `basis query` run.
run_query() {
    local b=$1 k=$2 tag=$2
    shift 2
    local extra=("$@")
    ((${#extra[@]})) && tag=naive_$k
    local -n q="Q_$k"
    local status=0 t0 t1
    t0=$(now_us)
    /usr/bin/time -f '%M' -o "$TMP/time" timeout "$TIMEOUT" \
        "${BINS[$b]}" query --data "${BDATA[$b]}/${FILE[$k]}" --timing "${extra[@]}" "${q[@]}" \
        >/dev/null 2>"$TMP/stderr" || status=$?
    t1=$(now_us)
    if ((status != 0)); then
        FAILURES+=("${BINS[$b]} on $tag: exit $status: $(head -c 300 "$TMP/stderr" | tr '\n' ' ')")
        return 0
    fi
    rec "$b" "$tag" wall $((t1 - t0))
    rec "$b" "$tag" rss "$(tail -n 1 "$TMP/time")"
    local s v load="" index=""
    for s in load index execute; do
        v=$(stage_us "$s" "$TMP/stderr")
        [[ -n $v ]] || continue
        rec "$b" "$tag" "$s" "$v"
        case $s in
        load) load=$v ;;
        index) index=$v ;;
        esac
    done
    if [[ -n $load && -n $index ]]; then
        rec "$b" "$tag" load_index "$(awk -v a="$load" -v b="$index" 'BEGIN { printf "%.3f\n", a + b }')"
    fi
}

# The 10M csv export piped into `head -3`: wall time until the pipeline ends, once.
run_head() {
    local b=$1 t0 t1 st
    t0=$(now_us)
    set +o pipefail
    /usr/bin/time -f '%M' -o "$TMP/time" timeout "$TIMEOUT" \
        "${BINS[$b]}" query --data "${BDATA[$b]}/10m.basis" flows --format csv 2>"$TMP/stderr" |
        head -3 >"$TMP/head.out"
    st=("${PIPESTATUS[@]}")
    set -o pipefail
    t1=$(now_us)
    if ((st[0] == 124)); then
        echo "timeout" >"$TMP/$b.head_10m.note"
    elif ((st[0] != 0)); then
        FAILURES+=("${BINS[$b]} on head_10m: exit ${st[0]}: $(head -c 300 "$TMP/stderr" | tr '\n' ' ')")
        return 0
    fi
    if (($(wc -l <"$TMP/head.out") != 3)); then
        FAILURES+=("${BINS[$b]} on head_10m: head got $(wc -l <"$TMP/head.out") lines, not 3")
    fi
    rec "$b" head_10m wall $((t1 - t0))
    rec "$b" head_10m rss "$(tail -n 1 "$TMP/time")"
}

# ---- formatting --------------------------------------------------------------------------------

median() {
    [[ -s $1 ]] || return 0
    sort -g "$1" | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

fmt_us() {
    awk -v x="$1" 'BEGIN {
        if (x < 1000) printf "%.0f µs", x
        else if (x < 100000) printf "%.1f ms", x / 1000
        else if (x < 1000000) printf "%.0f ms", x / 1000
        else printf "%.2f s", x / 1000000 }'
}

fmt_kib() {
    awk -v x="$1" 'BEGIN {
        if (x < 1048576) printf "%.0f MB", x * 1024 / 1e6
        else printf "%.2f GB", x * 1024 / 1e9 }'
}

# row LABEL KEY METRIC FORMATTER: one table row, medians and ratios to the first binary.
row() {
    local label=$1 k=$2 m=$3 f=$4 b first="" cells="" ratios="" med n
    for ((b = 0; b < NB; b++)); do
        med=$(median "$TMP/$b.$k.$m")
        n=0
        if [[ -s $TMP/$b.$k.$m ]]; then n=$(wc -l <"$TMP/$b.$k.$m"); fi
        if [[ -z $med ]]; then
            cells+=" failed |"
        else
            local cell
            cell=$("$f" "$med")
            if [[ -f $TMP/$b.$k.note ]]; then cell+=" ($(cat "$TMP/$b.$k.note"))"; fi
            if ((n < ROUNDS)) && [[ $k != head_10m ]]; then cell+=" (n=$n)"; fi
            cells+=" $cell |"
        fi
        if ((b == 0)); then
            first=$med
        elif ((NB > 1)); then
            if [[ -n $first && -n $med ]] && awk -v x="$med" 'BEGIN { exit !(x > 0) }'; then
                ratios+=" $(awk -v a="$first" -v x="$med" 'BEGIN { printf "%.2f×", a / x }') |"
            else
                ratios+=" – |"
            fi
        fi
    done
    echo "| $label |$cells$ratios"
}

header() {
    local b h="| $1 |" s="|---|"
    for ((b = 0; b < NB; b++)); do
        h+=" $(basename "${BINS[$b]}") |"
        s+="---:|"
    done
    for ((b = 1; b < NB; b++)); do
        h+=" $(basename "${BINS[0]}") ÷ $(basename "${BINS[$b]}") |"
        s+="---:|"
    done
    echo "$h"
    echo "$s"
}

# ---- the run -----------------------------------------------------------------------------------

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date -u '+%Y-%m-%d %H:%M UTC')

# Warm the page cache and each binary once; these runs are not recorded.
for ((b = 0; b < NB; b++)); do
    cat "${BDATA[$b]}/1m.basis" "${BDATA[$b]}/10m.basis" >/dev/null
    "${BINS[$b]}" query --data "${BDATA[$b]}/1m.basis" 'count orgs' >/dev/null 2>&1 || true
done

for ((r = 1; r <= ROUNDS; r++)); do
    echo "round $r/$ROUNDS" >&2
    order=()
    for ((b = 0; b < NB; b++)); do order+=("$b"); done
    if ((r % 2 == 0)); then
        rev=()
        for ((i = NB - 1; i >= 0; i--)); do rev+=("${order[$i]}"); done
        order=("${rev[@]}")
    fi
    for k in "${KEYS[@]}"; do
        for b in "${order[@]}"; do run_query "$b" "$k"; done
    done
    if ((NAIVE)); then
        for k in "${NAIVE_KEYS[@]}"; do
            for b in "${order[@]}"; do run_query "$b" "$k" --engine naive; done
        done
    fi
done
for ((b = 0; b < NB; b++)); do
    echo "flows --format csv | head -3 at 10M with ${BINS[$b]} (once, up to ${TIMEOUT} s)" >&2
    run_head "$b"
done

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the report --------------------------------------------------------------------------------

echo "# Issue 9: before/after"
echo
echo "Run $START, $ROUNDS rounds; medians. Ratio: the first binary's median ÷ the other's"
echo "(above 1: the other is faster or smaller). \`--timing\` prints whole milliseconds from"
echo "1 ms up in the old binary, so its small figures are coarse."
echo
echo "## Machine"
echo
echo "- nproc: $(nproc)"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "- CPU: ${cpu:-(no model name in /proc/cpuinfo)}"
echo "- memory (free -h):"
echo
echo '```text'
free -h
echo '```'
echo
echo "- load average (1, 5, 15 min): $LOAD_START at start, $LOAD_END at end"
echo "- kernel: $(uname -r)"
echo
echo "## Binaries and data"
echo
for ((b = 0; b < NB; b++)); do
    echo "- \`${BINS[$b]}\`: $("${BINS[$b]}" --version 2>/dev/null | head -1), sha256 $(sha256sum "${BINS[$b]}" | cut -c1-12)"
done
for f in $(printf '%s\n' "${BDATA[@]}" | sort -u); do
    for g in "$f/1m.basis" "$f/10m.basis"; do
        echo "- \`$g\`: $(stat -c %s "$g") bytes, sha256 $(sha256sum "$g" | cut -c1-12)"
    done
done
echo
echo "## Queries: \`execute\` from \`basis query --timing\`"
echo
header query
for k in selective_health mh_police council_0001 by_party_type special_by_org_type reach_1m reach_10m; do
    row "${LABEL[$k]}" "$k" execute fmt_us
done
echo
echo "## Queries: whole command (load, index, execute, output to /dev/null)"
echo
header "query — wall time"
for k in selective_health mh_police council_0001 by_party_type special_by_org_type reach_1m reach_10m; do
    row "${LABEL[$k]}" "$k" wall fmt_us
done
echo
header "query — peak RSS"
for k in selective_health mh_police council_0001 by_party_type special_by_org_type reach_1m reach_10m; do
    row "${LABEL[$k]}" "$k" rss fmt_kib
done
echo
echo "## Load and index (\`basis query 'count orgs' --timing\`)"
echo
header measure
for k in load_1m load_10m; do
    sz=${k#load_}
    sz=${sz^^}
    row "load ($sz)" "$k" load fmt_us
    row "index ($sz)" "$k" index fmt_us
    row "load + index ($sz)" "$k" load_index fmt_us
    row "whole command, wall ($sz)" "$k" wall fmt_us
    row "whole command, peak RSS ($sz)" "$k" rss fmt_kib
done
echo
echo "## CSV export"
echo
header measure
row "\`flows --format csv > /dev/null\` peak RSS (1M)" csv_1m rss fmt_kib
row "\`flows --format csv > /dev/null\` wall (1M)" csv_1m wall fmt_us
row "\`flows --format csv \\| head -3\` wall (10M, one run)" head_10m wall fmt_us
row "\`flows --format csv \\| head -3\` peak RSS (10M, one run)" head_10m rss fmt_kib
if ((NAIVE)); then
    echo
    echo "## The scanning evaluator (\`--engine naive\`), 1M: \`execute\`"
    echo
    header query
    for k in "${NAIVE_KEYS[@]}"; do
        row "${LABEL[$k]}" "naive_$k" execute fmt_us
    done
fi
if ((${#FAILURES[@]})); then
    echo
    echo "## Failures"
    echo
    for f in "${FAILURES[@]}"; do echo "- $f"; done
    exit 1
fi
