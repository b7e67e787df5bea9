from . import test_channel, test_ui
