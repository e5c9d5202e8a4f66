"""Grading around nbgrader: sandboxed execution, parallel autograde, validation, reports.

Modules: ``checks`` (assertions for test cells), ``sandbox``/``execute`` (the bwrap kernel),
``autograde``/``worker`` (parallel, resumable), ``validate``, ``feedback`` (hidden tests never
shown), ``report`` (item analysis, Altair) and ``export`` (Canvas CSV). Importing this package
stays cheap: test cells import ``careops.grading.checks`` inside students' kernels.
"""
