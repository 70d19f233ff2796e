-- wrk script: POST /api/v1/appointments, each request a different open slot from a file made
-- by bench/book_slots.mjs (one JSON body per line; thread k takes lines k, k+threads, ...).
-- Arguments after `--`: the session cookie, the CSRF token, the slots file, the thread count.
local cookie, csrf, bodies = "", "", {}
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  cookie = args[1] or ""
  csrf = args[2] or ""
  local stride = tonumber(args[4] or "1")
  local n = 0
  for line in io.lines(args[3]) do
    if n % stride == tid then table.insert(bodies, line) end
    n = n + 1
  end
end

local i = 0
function request()
  i = i + 1
  local body = bodies[(i - 1) % #bodies + 1]  -- wraps around: repeats answer 409
  return wrk.format("POST", "/api/v1/appointments", {["Content-Type"] = "application/json",
                    ["Cookie"] = cookie, ["X-CSRF-Token"] = csrf}, body)
end

