--- wuhong — rules of a "Five Red Flags" (五面红旗) campaign, from Lua 5.4.
--
--   local wuhong = require "wuhong"
--   local policy = wuhong.Policy.default()
--   local ev = policy:evaluate(wuhong.Dataset.from_csv("examples/data/jiangxian.csv"))
--   for r in ev:units() do print(r.id, r.name, r.tier) end
--
-- A thin layer over the SWIG module wuhong.core, which is the C API itself
-- (bindings/wuhong.i, docs/bindings.md). Results are plain tables. Errors
-- are raised with error() as a table {kind, message, file, line, column,
-- row, unit, ...} that prints well. See docs/lua.md.
local raw = require "wuhong.core"
local M = { _VERSION = raw.version() }

--- A value that stands for "missing" in from_records (nil cannot be stored in a table).
M.MISSING = setmetatable({}, { __tostring = function() return "wuhong.MISSING" end })

local core -- the C module, its errors turned into tables (below)
local VERDICTS = { [raw.FAIL] = "fail", [raw.MISSING] = "missing", [raw.PASS] = "pass" }
local GROUPINGS = { sector = raw.BY_SECTOR, town = raw.BY_TOWN, committee = raw.BY_COMMITTEE, tier = raw.BY_TIER }
local ROSTER = { id = true, name = true, sector = true, town = true, committee = true }

-- ---- errors --------------------------------------------------------------------

local KINDS = { [raw.EPOLICY] = "policy", [raw.ERULE] = "rule", [raw.EDATA] = "data", [raw.EIO] = "io",
                [raw.EBUDGET] = "budget", [raw.EOVERFLOW] = "overflow", [raw.ENOTFOUND] = "notfound",
                [raw.ENOMEM] = "nomem" }
local ErrorMT = { __tostring = function(e) return e.text end }

-- the C module's error (a wuhong_error record; nil when out of memory) as a table
local function error_table(r)
  if type(r) ~= "userdata" then
    if r == nil then r = { code = raw.ENOMEM, message = "out of memory" } else return r end
  end
  local e = { kind = KINDS[r.code] or "usage" }
  for _, k in ipairs({ "code", "message", "file", "line", "column", "row", "unit", "field", "excerpt" }) do
    e[k] = r[k] or (k == "code" and raw.ENOMEM or (k == "line" or k == "column" or k == "row") and 0 or "")
  end
  e.text = r.text and r:text() or e.message -- the library's own text (wuhong_error_format)
  return setmetatable(e, ErrorMT)
end

local function pass(ok, ...)
  if ok then return ... end
  error(error_table((...)), 3)
end
core = setmetatable({}, { __index = function(t, name)
  local v = raw[name]
  if type(v) == "function" then
    local f = v
    v = function(...) return pass(pcall(f, ...)) end
  end
  rawset(t, name, v)
  return v
end })

local function raise(kind, message, fields)
  local e = { kind = kind, message = message, code = -2, file = "", line = 0, column = 0, row = 0,
              unit = "", field = "", excerpt = "", text = message }
  for k, v in pairs(fields or {}) do e[k] = v end
  if e.unit ~= "" then e.text = "unit " .. e.unit .. ": " .. message end
  error(setmetatable(e, ErrorMT), 3)
end

local function check(value, want, what, optional)
  if value == nil and optional then return value end
  if type(value) ~= want then
    raise("usage", string.format("%s must be a %s, not %s", what, want, type(value)))
  end
  return value
end

local function handle(self, what)
  if type(self) ~= "table" then raise("usage", what .. " method called without an object (use ':')") end
  local h = rawget(self, "_h")
  if h == nil then raise("closed", "this " .. what .. " is closed") end
  return h
end

-- ---- money ------------------------------------------------------------------------

