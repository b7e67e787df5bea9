{  # noqa: B018 (a manifest is a bare dict)
    "name": "Kōbō dev: at_install tests with the whole registry",
    "summary": "Server-wide module of `make test-odoo` only; never installed in a database",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "depends": ["base"],
    "installable": True,
}
