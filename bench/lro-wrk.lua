-- create→Succeeded LROs driven by wrk (C) for `npm run bench` (issue 12). wrk's Lua state is one per
-- thread, shared by its connections: an answered PUT queues its Azure-AsyncOperation path, and the
-- next connection free to send polls it; with the queue empty, it PUTs a new managed cluster.
-- Args: <cluster path with {name}> <JSON body> <run tag>. Globals are read back by `done`.
local path, body, tag, apiVersion, putHeaders
local queue, head, tail = {}, 1, 0
created, succeeded, failed, polls = 0, 0, 0, 0

function init(args)
  path, body, tag = args[1], args[2], args[3]
  apiVersion = string.match(path, "api%-version=[^&]+")
  -- wrk.format uses the headers it is given instead of wrk's -H ones: a PUT needs both.
  putHeaders = { ["Content-Type"] = "application/json" }
  for k, v in pairs(wrk.headers) do putHeaders[k] = v end
end

local function header(headers, name)
  for k, v in pairs(headers) do
    if string.lower(k) == name then return v end
  end
end

local function enqueue(p)
  tail = tail + 1
  queue[tail] = p
end

function request()
  if head <= tail then
    local p = queue[head]
    queue[head] = nil
    head = head + 1
    polls = polls + 1
    return wrk.format("GET", p)
  end
  created = created + 1
  local url = string.gsub(path, "{name}", string.format("%s-%s-%d", tag, thread_id, created))
  return wrk.format("PUT", url, putHeaders, body)
end

function response(status, headers, text)
  local async = header(headers, "azure-asyncoperation")
  if async and status == 201 then
    enqueue((string.gsub(async, "^https?://[^/]+", "")))
  elseif status == 200 and string.find(text, '"status":"Succeeded"', 1, true) then
    succeeded = succeeded + 1
  elseif status == 200 and string.find(text, '"status":"InProgress"', 1, true) then
    -- The status body's id is the operation's path: poll it again.
    enqueue(string.match(text, '"id":"([^"]+)"') .. "?" .. apiVersion)
  else
    failed = failed + 1
    if failed == 1 then io.stderr:write("LRO_FAILED " .. status .. " " .. string.sub(text, 1, 300) .. "\n") end
  end
end

local threads = {}
function setup(thread)
  thread:set("thread_id", tostring(#threads + 1))
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local s, f, p = 0, 0, 0
  for _, t in ipairs(threads) do
    s, f, p = s + t:get("succeeded"), f + t:get("failed"), p + t:get("polls")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK_LRO_JSON {\"requests\":%d,\"durationUs\":%d,\"succeeded\":%d,\"failed\":%d,\"polls\":%d,\"errors\":%d,\"p50\":%d,\"p99\":%d}\n",
    summary.requests, summary.duration, s, f, p, errors, latency:percentile(50), latency:percentile(99)))
end
