"""The actions layer's contracts: every refusal has its words, with exactly the details it carries."""

from __future__ import annotations

import pytest

from actions.refusals import DETAILS, Reason, Refused
from l10n import t
from l10n.catalog import message_ids


@pytest.mark.parametrize("front", ["chat", "cli", "webapp"])
@pytest.mark.parametrize("reason", list(Reason))
def test_every_refusal_has_its_message_using_only_its_details(reason: Reason, front: str) -> None:
    message_id = f"refused-{reason.value}"
    assert message_id in message_ids()
    # The catalog is strict in the tests: a variable the refusal does not carry is an error here.
    text = t(message_id, front=front, **{name: f"«{name}»" for name in DETAILS[reason]})
    assert text and "{" not in text


def test_a_refusal_must_carry_its_details() -> None:
    with pytest.raises(TypeError):
        Refused(Reason.YEAR_LOCKED)
    assert Refused(Reason.YEAR_LOCKED, year=2024).details == {"year": 2024}
