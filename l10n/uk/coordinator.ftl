# What coordinators read: command arguments, programs, /report, /status, years, history, people, uploads.
# Messages are Telegram HTML: keep tags balanced; values put in are escaped by the code.

## Command arguments

# $reason: what is wrong with $value, typed after /$command (term_extra: $command is «report 2020-2025»)
argument-error = { $reason ->
    [too_many] Забагато параметрів: «{ $value }» — це зайве. Команди з прикладами: /help
    [term_extra] «{ $value }» — зайве: підсумковий звіт за роки терміну складається лише за цілі роки, без кварталів і півріч. Лише прийняті звіти: /{ $command } accepted
    [bad_year] «{ $value }» — не рік. Приклад: /{ $command } 2023
    [bad_quarter] «{ $value }» — не квартал і не проміжний період. Приклад: /{ $command } 2023 Q3 (квартали Q1–Q4, півріччя H1, дев'ять місяців 9M)
    [bad_date] «{ $value }» — не дата. Приклад: 20.01.2024
   *[bad_measure] «{ $value }» — не номер заходу. Приклад: /{ $command } 4.1
}
# The first steps on an empty database (/start, /help and every command that needs a program); $year: this year
no-programs =
    <b>У боті ще немає програми.</b> Як почати:
    1. Надішліть сюди, у чат, файл звіту програми — опублікований звіт у формі програми (документ Word .docx, книга Excel .xlsx, або .txt чи .csv: таблиця звіту, скопійована з документа чи збережена з Excel як текст), як документ.
    2. Бот покаже, що буде імпортовано: програму, завдання, заходи, підрозділи-виконавці, плани й звіти. Натисніть «Застосувати» — або «Скасувати», і нічого не зміниться.
    3. /open { $year } 20.01.{ $next_year } — відкрийте звітний рік і строк подання звітів.
    4. /invite — створіть посилання-запрошення для кожного підрозділу й перешліть їх працівникам.
choose-program = Для якої програми?
no-year = Вкажіть рік, наприклад: /{ $command } 2023
# A command given without a year says which one it shows. $reason: open, data, opened, last
year-defaulted = Рік не вказано — показую { $year }: { $reason ->
    [open] відкритий звітний рік.
    [data] останній рік, за який є плани або звіти.
    [opened] останній рік, що відкривався.
   *[last] минулий рік.
} Інший рік: /{ $command } { $year }

## /report

# $period: «2023» or «2023 Q3»
report-file-name = Звіт { $period } - { $name }
# $period: year, or an interim report (Q1-Q4, H1, M9) with $moment, the state's date
# An interim report: the reports as they stood at its deadline ($moment), the plans as of the date its figures
# stand at ($plans, «01.07.2024» for H1)
report-caption = <b>{ $program }</b> · { $period ->
    [year] звіт за { $year } рік
   *[other] { interim-name } { $year }: звіти станом на { $moment }, плани — на { $plans }
}
# An interim report whose year had no plans yet at its deadline (/status and the annual one say year-no-plans)
report-no-plans-at = ⚠️ Станом на { $moment } планів на { $year } рік ще не було: стовпці плану порожні.
report-caption-counts = Звітували { $complete } з { $departments ->
    [one] { $departments } підрозділу
   *[other] { $departments } підрозділів
}, { $reported } з { $measures ->
    [one] { $measures } заходу
   *[other] { $measures } заходів
}.
report-caption-missing = Не звітували: { $missing }
report-button-format = 📄 { $format }
# /report 2020-2025: the final report over the term (bot/handlers/term_report.py); $extension: ".xlsx", ".pdf"
term-report-file-name = Звіт { $period } - { $name }{ $extension }
term-report-caption =
    { $title }
    Підсумковий звіт за { $first }-{ $last } роки: по кожному заходу — рядок за кожен рік ({ $years }) і рядок «Усього».
term-report-years-left-out = Без планів і звітів, тому не показано: { $years }.

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
# $waiting: the department's reports waiting for the coordinator's review (/review)
status-department = { $mark } <b>{ $name }</b>: { $reported } з { $assigned }{ $drafts ->
        [0] {""}
       *[other] , чернеток { $drafts }
    }{ $waiting ->
        [0] {""}
       *[other] , на перевірці { $waiting }
    }
# Departments with nobody in the bot, once: $departments their short names
status-no-members = ⚠️ Без працівників у боті { $count ->
        [one] { $count } підрозділ
        [few] { $count } підрозділи
       *[other] { $count } підрозділів
    }: { $departments }. Надішліть їм запрошення: кнопка нижче або /invite.
button-invite-missing = ✉️ Запросити ({ $count })
status-details-hint = Подробиці підрозділу (чого бракує, хто в боті, нагадування) — кнопкою нижче.
status-details-choose = Подробиці якого підрозділу (чого бракує, хто в боті, нагадування)?
button-status-details = { $mark } { $department }
# A department's details from /status ($name its full name, $short the short one)
status-details-header =
    { $mark } <b>{ $short }</b> · { $name }
    { $year } рік: звітовано { $reported } з { $assigned }
status-details-missing = Не звітовано { $count ->
        [one] { $count } захід
        [few] { $count } заходи
       *[other] { $count } заходів
    }:
status-details-drafts = Чернетки: { $numbers }
status-details-waiting = Чекають на перевірку (/review): { $numbers }
status-members = Працівники в боті: { $members }
status-details-no-members = ⚠️ У боті ще немає жодного працівника підрозділу — надішліть запрошення.
button-invite-department = ✉️ Запросити: { $department }
status-everyone-invited = У кожного підрозділу вже є працівники в боті.
status-reminded = (нагадування { $when })
status-muted = 🔕 до { $until }
# A member Telegram refuses to deliver to (blocked the bot, or deleted the account). $since: «12.01.2024»
status-blocked = 🚫 бота заблоковано { $since }
status-nothing = У { $year } році за програмою немає запланованих заходів.
button-remind = 🔔 Нагадати: { $department }
remind-sent = Нагадування надіслано: { people-dative } підрозділу { $department }.
# «Нагадати»: the members Telegram refuses to deliver to. $names: their names, comma-separated
remind-blocked = 🚫 { $count ->
    [one] Не отримає нагадування (заблокував(-ла) бота або видалив(-ла) акаунт)
   *[other] Не отримають нагадування (заблокували бота або видалили акаунт)
}: { $names }. Попросіть розблокувати бота й надіслати йому /start.
# «Нагадати» pressed again (the same button within a minute): the members were reminded by the first press
remind-just-sent = Нагадування підрозділу { $department } уже надіслано щойно — вдруге не надсилаю.
remind-nobody = Підрозділ { $department } нічого не винен або не має працівників у боті.

## Reporting years: /open, /lock, /unlock

period-opened = Звітний { $year } рік відкрито для звітування. Термін: { $deadline }.
year-no-plans = ⚠️ План на { $year } рік не встановлено. Завантажте плани: /plan { $year }.
# The deadline the year was opened with has passed. $deadline: «20.01.2025»; $year: the year opened
period-opened-past-deadline = ⚠️ Термін { $deadline } уже минув: нагадувань про цей рік не буде, а всі, хто ще не звітував, уже прострочили. Якщо підрозділам потрібен час, відкрийте рік з новим терміном: /open { $year } ДД.ММ.РРРР.
period-opened-no-plans = ⚠️ На { $year } рік ще не встановлено жодного плану: виконавці побачать «План на { $year } рік не встановлено», без відсотка за планом. Завантажте плани: /plan { $year } — аркуш плану, заповніть і надішліть боту.
# The last line of /open's reply: what to do next
period-opened-next = Далі: /invite — посилання-запрошення для кожного підрозділу; перешліть їх працівникам (хто вже в боті, запрошувати вдруге не треба).
period-locked = Звітний { $year } рік закрито: виконавці більше не можуть змінювати звіти.
period-unlocked = Звітний { $year } рік знову відкрито.
period-out-of-term = { $year } рік поза терміном програми ({ $start }–{ $end }).
deadline-not-set = не встановлено

## /history and /edit

history-header = <b>Історія заходу { $number }</b> за { $year } рік
history-empty = За { $year } рік ні звітів, ні змін плану щодо заходу { $number } ще немає.
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
        [actual_special] факт (спецфонд)
        [financed_special] профінансовано (спецфонд)
        [percent] відсоток
       *[info] текст
    } { $value }
