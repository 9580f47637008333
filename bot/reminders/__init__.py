"""Reminders: the bot chases departments that still owe reports, politely, exactly once.

- ``rules``: the pure decision of who is due which reminder when (read its docstring for the rules);
- ``config``: the settings (a pydantic-settings mixin for ``bot.settings.Settings``);
- ``jobs``: the JobQueue job that sends them, and the /mute command.

Kept free of imports so that ``storage`` and the pure rules can be imported without Telegram.
"""
