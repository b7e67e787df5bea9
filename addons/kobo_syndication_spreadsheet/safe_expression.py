"""Odoo's ``safe_eval``, with the vetting and compiling done once per expression.

``odoo.tools.safe_eval.safe_eval`` vets and compiles its expression at every call (and refuses
a code object compiled before), so a sheet column's expression used to be compiled again for
every row. ``SafeExpression`` takes ``safe_eval``'s own steps, split in two:

- once, when built: ``test_expr(expr, _SAFE_OPCODES, mode, filename)``: the same opcode
  whitelist and forbidden names (dunders, ``_UNSAFE_ATTRIBUTES``) check, and ``compile``;
- at every evaluation: the globals and locals copied, ``check_values`` on both, ``__builtins__``
  set to a fresh copy of ``_BUILTINS``, ``unsafe_eval`` of the vetted code, and its errors
  wrapped as ``safe_eval`` wraps them.

An expression the vetting refuses is refused at every evaluation with the error ``safe_eval``
raises (after the values are checked, as ``safe_eval`` checks them first), so a caller sees the
same thing it saw from ``safe_eval``, for every row. Nothing else is evaluated: only the code
``test_expr`` returned, from the string it vetted. Only ``safe_eval``'s defaults are offered
(``nocopy``, ``locals_builtins`` are not): the sandbox is the same one. A test compares the
two on a set of expressions (``tests/test_spreadsheet_expressions.py``), so an Odoo update
that changes ``safe_eval`` shows.
"""

import copy
import logging

import werkzeug.exceptions
from psycopg2 import OperationalError

import odoo.exceptions
from odoo.tools.safe_eval import _BUILTINS, _SAFE_OPCODES, check_values, test_expr, unsafe_eval

_logger = logging.getLogger(__name__)


class SafeExpression:
    """A Python expression vetted and compiled once by ``safe_eval``'s rules, then evaluated as
    ``safe_eval(expr, globals_dict, locals_dict)`` evaluates it."""

    __slots__ = ("_code", "_refusal", "expr")

    def __init__(self, expr, mode="eval", filename=None):
        self.expr = expr
        self._code = self._refusal = None
        try:
            self._code = test_expr(expr, _SAFE_OPCODES, mode=mode, filename=filename)
        except Exception as refusal:  # raised at each evaluation, as safe_eval raises it
            self._refusal = refusal.with_traceback(None)

    def __call__(self, globals_dict=None, locals_dict=None):
        """The value of the expression with these globals and locals (neither is changed)."""
        # safe_eval's steps, in its order, without test_expr (done once, in __init__)
        if (globals_dict is not None and type(globals_dict) is not dict) or (
            locals_dict is not None and type(locals_dict) is not dict
        ):
            _logger.warning(
                "Looks like you are trying to pass a dynamic environment, "
                "you should probably pass nocopy=True to safe_eval()."
            )
        if globals_dict is not None:
            globals_dict = dict(globals_dict)
        if locals_dict is not None:
            locals_dict = dict(locals_dict)
        check_values(globals_dict)
        check_values(locals_dict)
        if globals_dict is None:
            globals_dict = {}
        globals_dict["__builtins__"] = dict(_BUILTINS)
        if self._refusal is not None:
            # a fresh copy each time: raising the same exception again would chain tracebacks
            raise copy.copy(self._refusal).with_traceback(None)
        try:
            return unsafe_eval(self._code, globals_dict, locals_dict)
        except (
            odoo.exceptions.UserError,
            odoo.exceptions.RedirectWarning,
            werkzeug.exceptions.HTTPException,
            OperationalError,
            ZeroDivisionError,
        ):
            raise
        except Exception as error:
            raise ValueError(f"{error!r} while evaluating\n{self.expr!r}") from error
