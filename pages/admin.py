"""Administrators: accounts, imports of sites and crime figures, reports."""
import streamlit as st

from ui import imports
from ui.account_admin import accounts_tab
from ui.context import context
from ui.downloads import report_builder
from geo import navigation
from ui.access import guard

ctx = context()
st.title("Administration")
guard(navigation.ADMIN)

accounts, sites_tab, crime_tab, report_tab = st.tabs(["Accounts", "Import sites", "Import crime figures", "Reports"])

with accounts:
    accounts_tab(ctx)

with sites_tab:
    imports.sites_import()

with crime_tab:
    imports.crime_import()

with report_tab:
    report_builder("admin")
