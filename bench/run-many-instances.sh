#!/usr/bin/env bash
# Many instances (issue 30), on loopback with a real redis-server: one validator instance's throughput with the
# shared Redis limiter against the in-process one (3 rounds of [seconds], default 10, medians), and the takeover of
# single sign-out after kill -9 of the lease holder among three instances ([kills], default 10). One JSON line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/bench/ManyInstances" -c Release -v q -nologo >/dev/null
dotnet "$root/bench/ManyInstances/bin/Release/net10.0/SfCognitoSso.Bench.ManyInstances.dll" "${1:-10}" "${2:-10}"
