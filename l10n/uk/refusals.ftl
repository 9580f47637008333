# Why an action (actions/) was refused: one message per actions.refusals.Reason, «refused-<reason>»,
# its variables the refusal's details. Said the same in the chat and on the command line.

refused-not-coordinator = { not-coordinator }
refused-year-locked = { $year } рік закрито (/lock) — нічого не змінено. Щоб змінити, спершу /unlock { $year }.
refused-year-out-of-term = { $year } рік поза терміном програми ({ $start }–{ $end }).
refused-plan-unchanged = Аркуш плану на { $year } рік не змінює жодного плану — нічого застосовувати.
refused-sheet-other-year = Аркуш плану — на { $sheet } рік, а не на { $year }. Нічого не змінено.
refused-unknown-measure = Заходу { $number } немає в програмі. Нічого не змінено.
refused-upload-gone = { upload-expired }
# $at: when it was applied
refused-upload-applied = Цей файл уже застосовано { $at }. Щоб змінити ще щось, надішліть новий файл.
