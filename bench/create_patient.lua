-- wrk script: POST a new, distinct patient per request (letters-only names, varied birth dates).
-- Arguments after `--`: the session cookie (name=value) and the CSRF token from a sign-in.
local counter = 0
local cookie, csrf = "", ""

function init(args)
  cookie = args[1] or ""
  csrf = args[2] or ""
end
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local function letters(n)
  local s = ""
  repeat
    s = string.char(97 + n % 26) .. s
    n = math.floor(n / 26)
  until n == 0
  return s
end

function request()
  counter = counter + 1
  local given = "Bench" .. letters(tid or 0) .. "x" .. letters(counter)
  local day = 1 + counter % 28
  local body = string.format(
    '{"family_name":"Loadtest","given_name":"%s","birth_date":"1985-03-%02d","sex":"female",' ..
    '"phone":"+1217555%04d","address":{"line1":"1 Main St","city":"Springfield","state":"IL","postal_code":"62701"}}',
    given, day, counter % 10000)
  return wrk.format("POST", "/api/v1/patients", {["Content-Type"] = "application/json",
                    ["Cookie"] = cookie, ["X-CSRF-Token"] = csrf}, body)
end
