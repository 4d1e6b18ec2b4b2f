"""Input types every request schema shares: text that the store can keep, ids of the right shape.

PostgreSQL cannot store a NUL character in text, and a lone UTF-16 surrogate cannot be
encoded at all; both used to reach the store and fail there with a 500 (and the database
error carried the values into the log). They are refused at the door instead, each with
its own stable code (``nul_character``, ``invalid_utf8``), and no value is echoed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

#: The error types that are answered with their own code instead of ``validation_error``.
TEXT_ERROR_CODES = ("nul_character", "invalid_utf8")


def storable_text(value: str) -> str:
    """Returns ``value`` when the store can keep it; raises a coded validation error otherwise."""
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "The text holds a NUL character (\\u0000); remove it.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("invalid_utf8", "The text holds a character that is not valid UTF-8 "
                                                  "(a lone surrogate); send UTF-8 text.") from None
    return value


#: Free text from a request that will be stored or compared with stored values.
StorableText = Annotated[str, AfterValidator(storable_text)]
#: A complaint's id (22 hex digits, ``service.new_id``); other letters and digits are simply
#: not found (404), while characters no id holds (NUL, spaces, punctuation) are a 422.
ComplaintId = Annotated[str, Path(pattern=r"^[0-9A-Za-z_-]{1,64}$", description="a complaint id")]
#: A department name in a query.
DepartmentQuery = Annotated[str | None, Query(max_length=32, description="lead department"),
                            AfterValidator(lambda v: storable_text(v) if v is not None else v)]
#: A search term (ticket number, phone, account or name).
SearchQuery = Annotated[str | None, Query(max_length=128, description="ticket number, phone, account or name (exact)"),
                        AfterValidator(lambda v: storable_text(v) if v is not None else v)]
