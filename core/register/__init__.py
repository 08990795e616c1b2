"""The register of applications (依申请公开台账): one row per application for disclosure.

Modules: `vocab` (table 3's applicant columns and result rows, read from the report format),
`model` (the Application and the check of one application), `store` (SQLite, with history),
`calendar` (working days), `deadlines` (due dates), `counting` (table 3 from the register),
`ledger_read` / `ledger` (the clerk's workbook or CSV in and out).
Everything here is personal data: never printed in a report, never logged. No Qt here.
"""
