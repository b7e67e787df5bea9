from . import test_guard_every_model
