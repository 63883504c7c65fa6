#!/usr/bin/env bash
# PNG export of the generated 1-hub, 30-spoke, 30-cluster estate: netdraft
# against mingrammer/diagrams + Graphviz drawing the same topology
# (bench/diagrams_estate.py reads the same design file), whole process, 5 runs each, medians of wall time
# and peak RSS from GNU time. Run from the repository root:
#
#   bench/png-vs-diagrams.sh            # builds netdraft in release mode first
#   RUNS=9 bench/png-vs-diagrams.sh
#   NETDRAFT_ARGS="--max-size 8192" bench/png-vs-diagrams.sh   # extra export flags
#   DIRECTION=TB bench/png-vs-diagrams.sh   # diagrams laid out top to bottom
#   NETDRAFT=path/to/netdraft bench/png-vs-diagrams.sh   # another build, no cargo
#
# Needs: cargo, python3 with venv, GNU time (/usr/bin/time) and Graphviz's
# `dot` (Debian: apt-get install -y graphviz time). The venv with the pinned
# diagrams release is made under $WORK (default target/png-bench) once.
set -euo pipefail

RUNS=${RUNS:-5}
DIAGRAMS_VERSION=${DIAGRAMS_VERSION:-0.25.1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$ROOT/target/png-bench}
NETDRAFT_ARGS=${NETDRAFT_ARGS:-}
mkdir -p "$WORK"

for tool in /usr/bin/time dot python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y time graphviz python3-venv)" >&2; exit 2; }
done

if [[ -z ${NETDRAFT:-} ]]; then
    (cd "$ROOT" && CARGO_INCREMENTAL=0 cargo build --release --quiet --bin netdraft)
    NETDRAFT=$ROOT/target/release/netdraft
fi

if [[ ! -x $WORK/venv/bin/python ]]; then
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install --quiet "diagrams==$DIAGRAMS_VERSION"
fi

DESIGN=$WORK/estate.netdraft.toml
"$NETDRAFT" generate --hubs 1 --spokes-per-hub 30 --clusters 30 -o "$DESIGN" >/dev/null

# One run of a command under GNU time: prints "seconds kilobytes".
measure() {
    local log=$WORK/time.log
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/stderr.log" || {
        cat "$WORK/stderr.log" >&2
        exit 1
    }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    # m:ss.ss or h:mm:ss to seconds.
    wall=$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
    echo "$wall $rss"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

run_many() {
    local name=$1
    shift
    local times=() rsss=()
    for _ in $(seq "$RUNS"); do
        read -r wall rss < <(measure "$@")
        times+=("$wall")
        rsss+=("$rss")
    done
    local t m
    t=$(printf '%s\n' "${times[@]}" | median)
    m=$(printf '%s\n' "${rsss[@]}" | median)
    printf '%-22s median %6.3f s  (runs: %s)  peak RSS median %5.0f MB\n' \
        "$name" "$t" "${times[*]}" "$(awk -v k="$m" 'BEGIN { print k / 1024 }')"
}

# shellcheck disable=SC2086 # NETDRAFT_ARGS is a list of flags
run_many "netdraft png" "$NETDRAFT" export "$DESIGN" --format png -o "$WORK/netdraft" --force $NETDRAFT_ARGS
run_many "diagrams + Graphviz" "$WORK/venv/bin/python" "$ROOT/bench/diagrams_estate.py" "$DESIGN" "$WORK/diagrams"

size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"; }
echo "pictures: netdraft $(size "$WORK/netdraft/design.png") ($(du -k "$WORK/netdraft/design.png" | cut -f1) KB)," \
    "diagrams $(size "$WORK/diagrams/design.png") ($(du -k "$WORK/diagrams/design.png" | cut -f1) KB) in $WORK"
