"""wuhong.api — the Pythonic layer over the SWIG extension (wuhong.core),
which is the C API itself (docs/bindings.md).

Objects own their C memory and free it when collected or closed; results
stay valid after the policy or dataset that made them is closed. Calls
into the library release the GIL, so one Policy can serve many threads.
"""
import json
import math
import os
from decimal import Decimal, InvalidOperation

from . import core as _c
from .errors import ClosedError, DataError, Error, NotFoundError, UsageError, _from_error

import numpy as _np

RED, BLACK = _c.RED_LIST, _c.BLACK_LIST
_VERDICTS = ("fail", "missing", "pass")
_GROUPINGS = {"sector": _c.BY_SECTOR, "town": _c.BY_TOWN, "committee": _c.BY_COMMITTEE, "tier": _c.BY_TIER}
_ROSTER = ("id", "name", "sector", "town", "committee")


def _roster(ds, field):
    """One roster field of every unit as an object array of str, from one C call."""
    values = _c.dataset_roster(ds, field).decode("utf-8").split("\0")
    values.pop()  # after the last NUL
    return _np.array(values, dtype=object)


def _categorical(pandas, codes, names):
    """Codes into a list of names (which may repeat) as a pandas Categorical, never a str per row."""
    categories, inverse = _np.unique(_np.asarray(names, dtype=object), return_inverse=True)
    return pandas.Categorical.from_codes(inverse[codes], categories)


# ---- argument checks -----------------------------------------------------------

def _text(value, what, optional=False):
    if value is None and optional:
        return None
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise UsageError(f"{what} must be a str, not {type(value).__name__}")
    return value


def _instance(value, cls, what):
    if not isinstance(value, cls):
        raise UsageError(f"{what} must be a wuhong.{cls.__name__}, not {type(value).__name__}")
    return value


def _to_fen(amount, what):
    """Yuan (int, str or Decimal, at most two decimals) to integer fen, exactly."""
    if isinstance(amount, bool) or not isinstance(amount, (int, str, Decimal)):
        raise UsageError(f"{what} must be yuan as an int, str or Decimal (not a float: money is exact), "
                         f"not {type(amount).__name__}")
    try:
        d = Decimal(amount)
    except InvalidOperation:
        raise DataError(f"{what} '{amount}' is not an amount in yuan") from None
    fen = d * 100
    if fen != fen.to_integral_value() or d < 0:
        raise DataError(f"{what} '{amount}' is not an amount in yuan with at most two decimals")
    return int(fen)


def _csv_options(encoding, sheet=None, header_row=None):
    o = _c.csv_options()
    o.encoding = _text(encoding, "encoding", True)
    o.sheet = _text(sheet, "sheet", True)
    if header_row is not None:
        if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1:
            raise UsageError(f"header_row must be a row number >= 1, not {header_row!r}")
        o.header_row = header_row
    return o


def _find(ds_handle, unit_id):
    """A unit's index, or NotFoundError naming it."""
    try:
        return _c.dataset_find(ds_handle, _text(unit_id, "unit_id"))
    except NotFoundError:
        raise NotFoundError(f"no unit with id '{unit_id}'", unit=unit_id) from None


def yuan(fen):
    """Integer fen as an exact Decimal of yuan (two decimals)."""
    return Decimal(fen).scaleb(-2)


def _mask(bits):
    return "".join("1" if bits >> c & 1 else "0" for c in range(5))


