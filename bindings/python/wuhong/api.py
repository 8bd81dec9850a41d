"""wuhong.api — the Pythonic layer over the SWIG extension (wuhong.core).

Objects own their C memory and free it when collected or closed; results
stay valid after the policy or dataset that made them is closed. Calls
into the library release the GIL, so one Policy can serve many threads.
"""
import array
import ctypes
import json
import math
import os
from decimal import Decimal, InvalidOperation

from . import core as _c
from .errors import ClosedError, DataError, Error, NotFoundError, UsageError

try:  # numpy is optional: it makes from_arrays zero-copy and columns arrays
    import numpy as _np
except ImportError:  # pragma: no cover - the test machine has numpy
    _np = None

RED, BLACK = 0, 1
_VERDICTS = ("fail", "missing", "pass")
_GROUPINGS = {"sector": 0, "town": 1, "committee": 2, "tier": 3}
_ROSTER = ("id", "name", "sector", "town", "committee")
_SEP = "\x1f"


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
        return cls(_c.wb_policy_default())

    @classmethod
    def load(cls, path):
        """Load a YAML or JSON policy file."""
        return cls(_c.wb_policy_load(_text(path, "path")))

    @classmethod
    def from_string(cls, text, name=None):
        """Load a policy from YAML or JSON text; name is used in error positions."""
        return cls(_c.wb_policy_from_string(_text(text, "text"), _text(name, "name", True) or "<string>"))

    @classmethod
    def from_dict(cls, d):
        """The inverse of to_dict(): a policy from a dict in the policy file's format."""
        if not isinstance(d, dict):
            raise UsageError(f"from_dict takes a dict, not {type(d).__name__}")
        return cls.from_string(json.dumps(d, ensure_ascii=False), "<dict>")

    @staticmethod
    def default_source():
        """The embedded default policy's YAML text, with its comments."""
        return _c.wb_policy_default_source()

    def to_dict(self):
        """The canonical form as a dict in the policy file's format (money as yuan text)."""
        return json.loads(_c.wb_policy_to_json(self._handle()))

    @property
    def name(self):
        return _c.wb_policy_name(self._handle())

    @property
    def fingerprint(self):
        """SHA-256 of the canonical form (64 hex digits)."""
        return _c.wb_policy_fingerprint(self._handle())

    @property
    def sectors(self):
        h = self._handle()
        return [_c.wb_policy_sector_key(h, i) for i in range(_c.wb_policy_sector_count(h))]

    def evaluate(self, dataset, threads=0):
        """Judge every unit of dataset. threads: 0 automatic, 1 the calling thread."""
        _instance(dataset, Dataset, "dataset")
        if not isinstance(threads, int) or isinstance(threads, bool) or threads < 0:
            raise UsageError("threads must be an int >= 0")
        return Evaluation(_c.wb_evaluate(self._handle(), dataset._handle(), threads), self, dataset)

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
    __slots__ = ("_arrays",)

    def __init__(self, handle, arrays=None):
        self._h = handle
        self._arrays = arrays or []  # bound arrays: alive as long as the dataset object

    @classmethod
    def from_csv(cls, path, encoding=None, panel=None):
        """Read a wide CSV (id,name,sector,town[,committee], indicators...).

        encoding: None (auto: UTF-8, else GB18030), "utf-8", "gb18030", "gbk".
        panel: optional long CSV of judges' scores (unit,indicator,judge,value).
        """
        return cls(_c.wb_dataset_from_csv(_text(path, "path"), _text(encoding, "encoding", True),
                                          _text(panel, "panel", True)))

    @classmethod
    def from_records(cls, records):
        """From a list of dicts: id, name, sector, town (committee optional), and
        indicator values (numbers, bools, or None for missing)."""
        if not isinstance(records, (list, tuple)):
            raise UsageError(f"from_records takes a list of dicts, not {type(records).__name__}")
        h = _c.wb_dataset_new(len(records))
        columns = []
        for i, r in enumerate(records):
            if not isinstance(r, dict):
                raise UsageError(f"record {i + 1} must be a dict, not {type(r).__name__}")
            for key in ("id", "sector"):
                if not isinstance(r.get(key), str) or not r.get(key):
                    raise DataError(f"record {i + 1} needs a non-empty str '{key}'", row=i + 1, field=key)
            _c.wb_dataset_set_unit(h, i, r["id"], str(r.get("name", "")), r["sector"], str(r.get("town", "")),
                                   r.get("committee") and str(r["committee"]))
            for k, v in r.items():
                if k in _ROSTER:
                    continue
                if not isinstance(k, str):
                    raise UsageError(f"record {i + 1}: indicator names must be str")
                if k not in columns:
                    columns.append(k)
                _c.wb_dataset_set_value(h, i, k, _cell(v, i + 1, k))
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
        joined = {}
        for what, seq in seqs.items():
            items = [str(x) for x in seq]
            if any(_SEP in x for x in items):
                raise DataError(f"{what} contains the character U+001F")
            joined[what] = _SEP.join(items)
        h = _c.wb_dataset_new(n)
        _c.wb_dataset_set_units(h, joined["ids"], joined["names"], joined["sectors"], joined["towns"],
                                joined.get("committees"))
        kept = []
        for name, values in indicators.items():
            col = _float_column(values, n, name)
            kept.append(col)
            _c.wb_dataset_bind_column(h, name, _address(col))
        return cls(h, kept)

    def __len__(self):
        return _c.wb_dataset_count(self._handle())

    @property
    def ids(self):
        h = self._handle()
        return [_c.wb_dataset_unit_id(h, i) for i in range(_c.wb_dataset_count(h))]

    def value(self, unit_id, indicator):
        """A value as stored (None if missing)."""
        h = self._handle()
        i = _c.wb_dataset_find(h, _text(unit_id, "unit_id"))
        if i < 0:
            raise NotFoundError(f"no unit with id '{unit_id}'", unit=unit_id)
        return _number(_c.wb_dataset_value(h, i, _text(indicator, "indicator")))

    def __repr__(self):
        return "<wuhong.Dataset closed>" if self._h is None else f"<wuhong.Dataset {len(self)} units>"


