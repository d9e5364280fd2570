"""Columnar validation of a Parquet household table (DuckDB): the checks of ``validate.py``
as SQL, so tables of millions of rows are checked without a Python object per cell.

Same problems, in the same order and words, as the row-by-row reader of a CSV or workbook
holding the same values (a property test compares them): located as ``file, row N`` (N
counts data rows from 1, in file order). A valid table is written, typed as the row-by-row
reader types it, to the validated Parquet file.

A column stored as text is read by the grammar of ``values.py``, as a CSV cell is. A column
of numbers (integer, number) stored as numbers (DOUBLE, BIGINT, DECIMAL…) holds numbers
already: NULL and NaN are gaps, infinities are refused, and a value in a problem is written
as ``values.number_text`` writes it (1.0 -> '1', 1e-07 -> '0.0000001'); 3.0 is a whole
number, as CSV ``3.0`` is. A column read as text (a flag, a code, an id, a date) stored as
an integer type reads as its digits (1 -> '1'); stored as DOUBLE or DECIMAL, as its decimal
text (1.0 -> '1.0', refused for a flag or a county code as CSV ``1.0`` is); BOOLEAN reads as
'true' or 'false' anywhere (refused for a flag or a number as CSV ``TRUE`` is).

Every value (the file's path, county codes, limits, messages) is bound as a parameter of the
statement; the only names in the SQL text are the columns of schema.yaml (a file's columns
are renamed to them by position, ``AS src(...)``).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb

from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.monitoring.engine import ORDER, Params, connect, copy_to_parquet
from nanjiang.monitoring.schema import load_schema
from nanjiang.monitoring.validate import (
    FLAG_VALUES,
    INCOME_PARTS,
    INCOME_SUM_EXPECTED,
    INCOME_TOLERANCE,
    ONE_LINE_EXPECTED,
    SQL_TYPES,
    SUM_SHOWN_MAX,
    absent_ok,
    county_codes,
    header_problem,
    read_households,
    schema_dtypes,
)
from nanjiang.monitoring.values import (
    DATE,
    DATE_EXPECTED,
    DATE_YEARS,
    DIGIT_RUNS,
    FINITE_EXPECTED,
    INTEGER_MAX,
    LINE_BREAKS,
    NUMBER,
    NUMBER_EXPECTED,
    WHITESPACE,
    number_text,
)

_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
             "UINTEGER", "UBIGINT", "UHUGEINT"}
_FLOATS = {"FLOAT", "DOUBLE"}


def _is_float(kind: str) -> bool:
    return kind in _FLOATS or kind.startswith("DECIMAL")


def _q(name: str) -> str:
    """A column of schema.yaml as an SQL identifier (schema names are [a-z_]+)."""
    assert re.fullmatch(r"[a-z_]+", name), name
    return f'"{name}"'


def _trimmed(text: str, bind: Params) -> str:
    """SQL: ``text`` without the WHITESPACE around it (trim() only where there is some: with
    a set of characters it costs twenty times a plain trim())."""
    ws = bind(WHITESPACE)
    return (f"CASE WHEN {text} <> '' AND (contains({ws}, left({text}, 1)) OR "
            f"contains({ws}, right({text}, 1))) THEN trim({text}, {ws}) ELSE {text} END")


def _cells(fields: list[dict], kinds: list[str], path: str, bind: Params,
           absent: list[dict] = ()) -> str:
    """SQL: ``cells``, one row per non-blank data row of the file ``path`` (the SQL naming
    its parameter), whose columns are ``fields`` of types ``kinds``, in the file's order: the
    row's number, and per column its trimmed text (``name``) and, for numbers, its value
    (``name__d``, NULL unless it reads as a number) and what its text fails to be a number
    (``name__e``, or NULL). The columns of ``absent`` (optional columns the file lacks) are
    blank text."""
    names = [f["name"] for f in fields]
    inner = ["file_row_number + 1 AS row_no"]
    outer = ["*"]
    for field in absent:
        outer.append(f"'' AS {_q(field['name'])}")
        if field["type"] in ("integer", "number"):
            outer.append(f"NULL::DOUBLE AS {_q(field['name'] + '__d')}")
            outer.append(f"NULL::VARCHAR AS {_q(field['name'] + '__e')}")
    for field, kind in zip(fields, kinds, strict=True):
        name = field["name"]
        col, d, e = _q(name), _q(name + "__d"), _q(name + "__e")
        numeric = field["type"] in ("integer", "number")
        native = kind in _INTEGERS or _is_float(kind)
        as_double = f"CAST({col} AS DOUBLE)"
        if native and (numeric or kind in _INTEGERS):
            text = (f"CASE WHEN {col} IS NULL OR isnan({as_double}) THEN '' "
                    f"WHEN isfinite({as_double}) AND {as_double} = trunc({as_double}) "
                    f"AND abs({as_double}) < 1e15 "
                    f"THEN CAST(CAST({as_double} AS BIGINT) AS VARCHAR) "
                    f"ELSE CAST({col} AS VARCHAR) END")
        elif native:
            # a DOUBLE or DECIMAL in a column read as text (a flag, a code, an id): its
            # decimal text, 1.0 as '1.0' (as a CSV of it and a 0.0 cell show it), so a
            # flag of 1.0 or a county code of 653123.0 is refused as theirs are
            text = (f"CASE WHEN {col} IS NULL OR isnan({as_double}) THEN '' "
                    f"ELSE CAST({col} AS VARCHAR) END")
        elif kind == "BOOLEAN":
            # 'true' or 'false': no number and no flag, as a CSV's TRUE is not
            text = f"CASE WHEN {col} IS NULL THEN '' ELSE CAST({col} AS VARCHAR) END"
        else:
            text = _trimmed(f"coalesce(CAST({col} AS VARCHAR), '')", bind)
        inner.append(f"{text} AS {col}")
        if field["type"] not in ("integer", "number"):
            continue
        if native:  # numbers already: NULL and NaN are gaps, infinities refused
            inner.append(f"CASE WHEN isnan({as_double}) THEN NULL ELSE {as_double} + 0.0 END "
                         f"AS {d}")
            outer.append(f"CASE WHEN NOT isfinite({d}) THEN {bind(FINITE_EXPECTED)} END AS {e}")
        else:  # text (or BOOLEAN: 1, 0), read by the grammar of values.py
            grammar = f"regexp_full_match({col}, {bind(NUMBER)})"
            outer.append(f"CASE WHEN {grammar} THEN CAST({col} AS DOUBLE) + 0.0 END AS {d}")
            outer.append(f"CASE WHEN {col} = '' THEN NULL WHEN NOT {grammar} THEN "
                         f"{bind(NUMBER_EXPECTED)} WHEN NOT isfinite(CAST({col} AS DOUBLE)) "
                         f"THEN {bind(FINITE_EXPECTED)} END AS {e}")
    src = ", ".join(_q(n) for n in names)
    blank = " AND ".join(f"{_q(n)} = ''" for n in names)
    return (f"cells AS (SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM "
            f"read_parquet({path}, file_row_number = true) AS src({src})) "
            f"WHERE NOT ({blank}))")


def _date_parts(col: str, bind: Params) -> tuple[str, str, str]:
    """SQL: the year, month and day (integers) of a date's text ``col`` (its first three runs
    of digits; NULL where it has fewer)."""
    runs = f"regexp_extract_all({col}, {bind(DIGIT_RUNS)})"
    return tuple(f"TRY_CAST({runs}[{i}] AS INTEGER)" for i in (1, 2, 3))


def _iso_date(col: str, bind: Params) -> str:
    """SQL: ``YYYY-MM-DD`` of a date's text ``col`` (its parts zero-padded)."""
    y, m, d = _date_parts(col, bind)
    return f"printf('%04d-%02d-%02d', {y}, {m}, {d})"


