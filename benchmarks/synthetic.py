"""A synthetic program of any size, in the shapes consolidation takes (no database needed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from storage.models import Department, Fund, Measure, MeasureDepartment, Program, Submission, Task

WORDS = (
    "проведення заходів щодо забезпечення рівних прав та можливостей жінок і чоловіків у громаді "
    "інформаційна кампанія навчання посадових осіб моніторинг програм підтримка громадських ініціатив"
).split()


def sentence(seed: int, length: int) -> str:
    out: list[str] = []
    i = seed
    while sum(len(w) + 1 for w in out) < length:
        out.append(WORDS[i % len(WORDS)])
        i = i * 7 + 3
    return " ".join(out).capitalize()


def program(tasks: int = 50, per_task: int = 40, departments_per_measure: int = 5, year: int = 2023):
    """(program, tasks, measures, departments, plans, submissions) with every department reporting."""
    departments = {
        i: Department(id=i, code=f"d{i}", name=f"Підрозділ {i}", short_name=f"П{i}") for i in range(1, 21)
    }
    prog = Program(
        id=1,
        name="Синтетична програма «Велика громада» на 2020-2025 роки",
        decision_number="1",
        decision_date=dt.date(2019, 12, 18),
        start_year=2020,
        end_year=2025,
        responsible_department="Управління програм",
        signatory_title="Начальник управління",
        signatory_name="Олена ТЕСТОВА",
    )
    task_list, measures, plans, submissions = [], [], {}, []
    moment = dt.datetime(2024, 1, 10, tzinfo=dt.UTC)
    sid = 0
    for t in range(tasks):
        task_list.append(Task(id=t + 1, program_id=1, number=str(t + 1), text=sentence(t, 200), position=t))
        for k in range(per_task):
            mid = t * per_task + k + 1
            deps = [((mid + j) % 20) + 1 for j in range(departments_per_measure)]
            measures.append(
                Measure(
                    id=mid,
                    program_id=1,
                    task_id=t + 1,
                    number=f"{t + 1}.{k + 1}",
                    text=sentence(mid, 300),
                    term="2020-2025",
                    executors_text=", ".join(departments[d].name for d in deps),
                    position=k,
                    departments=tuple(
                        MeasureDepartment(department_id=d, is_lead=j == 0) for j, d in enumerate(deps)
                    ),
                )
            )
            plans[(mid, Fund.GENERAL)] = Decimal(mid % 97) + Decimal("0.5")
            for d in deps:
                sid += 1
                submissions.append(
                    Submission(
                        id=sid,
                        measure_id=mid,
                        department_id=d,
                        year=year,
                        actual=Decimal(d),
                        financed=Decimal(d) / 2,
                        percent=Decimal(50 + d),
                        info=sentence(sid, 120),
                        created_at=moment,
                        author_name="тест",
                    )
                )
    return prog, task_list, measures, departments, plans, submissions
