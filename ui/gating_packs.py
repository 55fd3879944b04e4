"""A gating case's evidence packs (geo.gating.pack) as downloads, HTML and PDF, made when asked for:
the partners' pack and the public pack for staff, the public pack for everyone else."""
from __future__ import annotations

import streamlit as st

from geo import clock
from geo.gating.case import GatingCase
from geo.model import Site


def render(store, ward_name: str, site: Site, case: GatingCase, *, partners: bool) -> None:
    from geo.gating import pack
    from geo.reports.report_html import to_html
    from geo.reports.report_pdf import to_pdf

    for partners_pack, who in ((True, "partners"), (False, "public")) if partners else ((False, "public"),):
        if st.toggle(f"Make the {who} evidence pack for {case.gate}", key=f"gc{case.id}_{who}_pack"):
            report = pack.build(case, pack.gather(store, case, partners=partners_pack), partners=partners_pack,
                                ward=ward_name, today=clock.today())
            name = f"gating-{site.site_id}-{case.ref}-{who}"
            c1, c2 = st.columns(2)
            c1.download_button(f"{who.capitalize()} pack (HTML)", to_html(report), f"{name}.html", "text/html",
                               key=f"{name}_html")
            c2.download_button(f"{who.capitalize()} pack (PDF)", to_pdf(report), f"{name}.pdf", "application/pdf",
                               key=f"{name}_pdf")
