"""Regenerate rules/mt/data/foreign.tsv: frequent words of other languages absent from English.

`python tests/data/mt/make_foreign.py > rules/mt/data/foreign.tsv` (wordfreq only);
`python tests/data/mt/make_foreign.py --rare > rules/mt/data/foreign-rare.txt` writes the rarer,
longer words of each language (lower case only, info).
`python tests/data/mt/make_foreign.py --loans > rules/mt/data/loans.tsv` writes the other
table: frequent words of those languages that English also knows, but far less ("gran",
"vita", "con"): next to a foreign word they make a loan phrase ("gran fondo"), and with
the table a run need not load wordfreq's lists of eight languages (~300 MB, ~2 s).
A word is kept when it is among the top words of its language (Zipf >= 3.3 there),
alphabetic, at least three letters, and has an English Zipf below 1.5
(or, for the very frequent words of a language, below 4 while at least 3 lower than
there: "und", "oder", "avec"); a few English words are excluded by hand. (so
loanwords English really uses, "kindergarten", "fiesta", "via", "per", drop out,
and so do common names, which wordfreq's English list holds). Name particles
(de, von, van, al, bin...) are never listed.
"""
import sys
import unicodedata

from wordfreq import top_n_list, zipf_frequency

from audit.checks.mt_untranslated import GERMAN_NOUN_ENDINGS


