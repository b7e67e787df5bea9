from . import kobo_style_stage_wizard, kobo_techpack_diff_wizard
from . import portal_wizard_user
