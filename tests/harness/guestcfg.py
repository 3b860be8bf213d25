# SPDX-License-Identifier: MIT
"""xl configs for the tests: one template, each test's own overrides.

The template is the config users start by hand, domU-configs/pvkit.cfg:
    write(path, name="t-boot", vcpus=2, extra="bench")
copies it with those keys set (a string is quoted, a number is not) and
returns the path.  Keys the template lacks are appended.
"""
import re

TEMPLATE = "domU-configs/pvkit.cfg"
KEY_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")


def value(v):
    if isinstance(v, bool) or not isinstance(v, (int, str)):
        raise TypeError(f"xl config value {v!r}: want a string or an integer")
    if isinstance(v, int):
        return str(v)
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(template_text, **keys):
    out, done = [], set()
    for line in template_text.splitlines():
        m = KEY_RE.match(line)
        if m and m.group(1) in keys:
            k = m.group(1)
            if k in done:
                continue
            line = f"{k} = {value(keys[k])}"
            done.add(k)
        out.append(line)
    for k, v in keys.items():
        if k not in done:
            out.append(f"{k} = {value(v)}")
    return "\n".join(out) + "\n"


def write(path, template=TEMPLATE, **keys):
    with open(template) as f:
        text = render(f.read(), **keys)
    with open(path, "w") as f:
        f.write(text)
    return path
