"""What the review loop tells people: a return to the department's members at once, resubmissions to the
coordinators in one batched notice.

Both are kept in the database before anything is sent (``reviews.notified_at``, ``resubmissions``), and a
repeating job (every REVIEW_NOTICE_SECONDS, the first run a moment after the start) sends whatever is
still untold: a crash between the return and its notice loses neither (it goes out when the bot is back),
and resubmissions made within a minute of each other come in one message. A return is marked told only
after every member was told, under one lock that checks the mark again: the handler that made it and the
job never both tell it. Each member told is recorded after their send (``return_notices``): a kill halfway
through a department tells only the rest after the restart (the one whose send was in flight when it died
may hear it twice; nobody hears nothing). A notice Telegram did not take (the network, a flood limit, after the
rate limiter's retries) stays untold and the next run sends it again; one refused for good (403, 400) does not.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot import callbacks
from bot.formatting import Fit, button_label
from bot.reminders.delivery import note_blocked
from l10n import t
from storage.members import department_members
from storage.programs import get_department
from storage.reminders import blocked_ids
from storage.reviews import (
    Review,
    get_submission,
    is_notified,
    mark_notified,
    mark_resubmissions_told,
    mark_told_of_return,
    measure_number,
    measure_program,
    told_of_return,
    unnotified_returns,
    untold_resubmissions,
)
from storage.roles import administrator_ids, program_coordinators

if TYPE_CHECKING:
    from bot.context import BotData, Context

log = logging.getLogger("zvitbot.review")

JOB_NAME = "review-notices"
FIRST_RUN_SECONDS = 1  # after a start: what a killed process left untold goes out at once


def setup_review_notices(application: Application) -> None:
    data: BotData = application.bot_data
    job_queue = application.job_queue
    if job_queue is None or job_queue.get_jobs_by_name(JOB_NAME):
        return
    seconds = data.settings.review_notice_seconds
    job_queue.run_repeating(
        review_notice_job,
        interval=dt.timedelta(seconds=seconds),
        first=min(seconds, FIRST_RUN_SECONDS),
        name=JOB_NAME,
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": 60},
    )


async def review_notice_job(context: Context) -> None:
    try:
        await send_review_notices(context.application)
    except Exception:  # the next run tries again
        log.exception("review notices failed")


async def send_review_notices(application: Application) -> int:
    """Send every untold return and the batched resubmissions notice; returns how many messages went."""
    data: BotData = application.bot_data
    db = data.db
    if db is None:
        return 0
    async with db.locked() as conn:
        returns = await unnotified_returns(conn)
    sent = 0
    for review in returns:
        sent += await tell_return(application, review)
    return sent + await tell_resubmissions(application)


async def tell_return(application: Application, review: Review) -> int:
    """The department's members hear of the return: the comment and a button to correct the report.
    Nothing when it was told already (by the job, or by the handler that made it)."""
    data: BotData = application.bot_data
    async with data.returns_telling:
        return await _tell_return(application, review)


async def told_of(application: Application, review: Review) -> int:
    """How many of the department's members have been told of the return so far (whoever told them)."""
    data: BotData = application.bot_data
    assert data.db is not None
    async with data.db.locked() as conn:
        return len(await told_of_return(conn, review.id))


async def unreached(application: Application, review: Review) -> tuple[int, list[str]]:
    """How many members the returned report's department has in the bot, and the names of those of them no
    notice reaches: they blocked the bot (or deleted their account), so the coordinator asks them another way."""
    data: BotData = application.bot_data
    assert data.db is not None
    async with data.db.locked() as conn:
        submission = await get_submission(conn, review.submission_id)
        members = await department_members(conn, submission.department_id) if submission is not None else []
    return len(members), [m.full_name or str(m.telegram_id) for m in members if m.blocked_at is not None]


