# Reporting a measure: the department's list, the measure's card, the questions, the review, saving.
# Messages are Telegram HTML: keep tags balanced; values put in are escaped by the code.

## The list of measures

# $deadline: a date, or "none"
list-header =
    <b>{ $department }</b> · звіт за { $years } рік{ $deadline ->
        [none] {""}
       *[other] {" "}(до { $deadline })
    }
    Залишилося: { $left } з { $total }
# Under the list's header while something is left to report
list-choose = Оберіть захід кнопкою нижче, щоб звітувати: ⏳ — чекає на звіт, ✏️ — розпочато, ✅ — звітовано.
list-all-done = Усі заходи звітовано. Дякуємо! Звіт можна змінити, доки період відкритий.
# Only on a page that shows such a measure; $count: how many measures of the whole list are not planned
list-not-planned = ➖ — { $count ->
    [one] захід
   *[other] заходи
} не заплановано у { $years } році: звітувати не обов'язково.
# A department that executes several programs: the list is grouped by program (its short name), a line under
# the header for each program on the page (the deadline of its first year: a date, or "none") and a button
# above its measures (it leads to the page where the program's measures begin)
list-program = 📂 <b>{ $program }</b> · залишилося { $left } з { $total }{ $deadline ->
    [none] {""}
   *[other] , до { $deadline }
}
button-list-program = 📂 { $program }
no-open-period = Зараз немає відкритого звітного періоду. Координатор повідомить, коли він почнеться.
# Before each measure in the list and before each department in /status
status-mark = { $status ->
    [reported] ✅
    [draft] ✏️
    [waiting] ⏳
   *[not_planned] ➖
}
page-previous = ◀️
page-next = ▶️
idle-text = Оберіть захід у списку: /start. Довідка: /help.

## One measure

# Above the card where the database holds several programs: the measure's program (its short name)
measure-card-program = 📂 <i>{ $program }</i>
measure-card =
    Захід { $index } з { $total } · <b>{ $department }</b>
    <b>{ $number }. </b>{ $text }
    Термін виконання: { $term }
    { $plan_line }
# A measure's text longer than the card's first lines: the whole of it, folded, after the question
measure-full-text =
    <i>Повний текст заходу { $number }:</i>
    <blockquote expandable>{ $text }</blockquote>
# The plan line of the card: the year's plan (both funds), or that none is set yet (not 0,0).
measure-plan = План на { $year } рік: <b>{ $plan }</b> тис. грн
measure-plan-with-special = План на { $year } рік: <b>{ $plan }</b> тис. грн (загальний фонд — { $general }, спеціальний фонд та інші джерела — { $special })
measure-plan-not-set = План на { $year } рік не встановлено
measure-not-planned = У { $year } році захід не заплановано — звіт не обов'язковий.
measure-last-year =
    <i>Торік ({ $year }) підрозділ писав:</i>
    <blockquote expandable>{ $text }</blockquote>
# Opening a report the coordinator returned: their comment, before the question
measure-returned = ↩️ Координатор повернув звіт: «{ $comment }»
measure-reported = Звіт уже подано. Нові відповіді створять нову редакцію; «пропустити» залишає поточне значення, новий текст замінює попередній.
on-behalf = ✍️ Ви вносите зміни від імені підрозділу як координатор.
period-closed = Звітний { $year } рік закрито — зміни більше не приймаються. Зверніться до координатора.

## The questions

# $plan: the general fund's plan, or "none" when it is not set
ask-actual = Фактичний річний обсяг фінансування, тис. грн? { $plan ->
    [none] (план на рік не встановлено)
   *[other] (план — { $plan } тис. грн)
}
# Under the actual's question (no special fund): the three answers may come in one message
ask-actual-many = Можна й одним повідомленням: факт; профінансовано; відсоток — наприклад <code>12; 9,6; 80</code>.
# How one message's answers were read ($percent: "none" when only two were given)
answers-read = Прочитав так: факт — { $actual }, профінансовано — { $financed }{ $percent ->
    [none] {""}
   *[other] , відсоток виконання — { $percent }
}.
# One part of such a message that is not a number ($part: as typed)
answers-bad-part = Не вдалося прочитати «{ $part }».
# One of several answers in one message is empty («12;», «12; ; 80»)
answers-empty-part = Одна з відповідей порожня: між «;» немає числа.
ask-actual-general = Фактичний річний обсяг фінансування із загального фонду, тис. грн? { $plan ->
    [none] (план на рік не встановлено)
   *[other] (план — { $plan } тис. грн)
}
ask-actual-special = Фактичний річний обсяг фінансування зі спеціального фонду та інших джерел, тис. грн? (план — { $plan } тис. грн)
ask-financed = Скільки фактично профінансовано у звітному періоді, тис. грн?
ask-financed-general = Скільки фактично профінансовано у звітному періоді із загального фонду, тис. грн?
ask-financed-special = Скільки фактично профінансовано у звітному періоді зі спеціального фонду та інших джерел, тис. грн?
ask-percent = Відсоток виконання заходу (0–100)?
ask-percent-suggested = Відсоток виконання заходу (0–100)? За сумами (профінансовано ÷ план) виходить { $value } %.
ask-info = Інформація про виконання: що зроблено? Надішліть текст повідомленням — далі я покажу звіт на перевірку.
# Reopening a reported measure, or ✏️ Текст: the text there now is replaced by the next message
ask-info-replace = Інформація про виконання: надішліть новий текст — він замінить нинішній. Щоб дописати до нинішнього, натисніть «додати до попереднього».
# After «додати текст» or «додати до попереднього»
ask-info-append = Надішліть, що додати до тексту: я допишу це з нового рядка.
info-current =
    Зараз ({ $length } симв.):
    <blockquote expandable>{ $text }</blockquote>
