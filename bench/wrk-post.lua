-- Posts experiences through the API (issue 14): each request a new experience with two "what I tried" entries,
-- written with one of the members' write tokens (file $BENCH_TOKENS, one per line) to one of the questions
-- ($BENCH_PATHS, comma-separated API paths ending in /experiences), round-robin. Counts acknowledged posts (201)
-- and prints the BENCH line of wrk-report.lua plus acknowledged=N ackps=N other=N.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if #line > 0 then table.insert(tokens, line) end
  end
  paths = {}
  for path in string.gmatch(os.getenv("BENCH_PATHS"), "[^,]+") do table.insert(paths, path) end
  n = 0
  acknowledged = 0
  other = 0
end

local outcomes = { "helped", "no-change", "worse" }

function request()
  n = n + 1
  local body = string.format(
    '{"text":"Bench post %d from thread %d: less coffee after noon made the twitching calmer, and sleeping on my back helped a little.",' ..
    '"relation":"affected","tried":[{"intervention":"Less coffee","outcome":"%s","duration":"%d weeks"},' ..
    '{"intervention":"Magnesium","outcome":"%s","sideEffects":"none"}]}',
    n, id, outcomes[n % 3 + 1], n % 12 + 1, outcomes[(n + 1) % 3 + 1])
  return wrk.format("POST", paths[n % #paths + 1], {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[(n + id) % #tokens + 1],
  }, body)
end

function response(status, headers, body)
  if status == 201 then acknowledged = acknowledged + 1 else other = other + 1 end
end

done = function(summary, latency, requests)
  local acks, others = 0, 0
  for _, thread in ipairs(threads) do
    acks = acks + thread:get("acknowledged")
    others = others + thread:get("other")
  end
  local seconds = summary.duration / 1000000
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH rps=%.1f p50=%.3f p95=%.3f p99=%.3f errors=%d non2xx=%d requests=%d acknowledged=%d ackps=%.1f other=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status, summary.requests, acks, acks / seconds, others))
end