def _float_column(values, n, name):
    if _np is not None:
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
    try:
        col = array.array("d", (math.nan if v is None else float(v) for v in values))
    except (TypeError, ValueError):
        raise DataError(f"indicator '{name}' must hold numbers", field=name) from None
    if len(col) != n:
        raise DataError(f"indicator '{name}' has {len(col)} values; expected {n}", field=name)
    return col


def _address(col):
    if _np is not None and isinstance(col, _np.ndarray):
        return col.ctypes.data
    return ctypes.addressof((ctypes.c_double * len(col)).from_buffer(col)) if len(col) else 0


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


def _explain(ev_handle, i, unit_id):
    x = _c.wb_explain(ev_handle, i)
    reasons = []
    for k in range(_c.wb_reason_count(x)):
        clauses = []
        for c in range(_c.wb_clause_count(x, k)):
            op = _c.wb_clause_op(x, k, c)
            clauses.append(Clause(text=_c.wb_clause_text(x, k, c), verdict=_VERDICTS[_c.wb_clause_verdict(x, k, c)],
                                  op=op, actual=_number(_c.wb_clause_actual(x, k, c)),
                                  threshold=_number(_c.wb_clause_threshold(x, k, c)) if op else None,
                                  indicator=_c.wb_clause_indicator(x, k, c), label=_c.wb_clause_label(x, k, c),
                                  unit=_c.wb_clause_unit(x, k, c)))
        reasons.append(Reason(kind="veto" if _c.wb_reason_is_veto(x, k) else "criterion",
                              key=_c.wb_reason_key(x, k), label=_c.wb_reason_label(x, k),
                              rule=_c.wb_reason_rule(x, k), verdict=_VERDICTS[_c.wb_reason_verdict(x, k)],
                              clauses=clauses))
    return Explanation(unit_id, _c.wb_explanation_text(x), reasons)


class UnitResult:
    """One unit's results. reasons is built when first read."""
    __slots__ = ("_ev", "index", "id", "name", "sector", "town", "committee", "flags", "flag_mask",
                 "missing_mask", "veto", "tier", "tier_name", "amount_fen", "_reasons")

    def __init__(self, ev, i):
        h, ds, p = ev._handle(), ev._ds_handle, ev._policy_handle
        self._ev, self.index = ev, i
        self.id = _c.wb_dataset_unit_id(ds, i)
        self.name = _c.wb_dataset_unit_name(ds, i)
        self.sector = _c.wb_policy_sector_key(p, _c.wb_sector(h, i))
        self.town = _c.wb_dataset_unit_town(ds, i)
        self.committee = _c.wb_dataset_unit_committee(ds, i)
        self.flags = _c.wb_flags(h, i)
        self.flag_mask = _mask(_c.wb_flag_mask(h, i))
        self.missing_mask = _mask(_c.wb_missing_mask(h, i))
        self.veto = _c.wb_veto_mask(h, i) != 0
        self.tier = _c.wb_tier(h, i)
        self.tier_name = _c.wb_policy_tier_name(p, self.tier)
        self.amount_fen = _c.wb_amount(h, i)
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


