"""What a node card shows: its key facts as short lines, its port labels and its role badges."""

from __future__ import annotations

from sequences.audience import ROLE_LABELS
from sequences.nodes import NEXT, NodeBase

KIND_LABELS: dict[str, str] = {
    "entry": "Entry", "email": "Email", "wait": "Wait", "branch": "Branch", "split": "A/B Split",
    "score": "Score", "handoff": "Handoff", "goal": "Goal", "exit": "Exit",
}
KIND_HINTS: dict[str, str] = {
    "entry": "Where leads come in", "email": "Send an email", "wait": "Wait days or for an event",
    "branch": "Route by condition", "split": "Split by percentage", "score": "Change a score",
    "handoff": "Send to sales with SLA", "goal": "Reached SQL / accepted", "exit": "Leave the sequence",
}
_TRIGGERS = {"lead_magnet": "Lead magnet", "webinar": "Webinar", "form": "Form", "demo_request": "Demo request"}


WRAP = 32  # characters that surely fit a card line in the body font (wide letters included)


def wrap(text: str, lines: int, width: int = WRAP) -> list[str]:
    """Word-wrap into at most ``lines`` lines; text that does not fit ends at a whole word with "…"
    (the card's tooltip shows all of it)."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words and out:
        last = out[-1].split()
        while len(last) > 1 and len(" ".join(last)) + 1 > width:
            last.pop()
        out[-1] = " ".join(last) + "…"
    return out


def _words(value: str | None) -> str:
    return (value or "").replace("_", " ")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def facts(node: NodeBase, thresholds: str = "", offers: dict[str, str] | None = None) -> list[str]:
    """Up to four short lines; ``thresholds`` (e.g. "SQL ≥ 80") is shown on handoff nodes, ``offers`` maps
    offer ids to the names people know them by."""
    kind = node.kind
    if kind == "entry":
        lines = [_TRIGGERS.get(node.trigger, node.trigger)]
        if node.offer:
            name = (offers or {}).get(node.offer, _words(node.offer))
            lines += wrap(f"Offer: {name}", 1)  # one line, cut at a word; the tooltip has it all
        if node.topic:
            lines.append(f"Topic: {_words(node.topic)}")
        return lines
    if kind == "email":
        lines = wrap(f"“{node.subject}”", 3) if node.subject else ["(no subject)"]
        lines.append(" · ".join(p for p in (_words(node.topic), _words(node.content_type)) if p))
        if node.cta != "none":
            lines.append(f"CTA: {_words(node.cta)}")
        return lines
    if kind == "wait":
        if node.mode == "until_event":
            return [f"Until {_words(node.event)}", f"timeout {_number(node.days)} days"]
        unit = "business days" if node.mode == "business_days" else "days"
        return [f"{_number(node.days)} {unit if node.days != 1 else unit[:-1]}"]
    if kind == "branch":
        return [f"{_words(o.label)}: {_condition_text(o)}" for o in node.outputs if o.label != "else"][:3] or [
            "else only"]
    if kind == "split":
        return [" / ".join(f"{_words(o.label)} {_number(o.percent)}%" for o in node.outputs)]
    if kind == "score":
        sign = "+" if node.points >= 0 else "−"
        return [f"{sign}{_number(abs(node.points))} {node.score}"]
    if kind == "handoff":
        sla = f"SLA {_number(node.sla_hours)} h" if node.sla_hours is not None else "no SLA"
        return [f"{sla} · queue {node.queue}"] + ([thresholds] if thresholds else [])
    if kind == "goal":
        return [{"sql": "Reached SQL", "accepted": "Accepted by sales", "opportunity": "Opportunity"}[node.goal]]
    if kind == "exit":
        return [_words(node.reason).capitalize()]
    return []


HEADER, LINE, BADGE_ROW, PORT_ROW, PAD = 46.0, 18.0, 24.0, 22.0, 10.0
CARD_WIDTH = 240.0


def card_height(node: NodeBase, lines: int | None = None, direction: str = "down") -> float:
    """Height of a node card: header, fact lines, a badge row and, left to right, a row per labelled port
    (top to bottom, the labels sit on the connections instead)."""
    count = len(facts(node, "x" if node.kind == "handoff" else "")) if lines is None else lines
    height = HEADER + count * LINE + PAD
    if badges(node):
        height += BADGE_ROW
    if direction == "right" and labelled_ports(node):
        height += len(port_labels(node)) * PORT_ROW
    return height


def labelled_ports(node: NodeBase) -> bool:
    ports = port_labels(node)
    return len(ports) > 1 or any(label for _, label in ports)


def _condition_text(output) -> str:
    return " and ".join(_plain(c) for c in output.when) if output.when else "always"


def _plain(condition) -> str:
    """A condition in words, with role labels instead of role ids ("role is Clinical leadership")."""
    text = condition.describe()
    if condition.field == "role":
        for role in condition.values():
            text = text.replace(role, ROLE_LABELS.get(role, _words(role)))
    return text.replace("_", " ")


def port_labels(node: NodeBase) -> list[tuple[str, str]]:
    """(port, label shown) — a single ``next`` port shows no label."""
    ports = node.ports()
    if ports == (NEXT,):
        return [(NEXT, "")]
    if node.kind == "split":
        shares = {o.label: o.percent for o in node.outputs}
        return [(p, f"{_words(p)} {_number(shares[p])}%") for p in ports]
    return [(p, _words(p)) for p in ports]  # "coding_only" reads "coding only"


def badges(node: NodeBase) -> list[str]:
    """Role badges: email variants by role, branch outputs that test roles."""
    roles: list[str] = []
    if node.kind == "email":
        roles = [v.role for v in node.variants]
    elif node.kind == "branch":
        for output in node.outputs:
            for cond in output.when:
                if cond.field == "role":
                    roles += list(cond.values())
    seen: list[str] = []
    for role in roles:
        if role not in seen:
            seen.append(role)
    return [_short_role(r) for r in seen]


def _short_role(role: str) -> str:
    label = ROLE_LABELS.get(role, _words(role))
    return {"Clinical leadership": "Clinical", "Privacy & security": "Privacy",
            "Billing & revenue cycle": "Billing"}.get(label, label)
