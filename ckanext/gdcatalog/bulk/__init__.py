"""Bulk registration: import and export of an organization's catalog in the
NSO Excel template ("Template การจัดทำบัญชีข้อมูล")."""
