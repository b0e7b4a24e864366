#!/usr/bin/env bash
# Soak: the validator (Kestrel host, Release, in-memory directory, cache off so every request calls Salesforce) under
# 64 connections for 60 s after a warm-up. Targets: 0 errors, resident memory growing less than 10 % from the end of
# the warm-up to the end of the run. Salesforce is nginx serving a static body on loopback. Needs nginx and wrk.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/.bench/soak"
mkdir -p "$out"
connections="${CONNECTIONS:-64}" duration="${DURATION:-60}" warmup="${WARMUP:-20}"
stub_port=18091 kestrel_port=18090

# Salesforce: nginx on loopback, one static body.
source "$root/bench/salesforce-stub.sh"
start_salesforce_stub
trap 'kill $stub ${kestrel:-} ${sampler:-} 2>/dev/null || true' EXIT

dotnet publish src/Hosts/Kestrel -c Release -o "$out/kestrel" >/dev/null
Directory__Provider=InMemory Salesforce__Orgs__0__OrgId=00D6g000006wre4 \
Salesforce__Orgs__0__InstanceUrl="http://127.0.0.1:$stub_port" Cache__TtlSeconds=0 RateLimit__PermitPerMinute=1000000 \
Logging__LogLevel__Default=Warning ForwardedHeaders__KnownProxies__0=127.0.0.1 \
  dotnet "$out/kestrel/SfCognitoSso.Hosts.Kestrel.dll" --urls "http://127.0.0.1:$kestrel_port" >"$out/kestrel.log" 2>&1 & kestrel=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$kestrel_port/healthz" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$kestrel_port/healthz" || { cat "$out/kestrel.log" >&2; exit 1; }

rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$kestrel/status"; }
url="http://127.0.0.1:$kestrel_port/v1/sessions/validate"

wrk -t2 -c"$connections" -d"${warmup}s" -s bench/wrk-soak.lua "$url" >"$out/warmup.txt"
warm=$(rss_mb)
( while true; do echo "$(date +%s) $(rss_mb)"; sleep 5; done ) >"$out/rss.txt" & sampler=$!
wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/wrk-soak.lua "$url" >"$out/soak.txt"
kill $sampler 2>/dev/null || true
end=$(rss_mb)
peak=$(awk 'BEGIN { m = 0 } { if ($2 > m) m = $2 } END { printf "%.1f", m }' "$out/rss.txt")
summary=$(tail -n 1 "$out/soak.txt")
growth=$(awk -v a="$warm" -v b="$end" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
echo "{\"benchmark\":\"validator soak\",\"connections\":$connections,\"seconds\":$duration,\"result\":${summary},\"rss_after_warmup_mb\":$warm,\"rss_end_mb\":$end,\"rss_peak_mb\":$peak,\"rss_growth_pct\":$growth}"
errors=$(sed -E 's/.*"errors":([0-9]+).*/\1/' <<<"$summary") non2xx=$(sed -E 's/.*"non_2xx":([0-9]+).*/\1/' <<<"$summary")
if [ "$errors" -eq 0 ] && [ "$non2xx" -eq 0 ] && awk -v g="$growth" 'BEGIN { exit !(g < 10) }'; then
  echo "soak: targets met (0 errors, growth < 10 %)"
else
  echo "soak: TARGET MISSED"; exit 1
fi
