# SPDX-License-Identifier: MIT
# The autogenerate workload of bench/gen.py: N varied tables made by revisions, and a schema.sql
# that is the same schema with 20 changes, written both as SQL and as SQLAlchemy Table objects.
"""One model of the schema is rendered three ways (revision SQL, schema.sql, models.py), so the
declared schema that migrate reads and the metadata that Alembic reads cannot drift apart.

Every constraint and index is named explicitly, with PostgreSQL's own default names, so that
Alembic (which compares names) sees exactly the 20 intended changes and nothing else.
"""
import copy

TABLES_PER_REVISION = 10

ENUMS = {
    "item_state": ["new", "active", "closed"],
    "priority": ["low", "normal", "high"],
}


class Column:
    def __init__(self, name, sql, sa, nullable=True, default=None, identity=False, enum=None):
        self.name, self.sql, self.sa = name, sql, sa
        self.nullable, self.default, self.identity, self.enum = nullable, default, identity, enum
        self.comment = None


class Table:
    def __init__(self, name):
        self.name = name
        self.columns = []
        self.pkey = None
        self.uniques = []   # (name, [columns])
        self.checks = []    # (name, expression)
        self.fks = []       # (name, column, referenced table)
        self.indexes = []   # (name, [columns], unique)

    def column(self, name):
        return next(c for c in self.columns if c.name == name)

    def has(self, name):
        return any(c.name == name for c in self.columns)


class Schema:
    def __init__(self):
        self.enums = copy.deepcopy(ENUMS)
        self.tables = []
        self.views = []     # (name, table, [columns])


def base_table(i):
    # A mix of types and features that repeats with different periods, so any 200 tables hold
    # every kind many times.
    t = Table("t_%d" % i)
    t.columns.append(Column("id", "bigint", "BigInteger", nullable=False, identity=True))
    t.pkey = "t_%d_pkey" % i
    t.columns.append(Column("name", "text", "Text", nullable=False))
    t.columns.append(Column("created_at", "timestamptz", "DateTime(timezone=True)",
                            nullable=False, default="now()"))
    if i % 2 == 0:
        t.columns.append(Column("amount", "numeric(12,2)", "Numeric(12, 2)", nullable=False,
                                default="0"))
        t.checks.append(("t_%d_amount_check" % i, "amount >= 0"))
    if i % 3 == 0:
        t.columns.append(Column("code", "varchar(32)", "String(32)"))
        t.uniques.append(("t_%d_code_key" % i, ["code"]))
    if i % 4 == 1 and i > 1:
        t.columns.append(Column("parent_id", "bigint", "BigInteger"))
        t.fks.append(("t_%d_parent_id_fkey" % i, "parent_id", "t_%d" % (i - 1)))
        t.indexes.append(("t_%d_parent_id_idx" % i, ["parent_id"], False))
    if i % 5 == 0:
        t.columns.append(Column("state", "item_state", None, nullable=False, default="'new'",
                                enum="item_state"))
    if i % 6 == 0:
        t.columns.append(Column("payload", "jsonb", "JSONB"))
    if i % 7 == 0:
        t.columns.append(Column("flag", "boolean", "Boolean", nullable=False, default="false"))
    if i % 11 == 0:
        t.columns.append(Column("level", "priority", None, enum="priority"))
    if i % 3 == 1:
        t.indexes.append(("t_%d_created_at_idx" % i, ["created_at"], False))
    return t


def base_schema(n):
    s = Schema()
    s.tables = [base_table(i) for i in range(1, n + 1)]
    s.views = [("v_%d" % i, "t_%d" % i, ["id", "name"]) for i in range(50, n + 1, 50)]
    return s


def referenced(schema, name):
    return any(fk[2] == name for t in schema.tables for fk in t.fks) or \
        any(v[1] == name for v in schema.views)


def pick(schema, start, pred, taken):
    # The first table at or after position `start` (0..1 of the list) that fits and that no
    # earlier change touched, so the 20 changes are spread out and independent.
    n = len(schema.tables)
    order = list(range(int(start * n), n)) + list(range(0, int(start * n)))
    for k in order:
        t = schema.tables[k]
        if t.name not in taken and pred(t):
            taken.add(t.name)
            return t
    raise SystemExit("gen.py schema: no table left for one of the 20 changes")


