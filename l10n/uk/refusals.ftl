# Why an action (actions/) was refused: one message per actions.refusals.Reason, «refused-<reason>», its
# variables the refusal's details, and $front: "chat" (the bot) or "cli" (python -m cli), where the way out
# differs. Said the same in both otherwise.

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

# coordination
# $deadline, $earliest, $latest: dates
refused-deadline-out-of-range = Строк { $deadline } поза допустимими датами: від { $earliest } до { $latest } (термін програми і ще два роки після нього). Нічого не змінено.
refused-year-not-opened = { $year } рік ще не відкривався. Відкрити: { $front ->
    [cli] python -m cli open-year { $year } --deadline { $next_year }-01-20
   *[chat] /open { $year } 20.01.{ $next_year }
}
refused-gone = { stale-button }
refused-invite-unknown = Це запрошення недійсне. Попросіть у координатора нове посилання.
refused-invite-revoked = Це запрошення відкликано: за ним більше не можна приєднатися. Попросіть у координатора нове посилання.
refused-invite-expired = Термін дії цього запрошення минув. Попросіть у координатора нове посилання.
refused-invite-already-revoked = { invite-already-revoked }
refused-not-a-member = { member-not-found }
