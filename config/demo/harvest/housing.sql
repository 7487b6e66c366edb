-- A small department database (the housing bureau's permit system), for the
-- demo harvest source `demo-housing-db` and the harvest integration tests.
-- sqlite3 housing.db < housing.sql
CREATE TABLE building_permits (
    permit_no   TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    district    TEXT NOT NULL,
    floor_area  REAL NOT NULL,
    issued_on   TEXT NOT NULL
);
INSERT INTO building_permits VALUES
    ('建字第2024001号', '上海城建置业有限公司', '浦东新区', 12850.5, '2024-01-08'),
    ('建字第2024002号', '上海申江房地产开发有限公司', '徐汇区', 8420.0, '2024-01-15'),
    ('建字第2024003号', '上海临港建设发展有限公司', '浦东新区', 23100.0, '2024-02-02'),
    ('建字第2024004号', '上海静安城市更新有限公司', '静安区', 5630.8, '2024-02-20'),
    ('建字第2024005号', '上海闵行保障房建设有限公司', '闵行区', 17600.0, '2024-03-05');

CREATE TABLE district_totals (
    district    TEXT PRIMARY KEY,
    permits     INTEGER NOT NULL,
    floor_area  REAL NOT NULL
);
INSERT INTO district_totals VALUES
    ('浦东新区', 2, 35950.5), ('徐汇区', 1, 8420.0), ('静安区', 1, 5630.8), ('闵行区', 1, 17600.0);
