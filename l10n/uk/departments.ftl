# The directory of departments edited by a coordinator: /departments in the bot (bot/handlers/directory.py), the
# directory sheet (reports/directory_sheet.py), python -m cli departments.

## /departments: the list, a department's card

command-departments = Довідник підрозділів
# $count: departments in all; $page, $pages: this page of the list
departments-header = <b>Довідник виконавців</b>: { $count ->
    [one] { $count } підрозділ
    [few] { $count } підрозділи
   *[other] { $count } підрозділів
}{ $pages ->
    [1] {""}
   *[other] , сторінка { $page } з { $pages }
}. Натисніть підрозділ, щоб перейменувати його чи об'єднати з іншим.
# $reports: "yes" when it has reports
departments-line = <b>{ $short }</b> — { $name } · заходів: { $measures } · у боті: { $members }{ $reports ->
    [yes] {" "}· є звіти
   *[no] {""}
}
departments-empty = У довіднику ще немає підрозділів: вони з'являються з імпортом звіту програми — надішліть його файл сюди.
departments-button-sheet = 📄 Таблиця довідника
departments-page-previous = ◀️
departments-page-next = ▶️
# $measures: one departments-card-program per program, or departments-none; $aliases: separated by «; », or departments-none
departments-card =
    <b>{ $short }</b>
    Повна назва: { $name }
    Ключові фрази (за ними імпорт упізнає підрозділ): { $aliases }
    Заходи: { $measures }
    Працівників у боті: { $members }
    Звіти: { $reports ->
        [0] немає
       *[other] є ({ $reports } ред.)
    }
departments-card-program = «{ $program }» — { $count }
departments-none = немає
departments-button-rename = ✏️ Перейменувати
departments-button-merge = 🔀 Об'єднати з…
departments-button-back = ⬅️ До довідника

## A rename: the next message is the new short name

departments-ask-short-name = Надішліть нову коротку назву для «{ $short }» (до { $limit } символів; її бачать усі в боті). Повна назва: { $name }. Повну назву й ключові фрази змінюють у «Таблиці довідника» (/departments). Скасувати — будь-яка команда, наприклад /cancel.
# A voice note, a sticker, an edit… while the new short name is waited for
departments-short-name-text-only = Нову коротку назву приймаю лише текстом: надішліть її повідомленням. Скасувати — будь-яка команда, наприклад /cancel.
departments-renamed = ✅ Перейменовано: «{ $old }» → «{ $new }».
departments-rename-same = Коротка назва й так «{ $new }» — нічого не змінено.

## A merge: pick the department that stays, then confirm

departments-merge-choose = З яким підрозділом об'єднати «{ $gone }»? «{ $gone }» зникне з довідника, а все його — заходи, звіти, працівники, запрошення — перейде до вибраного.
departments-merge-none = У довіднику немає інших підрозділів.
departments-merge-ask =
    Об'єднати «{ $gone }» з «{ $keep }»?
    До «{ $keep }» перейдуть: заходів { $measures }{ $shared ->
        [0] {""}
       *[other] {" "}(у { $shared } з них «{ $keep }» уже серед виконавців)
    }, редакцій звітів { $reports }, працівників { $members }, чернеток { $drafts }, файлів { $files }, посилань-запрошень { $invites }.
    Назва «{ $gone }» і її ключові фрази стануть ключовими фразами «{ $keep }», щоб імпорт і далі впізнавав її. «{ $gone }» буде вилучено з довідника.
# $list: "4.3 (2023), 2.9 (2024)"
departments-merge-both = ⚠️ Обидва звітували про { $list }: відтепер це історія «{ $keep }», зараховується пізніший звіт, інший лишається в історії (/history).
departments-merge-both-item = { $number } ({ $year })
departments-button-merge-do = ✅ Об'єднати
departments-button-merge-swap = ↔️ Навпаки: залишити «{ $gone }»
departments-button-cancel = Скасувати
departments-merged = ✅ «{ $gone }» об'єднано з «{ $keep }»: перенесено заходів { $measures }, редакцій звітів { $reports }, працівників { $members }.

## The directory sheet

directory-sheet-title = Довідник виконавців (підрозділів)
directory-sheet-title-short = Довідник
directory-sheet-hint = Змініть жовті клітинки й надішліть файл боту; перед застосуванням бот покаже зміни. Коротку назву бачать усі в боті; за ключовими фразами (через «; ») імпорт упізнає підрозділ у колонці «Виконавці». Два записи одного підрозділу: у рядку того, що має зникнути, впишіть коротку назву того, що залишається — йому перейдуть заходи, звіти, працівники й запрошення, а назва зниклого стане його ключовою фразою (інші зміни в рядку, що зникає, не застосовуються). Не змінюйте номери (колонка A) і рядки 1–4.
directory-sheet-key = Ключ таблиці для бота (не змінюйте цей рядок): { $key }
directory-sheet-col-id = №
directory-sheet-col-short = Коротка назва
directory-sheet-col-name = Повна назва
directory-sheet-col-aliases = Ключові фрази (через «; »)
directory-sheet-col-merge = Об'єднати з (коротка назва)
directory-sheet-col-measures = Заходів
directory-sheet-col-reports = Є звіти
# The hidden columns: $column as the sheet was made
directory-sheet-col-sent = { $column } (як надіслано)
directory-sheet-reports = { $has ->
    [yes] так
   *[no] ні
}
directory-sheet-file-name = Довідник виконавців.xlsx
directory-sheet-caption = Довідник виконавців: змініть жовті клітинки й надішліть цей файл сюди. Бот покаже зміни і застосує їх лише після «Застосувати».