async def _tell_return(application: Application, review: Review) -> int:
    data: BotData = application.bot_data
    db = data.db
    assert db is not None
    async with db.locked() as conn:
        if await is_notified(conn, review.id):
            return 0
        submission = await get_submission(conn, review.submission_id)
        if submission is None:
            return 0
        department = await get_department(conn, submission.department_id)
        members = await department_members(conn, submission.department_id)
        number = await measure_number(conn, submission.measure_id)
    fit = Fit()
    text = fit.one(
        t(
            "review-notice-returned",
            number=fit(number),
            department=fit(department.short_name if department else "?", 200),
            year=submission.year,
            reviewer=fit(review.reviewer_name or str(review.reviewer_id or ""), 200),
            comment=fit(review.comment, 3000),
        )
    )
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    button_label(t("review-notice-button", number=number)),
                    callback_data=callbacks.OpenMeasure(
                        submission.measure_id, submission.department_id, submission.year
                    ).data(),
                )
            ]
        ]
    )
    async with db.locked() as conn:
        told_before = await told_of_return(conn, review.id)
    told, again = 0, False
    for member in members:
        if member.blocked_at is not None or member.telegram_id in told_before:
            continue
        try:
            await application.bot.send_message(member.telegram_id, text, reply_markup=markup)
        except Forbidden:
            async with db.locked() as conn:
                await note_blocked(application, conn, member.telegram_id, data.clock())
            continue
        except BadRequest as exc:  # it would fail the same way again
            log.error("return notice to %s refused by Telegram: %s", member.telegram_id, exc)
            continue
        except TelegramError as exc:  # the next run tries again (a timeout too: better twice than never)
            log.warning(
                "return notice to %s not sent (%s); the next run tries again", member.telegram_id, exc
            )
            again = True
            continue
        told += 1
        async with db.locked() as conn:
            await mark_told_of_return(conn, review.id, member.telegram_id)
    if not again:
        async with db.locked() as conn:
            await mark_notified(conn, review.id)
    return told


async def tell_resubmissions(application: Application) -> int:
    """One message to each of the program's coordinators (the administrators when it has none) listing the
    reports corrected after a return since the last one (one per program and year), with a button that opens
    the first report waiting for review (as /review does)."""
    data: BotData = application.bot_data
    db = data.db
    assert db is not None
    async with db.locked() as conn:
        waiting = await untold_resubmissions(conn)
        items: dict[tuple[int, int], list[str]] = {}
        ids: dict[tuple[int, int], list[int]] = {}  # the submissions each notice tells of
        fit = Fit()
        for submission in waiting:
            department = await get_department(conn, submission.department_id)
            number = await measure_number(conn, submission.measure_id)
            program_id = await measure_program(conn, submission.measure_id)
            items.setdefault((submission.year, program_id or 0), []).append(
                t(
                    "review-notice-item",
                    number=fit(number),
                    department=fit(department.short_name if department else "?", 100),
                )
            )
            ids.setdefault((submission.year, program_id or 0), []).append(submission.id)
        coordinators = await program_coordinators(conn) if waiting else {}
        administrators = (
            sorted(data.settings.administrator_ids | await administrator_ids(conn)) if waiting else []
        )
        blocked = await blocked_ids(conn) if waiting else set()
    if not waiting:
        return 0
    sent = 0
    told: list[int] = []
    for (year, program_id), lines in sorted(items.items()):
        text = fit.one(t("review-notice-resubmitted", count=len(lines), items=", ".join(lines), year=year))
        markup = (
            InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t("review-notice-open-button"),
                            callback_data=callbacks.ReviewOpen(program_id, year).data(),
                        )
                    ]
                ]
            )
            if program_id
            else None
        )
        # The program's coordinators who did not block the bot; the administrators when there are none, or when
        # Telegram refuses it to every one of them now (blocked since): a program's notice reaches someone.
        reachable = [c for c in sorted(coordinators.get(program_id, ())) if c not in blocked]
        again = False
        for tier in (reachable, administrators) if reachable else (administrators,):
            delivered, refused = 0, False
            for coordinator in tier:
                try:
                    await application.bot.send_message(coordinator, text, reply_markup=markup)
                    delivered += 1
                except Forbidden as exc:  # blocked the bot, or deleted the account: marked, like a reminder's
                    log.warning("resubmission notice to %s refused by Telegram: %s", coordinator, exc)
                    async with db.locked() as conn:
                        await note_blocked(application, conn, coordinator, data.clock())
                    refused = True
                except BadRequest as exc:  # it would fail the same way again
                    log.warning("resubmission notice to %s refused by Telegram: %s", coordinator, exc)
                except (
                    TelegramError
                ) as exc:  # the next run tries again (a timeout too: better twice than never)
                    log.warning(
                        "resubmission notice to %s not sent (%s); the next run tries again", coordinator, exc
                    )
                    again = True
            sent += delivered
            if delivered or again or not refused:
                break
        if not again:
            told.extend(ids[year, program_id])
    if told:
        async with db.locked() as conn:
            await mark_resubmissions_told(conn, told)
    return sent
