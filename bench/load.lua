-- wrk script for `make bench`: one page, requested with signed-in sessions.
--
-- Environment (set by bench/run.py):
--   BENCH_PATH      the page, e.g. /staff/
--   BENCH_COOKIES   session keys, comma separated; each thread takes its own share and
--                   sends them in turn, so concurrent connections do not share a session
--   BENCH_THREADS   the -t given to wrk
--
-- wrk runs for the duration it is given (-d); bench/run.py picks a duration long
-- enough for the number of requests it wants and runs again, longer, if too few came.
--
-- Any response other than 200 (a redirect to the sign-in page, a 404, a 500) is counted
-- as bad: the run is then reported as failed rather than timed.
-- At the end one line of JSON is printed: latencies in microseconds.

local index = 0
local registered = {}

function setup(thread)
  thread:set("index", index)
  index = index + 1
  table.insert(registered, thread)
end

function init(args)
  local all = {}
  for key in string.gmatch(os.getenv("BENCH_COOKIES") or "", "([^,]+)") do
    table.insert(all, key)
  end
  local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
  mine = {}
  for i, key in ipairs(all) do
    if (i - 1) % threads == index then
      table.insert(mine, key)
    end
  end
  if #mine == 0 then
    mine = all
  end
  path = os.getenv("BENCH_PATH") or "/"
  sent = 0
  bad = 0
  last_bad = 0
end

function request()
  sent = sent + 1
  local key = mine[(sent - 1) % #mine + 1]
  return wrk.format("GET", path, { ["Cookie"] = "sessionid=" .. key })
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    last_bad = status
  end
end

function done(summary, latency, requests)
  local bad_total, last = 0, 0
  for _, thread in ipairs(registered) do
    bad_total = bad_total + (thread:get("bad") or 0)
    local status = thread:get("last_bad") or 0
    if status ~= 0 then
      last = status
    end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"mean_us": %.1f, "max_us": %d, "min_us": %d, "bad": %d, "bad_status": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max, latency.min, bad_total, last,
    e.connect, e.read, e.write, e.status, e.timeout
  ))
end