history-change = {"   "}{ $field ->
        [actual] факт
        [financed] профінансовано
        [actual_special] факт (спецфонд)
        [financed_special] профінансовано (спецфонд)
        [percent] відсоток
       *[info] текст
    }: { $old } → { $new }
history-same = {"   "}без змін у значеннях
history-plans-header = <i>План:</i>
history-plan-entry = • { $when } · { $author } · { plan-fund }: { $old } → { $new }
# Who changed a plan when no name is known: the import of the published report
history-plan-imported = імпорт
history-reports-header = <i>Звіти:</i>
history-unknown-measure = Заходу { $number } немає в програмі.
edit-choose-department = Від імені якого підрозділу виправити захід { $number }?
edit-no-departments = Захід { $number } не має підрозділів-виконавців.

## People: /invite, /members

invite-choose = Для якого підрозділу створити запрошення?
invite-no-departments = У довіднику ще немає підрозділів. Спершу імпортуйте програму.
invite-created =
    Запрошення до підрозділу «{ $department }»:
    { $link }

    Посилання спільне: ним можуть скористатися всі працівники підрозділу, доки воно діє (до { $expires }) або доки ви його не відкличете. Перешліть його працівникам підрозділу. Скільки разів ним скористалися — у /members.
button-revoke-invite = 🚫 Відкликати посилання
# $created: the date the link was made; several links of a department under one list
button-revoke-invite-of = 🚫 Відкликати посилання від { $created }
# $state: active, expired, revoked (with $revoked, a date); $creator: who made the link
invite-line = Посилання для { $department } від { $created } ({ $creator }): використано { $uses ->
        [one] { $uses } раз
        [few] { $uses } рази
       *[other] { $uses } разів
    }, { $state ->
        [active] діє до { $expires }
        [revoked] відкликано { $revoked }
       *[expired] термін дії минув { $expires }
    }
