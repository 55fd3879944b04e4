"""The progress report, drawn as HTML and PDF, and its still map."""
