"""What a person reads, and how: message catalogs (Fluent), numbers, dates and times in Ukrainian.

The one home for wording and for how a value is shown to a person. It sits between reports/ and storage/:
bot and reports use it; storage never renders text.
"""

from l10n.catalog import configure, has_message, message_ids, t

__all__ = ["configure", "has_message", "message_ids", "t"]