--- fen (integer) as yuan text with two decimals: 6000000 -> "60000.00".
function M.yuan(fen)
  local sign = fen < 0 and "-" or ""
  fen = math.abs(fen)
  return string.format("%s%d.%02d", sign, fen // 100, fen % 100)
end

-- yuan (integer or text with at most two decimals) as exact text for the library
local function yuan_text(amount, what)
  if math.type(amount) == "integer" then return tostring(amount) end
  if type(amount) == "string" and amount:match("^%d+%.?%d?%d?$") then return amount end
  raise("usage", what .. " must be yuan as an integer or a string with at most two decimals (not a float: money is exact)")
end

local function fen_of(amount, what)
  local text = yuan_text(amount, what)
  local whole, frac = text:match("^(%d+)%.?(%d*)$")
  frac = (frac .. "00"):sub(1, 2)
  return math.tointeger(tonumber(whole) * 100 + tonumber(frac))
end

local function mask(bits)
  local s = {}
  for c = 0, 4 do s[#s + 1] = ((bits >> c) & 1 == 1) and "1" or "0" end
  return table.concat(s)
end

local function number(x)
  if x ~= x then return nil end -- NaN: missing
  return x
end

-- ---- policy -------------------------------------------------------------------------

-- CSV options with an encoding (nil: detect)
local function csv_options(encoding, sheet, header_row)
  local o = core.csv_options()
  o.encoding = check(encoding, "string", "encoding", true)
  o.sheet = check(sheet, "string", "sheet", true)
  if header_row ~= nil then
    if math.type(header_row) ~= "integer" or header_row < 1 then raise("usage", "header_row must be a row number >= 1") end
    o.header_row = header_row
  end
  return o
end

-- a unit's index, or a "notfound" error naming it
local function find(ds, unit_id)
  local ok, i = pcall(core.dataset_find, ds, check(unit_id, "string", "unit id"))
  if not ok then raise("notfound", "no unit with id '" .. unit_id .. "'", { unit = unit_id, code = core.ENOTFOUND }) end
  return i
end

local Policy = {}
Policy.__index = Policy
M.Policy = Policy

local function new_policy(h) return setmetatable({ _h = h }, Policy) end

--- The embedded Jiang County (绛县) policy; its thresholds are illustrative.
function Policy.default() return new_policy(core.policy_default()) end

function Policy.load(path) return new_policy(core.policy_load(check(path, "string", "path"))) end

function Policy.from_string(text, name)
  return new_policy(core.policy_load_string(check(text, "string", "text"),
                                            check(name, "string", "name", true) or "<string>"))
end

function Policy.default_source() return core.policy_default_source() end

function Policy:name() return core.policy_name(handle(self, "Policy")) end
function Policy:fingerprint() return core.policy_fingerprint(handle(self, "Policy")) end
function Policy:to_json() return core.policy_to_json(handle(self, "Policy")) end

--- The canonical form as a table in the policy file's format (needs dkjson).
function Policy:to_dict()
  local ok, json = pcall(require, "dkjson")
  if not ok then raise("usage", "to_dict needs dkjson (Debian: lua-dkjson); to_json gives the text") end
  return json.decode(self:to_json())
end

function Policy:sectors()
  local h, out = handle(self, "Policy"), {}
  for i = 0, core.policy_sector_count(h) - 1 do out[#out + 1] = core.policy_sector_key(h, i) end
  return out
end

--- A new Policy with some rules replaced (this one unchanged): rules maps "sector.criterion" or
--- "veto:key" to rule text. Needs dkjson, like to_dict.
function Policy:with_rules(rules)
  check(rules, "table", "rules")
  local ok, json = pcall(require, "dkjson")
  if not ok then raise("usage", "with_rules needs dkjson (Debian: lua-dkjson)") end
  local d = self:to_dict()
  for where, text in pairs(rules) do
    check(text, "string", "the rule for " .. tostring(where))
    local target
    if type(where) == "string" and where:sub(1, 5) == "veto:" then
      for _, v in ipairs(d.vetoes or {}) do if v.key == where:sub(6) then target = v end end
    elseif type(where) == "string" then
      local sector, key = where:match("^([^.]+)%.(.+)$")
      for _, s in ipairs(d.sectors) do
        if s.key == sector then for _, c in ipairs(s.criteria) do if c.key == key then target = c end end end
      end
    end
    if not target then
      raise("notfound", "no rule at '" .. tostring(where) .. "'; expected 'sector.criterion' or 'veto:key' (keys)",
            { field = tostring(where) })
    end
    target.rule = text
  end
  return Policy.from_string(json.encode(d), "<with_rules>")
end

local REVIEW_RULES = { "min_tier", "strip", "full_promotion", "wait", "clawback", "explicit_approval",
                       "merge_keep_successor", "rotation_per_month", "applications_only", "short_gets_nothing",
                       "held_is_error" }
--- The re-review rules (min_tier, strip, wait, ...) as a table.
function Policy:review_rules()
  local r, out = core.policy_review_rules(handle(self, "Policy")), {}
  for _, k in ipairs(REVIEW_RULES) do out[k] = r[k] end
  return out
end

--- Free the policy now; evaluations made with it stay valid.
function Policy:close()
  local h = rawget(self, "_h")
  if h then core.policy_free(h); self._h = nil end
end

-- ---- dataset ---------------------------------------------------------------------------

local Dataset = {}
Dataset.__index = Dataset
M.Dataset = Dataset

--- Read a wide CSV; opts: {encoding = "utf-8"|"gb18030"|..., panel = "scores.csv"}.
--- A wide CSV, or an .xlsx workbook's sheet (told by its bytes); opts {encoding =, panel =, sheet =,
-- header_row = (default: found below a title)}.
function Dataset.from_csv(path, opts)
  opts = check(opts, "table", "options", true) or {}
  local h = core.dataset_load_csv(check(path, "string", "path"), csv_options(opts.encoding, opts.sheet, opts.header_row))
  if opts.panel ~= nil then core.dataset_load_panel(h, check(opts.panel, "string", "panel"), csv_options(opts.encoding)) end
  return setmetatable({ _h = h }, Dataset)
end

--- An .xlsx workbook's sheet; opts {sheet = (default: the first), panel =}.
function Dataset.from_xlsx(path, opts)
  opts = check(opts, "table", "options", true) or {}
  local h = core.dataset_load_xlsx(check(path, "string", "path"), check(opts.sheet, "string", "sheet", true))
  if opts.panel ~= nil then core.dataset_load_panel(h, check(opts.panel, "string", "panel"), csv_options()) end
  return setmetatable({ _h = h }, Dataset)
end

local function cell(v, row, field)
  if v == M.MISSING then return 0 / 0 end
  if v == true then return 1.0 end
  if v == false then return 0.0 end
  if type(v) == "number" then return v + 0.0 end
  raise("data", string.format("the value of '%s' must be a number, a boolean or wuhong.MISSING, not %s", field,
                              type(v)), { row = row, field = field })
end

--- From a list of tables: id, name, sector, town (committee optional) and indicator values.
function Dataset.from_records(records)
  check(records, "table", "records")
  local h = core.dataset_new(#records)
  for i, r in ipairs(records) do
    if type(r) ~= "table" then raise("usage", "record " .. i .. " must be a table") end
    if type(r.id) ~= "string" or r.id == "" or type(r.sector) ~= "string" then
      raise("data", "record " .. i .. " needs a string id and sector", { row = i })
    end
    core.dataset_set_unit(h, i - 1, r.id, tostring(r.name or ""), r.sector, tostring(r.town or ""),
                             r.committee and tostring(r.committee) or nil)
    for k, v in pairs(r) do
      if not ROSTER[k] then
        if type(k) ~= "string" then raise("usage", "record " .. i .. ": indicator names must be strings") end
        core.dataset_set_value(h, i - 1, k, cell(v, i, k))
      end
    end
  end
  return setmetatable({ _h = h }, Dataset)
end

function Dataset:count() return core.dataset_count(handle(self, "Dataset")) end
--- What loading skipped (title rows above the header, a totals row), a line each; nil if nothing.
function Dataset:notice() return core.dataset_notice(handle(self, "Dataset")) end
Dataset.__len = Dataset.count

function Dataset:value(unit_id, indicator)
  local h = handle(self, "Dataset")
  return number(core.dataset_value(h, find(h, unit_id), check(indicator, "string", "indicator")))
end

function Dataset:close()
  local h = rawget(self, "_h")
  if h then core.dataset_free(h); self._h = nil end
end

-- ---- evaluation ------------------------------------------------------------------------

local Evaluation = {}
Evaluation.__index = Evaluation
M.Evaluation = Evaluation

--- Judge every unit; opts: {threads = 0 (automatic) | 1 | ...}.
--- Every problem of a data file (CSV or .xlsx) under this policy, at once: an array of error
-- tables in the order of the file (empty when it evaluates); opts {max_errors = 50, encoding =, sheet =}.
function Policy:problems(path, opts)
  local p = handle(self, "Policy")
  opts = check(opts, "table", "options", true) or {}
  local max = opts.max_errors or 50
  if math.type(max) ~= "integer" or max < 1 then raise("usage", "max_errors must be an integer >= 1") end
  local pr = core.problems_new(max)
  local o = csv_options(opts.encoding, opts.sheet, opts.header_row)
  o:set_problems(pr)
  local ok, stopped = pcall(function()
    local ds = core.dataset_load_csv(check(path, "string", "path"), o)
    local eo = core.evaluate_options()
    eo:set_problems(pr)
    core.evaluate(p, ds, eo)
  end)
  local found = {}
  for i = 0, core.problems_count(pr) - 1 do found[#found + 1] = error_table(core.problems_at(pr, i)) end
  -- the first problem is raised as well as listed; what stopped the reading (a header) only raised
  if not ok then
    local listed = false
    for _, f in ipairs(found) do
      listed = listed or (f.file == stopped.file and f.line == stopped.line and f.message == stopped.message)
    end
    if not listed then found[#found + 1] = stopped end
  end
  return found
end

-- { threads = N } as the C options
local function evaluate_options(opts)
  opts = check(opts, "table", "options", true) or {}
  local threads = opts.threads or 0
  if math.type(threads) ~= "integer" or threads < 0 then raise("usage", "threads must be an integer >= 0") end
  local o = core.evaluate_options()
  o.threads = threads
  return o
end

function Policy:evaluate(dataset, opts)
  local p = handle(self, "Policy")
  if getmetatable(dataset) ~= Dataset then raise("usage", "evaluate takes a wuhong.Dataset") end
  local h = core.evaluate(p, handle(dataset, "Dataset"), evaluate_options(opts))
  -- the evaluation's own policy and dataset: valid whatever becomes of the caller's
  return setmetatable({ _h = h, _p = core.evaluation_policy(h), _d = core.evaluation_dataset(h) },
                      Evaluation)
end

local COLUMNS = { "flags", "flag_masks", "missing_masks", "veto_masks", "tiers", "sectors", "amounts" }
-- the result columns as tables (1-based), read once
local function columns(ev)
  local h = handle(ev, "Evaluation")
  local cols = rawget(ev, "_cols")
  if not cols then
    cols = {}
    for _, name in ipairs(COLUMNS) do cols[name] = core["evaluation_" .. name](h) end
    ev._cols = cols
  end
  return cols
end

function Evaluation:count() return core.evaluation_count(handle(self, "Evaluation")) end

-- Evaluate again into the same results (nothing allocated); after an error the
-- evaluation holds none (count 0) until a run succeeds. Returns the evaluation.
function Evaluation:again(opts)
  local h = handle(self, "Evaluation")
  self._cols = nil -- the result tables are read anew
  core.evaluate_again(h, evaluate_options(opts))
  return self
end

-- How the last run judged the units: "avx512", "avx2", "baseline", "vm", or both ("avx512+vm").
function Evaluation:kernel() return core.evaluation_kernel(handle(self, "Evaluation")) end
Evaluation.__len = Evaluation.count

local function explain(ev, i, unit_id)
  local x = core.evaluation_explain(ev._h, i)
  local reasons = {}
  for k = 0, core.explanation_count(x) - 1 do
    local r, clauses = core.explanation_at(x, k), {}
    for c = 0, r.n_clauses - 1 do
      local cl = r:clause(c)
      clauses[#clauses + 1] = {
        text = cl.text, verdict = VERDICTS[cl.verdict], op = cl.op, actual = number(cl.actual),
        threshold = cl.op and number(cl.threshold) or nil, indicator = cl.indicator, label = cl.label,
        unit = cl.unit }
    end
    reasons[#reasons + 1] = { kind = r.is_veto ~= 0 and "veto" or "criterion", key = r.key, label = r.label,
                              rule = r.rule, verdict = VERDICTS[r.verdict], clauses = clauses }
  end
  local text = core.explanation_text(x)
  core.explanation_free(x)
  return { unit = unit_id, text = text, reasons = reasons }
end

-- A unit's results; `reasons` is built when first read.
local UnitMT = { __index = function(r, key)
  if key == "reasons" then
    local reasons = explain(r._ev, r.index, r.id).reasons
    rawset(r, "reasons", reasons)
    return reasons
  end
end }

local function unit_result(ev, i)
  local p, d, col = ev._p, ev._d, columns(ev)
  local tier, fen = col.tiers[i + 1], col.amounts[i + 1]
  return setmetatable({
    _ev = ev, index = i, id = core.dataset_unit_id(d, i), name = core.dataset_unit_name(d, i),
    sector = core.policy_sector_key(p, col.sectors[i + 1]), town = core.dataset_unit_town(d, i),
    committee = core.dataset_unit_committee(d, i), flags = col.flags[i + 1],
    flag_mask = mask(col.flag_masks[i + 1]), missing_mask = mask(col.missing_masks[i + 1]),
    veto = col.veto_masks[i + 1] ~= 0, tier = tier, tier_name = core.policy_tier_name(p, tier),
    amount_fen = fen, amount = M.yuan(fen) }, UnitMT)
end

--- for r in ev:units() do ... end
function Evaluation:units()
  local n, i = self:count(), -1
  return function()
    i = i + 1
    if i < n then
      handle(self, "Evaluation")
      return unit_result(self, i)
    end
  end
end

local function index_of(ev, unit_id) return find(ev._d, unit_id) end

function Evaluation:unit(unit_id)
  handle(self, "Evaluation")
  return unit_result(self, index_of(self, unit_id))
end

function Evaluation:explain(unit_id)
  handle(self, "Evaluation")
  return explain(self, index_of(self, unit_id), unit_id)
end

-- the groups in order, and the total apart from them (rows.total)
local function tally_rows(t)
  local function row(r)
    return { group = r.group, label = r.label, units = r.units, tier5 = r:tier(5), tier4 = r:tier(4),
             tier3 = r:tier(3), none = r:tier(0), vetoed = r.vetoed, missing = r.missing, amount_fen = r.amount }
  end
  local rows = {}
  for k = 0, core.tally_count(t) - 1 do rows[#rows + 1] = row(core.tally_at(t, k)) end
  rows.total = row(core.tally_total(t))
  core.tally_free(t)
  return rows
end

local function grouping(by)
  by = by or "sector"
  if GROUPINGS[by] == nil then raise("usage", "by must be sector, town, committee or tier, not " .. tostring(by)) end
  return GROUPINGS[by]
end

--- Units by group and tier: the groups, the total in .total. by: "sector" (default), "town", "committee", "tier".
function Evaluation:tally(by)
  return tally_rows(core.evaluation_tally(handle(self, "Evaluation"), grouping(by)))
end

--- The red and black lists: {red = {...}, black = {...}}.
function Evaluation:lists()
  local h, p, d, col = handle(self, "Evaluation"), self._p, self._d, columns(self)
  local l = core.evaluation_lists(h)
  local out = {}
  for kind, name in pairs({ [core.RED_LIST] = "red", [core.BLACK_LIST] = "black" }) do
    local keys = {}
    for r = 0, core.policy_list_rule_count(p, kind) - 1 do keys[r] = core.policy_list_rule_key(p, kind, r) end
    local entries = {}
    for k = 0, core.lists_count(l, kind) - 1 do
      local e = core.lists_at(l, kind, k)
      local i, rules = e.unit, {}
      for r = 0, #keys + 1 do if keys[r] and (e.rules >> r) & 1 == 1 then rules[#rules + 1] = keys[r] end end
      entries[#entries + 1] = {
        list = name, rank = e.rank, id = core.dataset_unit_id(d, i), name = core.dataset_unit_name(d, i),
        sector = core.policy_sector_key(p, col.sectors[i + 1]), town = core.dataset_unit_town(d, i),
        flags = col.flags[i + 1], tier = col.tiers[i + 1], rules = rules, reason = e.reason, reason_zh = e.reason_zh }
    end
    out[name] = entries
  end
  core.lists_free(l)
  return out
end

local function finite(x) if x == math.huge or x ~= x then return nil end return x end

--- Who to help next (帮扶名单): a table per unit below the next tier, the smallest total gap first.
function Evaluation:gaps()
  local h, d = handle(self, "Evaluation"), self._d
  local g, out = core.evaluation_gaps(h), {}
  for k = 0, core.gaps_count(g) - 1 do
    local u, criteria = core.gaps_at(g, k), {}
    for j = 0, u.n_criteria - 1 do
      local c, gaps = core.gap_unit_criterion(u, j), {}
      for i = 0, c.n_gaps - 1 do
        local x = core.gap_criterion_gap(c, i)
        gaps[#gaps + 1] = { clause = x.clause, verdict = VERDICTS[x.verdict], indicator = x.indicator, op = x.op,
                            actual = number(x.actual), threshold = x.op and number(x.threshold) or nil,
                            gap = number(x.gap), relative = number(x.relative), why = x.why,
                            why_zh = x.why_zh }
      end
      criteria[#criteria + 1] = { key = c.key, label = c.label, prerequisite = c.prerequisite,
                                  cost = finite(c.cost), gaps = gaps }
    end
    out[#out + 1] = { id = core.dataset_unit_id(d, u.unit), name = core.dataset_unit_name(d, u.unit),
                      town = core.dataset_unit_town(d, u.unit), flags = u.flags, tier = u.tier,
                      next_tier = u.next_tier, flags_short = u.flags_short, total = finite(u.total),
                      vetoed = u.vetoed, criteria = criteria }
  end
  core.gaps_free(g)
  return out
end

--- Award money: opts {budget = yuan (integer or string), adjustments = wuhong.Adjustments}.
local function award_options(opts)
  local o = core.award_options()
  if opts.adjustments ~= nil then
    if getmetatable(opts.adjustments) ~= M.Adjustments then raise("usage", "adjustments must be a wuhong.Adjustments") end
    o:set_adjustments(handle(opts.adjustments, "Adjustments"))
  end
  if opts.budget ~= nil then o.budget = fen_of(opts.budget, "budget") end
  return o
end

local BOARD_FORMATS = { xlsx = core.BOARD_XLSX, html = core.BOARD_HTML }

--- The boards to publish as the bytes (a string) of an .xlsx workbook or an HTML page;
-- opts {adjustments =, budget =, path = (also written there; its suffix gives the format
-- when none is given), title =, period = ("2024": 2024年度), issuer =}.
function Evaluation:board(format, opts)
  local h = handle(self, "Evaluation")
  opts = check(opts, "table", "options", true) or {}
  local named = opts.path ~= nil and (check(opts.path, "string", "path"):lower():match("%.html?$") and "html"
    or opts.path:lower():match("%.xlsx$") and "xlsx") or nil
  if format ~= nil and named and format ~= named then
    raise("usage", "path " .. opts.path .. " names an " .. named .. " file, but the format is " .. tostring(format))
  end
  format = format or named or "xlsx"
  if BOARD_FORMATS[format] == nil then raise("usage", "format must be \"xlsx\" or \"html\"") end
  local o, awards = core.board_options(), award_options(opts)
  o.format = BOARD_FORMATS[format]
  o:set_awards(awards)
  o.title = check(opts.title, "string", "title", true)
  o.period = check(opts.period, "string", "period", true)
  o.issuer = check(opts.issuer, "string", "issuer", true)
  local bytes = core.board_publish(h, o)
  if opts.path ~= nil then
    local f = assert(io.open(opts.path, "wb"))
    f:write(bytes)
    f:close()
  end
  return bytes
end

function Evaluation:awards(opts)
  local h, d, p, col = handle(self, "Evaluation"), self._d, self._p, columns(self)
  opts = check(opts, "table", "options", true) or {}
  local a = core.evaluation_awards(h, award_options(opts))
  local amounts, unscaled, units = core.awards_amounts(a), core.awards_unscaled(a), {}
  for i = 0, core.awards_count(a) - 1 do
    local fen = amounts[i + 1]
    units[#units + 1] = {
      id = core.dataset_unit_id(d, i), name = core.dataset_unit_name(d, i),
      sector = core.policy_sector_key(p, col.sectors[i + 1]), town = core.dataset_unit_town(d, i),
      tier = col.tiers[i + 1], amount_fen = fen, amount = M.yuan(fen), unscaled_fen = unscaled[i + 1],
      reason = core.awards_reason(a, i), reason_zh = core.awards_reason_zh(a, i) }
  end
  local result = { units = units, total_fen = core.awards_total(a), unscaled_total_fen = core.awards_unscaled_total(a),
                   scaled = core.awards_scaled(a), tally = {} }
  result.total = M.yuan(result.total_fen)
  local b = core.awards_budget(a)
  result.budget_fen = b >= 0 and b or nil
  for name, by in pairs(GROUPINGS) do result.tally[name] = tally_rows(core.awards_tally(a, by)) end
  core.awards_free(a)
  return result
end

--- Free the evaluation now.
function Evaluation:close()
  local h = rawget(self, "_h")
  if h then core.evaluation_free(h); self._h, self._p, self._d, self._cols = nil, nil, nil, nil end
end

-- ---- one rule on its own ------------------------------------------------------------------

local Rule = {}
Rule.__index = Rule
M.Rule = Rule

--- A rule expression over the policy's indicators, to try out.
function Policy:compile_rule(text)
  return setmetatable({ _h = core.rule_compile(handle(self, "Policy"), check(text, "string", "text")), text = text },
                      Rule)
end

--- The rule's verdict for every unit: a list of "pass", "fail" or "missing".
function Rule:evaluate(dataset)
  if getmetatable(dataset) ~= Dataset then raise("usage", "evaluate takes a wuhong.Dataset") end
  local out = {}
  for i, v in ipairs(core.rule_eval(handle(self, "Rule"), handle(dataset, "Dataset"))) do out[i] = VERDICTS[v] end
  return out
end

function Rule:close()
  local h = rawget(self, "_h")
  if h then core.rule_free(h); self._h = nil end
end

-- ---- a policy built in code -----------------------------------------------------------------

local PolicyBuilder = {}
PolicyBuilder.__index = PolicyBuilder
M.PolicyBuilder = PolicyBuilder
local TYPES = { number = core.TYPE_NUMBER, bool = core.TYPE_BOOL, count = core.TYPE_COUNT,
                percent = core.TYPE_PERCENT, score = core.TYPE_SCORE }

--- A policy built step by step (the C builder); :compile() makes the Policy.
function PolicyBuilder.new(name)
  return setmetatable({ _h = core.policy_builder_new(check(name, "string", "name")) }, PolicyBuilder)
end

function PolicyBuilder:town(name)
  core.policy_builder_add_town(handle(self, "PolicyBuilder"), check(name, "string", "name"))
  return self
end

--- opts: {label, unit, type = "number"|"bool"|"count"|"percent"|"score", min, max}
function PolicyBuilder:indicator(key, opts)
  opts = check(opts, "table", "options", true) or {}
  local t = TYPES[opts.type or "number"]
  if t == nil then raise("usage", "type must be number, bool, count, percent or score") end
  local h = handle(self, "PolicyBuilder")
  core.policy_builder_add_indicator(h, check(key, "string", "key"), opts.label or "", opts.unit or "", t)
  if opts.min ~= nil or opts.max ~= nil then
    core.policy_builder_set_range(h, key, opts.min or 0 / 0, opts.max or 0 / 0) -- NaN: no bound
  end
  return self
end

--- criteria: five {key, label, rule}
function PolicyBuilder:sector(key, label, criteria)
  local h = handle(self, "PolicyBuilder")
  core.policy_builder_add_sector(h, check(key, "string", "key"), check(label, "string", "label"))
  for _, c in ipairs(check(criteria, "table", "criteria")) do core.policy_builder_add_criterion(h, key, c[1], c[2], c[3]) end
  return self
end

function PolicyBuilder:prerequisite(key)
  core.policy_builder_set_prerequisite(handle(self, "PolicyBuilder"), check(key, "string", "key"))
  return self
end

--- sectors: the sector keys the veto applies to (nil: all)
function PolicyBuilder:veto(key, label, rule, sectors)
  core.policy_builder_add_veto(handle(self, "PolicyBuilder"), check(key, "string", "key"), check(label, "string", "label"),
                               check(rule, "string", "rule"), check(sectors, "table", "sectors", true))
  return self
end

function PolicyBuilder:tier(flags, name)
  core.policy_builder_add_tier(handle(self, "PolicyBuilder"), flags, check(name, "string", "name"))
  return self
end

--- amount: yuan (integer or string)
function PolicyBuilder:award(sector, tier, amount)
  core.policy_builder_set_award(handle(self, "PolicyBuilder"), check(sector, "string", "sector"), tier,
                                fen_of(amount, "amount"))
  return self
end

function PolicyBuilder:compile() return new_policy(core.policy_compile(handle(self, "PolicyBuilder"))) end

function PolicyBuilder:close()
  local h = rawget(self, "_h")
  if h then core.policy_builder_free(h); self._h = nil end
end

-- ---- adjustments -------------------------------------------------------------------------

local Adjustments = {}
Adjustments.__index = Adjustments
M.Adjustments = Adjustments

function Adjustments.new() return setmetatable({ _h = core.adjustments_new() }, Adjustments) end

--- Read unit,kind,amount,reason,reference (amount in yuan); opts {encoding = ...}.
function Adjustments.from_csv(path, opts)
  opts = check(opts, "table", "options", true) or {}
  return setmetatable({ _h = core.adjustments_load_csv(check(path, "string", "path"), csv_options(opts.encoding)) },
                      Adjustments)
end

local ADJUSTMENT_KINDS = { bonus = core.ADJUST_BONUS, override = core.ADJUST_OVERRIDE, penalty = core.ADJUST_PENALTY }

--- kind: "bonus", "override" or "penalty"; amount: yuan (integer or string).
function Adjustments:add(unit_id, kind, amount, reason, reference)
  local h = handle(self, "Adjustments")
  local code = ADJUSTMENT_KINDS[kind]
  if code == nil then raise("usage", "kind must be 'bonus', 'override' or 'penalty'") end
  core.adjustments_add(h, check(unit_id, "string", "unit id"), code, fen_of(amount, "amount"),
                       check(reason, "string", "reason"), check(reference, "string", "reference", true) or "")
  return self
end

function Adjustments:count() return core.adjustments_count(handle(self, "Adjustments")) end

function Adjustments:close()
  local h = rawget(self, "_h")
  if h then core.adjustments_free(h); self._h = nil end
end

-- ---- what-if -------------------------------------------------------------------------------

local function diff_groups(r, by)
  local s, rows = core.diff_groups(r, by), {}
  for k = 0, core.diff_summary_count(s) - 1 do
    local g = core.diff_summary_at(s, k)
    rows[#rows + 1] = { group = g.group, label = g.label, units = g.units, changed = g.changed, lost = g.lost,
                        gained = g.gained, amount_a_fen = g.amount_a, amount_b_fen = g.amount_b,
                        delta_fen = g.amount_b - g.amount_a }
  end
  core.diff_summary_free(s)
  return rows
end

--- The units whose flags, tier or scheduled award change between two policies (C wuhong_diff).
function M.diff(a, b, dataset)
  if getmetatable(a) ~= Policy or getmetatable(b) ~= Policy or getmetatable(dataset) ~= Dataset then
    raise("usage", "diff takes two wuhong.Policy and a wuhong.Dataset")
  end
  local ds = handle(dataset, "Dataset")
  local r = core.diff(handle(a, "Policy"), handle(b, "Policy"), ds)
  local pa, sectors = a._h, core.evaluation_sectors(core.diff_evaluation_a(r))
  local out = { units = {}, total_a_fen = core.diff_total_a(r), total_b_fen = core.diff_total_b(r) }
  out.delta_fen = out.total_b_fen - out.total_a_fen
  for k = 0, core.diff_count(r) - 1 do
    local e = core.diff_at(r, k)
    local i = e.unit
    out.units[#out.units + 1] = {
      id = core.dataset_unit_id(ds, i), name = core.dataset_unit_name(ds, i),
      sector = core.policy_sector_key(pa, sectors[i + 1]), town = core.dataset_unit_town(ds, i),
      flags_a = e.flags_a, flags_b = e.flags_b, flag_mask_a = mask(e.mask_a), flag_mask_b = mask(e.mask_b),
      tier_a = e.tier_a, tier_b = e.tier_b, amount_a_fen = e.amount_a, amount_b_fen = e.amount_b }
  end
  out.by_sector = diff_groups(r, core.BY_SECTOR)
  out.by_town = diff_groups(r, core.BY_TOWN)
  core.diff_free(r)
  return out
end

-- ---- periods, decisions, the ledger ------------------------------------------------

-- a cell by its type (wuhong/rows.h): NULL is nil, INTEGER an integer, REAL a float, TEXT a string
local READ = { [core.VALUE_NULL] = function() return nil end, [core.VALUE_INTEGER] = core.rows_int,
               [core.VALUE_REAL] = core.rows_double, [core.VALUE_TEXT] = core.rows_cell }

-- a wuhong_rows as a list of tables (the rows freed)
local function rows(r)
  local names, out = {}, {}
  for c = 0, core.rows_columns(r) - 1 do names[c] = core.rows_name(r, c) end
  for k = 0, core.rows_count(r) - 1 do
    local row = {}
    for c = 0, #names do row[names[c]] = READ[core.rows_type(r, k, c)](r, k, c) end
    out[#out + 1] = row
  end
  core.rows_free(r)
  return out
end

local Decisions = {}
Decisions.__index = Decisions
M.Decisions = Decisions
local DECISION_KINDS = { approve = core.APPROVE, refuse = core.REFUSE, merge = core.MERGE }

function Decisions.new() return setmetatable({ _h = core.decisions_new() }, Decisions) end

--- Read unit,decision,by,reason[,into]; opts {encoding = ...}.
function Decisions.from_csv(path, opts)
  opts = check(opts, "table", "options", true) or {}
  return setmetatable({ _h = core.decisions_load_csv(check(path, "string", "path"), csv_options(opts.encoding)) },
                      Decisions)
end

--- decision: "approve", "refuse" or "merge" (into: the successor's id).
function Decisions:add(unit_id, decision, by, reason, into)
  local h = handle(self, "Decisions")
  if DECISION_KINDS[decision] == nil then raise("usage", "decision must be approve, refuse or merge") end
  core.decisions_add(h, check(unit_id, "string", "unit id"), DECISION_KINDS[decision], check(by, "string", "by"),
                        check(reason, "string", "reason", true) or "", check(into, "string", "into", true))
  return self
end

function Decisions:count() return core.decisions_count(handle(self, "Decisions")) end

function Decisions:close()
  local h = rawget(self, "_h")
  if h then core.decisions_free(h); self._h = nil end
end

local Applications = {}
Applications.__index = Applications
M.Applications = Applications
local ANSWER = { [true] = core.YES, [false] = core.NO }
local DECISION = { approve = core.YES, refuse = core.NO }

--- The year's creation list (创建名单): 申报, 推荐, 审定.
function Applications.new() return setmetatable({ _h = core.applications_new() }, Applications) end

--- Read unit,tier[,recommended,recommended_by,recommendation,decision,decided_by,reason]; opts {encoding = ...}.
function Applications.from_csv(path, opts)
  opts = check(opts, "table", "options", true) or {}
  return setmetatable({ _h = core.applications_load_csv(check(path, "string", "path"), csv_options(opts.encoding)) },
                      Applications)
end

--- tier: the flags applied for; steps {recommended = true|false, recommended_by = ..., recommendation = ...,
-- decision = "approve"|"refuse", decided_by = ..., reason = ...}, each left out when not given yet.
function Applications:add(unit_id, tier, steps)
  local h = handle(self, "Applications")
  check(unit_id, "string", "unit id")
  if math.type(tier) ~= "integer" then raise("usage", "tier must be an integer (the flags applied for)") end
  steps = check(steps, "table", "steps", true) or {}
  if steps.recommended ~= nil and ANSWER[steps.recommended] == nil then
    raise("usage", "recommended must be true or false")
  end
  if steps.decision ~= nil and DECISION[steps.decision] == nil then
    raise("usage", "decision must be \"approve\" or \"refuse\"")
  end
  core.applications_add(h, unit_id, tier)
  if steps.recommended ~= nil then
    core.applications_recommend(h, unit_id, ANSWER[steps.recommended], check(steps.recommended_by, "string", "recommended_by"),
                                check(steps.recommendation, "string", "recommendation", true) or "")
  end
  if steps.decision ~= nil then
    core.applications_decide(h, unit_id, DECISION[steps.decision], check(steps.decided_by, "string", "decided_by"),
                             check(steps.reason, "string", "reason", true) or "")
  end
  return self
end

function Applications:count() return core.applications_count(handle(self, "Applications")) end

--- Each application as a table, as add takes it: recommended true, false or nil (not yet); decision
-- "approve", "refuse" or nil (not yet).
function Applications:list()
  local h, out = handle(self, "Applications"), {}
  local answer, decision = { [core.YES] = true, [core.NO] = false }, { [core.YES] = "approve", [core.NO] = "refuse" }
  for i = 0, core.applications_count(h) - 1 do
    local a = core.applications_at(h, i)
    out[#out + 1] = { unit = a.unit, tier = a.tier, recommended = answer[a.recommended], recommended_by = a.recommended_by,
                      recommendation = a.recommendation, decision = decision[a.decision], decided_by = a.decided_by,
                      reason = a.decision_reason }
  end
  return out
end

function Applications:close()
  local h = rawget(self, "_h")
  if h then core.applications_free(h); self._h = nil end
end

local Ledger = {}
Ledger.__index = Ledger
M.Ledger = Ledger

--- Open (creating or migrating) a ledger; opts {readonly = true} opens an existing one for queries only.
function Ledger.open(path, opts)
  opts = check(opts, "table", "options", true) or {}
  check(path, "string", "path")
  return setmetatable({ _h = opts.readonly and core.ledger_open_readonly(path) or core.ledger_open(path) }, Ledger)
end

--- Record a period for an evaluation; opts {decisions = wuhong.Decisions, applications = wuhong.Applications,
-- adjustments = wuhong.Adjustments, supersede = true}.
-- Returns {period, replayed, events = {...}}.
function Ledger:review(period, ev, opts)
  local h = handle(self, "Ledger")
  if getmetatable(ev) ~= Evaluation then raise("usage", "review takes a wuhong.Evaluation") end
  opts = check(opts, "table", "options", true) or {}
  local o = core.review_options()
  if opts.decisions ~= nil then
    if getmetatable(opts.decisions) ~= Decisions then raise("usage", "decisions must be a wuhong.Decisions") end
    o:set_decisions(handle(opts.decisions, "Decisions"))
  end
  if opts.adjustments ~= nil then
    if getmetatable(opts.adjustments) ~= Adjustments then raise("usage", "adjustments must be a wuhong.Adjustments") end
    o:set_adjustments(handle(opts.adjustments, "Adjustments"))
  end
  if opts.applications ~= nil then
    if getmetatable(opts.applications) ~= Applications then raise("usage", "applications must be a wuhong.Applications") end
    o:set_applications(handle(opts.applications, "Applications"))
  end
  o.supersede = opts.supersede and 1 or 0
  local r, replayed = core.review(h, check(period, "string", "period"), handle(ev, "Evaluation"), o)
  return { period = period, replayed = replayed, events = rows(r) }
end

local function query(self, what, key)
  return rows(core.ledger_query(handle(self, "Ledger"), what, key))
end

function Ledger:periods() return query(self, core.LEDGER_PERIODS) end
function Ledger:payments(period) return query(self, core.LEDGER_PAYMENTS, check(period, "string", "period", true)) end
function Ledger:totals() return query(self, core.LEDGER_TOTALS) end
function Ledger:history(unit_id) return query(self, core.LEDGER_HISTORY, check(unit_id, "string", "unit id")) end
function Ledger:paid(unit_id) return query(self, core.LEDGER_PAID, check(unit_id, "string", "unit id")) end
function Ledger:boards(period) return query(self, core.LEDGER_BOARDS, check(period, "string", "period")) end
-- the integrity check and every period's seal: the chain (period, revision, digest), or an error
function Ledger:verify() return rows(core.ledger_verify(handle(self, "Ledger"))) end

function Ledger:close()
  local h = rawget(self, "_h")
  if h then core.ledger_free(h); self._h = nil end
end

--- Evaluate a dataset and record the period in a ledger (see Ledger:review).
function Policy:review(ledger, period, dataset, opts)
  if getmetatable(ledger) ~= Ledger then raise("usage", "review takes a wuhong.Ledger") end
  return ledger:review(period, self:evaluate(dataset), opts)
end

--- The townships to inspect month by month: round robin, or with an evaluation the black-listed first.
-- ---- CSV out -------------------------------------------------------------------------

local function csv_field(v)
  if v == nil then return "" end
  local s = tostring(v)
  if s:find('[",\r\n]') or s:match("^%s") or s:match("%s$") then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

M.csv = {}

--- Rows (tables, as lists, tallies and queries give them) as CSV text, RFC 4180: a header of
-- `columns` (their keys), then a line per row. opts: {bom = true} starts with a byte-order mark;
-- {encoding = "gb18030"} writes GB18030 (what Excel and WPS on a Chinese desktop read unasked), as
-- the tool's --output-encoding does; "utf-8" is the default.
function M.csv.text(rows, columns, opts)
  check(rows, "table", "rows")
  check(columns, "table", "columns")
  opts = check(opts, "table", "options", true) or {}
  local encoding = check(opts.encoding, "string", "encoding", true) or "utf-8"
  if encoding ~= "utf-8" and encoding ~= "gb18030" then
    raise("usage", "encoding must be utf-8 or gb18030, not '" .. encoding .. "'")
  end
  local out = {}
  local head = {}
  for k, c in ipairs(columns) do head[k] = csv_field(check(c, "string", "a column")) end
  out[#out + 1] = table.concat(head, ",") .. "\r\n"
  for _, r in ipairs(rows) do
    local line = {}
    for k, c in ipairs(columns) do
      local v = r[c]
      if type(v) == "table" then v = table.concat(v, ";") end -- a list of keys (a list entry's rules)
      line[k] = csv_field(v)
    end
    out[#out + 1] = table.concat(line, ",") .. "\r\n"
  end
  local text = table.concat(out)
  if encoding == "gb18030" then
    text = core.encode_gb18030(text)
    return opts.bom and "\132\049\149\051" .. text or text -- GB18030's BOM: 84 31 95 33
  end
  return opts.bom and "\239\187\191" .. text or text
end

--- wuhong.csv.text written to a file, whole or not at all (a temporary file renamed over it).
function M.csv.write(path, rows, columns, opts)
  local text = M.csv.text(rows, columns, opts)
  check(path, "string", "path")
  local tmp = path .. ".tmp"
  local f, why = io.open(tmp, "wb")
  if not f then raise("io", "cannot write " .. path .. ": " .. tostring(why)) end
  local ok, werr = f:write(text)
  f:close()
  if not ok then
    os.remove(tmp)
    raise("io", "cannot write " .. path .. ": " .. tostring(werr))
  end
  local renamed, rerr = os.rename(tmp, path)
  if not renamed then
    os.remove(tmp)
    raise("io", "cannot write " .. path .. ": " .. tostring(rerr))
  end
end

function M.rotation(policy, start, months, ev)
  if getmetatable(policy) ~= Policy then raise("usage", "rotation takes a wuhong.Policy") end
  months = months or 12
  if math.type(months) ~= "integer" then raise("usage", "months must be an integer") end
  local e = nil
  if ev ~= nil then
    if getmetatable(ev) ~= Evaluation then raise("usage", "rotation takes a wuhong.Evaluation") end
    e = handle(ev, "Evaluation")
  end
  return rows(core.rotation(handle(policy, "Policy"), check(start, "string", "start"), months, e))
end

-- ---- how objects print -------------------------------------------------------------

local DESCRIBE = {
  Policy = function(o) return string.format("%q %s", o:name(), o:fingerprint():sub(1, 12)) end,
  Dataset = function(o) return o:count() .. " units" end,
  Evaluation = function(o) return o:count() .. " units" end,
  Adjustments = function(o) return o:count() .. " adjustments" end,
  Decisions = function(o) return o:count() .. " decisions" end,
  Applications = function(o) return o:count() .. " applications" end,
  Ledger = function(o) return #o:periods() .. " periods" end,
  Rule = function(o) return string.format("%q", o.text) end,
  PolicyBuilder = function() return "building" end,
}
for name, describe in pairs(DESCRIBE) do
  M[name].__tostring = function(o)
    if rawget(o, "_h") == nil then return "wuhong." .. name .. " (closed)" end
    return "wuhong." .. name .. " " .. describe(o)
  end
end

return M
