"""Everything the bot says, in Ukrainian. Messages use HTML; values put into them are escaped by callers."""

from __future__ import annotations

# --- commands (menu) ---------------------------------------------------------------------------------
CMD_START = "Мої заходи і звіти"
CMD_HELP = "Як користуватися ботом"
CMD_CANCEL = "Перервати поточну дію"
CMD_INVITE = "Запрошення для підрозділу"
CMD_REPORT = "Зведений звіт XLSX: /report 2023"
CMD_STATUS = "Хто ще не звітував: /status 2023"
CMD_OPEN = "Відкрити рік: /open 2024 20.01.2025"
CMD_LOCK = "Закрити рік: /lock 2023"
CMD_UNLOCK = "Знову відкрити рік: /unlock 2023"
CMD_HISTORY = "Редакції заходу: /history 4.1"
CMD_EDIT = "Виправити захід: /edit 4.1"
CMD_MEMBERS = "Працівники підрозділів"

# --- people ------------------------------------------------------------------------------------------
STRANGER = (
    "Вітаю! Це бот для звітів про виконання міських цільових програм.\n\n"
    "Щоб подавати звіти, потрібне запрошення від відповідального підрозділу програми "
    "(координатора): попросіть у нього посилання-запрошення для вашого підрозділу.\n\n"
    "Ваш Telegram id: <code>{user_id}</code> — повідомте його адміністраторові, якщо вас треба "
    "додати як координатора."
)
INVITE_JOINED = "Вітаю! Вас додано до підрозділу «{department}». Тепер ви можете звітувати про його заходи."
INVITE_ALREADY = "Ви вже входите до підрозділу «{department}»."
INVITE_UNKNOWN = "Це запрошення недійсне. Попросіть у координатора нове посилання."
INVITE_USED = "Цим запрошенням уже скористалися. Кожне посилання діє один раз — попросіть нове."
INVITE_EXPIRED = "Термін дії цього запрошення минув. Попросіть у координатора нове посилання."

HELP_MEMBER = (
    "<b>Як звітувати</b>\n"
    "/start — список заходів вашого підрозділу за відкритий звітний рік.\n"
    "Оберіть захід: бот по черзі запитає фактичний обсяг фінансування, профінансовану суму, відсоток "
    "виконання та інформацію про виконання. Наприкінці перевірте картку і натисніть «Підтвердити».\n\n"
    "Суми — у тисячах гривень: 12, 12,5 або 1 234,5.\n"
    "Усе введене зберігається як чернетка: можна перерватися й продовжити пізніше.\n"
    "/cancel — перервати поточну дію (чернетка залишиться).\n"
    "/mute — тимчасово вимкнути нагадування."
)
HELP_COORDINATOR = "\n\n<b>Координатору</b>\n/invite — посилання-запрошення для працівника підрозділу."

# --- measure list ------------------------------------------------------------------------------------
NO_DEPARTMENTS = "Ви ще не входите до жодного підрозділу. Попросіть у координатора запрошення."
COORDINATOR_WELCOME = "Вітаю, координаторе! /invite — запросити працівників підрозділів; /help — довідка."
NO_OPEN_PERIOD = "Зараз немає відкритого звітного періоду. Координатор повідомить, коли він почнеться."
LIST_HEADER = "<b>{department}</b> · звіт за {year} рік{deadline}\nЗалишилося: {left} з {total}"
LIST_DEADLINE = " (до {date})"
LIST_ALL_DONE = "Усі заходи звітовано. Дякуємо! Звіт можна змінити, доки період відкритий."
LIST_NOT_PLANNED = "Заходи з позначкою ➖ у {year} році не заплановані: звітувати за них не обов'язково."
STATUS_MARK = {"reported": "✅", "draft": "✏️", "waiting": "⏳", "not_planned": "➖"}
PAGE_PREV = "◀️"
PAGE_NEXT = "▶️"

