from . import test_channel_connector
