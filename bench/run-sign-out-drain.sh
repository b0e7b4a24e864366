#!/usr/bin/env bash
# Single sign-out under Cognito's quota (issue 29): N deactivations (default 1000) published at once on the local
# stack's Salesforce stand-in, drained against its pool enforcing Cognito's rates (UserUpdate 25/s), at
# Cognito__SignOutRequestsPerSecond (default 20); one logout published a third of the way in. Prints one JSON line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/bench/SignOutDrain" -c Release -v q -nologo >/dev/null
dotnet "$root/bench/SignOutDrain/bin/Release/net10.0/SfCognitoSso.Bench.SignOutDrain.dll" "${1:-1000}" "${2:-20}"
