-- wrk script: GET /api/v1/patients?q=<family-name prefix>, cycling through common prefixes.
local prefixes = {"Smi", "Joh", "Wil", "Bro", "Jon", "Gar", "Mil", "Dav", "Rod", "Mar", "Her", "Lop",
                  "Gon", "And", "Tho", "Tay", "Moo", "Jac", "Lee", "Per", "Whi", "Har", "San", "Cla",
                  "Ram", "Lew", "Rob", "Wal", "You", "All", "Kin", "Wri", "Sco", "Tor", "Ngu", "Hil",
                  "Flo", "Gre", "Ada", "Nel", "Bak", "Hal", "Riv", "Cam", "Mit", "Car", "O'B", "Pat",
                  "S", "M", "Do", "Sm"}
local i = 0
local cookie = ""

-- Argument after `--`: the session cookie (name=value) from a sign-in.
function init(args)
  cookie = args[1] or ""
end

function request()
  i = i + 1
  local p = prefixes[(i % #prefixes) + 1]
  return wrk.format("GET", "/api/v1/patients?limit=20&q=" .. p:gsub("'", "%%27"), {["Cookie"] = cookie})
end