## A directory sheet sent back: what is wrong, named by its cell

directory-sheet-refused = Таблицю довідника не застосовано, нічого не змінено:
directory-sheet-not-one = це не таблиця довідника: у першому рядку має бути «Довідник виконавців (підрозділів)». Отримайте її: /departments → «Таблиця довідника».
directory-sheet-no-key = у рядку 3 немає ключа таблиці, тож невідомо, якою базою її складено. Отримайте нову (/departments → «Таблиця довідника») і не змінюйте рядки 1–4.
# $key: the other database's key; $made: the day the sheet was made
directory-sheet-other-database = таблицю складено іншим ботом (іншою базою даних: ключ { $key }, { $made }). Тут її не застосовано; отримайте таблицю цього бота: /departments → «Таблиця довідника».
directory-sheet-no-header = не знайдено рядок заголовків (колонка «{ $title }» у рядку 4).
directory-sheet-no-id = немає номера підрозділу. Нові підрозділи з'являються з імпортом звіту програми; тут змінюють наявні.
directory-sheet-bad-id = «{ $value }» — не номер підрозділу.
directory-sheet-unknown-id = підрозділу № { $id } немає в довіднику (можливо, його вже об'єднали з іншим). Отримайте свіжу таблицю.
directory-sheet-duplicate-id = підрозділ № { $id } уже є в рядку { $first }.
directory-sheet-unknown-target = немає підрозділу з короткою назвою «{ $name }».
directory-sheet-merge-self = «{ $name }» — це той самий підрозділ: з собою його не об'єднати.
directory-sheet-merge-chain = «{ $name }» у цій таблиці сам об'єднується з «{ $further }» — впишіть одразу «{ $further }».
directory-sheet-blank = { $field ->
    [full] повна назва
   *[short] коротка назва
} порожня.
directory-sheet-too-long = { $field ->
    [full] повна назва
   *[short] коротка назва
} задовга: щонайбільше { $limit } символів.
directory-sheet-name-taken = назва «{ $name }» уже є в підрозділу «{ $department }».
directory-sheet-alias-taken = ключова фраза «{ $alias }» уже є в підрозділу «{ $department }».

## What a directory sheet does (the preview, python -m cli departments --apply)

directory-diff-header = Таблиця довідника: { $count ->
    [one] { $count } зміна
    [few] { $count } зміни
   *[other] { $count } змін
}.
directory-diff-short = ✏️ { $old } → { $new }
directory-diff-name = ✏️ { $short }: повна назва «{ $old }» → «{ $new }»
# $changes: directory-diff-added and directory-diff-removed, separated by «; »
directory-diff-aliases = 🔑 { $short }: { $changes }
# $aliases: separated by «; »
directory-diff-added = додано ключові фрази «{ $aliases }»
directory-diff-removed = вилучено ключові фрази «{ $aliases }»
directory-diff-merge = 🔀 «{ $gone }» → «{ $keep }»: заходів { $measures }, редакцій звітів { $reports }, працівників { $members }; «{ $gone }» зникне з довідника
directory-diff-both-reported = {"    "}⚠️ обидва звітували про захід { $number } за { $year } рік: зараховано пізніший звіт, інший лишається в історії
directory-sheet-preview =
    <b>Таблиця довідника</b>
    { $diff }

    Застосувати ці зміни?
directory-sheet-applied = ✅ Довідник змінено: { $count ->
    [one] { $count } зміна
    [few] { $count } зміни
   *[other] { $count } змін
}.

## python -m cli departments

cli-help-departments = довідник підрозділів: показати (без дії), перейменувати, об'єднати, таблиця
cli-help-departments-rename = нова коротка і (чи) повна назва підрозділу
cli-help-departments-merge = об'єднати: усе підрозділу GONE перейде до KEEP, GONE зникне
cli-help-department-id = номер підрозділу (перша колонка python -m cli departments)
cli-help-department-short = нова коротка назва
cli-help-department-name = нова повна назва
cli-help-department-keep = номер підрозділу, що залишається
cli-help-department-gone = номер підрозділу, що зникне
cli-help-departments-out = записати таблицю довідника (XLSX) у цей файл
cli-help-departments-apply = застосувати заповнену таблицю довідника
cli-help-departments-dry-run = лише показати, що змінить таблиця
# $aliases: separated by «; », or departments-none; $measures: measures over all programs
cli-departments-line = { $id }. { $short } — { $name } · заходів: { $measures } · у боті: { $members } · звітів: { $reports } · фрази: { $aliases }
cli-departments-empty = У довіднику ще немає підрозділів (вони з'являються з імпортом звіту програми).
cli-departments-renamed = Перейменовано: { $old } → { $new } ({ $name }).
cli-departments-merged = { $gone } об'єднано з { $keep }: перенесено заходів { $measures }, редакцій звітів { $reports }, працівників { $members }.
cli-departments-both-reported = Обидва звітували про { $list }: зараховується пізніший звіт.
cli-departments-sheet-written = Таблицю довідника записано: { $path }
cli-departments-dry-run = Нічого не змінено (--dry-run).
cli-departments-rename-nothing = Вкажіть нову коротку назву або --name з новою повною назвою.
