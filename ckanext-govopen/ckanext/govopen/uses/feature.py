"""Download and Data API call counts per dataset: counted in Redis on the hot
path, stored by dataset, shown only for what the verdict opens to everyone."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.uses import cli, count, flush, read

FEATURE = Feature(
    "uses",
    helpers={"govopen_dataset_uses": read.govopen_dataset_uses,
             "govopen_most_used": read.govopen_most_used},
    commands=(cli.uses,),
    # after every answered request: a download or a Data API call, one HINCRBY
    blueprints=(Hook(count.get_blueprint, 68),),
    # the search sort "most used" (govopen_uses desc)
    index_hooks=(Hook(read.index_fields, 50),),
    # a dataset that stops being open (or public) keeps no counts
    verdict_hooks=(Hook(flush.forget, 20),),
)
