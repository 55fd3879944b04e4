"""The progress report as one self-contained HTML page: inline CSS, the map
as a PNG data URI, no scripts and nothing fetched.  Every piece of text
goes through `html.escape`; only the status symbols (our own SVG from
geo.symbols) are put in as markup."""
from __future__ import annotations

import base64
from html import escape

from geo import symbols
from geo.report import CommitmentLine, Report, SiteLine

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;
 max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em} h2{font-size:1.25em;margin-top:1.8em;border-bottom:2px solid #0072B2}
.meta{color:#444;margin-top:0}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.5em 0 1em;table-layout:fixed}
th,td{border:1px solid #bbb;padding:.35em .5em;vertical-align:top;text-align:left;overflow-wrap:break-word}
th{background:#eef3f8}
ul{margin:0;padding-left:1.1em}
.passed{color:#a33a00;font-weight:bold}
.small{font-size:.85em;color:#444}
.status{display:flex;gap:.35em;align-items:flex-start}
.status svg{flex:none}
img.map{max-width:100%;height:auto;border:1px solid #ddd}
dt{font-weight:bold;margin-top:.4em} dd{margin-left:1.2em}
@media print{body{margin:0;max-width:none} h2{break-after:avoid} tr{break-inside:avoid}}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def render_html(report: Report) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{_e(report.title)}</h1>",
        f'<p class="meta">{_e(report.plan_title)}<br>{_e(report.ward)} ward, {_e(report.borough)}'
        f"<br>Generated {_e(report.generated_text)}</p></header><main>",
    ]
    for term in report.terms:
        parts.append(f"<h2>{_e(term.title)}</h2>")
        parts.append(_commitment_table(term.lines))
    parts += _sites(report)
    parts += _changes(report)
    if report.annotations:
        parts.append("<h2>Design-out-crime observations</h2>")
        parts.append('<p class="small">Public observations by the Police Crime Prevention Design Advisor.</p>')
        parts.append(_table(
            ["Where", "Heading", "Severity", "Observation", "Recommendation", "Date"],
            [[n.site, n.category, n.severity, n.observation, n.recommendation, n.when] for n in report.annotations],
            widths=(14, 13, 9, 28, 25, 11),
        ))
    if report.crime:
        parts.append("<h2>Recorded crime in the ward</h2>")
        parts.append("<ul>" + "".join(f"<li>{_e(s)}</li>" for s in report.crime) + "</ul>")
        parts.append('<p class="small">Offences recorded by the Metropolitan Police for the whole ward; '
                     "they are not tied to the sites above.</p>")
    parts.append("<h2>What the data does not know</h2><ul>")
    parts += [f"<li>{_e(n)}</li>" for n in report.notes]
    parts.append("</ul><h2>Glossary</h2><dl>")
    parts += [f"<dt>{_e(term)}</dt><dd>{_e(meaning)}</dd>" for term, meaning in report.glossary]
    parts.append("</dl><h2>Sources and licences</h2><ul>")
    parts += [f"<li><strong>{_e(a.data)}</strong> ({_e(a.licence)}): {_e(a.text)}</li>" for a in report.attributions]
    parts.append("</ul></main></body></html>")
    return "\n".join(parts)


def _commitment_table(lines: tuple[CommitmentLine, ...]) -> str:
    head = ["Ref", "You asked", "We will do", "Lead officer or team", "Target date", "Progress update", "Status"]
    rows = []
    for c in lines:
        will = "<ul>" + "".join(f"<li>{_e(w)}</li>" for w in c.will_do) + "</ul>"
        target = _e(c.target)
        if c.target_passed:
            target += '<br><span class="passed">Target date passed</span>'
        sites = f'<br><span class="small">Sites: {_e(", ".join(c.sites))}</span>' if c.sites else ""
        rows.append(
            f"<tr><td>{_e(c.ref)}</td><td>{_e(c.asked)}{sites}</td><td>{will}</td><td>{_e(c.lead)}</td>"
            f"<td>{target}</td><td>{_e(c.progress)}</td><td>{_e(c.status.label)}</td></tr>"
        )
    return _wrap(head, rows, widths=(6, 19, 25, 12, 11, 19, 8))


def _sites(report: Report) -> list[str]:
    parts = ["<h2>Sites: lighting, gating and fencing</h2>"]
    if report.map_png:
        data = base64.b64encode(report.map_png).decode("ascii")
        parts.append(
            f'<figure><img class="map" src="data:image/png;base64,{data}" '
            'alt="Map of the ward with the sites, one panel each for lighting, gating and fencing">'
            "<figcaption class=\"small\">Numbers match the table below. Each status has its own shape and "
            "colour; a dashed ring marks an approximate position.</figcaption></figure>"
        )
    head = ["No.", "Site"] + [s.topic.label for s in report.sites[0].states] if report.sites else []
    rows = [_site_row(s) for s in report.sites]
    parts.append(_wrap(head, rows, widths=(5, 17, 26, 26, 26)))
    return parts


def _site_row(site: SiteLine) -> str:
    name = _e(site.name)
    if site.approximate:
        name += '<br><span class="small">Approximate position</span>'
    cells = [f"<td>{site.number}</td><td>{name}</td>"]
    for st in site.states:
        icon = symbols.svg(st.status, approximate=False, size=18)
        cells.append(
            f'<td><div class="status">{icon}<div><strong>{_e(st.status.label)}</strong> '
            f'<span class="small">since {_e(st.since)}</span><br><span class="small">{_e(st.detail)}</span>'
            "</div></div></td>"
        )
    return "<tr>" + "".join(cells) + "</tr>"


def _changes(report: Report) -> list[str]:
    parts = [f"<h2>{_e(report.changes_heading)}</h2>"]
    if not report.changes:
        parts.append("<p>No changes have been recorded in this period.</p>")
        return parts
    parts.append(_table(["Date", "Site", "Change", "By"], [[c.when, c.site, c.text, c.who] for c in report.changes],
                        widths=(14, 17, 55, 14)))
    return parts


def _table(head: list[str], rows: list[list], widths: tuple[int, ...] = ()) -> str:
    cells = ["<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in rows]
    return _wrap(head, cells, widths)


def _wrap(head: list[str], rows: list[str], widths: tuple[int, ...] = ()) -> str:
    """A table; `widths` are column widths in per cent."""
    cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>" if widths else ""
    th = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    return f"<table>{cols}<thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
