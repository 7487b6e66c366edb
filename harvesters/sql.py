"""Tables and views of a department's database (PostgreSQL, MySQL/MariaDB, SQLite).

Each configured table or view is one dataset: its columns (types, comments)
become ``data_elements``, its rows one CSV resource streamed on demand. The
rows are read once here to compute the content checksum (in primary-key
order, so the same rows give the same bytes), so an unchanged table is
recognised by its hash and never copied again. The config::

    type: sql
    url: postgresql://reader@db.dept.local/permits
    secret: permits_db                   # the password: a secret on the server, by name
    tables:
      - table: building_permits        # or a view; `schema:` when not the default
        title: 建设工程规划许可证
        notes: ...
        theme: urban_housing
        columns: {permit_no: {title: 许可证号}}

``tables: "*"`` takes every table and view. A SQLite file is named inside a
file-share root (``root: demo-db`` + ``url: sqlite:///housing.db``). The
password is put into the connection only; errors and records show the URL
without it (``cfg["display"]``).
"""
import sqlalchemy as sa
from sqlalchemy.exc import NoSuchTableError, SQLAlchemyError

from . import origins, outbound, tabular
from .fetch import guard_for
from .record import HarvestError, Resource, make_record
from .registry import SourceType

SOURCE_TYPE = SourceType(
    name="govopen_sql", order=40, origin=origins.DATABASE,
    title={"zh": "部门数据库", "en": "Department database"},
    description={"zh": "PostgreSQL、MySQL 或 SQLite 数据库中的表和视图。",
                 "en": "Tables and views of a PostgreSQL, MySQL or SQLite database."})

RESERVED = {"table", "schema", "columns", "identifier"}


def safe_url(url):
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<database url>"


def connect_url(cfg):
    """The URL to connect with: the config's, with its named secret as the password."""
    credential = cfg.get("credential")
    if credential is None:
        return cfg["url"]
    return sa.engine.make_url(cfg["url"]).set(password=credential.value)


#: the port a database URL without one connects to
DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306, "mssql": 1433, "oracle": 1521}


def checked_url(cfg):
    """The URL to connect with, its host checked by the one outbound guard: a
    database on the server itself or on a private network only where the
    sysadmin's allow-list (``govopen.outbound.allow``) names its address and
    port. It connects to the address it checked (no second DNS answer)."""
    url = sa.engine.make_url(connect_url(cfg))
    if not url.host:                 # SQLite: a file inside a file-share root, checked on load
        return url
    port = url.port or DEFAULT_PORTS.get(url.get_backend_name(), 0)
    guard = guard_for(cfg.get("http") or {})
    try:
        addresses = guard.resolver(url.host, port)
    except (OSError, UnicodeError):
        raise outbound.OutboundError("unreachable") from None
    if not addresses or not all(outbound.allowed(a, port, guard.allow) for a in addresses):
        raise outbound.OutboundError("unreachable")
    if url.get_backend_name() == "postgresql":
        return url.update_query_dict({"hostaddr": addresses[0]})    # host stays, for TLS and auth
    return url.set(host=addresses[0])


def read(cfg, state):
    where = cfg.get("display") or safe_url(cfg["url"])
    try:
        url = checked_url(cfg)
    except outbound.OutboundError as e:
        yield HarvestError("database_error", where, fatal=True,
                           params={"error": "%s / %s" % (e.message["en"], e.message["zh"])})
        return
    try:
        engine = sa.create_engine(url, hide_parameters=True)
        inspector = sa.inspect(engine)
        tables = cfg.get("tables") or []
        if tables == "*":
            tables = [{"table": n} for n in inspector.get_table_names() + inspector.get_view_names()]
    except SQLAlchemyError as e:
        yield HarvestError("database_error", where, fatal=True, params={"error": _short(e, cfg)})
        return
    except Exception as e:  # unknown dialect, missing driver
        yield HarvestError("database_error", where, fatal=True,
                           params={"error": _masked("%s: %s" % (type(e).__name__, e), cfg)})
        return
    try:
        for spec in tables:
            if isinstance(spec, str):
                spec = {"table": spec}
            yield from _table(cfg, engine, spec, where)
    finally:
        engine.dispose()


def _short(exc, cfg):
    return _masked(str(getattr(exc, "orig", None) or exc).splitlines()[0][:300], cfg)


def _masked(text, cfg):
    """``text`` without the secret, should a driver ever repeat it."""
    credential = cfg.get("credential")
    if credential is not None and credential.value:
        text = text.replace(credential.value, "***")
    return text


def _table(cfg, engine, spec, where):
    name, schema = spec.get("table"), spec.get("schema")
    qualified = "%s.%s" % (schema, name) if schema else str(name)
    table_where = "%s table %s" % (where, qualified)
    ident = str(spec.get("identifier") or "table:" + qualified)
    try:
        table = sa.Table(name, sa.MetaData(), schema=schema, autoload_with=engine)
    except NoSuchTableError:
        yield HarvestError("table_missing", table_where, record_id=ident)
        return
    except SQLAlchemyError as e:
        yield HarvestError("database_error", table_where, record_id=ident, params={"error": _short(e, cfg)})
        return
    columns = spec.get("columns") or {}
    data_elements = []
    for col in table.columns:
        try:
            py = col.type.python_type
        except (NotImplementedError, AttributeError):
            py = str
        meta = columns.get(col.name) or {}
        data_elements.append({
            "name": col.name,
            "title": str(meta.get("title") or col.comment or col.name),
            "type": meta.get("type") or tabular.python_type_to_field_type(py),
            "description": str(meta.get("description") or ""),
        })
    order = list(table.primary_key.columns) or list(table.columns)
    query = sa.select(table).order_by(*order)
    header = [c.name for c in table.columns]

    def stream():
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=tabular.CHUNK_ROWS).execute(query)
            yield from tabular.csv_chunks(header, (tuple(r) for r in result))

    try:
        digest, size = tabular.checksum(stream())
        with engine.connect() as conn:
            rows = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
    except SQLAlchemyError as e:
        yield HarvestError("database_error", table_where, record_id=ident, params={"error": _short(e, cfg)})
        return
    dataset = {k: v for k, v in spec.items() if k not in RESERVED}
    dataset.setdefault("title", str(name))
    dataset["data_elements"] = data_elements
    resource = Resource(name="%s.csv" % name, format="CSV", checksum=digest, size=size,
                        stream=stream, filename="%s.csv" % name,
                        description="从数据库表 %s 导出（%d 行） / Exported from database table %s (%d rows)"
                                    % (qualified, rows, qualified, rows))
    yield make_record(ident, dataset, resources=[resource],
                      source={"where": table_where, "rows": rows})
