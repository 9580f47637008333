"""The coordinator's desk as a Telegram Mini App: an aiohttp web app served beside the bot, in its event loop.

A front end like bot/ and cli/: it checks who asks (Telegram's signed ``initData``), builds an ``Actor`` and
calls the same actions; its pages are static files (``static/``) that read the JSON API.
"""
