-- POST /v1/sessions/validate with a fixed session (the stub org accepts any).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"sessionId":"00D6g000006wre4!AQ4AQBenchmarkSessionTokenNotARealSecret0123456789"}'

done = function(summary, latency, requests)
  io.write(string.format('{"requests_per_s":%.0f,"p50_ms":%.2f,"p99_ms":%.2f,"errors":%d,"non_2xx":%d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
