from . import test_bridge
from . import test_handoff
from . import test_handoff_batch
from . import test_handoff_size_chart
from . import test_handoff_isolation
from . import test_public_paths
from . import test_size_conversion_plm
from . import test_style_enrichment_badge
