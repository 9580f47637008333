"""Telegram's initData check, as Telegram specifies it for Mini Apps (webapp/initdata.py)."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import urlencode

import pytest

from webapp.initdata import InitDataError, Problem, check_init_data

TOKEN = "123456:" + "A" * 35
NOW = 1_800_000_000.0
DAY = 24 * 3600


def signed(token: str = TOKEN, **fields: str) -> dict[str, str]:
    """Signed the way Telegram documents it, written out here apart from the module under test."""
    values = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(
            {"id": 279058397, "first_name": "Оксана", "last_name": "Коваль"}, ensure_ascii=False
        ),
        "auth_date": str(int(NOW) - 60),
        **fields,
    }
    check = "\n".join(f"{k}={values[k]}" for k in sorted(values))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    values["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return values


def check(raw: str | None, token: str = TOKEN, max_age: float = DAY):  # type: ignore[no-untyped-def]
    return check_init_data(raw, token, now=NOW, max_age=max_age)


def problem(raw: str | None, **kw: object) -> Problem:
    with pytest.raises(InitDataError) as caught:
        check(raw, **kw)  # type: ignore[arg-type]
    return caught.value.problem


def test_valid() -> None:
    user = check(urlencode(signed()))
    assert (user.user_id, user.name, user.auth_date) == (279058397, "Оксана Коваль", int(NOW) - 60)


def test_a_tampered_field_is_forged() -> None:
    fields = signed()
    fields["user"] = fields["user"].replace("279058397", "279058398")
    assert problem(urlencode(fields)) is Problem.FORGED
    assert problem(urlencode({**signed(), "auth_date": str(int(NOW))})) is Problem.FORGED
    assert problem(urlencode({**signed(), "extra": "1"})) is Problem.FORGED


def test_wrong_token() -> None:
    assert problem(urlencode(signed(token="654321:" + "B" * 35))) is Problem.FORGED
    assert problem(urlencode(signed()), token="654321:" + "B" * 35) is Problem.FORGED


def test_expired_and_from_the_future() -> None:
    old = urlencode(signed(auth_date=str(int(NOW - DAY - 1))))
    assert problem(old) is Problem.EXPIRED
    assert check(old, max_age=2 * DAY).user_id == 279058397  # the bound is the setting's
    assert problem(urlencode(signed(auth_date=str(int(NOW + 3600))))) is Problem.EXPIRED


def test_missing_hash_and_missing_data() -> None:
    fields = signed()
    del fields["hash"]
    assert problem(urlencode(fields)) is Problem.NO_HASH
    assert problem("") is Problem.MISSING
    assert problem(None) is Problem.MISSING


@pytest.mark.parametrize("raw", ["%%%", "a=1&a=2", "x" * 9000, "hash"])
def test_malformed(raw: str) -> None:
    assert problem(raw) in (Problem.MALFORMED, Problem.NO_HASH)


def test_a_signed_field_twice_is_malformed() -> None:
    raw = urlencode(signed()) + "&auth_date=1"
    assert problem(raw) is Problem.MALFORMED


@pytest.mark.parametrize(
    "fields",
    [
        {"auth_date": "9" * 400},  # an int() reads it; comparing it with a float overflowed (a 500)
        {"auth_date": " " + str(int(NOW))},  # int() forgives the space
        {"auth_date": "".join(chr(0x0660 + int(d)) for d in str(int(NOW)))},  # and Arabic-Indic digits
        {"user": json.dumps({"id": 10**30, "first_name": "Оксана"})},  # beyond SQLite's INTEGER (a 500)
        {"user": json.dumps({"id": 2**63, "first_name": "Оксана"})},
    ],
    ids=[
        "auth-date-400-digits",
        "auth-date-space",
        "auth-date-arabic-digits",
        "user-id-1e30",
        "user-id-2e63",
    ],
)
def test_a_signed_value_out_of_telegrams_form_is_malformed(fields: dict[str, str]) -> None:
    """Signed, so only Telegram (or the token's holder) could send them: still refused, never a failure."""
    assert problem(urlencode(signed(**fields))) is Problem.MALFORMED