def _number(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


class _Handle:
    """An owned C object: closed explicitly (close, with) or when collected."""
    __slots__ = ("_h",)

    def _handle(self):
        h = self._h
        if h is None:
            raise ClosedError(f"this {type(self).__name__} is closed")
        return h

    def close(self):
        """Free the C object now (results made from it stay valid)."""
        self._h = None

    @property
    def closed(self):
        return self._h is None

    def __repr__(self):
        if self._h is None:
            return f"<wuhong.{type(self).__name__} closed>"
        n = f" {len(self)} entries" if hasattr(self, "__len__") else ""
        return f"<wuhong.{type(self).__name__}{n}>"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---- policy -------------------------------------------------------------------

class Policy(_Handle):
    """A compiled policy (immutable; may be shared by threads)."""
    __slots__ = ()

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def default(cls):
        """The embedded Jiang County (绛县) policy; its thresholds are illustrative."""
        return cls(_c.policy_default())

    @classmethod
    def load(cls, path):
        """Load a YAML or JSON policy file."""
        return cls(_c.policy_load(_text(path, "path")))

    @classmethod
    def from_string(cls, text, name=None):
        """Load a policy from YAML or JSON text; name is used in error positions."""
        return cls(_c.policy_load_string(_text(text, "text"), _text(name, "name", True) or "<string>"))

    @classmethod
    def from_dict(cls, d):
        """The inverse of to_dict(): a policy from a dict in the policy file's format."""
        if not isinstance(d, dict):
            raise UsageError(f"from_dict takes a dict, not {type(d).__name__}")
        return cls.from_string(json.dumps(d, ensure_ascii=False), "<dict>")

    @staticmethod
    def default_source():
        """The embedded default policy's YAML text, with its comments."""
        return _c.policy_default_source()

    def to_json(self):
        """The canonical form as JSON text (what the fingerprint is taken of)."""
        return _c.policy_to_json(self._handle())

    def to_dict(self):
        """The canonical form as a dict in the policy file's format (money as yuan text)."""
        return json.loads(self.to_json())

    @property
    def name(self):
        return _c.policy_name(self._handle())

    @property
    def fingerprint(self):
        """SHA-256 of the canonical form (64 hex digits)."""
        return _c.policy_fingerprint(self._handle())

    @property
    def sectors(self):
        h = self._handle()
        return [_c.policy_sector_key(h, i) for i in range(_c.policy_sector_count(h))]

    def _repr_html_(self):
        """In a notebook: sectors by criteria, each with its label and rule."""
        import html
        d = self.to_dict()
        rows = [{"sector": f"{s['key']} {s.get('label') or ''}".strip(),
                 **{f"criterion {k + 1}": f"{c.get('label') or c['key']}: {c['rule']}" for k, c in enumerate(s["criteria"])}}
                for s in d["sectors"]]
        cols = ["sector"] + [f"criterion {k + 1}" for k in range(5)]
        return f"<p>{html.escape(repr(self))}</p>" + _html_table(rows, cols)

    @property
    def review_rules(self):
        """The re-review rules (min_tier, strip, wait, ...) as a dict."""
        r = _c.policy_review_rules(self._handle())
        return {k: getattr(r, k) for k in ("min_tier", "strip", "full_promotion", "wait", "clawback",
                                           "explicit_approval", "merge_keep_successor", "rotation_per_month",
                                           "applications_only", "short_gets_nothing", "held_is_error")}

    def with_rules(self, rules):
        """A new Policy with some rules replaced, this one unchanged: rules maps
        "sector.criterion" (keys) or "veto:key" to rule text, e.g.
        {"village.industry": "collective_income >= 20 and industry_projects >= 1"}."""
        if not isinstance(rules, dict):
            raise UsageError(f"with_rules takes a dict, not {type(rules).__name__}")
        d = self.to_dict()
        for where, text in rules.items():
            _text(text, f"the rule for {where!r}")
            if isinstance(where, str) and where.startswith("veto:"):
                target = next((v for v in d.get("vetoes") or [] if v["key"] == where[5:]), None)
            else:
                sector, _, key = _text(where, "a rule's place").partition(".")
                s = next((s for s in d["sectors"] if s["key"] == sector), None)
                target = next((c for c in s["criteria"] if c["key"] == key), None) if s else None
            if target is None:
                raise NotFoundError(f"no rule at {where!r}; expected 'sector.criterion' or 'veto:key' (keys)",
                                    field=where)
            target["rule"] = text
        return Policy.from_dict(d)

    def compile_rule(self, text):
        """A rule expression over this policy's indicators, to try out (see Rule)."""
        return Rule(_c.rule_compile(self._handle(), _text(text, "text")), self, text)

    def problems(self, path, max_errors=50, encoding=None, sheet=None, header_row=None):
        """Every problem of a data file (CSV or .xlsx) under this policy, at once, as a
        list of wuhong.Error in the order of the file (empty when it evaluates):
        the rows the loader cannot read, then cells, values, sectors and townships
        the evaluation refuses, up to max_errors."""
        if not isinstance(max_errors, int) or isinstance(max_errors, bool) or max_errors < 1:
            raise UsageError("max_errors must be an int >= 1")
        pr = _c.problems_new(max_errors)
        o = _csv_options(encoding, sheet, header_row)
        o.set_problems(pr)
        stopped = None
        try:
            ds = _c.dataset_load_csv(_text(path, "path"), o)
            eo = _c.evaluate_options()
            eo.set_problems(pr)
            _c.evaluate(self._handle(), ds, eo)
        except Error as e:
            stopped = e
        found = [_from_error(_c.problems_at(pr, i)) for i in range(_c.problems_count(pr))]
        # the first problem is raised as well as listed; what stopped the reading (a header) only raised
        if stopped is not None and not any((f.file, f.line, f.message) == (stopped.file, stopped.line, stopped.message)
                                           for f in found):
            found.append(stopped)
        return found

    def evaluate(self, dataset, threads=0):
        """Judge every unit of dataset. threads: 0 automatic, 1 the calling thread."""
        _instance(dataset, Dataset, "dataset")
        return Evaluation(_c.evaluate(self._handle(), dataset._handle(), _evaluate_options(threads)), self, dataset)

    def __repr__(self):
        if self._h is None:
            return "<wuhong.Policy closed>"
        return f"<wuhong.Policy {self.name!r} {self.fingerprint[:12]}>"


# ---- dataset ------------------------------------------------------------------

def _cell(value, row, field):
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if _np is not None and isinstance(value, _np.generic):
        return float(value)
    raise DataError(f"the value of '{field}' must be a number, a bool or None, not {type(value).__name__}",
                    row=row, field=field)


class Dataset(_Handle):
    """Units and their indicator values, stored by column."""
    __slots__ = ("_arrays", "_roster_columns")

    def __init__(self, handle, arrays=None):
        self._h = handle
        self._arrays = arrays or []  # bound arrays: alive as long as the dataset object
        self._roster_columns = None  # made once (a roster never changes), for to_dataframe

    def _roster_frame_columns(self, pandas):
        """id, name, town, committee as DataFrame columns: made on the first call (from the
        C roster, or from the cells from_arrays was given) and kept — a roster never
        changes — so every evaluation's to_dataframe reuses them; town and committee are
        categorical (few values; a missing committee is NaN, never the text "nan")."""
        columns = self._roster_columns
        if columns is None:
            h = self._handle()
            columns = {f: _roster(h, code) for f, code in (
                ("id", _c.ROSTER_ID), ("name", _c.ROSTER_NAME), ("town", _c.ROSTER_TOWN))}
            columns["committee"] = _roster(h, _c.ROSTER_COMMITTEE)
            columns["committee"][columns["committee"] == ""] = None
        if not isinstance(columns["town"], pandas.Categorical):
            columns = dict(columns, town=pandas.Categorical(columns["town"]),
                           committee=pandas.Categorical(columns["committee"]))
        self._roster_columns = columns
        return columns

    @classmethod
    def from_csv(cls, path, encoding=None, panel=None, sheet=None, header_row=None):
        """Read a wide CSV (id,name,sector,town[,committee], indicators...), or
        an .xlsx workbook's sheet laid out the same way (told by its bytes).

        encoding: None (auto: UTF-8, else GB18030), "utf-8", "gb18030", "gbk".
        panel: optional long CSV of judges' scores (unit,indicator,judge,value).
        sheet: a workbook's sheet (None: the one it opens on, unless hidden).
        header_row: the header's row (None: the first of the first 10 rows naming a
        roster column, so a title above the table is passed over).
        """
        h = _c.dataset_load_csv(_text(path, "path"), _csv_options(encoding, sheet, header_row))
        if panel is not None:
            _c.dataset_load_panel(h, _text(panel, "panel"), _csv_options(encoding))
        return cls(h)

    @classmethod
    def from_xlsx(cls, path, sheet=None, panel=None):
        """Read an .xlsx workbook's sheet (None: the one it opens on) as from_csv reads a CSV;
        errors name the cell as Excel does (book.xlsx: Sheet1!C17)."""
        h = _c.dataset_load_xlsx(_text(path, "path"), _text(sheet, "sheet", True))
        if panel is not None:
            _c.dataset_load_panel(h, _text(panel, "panel"), _csv_options(None))
        return cls(h)

    @classmethod
    def from_records(cls, records):
        """From a list of dicts: id, name, sector, town (committee optional), and
        indicator values (numbers, bools, or None for missing)."""
        if not isinstance(records, (list, tuple)):
            raise UsageError(f"from_records takes a list of dicts, not {type(records).__name__}")
        h = _c.dataset_new(len(records))
        columns = []
        for i, r in enumerate(records):
            if not isinstance(r, dict):
                raise UsageError(f"record {i + 1} must be a dict, not {type(r).__name__}")
            for key in ("id", "sector"):
                if not isinstance(r.get(key), str) or not r.get(key):
                    raise DataError(f"record {i + 1} needs a non-empty str '{key}'", row=i + 1, field=key)
            _c.dataset_set_unit(h, i, r["id"], str(r.get("name", "")), r["sector"], str(r.get("town", "")),
                                   r.get("committee") and str(r["committee"]))
            for k, v in r.items():
                if k in _ROSTER:
                    continue
                if not isinstance(k, str):
                    raise UsageError(f"record {i + 1}: indicator names must be str")
                if k not in columns:
                    columns.append(k)
                _c.dataset_set_value(h, i, k, _cell(v, i + 1, k))
        return cls(h)

    @classmethod
    def from_arrays(cls, ids, names, sectors, towns, committees=None, **indicators):
        """From parallel sequences, one per roster field, and one array per indicator.

        A numpy array that is 1-D, C-contiguous float64 is bound without
        copying: changing it later is seen by the next evaluation (NaN is
        missing). Any other sequence is copied once into such an array.
        """
        seqs = {"ids": ids, "names": names, "sectors": sectors, "towns": towns}
        if committees is not None:
            seqs["committees"] = committees
        n = None
        for what, seq in seqs.items():
            try:
                length = len(seq)
            except TypeError:
                raise UsageError(f"{what} must be a sequence, not {type(seq).__name__}") from None
            if n is None:
                n = length
            elif length != n:
                raise DataError(f"{what} has {length} entries; expected {n} like ids")
        h = _c.dataset_new(n)
        cells = [_np.array([_roster_cell(x) for x in seq], dtype=object) for seq in seqs.values()]
        if committees is None:
            cells.append(_np.full(n, None, dtype=object))
        for i, unit in enumerate(zip(*cells)):
            _c.dataset_set_unit(h, i, *unit)
        kept = []
        for name, values in indicators.items():
            col = _float_column(values, n, name)
            kept.append(col)
            _c.dataset_bind_column(h, name, col)
        ds = cls(h, kept)
        # the roster as the C dataset now holds it (no name or town is ""), for to_dataframe
        ids, names, _, towns, committee = cells
        names[names == None] = ""  # noqa: E711 (element-wise)
        towns[towns == None] = ""  # noqa: E711
        committee[committee == ""] = None  # an empty committee is none, as in the C roster
        ds._roster_columns = {"id": ids, "name": names, "town": towns, "committee": committee}
        return ds

    @classmethod
    def from_dataframe(cls, df, id="id", name="name", sector="sector", town="town", committee="committee",
                       ignore=()):
        """From a pandas DataFrame: the roster columns by name (committee may be absent),
        every other column an indicator, numeric or boolean (NaN and None missing; a
        missing committee stays missing, never the text "nan"); ignore: columns that are
        not indicators (notes, 备注)."""
        pandas = _pandas("from_dataframe")
        if not isinstance(df, pandas.DataFrame):
            raise UsageError(f"from_dataframe takes a pandas DataFrame, not {type(df).__name__}")
        roster = {"ids": id, "names": name, "sectors": sector, "towns": town}
        for what, column in roster.items():
            if column not in df.columns:
                raise DataError(f"the DataFrame has no '{column}' column ({what[:-1]})", field=str(column))
        used = set(roster.values()) | {committee} | set(ignore)
        indicators = {}
        for column in df.columns:
            if column in used:
                continue
            values = df[column]
            if not (pandas.api.types.is_numeric_dtype(values) or pandas.api.types.is_bool_dtype(values)):
                raise DataError(f"column '{column}' is not numeric ({values.dtype}); an indicator is a number, "
                                "a boolean, or missing (ignore=[...] leaves out notes)", field=str(column))
            indicators[str(column)] = values.to_numpy(dtype=_np.float64, na_value=math.nan)
        return cls.from_arrays(*(df[c].tolist() for c in roster.values()),
                               committees=df[committee].tolist() if committee in df.columns else None, **indicators)

    def __len__(self):
        return _c.dataset_count(self._handle())

    @property
    def notice(self):
        """What loading skipped and said so (title rows above the header, a totals row), a line
        each with its file and row; None if nothing."""
        return _c.dataset_notice(self._handle())

    @property
    def ids(self):
        h = self._handle()
        return [_c.dataset_unit_id(h, i) for i in range(_c.dataset_count(h))]

    def value(self, unit_id, indicator):
        """A value as stored (None if missing)."""
        h = self._handle()
        return _number(_c.dataset_value(h, _find(h, unit_id), _text(indicator, "indicator")))

    def __repr__(self):
        return "<wuhong.Dataset closed>" if self._h is None else f"<wuhong.Dataset {len(self)} units>"


def _evaluate_options(threads):
    if not isinstance(threads, int) or isinstance(threads, bool) or threads < 0:
        raise UsageError("threads must be an int >= 0")
    o = _c.evaluate_options()
    o.threads = threads
    return o


def _pandas(what):
    try:
        import pandas
    except ImportError:
        raise ImportError(f"{what} needs pandas (Debian: python3-pandas)") from None
    return pandas


def _frame(rows, what):
    """Rows (dicts) as a DataFrame: Decimal yuan as float (its exact fen are in the *_fen
    column beside it), and a column named like a DataFrame attribute gets a suffix."""
    pandas = _pandas(what)
    rows = [{k: float(v) if isinstance(v, Decimal) else v for k, v in r.items()} for r in rows]
    df = pandas.DataFrame.from_records(rows)
    shadowed = {c: f"{c}_" for c in df.columns if isinstance(c, str) and hasattr(pandas.DataFrame, c)}
    return df.rename(columns=shadowed)


def _roster_cell(x):
    """A roster field as text; None and NaN (pandas' missing) are missing, never the text "nan"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return str(x)


def _float_column(values, n, name):
    arr = values if isinstance(values, _np.ndarray) else None
    if arr is None or arr.dtype != _np.float64 or not arr.flags.c_contiguous or arr.ndim != 1:
        try:
            arr = _np.ascontiguousarray(
                [math.nan if v is None else v for v in values] if arr is None else arr, dtype=_np.float64)
        except (TypeError, ValueError):
            raise DataError(f"indicator '{name}' must hold numbers", field=name) from None
    if arr.ndim != 1 or len(arr) != n:
        raise DataError(f"indicator '{name}' has {len(arr)} values; expected {n}", field=name)
    return arr


# ---- evaluation ---------------------------------------------------------------

class Clause:
    """One clause that decided a rule."""
    __slots__ = ("text", "verdict", "op", "actual", "threshold", "indicator", "label", "unit")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    def __repr__(self):
        return f"<Clause {self.text!r} {self.verdict} actual={self.actual!r} threshold={self.threshold!r}>"


class Reason:
    """A criterion's or veto's verdict with its deciding clauses."""
    __slots__ = ("kind", "key", "label", "rule", "verdict", "clauses")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    def __repr__(self):
        return f"<Reason {self.kind} {self.key} {self.verdict}>"


class Explanation:
    """Why a unit got its flags: .text, and .reasons (criteria, then vetoes)."""
    __slots__ = ("unit_id", "text", "reasons")

    def __init__(self, unit_id, text, reasons):
        self.unit_id, self.text, self.reasons = unit_id, text, reasons

    def __str__(self):
        return self.text

    def __repr__(self):
        verdicts = " ".join(f"{r.key}={r.verdict}" for r in self.reasons if r.kind == "criterion")
        return f"<wuhong.Explanation {self.unit_id}: {verdicts}>"

    def _repr_html_(self):
        """In a notebook: one row per clause that decided a criterion or veto."""
        rows = [{"kind": r.kind, "key": r.key, "label": r.label, "verdict": r.verdict, "clause": c.text,
                 "actual": c.actual, "threshold": c.threshold if c.op else ""}
                for r in self.reasons for c in (r.clauses or [None]) if c is not None]
        cols = ["kind", "key", "label", "verdict", "clause", "actual", "threshold"]
        import html
        return f"<p>{html.escape(self.unit_id)}</p>" + _html_table(rows, cols)


def _explain(ev_handle, i, unit_id):
    x = _c.evaluation_explain(ev_handle, i)
    reasons = []
    for k in range(_c.explanation_count(x)):
        r = _c.explanation_at(x, k)
        clauses = []
        for c in map(r.clause, range(r.n_clauses)):
            clauses.append(Clause(text=c.text, verdict=_VERDICTS[c.verdict], op=c.op, actual=_number(c.actual),
                                  threshold=_number(c.threshold) if c.op else None, indicator=c.indicator,
                                  label=c.label, unit=c.unit))
        reasons.append(Reason(kind="veto" if r.is_veto else "criterion", key=r.key, label=r.label, rule=r.rule,
                              verdict=_VERDICTS[r.verdict], clauses=clauses))
    return Explanation(unit_id, _c.explanation_text(x), reasons)


class UnitResult:
    """One unit's results. reasons is built when first read."""
    __slots__ = ("_ev", "index", "id", "name", "sector", "town", "committee", "flags", "flag_mask",
                 "missing_mask", "veto", "tier", "tier_name", "amount_fen", "_reasons")

    def __init__(self, ev, i):
        ds, p, col = ev._ds_handle, ev._policy_handle, ev._columns()
        self._ev, self.index = ev, i
        self.id = _c.dataset_unit_id(ds, i)
        self.name = _c.dataset_unit_name(ds, i)
        self.sector = _c.policy_sector_key(p, int(col["sectors"][i]))
        self.town = _c.dataset_unit_town(ds, i)
        self.committee = _c.dataset_unit_committee(ds, i)
        self.flags = int(col["flags"][i])
        self.flag_mask = _mask(int(col["flag_masks"][i]))
        self.missing_mask = _mask(int(col["missing_masks"][i]))
        self.veto = bool(col["veto_masks"][i])
        self.tier = int(col["tiers"][i])
        self.tier_name = _c.policy_tier_name(p, self.tier)
        self.amount_fen = int(col["amounts"][i])
        self._reasons = None

    @property
    def amount(self):
        """The scheduled award, exact Decimal yuan."""
        return yuan(self.amount_fen)

    @property
    def reasons(self):
        """Every criterion's and veto's verdict, with the clauses that decided it."""
        if self._reasons is None:
            self._reasons = _explain(self._ev._handle(), self.index, self.id).reasons
        return self._reasons

    def to_record(self):
        return {"id": self.id, "name": self.name, "sector": self.sector, "town": self.town,
                "committee": self.committee, "flags": self.flags, "flag_mask": self.flag_mask,
                "missing_mask": self.missing_mask, "veto": int(self.veto), "tier": self.tier,
                "tier_name": self.tier_name, "amount": self.amount, "amount_fen": self.amount_fen}

    def __repr__(self):
        return f"<UnitResult {self.id} {self.name} tier={self.tier} flags={self.flag_mask}>"


def _html_table(rows, columns):
    """rows (dicts) as an HTML table of the given columns, escaped: for notebooks."""
    import html
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in columns) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class Tally(list):
    """Units by group and tier: the groups (dicts), in order, and .total apart from them."""

    def __init__(self, rows, total):
        super().__init__(rows)
        self.total = total

    def _repr_html_(self):
        cols = ["group", "label", "units", "tier5", "tier4", "tier3", "none", "vetoed", "amount_fen"]
        return _html_table(list(self) + [self.total], cols)

    def to_dataframe(self):
        """The groups as a DataFrame (the total stays in .total)."""
        return _frame(self, "to_dataframe")