def changed_schema(base):
    """The declared schema: base with 20 changes that autogenerate must find."""
    if len(base.tables) < 100:
        raise SystemExit("gen.py schema: the 20 changes need N >= 100 tables")
    s = copy.deepcopy(base)
    taken = set()
    any_table = lambda t: True  # noqa: E731

    # 1-2: columns added (nullable, and NOT NULL with a default).
    pick(s, 0.02, any_table, taken).columns.append(Column("note", "text", "Text"))
    pick(s, 0.07, any_table, taken).columns.append(
        Column("score", "integer", "Integer", nullable=False, default="0"))
    # 3: a column dropped.
    t = pick(s, 0.12, lambda t: t.has("payload"), taken)
    t.columns.remove(t.column("payload"))
    # 4: a type widened, varchar(32) -> varchar(64).
    t = pick(s, 0.17, lambda t: t.has("code"), taken)
    t.column("code").sql, t.column("code").sa = "varchar(64)", "String(64)"
    # 5: NOT NULL dropped.
    pick(s, 0.22, any_table, taken).column("name").nullable = True
    # 6: a default changed.
    pick(s, 0.27, lambda t: t.has("amount"), taken).column("amount").default = "1"
    # 7: an index added.
    t = pick(s, 0.32, any_table, taken)
    t.indexes.append(("%s_name_idx" % t.name, ["name"], False))
    # 8: an index dropped.
    t = pick(s, 0.37, lambda t: any(ix[0].endswith("_created_at_idx") for ix in t.indexes), taken)
    t.indexes = [ix for ix in t.indexes if not ix[0].endswith("_created_at_idx")]
    # 9: a unique constraint dropped.
    t = pick(s, 0.42, lambda t: t.uniques, taken)
    t.uniques = []
    # 10: a unique constraint added.
    t = pick(s, 0.47, any_table, taken)
    t.uniques.append(("%s_name_key" % t.name, ["name"]))
    # 11: a check constraint added.
    t = pick(s, 0.52, lambda t: t.has("amount"), taken)
    t.checks.append(("%s_amount_max_check" % t.name, "amount <= 1000000"))
    # 12: a foreign key dropped (its column and index stay).
    t = pick(s, 0.57, lambda t: t.fks, taken)
    t.fks = []
    # 13: a column with a foreign key added.
    t = pick(s, 0.62, lambda t: not t.has("parent_id"), taken)
    t.columns.append(Column("owner_id", "bigint", "BigInteger"))
    t.fks.append(("%s_owner_id_fkey" % t.name, "owner_id", "t_1"))
    # 14: a column comment added.
    pick(s, 0.67, any_table, taken).column("name").comment = "shown to users"
    # 15: a column's type changed, text -> varchar(200).
    t = pick(s, 0.72, any_table, taken)
    t.column("name").sql, t.column("name").sa = "varchar(200)", "String(200)"
    # 16: a table dropped (one that nothing references).
    t = pick(s, 0.77, lambda t: not referenced(s, t.name) and not t.fks, taken)
    s.tables.remove(t)
    # 17-18: two new tables, one referencing an existing table.
    audit = Table("audit_log")
    audit.columns = [Column("id", "bigint", "BigInteger", nullable=False, identity=True),
                     Column("table_id", "bigint", "BigInteger", nullable=False),
                     Column("at", "timestamptz", "DateTime(timezone=True)", nullable=False,
                            default="now()"),
                     Column("detail", "jsonb", "JSONB")]
    audit.pkey = "audit_log_pkey"
    audit.fks.append(("audit_log_table_id_fkey", "table_id", "t_1"))
    audit.indexes.append(("audit_log_table_id_at_idx", ["table_id", "at"], False))
    tag = Table("tag")
    tag.columns = [Column("id", "integer", "Integer", nullable=False, identity=True),
                   Column("label", "varchar(64)", "String(64)", nullable=False)]
    tag.pkey = "tag_pkey"
    tag.uniques.append(("tag_label_key", ["label"]))
    s.tables += [audit, tag]
    # 19: an enum gains a value.
    s.enums["item_state"].append("archived")
    # 20: a view's definition changes.
    name, table, columns = s.views[0]
    s.views[0] = (name, table, columns + ["created_at"])
    return s


