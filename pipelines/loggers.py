"""A quiet console logger: only the assets' own progress lines, not every Dagster event.

The full event log still goes to the instance (visible in `dagster dev`)."""

from __future__ import annotations

import logging
import sys

import dagster as dg


class _OwnMessages(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        meta = getattr(record, "dagster_meta", None) or {}
        if meta.get("dagster_event") is not None:
            return record.levelno >= logging.ERROR
        record.msg, record.args = meta.get("orig_message", record.getMessage()), ()
        return True


@dg.logger(
    config_schema={"log_level": dg.Field(str, default_value="INFO", is_required=False)},
    description="Prints the assets' own progress messages to stderr.",
)
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    log = logging.getLogger("samen.progress")
    log.setLevel(init_context.logger_config["log_level"])
    log.propagate = False
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.addFilter(_OwnMessages())
        handler.setFormatter(logging.Formatter("  %(message)s"))
        log.addHandler(handler)
    return log
