"""Run the at_install tests of a test run beside its post_install ones, once every module is loaded.

`make test-odoo` (tools/kobo_dev/testrun_odoo.py) loads this as a server-wide module
(`--load`) into a run of Odoo's own suites on a database where Odoo's modules and the Kōbō
addons are already installed. Without it, such a run (`--test-tags` without `-i`) runs a
module's at_install tests while the registry holds only that module and the ones it depends
on: an at_install test of `product` would never meet a Kōbō override of a product model, while
the same test, run when a customer installs `product` on a database holding Kōbō, does. Here
they wait until the registry is whole and run first in the post-install phase, so that a Kōbō
override breaking one of Odoo's at_install tests shows.

Never installed: it defines no model, no data, and lives outside the addons path of odoo.conf.
"""

from odoo.tests import loader

_make_suite = loader.make_suite


def make_suite(module_names, position="at_install"):
    if position == "at_install":
        return loader.OdooSuite([])  # while the modules are still being loaded: later
    seen, tests = set(), []
    for phase in ("at_install", "post_install"):
        for test in _make_suite(module_names, phase):
            if test.id() not in seen:  # a test tagged both ways runs once
                seen.add(test.id())
                tests.append(test)
    return loader.OdooSuite(tests)


loader.make_suite = make_suite
