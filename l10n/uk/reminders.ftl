# Reminders: what members and coordinators get before and after deadlines, and /mute.
# Messages are Telegram HTML: keep tags balanced; values put in are escaped by the code.

# An interim report's period: the name of storage.deadlines.Interim (Q1…Q4, H1, M9), as in «інформація за … 2024 року».
interim-name = { $interim ->
    [Q1] I квартал
    [Q2] II квартал
    [Q3] III квартал
    [H1] I півріччя
    [M9] 9 місяців
   *[Q4] IV квартал
}

## A member's reminder of what their department owes (scheduled, or a coordinator's «Нагадати»)

# $program: where the database holds several programs, reminder-program and a line end; else empty

# $kind: before (a deadline is near), manual (a coordinator pressed «Нагадати»)
reminder-heading = { $kind ->
    [manual] 🔔 <b>Нагадування від координатора</b>
   *[before] ⏰ <b>Нагадування</b>
}
reminder-before-annual =
    { reminder-heading }
    Строк подання звіту за { $year } рік — <b>{ $deadline }</b>.

    { $program }<b>{ $department }</b>{ $count ->
        [0] {""}
       *[other] {" · "}заходів без звіту: { $count }
    }
    { $items }
reminder-no-deadline =
    { reminder-heading }
    Звіт за { $year } рік.

    { $program }<b>{ $department }</b>{ $count ->
        [0] {""}
       *[other] {" · "}заходів без звіту: { $count }
    }
    { $items }
reminder-before-quarter =
    { reminder-heading }
    Строк оновлення інформації за { $period } { $year } року — <b>{ $deadline }</b>.

    { $program }<b>{ $department }</b> · заходів, не оновлених від { $since }: { $count }
    { $items }
reminder-overdue-annual =
    ⚠️ <b>Строк минув</b> { $deadline }: звіт за { $year } рік.

    { $program }<b>{ $department }</b>{ $count ->
        [0] {""}
       *[other] {" · "}заходів без звіту: { $count }
    }
    { $items }

    Будь ласка, заповніть якнайшвидше.
reminder-overdue-quarter =
    ⚠️ <b>Строк минув</b> { $deadline }: інформація за { $period } { $year } року.

    { $program }<b>{ $department }</b> · заходів, не оновлених від { $since }: { $count }
    { $items }

    Будь ласка, оновіть якнайшвидше.
reminder-item = • { $number }. { $text }
reminder-more = … і ще { measures-count }
# $opens: what the button under the message opens — "measure" (the first owed measure) or "list" (the
# department's list, where a department that owes only result indicators finds them)
reminder-footer = { $opens ->
        [list] Кнопка нижче відкриває список підрозділу.
       *[measure] Кнопка нижче відкриває перший захід.
    } /mute — вимкнути нагадування на час.
button-reminder-open = 📝 Заповнити { $number }

## One message for several reminders of one person at one send time (several programs, several departments):
## the heading, then a part per program's deadline (reminder-program where the database holds several
## programs, reminder-deadline, then reminder-department and its reminder-items per department), then the end

# $kind: before, overdue
reminder-combined-heading = { $kind ->
    [overdue] ⚠️ <b>Строк минув</b>
   *[before] ⏰ <b>Нагадування</b>
}
# A program's short name
reminder-program = 📂 <b>{ $program }</b>
# $what: annual, interim ($period: the interim report's name)
reminder-deadline = { $kind ->
    [overdue] { $what ->
        [annual] Звіт за { $year } рік, строк минув <b>{ $deadline }</b>.
       *[interim] Інформація за { $period } { $year } року, строк минув <b>{ $deadline }</b>.
    }
   *[before] { $what ->
        [annual] Строк подання звіту за { $year } рік — <b>{ $deadline }</b>.
       *[interim] Строк оновлення інформації за { $period } { $year } року — <b>{ $deadline }</b>.
    }
}
# $since: the day from which an update counts (an interim report), or "none" (the annual report)
# $count 0: the department owes only result indicators (their line follows)
reminder-department = <b>{ $department }</b>{ $count ->
        [0] {""}
       *[other] {" · "}{ $since ->
            [none] заходів без звіту
           *[other] заходів, не оновлених від { $since }
        }: { $count }
    }
# Parts left out of a very long message (many programs): how many measures they owe
reminder-more-elsewhere = … і ще { measures-count } — усі у списку: /start
reminder-combined-overdue = Будь ласка, заповніть якнайшвидше.

## The coordinators' digest after a deadline

digest-annual = 📋 <b>Зведення</b> · звіт за { $year } рік, строк минув { $deadline }
digest-quarter = 📋 <b>Зведення</b> · { $period } { $year } року, строк минув { $deadline }
digest-program = <i>{ $program }</i>
digest-missing = <b>Ще не звітували:</b>
digest-line = • <b>{ $department }</b> — { $count } з { $planned }: { $numbers }
digest-no-members = <i>(у боті нікого з підрозділу)</i>
digest-all-done = Усі підрозділи звітували. Дякуємо!
digest-muted = <b>Вимкнули нагадування:</b>
digest-muted-line = • { $name } ({ $departments }) — до { $until }
# Members of the departments still owing whom Telegram refuses to deliver to (blocked the bot, or deleted the account)
digest-blocked = <b>Заблокували бота (нагадувань не отримують):</b>
digest-blocked-line = • { $name } ({ $departments })

## /mute

mute-only-members = Нагадування надходять лише працівникам підрозділів.
mute-ask-on = 🔔 Нагадування про звіти увімкнено. На який час їх вимкнути?
mute-ask-off = 🔕 Нагадування вимкнено до { $until } включно. Змінити?
button-mute-period = До кінця звітного періоду (до { $until })
button-mute-days = На { $days ->
    [one] { $days } день
    [few] { $days } дні
   *[other] { $days } днів
} (до { $until })
mute-done = 🔕 Нагадування вимкнено до { $until } включно. Увімкнути знову — /mute.
unmute-done = 🔔 Нагадування знову увімкнено.
button-unmute = 🔔 Увімкнути знову
