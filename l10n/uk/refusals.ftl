# Why an action (actions/) was refused: one message per actions.refusals.Reason, «refused-<reason>», its
# variables the refusal's details, and $front: "chat" (the bot), "cli" (python -m cli) or "webapp" (the Mini
# App), where the way out differs. Said the same in all otherwise.

refused-not-coordinator = { not-coordinator }
refused-year-locked = { $year } рік закрито — нічого не змінено. Щоб змінити, спершу { $front ->
    [cli] відкрийте його: python -m cli open-year { $year }
   *[chat] /unlock { $year }
}.
refused-year-out-of-term = { period-out-of-term }
refused-plan-unchanged = Аркуш плану на { $year } рік не змінює жодного плану — нічого застосовувати.
refused-sheet-other-year = Аркуш плану — на { $sheet } рік, а не на { $year }. Нічого не змінено.
refused-unknown-measure = Заходу { $number } немає в програмі. Нічого не змінено.
refused-upload-gone = { upload-expired }
# $at: when it was applied
refused-upload-applied = Цей файл уже застосовано { $at }. Щоб змінити ще щось, надішліть новий файл.
# reviews and reports
refused-review-decided = Цей звіт уже перевірено або змінено — показую наступний.
refused-review-comment-blank = Коментар порожній. Напишіть, що саме виправити.
refused-report-no-data = За { $year } рік у програмі «{ $program }» немає ні планів, ні звітів.
refused-term-reversed = Роки вказано у зворотному порядку: { $first }-{ $last }. Напишіть, наприклад, { $last }-{ $first }.
refused-term-outside = Роки { $first }-{ $last } виходять за термін програми ({ $start }-{ $end }).
refused-term-no-data = За { $first }-{ $last } роки у програмі немає ні планів, ні звітів.

# reporting
refused-not-your-measure = { forbidden-button }
refused-measure-not-in-force = { measure-not-in-force }
# $department: the person's department's short name
refused-measure-not-assigned = Захід { $number } тепер виконує не { $department }: виконавців змінено змінами до Програми. Звітувати за нього не потрібно.
refused-period-closed = { period-closed }
refused-step-gone = { stale-button }
refused-no-measure-open = { evidence-no-measure }
# $limit: in MB
refused-file-too-big = { evidence-too-big }
refused-too-many-files = { evidence-too-many }

# coordination
# $deadline, $earliest, $latest: dates
refused-deadline-out-of-range = Строк { $deadline } поза допустимими датами: від { $earliest } до { $latest } (від початку звітного року до кінця другого року після терміну програми). Нічого не змінено.
refused-year-not-opened = { $year } рік ще не відкривався. Відкрити: { $front ->
    [cli] python -m cli open-year { $year } --deadline { $next_year }-01-20
   *[chat] /open { $year } 20.01.{ $next_year }
}
refused-gone = { $front ->
    [webapp] Такого тут уже немає: програму чи файл не знайдено. Поверніться до списку програм.
   *[other] { stale-button }
}
refused-invite-unknown = Це запрошення недійсне. Попросіть у координатора нове посилання.
refused-invite-revoked = Це запрошення відкликано: за ним більше не можна приєднатися. Попросіть у координатора нове посилання.
refused-invite-expired = Термін дії цього запрошення минув. Попросіть у координатора нове посилання.
refused-invite-already-revoked = { invite-already-revoked }
refused-not-a-member = { member-not-found }

## Roles
refused-read-only = Ви можете лише переглядати цю програму — змінювати її може її координатор або адміністратор. Нічого не змінено.
refused-not-administrator = Це може зробити лише адміністратор громади. Нічого не змінено.

## The directory of departments
# $id: the department's number in the directory
refused-department-gone = { $front ->
    [cli] Підрозділу з номером { $id } немає в довіднику. Номери: python -m cli departments
   *[chat] Цього підрозділу вже немає в довіднику (можливо, його об'єднали з іншим). Довідник: /departments
}
# $field: "short" or "full"
refused-department-name-blank = { $field ->
    [full] Повна назва
   *[short] Коротка назва
} не може бути порожньою. Нічого не змінено.
# $limit: characters
refused-department-name-too-long = { $field ->
    [full] Повна назва
   *[short] Коротка назва
} задовга: щонайбільше { $limit } символів. Нічого не змінено.
# $name: the name asked for; $department: the short name of the department that has it
refused-department-name-taken = Назва «{ $name }» уже є в підрозділу «{ $department }». Виберіть іншу або об'єднайте підрозділи. Нічого не змінено.
refused-merge-same = Підрозділ «{ $department }» не можна об'єднати з ним самим.
refused-directory-unchanged = Таблиця довідника нічого не змінює — нічого застосовувати.

## The city at a glance
refused-not-city-reader = Огляд усіх програм громади доступний лише адміністраторам і спостерігачам.

## Roles granted and revoked in the chat (actions.roles)
refused-role-link-unknown = Це посилання недійсне. Попросіть в адміністратора нове.
refused-role-link-revoked = Це посилання відкликано: роль за ним більше не надається. Попросіть в адміністратора нове.
refused-role-link-expired = Термін дії цього посилання минув. Попросіть в адміністратора нове.
refused-role-link-already-revoked = Це посилання вже відкликано.
refused-role-from-settings = Цього адміністратора задано в налаштуваннях бота (ADMIN_IDS або COORDINATOR_IDS) — у чаті його не відкликати. Приберіть його id з налаштувань і перезапустіть бота. Нічого не змінено.
refused-role-already-revoked = Цю роль уже відкликано.

## result indicators (actions.indicators)
refused-not-your-indicator = Немає доступу до цього показника: його звітує інший підрозділ (або його вже немає в програмі цього року).

## Result indicators' plans (actions.indicator_plans)
refused-unknown-indicator = Показника { $number } немає в програмі на { $year } рік. Нічого не змінено.
# $value: as typed; $unit: the indicator's unit as written
refused-indicator-value-not-a-number = План не змінено: «{ $value }» — це не число в одиницях «{ $unit }».
refused-indicator-value-negative = План не змінено: «{ $value }» — від'ємне число, а значення показника («{ $unit }») не може бути менше 0.
refused-indicator-value-percent-over-100 = План не змінено: «{ $value }» — відсоток має бути від 0 до 100.
refused-indicator-value-too-many-decimals = План не змінено: «{ $value }» — забагато знаків після коми (не більше трьох).
refused-indicator-value-too-large = План не змінено: «{ $value }» — занадто велике число для «{ $unit }».
refused-indicator-plan-changed = План показника { $number } на { $year } рік змінився після попереднього перегляду — нічого не змінено. Надішліть команду ще раз.
refused-indicator-plan-already = План показника { $number } на { $year } рік уже застосовано.
# the Mini App (webapp/)
refused-plan-preview-stale = Плани на { $year } рік змінилися після перегляду змін — нічого не змінено. { $front ->
    [chat] Надішліть файл ще раз: я покажу зміни проти нинішніх планів, і тоді застосуйте.
   *[other] Перегляньте зміни ще раз і тоді застосуйте.
}
