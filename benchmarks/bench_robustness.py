"""Mutation fuzzing of the loader and the engine: every mutated example must load with a DocumentError or
validate, and every one that validates must simulate. Prints the outcome counts and the time per document."""

from __future__ import annotations

import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sequences import DocumentError, parse_document  # noqa: E402
from simulation import simulate  # noqa: E402
from simulation.checks import SimulationRefused, problems  # noqa: E402

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "assets" / "examples").glob("*.nurture.yaml"))
ODD = ["!!bool maybe", "!!int x", "!!float 1e", "1e308", "-1e308", "0", "-1", "0.3", "9" * 5000, "''", "~", "[]",
       "{}", ".nan", ".inf", "&a x", "*a", "!!python/object:os.system ls", "'" + "z" * 20000 + "'", "yes", "null",
       "10000000000000", "2**63", "\"\\x00\"", "[1, [2, [3, [4]]]]"]


def mutate(text: str, chance: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(chance.randint(1, 3)):
        i = chance.randrange(len(lines))
        line = lines[i]
        how = chance.randrange(5)
        if how == 0 and ":" in line:  # a value replaced by an odd one
            key = line[: line.index(":") + 1]
            lines[i] = f"{key} {chance.choice(ODD)}"
        elif how == 1:  # a number replaced
            digits = [j for j, ch in enumerate(line) if ch.isdigit()]
            if digits:
                j = chance.choice(digits)
                odd = chance.choice(["0", "-", "9" * chance.choice([2, 9, 400]), ".5", "e9"])
                lines[i] = line[:j] + odd + line[j + 1:]
        elif how == 2:  # a line dropped or doubled
            if chance.random() < 0.5:
                del lines[i]
            else:
                lines.insert(i, line)
        elif how == 3:  # bytes flipped
            if line:
                j = chance.randrange(len(line))
                lines[i] = line[:j] + chance.choice("{}[]:,-#&*!|>'\"\t ") + line[j + 1:]
        else:  # an id swapped for another word
            lines[i] = line.replace(chance.choice(["start", "guide", "handoff", "wait", "email"]), chance.choice(
                ["x", "", "sql", "a" * 300, "done"]), 1)
    return "\n".join(lines)


def main(count: int = 1000, seed: int = 5) -> None:
    chance = random.Random(seed)
    outcomes: Counter[str] = Counter()
    crashes: list[str] = []
    texts = [p.read_text() for p in EXAMPLES]
    started = time.perf_counter()
    for n in range(count):
        text = mutate(chance.choice(texts), chance)
        try:
            doc, _ = parse_document(text, f"mutant{n}.nurture.yaml")
        except DocumentError as exc:
            outcomes["refused by the loader (DocumentError)"] += 1
            if len(str(exc)) > 2000:
                crashes.append(f"mutant {n}: message of {len(str(exc))} characters")
            continue
        except Exception:  # noqa: BLE001 - what the fuzzer is looking for
            crashes.append(f"mutant {n} (load): {traceback.format_exc(limit=2)}")
            continue
        if not doc.scenarios:
            outcomes["loaded, no scenario"] += 1
            continue
        scenario = doc.scenarios[0]
        try:
            if problems(doc, scenario):
                outcomes["loaded, refused by validation"] += 1
                continue
            simulate(doc, scenario, replications=1, leads=min(2000, max(1, int(sum(
                a.total() for a in scenario.cohort.arrivals) or 1))))
            outcomes["loaded and simulated"] += 1
        except SimulationRefused:
            outcomes["loaded, refused by the engine's checks"] += 1
        except Exception:  # noqa: BLE001
            crashes.append(f"mutant {n} (simulate): {traceback.format_exc(limit=3)}")
    elapsed = time.perf_counter() - started
    print(f"fuzz: {count} mutated example documents (seed {seed}) in {elapsed:.1f} s "
          f"({1000 * elapsed / count:.1f} ms each)")
    for outcome, number in outcomes.most_common():
        print(f"  {number:6d}  {outcome}")
    print(f"  {len(crashes):6d}  tracebacks or over-long messages")
    for crash in crashes[:5]:
        print("   ", crash.replace("\n", "\n    "))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
