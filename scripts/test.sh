#!/usr/bin/env bash
# Installs the prerequisites (Chromium included), builds the solution once in Release and runs every test
# project, end-to-end browser tests included. The last line reads "N passed, N failed", followed by
# ", N skipped" when tests were skipped, counted from the TRX files in artifacts/test-results.
# Exits non-zero when a test fails or a test run does not complete.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
results_dir="$repo_root/artifacts/test-results"

bash scripts/install-prerequisites.sh --with-browser --with-node
bash scripts/check-vendored.sh

rm -rf "$results_dir"
mkdir -p "$results_dir"

echo "test: dotnet build FedWorkbench.sln --configuration Release"
dotnet build FedWorkbench.sln --configuration Release --nologo

# A hung test (for example a browser that never responds) would otherwise use up the whole CI time limit, so the
# test host is stopped after 20 minutes without progress and that run counts as failed.
echo "test: dotnet test FedWorkbench.sln"
test_status=0
dotnet test FedWorkbench.sln \
  --configuration Release \
  --no-build \
  --nologo \
  --results-directory "$results_dir" \
  --logger trx \
  --logger "console;verbosity=minimal" \
  --blame-hang-timeout 20m \
  --blame-hang-dump-type none \
  || test_status=$?

# The browser board's pure state functions (wwwroot/js/board/state.js) have their own tests, run by Node's test
# runner; their counts join the .NET ones below. They run on a copy marked as ES modules, because Node 18
# (Debian's) does not detect module syntax, and a package.json inside wwwroot would be served as a file.
echo "test: node --test tests/board-js/"
node_dir="$(mktemp -d)"
mkdir -p "$node_dir/tests" "$node_dir/wwwroot/js"
cp -r tests/board-js "$node_dir/tests/"
cp -r wwwroot/js/. "$node_dir/wwwroot/js/"
echo '{ "type": "module" }' > "$node_dir/package.json"
node_output="$(cd "$node_dir" && node --test --test-reporter=tap tests/board-js/ 2>&1)" || test_status=$?
rm -rf "$node_dir"
node_passed="$(grep -oP '^# pass \K[0-9]+' <<< "$node_output" || echo 0)"
node_failed="$(grep -oP '^# fail \K[0-9]+' <<< "$node_output" || echo 1)"
if [[ "$node_failed" -gt 0 ]]; then
  echo "$node_output" >&2
fi
echo "test: board JavaScript: $node_passed passed, $node_failed failed"

shopt -s nullglob
trx_files=("$results_dir"/*.trx)
test_projects=(tests/*/*.Tests.csproj)
shopt -u nullglob

passed=0
failed=0
skipped=0
if [[ ${#trx_files[@]} -gt 0 ]]; then
  # Sum the <Counters> element of every TRX file. Errors, time-outs and aborted tests count as failed.
  read -r passed failed skipped < <(
    cat "${trx_files[@]}" | grep -o '<Counters [^>]*>' | awk '
      function count(name) {
        if (match($0, " " name "=\"[0-9]+\"")) {
          return substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 4) + 0
        }
        return 0
      }
      {
        passed += count("passed")
        failed += count("failed") + count("error") + count("timeout") + count("aborted")
        skipped += count("notExecuted") + count("inconclusive") + count("notRunnable")
      }
      END { print passed + 0, failed + 0, skipped + 0 }'
  )
fi

passed=$((passed + node_passed))
failed=$((failed + node_failed))

# Each test project writes one TRX file, even one without tests. A missing file means a test host crashed.
if [[ ${#trx_files[@]} -lt ${#test_projects[@]} ]]; then
  missing=$((${#test_projects[@]} - ${#trx_files[@]}))
  echo "test: ${#test_projects[@]} test projects but ${#trx_files[@]} TRX files, so $missing incomplete run(s) count as failed." >&2
  failed=$((failed + missing))
fi
if [[ $test_status -ne 0 && $failed -eq 0 ]]; then
  echo "test: dotnet test exited with code $test_status although no test failed, so that counts as 1 failure." >&2
  failed=1
fi

echo "test: results in $results_dir"
summary="$passed passed, $failed failed"
if [[ $skipped -gt 0 ]]; then
  summary+=", $skipped skipped"
fi
echo "$summary"

if [[ $failed -gt 0 ]]; then
  exit 1
fi