def _error(field: dict, counties: set[str], bind: Params) -> str:
    """SQL over ``cells``: the expectation the cell of ``field`` fails, or NULL."""
    kind, col = field["type"], _q(field["name"])
    gap = ("NULL" if field.get("optional")
           else bind("expected a value (a gap is not allowed here)"))
    if kind == "text":
        rule = "NULL"
    elif kind == "date":
        year = _date_parts(col, bind)[0]
        rule = (f"CASE WHEN regexp_full_match({col}, {bind(DATE)}) "
                f"AND {year} BETWEEN {bind(DATE_YEARS[0])} AND {bind(DATE_YEARS[1])} "
                f"AND TRY_CAST({_iso_date(col, bind)} AS DATE) IS NOT NULL THEN NULL "
                f"ELSE {bind(DATE_EXPECTED)} END")
    elif kind == "string":
        broken = " OR ".join(f"contains({col}, {bind(c)})" for c in LINE_BREAKS)
        rule = f"CASE WHEN {broken} THEN {bind(ONE_LINE_EXPECTED)} END"
    elif kind == "county":
        listed = f"CAST({bind(sorted(counties))} AS VARCHAR[])"
        rule = (f"CASE WHEN list_contains({listed}, {col}) THEN NULL ELSE "
                f"{bind('expected a county code of the four prefectures (regions.csv)')} END")
    elif kind in ("flag", "enum"):
        values = list(FLAG_VALUES) if kind == "flag" else field["values"]
        shown = "1, 0, 是, 否" if kind == "flag" else ", ".join(values)
        rule = (f"CASE WHEN list_contains({bind(values)}, {col}) THEN NULL "
                f"ELSE {bind('expected one of ' + shown)} END")
    else:
        d, e = _q(field["name"] + "__d"), _q(field["name"] + "__e")
        checks = [f"WHEN {e} IS NOT NULL THEN {e}"]
        if kind == "integer":
            checks.append(f"WHEN {d} <> trunc({d}) THEN {bind('expected a whole number')}")
        if "minimum" in field:
            checks.append(f"WHEN {d} < {bind(float(field['minimum']))} THEN "
                          f"{bind('expected a value >= ' + str(field['minimum']))}")
        if "maximum" in field:
            checks.append(f"WHEN {d} > {bind(float(field['maximum']))} THEN "
                          f"{bind('expected a value <= ' + str(field['maximum']))}")
        elif kind == "integer":
            checks.append(f"WHEN {d} > {bind(float(INTEGER_MAX))} THEN "
                          f"{bind(f'expected a value <= {INTEGER_MAX}')}")
        rule = "CASE " + " ".join(checks) + " ELSE NULL END"
    return f"CASE WHEN {col} = '' THEN {gap} ELSE {rule} END"


