# The bot in general: its menu, strangers and invites, help, refusals, errors, settings at start.
# Messages are Telegram HTML: keep tags balanced; values put in are escaped by the code.

## The menu of commands (Telegram shows these beside each command)

command-start = Мої заходи і звіти
command-help = Як користуватися ботом
command-cancel = Перервати поточну дію
command-mute = Вимкнути нагадування на час
command-invite = Запрошення для підрозділу
command-report = Зведений звіт XLSX: /report 2023; за термін: /report 2020-2025
command-status = Хто ще не звітував: /status 2023
command-plan = Плани на рік: /plan 2024
command-open = Відкрити рік: /open 2024 20.01.2025
command-lock = Закрити рік: /lock 2023
command-unlock = Знову відкрити рік: /unlock 2023
command-history = Редакції заходу: /history 4.1
command-edit = Виправити захід: /edit 4.1
command-interim = Проміжні звіти: /interim H1 05.07 9M 05.10
command-members = Працівники підрозділів

## People

stranger =
    Вітаю! Це бот для звітів про виконання міських цільових програм.

    Щоб подавати звіти, потрібне запрошення від відповідального підрозділу програми (координатора): попросіть у нього посилання-запрошення для вашого підрозділу.

    Ваш Telegram id: <code>{ $user_id }</code> — повідомте його адміністраторові, якщо вас треба додати як координатора.
# $result: joined, or already_member (an invite that lets nobody in: refused-invite-* in refusals.ftl)
invite-result = { $result ->
    [joined] Вітаю! Вас додано до підрозділу «{ $department }». Тепер ви можете звітувати про його заходи.
   *[already_member] Ви вже входите до підрозділу «{ $department }».
}
help-member =
    <b>Як звітувати</b>
    /start — список заходів вашого підрозділу за відкритий звітний рік.
    Оберіть захід: бот по черзі запитає фактичний обсяг фінансування, профінансовану суму, відсоток виконання та інформацію про виконання. Після тексту бот покаже картку звіту: перевірте її і натисніть «Підтвердити» — і одразу відкриється наступний захід.

    Поки захід відкритий, надішліть документи або фото — підтвердження виконання (до 20 МБ кожен, до 10 на захід).
    Якщо координатор поверне звіт із коментарем, бот повідомить і захід знову чекатиме на ваш звіт.

    Суми — у тисячах гривень: 12, 12,5 або 1 234,5. Три відповіді можна надіслати одним повідомленням: факт; профінансовано; відсоток, наприклад <code>12; 9,6; 80</code>.
    Усе введене зберігається як чернетка: можна перерватися й продовжити пізніше.
    /cancel — перервати поточну дію (чернетка залишиться).
    /mute — тимчасово вимкнути нагадування.
help-coordinator =
    <b>Координатору</b>
    /status — хто звітував, хто ні; подробиці й нагадування — кнопками
    /review 2024 — перевірити подані звіти: прийняти, повернути з коментарем
    /report 2024 — зведений звіт за рік; /report 2020-2025 — за термін
    /files 2024 — файли-підтвердження архівом (тека на захід); /files 2024 4.1 — одного заходу
    /invite — посилання-запрошення для підрозділу
    /members — хто в боті, хто за яким посиланням приєднався
    /open 2024 20.01.2025 — відкрити звітний рік і строк
    /lock 2024 — закрити рік; /unlock 2024 — відкрити знову
    /plan 2024 — плани на рік (аркуш XLSX)
    /interim — проміжні звіти (квартали, півріччя)
    /history 4.1 — редакції заходу; /edit 4.1 — виправити захід
    Новий або змінений звіт програми (.docx, .xlsx, .txt чи .csv) — надішліть файлом у чат.
# A coordinator's /help: what an executor does, in one line (help-member is for executors)
help-member-short = <b>Як звітувати</b> (якщо ви й виконавець підрозділу): /start — заходи підрозділу; /cancel — перервати дію; /mute — вимкнути нагадування.
no-departments = Ви ще не входите до жодного підрозділу. Попросіть у координатора запрошення.
# /start of a coordinator; help-coordinator or, on an empty database, no-programs follows
coordinator-welcome = Вітаю, координаторе!

## Refusals and errors

unknown-command = Такої команди немає. /help — що вміє бот.
stale-button = Ця кнопка вже не діє.
forbidden-button = Немає доступу до цього заходу.
# Every coordinators' command and button to anyone else (coordinators_only): the same words for both
not-coordinator = Це доступно лише координаторам цієї програми та адміністраторам громади.
error = Вибачте, сталася помилка. Спробуйте ще раз або надішліть /start.

## Settings, when the bot cannot start (python -m bot)

settings-not-started = Zvitbot не запущено. { $errors }. Див. .env.example.
# $problem: database-problem, worded
database-not-started = Zvitbot не запущено: { $problem }.
settings-bad-value = Налаштування { $name }: { $message }
settings-missing = не задано
# $position: the first byte that is not UTF-8 (counted from 0)
settings-env-not-utf8 = файл .env збережено не в кодуванні UTF-8 (байт { $position }): збережіть його як UTF-8
settings-bad-token = токен має виглядати як 123456789:AA... (його дає @BotFather)
settings-unknown-zone = невідомий часовий пояс «{ $zone }»
settings-bad-lead-days = дні до строку мають бути від 0 до 366
settings-bad-list = «{ $value }» — не перелік чисел через кому
settings-no-catalog = немає такої теки: { $path }
settings-bad-formats = «{ $value }»: формати звіту — через кому, без повторів, з { $known }
