"""Telegram-style error answers: the exception a method handler raises, and Telegram's stock descriptions."""

from __future__ import annotations

from http import HTTPStatus

from .records import JsonDict

__all__ = ["NOT_MODIFIED", "ApiError", "default_description"]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_DESCRIPTIONS = {
    400: "Bad Request: injected failure",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def default_description(status: int) -> str:
    """What Telegram (or the nginx in front of it) says with this status when nothing more specific."""
    return _DESCRIPTIONS.get(status) or HTTPStatus(status).phrase


class ApiError(Exception):
    """Raised inside a method handler to answer with a Telegram-style error."""

    def __init__(self, status: int, description: str, parameters: JsonDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    @classmethod
    def bad_request(cls, description: str) -> ApiError:
        return cls(400, f"Bad Request: {description}")