def table_sql(t):
    lines = []
    for c in t.columns:
        line = "    %s %s" % (c.name, c.sql)
        if c.identity:
            line += " GENERATED ALWAYS AS IDENTITY"
        if not c.nullable:
            line += " NOT NULL"
        if c.default is not None:
            line += " DEFAULT %s" % c.default
        lines.append(line)
    lines.append("    CONSTRAINT %s PRIMARY KEY (id)" % t.pkey)
    for name, cols in t.uniques:
        lines.append("    CONSTRAINT %s UNIQUE (%s)" % (name, ", ".join(cols)))
    for name, expr in t.checks:
        lines.append("    CONSTRAINT %s CHECK (%s)" % (name, expr))
    for name, col, ref in t.fks:
        lines.append("    CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id)" % (name, col, ref))
    out = ["CREATE TABLE %s (\n%s\n);" % (t.name, ",\n".join(lines))]
    for name, cols, unique in t.indexes:
        out.append("CREATE %sINDEX %s ON %s (%s);" % ("UNIQUE " if unique else "", name, t.name,
                                                    ", ".join(cols)))
    for c in t.columns:
        if c.comment:
            out.append("COMMENT ON COLUMN %s.%s IS '%s';" % (t.name, c.name, c.comment))
    return "\n".join(out)


def enum_sql(name, labels):
    return "CREATE TYPE %s AS ENUM (%s);" % (name, ", ".join("'%s'" % v for v in labels))


def view_sql(view):
    name, table, cols = view
    return "CREATE VIEW %s AS SELECT %s FROM %s;" % (name, ", ".join(cols), table)


def revision_bodies(schema):
    """(upgrade, downgrade) SQL per revision: TABLES_PER_REVISION tables each, with their views;
    the first revision also creates the enums."""
    views = {v[1]: v for v in schema.views}
    bodies = []
    for start in range(0, len(schema.tables), TABLES_PER_REVISION):
        chunk = schema.tables[start:start + TABLES_PER_REVISION]
        up = []
        if start == 0:
            up += [enum_sql(name, labels) for name, labels in schema.enums.items()]
        for t in chunk:
            up.append(table_sql(t))
            if t.name in views:
                up.append(view_sql(views[t.name]))
        down = ["DROP VIEW %s;" % views[t.name][0] for t in reversed(chunk) if t.name in views]
        down += ["DROP TABLE %s;" % t.name for t in reversed(chunk)]
        if start == 0:
            down += ["DROP TYPE %s;" % name for name in reversed(list(schema.enums))]
        bodies.append(("\n".join(up), "\n".join(down)))
    return bodies


def schema_sql(schema):
    out = ["-- The declared schema for the autogenerate benchmark (bench/gen.py schema):",
           "-- the revisions' schema with 20 changes.", ""]
    out += [enum_sql(name, labels) for name, labels in schema.enums.items()]
    views = {v[1]: v for v in schema.views}
    for t in schema.tables:
        out.append("")
        out.append(table_sql(t))
        if t.name in views:
            out.append(view_sql(views[t.name]))
    return "\n".join(out) + "\n"


def models_py(schema):
    out = ['"""SQLAlchemy 1.4 metadata equal to schema.sql (written by bench/gen.py schema)."""',
           "from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, DateTime,",
           "                        ForeignKeyConstraint, Identity, Index, Integer, MetaData,",
           "                        Numeric, PrimaryKeyConstraint, String, Table, Text,",
           "                        UniqueConstraint, text)",
           "from sqlalchemy.dialects.postgresql import ENUM, JSONB",
           "",
           "metadata = MetaData()",
           ""]
    for name, labels in schema.enums.items():
        out.append("%s = ENUM(%s, name=%r, create_type=False)" % (
            name, ", ".join(repr(v) for v in labels), name))
    for t in schema.tables:
        out.append("")
        out.append("Table(%r, metadata," % t.name)
        for c in t.columns:
            args = [repr(c.name), c.enum if c.enum else c.sa]
            if c.identity:
                args.append("Identity(always=True)")
            args.append("nullable=%s" % c.nullable)
            if c.default is not None:
                args.append("server_default=text(%r)" % c.default)
            if c.comment:
                args.append("comment=%r" % c.comment)
            out.append("      Column(%s)," % ", ".join(args))
        out.append("      PrimaryKeyConstraint('id', name=%r)," % t.pkey)
        for name, cols in t.uniques:
            out.append("      UniqueConstraint(%s, name=%r)," % (
                ", ".join(repr(c) for c in cols), name))
        for name, expr in t.checks:
            out.append("      CheckConstraint(%r, name=%r)," % (expr, name))
        for name, col, ref in t.fks:
            out.append("      ForeignKeyConstraint([%r], [%r], name=%r)," % (
                col, ref + ".id", name))
        for name, cols, unique in t.indexes:
            out.append("      Index(%r, %s%s)," % (
                name, ", ".join(repr(c) for c in cols), ", unique=True" if unique else ""))
        out.append("      )")
    return "\n".join(out) + "\n"
