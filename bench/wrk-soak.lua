-- POST /v1/sessions/validate as 4,096 clients behind a trusted proxy (X-Forwarded-For), so the per-client rate
-- limit holds many partitions, as in production, and no single bucket runs dry during the soak.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"sessionId":"00D6g000006wre4!AQ4AQBenchmarkSessionTokenNotARealSecret0123456789"}'

request = function()
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 15), math.random(0, 15), math.random(1, 16))
  return wrk.format()
end

done = function(summary, latency, requests)
  io.write(string.format('{"requests":%d,"requests_per_s":%.0f,"p50_ms":%.2f,"p99_ms":%.2f,"errors":%d,"non_2xx":%d}\n',
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
