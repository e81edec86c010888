"""`sitreps serve` refuses bad settings before it listens (the browser test runs it for real)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitreps.cli import app
from sitreps.cli.web import _is_loopback

runner = CliRunner()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert _is_loopback(host) is loopback


def test_a_database_that_cannot_be_opened_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing" / "folder" / "x.db")])
    assert result.exit_code == 1
    assert "error:" in result.output and "Traceback" not in result.output


def test_a_tile_server_that_is_not_http_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--tiles", "javascript:alert(1)"])
    assert result.exit_code == 1
    assert "http" in result.output


def test_the_port_must_be_a_port(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--port", "70000"])
    assert result.exit_code == 2
