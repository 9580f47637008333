# An interim report in the official form (issue 24): the title block says which part of the year it covers
# and the date its figures stand at, as councils word their reports «за І півріччя 2024 року»,
# «за 9 місяців 2024 року», «за І квартал 2024 року», «станом на 01.07.2024». The period names are written
# with the Cyrillic «І», as Ukrainian documents type them; the importer knows an interim title by
# interim-form-period-line whichever «I» a document has.

# $interim: Q1, Q2, Q3, Q4, H1, M9 (storage.deadlines.Interim's name)
interim-form-period = { $interim ->
    [Q1] І квартал
    [Q2] ІІ квартал
    [Q3] ІІІ квартал
    [Q4] IV квартал
    [H1] І півріччя
   *[M9] 9 місяців
}
# The title's period line, in place of «за 2024 рік». $period: interim-form-period
interim-form-period-line = за { $period } { $year } року
# The line under it. $date: «01.07.2024», the day after the period's end
interim-form-as-of = станом на { $date }
# The workbook's second sheet of an interim report
interim-form-summary-title = Підсумки звіту за { $period } { $year } року

# A report file of ours (or a council's) that is an interim report: not imported, since its figures are part
# of a year, not the year's. $title: its period line, «за І півріччя 2024 року»
import-interim-report = Це проміжний звіт («{ $title }»), а імпортуються лише річні звіти («за 2023 рік»): його суми — частина року, не річні. Надішліть річний звіт.

## The command line: python -m cli 2024 H1 --out zvit.pdf

interim-form-cli-help = проміжний звіт року: H1 (І півріччя), 9M (9 місяців), Q1, Q2, Q3, Q4 (квартали) — звіти підрозділів станом на його термін (10 днів після кінця періоду або термін програми з /interim), плани — на дату, станом на яку він складений (01.07 для H1)
# $text: what was typed
interim-form-cli-bad-period = «{ $text }» — не проміжний період. Можна: H1 (І півріччя), 9M (9 місяців), Q1, Q2, Q3, Q4 (квартали), наприклад: python -m cli 2024 H1 --out zvit.pdf
interim-form-cli-not-range = Проміжний звіт ({ $interim }) складають за один рік, не за роки { $text }: наприклад, python -m cli 2024 { $interim }.
interim-form-cli-not-at = Проміжний звіт ({ $interim }) складається станом на свій термін: --at з ним не вживають.
