-- Reads a page and tells cache hits from renders: ASP.NET Core's output cache sends an Age header with every answer
-- it serves from the cache, and none with a freshly rendered one. Prints the BENCH line of wrk-report.lua plus
-- hits=N renders=N.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  hits = 0
  renders = 0
end

function response(status, headers, body)
  if headers["Age"] or headers["age"] then hits = hits + 1 else renders = renders + 1 end
end

done = function(summary, latency, requests)
  local h, r = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    r = r + thread:get("renders")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH rps=%.1f p50=%.3f p95=%.3f p99=%.3f errors=%d non2xx=%d requests=%d hits=%d renders=%d\n",
    summary.requests / (summary.duration / 1000000),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status, summary.requests, h, r))
end
