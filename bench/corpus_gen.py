"""Generate a news-like corpus with planted defects, fast enough for hundreds of MB.

Articles are built from sentence templates whose slots take real public names,
places and organisations, synthesised names nobody has heard of (as real news
is full of), numbers and dates, so that the name and word checks see the token
mix of real news rather than one cached vocabulary. About one article in three
gets one or two planted defects of the kinds `audit` looks for.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

PEOPLE = [
    ("Joe", "Biden", "US President"),
    ("Vladimir", "Putin", "Russian President"),
    ("Volodymyr", "Zelensky", "Ukrainian President"),
    ("Antony", "Blinken", "Secretary of State"),
    ("Sergei", "Lavrov", "Russian Foreign Minister"),
    ("Olaf", "Scholz", "German Chancellor"),
    ("Emmanuel", "Macron", "French President"),
    ("Rishi", "Sunak", "British Prime Minister"),
    ("Dmitry", "Peskov", "Kremlin spokesman"),
    ("Jens", "Stoltenberg", "NATO Secretary General"),
    ("Ursula", "von der Leyen", "European Commission President"),
    ("Xi", "Jinping", "Chinese President"),
    ("Recep Tayyip", "Erdogan", "Turkish President"),
    ("Narendra", "Modi", "Indian Prime Minister"),
    ("Lloyd", "Austin", "Defense Secretary"),
    ("Dmytro", "Kuleba", "Ukrainian Foreign Minister"),
    ("Annalena", "Baerbock", "German Foreign Minister"),
    ("Giorgia", "Meloni", "Italian Prime Minister"),
]
WRONG = {"Biden": "Binden", "Blinken": "Brinken", "Zelensky": "Selenskyj", "Peskov": "Peskow", "Scholz": "Sholz"}
COUNTRIES = [
    "Ukraine",
    "Russia",
    "Germany",
    "France",
    "Poland",
    "Turkey",
    "China",
    "India",
    "Brazil",
    "Japan",
    "Moldova",
    "Georgia",
    "Finland",
    "Sweden",
    "Hungary",
    "Romania",
    "Kazakhstan",
    "Iran",
    "Israel",
    "Egypt",
]
CITIES = [
    "Kyiv",
    "Moscow",
    "Berlin",
    "Paris",
    "Warsaw",
    "Ankara",
    "Beijing",
    "Brussels",
    "Geneva",
    "Washington",
    "London",
    "Vienna",
    "Istanbul",
    "Tokyo",
    "Delhi",
    "Cairo",
    "Helsinki",
    "Budapest",
    "Bucharest",
    "Rome",
]
ORGS = [
    "NATO",
    "the European Union",
    "the United Nations",
    "the OSCE",
    "the IMF",
    "the World Bank",
    "the Kremlin",
    "the Pentagon",
    "the White House",
    "the G7",
    "the Council of Europe",
    "the African Union",
]
TOPICS = [
    "grain exports",
    "gas prices",
    "the ceasefire talks",
    "sanctions",
    "military aid",
    "the energy crisis",
    "border security",
    "refugee flows",
    "the peace plan",
    "interest rates",
    "the trade deal",
    "arms control",
    "food security",
    "the nuclear plant",
    "cyber attacks",
    "inflation",
    "the election",
    "the budget",
]
VERBS = ["said", "told reporters", "announced", "warned", "insisted", "stressed", "confirmed", "argued", "noted"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SYL = [
    "an",
    "bel",
    "cor",
    "dan",
    "el",
    "fer",
    "gar",
    "hal",
    "ir",
    "jan",
    "kov",
    "lin",
    "mar",
    "nel",
    "or",
    "pet",
    "ros",
    "sal",
    "tor",
    "ul",
    "ven",
    "wil",
    "zar",
    "ber",
    "chen",
    "dra",
    "ek",
    "fin",
    "gor",
    "has",
]
TEMPLATES = [
    "{who} {verb} on {day} that {topic} would be on the agenda when ministers meet in {city} next week.",
    "Speaking in {city}, {who} {verb} that {country} was ready to discuss {topic} with {org}.",
    "The talks, which lasted about {n} hours, ended without a joint statement, officials in {city} said.",
    "According to {org}, more than {n},000 people have left the region since {month}.",
    "{who} is expected to travel to {city} on {day} for talks with {who2}.",
    "Analysts said the decision could push up {topic} costs by as much as {n} percent by the end of the year.",
    "{country} has repeatedly denied the accusations, calling them groundless.",
    "In a statement, {org} said it was monitoring the situation closely and urged all sides to show restraint.",
    "{who2} {verb} that the proposal was \u201ca step in the right direction\u201d but said more work was needed.",
    "The meeting in {city} was the first of its kind since {month} {year}.",
    "Local resident {local} said prices in the market had doubled since the spring.",
    "{local}, a researcher at the University of {city}, said the figures should be treated with caution.",
    "Officials did not say when the next round of talks on {topic} would take place.",
    "{country} and {country2} signed an agreement on {topic} on {day}, {month} {dd}.",
    "The government in {city} said it would spend {n} billion euros on {topic} over the next five years.",
    "Critics say the plan does little to address {topic}, which has dominated the debate for months.",
    "Asked about {topic}, {who} declined to comment on the details of the negotiations.",
    "A spokesperson for {org} told the agency that no decision had yet been taken.",
    "Police in {city} said {n} people were detained after the protest outside the parliament building.",
    "{who} and {who2} held a {n}-minute phone call on {day}, their offices said.",
    "Shares in European banks fell {n} percent in early trading after the announcement.",
    "The ministry in {city} published new figures on {day} showing a sharp rise in applications.",
    "Diplomats familiar with the matter said a compromise on {topic} was still possible before {month}.",
    "{local}, who runs a small bakery near the station, said business had not recovered since the floods.",
    "The opposition accused the government of ignoring warnings about {topic} for years.",
    "Under the draft, which has not been made public, {country} would receive {n} million dollars in loans.",
    "Several hundred people gathered in central {city} on {day} evening to demand new elections.",
    "It was not immediately clear whether {country2} would join the initiative.",
    "The central bank kept its main rate unchanged at {n} percent, in line with expectations.",
    "Earlier this year, {who} described relations with {country} as \u201cdifficult but necessary.\u201d",
    "Independent observers were not allowed to visit the site, {org} said in its latest report.",
    "{local}, the mayor of a town near the border, said the road had been closed for {n} days.",
    "The agreement still needs to be approved by parliament, where the coalition holds a narrow majority.",
    "Trade between the two countries reached {n} billion dollars last year, official data show.",
    "Rescue teams worked through the night, and by {day} morning {n} people had been found alive.",
    "Negotiators from {country} and {country2} are due to meet again in {city} later this month.",
    "The report, published by {org}, found that {topic} had become the main concern of voters.",
    "Turnout was about {n} percent, slightly higher than at the last vote in {year}.",
    "{who} is due to address the summit in {city} on {day}, his office said.",
    "A court in {city} sentenced {local} to {n} years in prison on {day}.",
]
DEFECTS = [
    lambda r: "[ad_1]",
    lambda r: "Leave a Reply",
    lambda r: "Source link",
    lambda r: "Back to top button",
    lambda r: "Your email address will not be published. Required fields are marked *",
    lambda r: f"Read more: https://www.example-news.com/world/{r.choice(CITIES).lower()}- talks-{r.randint(1, 999)}",
]


def _name(r: random.Random) -> str:
    first = "".join(r.choice(SYL) for _ in range(r.randint(2, 3))).capitalize()
    last = "".join(r.choice(SYL) for _ in range(r.randint(2, 3))).capitalize()
    return f"{first} {last}"


def _person(r: random.Random, plant: list[bool]) -> str:
    first, last, title = r.choice(PEOPLE)
    if plant[0] and last in WRONG and r.random() < 0.5:
        plant[0] = False
        last = WRONG[last]
    style = r.random()
    if style < 0.4:
        return f"{title} {first} {last}"
    if style < 0.8:
        return f"{first} {last}"
    return last


def article(r: random.Random, target: int = 3500) -> str:
    """One article of about `target` characters: a headline, a dateline and paragraphs."""
    plant = [r.random() < 0.15]
    headline = f"{r.choice(COUNTRIES)} and {r.choice(COUNTRIES)} agree to new talks on {r.choice(TOPICS)}"
    paras = [headline, ""]
    size = len(headline)
    first = True
    order = TEMPLATES[:]
    r.shuffle(order)
    while size < target and order:
        sentences = []
        for _ in range(min(r.randint(2, 4), len(order))):
            t = order.pop()
            s = t.format(
                who=_person(r, plant),
                who2=_person(r, plant),
                verb=r.choice(VERBS),
                day=r.choice(DAYS),
                topic=r.choice(TOPICS),
                city=r.choice(CITIES),
                country=r.choice(COUNTRIES),
                country2=r.choice(COUNTRIES),
                org=r.choice(ORGS),
                n=r.randint(2, 95),
                month=r.choice(MONTHS),
                year=r.randint(2015, 2024),
                dd=r.randint(1, 28),
                local=_name(r),
            )
            sentences.append(s[0].upper() + s[1:])
        para = " ".join(sentences)
        if first:
            para = f"{r.choice(CITIES).upper()} \u2014 " + para
            first = False
        paras.append(para)
        paras.append("")
        size += len(para) + 2
    if r.random() < 0.3:
        for _ in range(r.randint(1, 2)):
            paras.insert(r.randrange(2, len(paras)), r.choice(DEFECTS)(r) + "\n")
    if r.random() < 0.05:
        paras.insert(1, headline)
    return "\n".join(paras).rstrip() + "\n"


def generate(out: Path, megabytes: float, seed: int = 2024) -> tuple[Path, Path]:
    """Write `megabytes` of articles as .txt files under out/txt and the same as out/corpus.jsonl.

    Reuses an existing corpus of the same size and seed.
    """
    stamp = out / "STAMP"
    want = f"{megabytes}:{seed}:True:v1"
    txt = out / "txt"
    jsonl = out / "corpus.jsonl"
    if stamp.exists() and stamp.read_text() == want:
        return txt, jsonl
    r = random.Random(seed)
    txt.mkdir(parents=True, exist_ok=True)
    for old in txt.rglob("*.txt"):
        old.unlink()
    total = 0
    limit = int(megabytes * 1_000_000)
    i = 0
    fh = jsonl.open("w", encoding="utf-8")
    try:
        while total < limit:
            text = article(r)
            sub = txt / f"{i // 1000:04d}"
            if i % 1000 == 0:
                sub.mkdir(exist_ok=True)
            (sub / f"{i:07d}.txt").write_text(text, encoding="utf-8")
            fh.write(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False) + "\n")
            total += len(text.encode("utf-8"))
            i += 1
    finally:
        fh.close()
    stamp.write_text(want)
    return txt, jsonl


if __name__ == "__main__":
    print(article(random.Random(1)))
