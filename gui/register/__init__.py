"""The window of the register of applications (依申请公开台账): list, form, ledger import."""
