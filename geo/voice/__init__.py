"""Residents' voice: "I felt unsafe here" and "still a problem", published only in aggregate.

Pure, with no Streamlit and no database: reasons (the StreetSafe list), the British National Grid
cells reports are counted in, the aggregation that publishes a cell only once it holds k reports,
the abuse rules, and residents' verdicts on commitments.  geo.db.voice_store keeps the rows."""
