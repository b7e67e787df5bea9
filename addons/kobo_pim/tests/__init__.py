from . import test_channel, test_taxonomy, test_ui
from . import test_size_conversion
from . import test_channel_price
from . import test_asset, test_asset_rendition
from . import test_asset_file_guard
from . import test_translation_status
from . import test_translation_exchange
from . import test_translation_sources
from . import test_completeness, test_completeness_queries, test_requirement_profile
from . import test_completeness_reach
from . import test_enrichment, test_enrichment_copy, test_enrichment_import
from . import test_pim_demo
from . import test_translation_import_limits
from . import test_price_bounds
from . import test_taxonomy_url
from . import test_completeness_isolation
from . import test_completeness_issues
from . import test_context_keys
from . import test_translation_name
from . import test_snapshot
from . import test_demo_home
from . import test_completeness_column
from . import test_translation_side_by_side
from . import test_completeness_history
from . import test_asset_display
from . import test_care_symbols
from . import test_progress
from . import test_demo_customer_pricelist
from . import test_translation_import_batch
