"""Interactive exercises (ipywidgets 8) built from careops analytics and charts.

Every exercise follows one pattern (:class:`careops.widgets.core.Exercise`): the student sets
the situation, the chart follows, the student answers and presses Check, and the feedback says
what is right or which common mistake the answer looks like. Answer keys come from careops.

>>> from careops.widgets import takt_time_exercise
>>> takt_time_exercise()          # last expression of a notebook cell: shows the exercise
"""

from careops.widgets.break_even import break_even_exercise, break_even_explorer
from careops.widgets.budget import flexible_budget_exercise
from careops.widgets.business_plan import business_plan_exercise
from careops.widgets.capital import capital_budgeting_exercise, npv_explorer
from careops.widgets.capstone_measures import capstone_measures_exercise
from careops.widgets.control_chart import control_chart_exercise
from careops.widgets.core import Choice, Exercise, Feedback, Number
from careops.widgets.covid_testing import covid_testing_exercise
from careops.widgets.decision_matrix import decision_matrix_exercise
from careops.widgets.erlang import ed_staffing_exercise
from careops.widgets.flow import patient_flow_exercise
from careops.widgets.funnel import readmission_funnel_exercise
from careops.widgets.insurance import health_insurance_exercise
from careops.widgets.mix import case_mix_exercise, payer_mix_exercise
from careops.widgets.nurse_fte import nurse_fte_exercise
from careops.widgets.pdsa import pdsa_exercise
from careops.widgets.readmission_targets import readmission_target_exercise
from careops.widgets.run_chart import run_chart_exercise
from careops.widgets.shortage import shortage_scenarios_exercise
from careops.widgets.takt import takt_time_exercise
from careops.widgets.trial_result import trial_result_exercise
from careops.widgets.turnover import room_turnover_exercise
from careops.widgets.value_stream import value_stream_exercise
from careops.widgets.wastes import eight_wastes_exercise

__all__ = [
    "Choice",
    "Exercise",
    "Feedback",
    "Number",
    "break_even_exercise",
    "break_even_explorer",
    "business_plan_exercise",
    "capital_budgeting_exercise",
    "capstone_measures_exercise",
    "case_mix_exercise",
    "control_chart_exercise",
    "covid_testing_exercise",
    "decision_matrix_exercise",
    "ed_staffing_exercise",
    "eight_wastes_exercise",
    "flexible_budget_exercise",
    "health_insurance_exercise",
    "npv_explorer",
    "nurse_fte_exercise",
    "patient_flow_exercise",
    "payer_mix_exercise",
    "pdsa_exercise",
    "readmission_funnel_exercise",
    "readmission_target_exercise",
    "room_turnover_exercise",
    "run_chart_exercise",
    "shortage_scenarios_exercise",
    "takt_time_exercise",
    "trial_result_exercise",
    "value_stream_exercise",
]
