"""What the local stand-ins for the marketplaces' APIs share (tests, benchmarks and the demo).

No live Shopify store or Amazon seller account is reachable from a developer's machine or CI,
so each marketplace addon's ``fake_servers/`` package holds a small HTTP server that behaves as
the API's published documentation says: authentication, the request shapes the real API
rejects, throttling, server errors, slow answers and user errors. They are not imported by the
addons at run time (no addon's ``__init__.py`` loads them); the tests start them on a free
loopback port, and ``make run`` starts them for the demo channels
(``python3 -m odoo.addons.<addon>.fake_servers.<name>``).
"""

import contextlib
import sys


def serve_until_interrupted(server, banner):
    """Serve ``server`` in the foreground for ``make run`` after printing where it listens (the
    command's only output); Ctrl+C stops it quietly."""
    sys.stdout.write(banner + "\n")
    sys.stdout.flush()
    try:
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    finally:
        server.server_close()