def unidecode(word: str) -> str:
    """The word without accents: "première" -> "premiere" (English uses it so)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


LANGS = ("de", "fr", "es", "it", "nl", "pl", "pt", "sv")
# Latin-script languages whose news reaches English through MT as well; their lists are
# read the same way. (Other scripts are `mt.foreign-script`'s.)
MORE_LANGS = ("ca", "cs", "da", "fi", "hu", "id", "nb", "ro", "sh", "sk", "sl", "tr", "vi")
ALL_LANGS = LANGS + MORE_LANGS
PARTICLES = {
    "von", "van", "der", "den", "del", "della", "delle", "degli", "dos", "das", "des", "les", "bin", "ibn",
    "abu", "san", "santa", "santo", "ter", "ten", "zu", "zum", "zur", "dei", "di", "da", "du", "le", "la",
    "el", "al", "lo", "los", "las", "ben", "bint", "mac", "mc", "vom", "y", "e", "af", "och", "und",
}
# English words (or English-text staples) that are also frequent foreign words.
ENGLISH = {"jest", "het", "och", "dans", "pas", "est", "con", "sin", "solo", "tu", "mi", "fin", "vie", "pro",
           "ist", "sole", "ale", "den", "men", "som", "dit", "hut", "mir", "bis", "ja", "nu", "ne", "dat", "wat",
           "hoe", "ook", "non", "chi", "tra", "fra", "ora", "cosa", "casa", "poco", "nada", "muy", "bien", "oui",
           "elle", "ils", "voor", "deze", "naar", "jak", "tak", "nie", "ani", "gdy", "pan", "pani", "mas", "ser",
           "sera", "tout", "toute", "rien", "bon", "bonne", "vous", "nous", "merci", "senor", "señor", "signor",
           "herr", "frau", "danke", "nein", "sehr", "gut", "das", "ich", "mein", "liebe", "ciao", "amor", "amore",
           "med", "tot", "mam", "para", "erg", "ens", "ska", "sig", "ner", "poi", "mot", "dal", "qual", "numero",
           "algo", "agora", "travail", "nog", "twee", "dag", "esse", "fait", "déjà", "tutti", "sus", "todo", "mucho",
           "outro", "sou", "jag", "mig", "var", "mais", "ainsi", "alors", "après", "avant", "entre", "contre", "sur", "sous", "chez", "pour", "par"}
best: dict[str, tuple[str, float]] = {}
for lang in ALL_LANGS:
    for word in top_n_list(lang, 3000):
        if len(word) < 3 or not word.isalpha() or word in PARTICLES - {"und"}:
            continue
        z = zipf_frequency(word, lang)
        en = max(zipf_frequency(word, "en"), zipf_frequency(unidecode(word), "en"))
        if z < 3.3 or word in ENGLISH or (en >= 1.5 and (en >= 4.0 or z - en < 3.0 or (en >= 2.5 and z < 5.5))):
            continue
        if lang in MORE_LANGS and (len(word) < 5 or en > 0):
            continue  # their short words collide with English, code and names ("len", "ada", "napi")
        if word not in best or z > best[word][1]:
            best[word] = (lang, z)
# Longer words deeper in each list ("wojewoda", "stikstof"): seven letters or more, and never
# seen in English (a name English writes has some English frequency). Written by --rare as
# a plain word list, one section per language, so that a run loads it as one set in C.
rare: dict[str, tuple[str, float]] = {}
for lang in ALL_LANGS:
    if lang == "de":
        continue  # German nouns have the capitalised-only list below
    for word in top_n_list(lang, 15000)[3000:]:
        if len(word) < 7 or not word.isalpha() or word in best or word in PARTICLES:
            continue
        z = zipf_frequency(word, lang)
        if z < 3.3 or max(zipf_frequency(word, "en"), zipf_frequency(unidecode(word), "en")) > 0:
            continue
        if word not in rare or z > rare[word][1]:
            rare[word] = (lang, z)
if "--rare" in sys.argv[1:]:
    print("# rarer words of other languages, never seen in English; @xx opens a language; generated by")
    print("# tests/data/mt/make_foreign.py --rare")
    for lang in ALL_LANGS:
        listed = sorted(w for w, (lg, _) in rare.items() if lg == lang)
        if listed:
            print(f"@{lang}")
            print("\n".join(listed))
    sys.exit(0)
# German nouns of eight letters or more, deeper in the list: matched capitalised only
# ("Telefonat", "Bundeskanzler"), where German capitalisation marks them as nouns.
nouns: dict[str, float] = {}
for word in top_n_list("de", 40000)[3000:]:
    if len(word) < 8 or not word.isalpha() or word in best:
        continue
    z = zipf_frequency(word, "de")
    en = max(zipf_frequency(word, "en"), zipf_frequency(unidecode(word), "en"))
    if z >= 2.8 and en < 1.0:
        nouns[word] = z
# Rarer compounds with a common-noun ending ("Zinserhöhungen", "Bürgergeld"): never a name.
for word in top_n_list("de", 200000)[40000:]:
    if len(word) < 10 or not word.isalpha() or word in best or not word.endswith(GERMAN_NOUN_ENDINGS):
        continue
    z = zipf_frequency(word, "de")
    if z >= 1.9 and max(zipf_frequency(word, "en"), zipf_frequency(unidecode(word), "en")) == 0:
        nouns[word] = z
if "--loans" in sys.argv[1:]:
    # Zipf >= 4.5 in the language and 1.5 above English: "gran" (es 5.84, en 3.44), "vita", "con"
    print("# word\tlang: frequent there, known but far rarer in English; generated by tests/data/mt/make_foreign.py --loans")
    for lang in ALL_LANGS:
        for word in top_n_list(lang, 8000):  # every word of Zipf >= 4.5 lies within
            if len(word) < 2 or not word.isalpha():
                continue
            z = zipf_frequency(word, lang)
            if z >= 4.5 and z >= zipf_frequency(word, "en") + 1.5:
                print(f"{word}\t{lang}")
    sys.exit(0)
print("# word\tlang\tzipf\tkind (w: any case, N: capitalised German noun only); generated by tests/data/mt/make_foreign.py")
for word, (lang, z) in sorted(best.items()):
    print(f"{word}\t{lang}\t{z:.2f}\tw")
for word, z in sorted(nouns.items()):
    print(f"{word}\tde\t{z:.2f}\tN")
