"""What keeps a write from being played twice, and a download link from outliving its moment (in memory: the
bot's one process serves the Mini App)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections import OrderedDict
from collections.abc import Callable

NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_NONCES = 100_000


class Nonces:
    """Every write carries a fresh nonce; one seen within ``ttl`` seconds (at least the age ``initData`` may
    have, so that no captured request is played again while its ``initData`` is still good) is refused."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.time) -> None:
        self.ttl = ttl
        self.clock = clock
        self._seen: OrderedDict[tuple[int, str], float] = OrderedDict()

    def claim(self, user_id: int, nonce: object) -> bool:
        """True the first time (the write may go on); False for a repeat or a malformed nonce."""
        if not isinstance(nonce, str) or not NONCE.match(nonce):
            return False
        now = self.clock()
        while self._seen and (
            next(iter(self._seen.values())) < now - self.ttl or len(self._seen) > MAX_NONCES
        ):
            self._seen.popitem(last=False)
        key = (user_id, nonce)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True


class Links:
    """Signed download links: a path and a person, good for ``ttl`` seconds (Telegram's ``downloadFile`` and a
    plain link carry no headers, so no ``initData``)."""

    def __init__(self, secret: bytes, ttl: float = 300, clock: Callable[[], float] = time.time) -> None:
        self.secret = hashlib.sha256(b"zvitbot-webapp-links" + secret).digest()
        self.ttl = ttl
        self.clock = clock

    def make(self, user_id: int, path: str) -> str:
        payload = f"{user_id}|{int(self.clock() + self.ttl)}|{path}".encode()
        mac = hmac.new(self.secret, payload, hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + mac.hex()

    def read(self, token: str) -> tuple[int, str] | None:
        """The person and the path, or None: forged, malformed or expired."""
        try:
            encoded, mac = token.split(".", 1)
            payload = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            expected = hmac.new(self.secret, payload, hashlib.sha256).digest()[:16]
            if not hmac.compare_digest(expected.hex(), mac):
                return None
            user, until, path = payload.decode().split("|", 2)
            if int(until) < self.clock():
                return None
            return int(user), path
        except (ValueError, UnicodeDecodeError):
            return None
