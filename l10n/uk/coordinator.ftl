# What coordinators read: command arguments, programs, /report, /status, years, history, people, uploads.
# Messages are Telegram HTML: keep tags balanced; values put in are escaped by the code.

## Command arguments

# $reason: what is wrong with $value, typed after /$command
argument-error = { $reason ->
    [too_many] Забагато параметрів: «{ $value }».
    [bad_year] «{ $value }» — не рік. Приклад: /{ $command } 2023
    [bad_quarter] «{ $value }» — не квартал. Приклад: /{ $command } 2023 Q3 (квартали Q1–Q4)
    [bad_date] «{ $value }» — не дата. Приклад: 20.01.2024
   *[bad_measure] «{ $value }» — не номер заходу. Приклад: /{ $command } 4.1
}
# A real date, but outside what makes sense: the program's term and two years after it
date-out-of-range = «{ $value }» — поза допустимими датами: строк має бути від { $earliest } до { $latest } (термін програми і ще два роки після нього).
no-programs = У базі ще немає жодної програми. Надішліть файл звіту (.txt або .xlsx), щоб імпортувати її.
choose-program = Для якої програми?
no-year = Вкажіть рік, наприклад: /{ $command } 2023

## /report

# $period: «2023» or «2023 Q3»
report-file-name = Звіт { $period } - { $name }.xlsx
report-no-data = За { $year } рік у програмі «{ $program }» немає ні планів, ні звітів.
report-caption =
    { $title }
    Звітували: заходів { $reported } з { $total }, підрозділів { $complete } з { $departments }.
report-caption-quarter = Стан на { $moment } (термін звіту за { $quarter } квартал).
report-caption-missing = Не звітували: { $missing }
report-caption-all = Усі підрозділи звітували.

## /status

# $period: none (never opened), locked, open (with $deadline), open_no_deadline
status-header =
    <b>Стан звітування за { $year } рік</b>
    { $program }
    Період: { $period ->
        [none] не відкривався
        [locked] закритий
        [open] відкритий, термін { $deadline }
       *[open_no_deadline] відкритий, термін не встановлено
    }
status-department = { $mark } <b>{ $name }</b>: { $reported } з { $assigned }{ $drafts ->
        [0] {""}
       *[other] , чернеток { $drafts }
    }
status-missing = {"   "}не звітовано: { $numbers }
status-members = {"   "}{ $members }
status-no-members = {"   "}⚠️ немає жодного працівника в боті — надішліть запрошення: /invite
status-reminded = (нагадування { $when })
status-muted = 🔕 до { $until }
status-nothing = У { $year } році за програмою немає запланованих заходів.
button-remind = 🔔 Нагадати: { $department }
remind-sent = Нагадування надіслано: { people-dative } підрозділу { $department }.
remind-nobody = Підрозділ { $department } нічого не винен або не має працівників у боті.

## Reporting years: /open, /lock, /unlock

period-opened = Звітний { $year } рік відкрито для звітування. Термін: { $deadline }.
period-locked = Звітний { $year } рік закрито: виконавці більше не можуть змінювати звіти.
period-unlocked = Звітний { $year } рік знову відкрито.
period-not-opened = { $year } рік ще не відкривався. Відкрити: /open { $year } 20.01.{ $next_year }
period-out-of-term = { $year } рік поза терміном програми ({ $start }–{ $end }).
deadline-not-set = не встановлено

## /history and /edit

history-header = <b>Історія заходу { $number }</b> за { $year } рік
history-empty = За { $year } рік звітів щодо заходу { $number } ще немає.
# $source: where the revision came from
history-entry = { $n }. { $when } · { $author } · { $department } · { $source ->
        [bot] у боті
        [import] імпорт
       *[coordinator] координатор
    }
history-first = {"   "}перша редакція: { $fields }
history-field = { $field ->
        [actual] факт
        [financed] профінансовано
        [percent] відсоток
       *[info] текст
    } { $value }
history-change = {"   "}{ $field ->
        [actual] факт
        [financed] профінансовано
        [percent] відсоток
       *[info] текст
    }: { $old } → { $new }
history-same = {"   "}без змін у значеннях
history-unknown-measure = Заходу { $number } немає в програмі.
edit-choose-department = Від імені якого підрозділу виправити захід { $number }?
edit-no-departments = Захід { $number } не має підрозділів-виконавців.

## People: /invite, /members

invite-choose = Для якого підрозділу створити запрошення?
invite-no-departments = У довіднику ще немає підрозділів. Спершу імпортуйте програму.
invite-created =
    Запрошення до підрозділу «{ $department }»:
    { $link }

    Посилання одноразове, діє до { $expires }. Перешліть його працівникові підрозділу.
members-choose = Працівники якого підрозділу?
members-list = <b>{ $department }</b>, працівники в боті:
members-none = <b>{ $department }</b>: у боті ще немає працівників. Запрошення: /invite
# $username: a Telegram username, or "none"
member-line = • { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }
button-remove = ✖️ Вилучити: { $name }
member-removed = { $name } більше не входить до підрозділу { $department }.
member-not-found = Цієї особи вже немає в підрозділі.

## A program file sent to the bot

upload-received = Отримав файл «{ $name }». Перевіряю…
upload-preview =
    <b>Що буде імпортовано</b>
    { $summary }

    Застосувати?
upload-failed = Файл не імпортовано. { $error }
upload-unexpected = Файл не імпортовано: бот не зміг його прочитати, нічого не змінено. Перевірте, що це звіт у формі програми (.txt з табуляціями або .xlsx), і надішліть ще раз; якщо не допоможе — повідомте розробників.
upload-not-downloaded = Не вдалося отримати файл від Telegram. Надішліть його ще раз.
upload-too-big = Файл завеликий ({ $size } МБ). Найбільше — { $limit } МБ.
upload-applied =
    ✅ Імпортовано.
    { $summary }
upload-cancelled = Імпорт скасовано, нічого не змінено.
upload-expired = Цей імпорт уже не актуальний. Надішліть файл ще раз.
button-apply = ✅ Застосувати
button-discard = ✖️ Скасувати
