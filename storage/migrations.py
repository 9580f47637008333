"""The schema as an ordered list of migrations. Never edit a released one: append a new one.

Types and statements stay within what SQLite and PostgreSQL share, so a PostgreSQL backend can follow.
Money and percent are TEXT holding canonical decimal strings: SQLite's NUMERIC would turn them into
floats. Times are ISO-8601 UTC TEXT.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


# Migration 20: a claim of reminders_sent whose period is closed before ``cutoff`` (an SQL date): the deadline date
# of a rule's key (the 10 characters after "<year>:" following ":P<id>:"), the claim's day for a «Нагадати».
_KEY_AFTER_PROGRAM = "substr(key, instr(key, ':P') + 2)"
_KEY_DATE = f"substr(substr({_KEY_AFTER_PROGRAM}, instr({_KEY_AFTER_PROGRAM}, ':') + 1), 6, 10)"
CLOSED_CLAIM = (
    "(CASE WHEN kind = 'manual' THEN substr(claimed_at, 1, 10) < {cutoff}"
    f" WHEN {_KEY_DATE} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
    f" THEN {_KEY_DATE} < {{cutoff}} ELSE 0 END)"
)
_CLOSED_BEFORE_92_DAYS = CLOSED_CLAIM.format(cutoff="date('now', '-92 days')")


# Migration 22: 1 when the newest review of revision ``{revision}`` returned it, else 0.
_RETURNED = (
    "COALESCE((SELECT r.state FROM reviews r WHERE r.submission_id = {revision} ORDER BY r.id DESC LIMIT 1)"
    " = 'returned', 0)"
)
# Migration 22: the report_heads and import_heads rows of the group of ``{row}`` (OLD or NEW in a trigger on
# submissions) worked out again from the group's revisions (none left: no row).
_HEADS_AGAIN = (
    """
    DELETE FROM report_heads WHERE measure_id = {row}.measure_id AND year = {row}.year
        AND department_id = {row}.department_id;
    INSERT INTO report_heads (measure_id, year, department_id, newest_id, newest_at)
        SELECT measure_id, year, department_id, MAX(id), MAX(created_at) FROM submissions
        WHERE measure_id = {row}.measure_id AND year = {row}.year AND department_id = {row}.department_id
        GROUP BY measure_id, year, department_id;
    UPDATE report_heads SET returned = """
    + _RETURNED.format(revision="newest_id")
    + """
        WHERE measure_id = {row}.measure_id AND year = {row}.year AND department_id = {row}.department_id;
    DELETE FROM import_heads WHERE measure_id = {row}.measure_id AND year = {row}.year;
    INSERT INTO import_heads (measure_id, year, newest_at)
        SELECT measure_id, year, MAX(created_at) FROM submissions
        WHERE measure_id = {row}.measure_id AND year = {row}.year AND source = 'import'
        GROUP BY measure_id, year;"""
)
# Migration 22: the head whose newest revision is ``{row}``.submission_id (OLD or NEW in a trigger on reviews)
# knows again whether its newest review returned it.
_RETURNED_AGAIN = (
    """
    UPDATE report_heads SET returned = """
    + _RETURNED.format(revision="{row}.submission_id")
    + """
    WHERE measure_id = (SELECT measure_id FROM submissions WHERE id = {row}.submission_id)
        AND year = (SELECT year FROM submissions WHERE id = {row}.submission_id)
        AND department_id = (SELECT department_id FROM submissions WHERE id = {row}.submission_id)
        AND newest_id = {row}.submission_id;"""
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "programs, measures, plans, submissions",
        (
            """CREATE TABLE departments (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                short_name TEXT NOT NULL
            )""",
            """CREATE TABLE department_aliases (
                department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
                alias TEXT NOT NULL,
                PRIMARY KEY (department_id, alias)
            )""",
            """CREATE TABLE programs (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                decision_number TEXT NOT NULL,
                decision_date TEXT NOT NULL,
                start_year INTEGER NOT NULL,
                end_year INTEGER NOT NULL,
                responsible_department TEXT NOT NULL,
                responsible_department_id INTEGER REFERENCES departments(id),
                signatory_title TEXT NOT NULL DEFAULT '',
                signatory_name TEXT NOT NULL DEFAULT '',
                UNIQUE (name, decision_number)
            )""",
            """CREATE TABLE tasks (
                id INTEGER PRIMARY KEY,
                program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
                number TEXT NOT NULL,
                text TEXT NOT NULL,
                position INTEGER NOT NULL,
                UNIQUE (program_id, number)
            )""",
            """CREATE TABLE measures (
                id INTEGER PRIMARY KEY,
                program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
                task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
                number TEXT NOT NULL,
                text TEXT NOT NULL,
                term TEXT NOT NULL,
                executors_text TEXT NOT NULL,
                position INTEGER NOT NULL,
                UNIQUE (program_id, number)
            )""",
            """CREATE TABLE measure_departments (
                measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
                department_id INTEGER NOT NULL REFERENCES departments(id),
                is_lead INTEGER NOT NULL CHECK (is_lead IN (0, 1)),
                position INTEGER NOT NULL,
                PRIMARY KEY (measure_id, department_id)
            )""",
            """CREATE TABLE plans (
                measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                fund TEXT NOT NULL CHECK (fund IN ('general', 'special')),
                amount TEXT NOT NULL,
                PRIMARY KEY (measure_id, year, fund)
            )""",
            """CREATE TABLE submissions (
                id INTEGER PRIMARY KEY,
                measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
                department_id INTEGER NOT NULL REFERENCES departments(id),
                year INTEGER NOT NULL,
                actual TEXT,
                financed TEXT,
                percent TEXT,
                info TEXT NOT NULL DEFAULT '',
                author_id INTEGER,
                author_name TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('bot', 'import', 'coordinator'))
            )""",
            "CREATE INDEX submissions_by_measure ON submissions (measure_id, year, department_id, id)",
            """CREATE TABLE reporting_periods (
                program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'locked')),
                deadline TEXT,
                PRIMARY KEY (program_id, year)
            )""",
        ),
    ),
    Migration(
        2,
        "special fund in submissions, revision links, people, invites, drafts",
        (
            "ALTER TABLE submissions ADD COLUMN actual_special TEXT",
            "ALTER TABLE submissions ADD COLUMN financed_special TEXT",
            "ALTER TABLE submissions ADD COLUMN base_revision_id INTEGER REFERENCES submissions(id)",
            """CREATE TABLE users (
                telegram_id INTEGER PRIMARY KEY,
                full_name TEXT NOT NULL DEFAULT '',
                username TEXT,
                blocked_at TEXT,
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE memberships (
                user_id INTEGER NOT NULL REFERENCES users(telegram_id) ON DELETE CASCADE,
                department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
                joined_at TEXT NOT NULL,
                PRIMARY KEY (user_id, department_id)
            )""",
            """CREATE TABLE invites (
                code_hash TEXT PRIMARY KEY,
                department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
                created_by INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_by INTEGER,
                used_at TEXT
            )""",
            """CREATE TABLE drafts (
                user_id INTEGER NOT NULL,
                measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
                department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                step TEXT NOT NULL,
                data TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
                updated_at TEXT NOT NULL,
                PRIMARY KEY (user_id, measure_id, department_id, year)
            )""",
        ),
    ),
    Migration(
        3,
        "reminders: sent-reminder claims, mutes",
        (
            # One row per reminder ever claimed: the key is the idempotency key of bot.reminders.rules.
            # state: claimed (being sent, or the process died mid-send), sent, unknown (the request may have
            # reached Telegram: never retried), failed (Telegram refused it for good).
            """CREATE TABLE reminders_sent (
                key TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('before', 'overdue', 'digest', 'manual')),
                state TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'unknown', 'failed')),
                claimed_at TEXT NOT NULL,
                sent_at TEXT,
                message_id INTEGER,
                error TEXT
            )""",
            # A member's reminders are silent up to and including ``until_date`` (a Kyiv date), for one
            # department or, with department_id NULL, for all of theirs.
            """CREATE TABLE mutes (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(telegram_id) ON DELETE CASCADE,
                department_id INTEGER REFERENCES departments(id) ON DELETE CASCADE,
                until_date TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX mutes_by_user ON mutes (user_id)",
        ),
    ),
    Migration(
        4,
        "pending imports: a coordinator's uploaded program file awaiting the decision to apply it",
        (
            # At most one per coordinator: a new file replaces the old preview, whose buttons (carrying
            # the old token) then find nothing. The file itself is kept, parsed again on apply.
            """CREATE TABLE pending_imports (
                coordinator_id INTEGER PRIMARY KEY,
                token_hash TEXT NOT NULL,
                file_name TEXT NOT NULL,
                content BLOB NOT NULL,
                created_at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        5,
        "plan history",
        (
            # Every change of a plan, append-only; ``plans`` keeps the plan in force. NULL amounts: not set.
            """CREATE TABLE plan_revisions (
                id INTEGER PRIMARY KEY,
                measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                fund TEXT NOT NULL CHECK (fund IN ('general', 'special')),
                old_amount TEXT,
                new_amount TEXT,
                author_id INTEGER,
                author_name TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('bot', 'import', 'coordinator'))
            )""",
            "CREATE INDEX plan_revisions_by_measure ON plan_revisions (measure_id, year, id)",
            # The plans already in force start their history here, as imported.
            """INSERT INTO plan_revisions (measure_id, year, fund, old_amount, new_amount, created_at, source)
               SELECT measure_id, year, fund, NULL, amount, strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now'), 'import'
               FROM plans""",
        ),
    ),
    Migration(
        6,
        "pending imports know their kind: a program file or a plan sheet",
        (
            """ALTER TABLE pending_imports ADD COLUMN kind TEXT NOT NULL DEFAULT 'program'
               CHECK (kind IN ('program', 'plans'))""",
        ),
    ),
    Migration(
        7,
        "reports read only the revisions that count",
        (
            # storage.submissions.revisions_that_count: from one (measure, year, department) to the next
            # one's newest id at or before a moment in one seek, without reading older revisions' rows.
            "CREATE INDEX submissions_latest ON submissions (measure_id, year, department_id, id DESC, created_at)",
        ),
    ),
    Migration(
        8,
        "amendments: retired measures, earlier wordings",
        (
            # A measure dropped by an amendment of the program: kept with its history, absent from this year
            # on (worklists, progress, reminders, reports and plan sheets of years >= retired_from). NULL: in
            # force.
            "ALTER TABLE measures ADD COLUMN retired_from INTEGER",
            # A measure added by an amendment: part of the program from this year on. NULL: from the start.
            "ALTER TABLE measures ADD COLUMN added_from INTEGER",
            # How a measure read before an amendment took effect in ``until_year``: the reports of earlier
            # years show it so (the measures row holds the wording in force now). ``departments``: its
            # executors' links then, as JSON [[department_id, is_lead], ...] in their order.
            """CREATE TABLE measure_versions (
                measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
                until_year INTEGER NOT NULL,
                number TEXT NOT NULL,
                text TEXT NOT NULL,
                term TEXT NOT NULL,
                executors_text TEXT NOT NULL,
                departments TEXT NOT NULL,
                PRIMARY KEY (measure_id, until_year)
            )""",
        ),
    ),
    Migration(
        9,
        "interim reports per program",
        (
            # Which interim reports a program requires and their deadlines, as set by a coordinator (/interim):
            # storage.deadlines.InterimSchedule's spec ("H1=05.07 9M=05.10"; "" for none). No row: the
            # quarters, each due QUARTER_DEADLINE_DAYS after its end.
            """CREATE TABLE interim_schedules (
                program_id INTEGER PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE,
                spec TEXT NOT NULL,
                updated_by INTEGER,
                updated_at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        10,
        "indexes for the hot paths: cost independent of history",
        (
            # The open periods, without reading every year ever reported.
            "CREATE INDEX reporting_periods_by_status ON reporting_periods (status, program_id, year)",
            # A department's measures, members (worklist, /status, «Нагадати»), without scanning every link.
            "CREATE INDEX measure_departments_by_department ON measure_departments (department_id, measure_id)",
            "CREATE INDEX memberships_by_department ON memberships (department_id, user_id)",
            # Drafts of a program's year (/status) through the measure, not every draft ever left.
            "CREATE INDEX drafts_by_measure ON drafts (measure_id, year, department_id)",
            # A member's last reminder: one seek to the newest, whatever the history.
            "CREATE INDEX reminders_sent_by_user ON reminders_sent (user_id, state, sent_at)",
            # Mutes still in force, without reading the expired ones.
            "CREATE INDEX mutes_by_until ON mutes (until_date)",
            # The newest submission of a department, and of the import, for a measure's year: one seek each
            # (MAX over an index's last column), not every revision.
            "CREATE INDEX submissions_by_department_time ON submissions (measure_id, year, department_id, created_at)",
            "CREATE INDEX submissions_by_source_time ON submissions (measure_id, year, source, created_at)",
            # base_revision_id references submissions itself: with foreign keys on, every INSERT looks for
            # rows that reference the new one, and without this index that is a scan of the whole table.
            "CREATE INDEX submissions_by_base_revision ON submissions (base_revision_id)",
        ),
    ),
    Migration(
        11,
        "the review loop: accepted and returned revisions, a coordinator's comment being typed, resubmissions",
        (
            # A coordinator's decision on one revision (a department's report on a measure for a year). The
            # state of (measure, department, year) is its newest revision's newest review; "submitted" if
            # it has none. ``notified_at``: when the executors were told of a return (NULL: not yet).
            """CREATE TABLE reviews (
                id INTEGER PRIMARY KEY,
                submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
                state TEXT NOT NULL CHECK (state IN ('accepted', 'returned')),
                comment TEXT NOT NULL DEFAULT '',
                reviewer_id INTEGER,
                reviewer_name TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                notified_at TEXT
            )""",
            "CREATE INDEX reviews_by_submission ON reviews (submission_id, id)",
            # «Повернути з коментарем» pressed: the coordinator's next message is the comment on this revision.
            """CREATE TABLE review_comments_pending (
                user_id INTEGER PRIMARY KEY,
                submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL
            )""",
            # A revision that answers a return, waiting to be told to the coordinators in one batched notice.
            """CREATE TABLE resubmissions (
                submission_id INTEGER PRIMARY KEY REFERENCES submissions(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                notified_at TEXT
            )""",
        ),
    ),
    Migration(
        12,
        "evidence files attached to a measure's report",
        (
            # The bytes are in files/<sha256> beside the database (storage.evidence); here, whose and what.
            """CREATE TABLE evidence_files (
                id INTEGER PRIMARY KEY,
                measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
                department_id INTEGER NOT NULL REFERENCES departments(id),
                year INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                name TEXT NOT NULL,
                size INTEGER NOT NULL,
                mime_type TEXT NOT NULL DEFAULT '',
                author_id INTEGER,
                author_name TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX evidence_by_measure ON evidence_files (measure_id, year, department_id, id)",
        ),
    ),
    Migration(
        13,
        "shared invite links: an id, uses, revocation; memberships name their link",
        (
            # A link now serves several colleagues until it expires or is revoked. The old single-use
            # links that were used are carried over revoked at their use, so none of them opens again.
            """CREATE TABLE invite_links (
                id INTEGER PRIMARY KEY,
                code_hash TEXT NOT NULL UNIQUE,
                department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
                created_by INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                uses INTEGER NOT NULL DEFAULT 0,
                revoked_at TEXT,
                revoked_by INTEGER
            )""",
            """INSERT INTO invite_links (code_hash, department_id, created_by, created_at, expires_at, uses,
                   revoked_at)
               SELECT code_hash, department_id, created_by, created_at, expires_at,
                   CASE WHEN used_by IS NULL THEN 0 ELSE 1 END, used_at
               FROM invites ORDER BY created_at, code_hash""",
            # Which link a member joined through (NULL: added otherwise, or before links were kept).
            "ALTER TABLE memberships ADD COLUMN invite_id INTEGER",
            """UPDATE memberships SET invite_id = (
                   SELECT l.id FROM invites i JOIN invite_links l ON l.code_hash = i.code_hash
                   WHERE i.used_by = memberships.user_id AND i.department_id = memberships.department_id
                   ORDER BY i.used_at LIMIT 1)""",
            "DROP TABLE invites",
            "ALTER TABLE invite_links RENAME TO invites",
            "CREATE INDEX memberships_invite ON memberships (invite_id)",
        ),
    ),
    Migration(
        14,
        "who was told of a return, one row per person",
        (
            # Recorded after each send (storage.reviews.mark_told_of_return): a process killed halfway
            # through a department's members tells only the rest after its restart.
            """CREATE TABLE return_notices (
                review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
                user_id INTEGER NOT NULL,
                told_at TEXT NOT NULL,
                PRIMARY KEY (review_id, user_id)
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        15,
        "drafts say whether anything was answered",
        (
            # A measure's card opens on its own now (on joining, after a confirm): such a draft holds only
            # the conversation's state and is not a report "started". Drafts from before were all answered.
            "ALTER TABLE drafts ADD COLUMN started INTEGER NOT NULL DEFAULT 1",
        ),
    ),
    Migration(
        16,
        "the database's own key; a decided upload remembers when it was applied",
        (
            # A file the bot hands out to be filled and sent back (the plan sheet) carries this key, so a
            # sheet made by another database (another city's bot, a test copy) is refused, not applied.
            """CREATE TABLE instance (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                key TEXT NOT NULL
            )""",
            "INSERT INTO instance (id, key) VALUES (1, lower(hex(randomblob(8))))",
            # storage.pending_imports.claim_pending_import: applying an upload marks it in the same
            # transaction that applies it (not a delete before it): a kill leaves either both or neither,
            # and a second press after the restart is told it was applied.
            "ALTER TABLE pending_imports ADD COLUMN applied_at TEXT",
        ),
    ),
    Migration(
        17,
        "roles granted to people (administrator, a program's coordinator, observer) and role links",
        (
            # A link that grants a role to whoever opens it, like a department's invite: kept as a hash, it
            # expires, counts its uses and can be revoked. Of a kind: a program's coordinator, or an observer.
            """CREATE TABLE role_links (
                id INTEGER PRIMARY KEY,
                code_hash TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('coordinator', 'observer')),
                program_id INTEGER REFERENCES programs(id) ON DELETE CASCADE,
                created_by INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                uses INTEGER NOT NULL DEFAULT 0,
                revoked_at TEXT,
                revoked_by INTEGER,
                CHECK ((kind = 'coordinator') = (program_id IS NOT NULL))
            )""",
            # One row per grant, never deleted: a revocation fills revoked_at (the history of every change).
            # granted_by NULL: the settings (ADMIN_IDS, COORDINATOR_IDS); so is revoked_by NULL once revoked.
            """CREATE TABLE roles (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('administrator', 'coordinator', 'observer')),
                program_id INTEGER REFERENCES programs(id) ON DELETE CASCADE,
                granted_by INTEGER,
                granted_at TEXT NOT NULL,
                link_id INTEGER REFERENCES role_links(id),
                revoked_by INTEGER,
                revoked_at TEXT,
                CHECK ((kind = 'coordinator') = (program_id IS NOT NULL))
            )""",
            # A role in force is held once: taking it again changes nothing.
            """CREATE UNIQUE INDEX roles_in_force ON roles (user_id, kind, COALESCE(program_id, 0))
               WHERE revoked_at IS NULL""",
            "CREATE INDEX roles_of_program ON roles (program_id, user_id) WHERE revoked_at IS NULL",
        ),
    ),
    Migration(
        18,
        "the directory lives in the database: the council's name, the phrases that never report",
        (
            # storage.directory: the council whose departments these are, as its reports name it (set by the
            # first import that names one, or by a directory file). One row at most.
            """CREATE TABLE council (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                name TEXT NOT NULL
            )""",
            # Phrases of the executors column that name no reporting body: vague ("інші виконавчі органи
            # ради") or a partner outside the council; normalised as aliases are. The generic ones ship with
            # the code (reports.directory); these are the city's own.
            """CREATE TABLE not_reporting_phrases (
                kind TEXT NOT NULL CHECK (kind IN ('vague', 'partner')),
                phrase TEXT NOT NULL,
                PRIMARY KEY (kind, phrase)
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        19,
        "the directory of departments edited: a rename being typed, a directory sheet awaiting its decision",
        (
            # «Перейменувати» pressed on a department's card: the coordinator's next message is its new short
            # name (any command drops it), kept here so that a restart in between loses nothing.
            """CREATE TABLE department_renames_pending (
                user_id INTEGER PRIMARY KEY,
                department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL
            )""",
            # A returned directory sheet waits for «Застосувати» like a plan sheet: a third kind of upload. SQLite
            # cannot change a CHECK, so the table is made again with it (nothing references it).
            """CREATE TABLE pending_imports_new (
                coordinator_id INTEGER PRIMARY KEY,
                token_hash TEXT NOT NULL,
                file_name TEXT NOT NULL,
                content BLOB NOT NULL,
                created_at TEXT NOT NULL,
                kind TEXT NOT NULL DEFAULT 'program' CHECK (kind IN ('program', 'plans', 'directory')),
                applied_at TEXT
            )""",
            """INSERT INTO pending_imports_new (coordinator_id, token_hash, file_name, content, created_at, kind,
                   applied_at)
               SELECT coordinator_id, token_hash, file_name, content, created_at, kind, applied_at
               FROM pending_imports""",
            "DROP TABLE pending_imports",
            "ALTER TABLE pending_imports_new RENAME TO pending_imports",
        ),
    ),
    Migration(
        20,
        "sent-reminder history compacted: the last reminder of each person outlives the claims of closed periods",
        (
            # When each person was last reminded (the newest 'sent' claim's sent_at) among the claims that were
            # compacted away (storage.reminders.compact_claims); /status shows the later of this and the claims
            # still kept.
            """CREATE TABLE last_reminders (
                user_id INTEGER PRIMARY KEY,
                at TEXT NOT NULL
            )""",
            # The claims of existing databases compacted once: a key whose deadline (the date after the year
            # in "before|overdue|digest:WHAT:P<id>:<year>:<date>:...") or, for a coordinator's «Нагадати», whose
            # claim is more than 92 days old can never be due again (no slot stays useful past its deadline
            # + the first working day after + OVERDUE_VALID_DAYS <= 30). A key not shaped so is kept.
            f"""INSERT INTO last_reminders (user_id, at)
               SELECT user_id, MAX(sent_at) FROM reminders_sent
               WHERE state = 'sent' AND sent_at IS NOT NULL AND {_CLOSED_BEFORE_92_DAYS}
               GROUP BY user_id
               ON CONFLICT (user_id) DO UPDATE SET at = CASE WHEN excluded.at > at THEN excluded.at ELSE at END""",
            f"DELETE FROM reminders_sent WHERE {_CLOSED_BEFORE_92_DAYS}",
        ),
    ),
    Migration(
        21,
        "result indicators: the program's indicators, their yearly plans with history, facts as revisions, reviews",
        (
            # A program's result indicators (issue 25): the report's section 2. ``number`` is its № through the
            # section; ``department_id`` NULL: the program's responsible department reports it. An amended
            # program retires one (``retired_from``) or adds one (``added_from``) as it does measures.
            """CREATE TABLE indicators (
                id INTEGER PRIMARY KEY,
                program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('cost', 'product', 'efficiency', 'quality')),
                name TEXT NOT NULL,
                unit TEXT NOT NULL,
                task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
                measure_id INTEGER REFERENCES measures(id) ON DELETE SET NULL,
                department_id INTEGER REFERENCES departments(id),
                retired_from INTEGER,
                added_from INTEGER
            )""",
            "CREATE INDEX indicators_by_program ON indicators (program_id, number)",
            "CREATE INDEX indicators_by_department ON indicators (department_id)",
            # The planned value in force per indicator and year (absent: not set); values are canonical decimal
            # TEXT in the indicator's unit.
            """CREATE TABLE indicator_plans (
                indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (indicator_id, year)
            ) WITHOUT ROWID""",
            # Every change of a planned value, append-only (like plan_revisions): the plans as of a moment.
            """CREATE TABLE indicator_plan_revisions (
                id INTEGER PRIMARY KEY,
                indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                old_value TEXT,
                new_value TEXT,
                user_id INTEGER,
                author_name TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                source TEXT NOT NULL
            )""",
            "CREATE INDEX indicator_plan_revisions_by_key ON indicator_plan_revisions (indicator_id, year, id)",
            # A fact reported for an indicator's year: append-only revisions, like submissions; the newest counts.
            # ``value`` NULL: not reported; ``reason``: why it misses the plan.
            """CREATE TABLE indicator_facts (
                id INTEGER PRIMARY KEY,
                indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                value TEXT,
                reason TEXT,
                user_id INTEGER,
                author_name TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX indicator_facts_by_key ON indicator_facts (indicator_id, year, id)",
            # The coordinator's decisions on a fact's revision, as ``reviews`` for submissions.
            """CREATE TABLE indicator_reviews (
                id INTEGER PRIMARY KEY,
                fact_id INTEGER NOT NULL REFERENCES indicator_facts(id) ON DELETE CASCADE,
                state TEXT NOT NULL CHECK (state IN ('accepted', 'returned')),
                comment TEXT NOT NULL DEFAULT '',
                reviewer_id INTEGER,
                reviewer_name TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                notified_at TEXT
            )""",
            "CREATE INDEX indicator_reviews_by_fact ON indicator_reviews (fact_id, id)",
            # «Повернути з коментарем» on a fact: the coordinator's next message is the comment.
            """CREATE TABLE indicator_comments_pending (
                user_id INTEGER PRIMARY KEY,
                fact_id INTEGER NOT NULL REFERENCES indicator_facts(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL
            )""",
            # An executor's fact being typed (the value, the reason) and the conversation's step, per user,
            # indicator and year; at most one draft of a user (a measure's or an indicator's) is active.
            """CREATE TABLE indicator_drafts (
                user_id INTEGER NOT NULL,
                indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                step TEXT NOT NULL,
                data TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
                updated_at TEXT NOT NULL,
                PRIMARY KEY (user_id, indicator_id, year)
            )""",
        ),
    ),
    Migration(
        22,
        "the newest revision of each department's report kept by triggers: who still owes is a seek, not a scan",
        (
            # Per (measure, year, department): the newest revision's id (the one a review decides on), whether its
            # newest review returned it (owed again), and the newest ``created_at`` (the one the reminders count),
            # kept by the triggers below whatever writes submissions or reviews.
            # The reminder check reads these few rows instead of seeking into every measure's revision history.
            """CREATE TABLE report_heads (
                measure_id INTEGER NOT NULL,
                year INTEGER NOT NULL,
                department_id INTEGER NOT NULL,
                newest_id INTEGER NOT NULL,
                newest_at TEXT NOT NULL,
                returned INTEGER NOT NULL DEFAULT 0,  -- 1: its newest review returned the newest revision
                PRIMARY KEY (measure_id, year, department_id)
            ) WITHOUT ROWID""",
            # Per (measure, year): the newest imported revision's ``created_at`` (an import counts for every
            # department of the measure: storage.submissions.counts_for).
            """CREATE TABLE import_heads (
                measure_id INTEGER NOT NULL,
                year INTEGER NOT NULL,
                newest_at TEXT NOT NULL,
                PRIMARY KEY (measure_id, year)
            ) WITHOUT ROWID""",
            # The reminder check reads the open periods' measures by program (it built an automatic index of
            # every measure for each of its statements).
            "CREATE INDEX measures_by_program ON measures (program_id, task_id, position)",
            """INSERT INTO report_heads (measure_id, year, department_id, newest_id, newest_at)
               SELECT measure_id, year, department_id, MAX(id), MAX(created_at) FROM submissions
               GROUP BY measure_id, year, department_id""",
            f"UPDATE report_heads SET returned = 1 WHERE {_RETURNED.format(revision='newest_id')}",
            """INSERT INTO import_heads (measure_id, year, newest_at)
               SELECT measure_id, year, MAX(created_at) FROM submissions WHERE source = 'import'
               GROUP BY measure_id, year""",
            # A new revision: its group's head moves (or is made). Revisions are append-only, so this is the
            # hot path: one upsert each.
            """CREATE TRIGGER report_heads_insert AFTER INSERT ON submissions BEGIN
                   INSERT INTO report_heads (measure_id, year, department_id, newest_id, newest_at)
                   VALUES (NEW.measure_id, NEW.year, NEW.department_id, NEW.id, NEW.created_at)
                   ON CONFLICT (measure_id, year, department_id) DO UPDATE SET
                       newest_id = MAX(newest_id, excluded.newest_id),
                       newest_at = MAX(newest_at, excluded.newest_at),
                       returned = CASE WHEN excluded.newest_id > newest_id THEN 0 ELSE returned END;
                   INSERT INTO import_heads (measure_id, year, newest_at)
                   SELECT NEW.measure_id, NEW.year, NEW.created_at WHERE NEW.source = 'import'
                   ON CONFLICT (measure_id, year) DO UPDATE SET newest_at = MAX(newest_at, excluded.newest_at);
               END""",
            # A revision moved (a department merged into another: storage.departments.merge) or deleted (its
            # measure deleted): the heads of the groups it left and joined are worked out again from their rows.
            f"""CREATE TRIGGER report_heads_update AFTER UPDATE ON submissions BEGIN
                   {_HEADS_AGAIN.format(row="OLD")}
                   {_HEADS_AGAIN.format(row="NEW")}
               END""",
            f"""CREATE TRIGGER report_heads_delete AFTER DELETE ON submissions BEGIN
                   {_HEADS_AGAIN.format(row="OLD")}
               END""",
            # A review decided (or its decision changed, or it went): the head of the revision it is of knows.
            f"""CREATE TRIGGER report_heads_review_insert AFTER INSERT ON reviews BEGIN
                   {_RETURNED_AGAIN.format(row="NEW")}
               END""",
            f"""CREATE TRIGGER report_heads_review_update AFTER UPDATE OF submission_id, state ON reviews BEGIN
                   {_RETURNED_AGAIN.format(row="OLD")}
                   {_RETURNED_AGAIN.format(row="NEW")}
               END""",
            f"""CREATE TRIGGER report_heads_review_delete AFTER DELETE ON reviews BEGIN
                   {_RETURNED_AGAIN.format(row="OLD")}
               END""",
        ),
    ),
    Migration(
        23,
        "a department's links carry their measure's program: the list seeks the department's open programs' links",
        (
            # A measure never changes program, so the link keeps a copy of it (issue 23): the department's list
            # goes from the department's programs (a seek each) to their open periods to the links of each open
            # one, never walking the links of the department's closed programs (the years of history).
            "ALTER TABLE measure_departments ADD COLUMN program_id INTEGER REFERENCES programs(id)",
            """UPDATE measure_departments
               SET program_id = (SELECT m.program_id FROM measures m WHERE m.id = measure_departments.measure_id)""",
            # Every path that links a measure (the importer, amendments, tests, generators) gets it filled here,
            # whatever columns it names; a merge of departments moves links between departments, not programs.
            """CREATE TRIGGER measure_departments_program AFTER INSERT ON measure_departments
               WHEN NEW.program_id IS NULL OR NEW.program_id IS NOT
                    (SELECT m.program_id FROM measures m WHERE m.id = NEW.measure_id)
               BEGIN
                   UPDATE measure_departments
                   SET program_id = (SELECT m.program_id FROM measures m WHERE m.id = NEW.measure_id)
                   WHERE measure_id = NEW.measure_id AND department_id = NEW.department_id;
               END""",
            "CREATE INDEX measure_departments_by_program ON measure_departments (department_id, program_id, measure_id)",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version
