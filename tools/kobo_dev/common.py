"""Paths and small helpers shared by the developer commands."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDONS_DIR = os.path.join(ROOT, "addons")
LOCAL_DIR = os.path.join(ROOT, ".local")
CACHE_DIR = os.path.join(ROOT, ".cache")
VENV_DIR = os.path.join(ROOT, ".venv")
ODOO_CONF = os.path.join(ROOT, "odoo.conf")
DATA_DIR = os.path.join(LOCAL_DIR, "data")
LOG_DIR = os.path.join(LOCAL_DIR, "log")

KOBO_ADDONS = (
    "kobo_base",
    "kobo_plm",
    "kobo_pim",
    "kobo_plm_pim",
    "kobo_syndication",
    "kobo_syndication_stock",
    "kobo_syndication_website",
    "kobo_syndication_google",
    "kobo_syndication_spreadsheet",
    "kobo_syndication_shopify",
    "kobo_syndication_amazon",
)
DEMO_DB = "kobo_demo"


class SetupError(Exception):
    """A set-up step failed; the message says what to do about it."""


def step(message):
    print(f"==> {message}", flush=True)


def info(message):
    print(f"    {message}", flush=True)


def run(cmd, check=True, **kwargs):
    """Run a command, raising SetupError with its output when it fails."""
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if check and result.returncode != 0:
        raise SetupError(
            f"command failed ({result.returncode}): {' '.join(cmd)}\n"
            f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return result


def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV_DIR)


def venv_python():
    return os.path.join(VENV_DIR, "bin", "python")
