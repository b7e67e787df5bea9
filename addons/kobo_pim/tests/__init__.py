from . import test_channel, test_taxonomy, test_ui
