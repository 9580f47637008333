"""pytest fixtures for the fake Bot API.

Use them from a test module with ``from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401``
or, for the whole suite, ``pytest_plugins = ["tests.fakeapi.fixtures"]`` in the top-level
``tests/conftest.py``. The functions carry a ``_fixture`` suffix and register under the short name, so
that a test parameter ``fake_api`` does not shadow an imported name (ruff F811).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from .server import FakeBotApi

__all__ = ["fake_api_fixture"]


@pytest_asyncio.fixture(name="fake_api")
async def fake_api_fixture() -> AsyncIterator[FakeBotApi]:
    """A started FakeBotApi for one test; fails the test if the fake itself crashed while serving it."""
    fake = FakeBotApi()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    if fake.server_errors:
        pytest.fail("the fake Bot API crashed while serving the test:\n" + "\n".join(fake.server_errors))