invite-revoked = Відкликано. { $line }. Цим посиланням більше ніхто не приєднається.
invite-already-revoked = Це посилання вже відкликано.
members-choose = Працівники якого підрозділу?
members-remove-choose = Кого вилучити з підрозділу?
members-list = <b>{ $department }</b>, працівники в боті:
members-none = <b>{ $department }</b>: у боті ще немає працівників. Запрошення: /invite
members-invites = Посилання-запрошення:
# $username: a Telegram username, or "none"; $joined: a date, or "none"; $via: member-via, or "none"
member-line = • { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }{ $joined ->
        [none] {""}
       *[other] , з { $joined }
    }{ $via ->
        [none] {""}
       *[other] , { $via }
    }
member-via = за посиланням від { $created } ({ $creator })
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
upload-unexpected = Файл не імпортовано: бот не зміг його прочитати, нічого не змінено. Перевірте, що це звіт у формі програми (.docx, .xlsx, .txt чи .csv), і надішліть ще раз; якщо не допоможе — повідомте розробників.
upload-not-downloaded = Не вдалося отримати файл від Telegram. Надішліть його ще раз.
upload-too-big = Файл завеликий ({ $size } МБ). Найбільше — { $limit } МБ.
upload-applied =
    ✅ Імпортовано.
    { $summary }
