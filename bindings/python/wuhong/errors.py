"""wuhong.errors — the exceptions of the Python binding.

Every failure of the library is a :class:`wuhong.Error`; the subclass tells
the kind, and the attributes say where (file, line, column for policy
text; file, row, column and unit for data).
"""

# status codes of <wuhong/error.h>
ENOMEM, EINVAL, EPOLICY, ERULE, EDATA, EIO, EOVERFLOW, ENOTFOUND, EBUDGET = (
    -1, -2, -3, -4, -5, -6, -7, -8, -9)


class Error(Exception):
    """A libwuhong error. Attributes: code, message, file, line, column,
    row, unit, field, excerpt (empty or 0 where they do not apply)."""

    def __init__(self, message, code=EINVAL, file="", line=0, column=0, row=0, unit="", field="",
                 excerpt="", text=None):
        self.message, self.code = message, code
        self.file, self.line, self.column, self.row = file, line, column, row
        self.unit, self.field, self.excerpt = unit, field, excerpt
        # the library's own text (wuhong_error_format) for its errors; these of Python's name the unit
        self._formatted = text if text is not None else (f"unit {unit}: " if unit else "") + message
        super().__init__(self._formatted)

    def _text(self):
        return self._formatted


class PolicyError(Error):
    """The policy is invalid (file, line, column say where)."""


class RuleError(PolicyError):
    """A rule expression does not compile (file, line, column, excerpt)."""


class DataError(Error):
    """The data is invalid (file, row, column, unit say where)."""


class FileError(Error, OSError):
    """A file could not be read or written."""


class BudgetError(Error):
    """The awards exceed the budget and the policy refuses to scale."""


class AmountError(Error, OverflowError):
    """An amount or a total is beyond the range the library accepts."""


class NotFoundError(Error, KeyError):
    """No such unit, key or name."""

    def __str__(self):  # KeyError would quote the message
        return self._text()


class UsageError(Error, TypeError):
    """A wrong argument: a wrong type, None where a value is needed."""


class ClosedError(Error, ValueError):
    """The object was closed."""


class OutOfMemoryError(Error, MemoryError):
    """The library ran out of memory."""


_CLASSES = {EPOLICY: PolicyError, ERULE: RuleError, EDATA: DataError, EIO: FileError,
            EBUDGET: BudgetError, EOVERFLOW: AmountError, ENOTFOUND: NotFoundError,
            EINVAL: UsageError, ENOMEM: OutOfMemoryError}


def _from_error(r):
    """The exception for a wuhong_error the library handed back (a problems list's), not raised."""
    cls = _CLASSES.get(r.code, Error)
    return cls(r.message, code=r.code, file=r.file, line=r.line, column=r.column, row=r.row, unit=r.unit,
               field=r.field, excerpt=r.excerpt, text=r.text())


def _from_record(code, message, line, column, row, file, unit, field, excerpt, formatted):
    """Build the exception for an error record and its text (called by the C extension)."""
    text = [s.decode("utf-8", "replace") for s in (message, file, unit, field, excerpt, formatted)]
    cls = _CLASSES.get(code, Error)
    return cls(text[0], code=code, file=text[1], line=line, column=column, row=row, unit=text[2],
               field=text[3], excerpt=text[4], text=text[5])