# --- one measure -------------------------------------------------------------------------------------
PROGRESS = "Захід {index} з {total}"
MEASURE_CARD = (
    "{progress} · <b>{department}</b>\n\n"
    "<b>{number}. </b>{text}\n\n"
    "Термін виконання: {term}\n"
    "План на {year} рік: <b>{plan}</b> тис. грн"
)
MEASURE_NOT_PLANNED = "\nУ {year} році захід не заплановано — звіт не обов'язковий."
MEASURE_LAST_YEAR = "\n\n<i>Торік ({year}) підрозділ писав:</i>\n{text}"
MEASURE_REPORTED = (
    "\n\nЗвіт уже подано. Нові відповіді створять нову редакцію; «Пропустити» залишає поточне значення."
)

ASK_ACTUAL = "Фактичний річний обсяг фінансування, тис. грн? (план — {plan})"
ASK_FINANCED = "Скільки фактично профінансовано у звітному періоді, тис. грн?"
ASK_PERCENT = "Відсоток виконання заходу (0–100)?"
ASK_PERCENT_SUGGESTED = (
    "Відсоток виконання заходу (0–100)? За сумами (профінансовано ÷ план) виходить {value} %."
)
ASK_INFO = (
    "Інформація про виконання: що зроблено. Можна надіслати кількома повідомленнями — я їх з'єднаю. "
    "Коли закінчите, натисніть «Готово»."
)
INFO_CURRENT = "\n\nЗараз ({length} симв.):\n<i>{text}</i>"
INFO_APPENDED = "Додано. Усього {length} симв. з {limit}. Надішліть ще або натисніть «Готово»."
CURRENT_VALUE = " Зараз: {value}."

BTN_ZERO = "0"
BTN_AS_PLAN = "як у плані ({plan})"
BTN_SKIP = "пропустити"
BTN_SUGGESTED = "{value} %"
BTN_FULL = "100 %"
BTN_DONE = "✅ Готово"
BTN_LAST_YEAR = "без змін з минулого року"
BTN_CLEAR = "очистити текст"
BTN_YES = "Так, правильно"
BTN_NO = "Ні, виправити"
BTN_CONFIRM = "✅ Підтвердити"
BTN_CANCEL = "✖️ Скасувати"
BTN_EDIT = {
    "actual": "✏️ Факт",
    "financed": "✏️ Профінансовано",
    "percent": "✏️ Відсоток",
    "info": "✏️ Текст",
}
BTN_NEXT = "➡️ Наступний захід: {number}"
BTN_LIST = "📋 До списку заходів"

WARN_ACTUAL_OVER_PLAN = "Фактичний обсяг {value} тис. грн значно більший за план ({plan}). Це правильно?"
WARN_FINANCED_OVER_ACTUAL = (
    "Профінансовано {value} тис. грн — більше за фактичний обсяг ({actual}). Це правильно?"
)

REVIEW = (
    "<b>Перевірте звіт</b> · {department}\n"
    "<b>{number}.</b> {text}\n\n"
    "План: {plan} тис. грн\n"
    "Факт: {actual}\n"
    "Профінансовано: {financed}\n"
    "Відсоток виконання: {percent}\n"
    "Інформація ({length} симв.):\n<i>{info}</i>"
)
NOT_GIVEN = "—"
SAVED = "✅ Збережено: захід {number} ({department}). Дякуємо!"
SAVED_ALL_DONE = "Це був останній захід, що чекав на звіт. Усі заходи звітовано!"
SAVED_OVER_OTHER = (
    "Зверніть увагу: поки ви заповнювали, {author} теж змінив(ла) звіт за цей захід ({when}). "
    "Збережено обидві редакції; чинна тепер — ваша."
)
SOMEONE = "інший працівник"
OVERTAKEN = (
    "Ваш звіт щодо заходу {number} ({department}) замінено новішою редакцією від {author}. "
    "Перегляньте його: /start."
)
CANCELLED_REVIEW = "Зміни за заходом {number} скасовано, нічого не збережено."
CANCELLED = "Перервано. Чернетку збережено — продовжити можна з /start."
NOTHING_TO_CANCEL = "Немає що переривати. /start — список заходів."