upload-cancelled = Імпорт скасовано, нічого не змінено.
upload-expired = Цей імпорт уже не актуальний. Надішліть файл ще раз.
button-apply = ✅ Застосувати
button-discard = ✖️ Скасувати

## /plan: a year's plans per measure and fund

# $prefilled: the year the sheet's columns are prefilled from, or "none"
plan-sheet-caption = План на { $year } рік: заповніть жовті колонки (тис. грн, загальний і спеціальний фонд) і надішліть цей файл боту. { $prefilled ->
    [none] {""}
   *[other] Колонки заповнено за планом { $prefilled } року — змініть, що потрібно.
} Бот покаже зміни і застосує їх лише після «Застосувати». Один план: /plan { $year } 1.2 12,5 (спецфонд: /plan { $year } 1.2 12,5 спец).
# The words that choose the fund in /plan 2024 1.2 12,5 спец (comma-separated; without a word: general)
plan-fund-words = { $fund ->
    [special] спец, спеціальний, спецфонд, сф
   *[general] заг, загальний, зф
}
plan-sheet-file-name = План { $year }.xlsx
plan-usage = Як задати план: /plan { $year } — аркуш плану на рік (XLSX); /plan { $year } 1.2 12,5 — план заходу 1.2 із загального фонду; /plan { $year } 1.2 12,5 спец — зі спеціального фонду.
plan-bad-amount = План не змінено: «{ $value }» — { number-reason }. Сума — у тисячах гривень, наприклад 12,5.
plan-bad-fund = План не змінено: «{ $value }» — не фонд. Після суми можна написати «спец» (спеціальний фонд) або «заг» (загальний, так і без слова).
plan-set = План заходу { $number } на { $year } рік, { plan-fund }: { $old } → <b>{ $new }</b> тис. грн. Зміну записано в історію (/history { $number }).
plan-set-same = План заходу { $number } на { $year } рік, { plan-fund }, уже { $new } тис. грн — нічого не змінено.
plan-sheet-preview =
    <b>Аркуш плану на { $year } рік</b>
    { $diff }

    Застосувати ці зміни?

## Interim reports: /interim (bot/handlers/interim.py)

# $setting: one interim-line per report, or interim-none
interim-current =
    <b>Проміжні звіти</b> · { $program }
    { $setting }

    Змінити: кнопкою нижче або, наприклад, /interim H1 05.07 9M 05.10 (звіт за півріччя до 5 липня, за 9 місяців — до 5 жовтня); /interim Q1 Q2 Q3 — квартали; /interim off — лише річний звіт.
interim-saved =
    ✅ Збережено. <b>Проміжні звіти</b> · { $program }
    { $setting }
interim-line = • { $period } — до { $deadline }
# /status: the program's interim reports of the year (interim-line each, or interim-none); /interim changes them
status-interim =
    Проміжні звіти (/interim):
    { $setting }
interim-none = Проміжних звітів немає: лише річний звіт (його строк — у /open).
# $preset: the buttons of bot/handlers/interim.py's PRESETS
button-interim = { $preset ->
    [halves] Півріччя (до 05.07) і 9 місяців (до 05.10)
    [off] Лише річний звіт
   *[quarters] Квартали (як типово)
}
# $reason: what is wrong with /interim's arguments (bot/arguments.py, parse_interim_schedule)
interim-error = { $reason ->
    [bad_quarter] «{ $value }» — не період. Можна: Q1, Q2, Q3, Q4 (квартали), H1 (півріччя), 9M (дев'ять місяців). Приклад: /interim H1 05.07 9M 05.10
    [bad_day] «{ $value }» — не день і місяць. Приклад: 05.07
    [same_end] «{ $value }»: два проміжні звіти закінчуються одним місяцем (наприклад, Q2 і H1) — залиште один.
    [too_late] «{ $value }»: строк більш ніж за три місяці після кінця періоду. Приклад: /interim H1 05.07
   *[empty] Не вказано жодного періоду. Приклад: /interim H1 05.07 9M 05.10
} Налаштування не змінено.