class Rows(list):
    """Rows (dicts) a query or a review gives, with to_dataframe."""

    def to_dataframe(self):
        return _frame(self, "to_dataframe")


class Lists(dict):
    """The red and black lists, {"red": [...], "black": [...]}, with to_dataframe (both, a "list" column)."""

    def _repr_html_(self):
        cols = ["list", "rank", "id", "name", "sector", "town", "flags", "tier", "reason_zh"]
        return _html_table([e for name in ("red", "black") for e in self[name]], cols)

    def to_dataframe(self):
        return _frame([dict(e, rules=",".join(e["rules"])) for name in ("red", "black") for e in self[name]],
                      "to_dataframe")


def _tally_rows(t):
    def row(r):
        return {"group": r.group, "label": r.label, "units": r.units, "tier5": r.tier(5), "tier4": r.tier(4),
                "tier3": r.tier(3), "none": r.tier(0), "vetoed": r.vetoed, "missing": r.missing,
                "amount_fen": r.amount}
    return Tally([row(_c.tally_at(t, k)) for k in range(_c.tally_count(t))], row(_c.tally_total(t)))


def _grouping(by):
    if by not in _GROUPINGS:
        raise UsageError(f"by must be one of {', '.join(_GROUPINGS)}, not {by!r}")
    return _GROUPINGS[by]


