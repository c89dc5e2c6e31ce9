"""``dudao serve`` refuses what it cannot use with a message, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DUDAO = str(Path(sys.executable).parent / "dudao")


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DUDAO_DATA_DIR")}
    return subprocess.run([DUDAO, *args], capture_output=True, text=True, env=environment | env, timeout=120)


def test_a_file_as_data_directory_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "not-a-folder"
    file.write_text("x")
    done = run("serve", "--data-dir", str(file))
    assert done.returncode == 2
    assert "是一个文件" in done.stderr and "Traceback" not in done.stderr


def test_an_unreachable_database_is_named(tmp_path: Path) -> None:
    done = run("serve", "--data-dir", str(tmp_path), DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere")
    assert done.returncode == 1
    assert "无法连接或更新数据库" in done.stderr and "DATABASE_URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_named(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run("serve", "--data-dir", str(tmp_path), "--port", str(port))
    assert done.returncode == 1
    assert f"无法监听 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
