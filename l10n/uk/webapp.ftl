# The Mini App (webapp/): the coordinator's desk inside Telegram. Messages starting with «webapp-» and without
# variables are sent to the page as one dictionary (GET /api/words); the others are formatted by the server.
# Plain text (not Telegram HTML): the page puts them in as text.

## in the chat

# the button under /status and the menu button (administrators, coordinators, observers)
webapp-open-button = 📊 Відкрити робочий стіл
webapp-menu-button = Робочий стіл

## refusals: nothing was changed

webapp-init-missing = Відкрийте робочий стіл з бота в Telegram: сторінка без підпису Telegram нічого не показує.
webapp-init-forged = Підпис Telegram не збігається. Закрийте сторінку й відкрийте робочий стіл з бота ще раз.
webapp-init-expired = Сесія застаріла. Закрийте сторінку й відкрийте робочий стіл з бота ще раз.
webapp-init-malformed = Дані Telegram пошкоджені. Відкрийте робочий стіл з бота ще раз.
webapp-forbidden = Робочий стіл — для координаторів програм, адміністраторів і спостерігачів. Звіти підрозділу подавайте в чаті з ботом.
webapp-too-big = Запит завеликий. Нічого не змінено.
webapp-bad-json = Запит пошкоджений (не JSON). Нічого не змінено.
webapp-bad-request = У запиті бракує даних або вони неправильні. Нічого не змінено.
webapp-bad-type = Запит надіслано не як JSON — робочий стіл такого не приймає. Нічого не змінено.
webapp-slow = Запит надходив задовго, його не дочекалися. Нічого не змінено; спробуйте ще раз.
webapp-replayed = Цей запит уже надсилали — повторно його не виконано. Нічого не змінено.
webapp-not-found = Такої сторінки немає.
webapp-method-not-allowed = Така дія з цією сторінкою неможлива. Нічого не змінено.
webapp-failed = Щось пішло не так на сервері. Нічого не змінено; спробуйте ще раз за хвилину.
webapp-link-expired = Посилання на файл застаріло. Натисніть «Завантажити» ще раз.
webapp-no-year = У програми ще немає року з планами чи звітами.
# $count: plans changed by «Застосувати»
webapp-applied = { $count ->
    [one] Змінено { $count } план. Записано в історію.
    [few] Змінено { $count } плани. Записано в історію.
   *[many] Змінено { $count } планів. Записано в історію.
}
# $number: the measure, $department: its short name
webapp-accepted = Звіт із заходу { $number } ({ $department }) прийнято.
webapp-returned = Звіт із заходу { $number } ({ $department }) повернуто з коментарем; виконавцям повідомлено в чаті.
# $count: reports accepted
# $count: reports on measures accepted; $facts: facts of result indicators accepted (either may be 0)
webapp-accepted-all = Прийнято звітів: { $count }{ $facts ->
        [0] {""}
       *[other] , фактів показників: { $facts }
    } ({ $department }).

## the page

webapp-title = Робочий стіл координатора
webapp-loading = Завантаження…
webapp-city = Програми громади
webapp-my-programs = Мої програми
webapp-col-program = Програма
webapp-col-responsible = Відповідальний
webapp-col-year = Рік
webapp-col-complete = Виконано заходів
webapp-col-late = Запізнюються
webapp-col-waiting = На перевірці
webapp-col-task = Завдання
webapp-col-measure = Захід
webapp-col-department = Підрозділ
webapp-col-plan = План
webapp-col-actual = Факт
webapp-col-financed = Профінансовано
webapp-col-percent = %
# The program's result indicators under its measures (section 2 of the report)
webapp-indicators-title = Результативні показники
webapp-col-indicator = Показник
webapp-col-deviation = Відхилення
webapp-col-reason = Причина відхилення
webapp-tab-table = Таблиця
webapp-tab-charts = Графіки
webapp-tab-plans = Плани
webapp-tab-reviews = Перевірка
webapp-tab-files = Файли
webapp-filter-all = Усі
webapp-filter-late = Боржники
webapp-filter-waiting = На перевірці
webapp-filter-department = Підрозділ:
webapp-all-departments = усі
webapp-mark-done = подано
webapp-mark-owed = не подано
webapp-mark-late = запізнюється
webapp-mark-waiting = на перевірці
webapp-chart-completeness = Виконано заходів, за підрозділами
webapp-chart-plan-fact = План і факт за завданнями, тис. грн
webapp-legend-plan = план
webapp-legend-fact = профінансовано
webapp-plans-general = Загальний фонд
webapp-plans-special = Спеціальний фонд
webapp-plans-hint = Порожня клітинка — плану немає, 0 — план нуль. Спершу «Переглянути зміни», тоді «Застосувати».
webapp-plans-read-only = Плани змінює координатор програми.
webapp-plans-bad-amount = Не число: пишіть, наприклад, 12,5 (тис. грн, до трьох знаків після коми).
webapp-preview = Переглянути зміни
webapp-apply = Застосувати
webapp-cancel = Скасувати
webapp-changes = Що зміниться
webapp-reviews-none = Нічого не чекає на перевірку.
webapp-reviews-read-only = Звіти перевіряє координатор програми.
webapp-accept = Прийняти
webapp-return = Повернути з коментарем
webapp-accept-all = Прийняти все від підрозділу
webapp-comment = Що саме виправити
webapp-send-return = Повернути
webapp-was = було
webapp-now = стало
webapp-first-report = перший звіт
webapp-info = Що зроблено
webapp-downloads = Звіт за рік
webapp-files-none = Файлів-підтверджень немає.
webapp-files = Файли-підтвердження
webapp-read-only = Лише перегляд
webapp-back = Назад
webapp-year = Рік

## settings

settings-bad-webapp-url = адреса робочого столу має починатися з https:// (Telegram відкриває Mini App лише через HTTPS), а не «{ $value }»
