#!/usr/bin/env bash
# Many instances (issues 30, 44), on loopback with a real redis-server: one validator instance's throughput and p99
# with the shared limits (Cache__Redis) against the in-process ones (3 rounds of [seconds], default 10, medians); what
# each costs Redis, counted by Redis (INFO commandstats), closed loop and paced at 1,000 and 10,000 requests/s; a
# burst of 1,800 requests at three instances with a limit of 600; a sign-out mark's delivery from one instance to
# another (1,000 marks); and the takeover of single sign-out after kill -9 of the lease holder among three instances
# ([kills], default 10). One JSON line. A third argument "burst" runs the burst alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/bench/ManyInstances" -c Release -v q -nologo >/dev/null
dotnet "$root/bench/ManyInstances/bin/Release/net10.0/SfCognitoSso.Bench.ManyInstances.dll" "${1:-10}" "${2:-10}"
