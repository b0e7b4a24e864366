#!/usr/bin/env bash
# JWT-based access tokens against session IDs, on the local stack: full sign-ins with a fresh credential each time,
# the stand-in answering "who is this session?" after 150 ms (a real org's 100-300 ms), and the session sign-in again
# with no Salesforce latency at all as the floor. Results as JSON lines; docs/benchmarks.md has the last run's figures.
# Usage: bash bench/run-jwt-sign-in.sh [iterations]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/.bench"
mkdir -p "$out"
iterations="${1:-200}"
dll=src/Hosts/Local/bin/Release/net10.0/SfCognitoSso.Hosts.Local.dll
export LocalStack__ValidatorUrl=http://127.0.0.1:25180 LocalStack__CognitoUrl=http://127.0.0.1:29330 LocalStack__SalesforceUrl=http://127.0.0.1:29331 LocalStack__PubSubUrl=http://127.0.0.1:29332
export SFSSO_VALIDATOR_URL=$LocalStack__ValidatorUrl SFSSO_COGNITO_URL=$LocalStack__CognitoUrl SFSSO_SALESFORCE_URL=$LocalStack__SalesforceUrl
export RateLimit__PermitPerMinute=1000000
dotnet build src/Hosts/Local -c Release >/dev/null

stack_pid=""
trap '[ -n "$stack_pid" ] && kill -9 "$stack_pid" 2>/dev/null' EXIT
run() { # latency, then the kinds to measure
  local latency="$1"; shift
  set -m
  LocalStack__SalesforceLatencyMs="$latency" dotnet "$dll" >"$out/jwt-stack.log" 2>&1 &
  stack_pid=$!
  set +m
  until grep -q "SfCognitoSso local stack is ready." "$out/jwt-stack.log"; do
    kill -0 "$stack_pid" 2>/dev/null || { cat "$out/jwt-stack.log" >&2; exit 1; }
    sleep 0.05
  done
  for kind in "$@"; do
    node bench/jwt-sign-in.mjs "$kind" "$iterations" | sed "s/^{/{\"salesforce_latency_ms\":$latency,/"
  done
  kill -INT "$stack_pid"; wait "$stack_pid" || true; stack_pid=""
}
run 150 session jwt
run 0 session
