"""File share: a temp folder of CSV / XLSX files with a YAML manifest or an
Excel inventory in the standard's columns; missing files, files outside the
folder and bad encodings are errors for their dataset only."""
import hashlib
import os
import shutil

import openpyxl
import pytest
import yaml

from govopen_harvesters import pipeline
from govopen_harvesters.record import HarvestError, Record

from tests.conftest import REALDATA
from tests.unit.harvest_roots import load_local

GB18030_CSV = os.path.join(REALDATA, "china", "messy-tables", "nbs_annual_domestic_tourism_gb18030.csv")


def records(items):
    return [i for i in items if isinstance(i, Record)]


def errors(items):
    return [i for i in items if isinstance(i, HarvestError)]


@pytest.fixture
def share(tmp_path):
    (tmp_path / "客流量.csv").write_text("日期,站点,客流量\n2024-01-01,人民广场,12000\n2024-01-02,徐家汇,8000.5\n",
                                      encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["区县", "人口"])
    ws.append(["黄浦区", 662030])
    ws.append(["徐汇区", 1113078])
    wb.save(tmp_path / "人口.xlsx")
    return tmp_path


def cfg(folder, **kw):
    base = {"name": "share", "type": "files", "path": str(folder), "department": "transport",
            "resource_code_prefix": "FS"}
    base.update(kw)
    return load_local(base)


def write_manifest(folder, datasets):
    with open(folder / "manifest.yaml", "w", encoding="utf-8") as f:
        yaml.safe_dump({"datasets": datasets}, f, allow_unicode=True)


def test_yaml_manifest(share):
    write_manifest(share, [
        {"identifier": "flow", "title": "地铁客流量", "notes": "每日客流", "theme": "transport",
         "issued": "2024-01-05", "tags": ["地铁", "客流"], "files": ["客流量.csv"]},
        {"title": "区县人口", "notes": "常住人口", "issued": "2024-02-01", "files": ["人口.xlsx"]},
    ])
    items = list(pipeline.harvest(cfg(share)))
    assert not errors(items)
    flow, pop = records(items)
    assert flow.source_id == "flow" and pop.source_id == "区县人口"
    assert flow.dataset["data_elements"] == [
        {"name": "日期", "title": "日期", "type": "date", "description": ""},
        {"name": "站点", "title": "站点", "type": "string", "description": ""},
        {"name": "客流量", "title": "客流量", "type": "number", "description": ""}]
    assert [e["type"] for e in pop.dataset["data_elements"]] == ["string", "integer"]
    res = flow.resources[0]
    content = (share / "客流量.csv").read_bytes()
    assert res.format == "CSV" and res.checksum == hashlib.sha256(content).hexdigest()
    assert b"".join(res.open_stream()) == content
    assert pop.resources[0].format == "XLSX"
    assert flow.valid, flow.problems
    assert flow.dataset["owner_org"] == "transport" and flow.dataset["open_type"] == "none"


def test_changed_file_changes_the_hash(share):
    write_manifest(share, [{"title": "t", "notes": "n", "issued": "2024-01-01", "files": ["客流量.csv"]}])
    h1 = records(pipeline.harvest(cfg(share)))[0].content_hash
    assert records(pipeline.harvest(cfg(share)))[0].content_hash == h1
    with open(share / "客流量.csv", "a", encoding="utf-8") as f:
        f.write("2024-01-03,静安寺,9000\n")
    assert records(pipeline.harvest(cfg(share)))[0].content_hash != h1


def test_excel_inventory_in_the_standards_columns(share):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["信息资源名称", "摘要", "主题分类", "发布日期", "更新周期", "文件", "备注（不属于标准）"])
    ws.append(["地铁客流量", "每日客流", "transport", "2024-01-05", "daily", "客流量.csv", "x"])
    ws.append([None, None, None, None, None, None, None])                       # blank row: skipped
    ws.append(["区县人口", "常住人口", "other", None, "annual", "人口.xlsx, 客流量.csv", None])
    ws.append([None, "没有名称的一行", None, None, None, None, None])
    wb.save(share / "目录.xlsx")
    items = list(pipeline.harvest(cfg(share, manifest="目录.xlsx")))
    got = records(items)
    assert [r.source_id for r in got] == ["地铁客流量", "区县人口"]
    assert got[0].dataset["update_frequency"] == "daily" and got[0].dataset["issued"] == "2024-01-05"
    assert len(got[1].resources) == 2
    assert [p["field"] for p in got[1].problems] == ["issued"]          # left empty in the inventory
    (e,) = errors(items)
    assert e.code == "manifest_row_invalid" and "row 5" in e.where


def test_missing_and_escaping_files(share):
    write_manifest(share, [
        {"title": "a", "files": ["nope.csv"]},
        {"title": "b", "files": ["../../etc/passwd"]},
        {"title": "c", "notes": "n", "issued": "2024-01-01", "files": ["客流量.csv"]},
    ])
    items = list(pipeline.harvest(cfg(share)))
    assert [r.source_id for r in records(items)] == ["c"]
    assert [(e.code, e.params["file"]) for e in errors(items)] == [
        ("file_missing", "nope.csv"), ("file_outside_root", "../../etc/passwd")]
    assert "nope.csv" in errors(items)[0].message["zh"]