# --- bad input ---------------------------------------------------------------------------------------
PROBLEMS = {
    "empty": "Надішліть число, наприклад 12,5.",
    "not_a_number": "Це не схоже на суму. Надішліть число в тисячах гривень, наприклад 12,5 або 1 234,5.",
    "negative": "Сума не може бути від'ємною. Надішліть, наприклад, 0 або 12,5.",
    "too_many_places": "Забагато знаків після коми: суми — у тисячах гривень, не більше трьох знаків, наприклад 12,345.",
    "too_large": "Завелика сума для тисяч гривень. Суми — у тисячах, наприклад 1 234,5.",
    "out_of_range": "Відсоток має бути від 0 до 100, наприклад 75 або 95,2.",
    "use_buttons": "Скористайтеся кнопками під повідомленням.",
    "info_too_long": "Текст задовгий: разом має бути не більше {limit} символів (зараз {length}). Скоротіть цю частину.",
    "info_empty": "Текст порожній. Надішліть, що зроблено, або натисніть «пропустити».",
    "no_last_year": "Торішнього тексту немає. Надішліть текст повідомленням.",
    "nothing_to_save": "Звіт порожній: заповніть хоча б одне поле.",
    "no_suggestion": "Немає з чого порахувати відсоток. Надішліть число від 0 до 100.",
}
PERCENT_PROBLEMS = {
    "not_a_number": "Надішліть відсоток числом від 0 до 100, наприклад 75 або 95,2.",
    "empty": "Надішліть відсоток числом від 0 до 100, наприклад 75.",
    "too_many_places": "Відсоток — не більше двох знаків після коми, наприклад 95,25.",
    "too_large": "Відсоток має бути від 0 до 100, наприклад 75 або 95,2.",
    "negative": "Відсоток не може бути від'ємним: від 0 до 100.",
}
NOT_TEXT = "Я розумію тут лише текст. {hint}"
HINT_NUMBER = "Надішліть число, наприклад 12,5."
HINT_TEXT = "Надішліть текст повідомленням."
HINT_BUTTONS = "Скористайтеся кнопками під повідомленням."
EDITED_IGNORED = "Редагування надісланих повідомлень не враховується. Надішліть відповідь ще раз."
UNKNOWN_COMMAND = "Такої команди немає. /help — що вміє бот."
IDLE_TEXT = "Оберіть захід у списку: /start. Довідка: /help."
STALE_BUTTON = "Ця кнопка вже не діє."
FORBIDDEN_BUTTON = "Немає доступу до цього заходу."
PERIOD_CLOSED = "Звітний {year} рік закрито — зміни більше не приймаються. Зверніться до координатора."
ERROR = "Вибачте, сталася помилка. Спробуйте ще раз або надішліть /start."

# --- coordinator -------------------------------------------------------------------------------------
NOT_COORDINATOR = "Ця команда доступна лише координаторам."
INVITE_CHOOSE = "Для якого підрозділу створити запрошення?"
INVITE_NO_DEPARTMENTS = "У довіднику ще немає підрозділів. Спершу імпортуйте програму."
INVITE_CREATED = (
    "Запрошення до підрозділу «{department}»:\n{link}\n\n"
    "Посилання одноразове, діє до {expires}. Перешліть його працівникові підрозділу."
)

ARGUMENT_ERRORS = {
    "too_many": "Забагато параметрів: «{value}».",
    "bad_year": "«{value}» — не рік. Приклад: /{command} 2023",
    "bad_quarter": "«{value}» — не квартал. Приклад: /{command} 2023 Q3 (квартали Q1–Q4)",
    "bad_date": "«{value}» — не дата. Приклад: 20.01.2024",
    "bad_measure": "«{value}» — не номер заходу. Приклад: /{command} 4.1",
}
NO_PROGRAMS = "У базі ще немає жодної програми. Надішліть файл звіту (.txt або .xlsx), щоб імпортувати її."
CHOOSE_PROGRAM = "Для якої програми?"
NO_YEAR = "Вкажіть рік, наприклад: /{command} 2023"

