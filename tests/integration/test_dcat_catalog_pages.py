"""Every page of /catalog.ttl parses with ckanext-dcat's own DCAT-AP 3 parser,
walked page by page the way its DCAT harvester walks a remote catalog
(``RDFParser.next_page``): what a stock CKAN harvesting govopen would read.
It finds every public dataset once, with its resource code, and nothing else."""
import pytest

from ckanext.dcat.processors import RDFParser

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "2")
def test_every_catalog_page_parses_with_ckanext_dcats_dcat_ap_3_parser(app, make_dataset):
    public = [make_dataset(title="公开数据 %d" % i, notes="说明 %d。" % i) for i in range(4)]
    public.append(make_dataset(title="有条件开放", notes="说明。", open_type="conditional",
                               open_condition="实名申请后提供", legal_basis="《数据安全法》第二十一条"))
    hidden = [make_dataset(title="内部名单", notes="内部。", private=True),
              make_dataset(title="草稿", notes="草稿。", state="draft")]
    url, pages, found = "/catalog.ttl", 0, []
    while url:
        res = app.get(url)
        assert res.status_code == 200, url
        parser = RDFParser(profiles=["euro_dcat_ap_3"])
        parser.parse(res.get_data(as_text=True), _format="turtle")      # raises on a page it cannot read
        page = list(parser.datasets())
        assert page, url
        found += page
        pages += 1
        nxt = parser.next_page()
        url = nxt[nxt.index("/catalog.ttl"):] if nxt else None
    assert pages == 3
    titles = sorted(d["title"] for d in found)
    assert titles == sorted(d["title"] for d in public)
    assert not {d["title"] for d in hidden} & set(titles)
    assert all(d.get("identifier") or d.get("extras") for d in found)
