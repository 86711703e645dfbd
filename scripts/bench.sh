#!/bin/bash
# make bench: what a scenario costs next to what a user would do by hand (README, "Benchmarks"). Every figure is
# the median of REPS repetitions (default 5) from this one run; the table is printed and written as markdown to
# .build/bench.md. E_REPS (default REPS) sets (e)'s, by far the longest part, on its own. PARTS picks the figures
# (default "a b c d e"; REPS=1 PARTS="a d" for a quick look):
#   a  the cached hello-console example scenario  vs  a bare `docker run --network none` of its publish output
#   b  the same with a fresh build                 vs  host `dotnet publish` of a copy of it + that `docker run`
#   c  a loop of 50 000 open() in the sandbox, monitored through ./dynamicprobe  vs  a bare `docker run` of it
#   d  the C# event path (parse, assemble, analyse) on a generated stream of EVENTS (default 1 000 000) events
#   e  16 copies of hello-console in one run at --parallel 1, 2 and 4
# Needs root, the engine and the images (`make images`) and the build (`make build`). Only benign programs run:
# hello-console (the one sample a host `dotnet publish` may build: it is an example, not an attack) and core Perl.
# Containers run with --network none. Everything the bench makes goes in one scratch folder, removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=${REPS:-5}
E_REPS=${E_REPS:-$REPS}
PARTS=${PARTS:-a b c d e}
EVENTS=${EVENTS:-1000000}
CONFIGURATION=${CONFIGURATION:-Release}
HELLO=scenarios/examples/hello-console.yaml
HELLO_PROJECT=scenarios/samples/HelloConsole
OPEN_LOOP=tests/DynamicProbe.Benchmarks/OpenLoop
BENCH_DLL=tests/DynamicProbe.Benchmarks/bin/$CONFIGURATION/net10.0/DynamicProbe.Benchmarks.dll
OUT=.build/bench.md

die() { echo "bench.sh: $*" >&2; exit 2; }
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive whole number, not '$REPS'"
[[ $E_REPS =~ ^[1-9][0-9]*$ ]] || die "E_REPS must be a positive whole number, not '$E_REPS'"
[[ $EVENTS =~ ^[1-9][0-9]*$ ]] || die "EVENTS must be a positive whole number, not '$EVENTS'"
for part in $PARTS; do [[ $part =~ ^[abcde]$ ]] || die "PARTS takes a, b, c, d and e, not '$part'"; done
wants() { [[ " $PARTS " == *" $1 "* ]]; }
[ "$(id -u)" -eq 0 ] || die "needs root, as ./dynamicprobe does (sudo make bench)"
[ -x ./dynamicprobe ] && [ -f "$BENCH_DLL" ] || die "the tool or the benchmarks are not built: run make build"
for image in dynamicprobe/base dynamicprobe/dotnet; do
  docker image inspect "$image" >/dev/null 2>&1 || die "image $image is missing: run make images"
done

