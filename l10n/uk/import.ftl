# Import of a program from its report file (reports/importer.py, reports/report_parser.py):
# errors that reject the file, warnings a person should look at, the summary.

## Where an error is. $message is one of the import-* errors below.

import-at = Рядок { $line }, колонка { $column }: { $message }
import-at-line = Рядок { $line }: { $message }

## Errors: the file is rejected as a whole.

import-empty-file = Файл порожній.
import-too-long = Файл задовгий для звіту програми: { NUMBER($lines, useGrouping: 1) } { $lines ->
        [one] рядок
        [few] рядки
       *[many] рядків
    }, а звіт має щонайбільше { NUMBER($limit, useGrouping: 1) }. Перевірте, що надіслано звіт у формі програми, а не інший файл.
# A row of a CSV parted into more cells than the table's row of column numbers. $cells, $width: counts; $separator: «,» or «;».
import-row-too-wide = { $cells } { $cells ->
    [one] клітинка
    [few] клітинки
   *[other] клітинок
} замість { $width } — мабуть, у клітинці є «{ $separator }» без лапок (число «1,5» чи текст із комою), і її частини стали б іншими колонками. Збережіть таблицю з Excel чи LibreOffice ще раз (вони беруть такі клітинки в лапки) або скопіюйте її з документа: тоді клітинки розділяються табуляцією.
import-too-many-cells = У файлі забагато клітинок для звіту програми ({ NUMBER($cells, useGrouping: 1) }, а звіт має щонайбільше { NUMBER($limit, useGrouping: 1) }): схоже, це не звіт у формі програми, або таблицю збережено з тисячами порожніх стовпців. Збережіть як текст лише таблицю звіту й надішліть ще раз.
# $detail: "encoding" or "binary"
import-unreadable = Не вдалося прочитати файл: { $detail ->
    [encoding] невідоме кодування тексту
   *[binary] це двійковий файл, а не текст чи XLSX
}
# $message: what the workbook reader said (l10n/uk/workbook.ftl)
import-workbook = { $message }
import-document-corrupt = Не вдалося прочитати документ: файл .docx пошкоджений або містить те, чого бот не розуміє. Відкрийте його у Word чи LibreOffice, збережіть ще раз як «Документ Word (*.docx)» і надішліть.
import-document-not-document = Не вдалося прочитати файл: це ZIP-архів, але в ньому немає ні документа Word, ні книги Excel. Надішліть звіт як .docx, .xlsx або текст.
import-document-old-format = Не вдалося прочитати документ: це файл старого формату Word 97–2003 (.doc) або документ, захищений паролем. Відкрийте його у Word, збережіть як «Документ Word (*.docx)» без пароля й надішліть ще раз.
import-document-too-big = Документ завеликий: його текст із розміткою займає { $size } МБ, а бот читає не більше { $limit } МБ. Надішліть лише звіт програми.
import-document-too-much-text = Документ містить понад { NUMBER($limit, useGrouping: 1) } символів тексту, а звіт програми значно коротший. Надішліть лише звіт програми.
import-document-too-complex = Документ містить понад { NUMBER($limit, useGrouping: 1) } елементів розмітки, а звіт програми значно простіший. Надішліть лише звіт програми.
import-pdf = Це PDF: у ньому таблиця звіту — лише текст на сторінці, без клітинок, і точно прочитати її не можна. Надішліть той самий звіт як документ Word (.docx) чи книгу Excel (.xlsx), з яких зроблено PDF, або скопіюйте таблицю з Word чи Excel і надішліть як текст.
import-image = Це зображення (скан чи фото), а не документ: таблицю звіту з нього не прочитати. Надішліть звіт як документ Word (.docx), книгу Excel (.xlsx) або текст, скопійований з них.
import-unsupported = Непідтримуваний формат файлу «{ $name }»: потрібен документ Word (.docx), книга Excel (.xlsx) або текст (.txt, .tsv, .csv): таблиця звіту, скопійована з документа чи збережена з Excel або LibreOffice як текст.
# A workbook's rows or columns hidden, with data in them (reports/xlsx_reader.py). $rows: the first rows' numbers
# («54, 55»), $row_count: how many rows (0: none), $more: rows not in $rows; $columns: the columns' letters («K»),
# $column_count: how many (0: none).
import-hidden-cells = На аркуші звіту приховано { $row_count ->
        [0] {""}
        [one] рядок { $rows }
       *[other] рядки { $rows }
    }{ $more ->
        [0] {""}
       *[other] {" "}і ще { $more }
    }{ $row_count ->
        [0] {""}
       *[other] { $column_count ->
            [0] {""}
           *[other] {" "}та{" "}
        }
    }{ $column_count ->
        [0] {""}
        [one] колонку { $columns }
       *[other] колонки { $columns }
    }, і { $row_count ->
        [0] { $column_count ->
            [1] в ній
           *[other] в них
        }
        [1] { $column_count ->
            [0] в ньому
           *[other] в них
        }
       *[other] в них
    } є дані. Бот читає звіт таким, яким його видно на екрані й на папері, і не вгадує, чи приховане — частина звіту: покажіть приховане (виділіть аркуш, клацніть правою кнопкою заголовок рядка чи колонки → «Показати»), якщо це частина звіту, або видаліть його, і надішліть файл ще раз.
