"""Domain errors of the text pipeline, each with a stable machine-readable code.

The codes are a public contract (the service turns them into HTTP errors and the
README lists them); change a message freely, never a code.
"""

from __future__ import annotations

import re
from typing import Any


class TousuError(Exception):
    """Base class of every error tousu reports to a user; carries a stable ``code``."""

    code: str = "tousu_error"

    def __init__(self, message: str, *, details: dict[str, Any] | list[Any] | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        if code:
            self.code = code

    def to_dict(self) -> dict[str, Any]:
        """Returns the error as the ``{"code", "message", "details"}`` envelope body."""
        return {"code": self.code, "message": self.message, "details": self.details}


class InvalidTextError(TousuError, ValueError):
    """A complaint text that cannot be graded (empty, too long, not Chinese, bad bytes)."""

    code = "invalid_text"


class EmptyTextError(InvalidTextError):
    code = "empty_text"


class TextTooLongError(InvalidTextError):
    code = "text_too_long"


class InvalidEncodingError(InvalidTextError):
    code = "invalid_utf8"


class NotChineseError(InvalidTextError):
    code = "not_chinese"


class ResourceError(TousuError):
    """A shipped resource (lexicon, user dictionary) is missing or malformed."""

    code = "resource_invalid"


class PolicyError(TousuError, ValueError):
    """The policy file is missing, malformed or inconsistent."""

    code = "policy_invalid"


class ReceivedAtError(TousuError, ValueError):
    """A receipt time that cannot start a complaint's deadlines."""

    code = "invalid_received_at"


class ReceivedAtOutOfRange(ReceivedAtError):
    code = "received_at_out_of_range"


class ReceivedAtInFuture(ReceivedAtError):
    code = "received_at_in_future"


def redact_url(url: str) -> str:
    """Returns a URL fit for a message or a log: any password replaced by ``***``."""
    return re.sub(r"(?<=://)([^:/@\s]*):[^@\s]*@", r"\1:***@", url)
