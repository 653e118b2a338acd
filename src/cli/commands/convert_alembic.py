"""migrate convert-alembic's Python half (docs/moving-from-alembic.md).

usage: python3 -c <this file> SRC

SRC is an Alembic project's ini file or its script folder (the one holding env.py and versions/).
Each revision's upgrade() and downgrade() run once inside Alembic's offline mode (as_sql, literal
binds, the PostgreSQL dialect), exactly the machinery `alembic upgrade --sql` uses, with output
going to a buffer instead of a database. env.py is not run: nothing here connects anywhere.

Writes one JSON document to stdout: {"alembic": VERSION, "revisions": [...]} or {"error": TEXT}.
A revision whose step raised has "failed": {"direction", "reason"} instead of that step's SQL.
Whatever the revision modules print goes to stderr, so it cannot corrupt the document.
"""
import contextlib
import io
import json
import os
import re
import sys
import traceback


# `python3 -c` puts the working directory first on sys.path, where an Alembic project's script
# folder is usually named "alembic": it would shadow the Alembic package. The project's own
# prepend_sys_path still applies once Alembic is imported.
if sys.path and sys.path[0] == "":
    del sys.path[0]


def as_list(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def failing_line(error, module):
    """The line of the revision file where the step failed (0 when it is not in the file)."""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__)
             if os.path.abspath(frame.filename) == os.path.abspath(module.__file__)]
    return lines[-1] if lines else 0


def render(config, script_dir, module, direction):
    """The SQL Alembic's offline mode writes for one direction, and whether it asked for an
    autocommit block (then the revision cannot run inside a transaction)."""
    from alembic.operations import Operations
    from alembic.runtime.environment import EnvironmentContext

    buffer = io.StringIO()
    autocommit = []
    with EnvironmentContext(config, script_dir, as_sql=True) as environment:
        environment.configure(
            dialect_name="postgresql",
            output_buffer=buffer,
            literal_binds=True,
            dialect_opts={"paramstyle": "named"},
            transactional_ddl=False,
        )
        context = environment.get_context()
        plain_block = context.autocommit_block

        @contextlib.contextmanager
        def noted_block():
            autocommit.append(True)
            with plain_block():
                yield

        context.autocommit_block = noted_block
        with Operations.context(context):
            getattr(module, direction)()
    return buffer.getvalue().strip(), bool(autocommit)


def convert(source):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    if os.path.isfile(source):
        config = Config(source)
    else:
        config = Config()
        config.set_main_option("script_location", os.path.abspath(source))
    script_dir = ScriptDirectory.from_config(config)
    return os.path.abspath(script_dir.dir), revisions_of(config, script_dir)


def revisions_of(config, script_dir):
    revisions = []
    for script in script_dir.walk_revisions():
        module = script.module
        created = re.search(r"^Create Date: *(.*?) *$", script.longdoc or "", re.M)
        entry = {
            "path": os.path.abspath(script.path),
            "revision": script.revision,
            "down_revision": as_list(getattr(module, "down_revision", None)),
            "branch_labels": as_list(getattr(module, "branch_labels", None)),
            "depends_on": as_list(getattr(module, "depends_on", None)),
            "message": " ".join((script.doc or "").split()),
            "create_date": created.group(1) if created else "",
            "transactional": True,
        }
        for direction in ("upgrade", "downgrade"):
            try:
                sql, autocommit = render(config, script_dir, module, direction)
            except NotImplementedError:
                # Alembic's way of saying "irreversible": migrate writes no downgrade section.
                if direction == "downgrade":
                    entry["downgrade"] = None
                    continue
                entry["failed"] = {"direction": direction, "reason": "raises NotImplementedError",
                                   "line": 0}
                break
            except Exception as error:  # the module's own code: anything can be raised
                reason = "%s: %s" % (type(error).__name__, error)
                entry["failed"] = {"direction": direction, "reason": reason.strip(),
                                   "line": failing_line(error, module)}
                break
            entry[direction] = sql
            entry["transactional"] = entry["transactional"] and not autocommit
        revisions.append(entry)
    return revisions


def project_frame(error):
    """'file:line' of the innermost frame in the project's own code (a revision module that
    failed to import), or None when the error arose inside Alembic."""
    import alembic
    package = os.path.dirname(alembic.__file__)
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if not frame.filename.startswith((package, "<")) and "/importlib/" not in frame.filename]
    return "%s:%d" % (frames[-1].filename, frames[-1].lineno) if frames else None


def main():
    document_out = sys.stdout
    sys.stdout = sys.stderr
    try:
        import alembic
    except ImportError as error:
        document = {"error": "this Python cannot import Alembic (%s); pass --python with the "
                             "Python your Alembic project uses" % error}
    else:
        try:
            script_location, revisions = convert(sys.argv[1])
            document = {"alembic": alembic.__version__, "script_location": script_location,
                        "revisions": revisions}
        except Exception as error:
            document = {"error": "Alembic could not load the project: %s: %s"
                        % (type(error).__name__, str(error).strip()),
                        "where": project_frame(error)}
            if isinstance(error, ImportError):
                document["error"] += ("; run it where the project's modules import (the folder "
                                      "of alembic.ini, PYTHONPATH, or --python with the "
                                      "project's virtualenv)")
    json.dump(document, document_out)
    document_out.write("\n")


main()