class Evaluation(_Handle):
    """The results of one evaluation. Iterating yields a UnitResult per unit."""
    __slots__ = ("policy", "dataset", "_ds_handle", "_policy_handle", "_cols")

    def __init__(self, handle, policy, dataset):
        self._h = handle
        # the Python objects keep bound arrays alive; the C handles stay
        # valid even if those objects are closed (the evaluation holds references)
        self.policy, self.dataset = policy, dataset
        self._ds_handle, self._policy_handle = dataset._h, policy._h
        self._cols = None

    def _columns(self):
        """The result columns: read-only numpy views that keep the C results alive."""
        h = self._handle()
        if self._cols is None:
            self._cols = {name: getattr(_c, "evaluation_" + name)(h) for name in (
                "flags", "flag_masks", "missing_masks", "veto_masks", "veto_unknown_masks", "tiers", "sectors",
                "towns", "amounts")}
        return self._cols

    def close(self):
        self._h = self._cols = None

    def again(self, threads=0):
        """Evaluate again into these same results — after the dataset's bound arrays changed
        (a simulation): nothing is allocated, and the result arrays (tiers, flags, ...)
        hold the new results. After an error the evaluation holds none (len 0) until a
        run succeeds. Returns the evaluation."""
        h = self._handle()
        self._cols = None
        _c.evaluate_again(h, _evaluate_options(threads))
        return self

    @property
    def kernel(self):
        """How the last run judged the units: "avx512", "avx2" or "baseline" (the fused
        kernels), "vm" (rules with arithmetic), or both, e.g. "avx512+vm"."""
        return _c.evaluation_kernel(self._handle())

    def __len__(self):
        return _c.evaluation_count(self._handle())

    def units(self):
        """A UnitResult per unit, in the dataset's order."""
        for i in range(len(self)):
            yield UnitResult(self, i)

    __iter__ = units

    def _index(self, unit_id):
        return _find(self._ds_handle, unit_id)

    def unit(self, unit_id):
        """The UnitResult of one unit, by id (also ev[unit_id])."""
        self._handle()
        return UnitResult(self, self._index(unit_id))

    def __getitem__(self, unit_id):
        if isinstance(unit_id, int) and not isinstance(unit_id, bool):
            n = len(self)
            if not -n <= unit_id < n:
                raise IndexError(f"unit index {unit_id} out of range ({n} units)")
            return UnitResult(self, unit_id % n)
        return self.unit(unit_id)

    def explain(self, unit_id):
        """Every criterion's and veto's verdict for one unit, with actual values and thresholds."""
        return _explain(self._handle(), self._index(unit_id), unit_id)

    def tally(self, by="sector"):
        """Units by group and tier: a Tally (a list of dicts, one per group) with the total
        in .total. by: sector, town, committee, tier."""
        return _tally_rows(_c.evaluation_tally(self._handle(), _grouping(by)))

    def lists(self):
        """The red and black lists: {"red": [...], "black": [...]}, entries in order."""
        h, p, ds, col = self._handle(), self._policy_handle, self._ds_handle, self._columns()
        lists = _c.evaluation_lists(h)
        out = Lists()
        for kind, name in ((RED, "red"), (BLACK, "black")):
            keys = [_c.policy_list_rule_key(p, kind, r) for r in range(_c.policy_list_rule_count(p, kind))]
            entries = []
            for e in (_c.lists_at(lists, kind, k) for k in range(_c.lists_count(lists, kind))):
                i = e.unit
                entries.append({"list": name, "rank": e.rank, "id": _c.dataset_unit_id(ds, i),
                                "name": _c.dataset_unit_name(ds, i),
                                "sector": _c.policy_sector_key(p, int(col["sectors"][i])),
                                "town": _c.dataset_unit_town(ds, i), "flags": int(col["flags"][i]),
                                "tier": int(col["tiers"][i]),
                                "rules": [key for r, key in enumerate(keys) if e.rules >> r & 1], "reason": e.reason,
                                "reason_zh": e.reason_zh})
            out[name] = entries
        return out

    def gaps(self):
        """Who to help next (帮扶名单): a dict per unit below the next tier, the smallest total gap
        first, with its failing criteria and each clause's gap (None where it cannot be said, with why)."""
        h, ds = self._handle(), self._ds_handle
        g = _c.evaluation_gaps(h)
        out = []
        for u in (_c.gaps_at(g, k) for k in range(_c.gaps_count(g))):
            criteria = []
            for c in (_c.gap_unit_criterion(u, j) for j in range(u.n_criteria)):
                gaps = [{"clause": x.clause, "verdict": _VERDICTS[x.verdict], "indicator": x.indicator, "op": x.op,
                         "actual": _number(x.actual), "threshold": _number(x.threshold) if x.op else None,
                         "gap": _number(x.gap), "relative": _number(x.relative), "why": x.why,
                         "why_zh": x.why_zh}
                        for x in (_c.gap_criterion_gap(c, k) for k in range(c.n_gaps))]
                criteria.append({"key": c.key, "label": c.label, "prerequisite": c.prerequisite,
                                 "cost": None if math.isinf(c.cost) else c.cost, "gaps": gaps})
            out.append({"id": _c.dataset_unit_id(ds, u.unit), "name": _c.dataset_unit_name(ds, u.unit),
                        "town": _c.dataset_unit_town(ds, u.unit), "committee": _c.dataset_unit_committee(ds, u.unit),
                        "flags": u.flags, "tier": u.tier, "next_tier": u.next_tier, "flags_short": u.flags_short,
                        "total": None if math.isinf(u.total) else u.total, "vetoed": u.vetoed,
                        "criteria": criteria})
        return out

    @staticmethod
    def _award_options(budget, adjustments):
        o = _c.award_options()
        if adjustments is not None:
            o.set_adjustments(_instance(adjustments, Adjustments, "adjustments")._handle())
        if budget is not None:
            o.budget = _to_fen(budget, "budget")
        return o

    def awards(self, budget=None, adjustments=None):
        """Award money: the schedule, then adjustments, then the budget (yuan as
        int, str or Decimal; the policy refuses or scales when it is exceeded)."""
        return Awards(_c.evaluation_awards(self._handle(), self._award_options(budget, adjustments)), self)

    _BOARD_FORMATS = {"xlsx": _c.BOARD_XLSX, "html": _c.BOARD_HTML}

    def board(self, format=None, budget=None, adjustments=None, path=None, title=None, period=None, issuer=None):
        """The boards to publish (both lists, the award list, the tallies) as the
        bytes of an .xlsx workbook or an HTML page; with path, also written there
        (the format then defaults to the path's suffix, and a format that disagrees
        with it is refused). title: the heading (default: the policy's board title
        and 红黑榜); period: "2024" (2024年度), "2024-05" or any text; issuer: who
        publishes it (default: the policy's board issuer)."""
        named = None
        if path is not None:
            suffix = os.path.splitext(str(path))[1].lower()
            named = {".html": "html", ".htm": "html", ".xlsx": "xlsx"}.get(suffix)
        if format is not None and named is not None and format != named:
            raise UsageError(f"path {str(path)!r} names an {named} file, but format is {format!r}")
        format = format or named or "xlsx"
        if format not in self._BOARD_FORMATS:
            raise UsageError(f"format must be 'xlsx' or 'html', not {format!r}")
        o = _c.board_options()
        o.format = self._BOARD_FORMATS[format]
        awards = self._award_options(budget, adjustments)
        o.set_awards(awards)
        o.title, o.period, o.issuer = (_text(v, k, True) for k, v in (("title", title), ("period", period),
                                                                      ("issuer", issuer)))
        data = _c.board_publish(self._handle(), o)
        if path is not None:
            with open(path, "wb") as f:
                f.write(data)
        return data

    @property
    def tiers(self):
        """Tier of every unit: a read-only numpy array over the results (no copy)."""
        return self._columns()["tiers"]

    @property
    def flags(self):
        return self._columns()["flags"]

    @property
    def amounts_fen(self):
        return self._columns()["amounts"]

    def to_records(self):
        """One dict per unit, the columns of `wuhong evaluate --format csv` (amount as Decimal yuan)."""
        return [u.to_record() for u in self]

    def to_dataframe(self):
        """The results as a pandas DataFrame (needs pandas), built from the result
        arrays: numbers are numbers — flag_count, tier, the masks as integers (bit c:
        criterion c), amount in float yuan for plots, amount_fen exact — and a
        missing committee is None."""
        pandas = _pandas("to_dataframe")
        p, col = self._policy_handle, self._columns()
        roster = self.dataset._roster_frame_columns(pandas)
        sector_keys = [_c.policy_sector_key(p, s) for s in range(_c.policy_sector_count(p))]
        tier_names = [_c.policy_tier_name(p, t) for t in range(6)]
        return pandas.DataFrame({  # columns in a few calls each, never one a unit
            "id": roster["id"],
            "name": roster["name"],
            "sector": _categorical(pandas, col["sectors"], sector_keys),
            "town": roster["town"],
            "committee": roster["committee"],
            "flag_count": col["flags"].astype(_np.int64),     # not "flags": DataFrame.flags is pandas' own
            "flag_mask": col["flag_masks"].astype(_np.int64),  # bit c: criterion c passed
            "missing_mask": col["missing_masks"].astype(_np.int64),
            "veto": (col["veto_masks"] != 0).astype(_np.int64),
            "tier": col["tiers"].astype(_np.int64),
            "tier_name": _categorical(pandas, col["tiers"], tier_names),
            "amount": col["amounts"] / 100.0,
            "amount_fen": col["amounts"].astype(_np.int64),
        })

    def __repr__(self):
        return "<wuhong.Evaluation closed>" if self._h is None else f"<wuhong.Evaluation {len(self)} units>"

    def _repr_html_(self):
        """In a notebook: the tally by sector and tier."""
        if self._h is None:
            return "<p>wuhong.Evaluation (closed)</p>"
        return f"<p>wuhong.Evaluation: {len(self)} units</p>" + self.tally()._repr_html_()


