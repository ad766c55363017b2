-- wrk's `done` hook for `npm run bench`: one line of JSON after wrk's own report (times in µs).
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK_JSON {\"requests\":%d,\"durationUs\":%d,\"non2xx\":%d,\"errors\":%d,\"p50\":%d,\"p90\":%d,\"p99\":%d,\"max\":%d}\n",
    summary.requests, summary.duration, summary.errors.status, errors,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
