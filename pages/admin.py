"""Administrators: accounts, partner teams, imports of sites and crime figures, reports."""
import streamlit as st

from ui import imports
from ui.account_admin import accounts_tab
from ui.context import context
from ui.downloads import report_builder
from ui.team_admin import teams_tab
from geo import navigation
from ui.access import guard

ctx = context()
st.title("Administration")
guard(navigation.ADMIN)

accounts, teams, sites_tab, crime_tab, report_tab = st.tabs(
    ["Accounts", "Teams", "Import sites", "Import crime figures", "Reports"])

with accounts:
    accounts_tab(ctx)

with teams:
    teams_tab(ctx)

with sites_tab:
    imports.sites_import()

with crime_tab:
    imports.crime_import()

with report_tab:
    report_builder("admin")
