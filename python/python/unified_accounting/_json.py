"""Python values to exact JSON text, and JSON text to Python values that keep money exact.

A record given as a ``dict`` is written as JSON text before Rust reads it. Numbers keep their
exact value: ``int`` and :class:`decimal.Decimal` are written as they are; a ``float`` is written
only when it is *provably* what a JSON text said. ``json.loads`` turns the text ``12.34`` into the
float nearest to it, and ``repr`` gives back the shortest text that turns into the same float; when
that text has at most 15 significant digits it is the text that was parsed (every decimal of at
most 15 digits survives a round trip through a float), so ``Decimal(repr(x))`` is the amount that
was meant. A float with more digits (``0.1 + 0.2`` is ``0.30000000000000004``) is not money anyone
wrote: it is refused with a :class:`DecodeError` naming its field, since no rounding is chosen on
the user's behalf. Pass ``Decimal`` (``json.loads(text, parse_float=Decimal)``) to avoid the
question altogether.

Reading back, every number with a fraction or an exponent becomes a ``Decimal`` and every integer
an ``int``: never a float.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._errors import DecodeError

__all__ = ["to_json_text", "from_json_text", "MAX_EXACT_FLOAT_DIGITS"]

#: The most significant digits a float may show (in its shortest ``repr``) and still be taken as
#: the decimal text it was parsed from.
MAX_EXACT_FLOAT_DIGITS = 15

_escape = json.JSONEncoder(ensure_ascii=False).encode


def from_json_text(text: str | bytes) -> Any:
    """Parses JSON text with every non-integer number as a :class:`~decimal.Decimal`."""
    return json.loads(text, parse_float=Decimal)


def to_json_text(value: Any, *, exact_floats: bool = True) -> str:
    """Writes ``value`` (dicts, lists, tuples, str, int, Decimal, float, bool, None) as JSON text.

    With ``exact_floats`` (the default) a float that is not provably its decimal text is refused;
    without it a float is written as its shortest ``repr`` (for validating documents, where no
    money is computed).

    Raises :class:`DecodeError` (``kind`` ``inexact_float`` or ``not_json``) with the JSON Pointer
    of the value at fault.
    """
    parts: list[str] = []
    _write(value, "", parts, exact_floats)
    return "".join(parts)


def _pointer_token(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _write(value: Any, path: str, out: list[str], exact_floats: bool) -> None:
    # bool before int: True is an int in Python.
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_escape(value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _not_json(path, f"the Decimal {value} is not a JSON number")
        out.append(str(value))
    elif isinstance(value, float):
        out.append(_float_text(value, path, exact_floats))
    elif isinstance(value, Mapping):
        out.append("{")
        for position, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise _not_json(path, f"the key {key!r} is not a string; JSON object keys are strings")
            if position:
                out.append(",")
            out.append(_escape(key))
            out.append(":")
            _write(item, f"{path}/{_pointer_token(key)}", out, exact_floats)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, f"{path}/{index}", out, exact_floats)
        out.append("]")
    else:
        raise _not_json(
            path,
            f"a {type(value).__name__} has no JSON form; pass dicts, lists, str, int, Decimal, bool or None",
        )


def _float_text(value: float, path: str, exact_floats: bool) -> str:
    if not math.isfinite(value):
        raise _not_json(path, f"the float {value!r} is not a JSON number")
    text = repr(value)
    if exact_floats and significant_digits(text) > MAX_EXACT_FLOAT_DIGITS:
        raise DecodeError(
            f"{path or '(document root)'}: the float {text} has {significant_digits(text)} significant "
            f"digits, more than the {MAX_EXACT_FLOAT_DIGITS} a float keeps exactly, so it is not "
            "provably the amount the JSON text said; pass a decimal.Decimal (json.loads(text, "
            "parse_float=Decimal)) or an int",
            path=path,
            kind="inexact_float",
        )
    return text


def significant_digits(text: str) -> int:
    """The significant digits of a float's ``repr`` (``'0.30000000000000004'`` has 17)."""
    mantissa = text.lstrip("-").split("e")[0].split("E")[0]
    digits = mantissa.replace(".", "").lstrip("0").rstrip("0")
    return max(len(digits), 1)


def _not_json(path: str, message: str) -> DecodeError:
    return DecodeError(f"{path or '(document root)'}: {message}", path=path, kind="not_json")
