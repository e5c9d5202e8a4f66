"""The seminar series (lectures, journal club, peer capstone feedback) and the capstone milestones.

Data lives in the repository's ``seminar/`` folder: ``sessions.yml`` (terms, topics, sessions),
``readings.bib`` (Zotero's BibTeX export) and ``capstone.yml`` (milestones). This package
checks them (:func:`load_program`), writes the journal-club site and its calendar, and gives
the Sphinx directives that show the same schedule in the main book.
"""

from careops.seminar.calendar import (
    Milestone,
    MilestoneStep,
    Term,
    collection_start,
    milestone_schedule,
    points_between,
    term_week,
    weeks_between,
)
from careops.seminar.program import FORMATS, Program, Session, Topic, load_program
from careops.seminar.readings import Bibliography, Reading, load_bibliography
from careops.seminar.yamlio import SeminarError

__all__ = [
    "FORMATS",
    "Bibliography",
    "Milestone",
    "MilestoneStep",
    "Program",
    "Reading",
    "SeminarError",
    "Session",
    "Term",
    "Topic",
    "collection_start",
    "load_bibliography",
    "load_program",
    "milestone_schedule",
    "points_between",
    "term_week",
    "weeks_between",
]