info-appended = Додано до тексту. Усього { $length } симв. з { $limit }.
current-value = Зараз: { $value }.
warn-actual-over-plan = Фактичний обсяг { $value } тис. грн значно більший за план ({ $plan } тис. грн). Це правильно?
warn-financed-over-actual = Профінансовано { $value } тис. грн — більше за фактичний обсяг ({ $actual } тис. грн). Це правильно?

## Buttons under the questions

button-zero = 0
button-as-plan = як у плані ({ $plan })
# The financed amount: the same as the actual just given
button-as-actual = як факт ({ $actual })
button-skip = пропустити
button-suggested = { $value } %
button-full = 100 %
button-last-year = як торік
button-append = додати до попереднього
button-more-text = ➕ Додати текст
button-yes = Так, правильно
button-no = Ні, виправити
button-confirm = ✅ Підтвердити
button-cancel = ✖️ Скасувати
button-edit = { $field ->
    [actual] ✏️ Факт
    [financed] ✏️ Профінансовано
    [spactual] ✏️ Факт (спецфонд)
    [spfinanced] ✏️ Профінансовано (спецфонд)
    [percent] ✏️ Відсоток
   *[info] ✏️ Текст
}
button-next = ➡️ Наступний захід: { $number }
button-list = 📋 До списку заходів

## Review and saving

review =
    <b>Перевірте звіт</b> · { $department }
    <b>{ $number }.</b> { $text }

    План: { $plan ->
        [none] не встановлено
       *[other] { $plan }
    }
    Факт: { $actual }{ $actual_special ->
        [none] {""}
       *[other] {" "}· спецфонд: { $actual_special }
    }
    Профінансовано: { $financed }{ $financed_special ->
        [none] {""}
       *[other] {" "}· спецфонд: { $financed_special }
    }
    Відсоток виконання: { $percent }
    Інформація ({ $length } симв.):
    <i>{ $info }</i>
saved = ✅ Збережено: захід { $number } ({ $department }). Дякуємо!
saved-all-done = Це був останній захід, що чекав на звіт. Усі заходи звітовано!
saved-over-other = Зверніть увагу: поки ви заповнювали, звіт за цей захід теж змінено — редакція від { $author } ({ $when }). Збережено обидві редакції; чинна тепер — ваша.
# Instead of a name nobody gave (genitive: «від іншого працівника»)
someone = іншого працівника
overtaken = Ваш звіт щодо заходу { $number } ({ $department }) замінено новішою редакцією від { $author }. Перегляньте його: /start.
cancelled-review = Зміни за заходом { $number } скасовано, нічого не збережено.
cancelled = Перервано. Чернетку збережено — продовжити можна з /start.
nothing-to-cancel = Немає що переривати. /start — список заходів.

## Answers the bot cannot take

# $problem: why an answer was not taken; $length and $limit: the text's length and its limit
problem = { $problem ->
    [empty] Надішліть число, наприклад 12,5.
    [not_a_number] Це не схоже на суму. Надішліть число в тисячах гривень, наприклад 12,5 або 1 234,5.
    [negative] Сума не може бути від'ємною. Надішліть, наприклад, 0 або 12,5.
    [too_many_places] Забагато знаків після коми: суми — у тисячах гривень, не більше трьох знаків, наприклад 12,345.
    [too_large] Завелика сума для тисяч гривень. Суми — у тисячах, наприклад 1 234,5.
    [out_of_range] Відсоток має бути від 0 до 100, наприклад 75 або 95,2.
    [info_too_long] Текст задовгий: разом має бути не більше { $limit } символів (зараз { $length }). Скоротіть цю частину.
    [info_empty] Текст порожній. Надішліть, що зроблено, або натисніть «пропустити».
    [info_blank] У повідомленні самі пробіли чи невидимі символи — нічого не додано. Надішліть словами, що зроблено, або натисніть «пропустити».
    [no_last_year] Торішнього тексту немає. Надішліть текст повідомленням.
    [nothing_to_save] Звіт порожній: заповніть хоча б одне поле.
    [no_suggestion] Немає з чого порахувати відсоток. Надішліть число від 0 до 100.
    [many_not_here] Тут потрібна одна відповідь: надішліть одне число, наприклад 12,5.
    [too_many_parts] Забагато частин: надішліть факт; профінансовано; відсоток — наприклад 12; 9,6; 80.
   *[use_buttons] Скористайтеся кнопками під повідомленням.
}
# The same, for the percent question
percent-problem = { $problem ->
    [not_a_number] Надішліть відсоток числом від 0 до 100, наприклад 75 або 95,2.
    [empty] Надішліть відсоток числом від 0 до 100, наприклад 75.
    [too_many_places] Відсоток — не більше двох знаків після коми, наприклад 95,25.
    [too_large] Відсоток має бути від 0 до 100, наприклад 75 або 95,2.
    [negative] Відсоток не може бути від'ємним: від 0 до 100.
   *[other] { problem }
}
# $hint: what the question wants
not-text = Я розумію тут лише текст. { $hint ->
    [text] Надішліть текст повідомленням.
    [buttons] Скористайтеся кнопками під повідомленням.
   *[number] Надішліть число, наприклад 12,5.
}
edited-ignored = Редагування надісланих повідомлень не враховується. Надішліть відповідь ще раз.
# A measure an amendment of the program dropped (or added later): nothing to report for this year.
measure-not-in-force = Захід { $number } не входить до Програми у { $year } році (змінами до Програми). Звітувати за нього не потрібно.
