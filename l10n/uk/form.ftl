# The official report form (reports/): the annual report and the final report over the program's term, in
# every format (XLSX, DOCX, PDF), and the summary sheet of the workbook.
#
# The importer reads published documents by these same words: the title lines, the first column's title, the
# totals labels and the continuation label. A changed wording here changes what the writer prints and what
# the reader looks for at once. The wording follows the published report (the seed), typos included where
# the form has them, because the importer looks for the same texts in documents copied from the web.

form-sheet-title = Звіт

## The title block

form-title = Звіт
form-subtitle = про результати виконання
form-year-line = за { $year } рік
form-decision-line = Дата і номер рішення міської ради яким затверджено Програму №{ $decision_number } від { $decision_date }
form-term-line = Термін реалізації Програми { $term } роки
form-section-measures = 1. Виконання заходів

## The column titles, A..J (the importer finds the header row by the first one, «№ з/п»)

form-column-number = № з/п
form-column-task = Завдання
form-column-measure = Зміст заходів
form-column-term = Термін виконання
form-column-executors = Виконавці
form-column-plan = Річний обсяг фінансування тис. грн (план)
form-column-actual = Річний обсяг фінансування тис. грн (факт)
form-column-financed = Фактично профінансовано у звітному періоді тис. грн
form-column-percent = Відсоток виконання заходу %
form-column-info = Інформація про виконання

## The totals rows. The importer finds them by how their labels begin (lower case, as the form prints them),
## so that a special fund's label worded differently after «фонду» is still recognised: the special fund's
## label begins with form-total-special-start.

form-total-general = з загального фонду
form-total-special-start = з спеціального фонду
form-total-special = { form-total-special-start } та інших джерел фінансування

## What the importer recognises in a council's own form, which our writers never print

# The word before a task's number in a council's «№ з/п» column: «Завдання 1» is the task 1.
form-read-task-word = Завдання
# The amounts' unit in a council's head («грн» alone: hryvnias, divided by a thousand on import; «тис. грн»: the
# form's thousands). Only a word's beginning is looked for: «тис», «тисяч».
form-read-hryvnia = грн
form-read-thousand = тис
# How a council's own totals rows begin, parted by commas («Разом», «Всього по програмі», «Разом по завданню 1»):
# the importer checks their figures against the measures' rows (their task's, or all above them).
form-read-sum-labels = Разом, Всього, Усього, Підсумок
# The words of a council's own column titles, parted by commas (a title is the first column whose words it holds,
# tried as percent, financed, actual, plan, term, information, executors): its columns in another order, or
# columns of its own beside them («КПКВК», left out and named).
# How a council's rows of a measure's figures by source of funding begin, under the measure's row, parted by
# commas: their sums are the measure's figures where its row has none, else checked against them.
form-read-fund-labels = загальний фонд, спеціальний фонд, інші джерела, кошти загального фонду, кошти спеціального фонду, бюджет громади, місцевий бюджет, обласний бюджет, державний бюджет, у тому числі, в тому числі, у т.ч., в т.ч.
# How a note under a council's table begins, parted by commas: named in the import's warnings as not read, and never
# taken for the signature below it.
form-read-note-marks = Примітк, *, Довідково
form-read-column-measure = зміст, захід, заход
form-read-column-term = термін, строк
form-read-column-executors = виконав, відповідальн
form-read-column-plan = план, обсяг, передбачен
form-read-column-actual = факт
form-read-column-financed = профінансов, касов
form-read-column-percent = %, відсот
form-read-column-info = інформац, стан виконання, результат, примітк

# Column C of a row that carries the rest of a measure's too long information text (Excel's cell limit).
# It must never look like a measure cell («1.2. ...»), or a text importer would take it for one.
# $number: the measure's number, «1.2».
form-continuation = (продовження інформації про виконання заходу { $number })

# A line above a table continued on the next page, as ДСТУ 4163 has it («Продовження таблиці 1»): a line between
# the measures' rows that begins with it is read as nothing (a council's document, its copy as text).
form-table-continued = Продовження таблиці

# The number cell of a table row continued on the next page (issue 24: a row split at a page break carries its
# measure's number, so a reader of that page knows whose row it is). $number: «4.3», or a task's «4».
form-continued-number = { $number } (продовж.)

# Under the final report's table over the term: how its percents are computed.
form-term-percent-note = Примітка. Відсоток виконання заходу в рядку «Усього» є середнім його річних відсотків за роки терміну, на які заходу було заплановано фінансування; відсоток у рядках підсумків обчислено як фактично профінансовано ÷ план × 100 за весь термін.

# Every page's footer. $page: the page's number, $pages: the number of pages.
form-page-line = Сторінка { $page } з { $pages }

## The second sheet of the workbook: the report at a glance

form-summary-sheet-title = Підсумки
form-summary-title = Підсумки звіту за { $year } рік
form-summary-section-completeness = 1. Повнота звітування за підрозділами
form-summary-completeness-number = № з/п
form-summary-completeness-department = Підрозділ
form-summary-completeness-measures = Заходів на { $year } рік
form-summary-completeness-reported = Звіт подано
form-summary-completeness-missing = Звіт не подано
form-summary-completeness-share = Подано, %
form-summary-section-finance = 2. План і факт за завданнями, тис. грн
form-summary-finance-number = № з/п
form-summary-finance-task = Завдання
form-summary-finance-plan = План
form-summary-finance-actual = Факт
form-summary-finance-financed = Профінансовано
form-summary-total = Усього
form-chart-completeness-title = Частка поданих звітів за підрозділами
form-chart-completeness-x = Підрозділ
form-chart-completeness-y = Подано, %
form-chart-finance-title = План, факт і фінансування за завданнями
form-chart-finance-x = Завдання
form-chart-finance-y = тис. грн

## Choosing the report's file format by the file's extension (python -m cli ... --out FILE)

# $name: the file's name; $known: the known extensions, as form-formats-or gives them.
form-unknown-format = невідомий формат файлу «{ $name }»: звіт можна записати у файл { $known }
# $first: all the extensions but the last, separated by commas; $last: the last one.
form-formats-or = { $first } або { $last }

## The final report over the program's term (/report 2020-2025): the annual form's title and signature,
## one block of rows per measure, a row per year and the term's sum.

form-term-years-line = за { $first }-{ $last } роки
form-term-column-number = № з/п
form-term-column-measure = Зміст заходів
form-term-column-year = Рік
form-term-column-term = Термін виконання
form-term-column-executors = Виконавці
form-term-column-plan = Обсяг фінансування тис. грн (план)
form-term-column-actual = Обсяг фінансування тис. грн (факт)
form-term-column-financed = Фактично профінансовано тис. грн
form-term-column-percent = Відсоток виконання заходу %
form-term-column-info = Інформація про виконання
form-term-total = Усього
# Above the table when years of the term have neither plans nor reports (e.g. an imported 2021-2023 history).
# $years: those years, «2020, 2024, 2025».
form-term-years-left-out = Роки без планів і звітів ({ $years }) у звіті не показано.