def _typed(field: dict, bind: Params) -> str:
    kind, col = field["type"], _q(field["name"])
    if kind == "flag":
        ones = [k for k, v in FLAG_VALUES.items() if v == 1]
        value = f"CAST(list_contains({bind(ones)}, {col}) AS BIGINT)"
    elif kind == "integer":
        value = f"CAST({_q(field['name'] + '__d')} AS BIGINT)"
    elif kind == "number":
        value = _q(field["name"] + "__d")
    elif kind == "date":
        value = _iso_date(col, bind)
    else:
        value = col
    return f"CASE WHEN {col} = '' THEN NULL ELSE {value} END AS {col}"


def _columns(con, path: Path, label: str, names: list[str],
             optional: list[str]) -> tuple[list[str], list[str]]:
    """The file's column names (whitespace around dropped) and DuckDB types, in the file's
    order; or the problem with them (any order of the schema's columns is fine, those of
    ``optional`` may be missing)."""
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet($path)",
                                {"path": str(path)}).fetchall()
    except duckdb.Error as e:
        raise DataValidationError([Problem(label, f"cannot read the Parquet file ({e})")]) \
            from None
    found = [row[0].strip() for row in described]
    msg = header_problem(found, names, "columns do not", optional)
    if msg:
        raise DataValidationError([Problem(label, msg)])
    return found, [row[1] for row in described]


