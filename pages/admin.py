"""Administrators: accounts, partner teams, the action plan as a spreadsheet, imports of sites
and crime figures, reports."""
import streamlit as st

from ui import imports
from ui.account_admin import accounts_tab
from ui.context import context
from ui.downloads import report_builder
from ui.plan_sheet import plan_sheet_tab
from ui.team_admin import teams_tab
from geo import navigation
from ui.access import guard

ctx = context()
st.title("Administration")
guard(navigation.ADMIN)

accounts, teams, plan_sheet, sites_tab, crime_tab, report_tab = st.tabs(
    ["Accounts", "Teams", "Action plan spreadsheet", "Import sites", "Import crime figures", "Reports"])

with accounts:
    accounts_tab(ctx)

with teams:
    teams_tab(ctx)

with plan_sheet:
    plan_sheet_tab(ctx)

with sites_tab:
    imports.sites_import()

with crime_tab:
    imports.crime_import()

with report_tab:
    report_builder("admin")
