"""HubSpot filter branches (OR of AND groups of property filters) read back into structured conditions."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..conditions import Condition
from . import hubspot_fields as hs
from .reader import Reader, as_dict

_FIELDS = {v: k for k, v in hs.DEFAULT_PROPERTIES.items()}
_NUMBER = {v: k for k, v in hs.NUMBER_OPS.items()}


def conditions_of(r: Reader, branch: Any, where: str, builder) -> list[dict[str, Any]]:
    if branch is None:
        return []
    branch = r.obj(branch, where)
    filters = list(r.arr(branch.get("filters", []), f"{where}.filters"))
    groups = r.arr(branch.get("filterBranches", []), f"{where}.filterBranches")
    if groups:
        if len(groups) > 1 or filters:
            builder.warn("or-groups", f"{where}: only the first of {len(groups)} OR groups is kept")
        first = r.obj(groups[0], f"{where}.filterBranches[0]")
        filters = r.arr(first.get("filters", []), f"{where}.filterBranches[0].filters")
        where = f"{where}.filterBranches[0]"
    mapping = {v: k for k, v in builder.mapping["properties"].items()}
    return [_condition(r, f, f"{where}.filters[{i}]", builder, mapping) for i, f in enumerate(filters)]


def _condition(r: Reader, raw: Any, where: str, builder, mapping: dict[str, str]) -> dict[str, Any]:
    flt = r.obj(raw, where)
    prop = r.text(flt.get("property"), f"{where}.property", "property")
    field = mapping.get(prop, _FIELDS.get(prop, prop))
    op = as_dict(flt.get("operation"))
    operator = str(op.get("operator", ""))
    values = op.get("values") if isinstance(op.get("values"), list) else None
    value = op.get("value")
    cond: dict[str, Any]
    if operator in ("IS_ANY_OF", "IS_NONE_OF") and values is not None:
        negative = operator == "IS_NONE_OF"
        if len(values) == 1:
            cond = {"field": field, "op": "ne" if negative else "eq", "value": str(values[0])}
        else:
            cond = {"field": field, "op": "not_in" if negative else "in", "value": [str(v) for v in values]}
    elif operator in _NUMBER and isinstance(value, bool | int | float):
        cond = {"field": field, "op": _NUMBER[operator], "value": value}
    elif operator in _NUMBER and isinstance(value, str):
        try:
            cond = {"field": field, "op": _NUMBER[operator], "value": float(value)}
        except ValueError:
            cond = {"field": field, "op": "eq" if operator == "IS_EQUAL_TO" else "ne", "value": value}
    elif operator in ("IS_KNOWN", "IS_UNKNOWN"):
        cond = {"field": field, "op": "ne" if operator == "IS_KNOWN" else "eq", "value": None}
    else:
        builder.warn("filter", f"{where}: filter operator {operator or '?'} on {prop} is kept as a label only")
        cond = {"field": f"hubspot_{field}", "op": "eq", "value": operator or "unknown"}
    try:
        Condition.model_validate(cond)
    except ValidationError:
        builder.warn("filter", f"{where}: filter on {prop} does not fit field '{field}'; kept as a label")
        cond = {"field": f"hubspot_{prop}", "op": "eq", "value": str(value if value is not None else values)}
    return cond
