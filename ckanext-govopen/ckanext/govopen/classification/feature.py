"""Classification: the guard on every write (validator, audit after it), the audit actions and page."""
from ckanext.govopen.classification import actions, guard, views
from ckanext.govopen.feature import Feature, Hook

FEATURE = Feature(
    "classification",
    actions={
        "govopen_audit_list": actions.audit_list,
        "govopen_review_approve": actions.review_approve,
    },
    auth={
        "govopen_audit_list": actions.audit_list_auth,
        "govopen_review_approve": actions.review_approve_auth,
    },
    validators={"govopen_classification_guard": guard.classification_guard},
    blueprints=(Hook(views.get_blueprint, 70),),
    after_write_hooks=(Hook(guard.audit_write, 20),),
)