import-no-header = Не знайдено рядок заголовка таблиці («{ form-column-number }», «{ form-column-task }», «{ form-column-measure }», …).
import-no-columns = У файлі є таблиця звіту, але без колонок: текст скопійовано без розділювачів клітинок (так буває, коли копіюють з PDF). Надішліть сам документ (.docx) чи книгу (.xlsx), або скопіюйте таблицю з документа Word чи з Excel: там клітинки розділяються табуляцією.
# $what: the line looked for, as the form prints it
import-no-title = Не знайдено рядок «{ $what }» над таблицею.
import-no-program-name = Не знайдено рядок «назва програми» над таблицею.
# A title block's line longer than a report can print (an XLSX cell holds 32 767 characters at most).
import-title-line-too-long = { $what ->
        [program] назва програми
        [department] назва відповідального виконавця
       *[signatory] Рядок підпису
    }: { $length } символів — задовго, звіт вміщує щонайбільше { $limit }. Скоротіть цей рядок у файлі.
import-bad-year = Не знайдено звітний рік (рядок на кшталт «за 2023 рік»).
import-term-report = Це звіт за весь термін програми («{ $title }»), а імпортуються лише річні звіти («за 2023 рік»): його суми складені за кілька років. Надішліть звіт за кожен рік окремим файлом.
import-bad-decision = Не знайдено номер і дату рішення (на кшталт «№1688 від 18.12.2019»).
import-bad-term = Не знайдено термін реалізації програми (на кшталт «Термін реалізації Програми 2020-2025 роки»).
import-no-measure = не знайдено заходу: у колонці «Зміст заходів» очікується номер і текст, наприклад «1.2. Проведення …»
import-measure-before-task = захід { $number } стоїть перед першим завданням: над ним немає рядка завдання (номер у колонці «{ form-column-number }», текст у колонці «{ form-column-task }» чи в рядку над заходами). Додайте завдання, до якого належать заходи, і надішліть файл ще раз.
import-task-without-text = у завдання { $number } немає тексту
import-too-few-columns = замало колонок: після «Зміст заходів» мають бути щонайменше термін, виконавці і план (далі — факт, профінансовано, відсоток і інформація)
import-too-many-columns = зайві дані після колонки «Інформація про виконання»: «{ $value }»
import-bad-term-cell = термін виконання «{ $value }» не містить жодного року
# $reason: why the number was refused (storage.numbers.NumberReason)
import-bad-number = «{ $value }» у колонці «{ $title }»: { number-reason }
import-duplicate-measure = захід { $number } уже був у рядку { $first_line }
import-several-sheets = У книзі кілька аркушів із таблицею для імпорту: { $sheets }. З одного файлу імпортується одна програма: залиште в книзі один аркуш зі звітом (інші видаліть або приховайте) чи збережіть кожну програму окремою книгою й надішліть по одній.
import-second-report = тут починається звіт іншої програми («{ $name }»), а з одного файлу імпортується одна програма. Розділіть файл: кожну програму — окремим файлом, і надішліть по одному.
import-several-plans = у таблиці кілька колонок плану ({ $titles }), а звіт за { $year } рік читає одну: план на { $year } рік. Залиште колонку плану на звітний рік (чи позначте в її заголовку рік, «{ $year }»), інші видаліть і надішліть файл ще раз.
import-no-column = у таблиці немає колонки «{ $title }» (її шукано в рядку заголовка за словами назви). Додайте її чи перейменуйте наявну так, як у формі звіту, і надішліть файл ще раз.
import-group-sums = під заходом { $number } є заходи { $under }, а його { $title } = { $printed } не дорівнює їхній сумі ({ $computed }): незрозуміло, чи це їхній підсумок, чи власні кошти заходу. Залиште суми або лише в рядках заходів під ним, або лише в його рядку, і надішліть файл ще раз.
import-no-measures = У таблиці немає жодного заходу.

