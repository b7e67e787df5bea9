from . import test_stock_trigger
