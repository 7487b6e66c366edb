"""The developers' page shows the names inside an action's summary as code
(apidocs.views.summary_parts): reStructuredText literals lose their backticks,
action and field names become code, the words around them stay text."""
from ckanext.govopen.apidocs.views import summary_parts


def test_literals_and_names_become_code():
    assert summary_parts("Anyone may list; ``officer`` needs a login. CKAN's package_search, wrapped") == [
        ("Anyone may list; ", False), ("officer", True), (" needs a login. CKAN's ", False),
        ("package_search", True), (", wrapped", False)]


def test_plain_text_and_nothing():
    assert summary_parts("One data request with its public answer.") == [
        ("One data request with its public answer.", False)]
    assert summary_parts("") == []
    assert summary_parts(None) == []


def test_words_with_one_part_stay_text():
    # "read-only" or "GET" are words, not names: only snake_case is code
    assert summary_parts("A read-only GET of title_en") == [("A read-only GET of ", False), ("title_en", True)]
