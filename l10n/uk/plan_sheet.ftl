# The plan sheet made to be read and printed (issue 24, point 7; reports/plan_sheet.py). The reader skips the
# rows written with these labels: a task's row begins with what plan-sheet-task-row puts before its number,
# and the totals row is plan-sheet-totals-row exactly.

# A task's row above its measures. $number: «1», $text: the task's text
plan-sheet-task-row = Завдання { $number }. { $text }
# The totals row under the table: sums of the sheet as it was sent; the bot computes the totals of what it reads
plan-sheet-totals-row = Разом за фондами, як надіслано (бот перерахує суми з ваших чисел)

# Excel's check of what is typed into a yellow cell (data validation)
plan-sheet-check-title = План, тис. грн
plan-sheet-check-prompt = Число не менше 0, не більше одного знака після коми. Порожньо — план не встановлено.
plan-sheet-check-error = Тут має бути число не менше 0 з не більше ніж одним знаком після коми (тис. грн), наприклад 12,5. Порожня клітинка — план не встановлено.
