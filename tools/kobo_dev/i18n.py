"""`make pot`: each addon's i18n/<addon>.pot, written by Odoo's own export.

The addons are installed without demo data (so no demo record's name becomes a term) into a
database of this run, cloned from a template without demo data; then Odoo's command line
exports one addon at a time (`--i18n-export=…/<addon>.pot --modules=<addon>`), as Odoo and the
OCA generate the templates that translators start from.
"""

import os

from . import odoo_env
from .common import ADDONS_DIR, KOBO_ADDONS, LOG_DIR, ROOT, SetupError, info, step


def export_pot_files(addons=KOBO_ADDONS):
    template = odoo_env.ensure_template(addons, demo=False)
    dbname = f"kobo_pot_{os.getpid()}"
    step(f"Installing {', '.join(addons)} without demo data into {dbname}")
    odoo_env.clone_database(template, dbname)
    try:
        log_path = os.path.join(LOG_DIR, "kobo_pot.log")
        code = odoo_env.run_odoo(
            ["-d", dbname, "-i", ",".join(addons), "--stop-after-init", "--no-http"],
            log_path,
            echo=lambda line: " ERROR " in line or " CRITICAL " in line,
        )
        if code != 0 or odoo_env.scan_log(log_path, fail_on_warning=False)["errors"]:
            raise SetupError(f"Installing the addons into {dbname} failed; see {log_path}.")
        step("Exporting the translation templates (Odoo's --i18n-export)")
        for addon in addons:
            target = os.path.join(ADDONS_DIR, addon, "i18n", f"{addon}.pot")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            export_log = os.path.join(LOG_DIR, f"kobo_pot_{addon}.log")
            code = odoo_env.run_odoo(
                ["-d", dbname, f"--i18n-export={target}", f"--modules={addon}", "--no-http"],
                export_log,
            )
            if code != 0 or not os.path.isfile(target):
                raise SetupError(f"Exporting {addon}'s terms failed; see {export_log}.")
            info(f"wrote {os.path.relpath(target, ROOT)}")
    finally:
        odoo_env.drop_database(dbname)
    return 0
