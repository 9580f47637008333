# Shared words and values. Counts select CLDR plural forms: [one] 1, 21; [few] 2-4, 22-24; [many] 5-20, 25.

value-not-given = —
# An amount with its unit (every amount is in thousand UAH)
money = { $value } тис. грн

# One person, two people: «1 особі», «2 особам», «5 особам».
people-dative = { $count ->
    [one] { $count } особі
    [few] { $count } особам
   *[other] { $count } особам
}
measures-count = { $count ->
    [one] { $count } захід
    [few] { $count } заходи
   *[other] { $count } заходів
}

# Why a number was refused ($reason: a storage.numbers.NumberReason value).
number-reason = { $reason ->
    [empty] порожньо
    [negative] від'ємне число
    [too_many_places] забагато знаків після коми (не більше трьох)
    [too_large] занадто велике число
    [out_of_range] відсоток має бути від 0 до 100
   *[not_a_number] це не число
}
