# Alerts to the coordinators (or ALERT_CHAT_ID) about failures: short, no traceback (it is in the log).
# Messages are Telegram HTML: keep tags balanced; values put in are escaped by the code.
# $error: the error's class (e.g. OperationalError); $summary: the first line of its message.

# $update: the kind of update that failed (message, callback_query, ...), or "none" for a background job
alert-error =
    ⚠️ <b>Збій у боті</b>: { $error }: { $summary }
    { $update ->
        [none] Під час фонового завдання.
       *[other] Під час обробки оновлення { $update } від користувача { $user }.
    } Подробиці — у журналі бота.
alert-reminders-run =
    ⚠️ <b>Нагадування не надіслано</b>: перевірка не вдалася — { $error }: { $summary }
    Наступна спроба — за { $minutes } хв. Подробиці — у журналі бота.
alert-reminders-period =
    ⚠️ <b>Нагадування за { $year } рік</b> програми «{ $program }» не надсилаються: { $error }: { $summary }
    Решта нагадувань надсилається. Перевірте строк подання: /open { $year } ДД.ММ.РРРР
# Telegram refused reminders of a run for good (400); $count: how many; $summary: one refusal in Telegram's words
alert-reminders-refused =
    ⚠️ <b>Telegram відхилив { $count ->
        [one] { $count } нагадування
       *[other] { $count } нагадувань
    }</b>: { $summary }
    Їх не надіслано й повторно не надсилатиметься. Подробиці — у журналі бота.
alert-backup =
    ⚠️ <b>Резервну копію бази не створено</b>: { $error }: { $summary }
    Наступна спроба — завтра о { $hour }:00. Подробиці — у журналі бота.
# How many alerts of the same kind were held back since the last one (at most one per ALERT_INTERVAL_MINUTES)
alert-held-back = { $count ->
    [one] Після попереднього сповіщення сталося ще { $count } таке.
    [few] Після попереднього сповіщення сталося ще { $count } такі.
   *[other] Після попереднього сповіщення сталося ще { $count } таких.
}
# ALERT_CHAT_ID's group became a supergroup: the alert went to the new id. $old, $new: the chats' ids
alert-chat-moved = ⚙️ Ця група стала супергрупою, і її номер змінився: { $old } → { $new }. Сповіщення надходять сюди; щоб так було й після перезапуску, вкажіть у налаштуваннях бота ALERT_CHAT_ID={ $new }.
# ALERT_CHAT_ID refuses the alert for good (the bot removed from the group, ...): it went to the administrators.
# $chat: ALERT_CHAT_ID; $reason: Telegram's words
alert-chat-refused = ⚙️ Це сповіщення мало надійти в чат ALERT_CHAT_ID={ $chat }, але Telegram його не прийняв: { $reason }. Додайте бота в цей чат знову або змініть ALERT_CHAT_ID у налаштуваннях.
