"""wuhong — rules of a "Five Red Flags" (五面红旗) campaign, evaluated by libwuhong.

    import wuhong
    policy = wuhong.Policy.default()
    ev = policy.evaluate(wuhong.Dataset.from_csv("examples/data/jiangxian.csv"))
    for unit in ev:
        print(unit.id, unit.name, unit.tier)

See docs/python.md.
"""
from .api import (Adjustments, Applications, Awards, Clause, Dataset, Decisions, Diff, Evaluation, Explanation, Ledger, Policy,
                  PolicyBuilder, Reason, Review, Rule, UnitResult, diff, rotation, version, yuan)
from .errors import (AmountError, BudgetError, ClosedError, DataError, Error, FileError, NotFoundError,
                     OutOfMemoryError, PolicyError, RuleError, UsageError)

__version__ = version()

__all__ = ["Policy", "PolicyBuilder", "Rule", "Dataset", "Evaluation", "UnitResult", "Explanation", "Reason", "Clause", "Adjustments",
           "Awards", "Diff", "diff", "yuan", "version", "Decisions", "Applications", "Ledger", "Review", "rotation", "Error", "PolicyError", "RuleError", "DataError",
           "FileError", "BudgetError", "AmountError", "NotFoundError", "UsageError", "ClosedError",
           "OutOfMemoryError"]