# ---- one rule on its own --------------------------------------------------------

class Rule(_Handle):
    """A rule expression compiled against a policy's indicators (Policy.compile_rule)."""
    __slots__ = ("policy", "text")

    def __init__(self, handle, policy, text):
        self._h, self.policy, self.text = handle, policy, text

    def evaluate(self, dataset):
        """The rule's verdict for every unit: a list of "pass", "fail" or "missing"."""
        ds = _instance(dataset, Dataset, "dataset")._handle()
        return [_VERDICTS[v] for v in _c.rule_eval(self._handle(), ds)]

    def __repr__(self):
        return f"<wuhong.Rule {self.text!r}>"


# ---- a policy built in code -------------------------------------------------------

class PolicyBuilder(_Handle):
    """A policy built step by step (the C builder); compile() makes the Policy.
    Errors (a duplicate key, an unknown name) are raised by the step that makes them."""
    __slots__ = ()
    _TYPES = {"number": _c.TYPE_NUMBER, "bool": _c.TYPE_BOOL, "count": _c.TYPE_COUNT, "percent": _c.TYPE_PERCENT,
              "score": _c.TYPE_SCORE}

    def __init__(self, name):
        self._h = _c.policy_builder_new(_text(name, "name"))

    def town(self, name):
        _c.policy_builder_add_town(self._handle(), _text(name, "name"))
        return self

    def indicator(self, key, label="", unit="", type="number", min=None, max=None):
        """An indicator; type: number, bool, count, percent or score; min/max: an optional range."""
        if type not in self._TYPES:
            raise UsageError(f"type must be one of {', '.join(self._TYPES)}, not {type!r}")
        h = self._handle()
        _c.policy_builder_add_indicator(h, _text(key, "key"), _text(label, "label"), _text(unit, "unit"),
                                        self._TYPES[type])
        if min is not None or max is not None:
            _c.policy_builder_set_range(h, key, math.nan if min is None else min, math.nan if max is None else max)
        return self

    def sector(self, key, label, criteria):
        """A sector with its five criteria: (key, label, rule) each."""
        h = self._handle()
        _c.policy_builder_add_sector(h, _text(key, "key"), _text(label, "label"))
        for ckey, clabel, rule in criteria:
            _c.policy_builder_add_criterion(h, key, _text(ckey, "criterion key"), _text(clabel, "label"),
                                            _text(rule, "rule"))
        return self

    def prerequisite(self, key):
        """The criterion (by key) without which a unit earns no tier."""
        _c.policy_builder_set_prerequisite(self._handle(), _text(key, "key"))
        return self

    def veto(self, key, label, rule, sectors=None):
        """A veto (一票否决); sectors: the sector keys it applies to (None: all)."""
        _c.policy_builder_add_veto(self._handle(), _text(key, "key"), _text(label, "label"), _text(rule, "rule"),
                                   None if sectors is None else [_text(s, "sector") for s in sectors])
        return self

    def tier(self, flags, name):
        _c.policy_builder_add_tier(self._handle(), flags, _text(name, "name"))
        return self

    def award(self, sector, tier, amount):
        """The award for a sector's tier, yuan (int, str or Decimal)."""
        _c.policy_builder_set_award(self._handle(), _text(sector, "sector"), tier, _to_fen(amount, "amount"))
        return self

    def compile(self):
        return Policy(_c.policy_compile(self._handle()))


