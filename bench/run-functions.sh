#!/usr/bin/env bash
# The validator on Azure Functions as it runs there: the published worker as its own process under the Functions host
# stand-in (tests/FunctionsHost). Measures, in one run and next to the Kestrel host:
#  - start: process spawn to the first 200 from GET /healthz (the stand-in starts the worker, loads every function,
#    proxies the request), 5 times each;
#  - throughput: wrk on POST /v1/sessions/validate (in-memory directory, cache off, Salesforce = nginx on loopback).
# Needs nginx and wrk (apt-get install nginx wrk).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/.bench/functions"
mkdir -p "$out"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-32}"
rounds="${ROUNDS:-2}"
stub_port=18181 kestrel_port=18180 functions_port=18182

# Salesforce: nginx on loopback, one static body.
source "$root/bench/salesforce-stub.sh"
start_salesforce_stub
trap 'kill $stub ${server:-} 2>/dev/null || true' EXIT

dotnet publish src/Hosts/Kestrel -c Release -o "$out/kestrel" >/dev/null
dotnet publish src/Hosts/Functions -c Release -o "$out/functions" >/dev/null
dotnet build tests/FunctionsHost -c Release >/dev/null
export Directory__Provider=InMemory Salesforce__Orgs__0__OrgId=00D6g000006wre4 \
  Salesforce__Orgs__0__InstanceUrl="http://127.0.0.1:$stub_port" Cache__TtlSeconds=0 RateLimit__PermitPerMinute=1000000 \
  Logging__LogLevel__Default=Warning
kestrel_cmd=(dotnet "$out/kestrel/SfCognitoSso.Hosts.Kestrel.dll" --urls "http://127.0.0.1:$kestrel_port")
functions_cmd=(dotnet tests/FunctionsHost/bin/Release/net10.0/SfCognitoSso.FunctionsHost.dll --app "$out/functions" --port "$functions_port")

# Spawn to first 200: prints milliseconds.
first_200() { # port command...
  local port=$1; shift
  local begin; begin=$(date +%s%N)
  "$@" >"$out/start.log" 2>&1 & server=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.005; done
  echo $(( ($(date +%s%N) - begin) / 1000000 ))
  kill -TERM $server; wait $server 2>/dev/null || true; server=""
}
for attempt in 1 2 3 4 5; do
  printf '{"start":%s,"target":"kestrel","first_200_ms":%s}\n' "$attempt" "$(first_200 $kestrel_port "${kestrel_cmd[@]}")"
  printf '{"start":%s,"target":"functions","first_200_ms":%s}\n' "$attempt" "$(first_200 $functions_port "${functions_cmd[@]}")"
done

# Throughput: one server at a time (two cores), warm-up first, alternating.
for round in $(seq "$rounds"); do
  for target in kestrel functions; do
    if [ "$target" = kestrel ]; then port=$kestrel_port; "${kestrel_cmd[@]}" >"$out/$target.log" 2>&1 & server=$!
    else port=$functions_port; "${functions_cmd[@]}" >"$out/$target.log" 2>&1 & server=$!; fi
    until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.01; done
    wrk -t2 -c"$connections" -d5s -s bench/wrk-validate.lua "http://127.0.0.1:$port/v1/sessions/validate" >/dev/null
    printf '{"round":%s,"target":"%s","connections":%s,"duration":"%s",' "$round" "$target" "$connections" "$duration"
    wrk -t2 -c"$connections" -d"$duration" --latency -s bench/wrk-validate.lua "http://127.0.0.1:$port/v1/sessions/validate" | tail -n 1 | cut -c2-
    kill -TERM $server; wait $server 2>/dev/null || true; server=""
  done
done