REPORT_NO_DATA = "За {year} рік у програмі «{program}» немає ні планів, ні звітів."
REPORT_CAPTION = "{title}\nЗвітували: заходів {reported} з {total}, підрозділів {complete} з {departments}."
REPORT_CAPTION_QUARTER = "Стан на {moment} (термін звіту за {quarter} квартал)."
REPORT_CAPTION_MISSING = "\nНе звітували: {missing}"
REPORT_CAPTION_ALL = "\nУсі підрозділи звітували."

STATUS_HEADER = "<b>Стан звітування за {year} рік</b>\n{program}\nПеріод: {period}"
STATUS_PERIOD_OPEN = "відкритий, термін {deadline}"
STATUS_PERIOD_OPEN_NO_DEADLINE = "відкритий, термін не встановлено"
STATUS_PERIOD_LOCKED = "закритий"
STATUS_PERIOD_NONE = "не відкривався"
STATUS_DEPARTMENT = "{mark} <b>{name}</b>: {reported} з {assigned}{drafts}"
STATUS_DRAFTS = ", чернеток {count}"
STATUS_MISSING = "   не звітовано: {numbers}"
STATUS_MEMBERS = "   {members}"
STATUS_NO_MEMBERS = "   ⚠️ немає жодного працівника в боті — надішліть запрошення: /invite"
STATUS_MEMBER = "{name}{reminded}{muted}"
STATUS_REMINDED = " (нагадування {when})"
STATUS_MUTED = " 🔕 до {until}"
STATUS_NOTHING = "У {year} році за програмою немає запланованих заходів."
BTN_REMIND = "🔔 Нагадати: {department}"
REMIND_SENT = "Нагадування надіслано: {count} особам підрозділу {department}."
REMIND_NOBODY = "Підрозділ {department} нічого не винен або не має працівників у боті."

PERIOD_OPENED = "Звітний {year} рік відкрито для звітування. Термін: {deadline}."
PERIOD_LOCKED = "Звітний {year} рік закрито: виконавці більше не можуть змінювати звіти."
PERIOD_UNLOCKED = "Звітний {year} рік знову відкрито."
PERIOD_NOT_OPENED = "{year} рік ще не відкривався. Відкрити: /open {year} 20.01.{next_year}"
PERIOD_OUT_OF_TERM = "{year} рік поза терміном програми ({start}–{end})."
DEADLINE_NOT_SET = "не встановлено"

HISTORY_HEADER = "<b>Історія заходу {number}</b> за {year} рік"
HISTORY_EMPTY = "За {year} рік звітів щодо заходу {number} ще немає."
HISTORY_ENTRY = "{n}. {when} · {author} · {department} · {source}"
HISTORY_FIRST = "   перша редакція: {fields}"
HISTORY_CHANGE = "   {field}: {old} → {new}"
HISTORY_SAME = "   без змін у значеннях"
HISTORY_UNKNOWN_MEASURE = "Заходу {number} немає в програмі."
SOURCE_NAMES = {"bot": "у боті", "import": "імпорт", "coordinator": "координатор"}
FIELD_NAMES = {
    "actual": "факт",
    "financed": "профінансовано",
    "percent": "відсоток",
    "info": "текст",
}

EDIT_CHOOSE_DEPARTMENT = "Від імені якого підрозділу виправити захід {number}?"
EDIT_NO_DEPARTMENTS = "Захід {number} не має підрозділів-виконавців."
ON_BEHALF = "\n✍️ Ви вносите зміни від імені підрозділу як координатор."

MEMBERS_CHOOSE = "Працівники якого підрозділу?"
MEMBERS_LIST = "<b>{department}</b>, працівники в боті:"
MEMBERS_NONE = "<b>{department}</b>: у боті ще немає працівників. Запрошення: /invite"
BTN_REMOVE = "✖️ Вилучити: {name}"
MEMBER_REMOVED = "{name} більше не входить до підрозділу {department}."
MEMBER_NOT_FOUND = "Цієї особи вже немає в підрозділі."

