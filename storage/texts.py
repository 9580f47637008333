"""Everything the storage layer tells a person (command-line summaries), in Ukrainian."""

from __future__ import annotations

# CLI
CLI_PERIOD_OPENED = "Звітний {year} рік програми «{program}» відкрито, кінцевий термін: {deadline}."
CLI_NO_PROGRAM = "У базі немає жодної програми. Спершу імпортуйте її: python -m storage import ФАЙЛ"
CLI_AMBIGUOUS_PROGRAM = "У базі кілька програм; вкажіть --program (номер або частину назви):\n{choices}"
CLI_UNKNOWN_PROGRAM = "Програму «{query}» не знайдено. Є:\n{choices}"
CLI_PERIOD_LOCKED = (
    "Звітний {year} рік програми «{program}» закрито: виконавці більше не можуть змінювати звіти."
)
CLI_BACKUP_DONE = "Копію бази збережено: {path}"