# ---- awards -------------------------------------------------------------------

class Adjustments(_Handle):
    """Per-unit award adjustments: bonuses, penalties and overrides, each with a reason."""
    __slots__ = ()
    _KINDS = {"bonus": _c.ADJUST_BONUS, "override": _c.ADJUST_OVERRIDE, "penalty": _c.ADJUST_PENALTY}

    def __init__(self, handle=None):
        self._h = handle if handle is not None else _c.adjustments_new()

    @classmethod
    def from_csv(cls, path, encoding=None):
        """Read unit,kind,amount,reason,reference (amount in yuan)."""
        return cls(_c.adjustments_load_csv(_text(path, "path"), _csv_options(encoding)))

    def add(self, unit_id, kind, amount, reason, reference=""):
        """kind: "bonus", "override" or "penalty"; amount: yuan (int, str or Decimal)."""
        if kind not in self._KINDS:
            raise UsageError(f"kind must be 'bonus', 'override' or 'penalty', not {kind!r}")
        _c.adjustments_add(self._handle(), _text(unit_id, "unit_id"), self._KINDS[kind], _to_fen(amount, "amount"),
                           _text(reason, "reason"), _text(reference, "reference"))
        return self

    def __len__(self):
        return _c.adjustments_count(self._handle())


class Awards(_Handle):
    """Award money for an evaluation. Iterating yields one dict per unit."""
    __slots__ = ("evaluation", "_amounts", "_unscaled")

    def __init__(self, handle, evaluation):
        self._h, self.evaluation = handle, evaluation
        self._amounts, self._unscaled = _c.awards_amounts(handle), _c.awards_unscaled(handle)

    def __len__(self):
        return _c.awards_count(self._handle())

    def __iter__(self):
        h, ev = self._handle(), self.evaluation
        col = ev._columns()  # raises when the evaluation (whose results the rows read) is closed
        ds, p = ev._ds_handle, ev._policy_handle
        for i in range(_c.awards_count(h)):
            fen = int(self._amounts[i])
            yield {"id": _c.dataset_unit_id(ds, i), "name": _c.dataset_unit_name(ds, i),
                   "sector": _c.policy_sector_key(p, int(col["sectors"][i])), "town": _c.dataset_unit_town(ds, i),
                   "tier": int(col["tiers"][i]), "amount": yuan(fen), "amount_fen": fen,
                   "unscaled_fen": int(self._unscaled[i]), "reason": _c.awards_reason(h, i),
                   "reason_zh": _c.awards_reason_zh(h, i)}

    def amount(self, unit_id):
        """One unit's final amount, Decimal yuan."""
        self._handle()
        return yuan(int(self._amounts[self.evaluation._index(unit_id)]))

    def reason(self, unit_id):
        return _c.awards_reason(self._handle(), self.evaluation._index(unit_id))

    def reason_zh(self, unit_id):
        """The reason in Chinese, as the published award list (奖励资金 说明) gives it."""
        return _c.awards_reason_zh(self._handle(), self.evaluation._index(unit_id))

    @property
    def total_fen(self):
        return _c.awards_total(self._handle())

    @property
    def total(self):
        return yuan(self.total_fen)

    @property
    def unscaled_total_fen(self):
        return _c.awards_unscaled_total(self._handle())

    @property
    def scaled(self):
        return _c.awards_scaled(self._handle())

    @property
    def budget_fen(self):
        b = _c.awards_budget(self._handle())
        return None if b < 0 else b

    def __repr__(self):
        if self._h is None:
            return "<wuhong.Awards closed>"
        scaled = f", scaled to the budget {yuan(self.budget_fen)}" if self.scaled else ""
        return f"<wuhong.Awards {len(self)} units, total {self.total} yuan{scaled}>"

    def _repr_html_(self):
        import html
        return f"<p>{html.escape(repr(self))}</p>" + self.tally()._repr_html_()

    def to_dataframe(self):
        """One row per unit: amount as float yuan, amount_fen and unscaled_fen exact."""
        return _frame(self, "to_dataframe")

    def tally(self, by="sector"):
        """Units and final amounts by group: a Tally (the groups; the total in .total)."""
        return _tally_rows(_c.awards_tally(self._handle(), _grouping(by)))