def _tally_rows(t):
    rows = []
    for k in range(_c.wb_tally_count(t) + 1):  # the last row is the total
        rows.append({"group": _c.wb_tally_group(t, k), "label": _c.wb_tally_label(t, k),
                     "units": _c.wb_tally_units(t, k), "tier5": _c.wb_tally_tier(t, k, 5),
                     "tier4": _c.wb_tally_tier(t, k, 4), "tier3": _c.wb_tally_tier(t, k, 3),
                     "none": _c.wb_tally_tier(t, k, 0), "vetoed": _c.wb_tally_vetoed(t, k),
                     "missing": _c.wb_tally_missing(t, k), "amount_fen": _c.wb_tally_amount(t, k)})
    return rows


def _grouping(by):
    if by not in _GROUPINGS:
        raise UsageError(f"by must be one of {', '.join(_GROUPINGS)}, not {by!r}")
    return _GROUPINGS[by]


class Evaluation(_Handle):
    """The results of one evaluation. Iterating yields a UnitResult per unit."""
    __slots__ = ("policy", "dataset", "_ds_handle", "_policy_handle")

    def __init__(self, handle, policy, dataset):
        self._h = handle
        # the Python objects keep bound arrays alive; the C handles stay
        # valid even if those objects are closed (the evaluation holds references)
        self.policy, self.dataset = policy, dataset
        self._ds_handle, self._policy_handle = dataset._h, policy._h

    def __len__(self):
        return _c.wb_evaluation_count(self._handle())

    def __iter__(self):
        for i in range(len(self)):
            yield UnitResult(self, i)

    def _index(self, unit_id):
        i = _c.wb_dataset_find(self._ds_handle, _text(unit_id, "unit_id"))
        if i < 0:
            raise NotFoundError(f"no unit with id '{unit_id}'", unit=unit_id)
        return i

    def unit(self, unit_id):
        """The UnitResult of one unit, by id."""
        self._handle()
        return UnitResult(self, self._index(unit_id))

    def explain(self, unit_id):
        """Every criterion's and veto's verdict for one unit, with actual values and thresholds."""
        return _explain(self._handle(), self._index(unit_id), unit_id)

    def tally(self, by="sector"):
        """Units by group and tier: a list of dicts, the total last. by: sector, town, committee, tier."""
        return _tally_rows(_c.wb_tally(self._handle(), _grouping(by)))

    def lists(self):
        """The red and black lists: {"red": [...], "black": [...]}, entries in order."""
        h, p, ds = self._handle(), self._policy_handle, self._ds_handle
        lists = _c.wb_lists(h)
        out = {}
        for kind, name in ((RED, "red"), (BLACK, "black")):
            keys = [_c.wb_policy_list_rule_key(p, kind, r) for r in range(_c.wb_policy_list_rule_count(p, kind))]
            entries = []
            for k in range(_c.wb_lists_count(lists, kind)):
                i = _c.wb_entry_unit(lists, kind, k)
                rules = _c.wb_entry_rules(lists, kind, k)
                entries.append({"list": name, "rank": _c.wb_entry_rank(lists, kind, k),
                                "id": _c.wb_dataset_unit_id(ds, i), "name": _c.wb_dataset_unit_name(ds, i),
                                "sector": _c.wb_policy_sector_key(p, _c.wb_sector(h, i)),
                                "town": _c.wb_dataset_unit_town(ds, i), "flags": _c.wb_flags(h, i),
                                "tier": _c.wb_tier(h, i), "rules": [key for r, key in enumerate(keys) if rules >> r & 1],
                                "reason": _c.wb_entry_reason(lists, kind, k)})
            out[name] = entries
        return out

    def awards(self, budget=None, adjustments=None):
        """Award money: the schedule, then adjustments, then the budget (yuan as
        int, str or Decimal; the policy refuses or scales when it is exceeded)."""
        adj = None if adjustments is None else _instance(adjustments, Adjustments, "adjustments")._handle()
        fen = -1 if budget is None else _to_fen(budget, "budget")
        return Awards(_c.wb_awards(self._handle(), adj, fen), self)

    def _column(self, which, ctype, dtype):
        h = self._handle()
        n = _c.wb_evaluation_count(h)
        if n == 0:
            return _np.zeros(0, dtype) if _np is not None else []
        buf = (ctype * n).from_address(_c.wb_evaluation_column(h, which))
        return _np.frombuffer(buf, dtype=dtype).copy() if _np is not None else list(buf)

    @property
    def tiers(self):
        """Tier of every unit (a numpy array when numpy is installed)."""
        return self._column(5, ctypes.c_uint8, "uint8")

    @property
    def flags(self):
        return self._column(0, ctypes.c_uint8, "uint8")

    @property
    def amounts_fen(self):
        return self._column(8, ctypes.c_int64, "int64")

    def to_records(self):
        """One dict per unit, the columns of `wuhong evaluate --format csv` (amount as Decimal yuan)."""
        return [u.to_record() for u in self]

    def to_dataframe(self):
        """The records as a pandas DataFrame (needs pandas)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_dataframe needs pandas (Debian: python3-pandas)") from None
        return pandas.DataFrame.from_records(self.to_records())

    def __repr__(self):
        return "<wuhong.Evaluation closed>" if self._h is None else f"<wuhong.Evaluation {len(self)} units>"


# ---- awards -------------------------------------------------------------------

class Adjustments(_Handle):
    """Per-unit award adjustments: bonuses, penalties and overrides, each with a reason."""
    __slots__ = ()

    def __init__(self, handle=None):
        self._h = handle if handle is not None else _c.wb_adjustments_new()

    @classmethod
    def from_csv(cls, path, encoding=None):
        """Read unit,kind,amount,reason,reference (amount in yuan)."""
        return cls(_c.wb_adjustments_load(_text(path, "path"), _text(encoding, "encoding", True)))

    def add(self, unit_id, kind, amount, reason, reference=""):
        """kind: "bonus", "override" or "penalty"; amount: yuan (int, str or Decimal)."""
        kinds = {"bonus": 0, "override": 1, "penalty": 2}
        if kind not in kinds:
            raise UsageError(f"kind must be 'bonus', 'override' or 'penalty', not {kind!r}")
        fen = _to_fen(amount, "amount")
        _c.wb_adjustments_add(self._handle(), _text(unit_id, "unit_id"), kinds[kind],
                              str(yuan(fen)), _text(reason, "reason"), _text(reference, "reference"))
        return self

    def __len__(self):
        return _c.wb_adjustments_count(self._handle())


class Awards(_Handle):
    """Award money for an evaluation. Iterating yields one dict per unit."""
    __slots__ = ("evaluation",)

    def __init__(self, handle, evaluation):
        self._h, self.evaluation = handle, evaluation

    def __len__(self):
        return _c.wb_awards_count(self._handle())

    def __iter__(self):
        h, ev = self._handle(), self.evaluation
        ev._handle()  # raises when the evaluation (whose results the rows read) is closed
        for i in range(_c.wb_awards_count(h)):
            fen = _c.wb_awards_amount(h, i)
            yield {"id": _c.wb_dataset_unit_id(ev._ds_handle, i), "name": _c.wb_dataset_unit_name(ev._ds_handle, i),
                   "sector": _c.wb_policy_sector_key(ev._policy_handle, _c.wb_sector(ev._h, i)),
                   "town": _c.wb_dataset_unit_town(ev._ds_handle, i), "tier": _c.wb_tier(ev._h, i),
                   "amount": yuan(fen), "amount_fen": fen, "unscaled_fen": _c.wb_awards_unscaled(h, i),
                   "reason": _c.wb_awards_reason(h, i)}

    def amount(self, unit_id):
        """One unit's final amount, Decimal yuan."""
        return yuan(_c.wb_awards_amount(self._handle(), self.evaluation._index(unit_id)))

    def reason(self, unit_id):
        return _c.wb_awards_reason(self._handle(), self.evaluation._index(unit_id))

    @property
    def total_fen(self):
        return _c.wb_awards_total(self._handle())

    @property
    def total(self):
        return yuan(self.total_fen)

    @property
    def unscaled_total_fen(self):
        return _c.wb_awards_unscaled_total(self._handle())

    @property
    def scaled(self):
        return bool(_c.wb_awards_scaled(self._handle()))

    @property
    def budget_fen(self):
        b = _c.wb_awards_budget(self._handle())
        return None if b < 0 else b

    def tally(self, by="sector"):
        """Units and final amounts by group: a list of dicts, the total last."""
        return _tally_rows(_c.wb_awards_tally(self._handle(), _grouping(by)))


