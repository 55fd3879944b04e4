"""How the ward safety map scales with the number of sites: `python -m bench`
(or `make bench`) prints one table.

A benchmark, not a test, and a tool beside the product rather than part of it:
it drives Streamlit's AppTest, headless Chromium (through the browser-test
harness in tests/e2e) and the store, and asserts nothing.  Every size is
compared with a floor measured in the same run.

    sites.py    the sites measured: the ward's own seven, or synthetic ones
    maps.py     building the map and its HTML
    page.py     a full AppTest run of the map page
    store.py    stores holding the bench's sites; gating update latency
    browser.py  navigation to the sites drawn, in Chromium
    table.py    the table, as text
    command.py  the arguments, and the run that fills the table
"""
