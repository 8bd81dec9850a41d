-- The Lua binding: conformance vectors, API, errors, GC and lifetimes.
-- Run by `meson test` as: lua5.4 /usr/bin/busted spec
local wuhong = require "wuhong"
local json = require "dkjson"

local SRC = os.getenv("WUHONG_SOURCE_DIR")
local DATA = SRC .. "/examples/data/jiangxian.csv"
local ADJ = SRC .. "/examples/data/jiangxian-adjustments.csv"
local VECTORS = SRC .. "/tests/vectors"

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

local function fails(fn, ...)
  local ok, e = pcall(fn, ...)
  assert.is_false(ok)
  assert.is_table(e)
  return e
end

describe("conformance vectors", function()
  local cases = {}
  for name in io.popen('ls "' .. VECTORS .. '"'):lines() do cases[#cases + 1] = name end
  assert.is_true(#cases >= 5)
  for _, case in ipairs(cases) do
    it(case, function()
      local dir = VECTORS .. "/" .. case
      local expected = json.decode(read(dir .. "/expected.json"))
      local ok, result = pcall(function()
        local p = wuhong.Policy.load(dir .. "/policy.yaml")
        local panel = exists(dir .. "/panel.csv") and dir .. "/panel.csv" or nil
        local ds = wuhong.Dataset.from_csv(dir .. "/data.csv", { panel = panel })
        return p:evaluate(ds)
      end)
      if expected.error then
        assert.is_false(ok)
        assert.are.equal(expected.error.code, result.kind)
        for _, key in ipairs({ "line", "row", "column", "unit", "field" }) do
          if expected.error[key] ~= nil then assert.are.equal(expected.error[key], result[key]) end
        end
        return
      end
      assert.is_true(ok, ok or tostring(result))
      local ev, k = result, 0
      for r in ev:units() do
        k = k + 1
        local w = expected.units[k]
        assert.are.same({ w.id, w.flags, w.flag_mask, w.missing_mask, w.veto, w.tier, w.amount_fen },
                        { r.id, r.flags, r.flag_mask, r.missing_mask, r.veto and 1 or 0, r.tier, r.amount_fen })
      end
      assert.are.equal(#expected.units, k)
      local boards = ev:lists()
      for _, name in ipairs({ "red", "black" }) do
        if expected[name] then
          local ids = {}
          for _, e in ipairs(boards[name]) do ids[#ids + 1] = e.id end
          assert.are.same(expected[name], ids)
        end
      end
      if expected.awards then
        local w = expected.awards
        local adj = exists(dir .. "/adjustments.csv") and wuhong.Adjustments.from_csv(dir .. "/adjustments.csv") or nil
        local budget = w.budget_fen and wuhong.yuan(w.budget_fen) or nil
        local a = ev:awards({ budget = budget, adjustments = adj })
        assert.are.equal(w.total_fen, a.total_fen)
        assert.are.equal(w.unscaled_total_fen, a.unscaled_total_fen)
        for _, line in ipairs(a.units) do
          if w.amounts_fen[line.id] ~= nil then assert.are.equal(w.amounts_fen[line.id], line.amount_fen) end
        end
      end
    end)
  end
end)

describe("the API", function()
  local policy = wuhong.Policy.default()
  local data = wuhong.Dataset.from_csv(DATA)

  it("evaluates the bundled data as the CLI does", function()
    local ev = policy:evaluate(data)
    assert.are.equal(346, #ev)
    local cli = io.popen('"' .. os.getenv("WUHONG_CLI") .. '" evaluate --format csv "' .. DATA .. '"')
    cli:read("l") -- header
    local five = 0
    for r in ev:units() do
      local line = cli:read("l")
      local want = string.format("%s,%s,%s,%s,%s,%d,%s,%s,%d,%d,%s,%s", r.id, r.name, r.sector, r.town,
                                 r.committee, r.flags, r.flag_mask, r.missing_mask, r.veto and 1 or 0, r.tier,
                                 r.tier_name, r.amount)
      assert.are.equal(line, want)
      if r.tier == 5 then five = five + 1 end
    end
    cli:close()
    assert.are.equal(21, five)
    -- evaluated again into the same results, with the fused kernels
    local tier = ev:unit("VL001").tier
    assert.are.equal(ev, ev:again({ threads = 1 }))
    assert.are.equal(tier, ev:unit("VL001").tier)
    assert.truthy(({ avx512 = true, avx2 = true, baseline = true })[ev:kernel()])
    assert.has_error(function() ev:again({ threads = -1 }) end)
  end)

  it("tallies, explains, lists and awards", function()
    local ev = policy:evaluate(data)
    local rows = ev:tally()
    assert.are.equal("village", rows[1].group)
    assert.are.equal("school", rows[#rows].group) -- the groups only
    assert.are.equal("total", rows.total.group)
    assert.are.equal(21, rows.total.tier5)
    assert.are.equal(12, rows[1].tier5)
    local x = ev:explain("VL001")
    assert.truthy(x.text:find("郝家窑村", 1, true))
    assert.are.equal("party", x.reasons[1].key)
    assert.are.equal(">=", x.reasons[1].clauses[1].op)
    assert.are.equal(12, x.reasons[1].clauses[1].threshold)
    assert.are.equal("pass", ev:unit("VL001").reasons[1].verdict)
    local boards = ev:lists()
    assert.are.equal(21, #boards.red)
    assert.is_true(#boards.black > 0)
    for _, e in ipairs(boards.black) do assert.is_true(#e.reason > 0) end
    local a = ev:awards({ adjustments = wuhong.Adjustments.from_csv(ADJ) })
    for _, line in ipairs(a.units) do
      if line.id == "VL002" then
        assert.are.equal("80000.00", line.amount)
        assert.truthy(line.reason:find("纪念馆", 1, true))
        assert.truthy(line.reason_zh:find("五面红旗示范，按标准 60000.00 元；核定为 80000.00 元：", 1, true))
      end
    end
    -- the award tallies count vetoed and missing units as the evaluation's do (they were 0)
    assert.are.equal(ev:tally().total.vetoed, a.tally.sector.total.vetoed)
    assert.is_true(a.tally.sector.total.vetoed >= 2)
    assert.are.equal(ev:tally("town").total.missing, a.tally.town.total.missing)
    local scaled = ev:awards({ budget = 3000000 })
    assert.is_true(scaled.scaled)
    local sum = 0
    for _, line in ipairs(scaled.units) do sum = sum + line.amount_fen end
    assert.are.equal(300000000, sum)
    assert.are.equal(300000000, scaled.tally.tier.total.amount_fen)
    fails(ev.awards, ev, { budget = 10.5 }) -- a float is not money
  end)

  it("builds datasets from records", function()
    local ds = wuhong.Dataset.from_records({
      { id = "A", name = "甲", sector = "行政村", town = "古绛镇", party_meetings = 12, three_one_rate = 96,
        panel_party = 85, collective_income = 15, industry_projects = 1, civility_events = 6,
        volunteer_services = 12, toilet_rate = 90, waste_rate = 95, grid_coverage = 95, mediation_rate = 90,
        serious_case = false, major_accident = wuhong.MISSING } })
    local r = policy:evaluate(ds):unit("A")
    assert.are.equal(5, r.tier)
    assert.are.equal(6000000, r.amount_fen)
    assert.are.equal("data", fails(wuhong.Dataset.from_records, { { id = "A", sector = "village", x = "ten" } }).kind)
  end)

  it("compares two policies", function()
    local raised = wuhong.Policy.from_string(
      (wuhong.Policy.default_source():gsub("collective_income >= 10", "collective_income >= 20", 1)))
    local d = wuhong.diff(policy, raised, data)
    assert.is_true(#d.units > 0)
    assert.is_true(d.delta_fen < 0)
    for _, u in ipairs(d.units) do
      assert.are.equal(u.flags_a - 1, u.flags_b)
      local income = data:value(u.id, "collective_income")
      assert.is_true(income >= 10 and income < 20)
    end
    assert.are.equal(d.delta_fen, d.by_sector[1].delta_fen)
    assert.are.equal(0, #wuhong.diff(policy, policy, data).units)
  end)
end)

describe("examples/lua/monthly.lua", function()
  it("writes boards that match the CLI's", function()
    local report = os.tmpname()
    local cmd = string.format('lua5.4 "%s/examples/lua/monthly.lua" "%s" "%s" > /dev/null', SRC, DATA, report)
    assert.is_true(os.execute(cmd))
    local cli = io.popen('"' .. os.getenv("WUHONG_CLI") .. '" lists --format csv "' .. DATA .. '"'):read("a")
    assert.are.equal(cli, read(report))
    os.remove(report)
  end)
end)

describe("periods and the ledger", function()
  it("reviews two years and reads a unit's trail", function()
    local path = os.tmpname()
    os.remove(path)
    local policy, ledger = wuhong.Policy.default(), wuhong.Ledger.open(path)
    local first = policy:review(ledger, "2023", wuhong.Dataset.from_csv(DATA))
    assert.is_false(first.replayed)
    local awarded = 0
    for _, e in ipairs(first.events) do if e.event == "awarded" then awarded = awarded + 1 end end
    assert.are.equal(184, awarded)
    assert.is_true(policy:review(ledger, "2023", wuhong.Dataset.from_csv(DATA)).replayed)
    assert.are.equal(384000000, ledger:totals()[1].total_fen)
    local text = read(DATA)
    local header = text:match("^[^\n]+")
    local col = 0
    for name in header:gmatch("[^,]+") do
      col = col + 1
      if name == "party_meetings" then break end
    end
    local lines = {}
    for line in text:gmatch("[^\n]+") do lines[#lines + 1] = line end
    local cells = {}
    for c in (lines[2] .. ","):gmatch("([^,]*),") do cells[#cells + 1] = c end
    cells[col] = "6" -- VL001 lets party building slip
    lines[2] = table.concat(cells, ",")
    local y2024 = os.tmpname()
    local f = io.open(y2024, "w")
    f:write(table.concat(lines, "\n"), "\n")
    f:close()
    local dec = wuhong.Decisions.new():add("VL002", "approve", "县委常委会", "confirmed")
    policy:review(ledger, "2024", wuhong.Dataset.from_csv(y2024), { decisions = dec })
    local trail = {}
    for _, h in ipairs(ledger:history("VL001")) do trail[#trail + 1] = h.event end
    assert.are.same({ "proposed", "approved", "awarded", "review_failed", "stripped", "benefits_cancelled" }, trail)
    assert.are.equal(6000000, ledger:paid("VL001")[1].amount_fen)
    assert.are.equal("data", fails(function() return policy:review(ledger, "2024", wuhong.Dataset.from_csv(DATA)) end).kind)
    local adj = wuhong.Adjustments.new():add("VL002", "bonus", "500.50", "抗洪抢险"):add("VL003", "penalty", 200, "材料不实")
    local third = policy:review(ledger, "2025", wuhong.Dataset.from_csv(y2024), { adjustments = adj })
    local adjusted = {}
    for _, e in ipairs(third.events) do
      if e.event == "bonus" or e.event == "penalty" then adjusted[#adjusted + 1] = e.unit .. ":" .. e.event end
    end
    assert.are.same({ "VL002:bonus", "VL003:penalty" }, adjusted)
    assert.are.equal("usage", fails(function() return adj:add("VL002", "gift", 1, "x") end).kind)
    ledger:close()
    assert.are.equal("closed", fails(ledger.periods, ledger).kind)
    local reader = wuhong.Ledger.open(path, { readonly = true })
    assert.are.equal(3, #reader:periods())
    local chain = reader:verify()  -- every period's seal, oldest first
    assert.are.equal(3, #chain)
    assert.are.equal(64, #chain[#chain].digest)
    assert.are.equal("usage", fails(function() return policy:review(reader, "2026", wuhong.Dataset.from_csv(DATA)) end).kind)
    reader:close()
    assert.are.equal("io", fails(function() return wuhong.Ledger.open(path .. ".none", { readonly = true }) end).kind)
    os.remove(y2024)
    os.remove(path)
  end)

  it("creates only the units on the year's creation list", function()
    local path = os.tmpname()
    os.remove(path)
    local policy, ledger = wuhong.Policy.default(), wuhong.Ledger.open(path)
    local apps = wuhong.Applications.from_csv(SRC .. "/examples/data/jiangxian-applications-2023.csv")
    assert.are.equal(29, apps:count())
    assert.are.equal("wuhong.Applications 29 applications", tostring(apps))
    assert.are.same({ unit = "VL001", tier = 5, recommended = true, recommended_by = "古绛镇党委",
                      recommendation = "五项标准全部达到", decision = "approve", decided_by = "县委常委会", reason = "" },
                    apps:list()[1])
    local r = policy:review(ledger, "2023", wuhong.Dataset.from_csv(DATA), { applications = apps })
    local accepted, vl020 = 0, 0
    for _, e in ipairs(r.events) do
      if e.event == "accepted" then accepted = accepted + 1 end
      if e.unit == "VL020" then vl020 = vl020 + 1 end
    end
    assert.are.equal(27, accepted)
    assert.are.equal(0, vl020) -- a tier, but not on the list
    local by_hand = wuhong.Applications.new():add("VL020", 4, { recommended = true, recommended_by = "古绛镇党委",
                                                                decision = "approve", decided_by = "县委常委会" })
    assert.are.equal("usage", fails(function() return by_hand:add("VL004", 4, { decision = "maybe" }) end).kind)
    assert.are.equal("data", fails(function() return by_hand:add("VL020", 5) end).kind)
    local events = {}
    for _, e in ipairs(policy:review(ledger, "2024", wuhong.Dataset.from_csv(DATA), { applications = by_hand }).events) do
      if e.unit == "VL020" then events[#events + 1] = e.event end
    end
    assert.are.same({ "applied", "recommended", "approved", "accepted", "awarded" }, events)
    ledger:close()
    by_hand:close()
    assert.are.equal("closed", fails(by_hand.count, by_hand).kind)
    os.remove(path)
  end)

  it("writes CSV as spreadsheets read it", function()
    local ev = wuhong.Policy.default():evaluate(wuhong.Dataset.from_csv(DATA))
    local black = ev:lists().black
    local text = wuhong.csv.text(black, { "rank", "id", "name", "reason_zh", "rules" }, { bom = true })
    assert.are.equal("\239\187\191rank,id,name,reason_zh,rules\r\n", text:sub(1, 33))
    local lines = 0
    for _ in text:gmatch("\r\n") do lines = lines + 1 end
    assert.are.equal(#black + 1, lines)
    assert.are.equal('a,"b,c","d""e","x\ny"\r\n', wuhong.csv.text({ { p = "a", q = "b,c", r = 'd"e', s = "x\ny" } },
                                                                { "p", "q", "r", "s" }):match("\n(.*)$"))
    local path = os.tmpname()
    wuhong.csv.write(path, ev:tally(), { "group", "units", "tier5" })
    local f = io.open(path, "rb")
    assert.are.equal("group,units,tier5\r\nvillage,132,12\r\n", f:read("a"):sub(1, 35))
    f:close()
    os.remove(path)
    assert.are.equal("io", fails(wuhong.csv.write, "/no/such/dir/x.csv", {}, { "a" }).kind)
    -- GB18030 for Excel and WPS, read back by the loader as the same units
    local gb = wuhong.csv.text({ { id = "VL001", name = "郝家窑村" } }, { "id", "name" }, { encoding = "gb18030", bom = true })
    assert.are.equal("\132\049\149\051id,name\r\nVL001,\186\194\188\210\210\164\180\229\r\n", gb)
    assert.are.equal("usage", fails(wuhong.csv.text, {}, { "a" }, { encoding = "latin1" }).kind)
    assert.are.equal("data", fails(wuhong.csv.text, { { a = "\255" } }, { "a" }, { encoding = "gb18030" }).kind)
  end)

  it("renders the boards to publish", function()
    local ev = wuhong.Policy.default():evaluate(wuhong.Dataset.from_csv(DATA))
    assert.are.equal("PK\3\4", ev:board():sub(1, 4))
    local page = ev:board("html", { budget = 3000000 })
    assert.is_truthy(page:find("300.00 万元", 1, true))
    assert.are.equal("usage", fails(function() return ev:board("pdf") end).kind)
    assert.are.equal("usage", fails(function() return ev:board("xlsx", { path = "/nonexistent/b.html" }) end).kind)
    local posted = ev:board("html", { title = "公示", period = "2024-05", issuer = "中共绛县县委组织部" })
    assert.truthy(posted:find("<h1>公示</h1>", 1, true))
    assert.truthy(posted:find('<p class="byline">2024年5月 · 中共绛县县委组织部</p>', 1, true))
    assert.truthy(page:find("<h1>绛县“五面红旗”示范创建红黑榜</h1>", 1, true))
  end)

  it("lists every problem of a data file at once", function()
    local lines = {}
    for line in read(DATA):gmatch("[^\n]+") do lines[#lines + 1] = line end
    lines[3] = lines[3]:gsub("^(VL002,[^,]*,[^,]*,)[^,]*", "%1北京镇")
    lines[10] = lines[9]
    local path = os.tmpname()
    local f = io.open(path, "w")
    f:write(table.concat(lines, "\n"), "\n")
    f:close()
    local policy = wuhong.Policy.default()
    local found = policy:problems(path)
    assert.are.equal(2, #found)
    assert.are.equal(3, found[1].line)
    assert.is_truthy(found[1].text:find("unknown township '北京镇'", 1, true))
    assert.are.equal(10, found[2].line)
    assert.are.equal(0, #policy:problems(DATA))
    assert.are.equal(1, #policy:problems(path, { max_errors = 1 }))
    os.remove(path)
  end)

  it("keeps the raw module (the C API itself) from crashing: an index past the end, nil, a double free", function()
    local core = require "wuhong.core"
    local p = core.policy_default()
    local ev = core.evaluate(p, core.dataset_load_csv(DATA, nil), nil)
    local n = core.evaluation_count(ev)
    assert.is_nil(core.evaluation_tiers(ev)[n + 1])
    assert.has_error(function() core.evaluation_explain(ev, n) end)
    assert.is_nil(core.explanation_at(core.evaluation_explain(ev, 0), 99))
    assert.has_error(function() core.evaluation_count(nil) end)
    core.evaluation_free(ev)
    core.evaluation_free(ev) -- a second free does nothing
    local ok, msg = pcall(core.evaluation_count, ev)
    assert.is_false(ok)
    assert.truthy(tostring(msg):find("closed"))
  end)

  it("has the C API's statuses raise, out-parameters returned and enums as constants", function()
    local core = require "wuhong.core"
    local ok, e = pcall(core.policy_load_string, "wuhong: 1\nsectors: 7\n", "bad.yaml")
    assert.is_false(ok) -- the error raised is the record (wuhong.lua makes it a table)
    assert.are.equal(core.EPOLICY, e.code)
    assert.are.equal("bad.yaml", e.file)
    assert.are.equal(1234, core.parse_yuan("12.34"))
    assert.are.equal("-0.05", core.format_yuan(-5))
    local p = core.policy_default()
    assert.are.equal(2, core.policy_find_sector(p, core.policy_sector_key(p, 2)))
    assert.are.equal(3, core.policy_review_rules(p).min_tier)
    local rows, replayed = core.review(core.ledger_open(":memory:"), "2025",
                                       core.evaluate(p, core.dataset_load_csv(DATA, nil), nil), nil)
    assert.is_true(core.rows_count(rows) > 0)
    assert.is_false(replayed)
    assert.are.same({ 0, 1, 3, 5 }, { core.RED_LIST, core.BLACK_LIST, core.VALUE_TEXT, core.CRITERIA })
  end)

  it("plans the monthly rotation", function()
    local p = wuhong.Policy.default()
    local months = wuhong.rotation(p, "2025-01", 12)
    assert.are.equal(24, #months)
    assert.are.equal("古绛镇", months[1].town)
    local prio = wuhong.rotation(p, "2025-01", 12, p:evaluate(wuhong.Dataset.from_csv(DATA)))
    assert.truthy(prio[1].why:find("black-listed", 1, true))
    assert.are.equal("usage", fails(wuhong.rotation, p, "2025-13").kind)
  end)
end)

describe("errors", function()
  it("are tables with kind and position, and print well", function()
    local e = fails(wuhong.Policy.from_string,
                    wuhong.Policy.default_source():gsub("collective_income >= 10", "collective_incme >= 10", 1), "p.yaml")
    assert.are.equal("rule", e.kind)
    assert.are.equal("p.yaml", e.file)
    assert.is_true(e.line > 1 and e.column > 1)
    -- positions are integers (C longs were once floats: "1.0")
    assert.are.same({ "integer", "integer", "integer" }, { math.type(e.line), math.type(e.column), math.type(e.row) })
    assert.truthy(tostring(e):find("p.yaml:%d+:%d+: unknown name 'collective_incme'"))
    assert.truthy(e.excerpt:find("^", 1, true))
    local bad = os.tmpname()
    local f = io.open(bad, "w")
    f:write((read(DATA):gsub(",行政村,", ",村委会,", 1)))
    f:close()
    local ok, err = pcall(function() return wuhong.Policy.default():evaluate(wuhong.Dataset.from_csv(bad)) end)
    os.remove(bad)
    assert.is_false(ok)
    assert.are.same({ "data", 2, "VL001", "sector" }, { err.kind, err.row, err.unit, err.field })
    assert.are.equal("io", fails(wuhong.Dataset.from_csv, "/nonexistent.csv").kind)
    assert.are.equal("notfound", fails(function() return wuhong.Policy.default():evaluate(wuhong.Dataset.from_csv(DATA)):explain("nobody") end).kind)
  end)

  it("never crash on wrong arguments", function()
    local p, ds = wuhong.Policy.default(), wuhong.Dataset.from_csv(DATA)
    local calls = {
      function() return wuhong.Policy.load(nil) end,
      function() return wuhong.Policy.load(42) end,
      function() return wuhong.Policy.from_string({}) end,
      function() return p:evaluate(nil) end,
      function() return p:evaluate("data.csv") end,
      function() return p.evaluate(nil, ds) end,
      function() return p:evaluate(ds, { threads = -1 }) end,
      function() return wuhong.Dataset.from_csv(DATA, "utf-8") end,
      function() return wuhong.diff(p, nil, ds) end,
      function() return p:evaluate(ds):tally("planet") end,
      function() return wuhong.Adjustments.new():add("A", "gift", 1, "r") end,
    }
    for _, call in ipairs(calls) do assert.are.equal("usage", fails(call).kind) end
  end)
end)

describe("memory and lifetimes", function()
  it("close frees now, later use raises, and results outlive their inputs", function()
    local p, ds = wuhong.Policy.default(), wuhong.Dataset.from_csv(DATA)
    local ev = p:evaluate(ds)
    p:close()
    ds:close()
    p:close() -- twice is harmless
    assert.are.equal("closed", fails(p.fingerprint, p).kind)
    assert.are.equal("closed", fails(function() return p:evaluate(ds) end).kind)
    collectgarbage()
    collectgarbage()
    assert.are.equal(346, #ev)
    assert.are.equal(5, ev:unit("VL002").tier)
    assert.are.equal(21, #ev:lists().red)
    ev:close()
    assert.are.equal("closed", fails(ev.count, ev).kind)
    collectgarbage() -- the collector leaves closed handles alone
  end)

  it("does not grow over 10,000 evaluations #slow", function()
    local p, ds = wuhong.Policy.default(), wuhong.Dataset.from_csv(DATA)
    local function rss()
      local f = io.open("/proc/self/statm")
      local pages = f:read("n")
      pages = f:read("n")
      f:close()
      return pages * 4
    end
    for _ = 1, 500 do p:evaluate(ds):tally() end
    collectgarbage()
    collectgarbage()
    local before, lua_before = rss(), collectgarbage("count")
    for i = 1, 10000 do
      p:evaluate(ds):tally()
      if i % 100 == 0 then collectgarbage() end
    end
    collectgarbage()
    collectgarbage()
    -- leaking one evaluation (~20 KiB) a call would grow ~200 MiB; 16 MiB leaves room for heap
    -- fragmentation (valgrind checks leaks to the byte in CI). ASan's quarantine keeps freed memory.
    if not os.getenv("WUHONG_SANITIZED") then
      assert.is_true(rss() - before < 16384, "resident memory grew by " .. (rss() - before) .. " KiB")
    end
    assert.is_true(collectgarbage("count") - lua_before < 512)
  end)
end)

local function built_policy()
  local criteria = {}
  for c = 1, 5 do criteria[c] = { "c" .. c, "第" .. c .. "条", "x >= " .. c } end
  return wuhong.PolicyBuilder.new("built"):town("东镇")
    :indicator("x", { label = "指标", unit = "次", type = "count", max = 100 })
    :sector("village", "行政村", criteria):veto("bad", "违纪", "x > 99", { "village" })
    :tier(5, "五星"):tier(3, "三星"):award("village", 5, 60000):award("village", 3, "20000.50"):compile()
end

describe("the builder and the rule API", function()
  it("builds a policy in code", function()
    local p = built_policy()
    assert.are.equal("built", p:name())
    assert.are.same({ "village" }, p:sectors())
    assert.are.same({ ["5"] = "60000.00", ["3"] = "20000.50" }, p:to_dict().awards.village)
    local records = {}
    for _, x in ipairs({ 0, 3, 5, 100 }) do records[#records + 1] = { id = "u" .. x, sector = "village", town = "东镇", x = x } end
    records[#records + 1] = { id = "m", sector = "village", town = "东镇", x = wuhong.MISSING }
    local got = {}
    for r in p:evaluate(wuhong.Dataset.from_records(records)):units() do
      got[#got + 1] = { r.id, r.flags, r.tier, r.amount_fen, r.veto }
    end
    assert.are.same({ { "u0", 0, 0, 0, false }, { "u3", 3, 3, 2000050, false }, { "u5", 5, 5, 6000000, false },
                      { "u100", 5, 0, 0, true }, { "m", 0, 0, 0, false } }, got)
    local ok, e = pcall(function()
      wuhong.PolicyBuilder.new("dup"):indicator("x"):sector("village", "a", {}):sector("village", "b", {})
    end)
    assert.is_false(ok)
    assert.are.equal("policy", e.kind)
    assert.truthy(e.message:find("village", 1, true))
  end)

  it("evaluates one rule on its own", function()
    local p = built_policy()
    local ds = wuhong.Dataset.from_records({ { id = "a", sector = "village", x = 2 }, { id = "b", sector = "village", x = 9 },
                                             { id = "c", sector = "village", x = wuhong.MISSING } })
    assert.are.same({ "fail", "pass", "missing" }, p:compile_rule("x >= 3 and x < 10"):evaluate(ds))
    local ok, e = pcall(p.compile_rule, p, "y > 1")
    assert.is_false(ok)
    assert.are.equal("rule", e.kind)
    assert.are.equal(1, e.column)
  end)
end)

describe("gaps", function()
  it("lists the units below the next tier, the smallest gap first", function()
    local ev = wuhong.Policy.default():evaluate(wuhong.Dataset.from_csv(DATA))
    local gaps = ev:gaps()
    local below = 0
    for r in ev:units() do if r.tier < 5 then below = below + 1 end end
    assert.are.equal(below, #gaps)
    for k = 2, #gaps do
      if gaps[k].total and gaps[k - 1].total then assert.is_true(gaps[k].total >= gaps[k - 1].total) end
    end
    local g = gaps[1].criteria[1].gaps[1]
    assert.is_true(g.gap > 0)
    assert.is_nil(g.why)
  end)
end)

describe("objects", function()
  it("print what they are", function()
    local p = wuhong.Policy.default()
    local ds = wuhong.Dataset.from_csv(DATA)
    local ev = p:evaluate(ds)
    local l = wuhong.Ledger.open(os.tmpname())
    for _, o in ipairs({ p, ds, ev, wuhong.Adjustments.new(), wuhong.Decisions.new(), l,
                         p:compile_rule("party_meetings >= 12"), wuhong.PolicyBuilder.new("x") }) do
      assert.is_nil(tostring(o):find("table: 0x", 1, true))
      assert.truthy(tostring(o):find("^wuhong%."))
    end
    assert.are.equal("wuhong.Evaluation 346 units", tostring(ev))
    ev:close()
    assert.are.equal("wuhong.Evaluation (closed)", tostring(ev))
  end)
end)

describe("with_rules", function()
  it("derives a policy with a rule replaced", function()
    local p = wuhong.Policy.default()
    local raised = p:with_rules({ ["village.industry"] = "collective_income >= 20 and industry_projects >= 1" })
    assert.are_not.equal(p:fingerprint(), raised:fingerprint())
    local d = wuhong.diff(p, raised, wuhong.Dataset.from_csv(DATA))
    assert.are.equal(22, #d.units)
    assert.are.equal(-22000000, d.delta_fen)
    local ok, e = pcall(p.with_rules, p, { ["village.nothing"] = "true" })
    assert.is_false(ok)
    assert.are.equal("notfound", e.kind)
  end)
end)

describe("messages in the caller's locale", function()
  local locpath = os.getenv("WUHONG_TEST_LOCPATH")
  it("are Chinese after os.setlocale to zh_CN.UTF-8, English in the C locale", function()
    if not locpath or os.getenv("LOCPATH") ~= locpath then
      pending("built without NLS")
      return
    end
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write("id,name,sector,town,party_meetings\nVL1,村,village,古绛镇,十二\n")
    f:close()
    local function message()
      local e = fails(function() return wuhong.Policy.default():evaluate(wuhong.Dataset.from_csv(path)) end)
      assert.are.equal("data", e.kind)
      return tostring(e)
    end
    assert.truthy(message():find("'十二' is not a number", 1, true))
    assert.truthy(os.setlocale("zh_CN.UTF-8", "all"))
    local zh = message()
    os.setlocale("C", "all")
    os.remove(path)
    assert.truthy(zh:find("“十二”不是数字", 1, true), zh)
    assert.truthy(zh:find(":2:5: 单位 VL1：", 1, true), zh)
  end)
end)

describe("a workbook's title rows", function()
  it("finds the header below a title, or takes the row named", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write("2024年绛县五面红旗考核数据,,,\n", read(DATA))
    f:close()
    local found = wuhong.Dataset.from_csv(path)
    assert.are.equal(346, found:count())
    assert.are.equal(path .. ":2: the header is on this row; the rows above it are not read (a title)", found:notice())
    assert.is_nil(wuhong.Dataset.from_csv(DATA):notice())
    assert.are.equal(346, wuhong.Dataset.from_csv(path, { header_row = 2 }):count())
    assert.are.equal("data", fails(wuhong.Dataset.from_csv, path, { header_row = 1 }).kind)
    assert.are.equal("usage", fails(wuhong.Dataset.from_csv, path, { header_row = 0 }).kind)
    os.remove(path)
  end)
end)