IMPORT_RECEIVED = "Отримав файл «{name}». Перевіряю…"
IMPORT_PREVIEW = "<b>Що буде імпортовано</b>\n{summary}\n\nЗастосувати?"
IMPORT_FAILED = "Файл не імпортовано. {error}"
IMPORT_TOO_BIG = "Файл завеликий ({size} МБ). Найбільше — {limit} МБ."
IMPORT_APPLIED = "✅ Імпортовано.\n{summary}"
IMPORT_CANCELLED = "Імпорт скасовано, нічого не змінено."
IMPORT_EXPIRED = "Цей імпорт уже не актуальний. Надішліть файл ще раз."
BTN_APPLY = "✅ Застосувати"
BTN_DISCARD = "✖️ Скасувати"

# --- reminders (bot/reminders) -------------------------------------------------------------------------
# Begin of the reminder texts block: keep it at the end of the file.
CMD_MUTE = "Вимкнути нагадування на час"
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}
REMINDER_HEADER = "⏰ <b>Нагадування</b>"
REMINDER_HEADER_MANUAL = "🔔 <b>Нагадування від координатора</b>"
REMINDER_BEFORE_ANNUAL = (
    "{header}\n"
    "Строк подання звіту за {year} рік — <b>{deadline}</b>.\n\n"
    "<b>{department}</b> · заходів без звіту: {count}\n{items}"
)
REMINDER_NO_DEADLINE = (
    "{header}\nЗвіт за {year} рік.\n\n<b>{department}</b> · заходів без звіту: {count}\n{items}"
)
REMINDER_BEFORE_QUARTER = (
    "{header}\n"
    "Строк оновлення інформації за {quarter} квартал {year} року — <b>{deadline}</b>.\n\n"
    "<b>{department}</b> · заходів, не оновлених від {since}: {count}\n{items}"
)
REMINDER_OVERDUE_ANNUAL = (
    "⚠️ <b>Строк минув</b> {deadline}: звіт за {year} рік.\n\n"
    "<b>{department}</b> · заходів без звіту: {count}\n{items}\n\n"
    "Будь ласка, заповніть якнайшвидше."
)
REMINDER_OVERDUE_QUARTER = (
    "⚠️ <b>Строк минув</b> {deadline}: інформація за {quarter} квартал {year} року.\n\n"
    "<b>{department}</b> · заходів, не оновлених від {since}: {count}\n{items}\n\n"
    "Будь ласка, оновіть якнайшвидше."
)
REMINDER_ITEM = "• {number}. {text}"
REMINDER_MORE = "… і ще {count}"
REMINDER_FOOTER = "\n\nКнопка нижче відкриває перший захід. /mute — вимкнути нагадування на час."
BTN_REMINDER_OPEN = "📝 Заповнити {number}"
DIGEST_ANNUAL = "📋 <b>Зведення</b> · звіт за {year} рік, строк минув {deadline}"
DIGEST_QUARTER = "📋 <b>Зведення</b> · {quarter} квартал {year} року, строк минув {deadline}"
DIGEST_PROGRAM = "\n<i>{program}</i>"
DIGEST_MISSING = "\n\n<b>Ще не звітували:</b>"
DIGEST_LINE = "\n• <b>{department}</b> — {count} з {planned}: {numbers}"
DIGEST_NO_MEMBERS = " <i>(у боті нікого з підрозділу)</i>"
DIGEST_ALL_DONE = "\n\nУсі підрозділи звітували. Дякуємо!"
DIGEST_MUTED = "\n\n<b>Вимкнули нагадування:</b>"
DIGEST_MUTED_LINE = "\n• {name} ({departments}) — до {until}"
MUTE_ONLY_MEMBERS = "Нагадування надходять лише працівникам підрозділів."
MUTE_ASK_ON = "🔔 Нагадування про звіти увімкнено. На який час їх вимкнути?"
MUTE_ASK_OFF = "🔕 Нагадування вимкнено до {until} включно. Змінити?"
BTN_MUTE_PERIOD = "До кінця звітного періоду (до {until})"
BTN_MUTE_WEEK = "На 7 днів (до {until})"
BTN_UNMUTE = "🔔 Увімкнути знову"
MUTE_DONE = "🔕 Нагадування вимкнено до {until} включно. Увімкнути знову — /mute."
UNMUTE_DONE = "🔔 Нагадування знову увімкнено."
# End of the reminder texts block.
