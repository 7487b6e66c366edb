"""Harvesting inside CKAN: the job report, the checks on ckanext-harvest's
actions, harvested datasets shown and published once their checks allow."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.harvest import cli, form, job_report, publish, registries, show, source_actions, source_datasets

FEATURE = Feature(
    "harvest",
    actions={"govopen_harvest_job_report": job_report.job_report},
    chained_actions={**source_actions.chained_actions(), **registries.chained_actions(),
                     "harvest_jobs_run": job_report.harvest_jobs_run,
                     # its counters from the govopen report (the job page's badges)
                     "harvest_job_show": job_report.harvest_job_show,
                     # the sources list's dataset count (as the public sees them)
                     "harvest_source_show_status": source_datasets.harvest_source_show_status},
    auth={"govopen_harvest_job_report": job_report.job_report_auth},
    # ckanext-harvest's own auth where it has one; sysadmins only where it had none
    chained_auth={**source_actions.chained_auth_functions(), **registries.auth_functions()},
    helpers={"govopen_harvest_job_report": job_report.govopen_harvest_job_report,
             # the source form's types in the reader's language (templates/source/new_source_form.html)
             "govopen_source_type_text": form.govopen_source_type_text,
             # chained onto ckanext-harvest's: the source's datasets the reader may see, held ones too (count, list)
             "package_count_for_source": source_datasets.package_count_for_source,
             "package_list_for_source": source_datasets.package_list_for_source},
    # the source a dataset came from, as ckanext-harvest's source page searches it
    index_hooks=(Hook(source_datasets.index_fields, 60),),
    commands=(cli.harvest,),
    # last
    show_hooks=(Hook(show.show_harvest, 90),),
    # last: publishes a harvested dataset its source wants public, once the checks allow
    resource_jobs=(Hook(publish.publish_when_clear, 90),),
)
