#!/usr/bin/env lua5.4
-- monthly.lua — the monthly assessment (月度考评) as a county organisation
-- department's internal tool would run it: read this month's data, pick
-- the two townships to visit (those with the most black-listed units; ties
-- in the policy's township order), print the red and black boards, and
-- write a CSV report.
--
--   lua5.4 examples/lua/monthly.lua DATA.csv [REPORT.csv]
local wuhong = require "wuhong"

local data_path = arg[1] or error("usage: monthly.lua DATA.csv [REPORT.csv]")
local report_path = arg[2] or ("monthly-report-" .. os.date("%Y-%m") .. ".csv")

local ok, err = pcall(function()
  local policy = wuhong.Policy.default()
  local ev = policy:evaluate(wuhong.Dataset.from_csv(data_path))
  local boards = ev:lists()

  -- the townships to visit: most black-listed units first
  local towns, order = {}, {}
  for _, row in ipairs(ev:tally("town")) do
    if row.group ~= "total" then
      order[#order + 1] = row.group
      towns[row.group] = { name = row.group, black = 0, units = row.units, place = #order }
    end
  end
  for _, e in ipairs(boards.black) do towns[e.town].black = towns[e.town].black + 1 end
  local ranked = {}
  for _, name in ipairs(order) do ranked[#ranked + 1] = towns[name] end
  table.sort(ranked, function(a, b)
    if a.black ~= b.black then return a.black > b.black end
    return a.place < b.place
  end)

  print(string.format("Monthly assessment — %s (%d units)", policy:name(), #ev))
  print("\nTownships to visit this month (the most units on the black list):")
  for k = 1, 2 do
    local t = ranked[k]
    print(string.format("  %d. %s — %d of its %d units on the black list", k, t.name, t.black, t.units))
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