# ---- what-if ------------------------------------------------------------------

class Diff(_Handle):
    """The units whose flags, tier or scheduled award differ under two policies."""
    __slots__ = ("policy_a", "policy_b", "dataset", "units")

    def __init__(self, handle, a, b, dataset):
        self._h, self.policy_a, self.policy_b, self.dataset = handle, a, b, dataset
        ds, p = dataset._h, a._h
        self.units = []
        for k in range(_c.wb_diff_count(handle)):
            i = _c.wb_diff_unit(handle, k)
            self.units.append({
                "id": _c.wb_dataset_unit_id(ds, i), "name": _c.wb_dataset_unit_name(ds, i),
                "sector": _c.wb_policy_sector_key(p, _c.wb_diff_sector(handle, k)),
                "town": _c.wb_dataset_unit_town(ds, i),
                "flags_a": _c.wb_diff_flags_a(handle, k), "flags_b": _c.wb_diff_flags_b(handle, k),
                "flag_mask_a": _mask(_c.wb_diff_mask_a(handle, k)), "flag_mask_b": _mask(_c.wb_diff_mask_b(handle, k)),
                "tier_a": _c.wb_diff_tier_a(handle, k), "tier_b": _c.wb_diff_tier_b(handle, k),
                "amount_a_fen": _c.wb_diff_amount_a(handle, k), "amount_b_fen": _c.wb_diff_amount_b(handle, k)})

    def __len__(self):
        return len(self.units)

    def __iter__(self):
        return iter(self.units)

    @property
    def total_a_fen(self):
        return _c.wb_diff_total_a(self._handle())

    @property
    def total_b_fen(self):
        return _c.wb_diff_total_b(self._handle())

    @property
    def delta_fen(self):
        """The budget delta: B's scheduled awards minus A's, fen."""
        return self.total_b_fen - self.total_a_fen

    def _groups(self, by):
        g = _c.wb_diff_groups(self._handle(), by)
        return [{"group": _c.wb_group_name(g, k), "label": _c.wb_group_label(g, k), "units": _c.wb_group_units(g, k),
                 "changed": _c.wb_group_changed(g, k), "lost": _c.wb_group_lost(g, k),
                 "gained": _c.wb_group_gained(g, k), "amount_a_fen": _c.wb_group_amount_a(g, k),
                 "amount_b_fen": _c.wb_group_amount_b(g, k),
                 "delta_fen": _c.wb_group_amount_b(g, k) - _c.wb_group_amount_a(g, k)}
                for k in range(_c.wb_groups_count(g))]

    def by_sector(self):
        return self._groups(0)

    def by_town(self):
        return self._groups(1)


