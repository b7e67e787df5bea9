from . import test_linesheet_access
from . import test_spreadsheet
from . import test_spreadsheet_cell_limit
from . import test_spreadsheet_expressions
from . import test_readback_spreadsheet
from . import test_readback_demo_spreadsheet
from . import test_export_progress
