# The department directory (reports/data/zhytomyr.toml, or the file given with --directory):
# what is wrong in it, named so that the person editing the file finds the entry.

## The file

# $problems: the problems, separated by «; »
directory-error = Довідник виконавців { $path }: { $problems }
# $problems: one directory-problem-line each
directory-errors =
    Довідник виконавців { $path }:
    { $problems }
directory-problem-line = {"  "}- { $problem }
directory-toml-syntax = помилка у синтаксисі TOML: { $error }
directory-unknown-keys = невідомі ключі верхнього рівня: { $keys }
directory-not-reporting-not-table = not_reporting має бути таблицею [not_reporting]
directory-unknown-not-reporting-keys = невідомі ключі в [not_reporting]: { $keys }
directory-no-departments = довідник не містить жодного виконавця ([[department]])

## One entry ($who is directory-entry)

directory-entry = виконавець «{ $code }» ({ $name })
directory-entry-unnamed = без назви
directory-bad-code = { $who }: code має складатися з малих латинських літер, цифр і «_» і починатися з літери
directory-empty-name = { $who }: порожня назва (name)
directory-empty-short-name = { $who }: порожнє скорочення (short_name)
directory-no-aliases = { $who }: немає жодної ключової фрази (aliases) - його не буде впізнано
directory-empty-alias = { $who }: порожня ключова фраза в aliases

## Entries in conflict ($owner, $previous_owner are directory-owner)

directory-duplicate-code = code «{ $code }» повторюється: «{ $first }» і «{ $second }»
directory-duplicate-short-name = скорочення «{ $short_name }» мають два виконавці: «{ $first }» і «{ $second }»
directory-alias-collision = ключова фраза «{ $alias }» виконавця «{ $code }» збігається з «{ $previous }» { $previous_owner }
directory-empty-phrase = порожня фраза { $owner }
directory-phrase-collision = фраза «{ $phrase }» { $owner } збігається з «{ $previous }» { $previous_owner }
# $kind: "department" (then $code), or the list in [not_reporting]: "vague", "partners"
directory-owner = { $kind ->
    [department] виконавця «{ $code }»
   *[other] у not_reporting.{ $kind }
}

## A field of the wrong shape

directory-at-department = [[department]] №{ $number }
directory-at-department-code = [[department]] №{ $number } (code = «{ $code }»)
directory-at = { $where }: { $message }
directory-at-field = { $where }, поле { $field }: { $message }
# $type: pydantic's error type; $message: its own text, for any other type
directory-field-error = { $type ->
    [missing] бракує обов'язкового поля
    [extra_forbidden] невідоме поле
    [string_type] має бути рядком
    [tuple_type] має бути списком
   *[other] { $message }
}