# ---- what-if ------------------------------------------------------------------

class Diff(_Handle):
    """The units whose flags, tier or scheduled award differ under two policies."""
    __slots__ = ("policy_a", "policy_b", "dataset", "units")

    def __init__(self, handle, a, b, dataset):
        self._h, self.policy_a, self.policy_b, self.dataset = handle, a, b, dataset
        ds, p = dataset._h, a._h
        sectors = _c.evaluation_sectors(_c.diff_evaluation_a(handle))
        self.units = []
        for e in (_c.diff_at(handle, k) for k in range(_c.diff_count(handle))):
            i = e.unit
            self.units.append({
                "id": _c.dataset_unit_id(ds, i), "name": _c.dataset_unit_name(ds, i),
                "sector": _c.policy_sector_key(p, int(sectors[i])), "town": _c.dataset_unit_town(ds, i),
                "flags_a": e.flags_a, "flags_b": e.flags_b, "flag_mask_a": _mask(e.mask_a),
                "flag_mask_b": _mask(e.mask_b), "tier_a": e.tier_a, "tier_b": e.tier_b,
                "amount_a_fen": e.amount_a, "amount_b_fen": e.amount_b})

    def __len__(self):
        return len(self.units)

    def __iter__(self):
        return iter(self.units)

    @property
    def total_a_fen(self):
        return _c.diff_total_a(self._handle())

    @property
    def total_b_fen(self):
        return _c.diff_total_b(self._handle())

    def __repr__(self):
        if self._h is None:
            return "<wuhong.Diff closed>"
        return f"<wuhong.Diff {len(self.units)} units change, delta {yuan(self.delta_fen)} yuan>"

    def to_dataframe(self):
        """The changed units, one row each."""
        return _frame(self.units, "to_dataframe")

    def _repr_html_(self):
        import html
        cols = ["id", "name", "sector", "town", "flags_a", "flags_b", "tier_a", "tier_b", "amount_a_fen", "amount_b_fen"]
        return f"<p>{html.escape(repr(self))}</p>" + _html_table(self.units, cols)

    @property
    def delta_fen(self):
        """The budget delta: B's scheduled awards minus A's, fen."""
        return self.total_b_fen - self.total_a_fen

    def _groups(self, by):
        s = _c.diff_groups(self._handle(), by)
        return [{"group": g.group, "label": g.label, "units": g.units, "changed": g.changed, "lost": g.lost,
                 "gained": g.gained, "amount_a_fen": g.amount_a, "amount_b_fen": g.amount_b,
                 "delta_fen": g.amount_b - g.amount_a}
                for g in (_c.diff_summary_at(s, k) for k in range(_c.diff_summary_count(s)))]

    def by_sector(self):
        return self._groups(_c.BY_SECTOR)

    def by_town(self):
        return self._groups(_c.BY_TOWN)


def diff(policy_a, policy_b, dataset):
    """What-if: dataset under policy_a and policy_b (a wrapper of the C wuhong_diff)."""
    a = _instance(policy_a, Policy, "policy_a")
    b = _instance(policy_b, Policy, "policy_b")
    ds = _instance(dataset, Dataset, "dataset")
    return Diff(_c.diff(a._handle(), b._handle(), ds._handle()), a, b, ds)


# ---- periods, decisions, the ledger -------------------------------------------

_READ = {_c.VALUE_NULL: lambda r, k, c: None, _c.VALUE_INTEGER: _c.rows_int, _c.VALUE_REAL: _c.rows_double,
         _c.VALUE_TEXT: _c.rows_cell}


def _rows(r):
    """A wuhong_rows as a list of dicts (Rows), each value of its cell's type:
    int, float, str, or None (the types of wuhong/rows.h)."""
    names = [_c.rows_name(r, c) for c in range(_c.rows_columns(r))]
    return Rows({name: _READ[_c.rows_type(r, k, c)](r, k, c) for c, name in enumerate(names)}
                for k in range(_c.rows_count(r)))


class Decisions(_Handle):
    """The standing committee's decisions (审定) for a period."""
    __slots__ = ()
    _KINDS = {"approve": _c.APPROVE, "refuse": _c.REFUSE, "merge": _c.MERGE}

    def __init__(self, handle=None):
        self._h = handle if handle is not None else _c.decisions_new()

    @classmethod
    def from_csv(cls, path, encoding=None):
        """Read unit,decision,by,reason[,into] (decision: approve, refuse or merge)."""
        return cls(_c.decisions_load_csv(_text(path, "path"), _csv_options(encoding)))

    def add(self, unit_id, decision, by, reason="", into=None):
        """decision: "approve", "refuse" or "merge" (with into, the successor's id)."""
        if decision not in self._KINDS:
            raise UsageError(f"decision must be approve, refuse or merge, not {decision!r}")
        _c.decisions_add(self._handle(), _text(unit_id, "unit_id"), self._KINDS[decision], _text(by, "by"),
                         _text(reason, "reason"), _text(into, "into", True))
        return self

    def __len__(self):
        return _c.decisions_count(self._handle())


