from . import test_libraries, test_ui
