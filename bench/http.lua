-- wrk script of scripts/bench-http: the application submission (POST) or the tracking look-up
-- (GET with the secret), bounded by a request count per thread as well as wrk's duration, and a
-- one-line JSON summary ("BENCH {...}") that the script reads.
--
--   wrk ... -s bench/http.lua http://HOST/api/v1/applications -- post MAX
--   wrk ... -s bench/http.lua http://HOST/api/v1/applications/CODE -- get MAX SECRET

local threads = {}
local mode, max_total, secret

function setup(thread)
  table.insert(threads, thread)
end

-- Globals, so that done() can read them from each thread.
limit, count, ok, non2xx = 0, 0, 0, 0

function init(args)
  mode = args[1] or "post"
  max_total = tonumber(args[2] or "10000")
  secret = args[3] or ""
  -- Each thread stops after its share of the total (the thread count is not visible inside a
  -- thread: scripts/bench-http passes it as WRK_THREADS).
  limit = math.max(1, math.floor(max_total / tonumber(os.getenv("WRK_THREADS") or "1")))
  if mode == "post" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.body = '{"agency":"demo","applicant":{"kind":"natural","name":"压测申请人",' ..
      '"id_number":"11010519491231002X","phone":"13912345678","address":"北京市朝阳区建国路1号"},' ..
      '"items":["某道路工程的环境影响评价文件","2025年度项目资金安排"],' ..
      '"delivery":"电子邮件","secret":"bench-secret-1"}'
  else
    wrk.method = "GET"
    wrk.headers["X-Tracking-Secret"] = secret
  end
end

function response(status, headers, body)
  count = count + 1
  if status >= 200 and status < 300 then ok = ok + 1 else non2xx = non2xx + 1 end
  if count >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local total_ok, total_bad, capped = 0, 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_bad = total_bad + t:get("non2xx")
    -- wrk still waits out --duration after a thread stops, so a capped run's req/s is low.
    if t:get("count") >= t:get("limit") then capped = 1 end
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"capped":%d,"requests":%d,"seconds":%.3f,"rps":%.1f,"ok":%d,"non2xx":%d,' ..
    '"socket_errors":%d,"timeouts":%d,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f}\n',
    capped, summary.requests, secs, summary.requests / secs, total_ok, total_bad,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
