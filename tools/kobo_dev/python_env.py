"""Python side of the set-up: virtualenv, requirements, Odoo 18.0 and OCA addons.

The virtualenv is created with ``--system-site-packages`` so that an Odoo 18.0 which the
machine's ``python3`` already imports is used as it is; only what is missing is installed.
This process never imports Odoo itself: it may just have installed it, and an editable
install's ``.pth`` file is read only when an interpreter starts. Ask a new one
(``odoo_version``, ``odoo_addons_paths``).
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.request

from .common import CACHE_DIR, ROOT, VENV_DIR, SetupError, in_venv, info, run, step, venv_python

ODOO_SERIES = "18.0"
# Odoo's official source archive of the 18.0 branch (nightly build of the community edition).
ODOO_ARCHIVE_URL = "https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
REQUIREMENT_FILES = ("requirements.txt", "requirements-addons.txt")
STAMP = os.path.join(VENV_DIR, ".kobo-requirements.json")


def ensure_venv_and_reexec(argv):
    """Create .venv if needed and re-run this command inside it."""
    if in_venv():
        return
    if not os.path.exists(venv_python()):
        # KOBO_VENV_SYSTEM_SITE_PACKAGES=0 makes a venv that sees nothing of the machine's
        # Python, as on a fresh machine (tests/test_fresh_setup.py).
        isolated = os.environ.get("KOBO_VENV_SYSTEM_SITE_PACKAGES", "1") == "0"
        seen = "isolated from" if isolated else "sees"
        step(f"Creating the virtualenv {os.path.relpath(VENV_DIR, ROOT)} ({seen} system site-packages)")
        try:
            run([sys.executable, "-m", "venv", *([] if isolated else ["--system-site-packages"]), VENV_DIR])
        except SetupError as exc:
            raise SetupError(
                f"{exc}\nInstall the venv module of your Python (Debian/Ubuntu: python3-venv)."
            ) from exc
    os.execv(venv_python(), [venv_python(), os.path.join(ROOT, "tools", "kobo.py"), *argv])


def _requirements_digest():
    digest = hashlib.sha256()
    for name in REQUIREMENT_FILES:
        with open(os.path.join(ROOT, name), "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def _pip(*args):
    return run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args])


def odoo_version():
    """Version string of the Odoo this interpreter imports, or None."""
    result = subprocess.run(
        [sys.executable, "-c", "import odoo.release as r; print(r.version)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def _install_odoo_source(source_dir):
    release = os.path.join(source_dir, "odoo", "release.py")
    if not os.path.isfile(release):
        raise SetupError(f"{source_dir} is not an Odoo source tree (no odoo/release.py).")
    namespace = {}
    with open(release, encoding="utf-8") as handle:
        exec(compile(handle.read(), release, "exec"), namespace)  # noqa: S102 - Odoo's own file
    if not namespace["version"].startswith(ODOO_SERIES):
        raise SetupError(f"{source_dir} holds Odoo {namespace['version']}, Kōbō needs {ODOO_SERIES}.")
    info(f"installing Odoo {namespace['version']} from {source_dir} (editable)")
    # compat mode puts the checkout itself on sys.path, so odoo.addons spans the checkout and
    # the OCA wheels under site-packages/odoo/addons alike.
    _pip(
        "install",
        "--no-deps",
        "--config-settings",
        "editable_mode=compat",
        "-e",
        source_dir,
    )


def _download_odoo():
    target = os.path.join(CACHE_DIR, f"odoo-{ODOO_SERIES}")
    if os.path.isfile(os.path.join(target, "odoo", "release.py")):
        return target
    os.makedirs(CACHE_DIR, exist_ok=True)
    archive = os.path.join(CACHE_DIR, f"odoo_{ODOO_SERIES}.tar.gz")
    info(f"downloading Odoo {ODOO_SERIES} from {ODOO_ARCHIVE_URL}")
    try:
        urllib.request.urlretrieve(ODOO_ARCHIVE_URL, archive)  # noqa: S310 - fixed https URL
    except OSError as exc:
        raise SetupError(
            f"Could not download Odoo {ODOO_SERIES} ({exc}). Without internet, point ODOO_SRC at an "
            f"Odoo {ODOO_SERIES} source checkout, or install one that python3 imports."
        ) from exc
    unpack = target + ".part"
    shutil.rmtree(unpack, ignore_errors=True)
    with tarfile.open(archive) as tar:
        tar.extractall(unpack, filter="data")
    (top,) = os.listdir(unpack)
    os.replace(os.path.join(unpack, top), target)
    shutil.rmtree(unpack, ignore_errors=True)
    os.remove(archive)
    return target


def ensure_odoo():
    """Make Odoo 18.0 importable: as found, else $ODOO_SRC, else the official archive."""
    step("Checking Odoo")
    version = odoo_version()
    if version:
        if not version.startswith(ODOO_SERIES):
            raise SetupError(
                f"python3 imports Odoo {version}; Kōbō needs Odoo {ODOO_SERIES}. "
                "Use a Python without it, or set ODOO_SRC to an Odoo 18.0 checkout in a fresh venv."
            )
        info(f"using the Odoo {version} that Python already imports")
        return
    source = os.environ.get("ODOO_SRC")
    _install_odoo_source(source if source else _download_odoo())
    version = odoo_version()
    if not version:
        raise SetupError("Odoo was installed but still does not import; see the pip output above.")
    info(f"Odoo {version} ready")


def ensure_requirements():
    """pip-install requirements.txt, then Odoo, then the OCA addon wheels (--no-deps)."""
    digest = _requirements_digest()
    stamp = {}
    if os.path.exists(STAMP):
        with open(STAMP, encoding="utf-8") as handle:
            stamp = json.load(handle)
    step("Checking Python dependencies (requirements.txt)")
    if stamp.get("requirements") != digest or not odoo_version():
        try:
            _pip("install", "-q", "-r", os.path.join(ROOT, "requirements.txt"))
        except SetupError as exc:
            raise SetupError(
                f"{exc}\nInstalling the Python dependencies failed; the lines above name the package."
            ) from exc
        ensure_odoo()
        step("Installing OCA addons (requirements-addons.txt)")
        _pip("install", "-q", "--no-deps", "-r", os.path.join(ROOT, "requirements-addons.txt"))
        with open(STAMP, "w", encoding="utf-8") as handle:
            json.dump({"requirements": digest}, handle)
    else:
        info("up to date")
        ensure_odoo()


def odoo_addons_paths():
    """Directories holding Odoo's own addons and the OCA wheels, as this Python sees them."""
    code = (
        "import json, os, odoo, odoo.addons as a\n"
        "root = os.path.dirname(os.path.abspath(odoo.__file__))\n"
        "paths = [os.path.abspath(p) for p in a.__path__]\n"
        "paths.append(os.path.normpath(os.path.join(root, '..', 'addons')))\n"
        "print(json.dumps(paths))\n"
    )
    result = run([sys.executable, "-c", code])
    paths = []
    for path in json.loads(result.stdout):
        if os.path.isdir(path) and path not in paths and _has_addons(path):
            paths.append(path)
    return paths


def _has_addons(path):
    for name in os.listdir(path):
        if os.path.isfile(os.path.join(path, name, "__manifest__.py")):
            return True
    return False
