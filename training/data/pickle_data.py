"""Plain data out of a pickle without unpickling it: CLIP4Clip's MSVD captions come as
``raw-captions.pkl``, and a file a user hands us is never unpickled (a pickle can run any code).

:func:`plain_data` walks the pickle's opcodes (``pickletools.genops``, which only parses) and
builds what they describe when that is dicts, lists, tuples, strings, bytes, numbers, booleans and
None; any opcode that would import a name or call one (``GLOBAL``, ``STACK_GLOBAL``, ``REDUCE``,
``BUILD``, ``NEWOBJ``, ``INST``, ``OBJ``, extension codes, persistent ids) is refused, naming what it
asks for, before anything of it is built. Shared references (the pickle's memo) stay shared: the
reader that flattens the result bounds what it makes of them.
"""

from __future__ import annotations

import pickletools


class Refused(ValueError):
    """The pickle asks for something other than plain data."""


_PUSH = {"NONE": lambda a: None, "NEWTRUE": lambda a: True, "NEWFALSE": lambda a: False,
         "EMPTY_DICT": lambda a: {}, "EMPTY_LIST": lambda a: [], "EMPTY_TUPLE": lambda a: ()}
_VALUES = {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE", "STRING", "BINSTRING",
           "SHORT_BINSTRING", "SHORT_BINBYTES", "BINBYTES", "BINBYTES8", "BININT", "BININT1", "BININT2",
           "INT", "LONG", "LONG1", "LONG4", "BINFLOAT", "FLOAT"}
_IGNORED = {"PROTO", "FRAME"}
_STR8 = {"STRING", "BINSTRING", "SHORT_BINSTRING"}


def plain_data(data: bytes):
    """The plain data ``data`` pickles (see the module docstring). ``Refused`` for anything else;
    ValueError for bytes that are not a whole pickle."""
    stack: list = []
    marks: list[int] = []
    memo: dict = {}

    def to_mark() -> list:
        at = marks.pop()
        items = stack[at:]
        del stack[at:]
        return items

    for op, arg, _ in pickletools.genops(data):
        name = op.name
        if name in _IGNORED:
            continue
        if name in _STR8:  # (a Python 2 str: its bytes, read as UTF-8 text)
            stack.append(arg.encode("latin-1").decode("utf-8", "replace") if isinstance(arg, str) else arg)
        elif name in _VALUES:
            stack.append(arg)
        elif name in _PUSH:
            stack.append(_PUSH[name](arg))
        elif name == "MARK":
            marks.append(len(stack))
        elif name in ("LIST", "TUPLE", "DICT"):
            items = to_mark()
            stack.append(list(items) if name == "LIST" else tuple(items) if name == "TUPLE"
                         else dict(zip(items[::2], items[1::2])))
        elif name in ("TUPLE1", "TUPLE2", "TUPLE3"):
            n = int(name[-1])
            items = tuple(stack[-n:])
            del stack[-n:]
            stack.append(items)
        elif name == "APPEND":
            value = stack.pop()
            stack[-1].append(value)
        elif name == "APPENDS":
            items = to_mark()
            stack[-1].extend(items)
        elif name == "SETITEM":
            value, key = stack.pop(), stack.pop()
            stack[-1][key] = value
        elif name == "SETITEMS":
            items = to_mark()
            stack[-1].update(zip(items[::2], items[1::2]))
        elif name in ("PUT", "BINPUT", "LONG_BINPUT"):
            memo[arg] = stack[-1]
        elif name == "MEMOIZE":
            memo[len(memo)] = stack[-1]
        elif name in ("GET", "BINGET", "LONG_BINGET"):
            stack.append(memo[arg])
        elif name == "POP":
            stack.pop()
        elif name == "POP_MARK":
            to_mark()
        elif name == "DUP":
            stack.append(stack[-1])
        elif name == "STOP":
            if len(stack) != 1:
                raise ValueError("the pickle ends with its stack unbalanced")
            return stack[0]
        elif name == "GLOBAL":
            raise Refused(f"it asks for '{str(arg).replace(' ', '.')}'")
        elif name == "STACK_GLOBAL" and len(stack) >= 2:
            raise Refused(f"it asks for '{stack[-2]}.{stack[-1]}'")
        else:
            raise Refused(f"it asks for the {name} opcode, which builds or calls objects")
    raise ValueError("the pickle has no end")
