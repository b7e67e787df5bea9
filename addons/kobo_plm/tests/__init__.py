from . import test_libraries
from . import test_materials
from . import test_style_lifecycle
from . import test_techpack
from . import test_garment_bom
from . import test_sample
from . import test_techpack_exports
from . import test_ui
