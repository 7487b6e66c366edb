"""The portal's face: the site's name and texts from configuration, the home page's
figures, public self-registration with the terms of use, a rate limit, a captcha
alternative and e-mail confirmation."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.portal import accounts, avatar, captcha, cli, confirm, extract, home, site, translated

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
        # the registration form's signed stamp (captcha.py)
        "govopen_register_stamp": captcha.govopen_register_stamp,
        # whether self-registered accounts confirm their e-mail (confirm.py)
        "govopen_confirm_email": confirm.required,
        # chained onto CKAN's: no picture hotlinked from another host (avatar.py)
        "user_image": avatar.user_image,
        # chained onto CKAN's: a long Chinese description shortened, not "..." (extract.py)
        "markdown_extract": extract.markdown_extract,
    },
    # self-registration: terms, rate limit, captcha, e-mail confirmation (accounts.py)
    chained_actions={"user_create": accounts.user_create},
    # the confirmation link's page (confirm.py)
    blueprints=(Hook(confirm.get_blueprint, 97),),
    # never-confirmed self-registered accounts deleted after N days (cli.py)
    commands=(cli.accounts,),
)
