"""Rebuild the search index beside the live one and swap (SolrCloud).

1. the alias's live collection gives the shape (shards, replicas, configset);
   a new generation ``<alias>_<n+1>`` of that shape is created beside it;
2. every dataset that is not deleted is indexed into the new collection (this
   process only points CKAN's ``solr_url`` at it meanwhile; the site keeps
   searching and writing through the alias, i.e. the live collection);
3. every replica of it must be active and its count for this site must equal
   the database's, or the new collection is dropped and the alias left alone
   (fails closed);
4. the alias is pointed at it (one change in ZooKeeper: a search sees either);
5. datasets written while it was built are indexed again, now into it;
6. the previous generation is kept (a rollback is one CREATEALIAS); older go.
"""
from __future__ import annotations

import datetime

import ckan.model as model
from ckan import logic
from ckan.lib import search
from ckan.plugins import toolkit

from ckanext.govopen.searchindex.collections import Cloud, CloudError

#: writes this long before the build began are indexed again after the swap too
#: (a transaction may commit after its metadata_modified)
MARGIN = datetime.timedelta(minutes=5)


def _package_ids(since=None) -> list:
    query = model.Session.query(model.Package.id)
    if since is None:
        query = query.filter(model.Package.state != "deleted")
    else:
        query = query.filter(model.Package.metadata_modified >= since)
    return [row[0] for row in query.all()]


def _index(ids, defer_commit, progress) -> None:
    context = {"ignore_auth": True}
    for n, package_id in enumerate(ids, 1):
        logic.index_update_package(context, package_id, defer_commit)
        progress(n, len(ids))


def rebuild_swap(echo=print, progress=lambda n, total: None) -> dict:
    """Build, check, swap. ``{"old", "new", "count", "caught_up", "dropped"}``."""
    config = toolkit.config
    solr_url = config["solr_url"]
    cloud = Cloud.from_solr_url(solr_url)
    live = cloud.target()
    if not live:
        raise CloudError("%s is not a SolrCloud alias: --swap needs GOVOPEN_SOLR_NODES >= 2 "
                         "(an alias in front of a collection) / %s 不是 SolrCloud 别名：--swap 需要"
                         " SolrCloud（集合前的别名）" % (solr_url, solr_url))
    shards, replicas, configset = cloud.shape(live)
    new = cloud.next_name()
    started = datetime.datetime.utcnow()
    echo("building %s beside %s (%d shards x %d replicas, configset %s)" % (new, live, shards, replicas, configset))
    cloud.create(new, shards, replicas, configset)
    try:
        ids = _package_ids()
        config["solr_url"] = cloud.url(new)
        try:
            _index(ids, True, progress)
            search.commit()
        finally:
            config["solr_url"] = solr_url
        if not cloud.wait_healthy(new):
            raise CloudError("%s: not every replica is active: not swapped / %s 的副本未全部就绪：未切换"
                             % (new, new))
        count = cloud.count(new, "+site_id:%s" % config["ckan.site_id"])
        if count != len(ids):
            raise CloudError("%s holds %d datasets, the database %d: not swapped / %s 有 %d 个数据集，"
                             "数据库有 %d 个：未切换" % (new, count, len(ids), new, count, len(ids)))
    except BaseException:
        model.Session.rollback()
        cloud.delete(new)
        raise
    cloud.swap(new)
    echo("alias %s -> %s" % (cloud.alias, new))
    changed = _package_ids(since=started - MARGIN)
    _index(changed, False, lambda n, total: None)
    model.Session.commit()
    dropped = [c for c in cloud.generations() if c not in (new, live)]
    for old in dropped:
        cloud.delete(old)
    return {"old": live, "new": new, "count": count, "caught_up": len(changed), "dropped": dropped}
