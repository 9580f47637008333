"""bot/formatting.py: whatever people typed, a message is valid Telegram HTML within Telegram's limits."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.formatting import ELLIPSIS, MESSAGE_LIMIT, Fit, clip, esc, split_html, visible_length
from tests.fakeapi.markup import parse_html
from tests.fakeapi.validation import format_text, parse_text


def shown(markup: str, *, caption: bool = False) -> str:
    """The text as Telegram would show it; ApiError (as the fake raises it) if Telegram would refuse it."""
    formatted = format_text(parse_text(markup, "HTML", caption=caption), caption=caption)
    assert formatted is not None
    return formatted.text


def squeezed(text: str) -> str:
    return text.replace("\n", "").replace(" ", "")


NASTY = st.sampled_from(
    ["<", ">", "&", "&amp;", "</i>", "<b>", "🇺🇦", "👩‍👩‍👧", "e\u0301", "\n", " ", "\u200b"]
)
texts = st.one_of(
    st.text(max_size=200),
    st.lists(NASTY | st.text(max_size=5), max_size=60).map("".join),
    st.integers(0, 10_000).flatmap(
        lambda n: st.sampled_from(["я", "&", "<", "🇺🇦", "а б "]).map(lambda c: c * n)
    ),
)


def test_visible_length_counts_what_telegram_shows() -> None:
    assert visible_length("<b>Ось</b> &amp; <i>так</i>") == len("Ось & так")
    assert visible_length(esc("<b>&</b>")) == len("<b>&</b>")


def test_clip_cuts_at_a_word_and_never_inside_an_emoji() -> None:
    assert clip("перше друге третє", 13) == "перше друге…"
    assert clip("а" * 20, 10) == "а" * 9 + ELLIPSIS
    family = "👩\u200d👩\u200d👧"
    assert clip("x" * 8 + family, 11).endswith("x…")  # the family is not cut into a dangling joiner
    assert clip("x" * 8 + "🇺🇦🇺🇦", 11) == "x" * 8 + "🇺🇦…"
    assert clip("коротко", 100) == "коротко"


def test_the_repro_of_issue_13_fits_whole_without_cutting_a_tag() -> None:
    """4,107 characters of HTML, 4,058 shown: Telegram takes it whole, so nothing may be cut."""
    fit = Fit()
    info = "Текст & <звіт> " * 160  # 2,400 characters, escaping makes it longer
    markup = fit.one(f"<b>Перевірте</b>\n{'ж' * 1600}\n<i>{fit(info)}</i>")
    plain = f"Перевірте\n{'ж' * 1600}\n{info.strip()}"
    assert visible_length(markup) == len(plain) < MESSAGE_LIMIT < len(markup)
    assert shown(markup).endswith(info.strip())


@given(st.lists(texts, min_size=1, max_size=4), st.sampled_from(["<i>{}</i>", "{}", "<b>{}</b> · {}"]))
@example(["x" * 10_000], "<i>{}</i>")
@example(["&" * 5000, "<" * 5000], "<b>{}</b> · {}")
def test_one_message_is_always_valid_and_within_the_limit(values: list[str], pattern: str) -> None:
    fit = Fit()
    holders = [fit(v) for v in values]
    slots = pattern.count("{}")
    body = "\n".join(
        pattern.format(*(holders[(i + k) % len(holders)] for k in range(slots))) for i in range(len(holders))
    )
    markup = fit.one(f"<b>Заголовок</b>\n{body}\nПитання внизу?")
    text = shown(markup)
    assert text.endswith("Питання внизу?")  # the wording is kept; the values were shortened
    assert len(text) <= MESSAGE_LIMIT
    if 2 * sum(len(v.strip()) for v in values) < 3000:  # each value is in at most twice
        assert all(v.strip() in text for v in values)  # nothing shortened that did not need it


@given(st.lists(texts, min_size=1, max_size=30), st.integers(50, MESSAGE_LIMIT))
def test_pages_are_each_valid_and_keep_everything(values: list[str], limit: int) -> None:
    fit = Fit()
    markup = "\n".join(f"• <b>{fit(v)}</b> — <i>рядок {n}</i>" for n, v in enumerate(values))
    pages = fit.pages(markup, limit)
    assert pages
    assert all(len(shown(page)) <= limit for page in pages)
    # Cut only between pieces: what was there is all there (tags closed and opened again aside).
    whole = parse_html(fit.pages(markup, 10**9)[0]).text
    assert squeezed("".join(shown(p) for p in pages)) == squeezed(whole)


def test_a_split_closes_and_reopens_the_tags_it_cuts_through() -> None:
    markup = "<b>" + "слово " * 100 + "</b>"
    pieces = split_html(markup, 100)
    assert len(pieces) > 5
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in pieces)
    assert all(len(shown(p)) <= 100 for p in pieces)
    assert split_html("<b></b>\n \n", 10) == []


def test_a_wording_longer_than_the_limit_is_cut_between_lines() -> None:
    fit = Fit()
    markup = "\n".join(f"<b>{fit('назва')}</b> " + "x" * 50 for _ in range(200))
    text = shown(fit.one(markup))
    assert len(text) <= MESSAGE_LIMIT and text.endswith(ELLIPSIS)


def test_a_typed_placeholder_lookalike_is_just_text() -> None:
    fit = Fit()
    fake = "\ue00000000000" + "0\ue001"
    assert shown(fit.one(f"<i>{fit(fake)}</i> {fake}")) == f"{fake} {fake}"


def test_a_fit_puts_back_only_its_own_values() -> None:
    """Every Fit shares one compiled pattern (one of its own was compiled for every message: issue 23, CPU per
    update); another Fit's placeholder is text to it, as before, and its own values go back in order."""
    outer, inner = Fit(), Fit()
    held = inner("<b>") + " " + inner("b & c")
    text = outer.one(f"{outer('a<')} | {held} | {outer('z')}")
    assert text.startswith("a&lt; | ") and text.endswith(" | z")
    assert inner.one(text) == "a&lt; | &lt;b&gt; b &amp; c | z"
    assert inner.pages(held) == ["&lt;b&gt; b &amp; c"]
