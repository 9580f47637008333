"""Settings from .env: the example file as shipped works, blanks mean "not set", bad values are named."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings, describe_error
from storage.config import StorageSettings

EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"
TOKEN = "123456789:AAFakeFakeFakeFakeFakeFakeFakeFake_x"


def _env_file(tmp_path: Path, **changes: str) -> Path:
    lines = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        name = line.split("=", 1)[0]
        lines.append(f"{name}={changes.pop(name)}" if name in changes else line)
    lines += [f"{k}={v}" for k, v in changes.items()]
    path = tmp_path / ".env"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_example_file_with_a_token_is_a_working_configuration(tmp_path: Path, monkeypatch) -> None:
    for name in ("BOT_TOKEN", "DATABASE_PATH", "ADMIN_IDS", "COORDINATOR_IDS", "BACKUP_DIR", "WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=_env_file(tmp_path, BOT_TOKEN=TOKEN, COORDINATOR_IDS="500, 501"))  # type: ignore[call-arg]
    assert settings.bot_token.get_secret_value() == TOKEN
    assert settings.coordinator_ids == frozenset({500, 501}) and settings.admin_ids == frozenset()
    assert settings.administrator_ids == frozenset({500, 501})  # the older name: administrators too
    both = Settings(
        _env_file=_env_file(tmp_path, BOT_TOKEN=TOKEN, ADMIN_IDS="600 601", COORDINATOR_IDS="500")
    )  # type: ignore[call-arg]
    assert both.administrator_ids == frozenset({500, 600, 601}) and both.is_administrator(601)
    assert settings.backup_dir is None and settings.webhook_url is None and settings.webhook_secret is None
    assert settings.timezone == "Europe/Kyiv" and settings.reminder_lead_days == (7, 3, 1)
    assert settings.database_path == Path("data/zvitbot.sqlite3")
    assert settings.report_formats == ("xlsx", "pdf")
    other = Settings(_env_file=_env_file(tmp_path, BOT_TOKEN=TOKEN, REPORT_FORMATS=" PDF, .docx "))  # type: ignore[call-arg]
    assert other.report_formats == ("pdf", "docx")


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    ("changes", "named"),
    [({"BOT_TOKEN": ""}, "BOT_TOKEN"), ({"BOT_TOKEN": TOKEN, "TIMEZONE": "Europe/Kiev-ish"}, "TIMEZONE"),
     ({"BOT_TOKEN": TOKEN, "COORDINATOR_IDS": "Олена"}, "COORDINATOR_IDS"),
     ({"BOT_TOKEN": TOKEN, "ADMIN_IDS": "500, Олена"}, "ADMIN_IDS"),
     ({"BOT_TOKEN": TOKEN, "REPORT_FORMATS": "xlsx,odt"}, "REPORT_FORMATS"),
     ({"BOT_TOKEN": TOKEN, "REPORT_FORMATS": "pdf,pdf"}, "REPORT_FORMATS"),
     ({"BOT_TOKEN": TOKEN, "REPORT_FORMATS": ""}, "REPORT_FORMATS")],
)  # fmt: skip
def test_bad_values_are_named_without_the_secret(
    tmp_path: Path, monkeypatch, changes: dict, named: str
) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    with pytest.raises(ValidationError) as info:
        Settings(_env_file=_env_file(tmp_path, **changes))  # type: ignore[call-arg]
    text = describe_error(info.value)
    assert named in text and TOKEN not in text


def test_alert_chat_id_is_unset_when_blank_and_a_chat_when_given(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("ALERT_CHAT_ID", raising=False)
    blank = Settings(_env_file=_env_file(tmp_path, BOT_TOKEN=TOKEN))  # type: ignore[call-arg]
    assert blank.alert_chat_id is None and blank.alert_interval_minutes == 10
    group = Settings(_env_file=_env_file(tmp_path, BOT_TOKEN=TOKEN, ALERT_CHAT_ID="-1001234567890"))  # type: ignore[call-arg]
    assert group.alert_chat_id == -1001234567890


def test_a_dotenv_saved_by_windows_notepad_reads_the_same(tmp_path: Path, monkeypatch) -> None:
    """A BOM and CRLF line ends (Notepad's UTF-8) change no value: the token, the zone and the ids are as typed."""
    for name in ("BOT_TOKEN", "TIMEZONE", "ADMIN_IDS"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / ".env"
    path.write_bytes(f"\ufeffBOT_TOKEN={TOKEN}\r\nTIMEZONE=Europe/Kyiv\r\nADMIN_IDS=500, 501\r\n".encode())
    settings = Settings(_env_file=path)  # type: ignore[call-arg]
    assert settings.bot_token.get_secret_value() == TOKEN
    assert settings.timezone == "Europe/Kyiv" and settings.admin_ids == frozenset({500, 501})


def test_a_path_from_the_home_folder_means_it_as_in_a_shell(tmp_path: Path, monkeypatch) -> None:
    """«~/zvitbot/z.db» is the home folder's, not a folder named «~» made in the working directory (where the bot
    would start on a new, empty database)."""
    for name in ("BOT_TOKEN", "DATABASE_PATH", "BACKUP_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = _env_file(tmp_path, BOT_TOKEN=TOKEN, DATABASE_PATH="~/zvitbot/z.db", BACKUP_DIR="~/копії")
    settings = Settings(_env_file=path)  # type: ignore[call-arg]
    assert settings.database_path == tmp_path / "home" / "zvitbot" / "z.db"
    assert settings.backup_dir == tmp_path / "home" / "копії"
    assert (
        StorageSettings(_env_file=path).database_path == tmp_path / "home" / "zvitbot" / "z.db"
    )  # the command line's
