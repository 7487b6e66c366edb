from ckanext.govopen.portal.avatar import is_foreign

SITE = "http://127.0.0.1:5000"


def test_outside_addresses_are_foreign():
    assert is_foreign("https://img.example.net/me.png", SITE)
    assert is_foreign("//img.example.net/me.png", SITE)       # protocol-relative
    assert is_foreign("http://127.0.0.1:5000.evil.net/me.png", SITE)


def test_the_sites_own_pictures_are_not():
    assert not is_foreign("http://127.0.0.1:5000/uploads/user/me.png", SITE)
    assert not is_foreign("/uploads/user/me.png", SITE)
    assert not is_foreign("", SITE)
