"""Administrators: accounts, imports of sites and crime figures, reports."""
import streamlit as st

from geo.errors import WardError
from geo.roles import Action
from geo.status import Role
from ui import imports, show
from ui.context import context
from ui.downloads import report_builder

ctx = context()
st.title("Administration")
if not ctx.can(Action.MANAGE_USERS):
    st.error("Only administrators can use this page.")
    st.stop()

accounts, sites_tab, crime_tab, report_tab = st.tabs(["Accounts", "Import sites", "Import crime figures", "Reports"])

with accounts:
    show.table(
        ({"Name": u.name, "Role": u.role.label, "Email (council sign-in)": u.email or "",
          "State": "disabled" if u.disabled else "active"} for u in ctx.store.accounts.list_users()),
        empty="No staff accounts yet.",
    )
    with st.form("add_user", clear_on_submit=True):
        st.markdown("**Add an account**")
        name = st.text_input("Name", max_chars=64)
        role = st.selectbox("Role", [r for r in Role if r is not Role.RESIDENT], format_func=lambda r: r.label)
        email = st.text_input("Council email for single sign-in (optional)", max_chars=254)
        password = st.text_input("Password (at least 10 characters)", type="password", max_chars=200)
        if st.form_submit_button("Add account"):
            try:
                user = ctx.store.accounts.add_user(ctx.user, name.strip(), role, password, email=email.strip() or None)
            except WardError as exc:
                show.error(f"Nothing was saved: {exc}")
            else:
                show.success(f"Added {user.name} ({user.role.label}).")
    active = [u.name for u in ctx.store.accounts.list_users() if not u.disabled and u.name != ctx.user.name]
    with st.form("disable_user"):
        who = st.selectbox("Disable an account", active, index=None, placeholder="Choose an account")
        if st.form_submit_button("Disable") and who:
            try:
                ctx.store.accounts.disable_user(ctx.user, who)
            except WardError as exc:
                show.error(exc)
            else:
                show.success(f"{who} can no longer sign in.")

with sites_tab:
    imports.sites_import()

with crime_tab:
    imports.crime_import()

with report_tab:
    report_builder("admin")
