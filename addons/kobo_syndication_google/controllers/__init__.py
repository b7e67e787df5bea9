from . import kobo_google_feed
