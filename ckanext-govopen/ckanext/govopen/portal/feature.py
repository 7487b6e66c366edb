"""The portal's face: the site's name and texts from configuration, the home page's
figures, public self-registration with the terms of use."""
from ckanext.govopen.feature import Feature
from ckanext.govopen.portal import accounts, avatar, home, site, translated

FEATURE = Feature(
    "portal",
    helpers={
        "govopen_site_title": site.govopen_site_title,
        "govopen_site_text": site.govopen_site_text,
        "govopen_site_links": site.govopen_site_links,
        "govopen_home": home.govopen_home,
        # chained onto CKAN's: title_en / notes_en for English readers
        "dataset_display_name": translated.dataset_display_name,
        "get_translated": translated.get_translated,
        "govopen_terms_url": accounts.govopen_terms_url,
        # chained onto CKAN's: no picture hotlinked from another host (avatar.py)
        "user_image": avatar.user_image,
    },
    # self-registration accepts the terms of use (accounts.py)
    chained_actions={"user_create": accounts.user_create},
)
