--- wuhong — rules of a "Five Red Flags" (五面红旗) campaign, from Lua 5.4.
--
--   local wuhong = require "wuhong"
--   local policy = wuhong.Policy.default()
--   local ev = policy:evaluate(wuhong.Dataset.from_csv("examples/data/jiangxian.csv"))
--   for r in ev:units() do print(r.id, r.name, r.tier) end
--
-- A thin layer over the SWIG module wuhong.core (bindings/wuhong.i). Results
-- are plain tables. Errors are raised with error() as a table {kind,
-- message, file, line, column, row, unit, ...} that prints well.
-- See docs/lua.md.
local core = require "wuhong.core"

local M = { _VERSION = core.wb_version() }

--- A value that stands for "missing" in from_records (nil cannot be stored in a table).
M.MISSING = setmetatable({}, { __tostring = function() return "wuhong.MISSING" end })

local VERDICTS = { [0] = "fail", [1] = "missing", [2] = "pass" }
local GROUPINGS = { sector = 0, town = 1, committee = 2, tier = 3 }
local ROSTER = { id = true, name = true, sector = true, town = true, committee = true }

-- ---- errors --------------------------------------------------------------------

local ErrorMT = { __tostring = function(e) return e.text end }

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

local Policy = {}
Policy.__index = Policy
M.Policy = Policy

local function new_policy(h) return setmetatable({ _h = h }, Policy) end

--- The embedded Jiang County (绛县) policy; its thresholds are illustrative.
function Policy.default() return new_policy(core.wb_policy_default()) end

function Policy.load(path) return new_policy(core.wb_policy_load(check(path, "string", "path"))) end

function Policy.from_string(text, name)
  return new_policy(core.wb_policy_from_string(check(text, "string", "text"),
                                               check(name, "string", "name", true) or "<string>"))
end

function Policy.default_source() return core.wb_policy_default_source() end

function Policy:name() return core.wb_policy_name(handle(self, "Policy")) end
function Policy:fingerprint() return core.wb_policy_fingerprint(handle(self, "Policy")) end
function Policy:to_json() return core.wb_policy_to_json(handle(self, "Policy")) end

