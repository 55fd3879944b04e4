"""Gating orders by the statutory route: a case per gate (geo.gating.case), its stages declared once
(geo.gating.stages), the evidence pack (geo.gating.pack) and the move from free-text reviews (geo.gating.legacy)."""
