"""
Stand-in for the part of oe-core's oe.qa that QA checks call.

Semantics as in oe-core (scarthgap and later): a QA issue whose name is in
ERROR_QA is logged as an error and marks the task failed, in WARN_QA as a
warning, otherwise as a note.
"""
import bb


def handle_error(error_class, error_msg, d):
    if error_class in (d.getVar("ERROR_QA") or "").split():
        bb.error("QA Issue: %s [%s]" % (error_msg, error_class))
        d.setVar("QA_ERRORS_FOUND", "True")
        return False
    if error_class in (d.getVar("WARN_QA") or "").split():
        bb.warn("QA Issue: %s [%s]" % (error_msg, error_class))
    else:
        bb.note("QA Issue: %s [%s]" % (error_msg, error_class))
    return True


def add_message(messages, section, new_msg):
    """The scarthgap API: QA functions collect messages in a dict."""
    if section in messages:
        messages[section] = messages[section] + "\n" + new_msg
    else:
        messages[section] = new_msg


def exit_if_errors(d):
    if bb.utils.to_boolean(d.getVar("QA_ERRORS_FOUND"), False):
        bb.fatal("Fatal QA errors were found, failing task.")
