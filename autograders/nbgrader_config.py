"""nbgrader configuration of the careops course (MS in Clinical Service Operations).

Run nbgrader from this directory (or use `careops grade ...`). Student code is executed in a
bubblewrap sandbox (careops.grading.sandbox): no network, no view of source/ or the
gradebook, limited memory and CPU. Feedback never shows hidden tests.
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

c.CourseDirectory.course_id = "careops"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The gradebook: SQLite by default; point db_url at PostgreSQL on a shared hub, e.g.
# c.CourseDirectory.db_url = "postgresql://nbgrader@db/careops"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".careops"]

# What students see in place of solutions
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograde: sanitize as nbgrader does (a deleted test cell is put back, an edited locked
# cell is overwritten from the gradebook), then execute in the sandbox
c.OverwriteCells.add_missing_cells = True
c.Autograde.autograde_preprocessors = [
    "careops.grading.execute.SandboxedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Execute.timeout = 60              # seconds per cell before it is interrupted
c.SandboxedExecute.interrupt_grace = 3.0
c.SandboxKernelManager.memory_mb = 2048   # address-space limit of a student's kernel
c.SandboxKernelManager.cpu_seconds = 300  # CPU-time limit of a student's kernel

# Late work is recorded (and reported) but not penalised automatically
c.LateSubmissionPlugin.penalty_method = "none"

# Feedback: grades plus the student's work, with hidden tests and their tracebacks redacted
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "careops.grading.feedback.RedactHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
