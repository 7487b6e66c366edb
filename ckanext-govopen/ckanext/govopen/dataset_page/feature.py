"""The dataset page beyond CKAN's own: badges, table previews, the quality view."""
from ckanext.govopen.dataset_page import badges, preview, quality
from ckanext.govopen.feature import Feature

FEATURE = Feature(
    "dataset_page",
    helpers={
        "govopen_dataset_badges": badges.govopen_dataset_badges,
        "govopen_table_previews": preview.govopen_table_previews,
        "govopen_quality_view": quality.govopen_quality_view,
    },
)
