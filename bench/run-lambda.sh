#!/usr/bin/env bash
# Lambda trigger benchmarks: cold start (process start -> first response posted, under a local Runtime API
# emulator) for the NativeAOT bootstrap beside a bare NativeAOT Runtime API loop built here in the same run, the JIT
# build and the original Node.js handler, with peak RSS; a cold first sign-in's trigger time, one function for every
# trigger against four; then the warm per-invocation cost of define and create. Results go to stdout as JSON lines; docs/benchmarks.md has the
# figures of the last run. Needs the .NET SDK, Python 3 and Node.js; takes a few minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/.bench"
mkdir -p "$out"
runs="${RUNS:-15}"
event="tests/Testing/WireData/cognito-events/powertools-python__cognitoDefineAuthChallengeEvent.json"

dotnet publish src/Hosts/Lambda -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" >/dev/null
dotnet publish bench/BareLambda -c Release -r linux-x64 -p:PublishAot=true -o "$out/bare" >/dev/null
dotnet build src/Hosts/Lambda -c Release -o "$out/jit" >/dev/null
dotnet build bench/Lambda.Benchmarks -c Release >/dev/null

# Configured as deployed: an org, and the validator's public key for tickets (our Terraform sets it on the function).
dotnet bench/Lambda.Benchmarks/bin/Release/net10.0/SfCognitoSso.Lambda.Benchmarks.dll --sign-in-events "$out/sign-in"
export Salesforce__Orgs__0__OrgId=00D6g000006wre4 Salesforce__Orgs__0__InstanceUrl=https://example.my.salesforce.com
export Ticket__PublicKeys__0="$(cat "$out/sign-in/public.pem")"
echo "# cold start, define-auth-challenge event, median of $runs runs; the bare loop and the bootstrap in turns"
python3 bench/lambda-coldstart.py --runs "$runs" --event "$event" --handler any-trigger \
  --baseline "$out/bare/bare-bootstrap" --baseline-label "bare NativeAOT Runtime API loop" \
  --label "NativeAOT bootstrap, any-trigger" -- "$out/aot/bootstrap"
echo '{"target": "any-trigger over the bare loop <= 1.5"}'
python3 bench/lambda-coldstart.py --runs "$runs" --event "$event" --label "NativeAOT bootstrap, define-auth-challenge" -- "$out/aot/bootstrap"
python3 bench/lambda-coldstart.py --runs "$runs" --event "$event" --label "JIT (dotnet exec)" -- dotnet "$out/jit/SfCognitoSso.Hosts.Lambda.dll"
python3 bench/lambda-coldstart.py --runs "$runs" --event "$event" --label "Node.js (original handler)" -- node bench/node-define/index.mjs

echo "# cold start, verify-auth-challenge (unknown user: no Salesforce call), NativeAOT"
python3 bench/lambda-coldstart.py --runs "$runs" --handler verify-auth-challenge \
  --event tests/Testing/WireData/cognito-events/powertools-python__cognitoVerifyAuthChallengeResponseEvent.json \
  --label "NativeAOT bootstrap, verify" -- "$out/aot/bootstrap"

echo "# a cold first sign-in's trigger time: define, create, verify (on the validator's ticket), define, pre token"
python3 bench/lambda-sign-in.py --runs "$runs" --events "$out/sign-in" --mode one --baseline "$out/bare/bare-bootstrap" \
  --label "one function, _HANDLER=any-trigger, events back to back" -- "$out/aot/bootstrap"
echo '{"target": "trigger time over the bare cold start <= 1.5"}'
python3 bench/lambda-sign-in.py --runs "$runs" --events "$out/sign-in" --mode one --baseline "$out/bare/bare-bootstrap" --client-ms 30 \
  --label "one function, _HANDLER=any-trigger, 30 ms client round trip before verify" -- "$out/aot/bootstrap"
python3 bench/lambda-sign-in.py --runs "$runs" --events "$out/sign-in" --mode four \
  --label "four functions, one per trigger" -- "$out/aot/bootstrap"

echo "# warm, per invocation"
dotnet bench/Lambda.Benchmarks/bin/Release/net10.0/SfCognitoSso.Lambda.Benchmarks.dll --percentiles
if [ "${BDN:-1}" = "1" ]; then
  dotnet bench/Lambda.Benchmarks/bin/Release/net10.0/SfCognitoSso.Lambda.Benchmarks.dll --filter '*' --artifacts "$out/bdn" | grep -E '^\|' || true
fi
