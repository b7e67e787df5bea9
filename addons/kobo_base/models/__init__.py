from . import kobo_workflow_mixin
