# The command lines: python -m cli YEAR (cli/__main__.py) and
# python -m cli import|open-year|lock-year|plan|backup (cli/commands.py). Each command's help describes
# its own arguments only.

## Help

cli-description = Zvitbot: програми, звітні роки, плани, копії бази
cli-help-import = імпортувати програму зі звіту (.docx, .xlsx, або текст .txt/.csv: таблиця, скопійована з документа чи збережена з Excel)
cli-help-file = файл звіту
cli-help-directory = спершу завантажити до бази довідник підрозділів із цього файлу (TOML); без нього — довідник бази, а нових виконавців буде знайдено у файлі звіту
cli-help-dry-run = лише показати, що буде імпортовано
cli-help-open-year = відкрити рік для звітування
cli-help-lock-year = закрити рік
cli-help-open-year-year = рік, який відкрити для звітування, наприклад 2024
cli-help-lock-year-year = рік, який закрити (звіт за нього подано), наприклад 2023
cli-help-plan-year = рік плану, наприклад 2024
cli-help-program = номер або частина назви програми (коли їх кілька)
cli-help-deadline = кінцевий термін звітування, РРРР-ММ-ДД
cli-help-backup = узгоджена копія бази (можна під час роботи бота)
cli-help-backup-out = тека для копій; типово backups поруч із файлом бази
cli-help-keep = скільки найновіших копій залишити
cli-help-max-mb = скільки мегабайтів можуть займати копії разом (найстаріші видаляються першими, найновіша — ніколи)
cli-help-restore = повернути базу з резервної копії (бот має бути зупинений); поточна база лишається поруч як «…before-restore-ДАТА»
cli-help-restore-backup = файл копії, напр. data/backups/zvitbot-20261207-030000.sqlite3
cli-help-plan = плани на рік: аркуш плану (XLSX) для заповнення або застосування заповненого
cli-help-plan-out = записати аркуш плану на рік у цей файл
cli-help-plan-apply = застосувати заповнений аркуш плану з цього файлу
cli-help-plan-dry-run = з --apply: лише показати зміни, нічого не змінюючи
cli-help-db = файл бази даних; типово з налаштувань (DATABASE_PATH)

cli-report-description = Zvitbot: звіт у XLSX, DOCX або PDF
# $commands: the other commands, «import | open-year | …»
cli-report-epilog = Інші команди: python -m cli { $commands } (кожна з --help).
cli-help-out = куди записати звіт ({ $formats }, за розширенням); типово zvit-РІК.xlsx (zvit-2020-2025.xlsx)
# The positional argument of python -m cli (the report itself)
cli-help-report-year = звітний рік, наприклад 2023, або роки терміну програми для підсумкового звіту, наприклад 2020-2025
cli-help-at = звіти й плани станом на момент (за часом ради, TIMEZONE; типово київським), наприклад 2023-10-10 (кінець дня) або 2023-10-10T12:00

## Arguments that cannot be read

cli-bad-date = дата має бути у форматі РРРР-ММ-ДД, наприклад 2024-01-20: «{ $text }»
cli-bad-year = рік має бути числом, наприклад 2023, або роками, наприклад 2020-2025: «{ $text }»
cli-bad-moment = момент має бути у форматі РРРР-ММ-ДД або РРРР-ММ-ДДTГГ:ХХ: «{ $text }»

## Results

cli-backup-done = Копію бази збережено: { $path }
cli-restore-done = Базу { $path } відновлено з копії { $backup }.
cli-restore-previous = Попередню базу збережено поруч: { $path }
# $deadline: a date, or cli-no-deadline
cli-period-past-deadline = Увага: термін { $deadline } уже минув — нагадувань про цей рік не буде, а всі, хто ще не звітував, уже прострочили. Новий термін: python -m cli open-year { $year } --deadline РРРР-ММ-ДД.
cli-period-opened = Звітний { $year } рік програми «{ $program }» відкрито, кінцевий термін: { $deadline }.
cli-no-deadline = не встановлено
cli-period-locked = Звітний { $year } рік програми «{ $program }» закрито: виконавці більше не можуть змінювати звіти.
cli-report-done = Звіт записано: { $path }

## Which program

cli-no-program = У базі немає жодної програми. Спершу імпортуйте її: python -m cli import ФАЙЛ
# $choices: the programs, one cli-program-choice a line
cli-ambiguous-program =
    У базі кілька програм; вкажіть --program (номер або частину назви):
    { $choices }
cli-unknown-program =
    Програму «{ $query }» не знайдено. Є:
    { $choices }
cli-program-choice = {"  "}{ $id }: { $name }

## Errors

cli-error = Помилка: { $error }
cli-file-not-found = Помилка: файл не знайдено: { $path }
# $problem: backup-problem, worded
cli-backup-failed = Помилка: { $problem }
# $problem: database-problem, worded
cli-database-failed = Помилка: { $problem }

## python -m cli plan

cli-plan-written = Аркуш плану на { $year } рік програми «{ $program }» записано: { $path }. Заповніть жовті колонки і застосуйте: python -m cli plan { $year } --apply { $path }
cli-plan-dry-run = (--dry-run: нічого не змінено)
# Who acts from the command line: the author of a plan change in the history
cli-plan-author = командний рядок ({ $user })
