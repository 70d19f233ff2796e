-- wrk script: GET each path of a file in turn (one path per line), with a session cookie, and
-- print the 50th, 95th and 99th latency percentiles at the end.
-- Arguments after `--`: COOKIE FILE
local paths = {}
local i = 0
local cookie = ""

function init(args)
  cookie = args[1] or ""
  for line in io.lines(args[2]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {["Cookie"] = cookie})
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, errors %d; latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
