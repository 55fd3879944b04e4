"""The ward safety map: data, validation, storage and map building.

Everything here runs without Streamlit, so plain pytest and the command
line (`python -m geo ...`) can use it.
"""