## Warnings: the file is loaded, a person should look.

import-total-mismatch = Рядок { $line } («{ $label }»): у файлі { $title } = { $printed }, а сума рядків = { $computed }; у звіті буде сума рядків.
import-total-percent = Рядок { $line } («{ $label }»): у файлі відсоток { $printed }, але жодна формула над рядками його не дає; за правилом звіту (профінансовано ÷ план × 100) це { $computed }.
import-special-fund = Рядок { $line }: у підсумку спеціального фонду є суми, але рядки заходів не ділять суми за фондами; суми заходів імпортовано як загальний фонд.
import-column-unread = Колонку { $column } («{ $title }») не прочитано: у формі звіту такої немає, її дані не імпортовано.
import-fund-rows = { $count ->
    [one] Захід { $numbers } має
   *[other] Заходи { $numbers } мають
} суми за джерелами фінансування в окремих рядках під рядком заходу: сума заходу — з його рядка (а де той без сум — сума цих рядків), і в звіті вона загального фонду, бо форма не ділить суми заходів за фондами.
import-fund-mismatch = Захід { $number }: у його рядку { $title } = { $printed }, а сума рядків джерел фінансування = { $computed }; у звіті — сума з рядка заходу.
import-group-sums-read = { $count ->
    [one] Суми заходу { $numbers } — це суми заходів під ним: у звіті вони
   *[other] Суми заходів { $numbers } — це суми заходів під ними: у звіті вони
} лише в рядках тих заходів, щоб не скластися двічі.
import-hryvnias = Суми у файлі — у гривнях («{ $unit }»), а звіт веде їх у тисячах гривень: кожну суму поділено на 1000 (наприклад, 1 550 000,00 грн — це 1 550,0 тис. грн).
import-financed-over-actual = Захід { $number } (рядок { $line }): профінансовано { $financed } більше за фактичний обсяг { $actual }.
import-measure-outside-task = Захід { $number } (рядок { $line }) стоїть у завданні { $task }, але його номер цьому не відповідає.
import-unmatched-executors = Захід { $number }: серед виконавців не вдалося розпізнати (не додано до довідника): { $pieces }.
# $count: how many measures; $numbers: their numbers; $department: the program's responsible department (its
# short name), under which their figures are kept. (No value inside a select: Fluent refuses a long one there.)
import-no-department = { $count ->
    [1] Захід
   *[other] Заходи
} { $numbers }: серед виконавців немає органу ради, що звітує (лише партнери чи загальні фрази); { $count ->
    [1] його суми й текст
   *[other] їхні суми й тексти
} записано за відповідальним виконавцем програми ({ $department }).
# $count: how many measures; $numbers: their numbers
import-not-in-file = { $count ->
    [one] У базі є захід, якого немає у файлі, а він з’явився пізніше за рік файлу (його не змінено): { $numbers }.
   *[other] У базі є заходи, яких немає у файлі, а вони з’явилися пізніше за рік файлу (їх не змінено): { $numbers }.
}
# $year: the file's; $newest: the newest year already in the database
import-history-file = Файл за { $year } рік, а в базі вже є { $newest }: заходи лишаються такими, як у базі (зміни до Програми беруться лише з новіших звітів); додано плани й тексти за { $year } рік.
# $database: the council the database's directory is of; $report: the one the file names
import-council-differs = Файл — звіт ради «{ $report }», а довідник цієї бази — ради «{ $database }»: виконавців шукано серед підрозділів цієї бази, нових додано до неї.

