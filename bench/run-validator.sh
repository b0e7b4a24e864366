#!/usr/bin/env bash
# Validator hot path: wrk against the Kestrel host (Release, in-memory directory, cache off) and, in the same run,
# against a bare Kestrel minimal API (bench/BareValidator) that makes the same Salesforce call and answers the same
# JSON. Salesforce is nginx serving a static chatter/users/me body on loopback. The figure that matters is the
# ratio of the two, measured side by side: absolute numbers on a shared machine move from run to run.
# Needs nginx and wrk (apt-get install nginx wrk).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/.bench/validator"
mkdir -p "$out"
duration="${DURATION:-15s}"
connections="${CONNECTIONS:-32}"
rounds="${ROUNDS:-2}"
stub_port=18081 kestrel_port=18080 bare_port=18082

# Salesforce: nginx on loopback, one static body.
source "$root/bench/salesforce-stub.sh"
start_salesforce_stub
trap 'kill $stub ${kestrel:-} ${bare:-} 2>/dev/null || true' EXIT

dotnet publish src/Hosts/Kestrel -c Release -o "$out/kestrel" >/dev/null
dotnet publish bench/BareValidator -c Release -o "$out/bare" >/dev/null
Directory__Provider=InMemory Salesforce__Orgs__0__OrgId=00D6g000006wre4 \
Salesforce__Orgs__0__InstanceUrl="http://127.0.0.1:$stub_port" Cache__TtlSeconds=0 RateLimit__PermitPerMinute=1000000 \
Logging__LogLevel__Default=Warning \
  dotnet "$out/kestrel/SfCognitoSso.Hosts.Kestrel.dll" --urls "http://127.0.0.1:$kestrel_port" >"$out/kestrel.log" 2>&1 & kestrel=$!
SALESFORCE_URL="http://127.0.0.1:$stub_port" dotnet "$out/bare/SfCognitoSso.Bench.BareValidator.dll" --urls "http://127.0.0.1:$bare_port" \
  >"$out/bare.log" 2>&1 & bare=$!
for port in $kestrel_port $bare_port; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done

# Warm-up (10 s each: lets tiered JIT settle), then alternate the two targets so drift hits both alike.
for target in "kestrel:$kestrel_port" "bare:$bare_port"; do
  wrk -t2 -c"$connections" -d10s -s bench/wrk-validate.lua "http://127.0.0.1:${target##*:}/v1/sessions/validate" >/dev/null
done
for round in $(seq "$rounds"); do
  for target in "kestrel:$kestrel_port" "bare:$bare_port"; do
    name=${target%%:*} port=${target##*:}
    printf '{"round":%s,"target":"%s","connections":%s,"duration":"%s",' "$round" "$name" "$connections" "$duration"
    wrk -t2 -c"$connections" -d"$duration" --latency -s bench/wrk-validate.lua "http://127.0.0.1:$port/v1/sessions/validate" | tail -n 1 | cut -c2-
  done
done
