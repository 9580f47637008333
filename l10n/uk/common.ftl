# Shared words and values. Counts select CLDR plural forms: [one] 1, 21; [few] 2-4, 22-24; [many] 5-20, 25.

value-not-given = —
# An amount with its unit (every amount is in thousand UAH)
money = { $value } тис. грн

# One person, two people: «1 особі», «2 особам», «5 особам».
people-dative = { $count ->
    [one] { $count } особі
    [few] { $count } особам
   *[other] { $count } особам
}
measures-count = { $count ->
    [one] { $count } захід
    [few] { $count } заходи
   *[other] { $count } заходів
}

# Why a number was refused ($reason: a storage.numbers.NumberReason value).
number-reason = { $reason ->
    [empty] порожньо
    [negative] від'ємне число
    [too_many_places] забагато знаків після коми (не більше трьох)
    [too_large] занадто велике число
    [out_of_range] відсоток має бути від 0 до 100
   *[not_a_number] це не число
}

# Why the database file was not opened or upgraded, for the operator (the command line, the bot's start):
# $problem: storage.db.DatabaseProblem; $path: the file; $detail: SQLite's words (for newer: the file's schema
# version); $known: the newest schema this program knows
database-problem = { $problem ->
    [not_sqlite] { $path } — не база даних SQLite (текстовий файл? пошкоджена копія?). Файл не змінено; вкажіть справжню базу (DATABASE_PATH або --db) або відновіть її з резервної копії
    [empty] файл { $path } порожній (0 байтів): це не база Zvitbot, а, мабуть, невдала копія. Відновіть базу з резервної копії або, щоб почати з порожньої, видаліть цей файл
    [folder] { $path } — тека, а не файл бази даних: вкажіть файл (DATABASE_PATH або --db), напр. data/zvitbot.sqlite3
    [damaged] база даних { $path } пошкоджена ({ $detail }). Відновіть її з резервної копії (README, розділ «Backups»)
    [foreign] { $path } — база даних іншої програми (таблиці: { $detail }), а не Zvitbot. Її не змінено; вкажіть базу Zvitbot (DATABASE_PATH або --db)
    [newer] базу даних { $path } створено новішою версією Zvitbot (схема { $detail }, ця версія знає до { $known }). Її не змінено: оновіть Zvitbot
    [full] на диску не вистачило місця для бази даних { $path }: незавершену зміну скасовано, база лишилася як була. Звільніть місце і повторіть
    [read_only] базу даних { $path } не можна записати (файл або тека лише для читання: { $detail })
    [busy] базу даних { $path } довго тримає інший процес; повторіть за хвилину
   *[failed] помилка бази даних { $path } ({ $detail }): нічого не змінено
}
# Why a copy of the database was not made ($problem: storage.backup.BackupProblem; $path: the database, the copy
# or its folder; $detail: SQLite's or the system's words)
backup-problem = { $problem ->
    [no_database] бази даних немає: { $path }
    [unreadable] базу даних { $path } не прочитано ({ $detail }): копію не зроблено. Відновіть базу з попередньої копії
    [full] на диску не вистачило місця для копії { $path }: її не збережено, база не змінилася. Звільніть місце або зменште BACKUP_KEEP чи BACKUP_MAX_MB
    [failed] копію { $path } не записано ({ $detail }): її не збережено, база не змінилася
    [in_use] базу даних { $path } відкрито в іншому процесі (бот працює?): зупиніть його (sudo systemctl stop zvitbot) і повторіть. Нічого не змінено
   *[integrity] копія бази не пройшла перевірку цілісності ({ $detail }), її не збережено
}
