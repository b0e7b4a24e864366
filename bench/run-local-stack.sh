#!/usr/bin/env bash
# Local stack benchmarks: start-up to ready (process start -> the "ready" line, after the build) and the time of one
# full sign-in (validator + InitiateAuth + RespondToAuthChallenge). Results as JSON lines on stdout; docs/benchmarks.md
# has the figures of the last run. Needs the .NET SDK and Node.js 20+.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/.bench"
mkdir -p "$out"
runs="${RUNS:-10}"
dll=src/Hosts/Local/bin/Release/net10.0/SfCognitoSso.Hosts.Local.dll
export LocalStack__ValidatorUrl=http://127.0.0.1:25080 LocalStack__CognitoUrl=http://127.0.0.1:29230 LocalStack__SalesforceUrl=http://127.0.0.1:29231 LocalStack__PubSubUrl=http://127.0.0.1:29232
export SFSSO_VALIDATOR_URL=$LocalStack__ValidatorUrl SFSSO_COGNITO_URL=$LocalStack__CognitoUrl
# Measure sign-ins, not the per-client rate limit (120 a minute by default).
export RateLimit__PermitPerMinute=1000000
dotnet build src/Hosts/Local -c Release >/dev/null

start_stack() { # waits for the ready line; sets ready_ms
  local begin=$(date +%s%N)
  set -m # the stack must not inherit a script's ignored SIGINT: it is stopped with Ctrl-C
  dotnet "$dll" >"$out/local-stack.log" 2>&1 &
  stack_pid=$!
  set +m
  until grep -q "SfCognitoSso local stack is ready." "$out/local-stack.log"; do
    kill -0 "$stack_pid" 2>/dev/null || { cat "$out/local-stack.log" >&2; exit 1; }
    sleep 0.01
  done
  ready_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
}
stop_stack() { kill -INT "$stack_pid"; wait "$stack_pid" || true; stack_pid=""; }
stack_pid=""
trap '[ -n "$stack_pid" ] && kill -9 "$stack_pid" 2>/dev/null' EXIT

times=()
for _ in $(seq 1 "$runs"); do
  start_stack
  times+=("$ready_ms")
  stop_stack
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "{\"benchmark\":\"local stack, start-up to ready\",\"runs\":$runs,\"median_ms\":${sorted[$((runs / 2))]},\"min_ms\":${sorted[0]},\"max_ms\":${sorted[$((runs - 1))]}}"

start_stack
node bench/local-sign-in.mjs "${ITERATIONS:-500}"
stop_stack
