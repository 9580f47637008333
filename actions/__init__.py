"""What a person does, one function per action, shared by every front end (the chat in ``bot/``, the command
line in ``cli/``).

The contract of an action:

- it takes who acts (``actions.actor.Actor``) and what, already parsed (numbers, dates, a workbook's grid);
- it owns the action's rules: who may, which period is open, what is blank, what is too big;
- it runs in one transaction: applied whole, or nothing changed;
- it returns a result value, or raises ``actions.refusals.Refused`` (a rule said no: its ``reason`` and the
  values the front end needs to say why) or a reading error of ``reports`` (a file that cannot be read, a
  cell named); the front end renders them, from the catalogs;
- no Telegram, no words: what a person reads is the front end's.

Layers: bot | cli -> actions -> reports -> l10n -> storage (``pyproject.toml``, checked by import-linter).
"""
