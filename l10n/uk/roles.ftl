# Roles: administrators, a program's coordinators, observers; role links (/appoint), the roles in /members.
# Messages are Telegram HTML: keep tags balanced; values put in are escaped by the code.

command-appoint = Призначити координатора чи спостерігача

# $kind: coordinator (of $program), observer
role-name = { $kind ->
    [administrator] адміністратор громади
    [coordinator] координатор програми «{ $program }»
   *[observer] спостерігач (усі програми, лише перегляд)
}

## /appoint

appoint-choose =
    <b>Кого призначити?</b>
    Бот дасть посилання: хто його відкриє, той і отримає роль. Перешліть його лише тому, кому її призначаєте.
# $program: the only program's short name
button-appoint-coordinator-of = 👤 Координатор програми «{ $program }»
button-appoint-coordinator = 👤 Координатор програми…
button-appoint-observer = 👁 Спостерігач (усі програми, лише перегляд)
appoint-choose-program = Координатором якої програми?
# $role: role-name; $expires: a date
role-link-created =
    Посилання на роль: { $role }.
    { $link }

    Хто його відкриє, стане { $kind ->
        [coordinator] координатором цієї програми: зможе відкривати роки, плани, перевіряти звіти, запрошувати підрозділи.
       *[observer] спостерігачем: бачитиме стан, звіти, історію й файли всіх програм, нічого не змінюючи.
    } Посилання діє до { $expires } або доки ви його не відкличете; ним можуть скористатися кілька людей. Хто скористався — у /members.
button-revoke-role-link = 🚫 Відкликати посилання
role-link-revoked = Посилання на роль ({ $role }) відкликано: за ним більше ніхто не отримає роль. Хто вже отримав — зберігає її, доки ви не відкличете роль у /members.

## Taking a role through its link (/start role-…)

# $result: taken, already; $role: role-name
role-taken = { $result ->
    [taken] Вітаю! Тепер ви { $role }.
   *[already] Ви вже { $role }.
}

## The roles in /members

roles-header = <b>Ролі в боті</b>
roles-administrators = Адміністратори громади:
# $program: a program's short name
roles-coordinators = Координатори програми «{ $program }»:
roles-coordinators-none = Координаторів програми «{ $program }» ще немає: нагадування й сповіщення про неї отримують адміністратори.
roles-observers = Спостерігачі:
# $granted: a date; $by: who made the link, or "settings" (ADMIN_IDS, COORDINATOR_IDS in the bot's settings)
role-line = • { $name }, з { $granted }, { $by ->
        [settings] з налаштувань бота
       *[other] призначив(-ла) { $by }
    }
roles-links = Посилання на ролі, що діють:
# $role: role-name; $creator: who made it
role-link-line = • { $role }: від { $created } ({ $creator }), використано { $uses ->
        [one] { $uses } раз
        [few] { $uses } рази
       *[other] { $uses } разів
    }, діє до { $expires }
roles-appoint-hint = /appoint — посилання, щоб призначити координатора програми чи спостерігача.
# $name: the person; $role: a short role name (role-short)
button-revoke-role = ✖️ Відкликати: { $name } ({ $role })
role-short = { $kind ->
    [coordinator] коорд. «{ $program }»
   *[observer] спостерігач
}
# $created: the role link's date
button-revoke-role-link-of = 🚫 Відкликати посилання від { $created } ({ $role })
# $name: the person; $role: role-name
role-revoked = Роль відкликано: { $name } більше не { $role }. Діє одразу, без перезапуску бота.
# More roles and links than a page of buttons: a chooser of them after the roles
roles-revoke-choose = Що відкликати?

## Observers

observer-welcome = Вітаю! Ви спостерігач: бачите стан, звіти, історію й файли всіх програм, нічого не змінюючи.
help-observer =
    <b>Спостерігачу</b>
    /status — хто звітував, хто ні; подробиці — кнопками
    /report 2024 — зведений звіт за рік; /report 2020-2025 — за термін
    /history 4.1 — редакції заходу
    /files 2024 — файли-підтвердження архівом
    /city — усі програми громади, кожна одним рядком; /report 2024 all — звіти всіх програм і зведена таблиця одним архівом
# An administrator's lines after help-coordinator (within a phone's screen: no heading of their own)
help-administrator =
    /appoint — призначити координатора програми чи спостерігача; /members — ролі (відкликати — кнопкою) і працівники
    /city — усі програми громади, кожна одним рядком; /report 2024 all — звіти всіх програм і зведена таблиця одним архівом
    /departments — довідник підрозділів: перейменувати, об'єднати, таблиця
no-programs-yet = У боті ще немає програм.
