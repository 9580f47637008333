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
# $result: what became of an invite link the person opened
invite-result = { $result ->
    [joined] Вітаю! Вас додано до підрозділу «{ $department }». Тепер ви можете звітувати про його заходи.
    [already_member] Ви вже входите до підрозділу «{ $department }».
    [unknown] Це запрошення недійсне. Попросіть у координатора нове посилання.
    [revoked] Це запрошення відкликано: за ним більше не можна приєднатися. Попросіть у координатора нове посилання.
   *[expired] Термін дії цього запрошення минув. Попросіть у координатора нове посилання.
}
help-member =
    <b>Як звітувати</b>
    /start — список заходів вашого підрозділу за відкритий звітний рік.
    Оберіть захід: бот по черзі запитає фактичний обсяг фінансування, профінансовану суму, відсоток виконання та інформацію про виконання. Наприкінці перевірте картку і натисніть «Підтвердити».

    Суми — у тисячах гривень: 12, 12,5 або 1 234,5.
    Усе введене зберігається як чернетка: можна перерватися й продовжити пізніше.
    /cancel — перервати поточну дію (чернетка залишиться).
    /mute — тимчасово вимкнути нагадування.
help-coordinator =
    <b>Координатору</b>
    /invite — посилання-запрошення для працівників підрозділу (одне на всіх, діє до терміну або до відкликання).
    /plan 2024 — аркуш плану на рік (XLSX): заповніть і надішліть боту, він покаже зміни і застосує їх після «Застосувати».
    /plan 2024 1.2 12,5 — план заходу 1.2 із загального фонду; /plan 2024 1.2 12,5 спец — зі спеціального фонду та інших джерел.
    /report 2020-2025 — підсумковий звіт за роки терміну програми (XLSX і PDF): за кожним заходом план, факт, профінансовано й інформація за кожен рік і разом.
    /interim — які проміжні звіти вимагає програма і до якого числа: кнопками або, наприклад, /interim H1 05.07 9M 05.10 (півріччя до 5 липня, дев'ять місяців до 5 жовтня); /interim Q1 Q2 Q3 — квартали; /interim off — лише річний звіт. За ними йдуть нагадування, /status і /report 2024 H1.
no-departments = Ви ще не входите до жодного підрозділу. Попросіть у координатора запрошення.
coordinator-welcome = Вітаю, координаторе! /invite — запросити працівників підрозділів; /help — довідка.

## Refusals and errors

unknown-command = Такої команди немає. /help — що вміє бот.
stale-button = Ця кнопка вже не діє.
forbidden-button = Немає доступу до цього заходу.
not-coordinator = Ця команда доступна лише координаторам.
error = Вибачте, сталася помилка. Спробуйте ще раз або надішліть /start.

## Settings, when the bot cannot start (python -m bot)

settings-not-started = Zvitbot не запущено. { $errors }. Див. .env.example.
settings-bad-value = Налаштування { $name }: { $message }
settings-missing = не задано
settings-bad-token = токен має виглядати як 123456789:AA... (його дає @BotFather)
settings-unknown-zone = невідомий часовий пояс «{ $zone }»
settings-bad-lead-days = дні до строку мають бути від 0 до 366
settings-bad-list = «{ $value }» — не перелік чисел через кому
settings-no-catalog = немає такої теки: { $path }
settings-bad-formats = «{ $value }»: формати звіту — через кому, без повторів, з { $known }
