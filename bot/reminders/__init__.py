"""Reminders: the bot chases departments that still owe reports, politely, exactly once.

- ``rules``: the pure decision of who is due which reminder when (read its docstring for the rules);
- ``config``: the settings (a pydantic-settings mixin for ``bot.settings.Settings``);
- ``scheduling``: the JobQueue job and one run of it;
- ``delivery``: one reminder delivered exactly once (claim, send, record; 403s mark the person);
- ``rendering``: what a reminder and a digest say;
- ``mute``: the /mute command and its buttons.

Kept free of imports so that ``storage`` and the pure rules can be imported without Telegram.
"""
