from . import stock_quant
from . import product_template
from . import product_product