def test_every_file_opened_is_checked_against_the_root(tmp_path):
    """Absolute paths, .. and symbolic links out of the root: refused when the run opens them."""
    share = tmp_path / "share"
    share.mkdir()
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "ids.csv").write_text("name,id\n张三,110101199003077777\n", encoding="utf-8")
    (share / "ok.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    os.symlink(outside / "ids.csv", share / "link.csv")
    os.symlink(outside, share / "linked-dir")
    write_manifest(share, [
        {"title": "abs", "files": [str(outside / "ids.csv")]},
        {"title": "link", "files": ["link.csv"]},
        {"title": "dir", "files": ["linked-dir/ids.csv"]},
        {"title": "ok", "notes": "n", "issued": "2024-01-01", "files": ["ok.csv"]},
    ])
    items = list(pipeline.harvest(cfg(share)))
    assert [r.source_id for r in records(items)] == ["ok"]
    assert [e.code for e in errors(items)] == ["file_outside_root"] * 3
    assert [e.params["file"] for e in errors(items)][1:] == ["link.csv", "linked-dir/ids.csv"]
    assert all(str(outside) not in e.message["en"] + e.message["zh"] for e in errors(items)[1:])
    # the manifest itself: a symbolic link out of the root is not read
    (outside / "manifest.yaml").write_text("datasets: []\n", encoding="utf-8")
    os.remove(share / "manifest.yaml")
    os.symlink(outside / "manifest.yaml", share / "manifest.yaml")
    (e,) = list(pipeline.harvest(cfg(share)))
    assert e.code == "source_outside_root" and e.fatal


def test_a_folder_swapped_for_a_link_after_the_check_is_not_followed(tmp_path, monkeypatch):
    """The race: the run checks ``sub/data.csv`` (inside the root), then the department
    (who can write to its share) swaps ``sub`` for a link to a folder outside. Before,
    the later open followed the link and the outside file became the resource."""
    from govopen_harvesters import places
    share = tmp_path / "share"
    (share / "sub").mkdir(parents=True)
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "data.csv").write_text("name,id\n张三,110101199003077777\n", encoding="utf-8")
    (share / "sub" / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    write_manifest(share, [{"title": "t", "notes": "n", "issued": "2024-01-01", "files": ["sub/data.csv"]}])
    checked = places.inside

    def check_then_swap(root, candidate):
        real = checked(root, candidate)
        if real and real.endswith(os.path.join("sub", "data.csv")) and not os.path.islink(share / "sub"):
            os.rename(share / "sub", share / "sub-old")
            os.symlink(outside, share / "sub")
        return real
    monkeypatch.setattr(places, "inside", check_then_swap)
    items = list(pipeline.harvest(cfg(share)))
    read = b"".join(b"".join(res.stream()) for rec in records(items) for res in rec.resources
                    if getattr(res, "stream", None))
    assert "110101199003077777".encode() not in read
    assert records(items) == [] and [e.code for e in errors(items)] in (["file_unreadable"], ["file_outside_root"])
    # and the file itself swapped for a link: refused too
    with pytest.raises((places.PlaceError, OSError)):
        (share / "sub-old" / "data.csv").unlink()
        os.symlink(outside / "data.csv", share / "sub-old" / "data.csv")
        places.open_inside(str(share), str(share / "sub-old" / "data.csv"))


def test_a_config_that_bypassed_the_checks_reads_nothing(share):
    """Defence in depth: the reader refuses a folder outside its root, or no root at all."""
    write_manifest(share, [{"title": "ok", "notes": "n", "issued": "2024-01-01", "files": ["客流量.csv"]}])
    good = cfg(share)
    for bad in (dict(good, path="/etc"), dict(good, root_path=None), dict(good, path=str(share / ".." / ".."))):
        (e,) = list(pipeline.harvest(bad))
        assert e.code == "source_outside_root" and e.fatal


def test_invalid_encoding_names_file_and_line(share):
    shutil.copy(GB18030_CSV, share / "tourism.csv")
    write_manifest(share, [{"title": "旅游", "notes": "n", "issued": "2024-01-01", "files": ["tourism.csv"]},
                           {"title": "c", "notes": "n", "issued": "2024-01-01", "files": ["客流量.csv"]}])
    items = list(pipeline.harvest(cfg(share)))
    (e,) = errors(items)
    assert e.code == "file_bad_encoding" and e.params["line"] == 1 and e.params["file"] == "tourism.csv"
    assert "UTF-8" in e.message["zh"] and "encoding" in e.message["en"]
    assert [r.source_id for r in records(items)] == ["c"]
    # told the right encoding, the same file reads
    write_manifest(share, [{"title": "旅游", "notes": "n", "issued": "2024-01-01", "files": ["tourism.csv"],
                            "encoding": "gb18030"},
                           {"title": "c", "notes": "n", "issued": "2024-01-01", "files": ["客流量.csv"]}])
    items = list(pipeline.harvest(cfg(share)))
    assert not errors(items) and len(records(items)) == 2


def test_missing_folder_or_manifest(tmp_path):
    assert [e.code for e in pipeline.harvest(cfg(tmp_path / "nope"))] == ["source_not_found"]
    assert [e.code for e in pipeline.harvest(cfg(tmp_path))] == ["source_not_found"]
    (tmp_path / "manifest.yaml").write_text("datasets: [unclosed", encoding="utf-8")
    assert [e.code for e in pipeline.harvest(cfg(tmp_path))] == ["source_malformed"]
