"""``python -m bot``: run the bot (long polling, or a webhook when WEBHOOK_URL is set)."""

from __future__ import annotations

import sys

from pydantic import ValidationError
from telegram import Update

from bot.logs import setup_logging
from bot.settings import Settings, describe_error
from l10n import catalog, t


def main() -> int:
    # The shipped wordings while the settings are read (their errors are messages too); CATALOG_DIR after.
    catalog.configure()
    try:
        settings = Settings()  # type: ignore[call-arg]  # fields come from the environment
    except ValidationError as exc:
        print(t("settings-not-started", errors=describe_error(exc)), file=sys.stderr)
        return 2
    # The shipped wordings, with a city's own over them (CATALOG_DIR).
    catalog.configure(settings.catalog_dir)
    setup_logging(settings.bot_token.get_secret_value(), settings.log_level)
    from bot.app import build_application  # after logging is set up, so nothing logs the token first

    application = build_application(settings)
    if settings.webhook_url:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value() if settings.webhook_secret else None,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        # run_polling handles SIGINT and SIGTERM: it stops polling, finishes updates, runs post_shutdown.
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