def check_parquet(path: Path, regions_csv: Path, label: str | None = None,
                  out: Path | None = None, memory_mb: int | None = None,
                  threads: int = 1, file_order: bool = False) -> int:
    """Validate ``path``; with ``out``, write the typed table there in key order (or in the
    file's order, ``file_order``).

    Returns the number of rows; raises DataValidationError with every problem.
    """
    path, label = Path(path), label or str(path)
    fields = load_schema()["fields"]
    names = [f["name"] for f in fields]
    counties = county_codes(regions_csv)
    with connect(threads, memory_mb) as con:
        found, kinds = _columns(con, path, label, names, absent_ok(fields))
        # the file's columns, renamed by position to the schema's names
        in_file = [fields[names.index(n)] for n in found]
        absent = [f for f in fields if f["name"] not in found]
        # numbers stored as floats in columns of numbers (a float in a column read as text
        # is shown as its text: 1.0)
        floats = {n for n, kind in zip(found, kinds, strict=True) if _is_float(kind)
                  and fields[names.index(n)]["type"] in ("integer", "number")}
        bind = Params()
        cells = "WITH " + _cells(in_file, kinds, bind(str(path)), bind, absent)

        def run(sql: str):
            return con.execute(sql, bind.used_in(sql))

        checks = [
            f"SELECT row_no, {i} AS k, {bind(f['name'])} AS col, {_q(f['name'])} AS val, "
            f"{_error(f, counties, bind)} AS msg FROM cells"
            for i, f in enumerate(fields)
        ]
        year = fields[names.index("year")]
        year_key = (f"CASE WHEN ({_error(year, counties, bind)}) IS NULL "
                    f"THEN CAST(CAST(year__d AS BIGINT) AS VARCHAR) ELSE year END")
        checks.append(
            f"SELECT row_no, {len(fields)}, {bind('household_id')}, household_id, "
            f"{bind('duplicate household id in year ')} || year_key || {bind(' (first on row ')} "
            f"|| first_row || ')' FROM (SELECT *, min(row_no) OVER "
            f"(PARTITION BY household_id, year_key) AS first_row FROM "
            f"(SELECT *, {year_key} AS year_key FROM cells)) WHERE row_no > first_row")
        size_ok, working_ok = (_error(fields[names.index(n)], counties, bind)
                               for n in ("household_size", "members_working"))
        checks.append(
            f"SELECT row_no, {len(fields) + 1}, {bind('members_working')}, "
            f"CAST(CAST(members_working__d AS BIGINT) AS VARCHAR), "
            f"{bind('expected at most household_size (')} "
            f"|| CAST(CAST(household_size__d AS BIGINT) AS VARCHAR) || {bind(') members')} "
            f"FROM cells WHERE ({size_ok}) IS NULL AND ({working_ok}) IS NULL "
            f"AND members_working__d > household_size__d")
        # the per-capita income against its parts (added left to right, as validate.py adds)
        income_ok = " AND ".join(f"({_error(fields[names.index(n)], counties, bind)}) IS NULL"
                                 for n in ["income_per_capita", *INCOME_PARTS])
        w, o, pr, tr = (_q(n + "__d") for n in INCOME_PARTS)
        total = f"((({w} + {o}) + {pr}) + {tr})"
        shown = (f"CASE WHEN {total} < {bind(float(SUM_SHOWN_MAX))} "
                 f"THEN CAST(CAST(floor({total} + 0.5) AS BIGINT) AS VARCHAR) "
                 f"ELSE {bind(f'at least {SUM_SHOWN_MAX}')} END")
        checks.append(
            f"SELECT row_no, {len(fields) + 2}, {bind('income_per_capita')}, income_per_capita, "
            f"{bind(INCOME_SUM_EXPECTED)} || {shown} || {bind(')')} FROM cells "
            f"WHERE {income_ok} AND NOT (abs(income_per_capita__d - {total}) "
            f"<= {bind(INCOME_TOLERANCE)})")
        found_problems = run(
            f"{cells} SELECT row_no, col, val, msg FROM (" + " UNION ALL ".join(checks) + ") "
            "WHERE msg IS NOT NULL ORDER BY row_no, k").fetchall()
        if found_problems:
            # a number stored as a number written as values.number_text writes it
            raise DataValidationError([
                Problem(label, msg, column=col, row=row,
                        value=number_text(float(val)) if val and col in floats else val)
                for row, col, val, msg in found_problems])
        rows = run(f"{cells} SELECT count(*) FROM cells").fetchone()[0]
        if not rows:
            raise DataValidationError([Problem(label, "header without rows")])
        if out is not None:
            typed = ", ".join(_typed(f, bind) for f in fields)
            sql = f"{cells} SELECT {typed} FROM cells " + (
                "ORDER BY row_no" if file_order else ORDER)
            copy_to_parquet(con, sql, out, bind.used_in(sql))
        return rows


def read_parquet_households(path: Path, regions_csv: Path, label: str | None = None):
    """The validated table as pandas in file order (small tables, tests), dtyped as
    ``read_households`` types a CSV."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "validated.parquet"
        check_parquet(path, regions_csv, label, out, file_order=True)
        return read_validated(out).astype(schema_dtypes(load_schema()["fields"]))


def read_validated(path: Path):
    """A validated (or screened) Parquet file as pandas, in its order."""
    con = duckdb.connect()
    try:
        return con.execute("SELECT * FROM read_parquet($path)", {"path": str(path)}).df()
    finally:
        con.close()


def write_validated(source: Path, regions_csv: Path, out: Path, memory_mb: int | None = None,
                    threads: int = 1) -> tuple[int, list[int]]:
    """What the validation job does: check the household table ``source`` (CSV, XLSX or
    Parquet) and write it, typed, in key order, to ``out``. Returns its rows and years."""
    source = Path(source)
    if source.suffix.lower() == ".parquet":
        # large tables: the same checks as SQL (DuckDB), the typed table written by it
        rows = check_parquet(source, regions_csv, out=out, memory_mb=memory_mb,
                             threads=threads)
    else:
        households = read_households(source, regions_csv)
        rows = len(households)
        # typed as the Parquet path types them (a column of gaps has no type in pandas)
        typed = ", ".join(f"CAST({_q(f['name'])} AS {SQL_TYPES[f['type']]}) AS {_q(f['name'])}"
                          for f in load_schema()["fields"])
        with connect(threads, memory_mb) as con:
            con.register("households", households)
            copy_to_parquet(con, f"SELECT {typed} FROM households {ORDER}", out)
    con = duckdb.connect()
    try:
        years = [int(y) for (y,) in con.execute(
            "SELECT DISTINCT year FROM read_parquet($path) ORDER BY year",
            {"path": str(out)}).fetchall()]
    finally:
        con.close()
    return rows, years
