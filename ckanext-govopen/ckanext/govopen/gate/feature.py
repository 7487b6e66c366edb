"""The publication gate's part in the pages: each check's name in words."""
from ckanext.govopen.feature import Feature
from ckanext.govopen.gate import core

FEATURE = Feature("gate", helpers={"govopen_gate_label": core.label})
