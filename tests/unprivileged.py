"""Running test commands as `nobody`: CI runs as root, which ignores file permissions."""

from __future__ import annotations

import os
import pwd
import shutil
from pathlib import Path

import pytest


def nobody() -> list[str]:
    """A command prefix that runs as `nobody` (file permissions then apply); [] when already unprivileged."""
    if os.geteuid() != 0:
        return []
    try:
        pw = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user 'nobody'")
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--clear-groups", "--"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    pytest.skip("neither setpriv nor runuser is available to drop root")


def chown_nobody(path: Path) -> None:
    """Give `path` (and everything under it) to `nobody`, when running as root."""
    if os.geteuid() != 0:
        return
    pw = pwd.getpwnam("nobody")
    os.chown(path, pw.pw_uid, pw.pw_gid)
    for folder, _dirs, files in os.walk(path):
        os.chown(folder, pw.pw_uid, pw.pw_gid)
        for name in files:
            os.chown(os.path.join(folder, name), pw.pw_uid, pw.pw_gid)
