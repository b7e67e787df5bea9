"""Screenshots of key screens, taken by the browser tours themselves.

A tour step logs ``kobo-screenshot:<name>`` on the browser console (``console.info``); the test
captures the page at that moment (Chrome's ``Page.captureScreenshot``) and writes
``<name>.png`` into the screenshots directory: ``KOBO_SCREENSHOTS_DIR`` when set (`make test`
sets it to ``.local/screenshots``; `make screenshots` copies them into ``docs/screenshots``),
else Odoo's own ``--screenshots`` directory. The capture arrives asynchronously: the step after
a screenshot waits a moment (``run: () => new Promise((r) => setTimeout(r, 700))``; Odoo's tour
runner awaits it), so the capture is of the screen the tour reached, not of the next one. A step
whose ``run`` is a function needs an enabled trigger: check the screen in one step, then log the
marker from a step triggered on ``body`` (see kobo_syndication_website's
``kobo_catalogue_to_shop`` tour).

A tour that reaches its screenshot steps but whose captures never arrive fails the test: a
README that links the pictures must not silently show stale ones.
"""

import base64
import os
import re
import threading
from unittest.mock import patch

from odoo.tests import common
from odoo.tools import config

MARKER = re.compile(r"^kobo-screenshot:(?P<name>[a-z0-9_-]+)$")


def screenshots_dir():
    path = os.environ.get("KOBO_SCREENSHOTS_DIR") or os.path.join(config["screenshots"], "kobo")
    os.makedirs(path, exist_ok=True)
    return path


class ScreenshotTourMixin:
    """For an HttpCase: ``start_tour_with_screenshots`` runs a tour and saves its screenshots."""

    def start_tour_with_screenshots(self, url_path, tour_name, **kwargs):
        taken, pending = {}, []
        lock = threading.Lock()
        directory = screenshots_dir()
        original = common.ChromeBrowser._handle_console

        def handle_console(browser, type, args=None, stackTrace=None, **kw):  # pylint: disable=redefined-builtin
            text = " ".join(str(arg.get("value", "")) for arg in args or ())
            found = MARKER.match(text.strip())
            if not found:
                return original(browser, type, args=args, stackTrace=stackTrace, **kw)
            name = found["name"]
            future = browser._websocket_send("Page.captureScreenshot", with_future=True)

            def save(done, name=name):
                data = base64.b64decode(done.result()["data"], validate=True)
                with open(os.path.join(directory, f"{name}.png"), "wb") as file:
                    file.write(data)
                with lock:
                    taken[name] = len(data)

            with lock:
                pending.append(name)
            future.add_done_callback(save)
            return None

        with patch.object(common.ChromeBrowser, "_handle_console", handle_console):
            self.start_tour(url_path, tour_name, **kwargs)
        missing = sorted(set(pending) - set(taken))
        self.assertFalse(missing, f"screenshots asked for but not captured: {missing}")
        return taken