def diff(policy_a, policy_b, dataset):
    """What-if: dataset under policy_a and policy_b (a wrapper of the C wuhong_diff)."""
    a = _instance(policy_a, Policy, "policy_a")
    b = _instance(policy_b, Policy, "policy_b")
    ds = _instance(dataset, Dataset, "dataset")
    return Diff(_c.wb_diff(a._handle(), b._handle(), ds._handle()), a, b, ds)


# ---- periods, decisions, the ledger -------------------------------------------

def _rows(r):
    """A wuhong_rows as a list of dicts, each value of its cell's type:
    int, float, str, or None (the types of wuhong/rows.h)."""
    names = [_c.wb_rows_name(r, c) for c in range(_c.wb_rows_columns(r))]
    read = {0: lambda r, k, c: None, 1: _c.wb_rows_int, 2: _c.wb_rows_double, 3: _c.wb_rows_cell}
    return [{name: read[_c.wb_rows_type(r, k, c)](r, k, c) for c, name in enumerate(names)}
            for k in range(_c.wb_rows_count(r))]


class Decisions(_Handle):
    """The standing committee's decisions (审定) for a period."""
    __slots__ = ()
    _KINDS = {"approve": 0, "refuse": 1, "merge": 2}

    def __init__(self, handle=None):
        self._h = handle if handle is not None else _c.wb_decisions_new()

    @classmethod
    def from_csv(cls, path, encoding=None):
        """Read unit,decision,by,reason[,into] (decision: approve, refuse or merge)."""
        return cls(_c.wb_decisions_load(_text(path, "path"), _text(encoding, "encoding", True)))

    def add(self, unit_id, decision, by, reason="", into=None):
        """decision: "approve", "refuse" or "merge" (with into, the successor's id)."""
        if decision not in self._KINDS:
            raise UsageError(f"decision must be approve, refuse or merge, not {decision!r}")
        _c.wb_decisions_add(self._handle(), _text(unit_id, "unit_id"), self._KINDS[decision], _text(by, "by"),
                            _text(reason, "reason"), _text(into, "into", True))
        return self

    def __len__(self):
        return _c.wb_decisions_count(self._handle())


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
        return sum(e["amount_fen"] or 0 for e in self.events)


