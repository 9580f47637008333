"""The command line, a front end beside the chat (``python -m cli``): it parses, calls the same actions the bot
calls (``actions/``), and prints what they return, from the catalogs (``l10n/uk/cli.ftl``)."""
