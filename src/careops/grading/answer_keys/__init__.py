"""Answer-key facts of the later assignments, one module per course (``<course>.py``).

Each module registers its assignments with :func:`careops.grading.answers.facts_for`; the
first :func:`careops.grading.answers.facts` call imports them all.
"""
