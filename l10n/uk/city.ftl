# The city at a glance: every program in a line (/city, /status with several programs), every program's report of
# a year in one archive (/report 2024 all, python -m cli report 2024 --all), the city's sheet in it.
# Messages are Telegram HTML: keep tags balanced; values put in are escaped by the code.

## /city

command-city = Усі програми громади: /city 2024
# $year: the year asked for; 0: each program's own (its open reporting year, else the latest with data)
city-header =
    <b>Програми громади</b> · { $year ->
        [0] рік кожної програми свій: відкритий звітний, а як такого немає — останній із планами чи звітами
       *[other] { $year } рік
    }
    Програм: { $programs } · запізнюються підрозділів: { $late } · звітів на перевірці: { $waiting }
# A long list comes in pages: $page of $pages
city-page = Сторінка { $page } з { $pages }
# A program's line. $mark: city-mark; $department: the responsible department's short name;
# $period: none (never opened), locked, open (with $deadline), open_no_deadline
city-line = { $mark } <b>{ $name }</b> · { $department } · { $year } ({ $period ->
        [none] не відкривався
        [locked] закритий
        [open] строк { $deadline }
       *[open_no_deadline] відкритий
    }): звітовано { $reported } з { $measures }{ $late ->
        [0] {""}
       *[other] , запізнюються { $late }
    }{ $waiting ->
        [0] {""}
       *[other] , на перевірці { $waiting }
    }
# $state: complete (every planned measure reported), late (departments owe after the deadline), other
city-mark = { $state ->
    [complete] ✅
    [late] ⏰
   *[other] ⏳
}
# A program with no year to show: none asked for, and it has none of its own
city-line-no-year = ➖ <b>{ $name }</b> · { $department }: рік не визначено — вкажіть його: /city { $example }
# The year asked for lies outside the program's term
city-line-out-of-term = ➖ <b>{ $name }</b> · { $department }: { $year } — поза терміном програми ({ $start }–{ $end })
city-hint = Стан програми, підрозділ за підрозділом — кнопкою з її назвою.
button-city-program = { $mark } { $name }

## /report 2024 all: every program's report of the year in one archive

city-report-no-year = Вкажіть рік, наприклад: /report { $year } all
city-report-building = Збираю звіти всіх програм { $period }…
# The archive's name. $period: «за 2024 рік», an interim package's «за І півріччя 2024 року» (as below)
city-package-file-name = Звіти програм { $period }.zip
# $programs: how many programs' reports it holds, $formats: their formats («XLSX, PDF»)
city-report-caption = <b>Звіти програм громади { $period }</b>: { $programs ->
        [one] { $programs } програма
        [few] { $programs } програми
       *[other] { $programs } програм
    } ({ $formats }) і зведена таблиця.
# The programs left out for want of data, named: $count of them, $names their short names
city-report-without-data = Без планів і звітів { $period }, тому не включено ({ $count }): { $names }.
city-report-none = Жодна програма не має ні планів, ні звітів { $period } — архів не складено.
# An archive bigger than a bot may send: $size its size, $limit Telegram's limit, in MB
city-report-too-big = Архів звітів завеликий для Telegram: { $size } МБ, а бот може надіслати щонайбільше { $limit } МБ. Складіть його на сервері: python -m cli report { $year } --all

## The city's sheet in the archive (reports/city_sheet.py)

city-sheet-file-name = Зведена таблиця програм { $period }
city-sheet-title = Програми
city-sheet-heading = Виконання цільових програм громади { $period }
city-sheet-subheading = Програм у таблиці: { $programs }{ $without ->
        [0] {""}
       *[other] ; без планів і звітів за рік — { $without } (перелік під таблицею)
    }. Суми в тис. грн, обидва фонди разом.
city-sheet-number = № з/п
city-sheet-program = Програма
city-sheet-responsible = Відповідальний виконавець
city-sheet-plan = План
city-sheet-actual = Факт
city-sheet-financed = Профінансовано
city-sheet-percent = Виконання, %
city-sheet-measures = Заходів на { $year } рік
city-sheet-reported = Звітовано
city-sheet-share = Звітовано, %
city-sheet-total = Усього
city-sheet-without-data = Без планів і звітів { $period } ({ $count }):

## python -m cli report 2024 --all

cli-help-all = усі програми: архів ZIP зі звітом кожної програми (у форматах --formats) і зведеною таблицею
cli-help-formats = формати звітів у архіві, через кому (типово: { $default })
cli-all-needs-year = --all складає звіти одного року, не діапазону: { $text }
cli-all-needs-zip = --all записує архів: --out має закінчуватися на .zip ({ $path })
cli-all-done = Записано { $path }: звіти { $programs } програм і зведена таблиця.
cli-all-without-data = Без планів і звітів { $period }, не включено: { $names }
