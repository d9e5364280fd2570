"""Columnar validation of a Parquet household table (DuckDB): the checks of ``validate.py``
as SQL, so tables of millions of rows are checked without a Python object per cell.

Same problems, in the same order and words, as the row-by-row reader (a test compares
them): located as ``file, row N`` (N counts data rows from 1, in file order). A valid table
is written, typed as the row-by-row reader types it, to the validated Parquet file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.monitoring.schema import load_schema
from nanjiang.monitoring.validate import FLAG_VALUES, county_codes


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _text(name: str, kind: str) -> str:
    """The cell as the row-by-row reader sees it (1.0 -> '1', NULL -> '')."""
    col = f'"{name}"'
    if kind in ("DOUBLE", "FLOAT", "REAL") or kind.startswith("DECIMAL"):
        return (f"CASE WHEN {col} IS NULL OR isnan({col}) THEN '' "
                f"WHEN isfinite({col}) AND {col} = trunc({col}) AND abs({col}) < 1e15 "
                f"THEN CAST(CAST({col} AS BIGINT) AS VARCHAR) ELSE CAST({col} AS VARCHAR) END")
    if kind == "BOOLEAN":
        return f"CASE WHEN {col} IS NULL THEN '' WHEN {col} THEN '1' ELSE '0' END"
    return f"coalesce(CAST({col} AS VARCHAR), '')"


def _error(field: dict, t: str, counties: set[str]) -> str:
    """SQL: the expectation the trimmed text ``t`` fails, or NULL."""
    kind = field["type"]
    gap = ("NULL" if field.get("optional")
           else _quote("expected a value (a gap is not allowed here)"))
    if kind == "string":
        rule = "NULL"
    elif kind == "county":
        listed = ", ".join(_quote(c) for c in sorted(counties))
        rule = (f"CASE WHEN {t} IN ({listed}) THEN NULL ELSE "
                f"{_quote('expected a county code of the four prefectures (regions.csv)')} END")
    elif kind in ("flag", "enum"):
        values = list(FLAG_VALUES) if kind == "flag" else field["values"]
        shown = "1, 0, 是, 否" if kind == "flag" else ", ".join(values)
        rule = (f"CASE WHEN {t} IN ({', '.join(map(_quote, values))}) THEN NULL "
                f"ELSE {_quote('expected one of ' + shown)} END")
    else:
        d = f"try_cast({t} AS DOUBLE)"
        checks = [f"WHEN {d} IS NULL OR NOT isfinite({d}) THEN {_quote('expected a number')}"]
        if kind == "integer":
            checks.append(f"WHEN {d} <> trunc({d}) THEN {_quote('expected a whole number')}")
        if "minimum" in field:
            checks.append(f"WHEN {d} < {field['minimum']} THEN "
                          f"{_quote('expected a value >= ' + str(field['minimum']))}")
        if "maximum" in field:
            checks.append(f"WHEN {d} > {field['maximum']} THEN "
                          f"{_quote('expected a value <= ' + str(field['maximum']))}")
        rule = "CASE " + " ".join(checks) + " ELSE NULL END"
    return f"CASE WHEN {t} = '' THEN {gap} ELSE {rule} END"


def _typed(field: dict, t: str) -> str:
    kind, name = field["type"], field["name"]
    if kind == "flag":
        ones = ", ".join(_quote(k) for k, v in FLAG_VALUES.items() if v == 1)
        value = f"CAST(CASE WHEN {t} IN ({ones}) THEN 1 ELSE 0 END AS BIGINT)"
    elif kind == "integer":
        value = f"CAST(CAST({t} AS DOUBLE) AS BIGINT)"
    elif kind == "number":
        value = f"CAST({t} AS DOUBLE)"
    else:
        value = t
    return f'CASE WHEN {t} = \'\' THEN NULL ELSE {value} END AS "{name}"'


def check_parquet(path: Path, regions_csv: Path, label: str | None = None,
                  out: Path | None = None, memory_mb: int | None = None,
                  threads: int = 1) -> int:
    """Validate ``path``; with ``out``, write the typed table there in key order.

    Returns the number of rows; raises DataValidationError with every problem.
    """
    from nanjiang.monitoring.engine import ORDER, connect, copy_to_parquet

    path, label = Path(path), label or str(path)
    fields = load_schema()["fields"]
    names = [f["name"] for f in fields]
    counties = county_codes(regions_csv)
    with connect(threads, memory_mb) as con:
        try:
            described = con.execute(
                f"DESCRIBE SELECT * FROM read_parquet({_quote(path)})").fetchall()
        except duckdb.Error as e:
            raise DataValidationError([Problem(label, f"cannot read the Parquet file ({e})")]) \
                from None
        kinds = {row[0]: row[1] for row in described}
        if sorted(kinds) != sorted(names):
            missing = [n for n in names if n not in kinds]
            extra = [n for n in kinds if n not in names]
            raise DataValidationError([Problem(
                label, f"columns do not match schema.yaml; missing {missing}, extra {extra}")])
        texts = ", ".join(f'{_text(n, kinds[n])} AS "{n}"' for n in names)
        con.execute(
            f"CREATE TEMP VIEW cells AS SELECT file_row_number + 1 AS row_no, {texts} "
            f"FROM read_parquet({_quote(path)}, file_row_number = true)")
        trimmed = {n: f'trim("{n}")' for n in names}
        checks = [
            f"SELECT row_no, {i} AS k, {_quote(f['name'])} AS col, \"{f['name']}\" AS val, "
            f"{_error(f, trimmed[f['name']], counties)} AS msg FROM cells"
            for i, f in enumerate(fields)
        ]
        key = f"{trimmed['household_id']}, {trimmed['year']}"
        checks.append(
            f"SELECT row_no, {len(fields)}, 'household_id', household_id, "
            f"'duplicate household id in year ' || {trimmed['year']} || ' (first on row ' || "
            f"first_row || ')' FROM (SELECT *, min(row_no) OVER (PARTITION BY {key}) "
            "AS first_row FROM cells) WHERE row_no > first_row")
        size, working = (f"try_cast({trimmed[n]} AS DOUBLE)"
                         for n in ("household_size", "members_working"))
        size_ok = _error(fields[names.index("household_size")], trimmed["household_size"],
                         counties)
        working_ok = _error(fields[names.index("members_working")],
                            trimmed["members_working"], counties)
        checks.append(
            f"SELECT row_no, {len(fields) + 1}, 'members_working', "
            f"CAST(CAST({working} AS BIGINT) AS VARCHAR), 'expected at most household_size (' "
            f"|| CAST(CAST({size} AS BIGINT) AS VARCHAR) || ') members' FROM cells "
            f"WHERE ({size_ok}) IS NULL AND ({working_ok}) IS NULL AND {working} > {size}")
        found = con.execute(
            "SELECT row_no, col, val, msg FROM (" + " UNION ALL ".join(checks) + ") "
            "WHERE msg IS NOT NULL ORDER BY row_no, k").fetchall()
        if found:
            raise DataValidationError([Problem(label, msg, column=col, value=val, row=row)
                                       for row, col, val, msg in found])
        rows = con.execute("SELECT count(*) FROM cells").fetchone()[0]
        if not rows:
            raise DataValidationError([Problem(label, "header without rows")])
        if out is not None:
            typed = ", ".join(_typed(f, trimmed[f["name"]]) for f in fields)
            copy_to_parquet(con, f"SELECT {typed} FROM cells {ORDER}", out)
        return rows


def read_parquet_households(path: Path, regions_csv: Path, label: str | None = None):
    """The validated table as pandas (small tables, tests)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "validated.parquet"
        check_parquet(path, regions_csv, label, out)
        con = duckdb.connect()
        try:
            return con.execute(
                f"SELECT * FROM read_parquet({_quote(out)}) ORDER BY household_id, year").df()
        finally:
            con.close()