# A neutral name: the build cache path shows in the sandbox's mountinfo.
work=$(mktemp -d /tmp/bench.XXXXXX)
label="dynamicprobe-bench=$$"
cleanup() {
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null 2>&1 || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

notes=()
rows=()
elapsed=0
rc=0

# timed CMD...: runs CMD; its wall time in ns goes to $elapsed, its exit code to $rc.
timed() {
  local start
  start=$(date +%s%N)
  rc=0
  "$@" || rc=$?
  elapsed=$(( $(date +%s%N) - start ))
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.0f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
seconds() { awk -v ns="$1" 'BEGIN { printf (ns >= 1e10 ? "%.1f s" : "%.2f s"), ns / 1e9 }'; }
times() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }
progress() { echo "bench: $*" >&2; }

# dp LOG JSON ARGS...: one ./dynamicprobe run; its console output goes to LOG.
dp() {
  local log=$1 json=$2
  shift 2
  rm -f "$json" # never read a previous repetition's report
  ./dynamicprobe run "$@" --json "$json" >"$log" 2>&1
}

# check WHAT LOG ALLOWED...: a run whose exit code is not among ALLOWED is noted under the table, its log shown.
check() {
  local what=$1 log=$2
  shift 2
  local code
  for code in "$@"; do [ "$rc" -eq "$code" ] && return 0; done
  notes+=("$what: dynamicprobe exited with code $rc (its figure is kept, but the run did not go as expected)")
  echo "bench: $what: dynamicprobe exited with code $rc:" >&2
  tail -20 "$log" >&2
}

# bare PUBLISH: what a user would do by hand with the hello-console publish output.
bare() {
  docker run --rm --network none --label "$label" -v "$1:/app:ro" dynamicprobe/dotnet /app/HelloConsole probe >/dev/null
}

# host_publish_and_run FOLDER: a fresh copy of hello-console published on the host (no build servers left
# behind, as in the sandbox), then run bare. Chained with &&: under `timed` (a || list) set -e does not apply.
host_publish_and_run() {
  cp -r "$HELLO_PROJECT" "$1" && rm -rf "$1/bin" "$1/obj" &&
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
      dotnet publish "$1/HelloConsole.csproj" -c Release -o "$1/out" --nologo -v quiet --disable-build-servers >/dev/null &&
    bare "$1/out"
}

# The bench's own build cache: (a) and (e) find hello-console's cached build there, (b) never does.
export DYNAMICPROBE_CACHE=$work/cache
publish=""
bare_a=""

warm_cache() {
  progress "warming up: building hello-console into the bench's build cache (not timed)"
  timed dp "$work/warm.log" "$work/warm.json" "$HELLO"
  check "warm-up" "$work/warm.log" 0
  publish=$(find "$work/cache/builds" -mindepth 2 -maxdepth 2 -type d -name publish | head -1)
  [ -n "$publish" ] || die "hello-console's build is not in the cache $work/cache/builds; see the run above"
  bare "$publish"
}

part_a() {
  local dp_ns=() bare_ns=() r
  for ((r = 1; r <= REPS; r++)); do
    timed dp "$work/a.log" "$work/a.json" "$HELLO"
    check "(a) repetition $r" "$work/a.log" 0
    dp_ns+=("$elapsed")
    timed bare "$publish"
    [ "$rc" -eq 0 ] || die "(a) the bare docker run of $publish failed with code $rc"
    bare_ns+=("$elapsed")
    progress "(a) $r/$REPS: dynamicprobe $(seconds "${dp_ns[-1]}"), docker run $(seconds "${bare_ns[-1]}")"
  done
  local m_dp m_bare
  m_dp=$(median "${dp_ns[@]}")
  m_bare=$(median "${bare_ns[@]}")
  bare_a=$m_bare
  rows+=("(a) \`hello-console\` example, build cached|$(seconds "$m_dp")|$(seconds "$m_bare") (bare \`docker run --network none\`)|$(times "$m_dp" "$m_bare") (+$(seconds $((m_dp - m_bare))))|≤ 2 s and ≤ baseline + 1.5 s")
}

part_b() {
  local dp_ns=() host_ns=() r
  progress "(b) warming up the host's dotnet publish (not timed)"
  host_publish_and_run "$work/host-warm"
  for ((r = 1; r <= REPS; r++)); do
    DYNAMICPROBE_CACHE="$work/fresh-$r" timed dp "$work/b.log" "$work/b.json" "$HELLO"
    check "(b) repetition $r" "$work/b.log" 0
    dp_ns+=("$elapsed")
    rm -rf --one-file-system "$work/fresh-$r"
    timed host_publish_and_run "$work/host-$r"
    [ "$rc" -eq 0 ] || die "(b) host dotnet publish + docker run failed with code $rc"
    host_ns+=("$elapsed")
    progress "(b) $r/$REPS: dynamicprobe $(seconds "${dp_ns[-1]}"), host publish + docker run $(seconds "${host_ns[-1]}")"
  done
  local m_dp m_host
  m_dp=$(median "${dp_ns[@]}")
  m_host=$(median "${host_ns[@]}")
  rows+=("(b) same, fresh build|$(seconds "$m_dp")|$(seconds "$m_host") (host \`dotnet publish\` + that \`docker run\`)|$(times "$m_dp" "$m_host")|≤ 1.5×")
}

# loop_ns TEXT: the loop time open-loop.pl printed.
loop_ns() { sed -n 's/.*loop_ns: \([0-9][0-9]*\).*/\1/p' <<<"$1" | head -1; }

part_c() {
  local dp_ns=() bare_ns=() lost=0 r out n l
  for ((r = 1; r <= REPS; r++)); do
    timed dp "$work/c.log" "$work/c.json" "$OPEN_LOOP/open-loop.yaml"
    # 3 (inconclusive) is what lost events give: a figure to report, not a failure of the bench.
    check "(c) repetition $r" "$work/c.log" 0 3
    n=$(loop_ns "$(jq -r '.scenarios[0].steps[0].stdout // ""' "$work/c.json")")
    [ -n "$n" ] || die "(c) the monitored loop printed no time; see $OPEN_LOOP/open-loop.yaml and the run above"
    l=$(jq '[.scenarios[0].phases[] | .lostEvents + .droppedEvents] | add // 0' "$work/c.json")
    lost=$((l > lost ? l : lost))
    dp_ns+=("$n")
    out=$(docker run --rm --network none --label "$label" -v "$PWD/$OPEN_LOOP/work:/work:ro" -w /work dynamicprobe/base \
      /usr/bin/perl /work/open-loop.pl)
    n=$(loop_ns "$out")
    [ -n "$n" ] || die "(c) the bare loop printed no time: $out"
    bare_ns+=("$n")
    progress "(c) $r/$REPS: monitored loop $(seconds "${dp_ns[-1]}") ($l events lost or dropped), bare $(seconds "${bare_ns[-1]}")"
  done
  local m_dp m_bare
  m_dp=$(median "${dp_ns[@]}")
  m_bare=$(median "${bare_ns[@]}")
  rows+=("(c) 50 000 \`open()\` in a loop, the loop's own time|$(seconds "$m_dp") monitored, $lost events lost (most in a run)|$(seconds "$m_bare") (bare \`docker run\`)|$(times "$m_dp" "$m_bare")|≤ 2×, 0 lost")
}

part_d() {
  local generated expected eps=() parse=() peak=() r result
  progress "(d) generating a monitor stream of $EVENTS events (not timed)"
  generated=$(dotnet "$BENCH_DLL" generate --out "$work/stream.jsonl" --events "$EVENTS")
  expected=$(jq .events <<<"$generated")
  for ((r = 1; r <= REPS; r++)); do
    result=$(dotnet "$BENCH_DLL" event-path --stream "$work/stream.jsonl" --allowances sandbox-images/dotnet/allowances.yaml \
      --expect-events "$expected") || die "(d) the event path did not assemble the stream whole: $result"
    eps+=("$(jq .eventsPerSecond <<<"$result")")
    parse+=("$(jq '.lines / .parseSeconds' <<<"$result")")
    peak+=("$(jq .peakWorkingSetBytes <<<"$result")")
    progress "(d) $r/$REPS: $(jq -c . <<<"$result")"
  done
  local m_eps m_parse m_peak
  m_eps=$(median "${eps[@]}")
  m_parse=$(median "${parse[@]}")
  m_peak=$(median "${peak[@]}")
  rows+=("$(awk -v n="$expected" -v lines="$(jq .lines <<<"$generated")" 'BEGIN { printf "(d) C# event path alone: parse, assemble, analyse %.2f M events (%.2f M lines, 4 sandboxes)", n / 1e6, lines / 1e6 }')|$(awk -v e="$m_eps" -v l="$m_parse" -v p="$m_peak" 'BEGIN { printf "%.0f k events/s (parsing alone: %.0f k lines/s), peak %.0f MB", e / 1e3, l / 1e3, p / 1048576 }')|—|—|≥ 1 M events/s, bounded memory")
}

part_e() {
  local p r i
  mkdir -p "$work/sixteen"
  for i in $(seq -w 1 16); do
    sed -e "s|^name: hello-console\$|name: hello-console-$i|" -e "s|project: \.\./samples/|project: $PWD/scenarios/samples/|" \
      "$HELLO" >"$work/sixteen/hello-console-$i.yaml"
  done
  declare -A wall
  for ((r = 1; r <= E_REPS; r++)); do
    for p in 1 2 4; do
      timed dp "$work/e.log" "$work/e.json" "$work/sixteen" --parallel "$p"
      check "(e) --parallel $p, repetition $r" "$work/e.log" 0
      wall[$p]="${wall[$p]:-} $elapsed"
      progress "(e) $r/$E_REPS: 16 scenarios at --parallel $p: $(seconds "$elapsed")"
    done
  done
  local m1 m2 m4
  # shellcheck disable=SC2086 # the lists are space-separated numbers
  m1=$(median ${wall[1]}); m2=$(median ${wall[2]}); m4=$(median ${wall[4]})
  if [ -n "$bare_a" ]; then
    rows+=("(e) 16 × \`hello-console\` (cached), \`--parallel 1\`|$(seconds "$m1")|$(seconds $((bare_a * 16))) (16 × (a)'s bare \`docker run\`)|$(times "$m1" $((bare_a * 16)))|—")
  else
    rows+=("(e) 16 × \`hello-console\` (cached), \`--parallel 1\`|$(seconds "$m1")|—|—|—")
  fi
  rows+=("(e) same, \`--parallel 2\`|$(seconds "$m2")|$(seconds "$m1") (\`--parallel 1\`)|$(times "$m1" "$m2") the throughput|≥ 1.6× the throughput")
  rows+=("(e) same, \`--parallel 4\`|$(seconds "$m4")|$(seconds "$m1") (\`--parallel 1\`)|$(times "$m1" "$m4") the throughput|—")
}

machine() {
  local cpu memory
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  memory=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  printf '%s cores (%s), %s, kernel %s, Docker %s, %s' "$(nproc)" "$cpu" "$memory" "$(uname -r)" \
    "$(docker version --format '{{.Server.Version}}' 2>/dev/null)" "$(bpftrace --version 2>/dev/null)"
}

# table: the rows as a markdown table, its columns padded to line up in a terminal too (perl counts characters, not bytes).
table() {
  printf '%s\n' "work|dynamicprobe|baseline|ratio|target" "${rows[@]}" | perl -CSD -e '
    my @rows = map { chomp; [split /\|/, $_, -1] } <STDIN>;
    my @width;
    for my $row (@rows) { for my $i (0 .. $#$row) { my $n = length $row->[$i]; $width[$i] = $n if ($width[$i] // 0) < $n } }
    my $line = sub { my @cells = @_; "| " . join(" | ", map { sprintf "%-*s", $width[$_], $cells[$_] } 0 .. $#width) . " |\n" };
    print $line->(@{ $rows[0] }), $line->(map { "-" x $_ } @width), map { $line->(@$_) } @rows[1 .. $#rows];'
}

if wants a || wants e; then warm_cache; fi
wants a && part_a
wants b && part_b
wants c && part_c
wants d && part_d
wants e && part_e

mkdir -p "$(dirname "$OUT")"
{
  echo "Medians of $REPS repetition(s)$(wants e && [ "$E_REPS" != "$REPS" ] && echo " ($E_REPS for (e))"), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo "Machine: $(machine)."
  echo
  table
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    printf -- '- %s\n' "${notes[@]}"
  fi
} >"$OUT"
echo
cat "$OUT"
echo
echo "(written to $OUT)"
