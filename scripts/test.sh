#!/bin/bash
# Runs every test project one after the other (integration tests share the engine and the CPU), then prints one
# closing line "N passed, N failed, N skipped" summed over all of them; exits non-zero if any project failed.
set -uo pipefail
configuration=${1:-Release}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for project in tests/*/*.csproj; do
  dotnet test "$project" -c "$configuration" --no-build --nologo 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
# dotnet test prints e.g. "Passed!  - Failed:     0, Passed:   125, Skipped:     0, Total:   125, ..." per project.
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { f += $2; p += $4; s += $6 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
