#!/usr/bin/env bash
# Lambda trigger benchmarks: cold start (process start -> first response posted, under a local Runtime API
# emulator) for the NativeAOT bootstrap, the JIT build and the original Node.js handler, with peak RSS; then the
# warm per-invocation cost of define and create. Results go to stdout as JSON lines; docs/benchmarks.md has the
# figures of the last run. Needs the .NET SDK, Python 3 and Node.js; takes a few minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/.bench"
mkdir -p "$out"
runs="${RUNS:-15}"
event="tests/Testing/WireData/cognito-events/powertools-python__cognitoDefineAuthChallengeEvent.json"

dotnet publish src/Hosts/Lambda -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" >/dev/null
dotnet build src/Hosts/Lambda -c Release -o "$out/jit" >/dev/null
dotnet build bench/Lambda.Benchmarks -c Release >/dev/null

echo "# cold start, define-auth-challenge, median of $runs runs"
python3 bench/lambda-coldstart.py --runs "$runs" --event "$event" --label "NativeAOT bootstrap" -- "$out/aot/bootstrap"
python3 bench/lambda-coldstart.py --runs "$runs" --event "$event" --label "JIT (dotnet exec)" -- dotnet "$out/jit/SfCognitoSso.Hosts.Lambda.dll"
python3 bench/lambda-coldstart.py --runs "$runs" --event "$event" --label "Node.js (original handler)" -- node bench/node-define/index.mjs

echo "# cold start, verify-auth-challenge (unknown user: no Salesforce call), NativeAOT"
Salesforce__Orgs__0__OrgId=00D6g000006wre4 Salesforce__Orgs__0__InstanceUrl=https://example.my.salesforce.com \
  python3 bench/lambda-coldstart.py --runs "$runs" --handler verify-auth-challenge \
  --event tests/Testing/WireData/cognito-events/powertools-python__cognitoVerifyAuthChallengeResponseEvent.json \
  --label "NativeAOT bootstrap, verify" -- "$out/aot/bootstrap"

echo "# warm, per invocation"
dotnet bench/Lambda.Benchmarks/bin/Release/net10.0/SfCognitoSso.Lambda.Benchmarks.dll --percentiles
if [ "${BDN:-1}" = "1" ]; then
  dotnet bench/Lambda.Benchmarks/bin/Release/net10.0/SfCognitoSso.Lambda.Benchmarks.dll --filter '*' --artifacts "$out/bdn" | grep -E '^\|' || true
fi
