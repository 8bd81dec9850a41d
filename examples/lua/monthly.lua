#!/usr/bin/env lua5.4
-- monthly.lua — the monthly assessment (月度考评) as a county organisation
-- department's internal tool would run it: read this month's data, take
-- the townships to visit from the library's rotation (black-listed units
-- first among the townships due), print the red and black boards, and
-- write a CSV report. WUHONG_MONTH=YYYY-MM sets the month (default: now).
--
--   lua5.4 examples/lua/monthly.lua DATA.csv [REPORT.csv]
local wuhong = require "wuhong"

local data_path = arg[1] or error("usage: monthly.lua DATA.csv [REPORT.csv]")
local report_path = arg[2] or ("monthly-report-" .. os.date("%Y-%m") .. ".csv")

local ok, err = pcall(function()
  local policy = wuhong.Policy.default()
  local ev = policy:evaluate(wuhong.Dataset.from_csv(data_path))
  local boards = ev:lists()

  -- the townships to visit: the library's rotation for this month, putting
  -- townships with black-listed units first among those due a visit
  local month = os.getenv("WUHONG_MONTH") or os.date("%Y-%m")
  local plan = wuhong.rotation(policy, month, 1, ev)

  print(string.format("Monthly assessment %s — %s (%d units)", month, policy:name(), #ev))
  print("\nTownships to visit this month:")
  for k, visit in ipairs(plan) do
    print(string.format("  %d. %s — %s", k, visit.town, visit.why))
  end

  local function board(title, entries)
    print(string.format("\n%s: %d units", title, #entries))
    for _, e in ipairs(entries) do
      print(string.format("  %3d  %-6s %s  %s  flags %d  tier %d  %s", e.rank, e.id, e.name, e.town, e.flags, e.tier,
                          e.reason))
    end
  end
  board("红榜 (red list)", boards.red)
  board("黑榜 (black list)", boards.black)

  -- the report: both boards, then the townships, as CSV
  local function field(s)
    s = tostring(s)
    if s:find('[,"\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
    return s
  end
  local out = assert(io.open(report_path .. ".tmp", "w"))
  out:write("list,rank,id,name,sector,town,flags,tier,reason\n")
  for _, name in ipairs({ "red", "black" }) do
    for _, e in ipairs(boards[name]) do
      local row = { name, e.rank, e.id, e.name, e.sector, e.town, e.flags, e.tier, e.reason }
      for k, v in ipairs(row) do row[k] = field(v) end
      out:write(table.concat(row, ","), "\n")
    end
  end
  out:close()
  assert(os.rename(report_path .. ".tmp", report_path)) -- whole or not at all
  print("\nreport written: " .. report_path)
end)

if not ok then
  io.stderr:write("monthly.lua: ", tostring(err), "\n")
  os.exit(1)
end