class Applications(_Handle):
    """The year's creation list (创建名单): who applied for which tier (申报), who
    recommended them (推荐) and what the standing committee decided (审定)."""
    __slots__ = ()
    _ANSWER = {True: _c.YES, False: _c.NO, None: _c.NOT_YET}
    _DECISION = {"approve": True, "refuse": False, None: None}

    def __init__(self, handle=None):
        self._h = handle if handle is not None else _c.applications_new()

    @classmethod
    def from_csv(cls, path, encoding=None):
        """Read unit,tier[,recommended,recommended_by,recommendation,decision,decided_by,reason]."""
        return cls(_c.applications_load_csv(_text(path, "path"), _csv_options(encoding)))

    def add(self, unit_id, tier, recommended=None, recommended_by=None, recommendation="", decision=None,
            decided_by=None, reason=""):
        """tier: the flags applied for; recommended: True, False or None (not yet), with
        recommended_by; decision: "approve", "refuse" or None (not yet), with decided_by."""
        if recommended not in self._ANSWER:
            raise UsageError(f"recommended must be True, False or None, not {recommended!r}")
        if decision not in self._DECISION:
            raise UsageError(f"decision must be 'approve', 'refuse' or None, not {decision!r}")
        if not isinstance(tier, int) or isinstance(tier, bool):
            raise UsageError(f"tier must be an int (the flags applied for), not {tier!r}")
        h, unit = self._handle(), _text(unit_id, "unit_id")
        _c.applications_add(h, unit, tier)
        if recommended is not None:
            _c.applications_recommend(h, unit, self._ANSWER[recommended], _text(recommended_by, "recommended_by"),
                                      _text(recommendation, "recommendation"))
        if decision is not None:
            _c.applications_decide(h, unit, self._ANSWER[self._DECISION[decision]], _text(decided_by, "decided_by"),
                                   _text(reason, "reason"))
        return self

    def __len__(self):
        return _c.applications_count(self._handle())

    def __iter__(self):
        """Each application as a dict, as add() takes it: recommended True, False or None
        (not yet); decision "approve", "refuse" or None (not yet)."""
        h = self._handle()
        answer = {_c.YES: True, _c.NO: False, _c.NOT_YET: None}
        decision = {_c.YES: "approve", _c.NO: "refuse", _c.NOT_YET: None}
        for i in range(_c.applications_count(h)):
            a = _c.applications_at(h, i)
            yield {"unit": a.unit, "tier": a.tier, "recommended": answer[a.recommended],
                   "recommended_by": a.recommended_by, "recommendation": a.recommendation,
                   "decision": decision[a.decision], "decided_by": a.decided_by, "reason": a.decision_reason}


class Review:
    """What recording a period did: .events (dicts) and .replayed (same inputs already recorded)."""
    __slots__ = ("period", "events", "replayed")

    def __init__(self, period, events, replayed):
        self.period, self.events, self.replayed = period, events, replayed

    def __iter__(self):
        return iter(self.events)

    def __len__(self):
        return len(self.events)

    @property
    def paid_fen(self):
        """What this call paid: 0 for a replay (the events are the period as recorded)."""
        return 0 if self.replayed else sum(e["amount_fen"] or 0 for e in self.events)

    def __repr__(self):
        what = "replayed, nothing paid" if self.replayed else f"{len(self.events)} events, paid {yuan(self.paid_fen)} yuan"
        return f"<wuhong.Review {self.period}: {what}>"

    def to_dataframe(self):
        """The period's events and payments, one row each."""
        return _frame(self.events, "to_dataframe")

    def _repr_html_(self):
        import html
        cols = ["unit", "name", "event", "tier_from", "tier_to", "amount_fen", "detail"]
        return f"<p>{html.escape(repr(self))}</p>" + _html_table(self.events, cols)


class Ledger(_Handle):
    """The campaign's SQLite ledger: periods recorded whole, append-only."""
    __slots__ = ()

    def __init__(self, path, readonly=False):
        """Open (creating or migrating) the ledger at path; readonly=True opens an
        existing one for queries only."""
        path = _text(path, "path")
        self._h = _c.ledger_open_readonly(path) if readonly else _c.ledger_open(path)

    def __repr__(self):
        if self._h is None:
            return "<wuhong.Ledger closed>"
        return f"<wuhong.Ledger {len(self.periods())} periods>"

    @classmethod
    def open(cls, path, readonly=False):
        """The same as Ledger(path, readonly) (the Lua binding's name)."""
        return cls(path, readonly)

    def review(self, period, evaluation, decisions=None, supersede=False, adjustments=None, applications=None):
        """Record a period ("YYYY" yearly review, "YYYY-MM" monthly assessment) for an Evaluation.

        decisions: committee Decisions; adjustments: Adjustments (bonuses and
        penalties are paid as events of their own, an override sets the amount
        of the award, else of the re-review reward, earned this period);
        applications: the year's creation list (Applications; only the units on
        it are created); supersede: replace a period recorded with other inputs
        (reversal payments undo what it paid)."""
        _instance(evaluation, Evaluation, "evaluation")
        o = _c.review_options()
        if applications is not None:
            o.set_applications(_instance(applications, Applications, "applications")._handle())
        if decisions is not None:
            o.set_decisions(_instance(decisions, Decisions, "decisions")._handle())
        if adjustments is not None:
            o.set_adjustments(_instance(adjustments, Adjustments, "adjustments")._handle())
        o.supersede = 1 if supersede else 0
        rows, replayed = _c.review(self._handle(), _text(period, "period"), evaluation._handle(), o)
        return Review(period, _rows(rows), replayed)

    def _query(self, what, key=None):
        return _rows(_c.ledger_query(self._handle(), what, key))

    def verify(self):
        """Check the file's integrity and every period's seal (a SHA-256 over its
        rows, chained to the one before). Returns the chain as dicts (period,
        revision, digest), oldest first; raises DataError naming the first period
        that does not match."""
        return _rows(_c.ledger_verify(self._handle()))

    def periods(self):
        return self._query(_c.LEDGER_PERIODS)

    def payments(self, period=None):
        return self._query(_c.LEDGER_PAYMENTS, _text(period, "period", True))

    def totals(self):
        """Payments per year by kind (creation, promotion, review, clawback, adjustments, reversal), fen."""
        return self._query(_c.LEDGER_TOTALS)

    def history(self, unit_id):
        """A unit's trail: events and the money with them."""
        return self._query(_c.LEDGER_HISTORY, _text(unit_id, "unit_id"))

    def paid(self, unit_id):
        """Everything paid to a unit."""
        return self._query(_c.LEDGER_PAID, _text(unit_id, "unit_id"))

    def boards(self, period):
        return self._query(_c.LEDGER_BOARDS, _text(period, "period"))


def _review(self, ledger, period, dataset, decisions=None, supersede=False, threads=0, adjustments=None,
            applications=None):
    """Evaluate dataset and record the period in ledger (see Ledger.review)."""
    return _instance(ledger, Ledger, "ledger").review(period, self.evaluate(dataset, threads), decisions, supersede,
                                                      adjustments, applications)


Policy.review = _review


def rotation(policy, start, months=12, evaluation=None):
    """The townships to inspect month by month from start ("YYYY-MM"): round robin, or,
    with an evaluation, the black-listed first. A list of {period, town, why}."""
    _instance(policy, Policy, "policy")
    ev = None if evaluation is None else _instance(evaluation, Evaluation, "evaluation")._handle()
    if not isinstance(months, int) or isinstance(months, bool):
        raise UsageError("months must be an int")
    return _rows(_c.rotation(policy._handle(), _text(start, "start"), months, ev))


def version():
    return _c.version()


__all__ = ["Policy", "PolicyBuilder", "Rule", "Dataset", "Evaluation", "UnitResult", "Explanation", "Reason",
           "Clause", "Adjustments", "Awards", "Diff", "diff", "yuan", "version", "Error", "Decisions", "Ledger",
           "Review", "rotation"]