## The summary of an import (the command line prints it, the bot shows it before and after applying).

import-summary-program = Програма: { $program }
# The council the file names (when it names one).
import-summary-council = Рада: { $council }
# $plan: thousand UAH; $departments: how many bodies the executors and the responsible line name, $known of them
# in the directory before, $new added to it
import-summary =
    Звітний рік: { $year }
    Завдань: { $tasks }, заходів: { $measures }
    План на рік, тис. грн: { $plan }
    Підрозділів-виконавців: { $departments } (з довідника: { $known }, нових: { $new })
    Звітів імпортовано: { $added ->
        [one] { $added } новий
        [few] { $added } нові
       *[other] { $added } нових
    }, { $unchanged } без змін
# $count: how many departments a directory file brought into the database before the import
import-summary-starter = Довідник підрозділів спершу завантажено з файлу: { $count ->
    [one] { $count } підрозділ
    [few] { $count } підрозділи
   *[other] { $count } підрозділів
}.
import-summary-new-bodies = Нові виконавці — додаються до довідника з імпортом ({ $count }):
import-summary-known-bodies = Виконавці з довідника ({ $count }):
# One body. $name: its full name as written; $short: its (proposed) short name; $responsible:
# import-summary-responsible or ""; $measures: import-summary-body-measures or ""
import-summary-new-body = - { $name } → { $short }{ $responsible }{ $measures }
import-summary-known-body = - { $short } ({ $name }){ $responsible }{ $measures }
import-summary-responsible = , відповідальний виконавець програми
# After the new bodies: a proposed short name is only a proposal.
import-summary-edit-bodies = Короткі назви нових виконавців — лише пропозиція: змінити їх чи об'єднати два записи одного підрозділу можна й після імпорту (у боті — /departments, у командному рядку — python -m cli departments).
# $count: how many measures the body executes; $numbers: their numbers (import-summary-list)
import-summary-body-measures = : { $count ->
    [1] захід
   *[other] заходи
} { $numbers }
import-summary-more-bodies = - і ще { $count ->
    [one] { $count } виконавець
    [few] { $count } виконавці
   *[other] { $count } виконавців
}
# Partners and vague phrases: named among executors, never report. $phrases: import-summary-list
import-summary-not-reporting = Не звітують (партнери, загальні фрази): { $phrases }
# A list shortened: the first items, then how many more.
import-summary-list = { $items }{ $more ->
        [0] {""}
       *[other] {" "}і ще { $more }
    }
import-summary-issues = { $count ->
    [one] { $count } зауваження:
    [few] { $count } зауваження:
   *[other] { $count } зауважень:
}
import-summary-issue = - { $issue }
import-summary-no-issues = Зауважень немає.

# The author of the revisions an import writes, as the history shows it.
import-author = імпорт: { $name }

## Amendments: what an import of a program already in the database changes in it (reports/amendments.py).
## $number: the measure's (or task's) number in the file; $old, $new: before and after; $year: the file's year.

import-amendment = { $count ->
    [one] Зміни до Програми порівняно з базою ({ $count }):
    [few] Зміни до Програми порівняно з базою ({ $count }):
   *[other] Зміни до Програми порівняно з базою ({ $count }):
}
import-no-amendment = Змін до Програми порівняно з базою немає.
import-change-added = + новий захід { $number }: { $new }
import-change-retired = − захід { $number } вилучено з { $year } року (звіти за попередні роки зберігаються): { $old }
import-change-renumbered = ↪ захід { $old } тепер має номер { $new } (його звіти і плани зберігаються)
import-change-text = ✎ захід { $number }, новий зміст: «{ $new }» (був: «{ $old }»)
import-change-term = ✎ захід { $number }, термін виконання: { $old } → { $new }
import-change-executors = ✎ захід { $number }, виконавці: «{ $old }» → «{ $new }»
import-change-task-text = ✎ завдання { $number }, новий текст: «{ $new }» (був: «{ $old }»)
import-change-task-added = + нове завдання { $number }: { $new }
import-change-restored = ↩ захід { $number } знову в Програмі з { $year } року: { $new }
