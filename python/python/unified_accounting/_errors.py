"""The package's exceptions.

Every failure to read or map a record is a :class:`UnifiedAccountingError`, a :class:`ValueError`
that says *where* (``path``, the JSON Pointer of the field at fault, ``""`` for the whole
document), *what* (``kind``, stable snake_case names listed in :class:`ErrorKind`) and *what to
do next* (the message, and ``hint`` when a keyword argument answers it). Two subclasses tell
the layers apart, as the Rust library's ``Error`` does:

- :class:`DecodeError`: the input is not JSON of the expected shape (``kind`` is ``syntax``,
  ``truncated`` or ``data``; ``line`` and ``column`` locate it in the text), or a Python value
  cannot be written as exact JSON (``kind`` ``inexact_float`` or ``not_json``).
- :class:`MappingError`: the input was read but cannot be mapped (``kind`` is the Rust
  ``MappingErrorKind``: ``over_allocated``, ``option_needed``, ...; ``category``
  ``invalid_output`` for an output that broke its schema, a bug to report).

The exceptions pickle with every attribute, so they cross process boundaries (Dask workers).
"""

from __future__ import annotations

import enum

from . import _native

__all__ = ["DecodeError", "ErrorKind", "MappingError", "UnifiedAccountingError"]

_MAPPING_KINDS, _DECODE_KINDS = _native.error_kinds()

#: Kinds raised by this package's own input layer (Python values to JSON text), not by Rust.
_PYTHON_INPUT_KINDS = ("inexact_float", "not_json")

ErrorKind = enum.Enum(  # type: ignore[misc]
    "ErrorKind",
    [(name.upper(), name) for name in (*_MAPPING_KINDS, *_DECODE_KINDS, *_PYTHON_INPUT_KINDS)],
    type=str,
    module=__name__,
)
ErrorKind.__doc__ = """Every ``kind`` an error can have: the Rust library's mapping and decode kinds and the
Python input layer's. A ``str`` enum, so ``error.kind == "over_allocated"`` and
``error.kind is ErrorKind.OVER_ALLOCATED`` both hold."""


class UnifiedAccountingError(ValueError):
    """A record could not be read or mapped. See the module documentation."""

    path: str
    kind: ErrorKind
    category: str
    hint: str | None

    def __init__(
        self,
        message: str,
        *,
        path: str,
        kind: str,
        category: str,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.kind = ErrorKind(kind)
        self.category = category
        self.hint = hint

    def _fields(self) -> dict[str, object]:
        return {
            "path": self.path,
            "kind": self.kind.value,
            "category": self.category,
            "hint": self.hint,
        }

    def __reduce__(self):  # keyword-only arguments: pickle rebuilds through a helper
        return (_rebuild, (type(self), self.message, self._fields()))

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} ({self.hint})"
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, path={self.path!r}, kind={self.kind.value!r})"


class DecodeError(UnifiedAccountingError):
    """The input is not JSON of the expected shape, or not exactly representable as JSON."""

    line: int | None
    column: int | None

    def __init__(
        self,
        message: str,
        *,
        path: str,
        kind: str,
        category: str = "decode",
        hint: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, path=path, kind=kind, category=category, hint=hint)
        self.line = line
        self.column = column

    def _fields(self) -> dict[str, object]:
        return {**super()._fields(), "line": self.line, "column": self.column}


class MappingError(UnifiedAccountingError):
    """The input was read but cannot be mapped; the message says what the field must hold."""


def _rebuild(cls: type[UnifiedAccountingError], message: str, fields: dict) -> UnifiedAccountingError:
    return cls(message, **fields)
