from . import kobo_channel
from . import kobo_spreadsheet_template
from . import kobo_spreadsheet_template_export
from . import kobo_connector_spreadsheet
