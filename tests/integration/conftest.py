"""Fixtures for tests that run inside CKAN against the real services."""
import itertools

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

# Valid unified social credit codes (GB 32100) for test departments.
PROVIDER_CODES = itertools.cycle([
    "111100000000209170", "11110000000022576T", "11310000002463025G",
])
_sequence = itertools.count(1)


@pytest.fixture
def clean_all(clean_db, clean_index, migrate_db_for):
    """An empty catalog: no rows, no index entries, plugin tables present, no cached
    suggestions (``clean_index`` empties Solr behind CKAN's back)."""
    from ckanext.govopen.search_ui import suggest_cache
    suggest_cache.bump()
    migrate_db_for("harvest")
    migrate_db_for("activity")
    migrate_db_for("govopen")


@pytest.fixture
def sysadmin(clean_all):
    return factories.Sysadmin()


@pytest.fixture
def department(sysadmin):
    """A department (organization) that satisfies the organization schema."""
    # image_url: CKAN's factory picks a random picture on the internet (unreachable
    # here: a broken image on every department page's screenshot); a department
    # without a logo shows the placeholder. description: the factory's random English
    # sentence ("Home modern doctor future.") failed the pages' untranslated-words
    # check on the department page (Home is one of the UI words it looks for); a fixed
    # one holds none of them (and no Chinese, which the English pages look for)
    return factories.Organization(
        user=sysadmin, provider_code=next(PROVIDER_CODES), image_url="",
        description="Transit lines and stops, city-wide.")


@pytest.fixture
def editor(department):
    """An editor of ``department``."""
    user = factories.User()
    helpers.call_action("organization_member_create", id=department["id"], username=user["name"], role="editor")
    return user


def standard_fields(**overrides):
    """The fields the national standard requires, with valid values."""
    n = next(_sequence)
    fields = {
        "resource_code": f"301002-{n:06d}",
        "theme": "transport",
        "share_type": "unconditional",
        "open_type": "unconditional",
        "security_level": "general",
        "personal_info": "none",
        "update_frequency": "monthly",
        "issued": "2024-04-01",
        "spatial_code": "110000",
        "license_id": "cc-by",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def make_dataset(sysadmin, department):
    """Create a dataset through the Action API with the standard's fields."""
    def make(**kwargs):
        kwargs.setdefault("owner_org", department["id"])
        kwargs.setdefault("private", False)
        return factories.Dataset(user=sysadmin, **standard_fields(**kwargs))
    return make
