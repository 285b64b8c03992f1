#!/usr/bin/env bash
# Runs all of SocketIoSharp's tests: the .NET unit/integration tests
# (dotnet test) and the npm interop tests (mocha, real engine.io/socket.io
# clients against the Compliance sample and interop-tests/SocketIoTestServer).
#
# Needs only the .NET 10 SDK, node + npm, and apt; reads no stdin.
# The very last line printed is always the totals over both runners:
#   N passed, M failed
# Exit status is non-zero if any test failed or a runner could not run.
#
# Results are kept in artifacts/test-results/ (TRX, mocha summary, logs).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
ROOT="$PWD"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NPM_CONFIG_UPDATE_NOTIFIER=false
export NPM_CONFIG_FUND=false
export NPM_CONFIG_AUDIT=false

RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

TOTAL_PASSED=0
TOTAL_FAILED=0
PROBLEMS=()          # runners that could not run / whose results could not be read
STARTED_PIDS=()      # background processes this script started (stopped on exit)

note() { printf '\n==> %s\n' "$*"; }
problem() { PROBLEMS+=("$*"); printf 'ERROR: %s\n' "$*" >&2; }

stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]+"${STARTED_PIDS[@]}"}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

on_exit() {
  local rc=$?
  set +e
  stop_started
  if ((${#PROBLEMS[@]} > 0)); then
    printf '\nProblems:\n'
    printf '  - %s\n' "${PROBLEMS[@]}"
  elif ((rc != 0)); then
    printf '\nERROR: test.sh stopped early (exit %d)\n' "$rc"
  fi
  if ((TOTAL_FAILED > 0 || ${#PROBLEMS[@]} > 0)) && ((rc == 0)); then
    rc=1
  fi
  echo
  echo "${TOTAL_PASSED} passed, ${TOTAL_FAILED} failed"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------
# 1. npm dependencies (the interop tests' clients and mocha)
# ---------------------------------------------------------------------------
if [[ -L node_modules ]]; then
  # A shared node_modules (e.g. a git worktree's link to another checkout's): npm ci would empty the link's target
  # under everyone using it, so it is used as it is.
  note "node_modules is a symbolic link; using it as it is (no npm ci)"
elif [[ ! -d node_modules || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  note "npm ci"
  npm ci --no-audit --no-fund </dev/null
else
  note "node_modules is up to date with package-lock.json; skipping npm ci"
fi

# ---------------------------------------------------------------------------
# 2. Services the tests need.
# ---------------------------------------------------------------------------
# Installs a Debian package with apt (as root, or through sudo -n) without letting its init scripts start a service.
apt_install() {
  local package=$1
  local sudo=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo -n)
    else
      problem "$package is missing and cannot be installed (not root, no sudo); install it with apt-get"
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    problem "$package is missing and apt-get is not available to install it"
    return 1
  fi
  # Keep the package's init scripts from starting a service during the install (Debian's policy-rc.d convention:
  # 101 = action forbidden), unless the system already has a policy of its own.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null && "${sudo[@]}" chmod 755 "$policy" && own_policy=1
  fi
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  local rc=0
  # The package lists may be missing or stale (e.g. a fresh container): update once when the first attempt fails.
  "${apt[@]}" install --no-install-recommends "$package" </dev/null ||
    { "${apt[@]}" update </dev/null && "${apt[@]}" install --no-install-recommends "$package" </dev/null; } || rc=$?
  if ((own_policy)); then "${sudo[@]}" rm -f "$policy"; fi
  if ((rc != 0)); then
    problem "apt-get could not install $package (exit $rc)"
    return 1
  fi
}

# redis-server for the Redis adapter tests. Each test starts its OWN redis-server on a free port (the fault tests
# kill and restart theirs) and stops it in teardown; here it is only installed (with apt, when missing) and handed
# to the tests as $REDIS_SERVER. Nothing is started, so nothing is left running.
note "redis-server"
if ! command -v redis-server >/dev/null 2>&1; then
  note "redis-server is missing; installing it with apt-get"
  apt_install redis-server || true
fi
if REDIS_SERVER="$(command -v redis-server 2>/dev/null)"; then
  export REDIS_SERVER
  "$REDIS_SERVER" --version
else
  problem "redis-server is not available; the Redis adapter tests will fail"
fi

# Chromium for the chat sample's browser test (interop-tests/chat), driven headless by playwright-core; handed to it
# as $CHROMIUM_PATH. The test starts and closes its own browser. Without one that test fails (it does not skip).
note "chromium"
if [[ -z "${CHROMIUM_PATH:-}" ]] && ! command -v chromium >/dev/null 2>&1; then
  note "chromium is missing; installing it with apt-get"
  apt_install chromium || true
fi
if [[ -n "${CHROMIUM_PATH:-}" ]] || CHROMIUM_PATH="$(command -v chromium 2>/dev/null)"; then
  export CHROMIUM_PATH
  "$CHROMIUM_PATH" --version 2>/dev/null || true
else
  problem "chromium is not available; the chat sample's browser test will fail"
fi

# nginx for interop-tests/cluster/nginx.test.mjs (the Cluster sample behind nginx): installed only; the test runs
# its own nginx in the foreground on a free port, with a config and temp files in a directory of its own. Missing
# nginx makes that test fail, never skip.
note "nginx"
if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  note "nginx is missing; installing it with apt-get"
  apt_install nginx || true
fi
if NGINX="$(command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; })"; then
  export NGINX
  "$NGINX" -v
else
  problem "nginx is not available; the cluster-behind-nginx test will fail"
fi

# ---------------------------------------------------------------------------
# 3. Build (Release). Build servers are disabled so nothing lingers afterwards.
# ---------------------------------------------------------------------------
note "dotnet build SocketIoSharp.sln -c Release"
BUILD_OK=1
if ! dotnet build SocketIoSharp.sln -c Release --disable-build-servers </dev/null; then
  BUILD_OK=0
  problem "dotnet build failed; neither dotnet test nor the interop tests could run"
fi

# ---------------------------------------------------------------------------
# 4. dotnet test
# ---------------------------------------------------------------------------
if ((BUILD_OK)); then
  note "dotnet test SocketIoSharp.sln -c Release --no-build"
  DOTNET_RC=0
  dotnet test SocketIoSharp.sln -c Release --no-build \
    --logger "console;verbosity=normal" \
    --logger "trx" \
    --results-directory "$RESULTS/dotnet" </dev/null 2>&1 | tee "$RESULTS/dotnet-test.log" || DOTNET_RC=$?
  # (pipefail: DOTNET_RC is dotnet's status unless tee itself failed)

  TRX_FILES=()
  if [[ -d "$RESULTS/dotnet" ]]; then
    mapfile -t TRX_FILES < <(find "$RESULTS/dotnet" -type f -name '*.trx' | sort)
  fi
  D_PASSED=0
  D_FAILED=0
  if ((${#TRX_FILES[@]} > 0)); then
    # Sum the <Counters .../> of every TRX file (one per test project).
    read -r D_PASSED D_FAILED < <(
      for f in "${TRX_FILES[@]}"; do grep -o '<Counters [^>]*>' "$f" || true; done | awk '
        function attr(s, name,   m) {
          if (match(s, name "=\"[0-9]+\"")) { m = substr(s, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 }
          return 0
        }
        { p += attr($0, "passed"); f += attr($0, "failed") + attr($0, "error") + attr($0, "timeout") + attr($0, "aborted") }
        END { printf "%d %d\n", p, f }'
    )
    echo "dotnet test: ${D_PASSED} passed, ${D_FAILED} failed (from ${#TRX_FILES[@]} TRX file(s))"
  else
    # No TRX (e.g. no test ran): fall back to the console summary lines
    #   "Passed!  - Failed: 0, Passed: 5, Skipped: 0, Total: 5, ..."
    read -r D_PASSED D_FAILED < <(awk '
      /Failed:[[:space:]]*[0-9]+,[[:space:]]*Passed:[[:space:]]*[0-9]+/ {
        s = $0
        match(s, /Failed:[[:space:]]*[0-9]+/); fv = substr(s, RSTART, RLENGTH); gsub(/[^0-9]/, "", fv)
        match(s, /Passed:[[:space:]]*[0-9]+/); pv = substr(s, RSTART, RLENGTH); gsub(/[^0-9]/, "", pv)
        f += fv; p += pv
      }
      END { printf "%d %d\n", p, f }' "$RESULTS/dotnet-test.log")
    echo "dotnet test: ${D_PASSED} passed, ${D_FAILED} failed (from console summary; no TRX file)"
  fi
  TOTAL_PASSED=$((TOTAL_PASSED + D_PASSED))
  TOTAL_FAILED=$((TOTAL_FAILED + D_FAILED))
  if ((DOTNET_RC != 0 && D_FAILED == 0)); then
    problem "dotnet test exited with status ${DOTNET_RC} but reported no failed test (see $RESULTS/dotnet-test.log)"
  fi
fi

# ---------------------------------------------------------------------------
# 5. Interop tests (mocha; starts the servers it needs itself, on free ports)
# ---------------------------------------------------------------------------
if ((BUILD_OK)); then
  note "npx mocha --config interop-tests/.mocharc.json"
  MOCHA_SUMMARY="$RESULTS/mocha-summary.json"
  MOCHA_RC=0
  MOCHA_COLOR=()
  [[ -t 1 ]] || MOCHA_COLOR=(--no-color)
  npx --no-install mocha --config interop-tests/.mocharc.json "${MOCHA_COLOR[@]}" \
    --reporter ./interop-tests/support/spec-with-summary.cjs \
    --reporter-option "summaryFile=$MOCHA_SUMMARY" </dev/null || MOCHA_RC=$?
  if [[ -s "$MOCHA_SUMMARY" ]]; then
    read -r M_PASSED M_FAILED < <(node -e '
      const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      console.log(`${s.passes | 0} ${s.failures | 0}`);' "$MOCHA_SUMMARY")
    echo "mocha: ${M_PASSED} passed, ${M_FAILED} failed"
    TOTAL_PASSED=$((TOTAL_PASSED + M_PASSED))
    TOTAL_FAILED=$((TOTAL_FAILED + M_FAILED))
    if ((MOCHA_RC != 0 && M_FAILED == 0)); then
      problem "mocha exited with status ${MOCHA_RC} but reported no failed test"
    fi
  else
    problem "mocha could not run (exit ${MOCHA_RC}; no summary written)"
  fi
fi

# on_exit prints the totals as the last line and sets the exit status.