function Policy:sectors()
  local h, out = handle(self, "Policy"), {}
  for i = 0, core.wb_policy_sector_count(h) - 1 do out[#out + 1] = core.wb_policy_sector_key(h, i) end
  return out
end

--- Free the policy now; evaluations made with it stay valid.
function Policy:close()
  local h = rawget(self, "_h")
  if h then core.wb_close_wuhong_policy(h); self._h = nil end
end

-- ---- dataset ---------------------------------------------------------------------------

local Dataset = {}
Dataset.__index = Dataset
M.Dataset = Dataset

--- Read a wide CSV; opts: {encoding = "utf-8"|"gb18030"|..., panel = "scores.csv"}.
function Dataset.from_csv(path, opts)
  opts = check(opts, "table", "options", true) or {}
  return setmetatable({ _h = core.wb_dataset_from_csv(check(path, "string", "path"),
                                                      check(opts.encoding, "string", "encoding", true),
                                                      check(opts.panel, "string", "panel", true)) }, Dataset)
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
  local h = core.wb_dataset_new(#records)
  for i, r in ipairs(records) do
    if type(r) ~= "table" then raise("usage", "record " .. i .. " must be a table") end
    if type(r.id) ~= "string" or r.id == "" or type(r.sector) ~= "string" then
      raise("data", "record " .. i .. " needs a string id and sector", { row = i })
    end
    core.wb_dataset_set_unit(h, i - 1, r.id, tostring(r.name or ""), r.sector, tostring(r.town or ""),
                             r.committee and tostring(r.committee) or nil)
    for k, v in pairs(r) do
      if not ROSTER[k] then
        if type(k) ~= "string" then raise("usage", "record " .. i .. ": indicator names must be strings") end
        core.wb_dataset_set_value(h, i - 1, k, cell(v, i, k))
      end
    end
  end
  return setmetatable({ _h = h }, Dataset)
end

function Dataset:count() return core.wb_dataset_count(handle(self, "Dataset")) end
Dataset.__len = Dataset.count

function Dataset:value(unit_id, indicator)
  local h = handle(self, "Dataset")
  local i = core.wb_dataset_find(h, check(unit_id, "string", "unit id"))
  if i < 0 then raise("notfound", "no unit with id '" .. unit_id .. "'", { unit = unit_id }) end
  return number(core.wb_dataset_value(h, i, check(indicator, "string", "indicator")))
end

function Dataset:close()
  local h = rawget(self, "_h")
  if h then core.wb_close_wuhong_dataset(h); self._h = nil end
end

-- ---- evaluation ------------------------------------------------------------------------

local Evaluation = {}
Evaluation.__index = Evaluation
M.Evaluation = Evaluation

--- Judge every unit; opts: {threads = 0 (automatic) | 1 | ...}.
function Policy:evaluate(dataset, opts)
  local p = handle(self, "Policy")
  if getmetatable(dataset) ~= Dataset then raise("usage", "evaluate takes a wuhong.Dataset") end
  opts = check(opts, "table", "options", true) or {}
  local threads = opts.threads or 0
  if math.type(threads) ~= "integer" or threads < 0 then raise("usage", "threads must be an integer >= 0") end
  local h = core.wb_evaluate(p, handle(dataset, "Dataset"), threads)
  -- the evaluation's own policy and dataset: valid whatever becomes of the caller's
  return setmetatable({ _h = h, _p = core.wb_evaluation_policy(h), _d = core.wb_evaluation_dataset(h) },
                      Evaluation)
end

function Evaluation:count() return core.wb_evaluation_count(handle(self, "Evaluation")) end
Evaluation.__len = Evaluation.count

local function explain(ev, i, unit_id)
  local x = core.wb_explain(ev._h, i)
  local reasons = {}
  for k = 0, core.wb_reason_count(x) - 1 do
    local clauses = {}
    for c = 0, core.wb_clause_count(x, k) - 1 do
      local op = core.wb_clause_op(x, k, c)
      clauses[#clauses + 1] = {
        text = core.wb_clause_text(x, k, c), verdict = VERDICTS[core.wb_clause_verdict(x, k, c)], op = op,
        actual = number(core.wb_clause_actual(x, k, c)),
        threshold = op and number(core.wb_clause_threshold(x, k, c)) or nil,
        indicator = core.wb_clause_indicator(x, k, c), label = core.wb_clause_label(x, k, c),
        unit = core.wb_clause_unit(x, k, c) }
    end
    reasons[#reasons + 1] = {
      kind = core.wb_reason_is_veto(x, k) ~= 0 and "veto" or "criterion", key = core.wb_reason_key(x, k),
      label = core.wb_reason_label(x, k), rule = core.wb_reason_rule(x, k),
      verdict = VERDICTS[core.wb_reason_verdict(x, k)], clauses = clauses }
  end
  local text = core.wb_explanation_text(x)
  core.wb_close_wuhong_explanation(x)
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
  local h, p, d = ev._h, ev._p, ev._d
  local tier, fen = core.wb_tier(h, i), core.wb_amount(h, i)
  return setmetatable({
    _ev = ev, index = i, id = core.wb_dataset_unit_id(d, i), name = core.wb_dataset_unit_name(d, i),
    sector = core.wb_policy_sector_key(p, core.wb_sector(h, i)), town = core.wb_dataset_unit_town(d, i),
    committee = core.wb_dataset_unit_committee(d, i), flags = core.wb_flags(h, i),
    flag_mask = mask(core.wb_flag_mask(h, i)), missing_mask = mask(core.wb_missing_mask(h, i)),
    veto = core.wb_veto_mask(h, i) ~= 0, tier = tier, tier_name = core.wb_policy_tier_name(p, tier),
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

local function index_of(ev, unit_id)
  local i = core.wb_dataset_find(ev._d, check(unit_id, "string", "unit id"))
  if i < 0 then raise("notfound", "no unit with id '" .. unit_id .. "'", { unit = unit_id }) end
  return i
end

function Evaluation:unit(unit_id)
  handle(self, "Evaluation")
  return unit_result(self, index_of(self, unit_id))
end

function Evaluation:explain(unit_id)
  handle(self, "Evaluation")
  return explain(self, index_of(self, unit_id), unit_id)
end

local function tally_rows(t, free)
  local rows = {}
  for k = 0, core.wb_tally_count(t) do -- the last row is the total
    rows[#rows + 1] = {
      group = core.wb_tally_group(t, k), label = core.wb_tally_label(t, k), units = core.wb_tally_units(t, k),
      tier5 = core.wb_tally_tier(t, k, 5), tier4 = core.wb_tally_tier(t, k, 4), tier3 = core.wb_tally_tier(t, k, 3),
      none = core.wb_tally_tier(t, k, 0), vetoed = core.wb_tally_vetoed(t, k), missing = core.wb_tally_missing(t, k),
      amount_fen = core.wb_tally_amount(t, k) }
  end
  free(t)
  return rows
end

local function grouping(by)
  by = by or "sector"
  if GROUPINGS[by] == nil then raise("usage", "by must be sector, town, committee or tier, not " .. tostring(by)) end
  return GROUPINGS[by]
end

--- Units by group and tier; the total last. by: "sector" (default), "town", "committee", "tier".
function Evaluation:tally(by)
  return tally_rows(core.wb_tally(handle(self, "Evaluation"), grouping(by)), core.wb_close_wuhong_tally)
end

--- The red and black lists: {red = {...}, black = {...}}.
function Evaluation:lists()
  local h, p, d = handle(self, "Evaluation"), self._p, self._d
  local l = core.wb_lists(h)
  local out = {}
  for kind, name in pairs({ [0] = "red", [1] = "black" }) do
    local keys = {}
    for r = 0, core.wb_policy_list_rule_count(p, kind) - 1 do keys[r] = core.wb_policy_list_rule_key(p, kind, r) end
    local entries = {}
    for k = 0, core.wb_lists_count(l, kind) - 1 do
      local i, bits = core.wb_entry_unit(l, kind, k), core.wb_entry_rules(l, kind, k)
      local rules = {}
      for r = 0, #keys + 1 do if keys[r] and (bits >> r) & 1 == 1 then rules[#rules + 1] = keys[r] end end
      entries[#entries + 1] = {
        list = name, rank = core.wb_entry_rank(l, kind, k), id = core.wb_dataset_unit_id(d, i),
        name = core.wb_dataset_unit_name(d, i), sector = core.wb_policy_sector_key(p, core.wb_sector(h, i)),
        town = core.wb_dataset_unit_town(d, i), flags = core.wb_flags(h, i), tier = core.wb_tier(h, i),
        rules = rules, reason = core.wb_entry_reason(l, kind, k) }
    end
    out[name] = entries
  end
  core.wb_close_wuhong_lists(l)
  return out
end

--- Award money: opts {budget = yuan (integer or string), adjustments = wuhong.Adjustments}.
function Evaluation:awards(opts)
  local h, d, p = handle(self, "Evaluation"), self._d, self._p
  opts = check(opts, "table", "options", true) or {}
  local adj = nil
  if opts.adjustments ~= nil then
    if getmetatable(opts.adjustments) ~= M.Adjustments then raise("usage", "adjustments must be a wuhong.Adjustments") end
    adj = handle(opts.adjustments, "Adjustments")
  end
  local budget = opts.budget ~= nil and fen_of(opts.budget, "budget") or -1
  local a = core.wb_awards(h, adj, budget)
  local units = {}
  for i = 0, core.wb_awards_count(a) - 1 do
    local fen = core.wb_awards_amount(a, i)
    units[#units + 1] = {
      id = core.wb_dataset_unit_id(d, i), name = core.wb_dataset_unit_name(d, i),
      sector = core.wb_policy_sector_key(p, core.wb_sector(h, i)), town = core.wb_dataset_unit_town(d, i),
      tier = core.wb_tier(h, i), amount_fen = fen, amount = M.yuan(fen), unscaled_fen = core.wb_awards_unscaled(a, i),
      reason = core.wb_awards_reason(a, i) }
  end
  local result = { units = units, total_fen = core.wb_awards_total(a), unscaled_total_fen = core.wb_awards_unscaled_total(a),
                   scaled = core.wb_awards_scaled(a) ~= 0, tally = {} }
  result.total = M.yuan(result.total_fen)
  local b = core.wb_awards_budget(a)
  result.budget_fen = b >= 0 and b or nil
  for name, by in pairs(GROUPINGS) do
    result.tally[name] = tally_rows(core.wb_awards_tally(a, by), core.wb_close_wuhong_tally)
  end
  core.wb_close_wuhong_awards(a)
  return result
end

--- Free the evaluation now.
function Evaluation:close()
  local h = rawget(self, "_h")
  if h then core.wb_close_wuhong_evaluation(h); self._h, self._p, self._d = nil, nil, nil end
end

-- ---- adjustments -------------------------------------------------------------------------

local Adjustments = {}
Adjustments.__index = Adjustments
M.Adjustments = Adjustments

function Adjustments.new() return setmetatable({ _h = core.wb_adjustments_new() }, Adjustments) end

--- Read unit,kind,amount,reason,reference (amount in yuan); opts {encoding = ...}.
function Adjustments.from_csv(path, opts)
  opts = check(opts, "table", "options", true) or {}
  return setmetatable({ _h = core.wb_adjustments_load(check(path, "string", "path"),
                                                      check(opts.encoding, "string", "encoding", true)) }, Adjustments)
end

local ADJUSTMENT_KINDS = { bonus = 0, override = 1, penalty = 2 }

--- kind: "bonus", "override" or "penalty"; amount: yuan (integer or string).
function Adjustments:add(unit_id, kind, amount, reason, reference)
  local h = handle(self, "Adjustments")
  local code = ADJUSTMENT_KINDS[kind]
  if code == nil then raise("usage", "kind must be 'bonus', 'override' or 'penalty'") end
  core.wb_adjustments_add(h, check(unit_id, "string", "unit id"), code,
                          yuan_text(amount, "amount"), check(reason, "string", "reason"),
                          check(reference, "string", "reference", true) or "")
  return self
end

function Adjustments:count() return core.wb_adjustments_count(handle(self, "Adjustments")) end

function Adjustments:close()
  local h = rawget(self, "_h")
  if h then core.wb_close_wuhong_adjustments(h); self._h = nil end
end

-- ---- what-if -------------------------------------------------------------------------------

local function diff_groups(r, by)
  local g = core.wb_diff_groups(r, by)
  local rows = {}
  for k = 0, core.wb_groups_count(g) - 1 do
    local a, b = core.wb_group_amount_a(g, k), core.wb_group_amount_b(g, k)
    rows[#rows + 1] = { group = core.wb_group_name(g, k), label = core.wb_group_label(g, k),
                        units = core.wb_group_units(g, k), changed = core.wb_group_changed(g, k),
                        lost = core.wb_group_lost(g, k), gained = core.wb_group_gained(g, k),
                        amount_a_fen = a, amount_b_fen = b, delta_fen = b - a }
  end
  core.wb_close_wb_groups(g)
  return rows
end

--- The units whose flags, tier or scheduled award change between two policies (C wuhong_diff).
function M.diff(a, b, dataset)
  if getmetatable(a) ~= Policy or getmetatable(b) ~= Policy or getmetatable(dataset) ~= Dataset then
    raise("usage", "diff takes two wuhong.Policy and a wuhong.Dataset")
  end
  local ds = handle(dataset, "Dataset")
  local r = core.wb_diff(handle(a, "Policy"), handle(b, "Policy"), ds)
  local pa = a._h
  local out = { units = {}, total_a_fen = core.wb_diff_total_a(r), total_b_fen = core.wb_diff_total_b(r) }
  out.delta_fen = out.total_b_fen - out.total_a_fen
  for k = 0, core.wb_diff_count(r) - 1 do
    local i = core.wb_diff_unit(r, k)
    out.units[#out.units + 1] = {
      id = core.wb_dataset_unit_id(ds, i), name = core.wb_dataset_unit_name(ds, i),
      sector = core.wb_policy_sector_key(pa, core.wb_diff_sector(r, k)), town = core.wb_dataset_unit_town(ds, i),
      flags_a = core.wb_diff_flags_a(r, k), flags_b = core.wb_diff_flags_b(r, k),
      flag_mask_a = mask(core.wb_diff_mask_a(r, k)), flag_mask_b = mask(core.wb_diff_mask_b(r, k)),
      tier_a = core.wb_diff_tier_a(r, k), tier_b = core.wb_diff_tier_b(r, k),
      amount_a_fen = core.wb_diff_amount_a(r, k), amount_b_fen = core.wb_diff_amount_b(r, k) }
  end
  out.by_sector = diff_groups(r, 0)
  out.by_town = diff_groups(r, 1)
  core.wb_close_wuhong_diff_result(r)
  return out
end

-- ---- periods, decisions, the ledger ------------------------------------------------

-- a cell by its type (wuhong/rows.h): NULL is nil, INTEGER an integer, REAL a float, TEXT a string
local READ = { [0] = function() return nil end, core.wb_rows_int, core.wb_rows_double, core.wb_rows_cell }

-- a wuhong_rows as a list of tables
local function rows(r, free)
  local names, out = {}, {}
  for c = 0, core.wb_rows_columns(r) - 1 do names[c] = core.wb_rows_name(r, c) end
  for k = 0, core.wb_rows_count(r) - 1 do
    local row = {}
    for c = 0, #names do row[names[c]] = READ[core.wb_rows_type(r, k, c)](r, k, c) end
    out[#out + 1] = row
  end
  if free then free(r) end
  return out
end

local Decisions = {}
Decisions.__index = Decisions
M.Decisions = Decisions
local DECISION_KINDS = { approve = 0, refuse = 1, merge = 2 }

function Decisions.new() return setmetatable({ _h = core.wb_decisions_new() }, Decisions) end

--- Read unit,decision,by,reason[,into]; opts {encoding = ...}.
function Decisions.from_csv(path, opts)
  opts = check(opts, "table", "options", true) or {}
  return setmetatable({ _h = core.wb_decisions_load(check(path, "string", "path"),
                                                    check(opts.encoding, "string", "encoding", true)) }, Decisions)
end

--- decision: "approve", "refuse" or "merge" (into: the successor's id).
function Decisions:add(unit_id, decision, by, reason, into)
  local h = handle(self, "Decisions")
  if DECISION_KINDS[decision] == nil then raise("usage", "decision must be approve, refuse or merge") end
  core.wb_decisions_add(h, check(unit_id, "string", "unit id"), DECISION_KINDS[decision], check(by, "string", "by"),
                        check(reason, "string", "reason", true) or "", check(into, "string", "into", true))
  return self
end

function Decisions:count() return core.wb_decisions_count(handle(self, "Decisions")) end

function Decisions:close()
  local h = rawget(self, "_h")
  if h then core.wb_close_wuhong_decisions(h); self._h = nil end
end

local Ledger = {}
Ledger.__index = Ledger
M.Ledger = Ledger

--- Open (creating or migrating) a ledger file.
--- Open (creating or migrating) a ledger; opts {readonly = true} opens an existing one for queries only.
function Ledger.open(path, opts)
  opts = check(opts, "table", "options", true) or {}
  return setmetatable({ _h = core.wb_ledger_open(check(path, "string", "path"), opts.readonly and 1 or 0) }, Ledger)
end

--- Record a period for an evaluation; opts {decisions = wuhong.Decisions, supersede = true}.
-- Returns {period, replayed, events = {...}}.
function Ledger:review(period, ev, opts)
  local h = handle(self, "Ledger")
  if getmetatable(ev) ~= Evaluation then raise("usage", "review takes a wuhong.Evaluation") end
  opts = check(opts, "table", "options", true) or {}
  local dec = nil
  if opts.decisions ~= nil then
    if getmetatable(opts.decisions) ~= Decisions then raise("usage", "decisions must be a wuhong.Decisions") end
    dec = handle(opts.decisions, "Decisions")
  end
  local adj = nil
  if opts.adjustments ~= nil then
    if getmetatable(opts.adjustments) ~= Adjustments then raise("usage", "adjustments must be a wuhong.Adjustments") end
    adj = handle(opts.adjustments, "Adjustments")
  end
  local r = core.wb_review(h, check(period, "string", "period"), handle(ev, "Evaluation"), dec, adj,
                           opts.supersede and 1 or 0)
  local result = { period = period, replayed = core.wb_review_replayed(r) ~= 0, events = rows(core.wb_review_rows(r)) }
  core.wb_close_wb_review_result(r)
  return result
end

local function query(self, what, key)
  return rows(core.wb_ledger_query(handle(self, "Ledger"), what, key), core.wb_close_wuhong_rows)
end

function Ledger:periods() return query(self, 0) end
function Ledger:payments(period) return query(self, 1, check(period, "string", "period", true)) end
function Ledger:totals() return query(self, 2) end
function Ledger:history(unit_id) return query(self, 3, check(unit_id, "string", "unit id")) end
function Ledger:paid(unit_id) return query(self, 4, check(unit_id, "string", "unit id")) end
function Ledger:boards(period) return query(self, 5, check(period, "string", "period")) end
-- the integrity check and every period's seal: the chain (period, revision, digest), or an error
function Ledger:verify()
  return rows(core.wb_ledger_verify(handle(self, "Ledger")), core.wb_close_wuhong_rows)
end

function Ledger:close()
  local h = rawget(self, "_h")
  if h then core.wb_close_wuhong_ledger(h); self._h = nil end
end

--- Evaluate a dataset and record the period in a ledger (see Ledger:review).
function Policy:review(ledger, period, dataset, opts)
  if getmetatable(ledger) ~= Ledger then raise("usage", "review takes a wuhong.Ledger") end
  return ledger:review(period, self:evaluate(dataset), opts)
end

--- The townships to inspect month by month: round robin, or with an evaluation the black-listed first.
function M.rotation(policy, start, months, ev)
  if getmetatable(policy) ~= Policy then raise("usage", "rotation takes a wuhong.Policy") end
  months = months or 12
  if math.type(months) ~= "integer" then raise("usage", "months must be an integer") end
  local e = nil
  if ev ~= nil then
    if getmetatable(ev) ~= Evaluation then raise("usage", "rotation takes a wuhong.Evaluation") end
    e = handle(ev, "Evaluation")
  end
  return rows(core.wb_rotation(handle(policy, "Policy"), check(start, "string", "start"), months, e),
              core.wb_close_wuhong_rows)
end

return M