class Ledger(_Handle):
    """The campaign's SQLite ledger: periods recorded whole, append-only."""
    __slots__ = ()

    def __init__(self, path, readonly=False):
        """Open (creating or migrating) the ledger at path; readonly=True opens an
        existing one for queries only."""
        self._h = _c.wb_ledger_open(_text(path, "path"), 1 if readonly else 0)

    def review(self, period, evaluation, decisions=None, supersede=False, adjustments=None):
        """Record a period ("YYYY" yearly review, "YYYY-MM" monthly assessment) for an Evaluation.

        decisions: committee Decisions; adjustments: Adjustments (bonuses and
        penalties are paid as events of their own, an override sets the amount
        of the award earned this period); supersede: replace a period recorded
        with other inputs (reversal payments undo what it paid)."""
        _instance(evaluation, Evaluation, "evaluation")
        dec = None if decisions is None else _instance(decisions, Decisions, "decisions")._handle()
        adj = None if adjustments is None else _instance(adjustments, Adjustments, "adjustments")._handle()
        result = _c.wb_review(self._handle(), _text(period, "period"), evaluation._handle(), dec, adj,
                              1 if supersede else 0)
        return Review(period, _rows(_c.wb_review_rows(result)), bool(_c.wb_review_replayed(result)))

    def _query(self, what, key=None):
        return _rows(_c.wb_ledger_query(self._handle(), what, key))

    def verify(self):
        """Check the file's integrity and every period's seal (a SHA-256 over its
        rows, chained to the one before). Returns the chain as dicts (period,
        revision, digest), oldest first; raises DataError naming the first period
        that does not match."""
        return _rows(_c.wb_ledger_verify(self._handle()))

    def periods(self):
        return self._query(0)

    def payments(self, period=None):
        return self._query(1, _text(period, "period", True))

    def totals(self):
        """Payments per year by kind (creation, promotion, review, clawback, adjustments, reversal), fen."""
        return self._query(2)

    def history(self, unit_id):
        """A unit's trail: events and the money with them."""
        return self._query(3, _text(unit_id, "unit_id"))

    def paid(self, unit_id):
        """Everything paid to a unit."""
        return self._query(4, _text(unit_id, "unit_id"))

    def boards(self, period):
        return self._query(5, _text(period, "period"))


def _review(self, ledger, period, dataset, decisions=None, supersede=False, threads=0, adjustments=None):
    """Evaluate dataset and record the period in ledger (see Ledger.review)."""
    return _instance(ledger, Ledger, "ledger").review(period, self.evaluate(dataset, threads), decisions, supersede,
                                                      adjustments)


Policy.review = _review


def rotation(policy, start, months=12, evaluation=None):
    """The townships to inspect month by month from start ("YYYY-MM"): round robin, or,
    with an evaluation, the black-listed first. A list of {period, town, why}."""
    _instance(policy, Policy, "policy")
    ev = None if evaluation is None else _instance(evaluation, Evaluation, "evaluation")._handle()
    if not isinstance(months, int) or isinstance(months, bool):
        raise UsageError("months must be an int")
    return _rows(_c.wb_rotation(policy._handle(), _text(start, "start"), months, ev))


def version():
    return _c.wb_version()


__all__ = ["Policy", "Dataset", "Evaluation", "UnitResult", "Explanation", "Reason", "Clause", "Adjustments",
           "Awards", "Diff", "diff", "yuan", "version", "Error", "Decisions", "Ledger", "Review", "rotation"]
