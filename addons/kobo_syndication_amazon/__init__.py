from . import models


def _kobo_post_init(env):
    """A database upgraded from before the channels left kobo_syndication (18.0.2.0.0) installs
    this addon in the same run, which runs none of its migration scripts: its Amazon channels get
    their listing language here, as 18.0.2.0.1 gives it (``kobo.channel._kobo_amazon_fill_lang``)."""
    env["kobo.channel"]._kobo_amazon_fill_lang()
