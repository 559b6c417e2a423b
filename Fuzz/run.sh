#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS on a corpus seeded from the project's lessons, tests and
# transcripts (plus ../shared's seeds and JMESPath suite when present), then prints one line per
# target: executions per second, coverage reached, crashes, hangs (> 1 s per input) and sanitizer
# reports. Exit 1 if any target found anything. Findings are kept in fuzz-out/ as files that the
# target reproduces when run on them.
#   Fuzz/run.sh SECONDS TARGET...
set -u
seconds=$1; shift
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/.build-fuzz/release
work=$root/.build-fuzz/corpus
out=$root/fuzz-out
mkdir -p "$work" "$out"

seed() {  # seed TARGET: fill the target's seed folder
  local dir=$work/$1-seeds; rm -rf "$dir"; mkdir -p "$dir"
  case $1 in
    FuzzLessonParser)
      find "$root/lessons" "$root/Tests/Fixtures" -name '*.md' -size -200k -exec cp -t "$dir" {} + 2>/dev/null
      [ -d "$root/../shared/seeds" ] && find "$root/../shared/seeds" -name '*.md' -exec cp -t "$dir" {} + 2>/dev/null ;;
    FuzzShellSyntax)
      local n=0
      grep -h '^\$ ' -r "$root/lessons" "$root/Tests/Fixtures/test-mode" 2>/dev/null | sed 's/^\$ //' | while IFS= read -r line; do
        n=$((n + 1)); printf '%s' "$line" > "$dir/command-$n"; done ;;
    FuzzJMESPath)
      cp "$root"/Fuzz/Seeds/jmespath/* "$dir"/
      if [ -d "$root/../shared/conformance/jmespath" ]; then
        python3 - "$root/../shared/conformance/jmespath" "$dir" <<'PY'
import json, os, sys
source, target = sys.argv[1], sys.argv[2]
n = 0
for name in sorted(os.listdir(source)):
    if not name.endswith('.json'): continue
    for suite in json.load(open(os.path.join(source, name))):
        given = json.dumps(suite.get('given'))
        for case in suite.get('cases', [])[:20]:
            n += 1
            open(os.path.join(target, 'case-%d' % n), 'w').write(case['expression'] + '\n' + given)
PY
      fi ;;
    FuzzAsciicast)
      cp "$root"/transcripts/*.cast "$root"/transcripts/*.steps.jsonl "$dir"/ 2>/dev/null
      cp "$root"/Tests/Fixtures/hostile/transcripts/* "$dir"/ ;;
    FuzzScenario)
      cp "$root"/Fuzz/Seeds/scenario/* "$dir"/ ;;
    FuzzWireRequests)
      cp "$root"/Fuzz/Seeds/wire/* "$dir"/ ;;
  esac
}

status=0
printf '%-18s %10s %12s %8s %8s %8s %8s\n' target seconds "execs/s" cov features crashes hangs
for target in "$@"; do
  seed "$target"
  mkdir -p "$work/$target"
  log=$work/$target.log
  started=$work/$target.started; touch "$started"   # findings of earlier runs are not counted again
  # -timeout=1: an input taking over a second is a hang; ASan reports end the run as crashes do.
  "$bin/$target" "$work/$target" "$work/$target-seeds" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/$target-" -close_fd_mask=3 >"$log" 2>&1
  code=$?
  execs=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  crashes=$(find "$out" -newer "$started" -name "$target-crash-*" -o -newer "$started" -name "$target-leak-*" -o -newer "$started" -name "$target-oom-*" | grep -c .)
  hangs=$(find "$out" -newer "$started" -name "$target-timeout-*" -o -newer "$started" -name "$target-slow-unit-*" | grep -c .)
  if grep -q 'ERROR: AddressSanitizer\|ERROR: libFuzzer' "$log"; then crashes=$((crashes > 0 ? crashes : 1)); fi
  printf '%-18s %10s %12s %8s %8s %8s %8s\n' "$target" "$seconds" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes" "$hangs"
  if [ "$code" -ne 0 ] || [ "$crashes" -ne 0 ] || [ "$hangs" -ne 0 ]; then
    status=1; echo "  $target: see $log and $out/"; grep -m3 'ERROR\|SUMMARY' "$log" | sed 's/^/  /'
  fi
done
exit $status
