"""18.0.2.0.0: the channels leave the engine, each for an addon of its own.

Up to 18.0.1.1.0, ``kobo_syndication`` held every channel (web shop, Google feed, retailer
spreadsheets, Shopify, Amazon) and depended on website_sale and stock. From 18.0.2.0.0 it is the
engine only, and each channel is an addon: ``kobo_syndication_website``, ``_google``,
``_spreadsheet``, ``_shopify``, ``_amazon``, with ``kobo_syndication_stock`` (on-hand quantities)
beside them.

A database upgraded from before keeps everything it had:

- the records, fields, views, menus, rules and demo data that moved keep their rows; only
  their XML ids change module (``moved_xmlids.json``, listed from a fresh install of the new
  addons), so that Odoo's clean-up at the end of the upgrade deletes nothing, drops no column
  and resets no channel's connector;
- the views of the engine and of what moved are deleted, to be loaded again from the new
  files: views hold no data, and an old view naming a field that left the engine (the web shop's
  ``website_id`` on the channel form) would stop the upgrade when Odoo checks the form before the
  channel addon that defines the field is loaded (a customer's view inheriting one of them is
  kept, and keeps the view it inherits);
- the channel addons are marked to install: Odoo installs them in the same run (its loading loop
  takes modules marked *to install* during an upgrade), so every channel keeps its connector.
"""

import json
import logging
import os

_logger = logging.getLogger(__name__)

MOVED = os.path.join(os.path.dirname(__file__), "moved_xmlids.json")


def migrate(cr, version):
    if not version:
        return
    with open(MOVED, encoding="utf-8") as handle:
        moved = json.load(handle)
    for module, names in moved.items():
        cr.execute(
            "UPDATE ir_model_data SET module = %s WHERE module = 'kobo_syndication' AND name IN %s",
            (module, tuple(names)),
        )
        _logger.info("kobo_syndication: %s XML ids now belong to %s", cr.rowcount, module)
    _delete_views(cr, ("kobo_syndication", *moved))
    cr.execute(
        "UPDATE ir_module_module SET state = 'to install' WHERE name IN %s AND state = 'uninstalled'",
        (tuple(moved),),
    )
    _logger.info("kobo_syndication: %s channel addons to install with the upgrade", cr.rowcount)


def _delete_views(cr, modules):
    """Delete the views these modules' XML ids name (children first), except one another view
    not of these modules inherits."""
    cr.execute(
        "SELECT res_id FROM ir_model_data WHERE model = 'ir.ui.view' AND module IN %s",
        (tuple(modules),),
    )
    ours = {view_id for (view_id,) in cr.fetchall()}
    deleted = set()
    while True:
        # a view of ours that no remaining view inherits
        leaves = [view_id for view_id in ours - deleted if not _children(cr, view_id) - deleted]
        if not leaves:
            break
        cr.execute("DELETE FROM ir_ui_view WHERE id IN %s", (tuple(leaves),))
        cr.execute("DELETE FROM ir_model_data WHERE model = 'ir.ui.view' AND res_id IN %s", (tuple(leaves),))
        deleted.update(leaves)
    _logger.info("kobo_syndication: %s views to load again", len(deleted))


def _children(cr, view_id):
    cr.execute("SELECT id FROM ir_ui_view WHERE inherit_id = %s", (view_id,))
    return {child_id for (child_id,) in cr.fetchall()}
