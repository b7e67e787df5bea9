from . import kobo_workflow_mixin
from . import kobo_guard
