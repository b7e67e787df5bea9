from . import kobo_channel
