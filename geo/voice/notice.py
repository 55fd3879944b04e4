"""The privacy notice for residents' reports and verdicts: the items UK GDPR Article 13 asks for, as Markdown
from geo/voice/templates/privacy.md.j2, filled from the settings (k, how long rows are kept) and the ward
(whose council is the controller; Community Safety's public contact).  Every value is escaped for Markdown."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from geo.text import plain_markdown


@cache
def _template():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=False,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.finalize = plain_markdown  # every {{ value }} is text, never Markdown
    return env.get_template("privacy.md.j2")


def privacy_notice(*, controller: str, contact: str, retention_days: int, k: int, hourly_limit: int) -> str:
    """The notice as Markdown.  `contact`: Community Safety's public contact lines, or the words that none is known."""
    return _template().render(controller=controller, contact=contact, retention_days=retention_days, k=k,
                              hourly_limit=hourly_limit)
