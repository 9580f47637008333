# Reading a workbook (reports/xlsx_reader.py): why a file cannot be read, and what to do about it.
# The limits are numbers: NUMBER(..., useGrouping: 1) prints them as «20 000».

workbook-empty-file = { import-empty-file }
workbook-not-zip = Не вдалося прочитати файл: це не книга Excel у форматі XLSX. Збережіть таблицю як «Книга Excel (*.xlsx)» і надішліть її ще раз.
workbook-not-workbook = Не вдалося прочитати файл: це ZIP-архів, але в ньому немає ні книги Excel, ні документа Word. Надішліть файл як «Книга Excel (*.xlsx)» або «Документ Word (*.docx)».
workbook-opendocument = Це файл формату OpenDocument (.ods чи .odt: так LibreOffice й OpenOffice зберігають за замовчуванням), а бот читає формат Microsoft Office. У LibreOffice виберіть «Файл → Зберегти як…», тип «Книга Excel 2007-365 (.xlsx)» (для документа — «Документ Word 2007-365 (.docx)»), і надішліть цей файл.
workbook-old-format = Не вдалося прочитати файл: це книга старого формату Excel 97–2003 (.xls). Відкрийте її в Excel, збережіть як «Книга Excel (*.xlsx)» і надішліть ще раз.
workbook-binary-format = Не вдалося прочитати файл: це двійкова книга Excel (.xlsb). Відкрийте її в Excel, збережіть як «Книга Excel (*.xlsx)» і надішліть ще раз.
workbook-encrypted = Не вдалося прочитати файл: книгу захищено паролем. Відкрийте її в Excel, зніміть пароль (Файл → Відомості → Захистити книгу → Зашифрувати за допомогою пароля, очистіть поле), збережіть і надішліть ще раз.
workbook-corrupt = Не вдалося прочитати файл: книга Excel пошкоджена або містить те, чого бот не розуміє. Відкрийте її в Excel, збережіть ще раз як «Книга Excel (*.xlsx)» і надішліть.
workbook-no-sheets = Не вдалося прочитати файл: у книзі немає жодного аркуша з клітинками.
workbook-empty = Не вдалося прочитати файл: перший аркуш книги («{ $sheet }») порожній. Бот читає звіт із першого аркуша.

workbook-too-many-parts = Не вдалося прочитати файл: він складається з понад { NUMBER($limit, useGrouping: 1) } частин, а книга зі звітом має їх кілька десятків.
workbook-part-too-big = Не вдалося прочитати файл: частина книги «{ $part }» після розпакування займає { $size } МБ, а бот читає частини не більші за { $limit } МБ.
workbook-cell-out-of-bounds = Клітинка { $cell } першого аркуша містить дані за межами таблиці звіту: бот читає лише перші { $columns } колонок (A–{ $last_column }) і { NUMBER($rows, useGrouping: 1) } рядків. Видаліть або перенесіть дані, що лежать поза цими межами, і надішліть файл ще раз.
workbook-too-many-cells = Перший аркуш містить понад { NUMBER($limit, useGrouping: 1) } записаних клітинок (разом із порожніми, що мають оформлення), а бот читає не більше { NUMBER($limit, useGrouping: 1) }. Видаліть зайві рядки й колонки поза таблицею звіту і надішліть файл ще раз.
workbook-too-many-rows = Перший аркуш містить понад { NUMBER($limit, useGrouping: 1) } записаних рядків (разом із порожніми, що мають оформлення), а бот читає не більше { NUMBER($limit, useGrouping: 1) }. Видаліть зайві рядки під таблицею звіту і надішліть файл ще раз.
workbook-too-complex = Не вдалося прочитати файл: розмітка аркуша містить понад { NUMBER($limit, useGrouping: 1) } елементів, а бот читає не більше { NUMBER($limit, useGrouping: 1) }. Скопіюйте таблицю звіту на новий аркуш нової книги і надішліть її.
workbook-too-many-merges = Перший аркуш містить понад { NUMBER($limit, useGrouping: 1) } об'єднаних діапазонів клітинок, а бот читає не більше { NUMBER($limit, useGrouping: 1) }.
workbook-too-many-strings = Книга містить понад { NUMBER($limit, useGrouping: 1) } різних текстів у клітинках, а бот читає не більше { NUMBER($limit, useGrouping: 1) }. Видаліть зайві аркуші й надішліть лише звіт.
workbook-too-much-text = Книга містить понад { NUMBER($limit, useGrouping: 1) } символів тексту, а бот читає не більше { NUMBER($limit, useGrouping: 1) }. Видаліть зайві аркуші й надішліть лише звіт.

# Formulas without a value to read: none computed (a script wrote the file) or an error.
# $cells: the first few cells, each «F12 (=SUM(F5:F11))», then «і ще 3 клітинки»; $count: all of them.
workbook-formulas = { $count ->
    [1] Клітинка { $cells } містить формулу без обчисленого значення
   *[other] Клітинки { $cells } містять формули без обчислених значень
} (файл записала програма, що не обчислює формул, або формула дає помилку). Відкрийте файл в Excel чи LibreOffice Calc, виправте помилки й збережіть його — або вставте значення замість формул: виділіть таблицю, «Копіювати», потім «Вставити спеціальне → Значення», збережіть і надішліть ще раз.
workbook-formula-cell = { $cell } ({ $formula })
workbook-formula-cell-bare = { $cell }
workbook-formulas-more = { $count ->
    [one] і ще { $count } клітинка
    [few] і ще { $count } клітинки
   *[other] і ще { $count } клітинок
}
