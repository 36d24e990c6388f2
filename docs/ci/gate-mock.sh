#!/usr/bin/env bash
# Gate a mock of the vSphere update session API: start it, wait until it answers, run the conformance
# suites against it and leave the reports (junit.xml, results.json, report.md) for the CI job to publish.
# The GitHub Actions, GitLab CI and Jenkins examples in the README run this file; test/ci-recipe.test.ts
# runs it too, so the recipe the README shows is the one that is tested.
#
# Settings, all from the environment:
#   MOCK_START  the command that starts your mock in the foreground  (default: npx usc serve --port 8080)
#   MOCK_URL    the mock's base URL                                   (default: http://127.0.0.1:8080)
#   MOCK_WAIT   seconds to wait for it to answer                      (default: 60)
#   USC         how to call usc                                       (default: npx usc)
#   USC_USERNAME, USC_PASSWORD, USC_REPORT_DIR and every other USC_* variable reach usc run as they are.
# Arguments go to usc run (e.g. --suite lifecycle,auth or --fail-on should).
# Exit code: usc run's (0 pass, 1 conformance failures, 2 usage error, 3 incomplete); 3 when the mock
# never answered.
set -uo pipefail

mock_start="${MOCK_START:-npx usc serve --port 8080}"
mock_url="${MOCK_URL:-http://127.0.0.1:8080}"
mock_wait="${MOCK_WAIT:-60}"
usc="${USC:-npx usc}"

# Word-split on purpose: MOCK_START is a command line.
$mock_start &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null; wait "$mock_pid" 2>/dev/null' EXIT

# Any HTTP status, a 401 for the missing login included, means the mock listens; 000 means no answer yet.
answered=no
for ((waited = 0; waited < mock_wait; waited++)); do
  if [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$mock_url/api/session")" != "000" ]; then
    answered=yes
    break
  fi
  if ! kill -0 "$mock_pid" 2>/dev/null; then
    echo "gate-mock: the mock ($mock_start) exited before it answered" >&2
    exit 3
  fi
  sleep 1
done
if [ "$answered" != yes ]; then
  echo "gate-mock: $mock_url did not answer within ${mock_wait}s" >&2
  exit 3
fi

$usc run --target "$mock_url" "$@"
