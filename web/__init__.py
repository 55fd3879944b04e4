"""The app as an ASGI application: Streamlit's st.App with our own routes, the
security headers and a lifespan that opens the store.  Starlette lives here,
never in geo/.

    app = st.App("app.py", **web.options())     # server.py

`options()` reads the settings (environment variables) once."""
from __future__ import annotations

from geo.settings import Settings


def options(settings: Settings | None = None) -> dict:
    """The keyword arguments for st.App: routes, middleware, lifespan and exception handlers."""
    from starlette.middleware import Middleware

    from geo.errors import WardError
    from geo.settings import load
    from web.caching import LongCache
    from web.compression import CompressedFiles
    from web.fonts import LighterFonts
    from web.headers import SecurityHeaders, security_headers
    from web.request_limits import RequestLimits
    from web.private import PrivatePaths
    from web.resources import Opener
    from web.routes import routes, unavailable

    settings = settings or load()
    opener = Opener(settings)
    return {
        "routes": routes(opener),
        "middleware": [
            Middleware(SecurityHeaders, headers=security_headers(settings.map_tiles)),
            Middleware(LongCache),  # a year, immutable, for files whose address changes with them
            Middleware(RequestLimits),  # 414 and 431 with a sentence, before anything reads the request
            Middleware(PrivatePaths),  # Streamlit's metrics for this machine's monitoring only
            Middleware(CompressedFiles),  # Streamlit's bundles gzipped when no proxy does it
            Middleware(LighterFonts),  # inside CompressedFiles: it rewrites the page before compression
        ],
        "lifespan": opener.lifespan,
        "exception_handlers": {WardError: unavailable},
    }
