"""A database with the one-piece kobo_syndication of 18.0.1.x upgrades to the engine and the
channel addons (issue 17) and keeps everything: its channels and their connectors and settings,
listings, spreadsheet templates, the Google feed, Amazon's product types.

The old addons come from the last commit before the split (``git archive``), installed with
their demo data into a clone of the suite's template database, as a brand's database would
have them; then ``odoo -u <those addons>`` runs with today's addons, as an upgrade does.
"""

import configparser
import os
import subprocess
import sys
import tarfile

import pytest
from kobo_dev import odoo_env
from kobo_dev.common import KOBO_ADDONS, ROOT

#: The last commit with kobo_syndication in one piece (18.0.1.1.0).
BEFORE_SPLIT = "ddfce38cf81a0964627e88853a700885517ad006"
OLD_ADDONS = ("kobo_base", "kobo_plm", "kobo_pim", "kobo_plm_pim", "kobo_syndication")
CHANNEL_ADDONS = tuple(name for name in KOBO_ADDONS if name.startswith("kobo_syndication_"))

# What a brand's data is made of, read before and after the upgrade.
SNAPSHOT = {
    "channels": "SELECT code, connector, shopify_shop_url, shopify_access_token, amazon_seller_id,"
    " amazon_marketplace_id, website_id, website_publish_button FROM kobo_channel ORDER BY code",
    "listings": "SELECT product_tmpl_id, channel_id, state, payload_digest, external_id FROM kobo_listing"
    " ORDER BY id",
    "issues": "SELECT listing_id, message FROM kobo_listing_issue ORDER BY id",
    "templates": "SELECT name, channel_id FROM kobo_spreadsheet_template ORDER BY id",
    "columns": "SELECT template_id, header, source, sequence FROM kobo_spreadsheet_column ORDER BY id",
    "feeds": "SELECT channel_id, token FROM kobo_google_feed ORDER BY id",
    "feed_rows": "SELECT listing_id, item_count FROM kobo_google_feed_row ORDER BY id",
    "amazon_types": "SELECT channel_id, categ_id, product_type FROM kobo_amazon_product_type_map ORDER BY id",
    "menus": "SELECT d.name FROM ir_model_data d JOIN ir_ui_menu m ON m.id = d.res_id"
    " WHERE d.model = 'ir.ui.menu' AND d.module LIKE 'kobo_syndication%' ORDER BY d.name",
}


def _git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def old_addons(tmp_path_factory):
    if _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout: the addons before the split come from the repository's history")
    if _git("cat-file", "-e", f"{BEFORE_SPLIT}^{{commit}}").returncode != 0:
        pytest.fail(f"commit {BEFORE_SPLIT} (kobo_syndication before the split) is not in this history")
    target = tmp_path_factory.mktemp("before_split")
    archive = target / "addons.tar"
    with open(archive, "wb") as handle:
        subprocess.run(["git", "archive", BEFORE_SPLIT, "addons"], cwd=ROOT, stdout=handle, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "addons"


@pytest.fixture(scope="module")
def old_config(old_addons, tmp_path_factory):
    """odoo.conf with the old addons in place of today's."""
    config = configparser.ConfigParser()
    config.read(os.path.join(ROOT, "odoo.conf"))
    paths = [path.strip() for path in config["options"]["addons_path"].split(",")]
    ours = os.path.join(ROOT, "addons")
    config["options"]["addons_path"] = ",".join(str(old_addons) if path == ours else path for path in paths)
    path = tmp_path_factory.mktemp("conf") / "odoo.conf"
    with open(path, "w", encoding="utf-8") as handle:
        config.write(handle)
    return str(path)


def _odoo(config, args, log_path):
    command = [sys.executable, "-m", "odoo", "-c", config, *args, "--stop-after-init", "--no-http"]
    with open(log_path, "w", encoding="utf-8") as log:
        done = subprocess.run(
            command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, timeout=1800, check=False
        )
    return done.returncode


def _read(dbname):
    conn = odoo_env.connect(dbname)
    try:
        with conn.cursor() as cr:
            data = {}
            for key, query in SNAPSHOT.items():
                cr.execute(query)
                data[key] = cr.fetchall()
            cr.execute("SELECT name, state FROM ir_module_module WHERE name LIKE 'kobo%' ORDER BY name")
            data["modules"] = dict(cr.fetchall())
            cr.execute("SELECT count(*) FROM ir_model_data WHERE module = 'kobo_syndication'")
            data["engine_xmlids"] = cr.fetchone()[0]
        return data
    finally:
        conn.close()


def _forget_new_addons(dbname):
    """The suite's template was built with today's addons on the path, so Odoo's module list
    knows the channel addons; a database from before the split never heard of them."""
    conn = odoo_env.connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute("DELETE FROM ir_module_module WHERE name LIKE 'kobo\\_syndication\\_%'")
            cr.execute(
                "DELETE FROM ir_model_data WHERE module = 'base' AND model = 'ir.module.module'"
                " AND name LIKE 'module\\_kobo\\_syndication\\_%'"
            )
    finally:
        conn.close()


def test_a_database_from_before_the_split_upgrades_and_keeps_its_data(old_config, tmp_path):
    dbname = f"kobo_upgrade_split_{os.getpid()}"
    template = odoo_env.ensure_template(KOBO_ADDONS)
    odoo_env.clone_database(template, dbname)
    try:
        _forget_new_addons(dbname)
        install_log = tmp_path / "install-before-split.log"
        code = _odoo(old_config, ["-d", dbname, "-i", ",".join(OLD_ADDONS)], install_log)
        assert code == 0, f"installing the addons of {BEFORE_SPLIT[:8]} failed; see {install_log}"
        before = _read(dbname)
        assert before["modules"]["kobo_syndication"] == "installed"
        assert not set(CHANNEL_ADDONS) & set(before["modules"])
        # the demo has one channel of each type, with its settings
        assert [row[1] for row in before["channels"]] == [
            "amazon",
            "google_merchant",
            "spreadsheet",
            "shopify",
            "website",
        ]

        upgrade_log = tmp_path / "upgrade.log"
        # A new release upgrades every addon it changes: kobo_pim's new models (mixins that
        # kobo_syndication's models inherit) must be in the registry's tables before the engine's.
        code = _odoo(os.path.join(ROOT, "odoo.conf"), ["-d", dbname, "-u", ",".join(OLD_ADDONS)], upgrade_log)
        scan = odoo_env.scan_log(str(upgrade_log), fail_on_warning=False)
        problems = scan["errors"][:3]
        assert code == 0 and not problems, f"the upgrade failed; see {upgrade_log}: {problems}"
        after = _read(dbname)

        for key in SNAPSHOT:
            if key == "menus":
                # a release may add menus (Syndication > Jobs); none the brand had may go
                missing = sorted(set(before[key]) - set(after[key]))
                assert not missing, f"menus lost in the upgrade: {missing}"
                continue
            assert after[key] == before[key], f"{key} changed in the upgrade"
        assert {name: after["modules"].get(name) for name in CHANNEL_ADDONS} == dict.fromkeys(
            CHANNEL_ADDONS, "installed"
        )
        assert after["engine_xmlids"] < before["engine_xmlids"]  # what moved is the channel addons' now
    finally:
        odoo_env.drop_database(dbname)
