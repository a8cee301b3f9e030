"""A deterministic, seeded generator of valid synthetic dossiers, for benchmarks and tests.

``generate(folder, records=N, seed=S)`` writes ``folder/data/`` laid out exactly like
the real dossier (one YAML file per record with its schema modeline, article text in
``<id>.txt``), in French: states, people, organisations, weapon systems, dated events
backed by verbatim quotes, and articles whose paragraphs mention them by name, alias,
designator variant (``S-400``, ``S400``, ``S‑400``) and with elisions (``l'OTAN``,
``d'Ankara``). The same seed always gives byte-identical files.

**N records** means ``articles + events + actors + weapons`` (pages generated ≈ N + 5
section indexes). Articles are the bulk; the other kinds keep the real dossier's
13 : 9 : 5 ratio of events to actors to weapons (see :data:`SHARES`).

Command line: ``python -m benchmarks.synthetic OUT --records 1000 --seed 1``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.text import Paragraphs, split_paragraphs
from build_tools.validate import fold_id

# Share of N per kind: articles are the bulk, events : actors : weapons ≈ 13 : 9 : 5.
SHARES = {"events": 0.19, "actors": 0.14, "weapons": 0.07}
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"


@dataclass(frozen=True)
class Counts:
    """How many records of each kind a synthetic dossier has."""

    articles: int
    events: int
    actors: int
    weapons: int

    @property
    def total(self) -> int:
        """N: all records."""
        return self.articles + self.events + self.actors + self.weapons


def counts_for(records: int) -> Counts:
    """Split N records into kinds (at least 2 articles, 1 event, 3 actors, 1 weapon)."""
    if records < 7:
        raise ValueError("a synthetic dossier needs at least 7 records")
    events = max(1, round(records * SHARES["events"]))
    actors = max(3, round(records * SHARES["actors"]))
    weapons = max(1, round(records * SHARES["weapons"]))
    return Counts(records - events - actors - weapons, events, actors, weapons)


# -- vocabulary ------------------------------------------------------------------------------

# (name, article before the name, aliases); capitals as aliases give "d'Ankara", "à Moscou".
CORE_STATES = (
    ("Turquie", "la ", ("République de Turquie", "Türkiye", "Ankara")),
    ("Russie", "la ", ("Fédération de Russie", "Kremlin", "Moscou")),
    ("États-Unis", "les ", ("USA", "Washington")),
    ("Syrie", "la ", ("Damas",)),
)
MORE_STATES = (
    ("Grèce", "la ", ("République hellénique", "Athènes")),
    ("Inde", "l'", ("New Delhi",)),
    ("Iran", "l'", ("Téhéran",)),
    ("Azerbaïdjan", "l'", ("Bakou",)),
    ("Arménie", "l'", ("Erevan",)),
    ("Algérie", "l'", ("Alger",)),
    ("Égypte", "l'", ("Le Caire",)),
    ("Chine", "la ", ("Beijing", "Pékin")),
    ("Israël", "", ("Tel-Aviv",)),
    ("Irak", "l'", ("Bagdad",)),
    ("Qatar", "le ", ("Doha",)),
    ("Arabie saoudite", "l'", ("Riyad",)),
    ("Ukraine", "l'", ("Kiev", "Kyiv")),
    ("Biélorussie", "la ", ("Minsk",)),
    ("Kazakhstan", "le ", ("Astana",)),
    ("Serbie", "la ", ("Belgrade",)),
    ("Hongrie", "la ", ("Budapest",)),
    ("Bulgarie", "la ", ("Sofia",)),
    ("Chypre", "", ("Nicosie",)),
    ("Libye", "la ", ("Tripoli",)),
    ("Pakistan", "le ", ("Islamabad",)),
    ("Japon", "le ", ("Tokyo",)),
    ("Allemagne", "l'", ("Berlin",)),
    ("France", "la ", ("Paris",)),
    ("Italie", "l'", ("Rome",)),
    ("Espagne", "l'", ("Madrid",)),
    ("Royaume-Uni", "le ", ("Londres",)),
    ("Pologne", "la ", ("Varsovie",)),
    ("Roumanie", "la ", ("Bucarest",)),
    ("Géorgie", "la ", ("Tbilissi",)),
)
CORE_PEOPLE = (
    ("Vladimir", "Poutine", 1, "Président de la Fédération de Russie"),
    ("Recep Tayyip", "Erdoğan", 0, "Président de la République de Turquie"),
    ("Sergueï", "Tchemezov", 1, "Directeur général de Rostec"),
    ("Mevlüt", "Çavuşoğlu", 0, "Ministre turc des Affaires étrangères"),
)
CORE_ORGS = (
    ("Organisation du traité de l'Atlantique nord", "l'", ("OTAN", "NATO", "Alliance atlantique")),
    ("Rostec", "", ("Rostekh",)),
    ("Almaz-Antey", "", ("Almaz-Anteï",)),
)
CORE_WEAPONS = (
    ("S-400 Triumph", "S-400", ("S-400 Triumf", "SA-21 Growler"), 1),
    ("F-35 Lightning II", "F-35", ("Lockheed Martin F-35",), 2),
    ("S-500 Prometheus", "S-500", (), 1),
    ("Su-57", "Su-57", ("Soukhoï Su-57",), 1),
)
FIRST_NAMES = (
    "Ahmet", "Mehmet", "Ayşe", "Fatma", "Hulusi", "İsmail", "Selim", "Elif", "Ömer", "Zeynep",
    "Dmitri", "Sergueï", "Olga", "Nikolaï", "Alexandre", "Irina", "Iouri", "Anatoli", "Maria",
    "John", "Mike", "Ellen", "James", "Hélène", "Pierre", "Nadia", "Karim", "Leïla", "Yannis",
    "Eleni", "Arman", "Ilham", "Lev", "Anna", "Tariq", "Samir", "Ivan", "Oleg", "Emine",
)
SURNAME_START = (
    "Kar", "Yıl", "Öz", "Vol", "Ser", "Dem", "Ak", "Bay", "Tan", "Gor", "Nik", "Mar", "Tur",
    "Kaz", "Şah", "Lav", "Pes", "Mor", "Kol", "Bel", "Her", "Sav", "Ol", "Ev", "Ar", "Us",
    "Kur", "Sol", "Dun", "Zak", "Pap", "Stav", "Lom", "Bor", "Gri", "Tem",
)
SURNAME_MIDDLE = ("a", "ı", "e", "o", "u", "i", "", "ar", "el", "in")
SURNAME_END = (
    "dağ", "maz", "ov", "enko", "oğlu", "ski", "yan", "ev", "in", "kov", "türk", "can",
    "adze", "idis", "escu", "ova", "soy", "han", "ich", "off",
)
ORG_TYPES = (
    ("Agence", "l'"), ("Consortium", "le "), ("Bureau", "le "), ("Institut", "l'"),
    ("Groupe", "le "), ("Office", "l'"), ("Conseil", "le "), ("Fonds", "le "),
    ("Compagnie", "la "), ("Direction", "la "),
)
ORG_DOMAINS = (
    "des exportations d'armement", "de la défense aérienne", "des industries navales",
    "de la coopération militaire", "des technologies spatiales", "de l'électronique de défense",
    "des missiles tactiques", "de la construction aéronautique", "du renseignement stratégique",
    "des industries de défense",
)
WEAPON_CATEGORIES = (
    "Système de défense antiaérienne à longue portée", "Système de défense antiaérienne à "
    "moyenne portée", "Avion de combat multirôle", "Hélicoptère d'attaque",
    "Missile balistique tactique", "Missile de croisière", "Char de combat principal",
    "Radar de veille aérienne", "Drone armé de moyenne altitude", "Frégate lance-missiles",
)
WEAPON_NICKNAMES = (
    "Tempête", "Bouclier", "Faucon", "Vityaz", "Korkut", "Hisar", "Aigle", "Orage", "Sentinelle",
    "Pantsir", "Bora", "Atmaca", "Krasukha", "Iskander", "Kalkan", "Tayfun", "Yıldırım", "Volga",
)
WEAPON_PREFIXES = ("S", "Su", "T", "K", "BM", "KR", "TB", "MiG", "Ka", "HQ", "AS", "RS", "Tor-M")
PLACES = (
    "Moscou", "Sotchi", "Istanbul", "Izmir", "Hmeimim", "Lattaquié", "Incirlik", "Genève",
    "Bruxelles", "Astana", "Vienne", "Saint-Pétersbourg", "Konya", "Kaliningrad", "Tartous",
)
REGIONS = ("en Syrie", "en mer Noire", "en Méditerranée orientale", "dans le Caucase",
           "en mer Égée", "dans l'Arctique")
OUTLETS = ("Agence de presse", "Le Quotidien de l'Est", "Correspondance diplomatique",
           "La Lettre stratégique", "Journal du soir", "Dépêches internationales")
AUTHORS = ("Claire Dumont", "Paul Martin", "Sophie Leroy", "Ahmet Kaya", "Olga Sokolova")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
SAID = ("a indiqué", "a déclaré", "a affirmé", "a souligné", "a précisé", "a estimé",
        "a assuré", "a rappelé")
VOWELS = set("aeiouyAEIOUYÀÂÉÈÊÎÏÔÖÜÛŒ")
POWERS = ("state", "organisation")  # actors that sign, sanction, deliver


# -- entities --------------------------------------------------------------------------------


@dataclass
class Entity:
    """An actor or a weapon system, with the forms the article texts use for it."""

    id: str
    kind: str  # "state", "person", "organisation" or "weapon"
    name: str
    aliases: tuple[str, ...]
    article: str  # "la ", "le ", "les ", "l'" or "" before the name in running text
    short: str  # the form most texts use: "Ankara", "Erdoğan", "OTAN", "S-400"
    short_article: str
    country: str | None = None
    role: str | None = None
    category: str = ""
    manufacturer: str | None = None
    related: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Ref:
    """A noun phrase for an entity: its article (``la ``, ``l'``…) and the words."""

    article: str
    words: str

    def __str__(self) -> str:
        return self.nom

    @property
    def nom(self) -> str:
        """Subject form: ``la Turquie``, ``l'OTAN``, ``Ankara``."""
        return self.article + self.words

    @property
    def de(self) -> str:
        """After ``de``: ``de la Turquie``, ``du Japon``, ``d'Ankara``, ``de l'OTAN``."""
        contracted = {"le ": "du ", "les ": "des "}.get(self.article)
        if contracted:
            return contracted + self.words
        if self.article:
            return "de " + self.article + self.words
        return ("d'" if self.words[0] in VOWELS else "de ") + self.words

    @property
    def a(self) -> str:
        """After ``à``: ``à la Turquie``, ``au Japon``, ``aux États-Unis``, ``à Ankara``."""
        contracted = {"le ": "au ", "les ": "aux "}.get(self.article)
        return contracted + self.words if contracted else "à " + self.article + self.words


def slug(text: str) -> str:
    """An id from French words: ``Système S-400 (2017)`` → ``systeme-s-400-2017``."""
    ascii_form = unicodedata.normalize("NFKD", text.replace("ı", "i")).encode("ascii", "ignore")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_form.decode().lower()))


class Registry:
    """Hands out unique ids and names whose folded forms never collide."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.names: set[str] = set()

    def new_id(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``… if taken."""
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.ids.add(candidate)
        return candidate

    def free(self, *names: str) -> bool:
        """True when none of ``names`` is taken (compared as mention finding compares)."""
        folded = [fold_id(n) for n in names]
        return len(set(folded)) == len(folded) and not self.names.intersection(folded)

    def take(self, *names: str) -> None:
        """Reserve ``names``."""
        self.names.update(fold_id(n) for n in names)


class EntityMaker:
    """Makes the dossier's actors and weapon systems: the real cast first, then invented ones."""

    def __init__(self, rng: random.Random, registry: Registry) -> None:
        self.rng = rng
        self.reg = registry

    def actors(self, count: int) -> list[Entity]:
        """``count`` actors: about 5 % states, 60 % people, the rest organisations."""
        states = max(2, min(count // 3, round(count * 0.05) + 2))
        orgs = max(1, round(count * 0.35))
        people = max(0, count - states - orgs)
        made = self.states(states)
        made += self.organisations(count - states - people, made)
        made += self.people(people, made)
        return made

    def states(self, count: int) -> list[Entity]:
        """States, from real country names, then invented republics."""
        made = []
        pool = list(CORE_STATES) + list(MORE_STATES)
        for index in range(count):
            if index < len(pool):
                name, article, aliases = pool[index]
            else:
                name, article, aliases = self.invented_state()
            made.append(self.entity(name, "state", article, aliases))
        return made

    def invented_state(self) -> tuple[str, str, tuple[str, ...]]:
        while True:
            root = self.surname().rstrip("ı")
            name, capital = f"{root}ie", f"{self.surname()}grad"
            if self.reg.free(name, capital, f"République de {name}"):
                return name, "la ", (f"République de {name}", capital)

    def entity(self, name: str, kind: str, article: str, aliases: Sequence[str],
               short: str | None = None, short_article: str | None = None) -> Entity:
        self.reg.take(name, *aliases)
        short = short or (aliases[-1] if kind == "state" and aliases else name)
        if short_article is None:
            short_article = article if short == name else ""
        return Entity(self.reg.new_id(slug(name)), kind, name, tuple(aliases), article,
                      short, short_article)

    def surname(self) -> str:
        parts = [self.rng.choice(SURNAME_START), self.rng.choice(SURNAME_MIDDLE),
                 self.rng.choice(SURNAME_END)]
        if self.rng.random() < 0.3:
            parts.insert(1, self.rng.choice(SURNAME_MIDDLE) + self.rng.choice("lmnrstvz"))
        return "".join(parts)

    def people(self, count: int, others: list[Entity]) -> list[Entity]:
        """People with a unique surname (used alone as an alias) and a country."""
        states = [e for e in others if e.kind == "state"]
        made = []
        for index in range(count):
            if index < len(CORE_PEOPLE):
                first, last, state, role = CORE_PEOPLE[index]
                country = states[min(state, len(states) - 1)]
            else:
                first, last = self.rng.choice(FIRST_NAMES), self.unique_surname()
                country = self.rng.choice(states)
                role = self.rng.choice(ROLES).format(de=Ref(country.article, country.name).de)
            aliases = [last]
            if fold_id(last) != last.lower() and self.reg.free(_ascii(last)):
                aliases.append(_ascii(last))  # "Erdogan" for "Erdoğan": search and mentions
            person = self.entity(f"{first} {last}", "person", "", aliases, short=last,
                                 short_article="")
            person.country, person.role = country.id, role
            made.append(person)
        return made

    def unique_surname(self) -> str:
        while True:
            name = self.surname()
            if self.reg.free(name, _ascii(name)) and fold_id(name) not in VOCABULARY:
                return name

    def organisations(self, count: int, others: list[Entity]) -> list[Entity]:
        """Organisations with an acronym alias (``l'AKDA``), sometimes a country."""
        states = [e for e in others if e.kind == "state"]
        made = []
        for index in range(count):
            if index < len(CORE_ORGS):
                name, article, aliases = CORE_ORGS[index]
                org = self.entity(name, "organisation", article, aliases, short=aliases[0],
                                  short_article=article if article else "")
                org.country = states[1].id if index else None
                org.role = "Alliance militaire" if index == 0 else "Industrie de défense russe"
            else:
                org = self.invented_organisation(states)
            made.append(org)
        return made

    def invented_organisation(self, states: list[Entity]) -> Entity:
        while True:
            kind, article = self.rng.choice(ORG_TYPES)
            domain = self.rng.choice(ORG_DOMAINS)
            family = self.unique_surname()
            name = f"{kind} {family} {domain}"
            acronym = self.acronym(name)
            if acronym and self.reg.free(name, acronym):
                short_article = "l'" if acronym[0] in VOWELS else "le "
                org = self.entity(name, "organisation", article, (acronym,), short=acronym,
                                  short_article=short_article)
                org.country = self.rng.choice(states).id if self.rng.random() < 0.8 else None
                org.role = f"Organisme {domain}"
                return org

    def acronym(self, name: str) -> str | None:
        letters = [w[0].upper() for w in re.findall(r"\w+", name) if len(w) > 3]
        letters.append(self.rng.choice("BCDFGKMPRSTVZ"))
        acronym = _ascii("".join(letters))[:5]
        if len(acronym) < 3 or fold_id(acronym) in VOCABULARY:
            return None
        return acronym

    def weapons(self, count: int, actors: list[Entity]) -> list[Entity]:
        """Weapon systems with a designator alias (``KR-214``) and a state of origin."""
        states = [a for a in actors if a.kind == "state"]
        makers = [a for a in actors if a.kind == "organisation" and a.country]
        made = []
        for index in range(count):
            if index < len(CORE_WEAPONS):
                name, designator, aliases, state = CORE_WEAPONS[index]
                country = states[min(state, len(states) - 1)]
            else:
                name, designator = self.invented_weapon()
                aliases, country = (), self.rng.choice(states)
            weapon = self.entity(name, "weapon", "", (designator, *aliases) if designator !=
                                 name else aliases, short=designator, short_article="")
            weapon.country = country.id
            weapon.category = (WEAPON_CATEGORIES[0] if index == 0
                               else self.rng.choice(WEAPON_CATEGORIES))
            if makers and self.rng.random() < 0.6:
                weapon.manufacturer = self.rng.choice(makers).id
            made.append(weapon)
        return made

    def invented_weapon(self) -> tuple[str, str]:
        while True:
            designator = f"{self.rng.choice(WEAPON_PREFIXES)}-{self.rng.randint(10, 990)}"
            name = f"{designator} {self.rng.choice(WEAPON_NICKNAMES)}"
            if self.reg.free(name, designator):
                return name, designator


ROLES = (
    "Ministre de la Défense {de}", "Porte-parole du ministère des Affaires étrangères {de}",
    "Ambassadeur {de} à Moscou", "Chef d'état-major des armées {de}",
    "Conseiller à la sécurité nationale {de}", "Député de l'opposition {de}",
    "Ministre des Finances {de}", "Négociateur en chef {de}",
)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text.replace("ı", "i")).encode("ascii", "ignore").decode()


# -- text ----------------------------------------------------------------------------------

# Sentences reporting an event; the article text carries one, the event quotes it verbatim.
# {A} and {B} are actors (A.nom, A.de, A.a), {P} a person, {W} a weapon, {D} a date.
EVENT_KINDS = (
    ("signature", "Signature d'un accord sur des {W} entre {A} et {B}",
     "{D}, {A.nom} et {B.nom} ont signé un accord sur la livraison de plusieurs systèmes "
     "{W} {B.a}."),
    ("livraison", "Premières livraisons de {W} {B.a}",
     "Les premières batteries de {W} ont été livrées {B.a} {D}, {said} {A.nom}."),
    ("rencontre", "Rencontre entre {P} et {Q} {at}",
     "{P} a rencontré {D} son homologue {Q} {at}, pour discuter des prochaines "
     "livraisons de {W} et d'autres projets dans le domaine militaire."),
    ("sanctions", "{A} annonce des sanctions contre {B}",
     "{A.nom} a annoncé {D} des sanctions visant {B.nom}, en réaction à l'achat de {W}."),
    ("declaration", "{P} défend l'achat des {W}",
     "« Nous ne reviendrons pas sur l'achat des {W}, c'est une affaire de souveraineté », "
     "a déclaré {P} {D}."),
    ("essais", "Essais de tir de {W} {near}",
     "Des essais de tir de {W} ont été menés {D} {near}, {said} le porte-parole "
     "{A.de}."),
    ("pret", "Négociation d'un prêt {A.de} pour l'achat de {W}",
     "Les ministres des finances discutent désormais de la possibilité de fournir {B.a} un "
     "prêt {A.de} pour l'achat des {W}, {said} {P} {D}."),
    ("suspension", "{A} suspend les livraisons liées aux {W} {B.a}",
     "{A.nom} a suspendu {D} toutes les livraisons d'équipements liées aux {W} {B.a}, pour "
     "dissuader {B.nom} d'acquérir d'autres systèmes."),
    ("coproduction", "{A} propose {B.a} de produire en commun des {W}",
     "{D}, {A.nom} a proposé {B.a} de produire en commun des {W}, une offre qualifiée de "
     "« prometteuse » par {P}."),
)
# Background sentences: they mention entities but report no event.
FILLERS = (
    "Selon {A.nom}, {B.nom} pourrait acquérir d'autres systèmes {W} d'ici {year}.",
    "Les analystes estiment que l'achat de {W} par {A.nom} fragilise sa position au sein {O.de}.",
    "{P} a refusé de donner davantage de détails sur cette livraison « tant que le contrat "
    "n'est pas signé ».",
    "Cette vente symboliserait une nouvelle étape dans la réconciliation entre {A.nom} et "
    "{B.nom}, qui ont traversé une grave crise dans leurs relations.",
    "Le porte-parole {O.de} n'a pas souhaité commenter ces informations, {said} {P} {day}.",
    "{A.nom} a installé des systèmes {W} pour protéger ses avions {region}.",
    "Interrogé sur la position {O.de}, {P} {said} que « rien n'est encore décidé ».",
    "Les détails techniques du contrat sur les {W} n'ont pas été rendus publics.",
    "D'après {O.nom}, les négociations {A.de} avec {B.nom} ont quasiment abouti.",
    "En {month} dernier, {P} avait évoqué la livraison de {W} {A.a} avant la fin de l'année.",
    "La question des {W} reste au cœur des discussions entre {A.nom} et {B.nom}.",
    "Des experts {A.de} ont été formés à l'utilisation des {W} {near}.",
)
NEUTRAL = (
    "Aucun calendrier précis n'a été communiqué.",
    "Les deux parties se sont dites résolues à aller jusqu'au bout.",
    "Le montant du contrat n'a pas été rendu public.",
    "Cette annonce intervient dans un contexte de fortes tensions régionales.",
    "Plusieurs observateurs y voient un signal adressé aux partenaires occidentaux.",
    "La livraison pourrait prendre plusieurs mois, selon la même source.",
)
VOCABULARY = frozenset(
    fold_id(w) for s in (*FILLERS, *NEUTRAL, *(k[2] for k in EVENT_KINDS))
    for w in re.findall(r"\w+", s)
) | frozenset({"le", "la", "les", "du", "des", "au", "aux", "un", "une", "et", "de", "en"})


@dataclass(frozen=True)
class DatePick:
    """A fuzzy date and how the articles write it."""

    iso: str
    year: int
    month: int
    day: int

    def phrase(self) -> str:
        """``le 8 avril 2019``, ``en avril 2019`` or ``en 2019``."""
        if self.day:
            return f"le {'1er' if self.day == 1 else self.day} {MONTHS[self.month - 1]} {self.year}"
        return f"en {MONTHS[self.month - 1]} {self.year}" if self.month else f"en {self.year}"


def pick_date(rng: random.Random, precision: str | None = None) -> DatePick:
    """A date between 2005 and 2024 known to the day (mostly), the month or the year."""
    year, month, day = rng.randint(2005, 2024), rng.randint(1, 12), rng.randint(1, 28)
    precision = precision or rng.choices(("day", "month", "year"), (6, 3, 1))[0]
    if precision == "year":
        return DatePick(f"{year}", year, 0, 0)
    if precision == "month":
        return DatePick(f"{year}-{month:02d}", year, month, 0)
    return DatePick(f"{year}-{month:02d}-{day:02d}", year, month, day)


@dataclass
class Event:
    """An event being generated: its cast, date and the sentence that attests it."""

    id: str
    kind: int
    date: DatePick
    actors: list[Entity]
    weapons: list[Entity]
    cast: dict[str, Entity]  # template slot -> entity
    place: str
    qualifier: str | None = None
    date_end: DatePick | None = None
    title: str = ""
    citations: list[tuple[str, str, str | None]] = field(default_factory=list)
    planned: bool = False  # announced by an article published before it

    def earliest(self) -> tuple[int, int, int] | None:
        """The earliest day the event's date can mean (None: "before", "circa")."""
        if self.qualifier in ("before", "circa"):
            return None
        return self.date.year, self.date.month or 1, self.date.day or 1


class Writer:
    """Turns entities into sentences, with the article's apostrophe and dash style."""

    def __init__(self, rng: random.Random, core: dict[str, list[Entity]],
                 everyone: dict[str, list[Entity]]) -> None:
        self.rng = rng
        self.core = core
        self.all = everyone

    def ref(self, entity: Entity) -> Ref:
        """One way of writing ``entity`` in running text (name, alias, short form)."""
        roll = self.rng.random()
        if entity.kind == "weapon":
            return Ref("", self.designator(entity.short) if roll < 0.85 else entity.name)
        if entity.kind == "person":
            if roll < 0.4:
                return Ref("", entity.name)
            return Ref("", f"M. {entity.short}" if roll < 0.5 else entity.short)
        if roll < 0.55:
            return Ref(entity.short_article, entity.short)
        return Ref(entity.article, entity.name)

    def designator(self, short: str) -> str:
        """``S-400`` as editors and agencies write it: ``S-400``, ``S400``, ``S 400``, ``S‑400``."""
        roll = self.rng.random()
        if roll < 0.75 or "-" not in short:
            return short
        head, _, tail = short.rpartition("-")
        if not (head[-1:].isalpha() and tail[:1].isdigit()):
            return short
        return head + ("" if roll < 0.85 else " " if roll < 0.93 else "\u2011") + tail

    def some(self, kind: str, hint: Sequence[Entity] = (),
             avoid: Iterable[Entity] = ()) -> Entity:
        """An entity of ``kind``: from ``hint`` (the article's subject), the real cast or anyone.

        Never one of ``avoid`` when there is a choice, so "X et X" does not happen.
        """
        taken = {e.id for e in avoid}
        pool = [e for e in hint if e.kind == kind or (kind == "power" and e.kind in POWERS)]
        for _ in range(8):
            roll = self.rng.random()
            if pool and roll < 0.6:
                choice = self.rng.choice(pool)
            elif self.core[kind] and roll < 0.75:
                choice = self.rng.choice(self.core[kind])
            else:
                choice = self.rng.choice(self.all[kind])
            if choice.id not in taken:
                return choice
        return choice

    def fill(self, template: str, cast: dict[str, Entity], date: str = "") -> str:
        """Render a sentence template; missing slots are drawn from the whole dossier."""
        place = Ref("", self.rng.choice(PLACES))
        values: dict[str, object] = {
            "said": self.rng.choice(SAID), "day": self.rng.choice(DAYS),
            "month": self.rng.choice(MONTHS), "year": self.rng.randint(2018, 2030),
            "at": place.a, "near": "près " + place.de, "region": self.rng.choice(REGIONS),
            "D": date,
        }
        chosen = dict(cast)
        for slot, kind in (("A", "power"), ("B", "power"), ("O", "organisation"),
                           ("P", "person"), ("Q", "person"), ("W", "weapon")):
            if slot not in chosen:
                chosen[slot] = self.some(kind, list(cast.values()), avoid=chosen.values())
            ref = self.ref(chosen[slot])
            values[slot] = ref if slot in "ABO" else ref.nom
        sentence = template.format(**values)
        return sentence[0].upper() + sentence[1:]


# -- articles and events -----------------------------------------------------------------------


@dataclass
class ArticleDraft:
    """An article being written: its paragraphs and what it reports."""

    id: str
    title: str
    published: DatePick
    paragraphs: list[list[str]]
    events: list[Event]
    curly: bool  # typographic apostrophes (’) rather than straight ones
    sentences: dict[int, str] = field(default_factory=dict)  # id(event) -> its sentence

    def text(self) -> str:
        return "\n".join(self.style(" ".join(p)) for p in self.paragraphs) + "\n"

    def style(self, text: str) -> str:
        return text.replace("'", "\u2019") if self.curly else text


class DossierMaker:
    """Builds every record of one synthetic dossier in memory, then writes it."""

    def __init__(self, counts: Counts, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts = counts
        self.reg = Registry()
        maker = EntityMaker(self.rng, self.reg)
        self.actors = maker.actors(counts.actors)
        self.weapons = maker.weapons(counts.weapons, self.actors)
        powers = [a for a in self.actors if a.kind in POWERS]
        everyone = {"power": powers, "weapon": self.weapons,
                    "person": [a for a in self.actors if a.kind == "person"] or powers,
                    "organisation": [a for a in self.actors if a.kind == "organisation"]}
        core_ids = {"turquie", "russie", "etats-unis", "vladimir-poutine",
                    "recep-tayyip-erdogan", "organisation-du-traite-de-l-atlantique-nord",
                    "s-400-triumph", "f-35-lightning-ii"}
        core = {kind: [e for e in pool if e.id in core_ids] for kind, pool in everyone.items()}
        self.writer = Writer(self.rng, core, everyone)
        self.events = [self.new_event(i) for i in range(counts.events)]
        self.articles = [self.new_article(i) for i in range(counts.articles)]
        self.assign_events()
        self.cover_unused_entities()

    # events

    def new_event(self, index: int) -> Event:
        """An event whose cast covers actor ``index`` and weapon ``index`` (none unused)."""
        rng, w = self.rng, self.writer
        covered = self.actors[index % len(self.actors)]
        weapons = [self.weapons[index % len(self.weapons)]]
        if rng.random() < 0.3:
            weapons.append(rng.choice(self.weapons))
        cast = {"W": weapons[0]}
        if covered.kind == "person":
            cast["P"] = covered
        else:
            cast["A"] = covered
        for slot, kind in (("A", "power"), ("B", "power"), ("P", "person"), ("Q", "person")):
            if slot not in cast:
                cast[slot] = w.some(kind, (), avoid=cast.values())
        date = pick_date(rng)
        actors = _unique([cast[s] for s in "ABPQ"])
        event = Event("", rng.randrange(len(EVENT_KINDS)), date, actors, _unique(weapons),
                      cast, rng.choice(PLACES))
        roll = rng.random()
        if roll < 0.24:
            event.qualifier = ("circa", "before", "after", "between")[int(roll / 0.06)]
        if event.qualifier == "between":
            event.date_end = DatePick(str(date.year + 1), date.year + 1, 0, 0)
            event.date = DatePick(str(date.year), date.year, 0, 0)
        return event

    def cast(self, event: Event) -> dict[str, Entity]:
        """Slot → entity for the event's sentence and title (fixed when the event is made)."""
        return event.cast

    # articles

    def new_article(self, index: int) -> ArticleDraft:
        published = pick_date(self.rng, "day" if self.rng.random() < 0.85 else "month")
        return ArticleDraft("", "", published, [], [], self.rng.random() < 0.4)

    def assign_events(self) -> None:
        """Each event is reported by one or two articles; then every article is written."""
        articles = self.articles
        for index, event in enumerate(self.events):
            hosts = {index % len(articles)}
            if self.rng.random() < 0.3:
                hosts.add(self.rng.randrange(len(articles)))
            for host in sorted(hosts):
                articles[host].events.append(event)
        for draft in articles:
            self.write_article(draft)
        taken: set[tuple[str, str]] = set()
        for event in self.events:
            event.title = self.event_title(event, taken)
            event.id = self.reg.new_id(slug(event.title)[:60].strip("-") + f"-{event.date.year}")

    def event_title(self, event: Event, taken: set[tuple[str, str]]) -> str:
        """A title no other event has with the same date: ``check`` reports two such events
        as one record entered twice (``duplicate-record``; seed 2 at N = 1,500 had one).

        The names' forms are redrawn first (« S-400 » or « S-400 Triumph »); a cast with a
        single form each gets « (2e volet) ». A first draw that is free is kept, so dossiers
        without such a clash are unchanged.
        """
        for attempt in itertools.count():
            title = self.writer.fill(EVENT_KINDS[event.kind][1], self.cast(event))
            if attempt >= 8:
                title += f" ({attempt - 6}e volet)"
            # The key validate compares: the date as written and the folded title.
            key = (event.date.iso, fold_id(title))
            if key not in taken:
                taken.add(key)
                return title
        raise AssertionError("unreachable: itertools.count() never ends")

    def write_article(self, draft: ArticleDraft) -> None:
        """Paragraphs mentioning the article's subjects; one attesting sentence per event."""
        rng = self.rng
        self.date_after_events(draft)
        subjects = [e for ev in draft.events for e in (*ev.actors, *ev.weapons)]
        count = rng.randint(4, 9)
        draft.paragraphs = [self.paragraph(subjects) for _ in range(count)]
        for event in draft.events:
            sentence = self.writer.fill(EVENT_KINDS[event.kind][2], self.cast(event),
                                        self.when(event))
            target = draft.paragraphs[rng.randrange(count)]
            target.insert(rng.randrange(len(target) + 1), sentence)
            draft.sentences[id(event)] = sentence
        if rng.random() < 0.08:  # agency copy pasted twice: a repeated run of paragraphs
            start = rng.randrange(count)
            draft.paragraphs += [list(p) for p in draft.paragraphs[start:]]
        if rng.random() < 0.1:
            draft.paragraphs.insert(rng.randrange(1, count), [
                "Lire aussi : " + self.writer.fill(rng.choice(EVENT_KINDS)[1], {})])
        lead = draft.events[0] if draft.events else None
        title = (self.writer.fill(EVENT_KINDS[lead.kind][1], self.cast(lead)) if lead
                 else self.writer.fill(rng.choice(EVENT_KINDS)[1], {}))
        draft.title = title
        draft.id = self.reg.new_id(slug(title)[:50].strip("-") + f"-{draft.published.year}")

    @staticmethod
    def date_after_events(draft: ArticleDraft) -> None:
        """An article reports what has happened or is announced: an event within a year
        after it is announced (planned); one further ahead moves the article after it."""
        published = draft.published
        for event in draft.events:
            start = event.earliest()
            if start is None or start <= (published.year, published.month or 12,
                                          published.day or 31):
                continue
            if start[0] <= published.year + 1:
                event.planned = True
            else:
                published = DatePick(f"{start[0]}-12-28", start[0], 12, 28)
        draft.published = published

    def when(self, event: Event) -> str:
        phrase = event.date.phrase()
        if event.qualifier == "circa":
            return "vers " + phrase.removeprefix("le ").removeprefix("en ")
        return phrase

    def paragraph(self, subjects: list[Entity]) -> list[str]:
        sentences = []
        # Distinct templates within a paragraph: a wire story rarely repeats itself.
        for template in self.rng.sample(FILLERS + NEUTRAL, self.rng.randint(1, 4)):
            cast = {}
            if subjects:
                cast["W"] = self.writer.some("weapon", subjects)
                cast["A"] = self.writer.some("power", subjects)
            sentences.append(self.writer.fill(template, cast))
        return sentences

    def cover_unused_entities(self) -> None:
        """Entities in no event and no ``related`` list get one (no 'unreferenced' warning)."""
        used = {e.id for ev in self.events for e in (*ev.actors, *ev.weapons)}
        entities = [*self.actors, *self.weapons]
        for entity in entities:
            others = self.rng.sample(entities, min(len(entities), self.rng.randint(0, 3)))
            entity.related = [o.id for o in others if o.id != entity.id]
            used.update(entity.related)
            used.update(x for x in (entity.country, entity.manufacturer) if x)
        for entity in entities:
            if entity.id not in used:
                host = entities[0] if entity is not entities[0] else entities[1]
                host.related.append(entity.id)
                used.add(entity.id)


def _unique(entities: list[Entity]) -> list[Entity]:
    return list({e.id: e for e in entities}.values())


# -- YAML output ---------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[^\W\d_][^:#\"'\[\]{},&*!|>%@`\n]*(?<! )$")


def scalar(value: str) -> str:
    """A YAML scalar: plain when unambiguous (``name: Turquie``), double-quoted otherwise."""
    if _PLAIN.match(value) and value not in ("null", "Null", "NULL", "true", "false"):
        return value
    return _quoted(value)


def _quoted(value: str) -> str:
    # JSON strings are valid YAML double-quoted scalars; verbatim quotes always use them.
    return json.dumps(value, ensure_ascii=False)


def folded(key: str, text: str, indent: int) -> list[str]:
    """``key: >-`` followed by ``text`` wrapped at 88 columns, as the editors write prose."""
    pad = " " * (indent + 2)
    lines = textwrap.wrap(text, 88 - len(pad), break_on_hyphens=False, break_long_words=False)
    return [" " * indent + f"{key}: >-", *(pad + line for line in lines)]


def document(kind: str, lines: list[str]) -> str:
    """A data file: the schema modeline, then the fields."""
    return SCHEMA_LINE.format(kind=kind) + "\n".join(lines) + "\n"


def entity_file(entity: Entity, description: str) -> str:
    """The YAML of an actor or a weapon system."""
    lines = [f"name: {scalar(entity.name)}"]
    if entity.kind == "weapon":
        lines.append(f"category: {scalar(entity.category)}")
    else:
        lines.append(f"kind: {entity.kind}")
    if entity.aliases:
        lines += ["aliases:", *(f"  - {scalar(a)}" for a in entity.aliases)]
    if entity.country:
        lines.append(f"country: {entity.country}")
    if entity.manufacturer:
        lines.append(f"manufacturer: {entity.manufacturer}")
    if entity.role:
        lines.append(f"role: {scalar(entity.role)}")
    lines += folded("description", description, 0)
    if entity.related:
        lines += ["related:", *(f"  - {r}" for r in dict.fromkeys(entity.related))]
    return document("weapon" if entity.kind == "weapon" else "actor", lines)


class Output:
    """Writes the generated records under ``root/data``."""

    def __init__(self, maker: DossierMaker, root: Path) -> None:
        self.m = maker
        self.rng = maker.rng
        self.data = root / "data"

    def write_all(self) -> None:
        for kind in ("actors", "weapons", "events", "articles"):
            (self.data / kind).mkdir(parents=True, exist_ok=True)
        names = {e.id: e for e in (*self.m.actors, *self.m.weapons)}
        for entity in (*self.m.actors, *self.m.weapons):
            folder = "weapons" if entity.kind == "weapon" else "actors"
            self.put(f"{folder}/{entity.id}.yaml", entity_file(entity, self.description(
                entity, names)))
        for draft in self.m.articles:
            self.write_article(draft)
        for event in self.m.events:
            self.put(f"events/{event.id}.yaml", self.event_file(event))

    def put(self, relative: str, text: str) -> None:
        (self.data / relative).write_text(text, encoding="utf-8", newline="\n")

    def description(self, entity: Entity, names: dict[str, Entity]) -> str:
        """Two or three sentences of Markdown, sometimes with a link to a source."""
        w = self.m.writer
        country = names[entity.country] if entity.country else None
        where = Ref(country.article, country.name).de if country else "international"
        first = {
            "state": f"État dont la capitale est {entity.short}.",
            "person": f"{entity.role or 'Responsable'}, souvent cité dans les articles du "
                      "dossier.",
            "organisation": f"Organisme {where}, connu sous le sigle {entity.short}.",
            "weapon": f"{entity.category} {where}, désigné {entity.short}.",
        }[entity.kind]
        more = w.fill(self.rng.choice(FILLERS), {"A": entity} if entity.kind != "weapon"
                      else {"W": entity})
        link = (f" Voir [la fiche de référence](https://www.exemple-defense.fr/fiches/"
                f"{entity.id}).") if self.rng.random() < 0.1 else ""
        return f"{first} {more}{link}"

    def write_article(self, draft: ArticleDraft) -> None:
        text = draft.text()
        self.put(f"articles/{draft.id}.txt", text)
        paragraphs = split_paragraphs(text)
        lines = [f"title: {scalar(draft.title)}", f'published: "{draft.published.iso}"']
        lines += folded("published_basis", f"Date indiquée par le média ; l'article a été "
                        f"publié {draft.published.phrase()}.", 0)
        lines.append("language: fr")
        if self.rng.random() < 0.7:
            lines.append(f"outlet: {scalar(self.rng.choice(OUTLETS))}")
        if self.rng.random() < 0.5:
            lines.append(f"author: {scalar(self.rng.choice(AUTHORS))}")
        if self.rng.random() < 0.5:
            lines.append(f"url: https://www.exemple-presse.fr/international/"
                         f"{draft.published.year}/{draft.id}")
        lines.append(f"source_file: {self.rng.randrange(1000):03d}_{self.rng.getrandbits(64):016x}"
                     ".txt")
        once = occurs_once(paragraphs)
        lines += self.annotations(paragraphs, once)
        for event in draft.events:
            event.citations.append(self.citation(draft, event, once))
        self.put(f"articles/{draft.id}.yaml", document("article", lines))

    def annotations(self, paragraphs: Paragraphs, once: Callable[[str], bool]) -> list[str]:
        """Zero to three notes on passages of distinct paragraphs, each found where it is."""
        shown = paragraphs.shown()
        picks = self.rng.sample(shown, min(len(shown), self.rng.choice((0, 0, 1, 1, 2, 3))))
        lines: list[str] = []
        for _, text in sorted(picks):
            quote = self.passage(text)
            if not once(quote):
                continue  # words said elsewhere too: which occurrence would the note mean?
            kind = self.rng.choice(("note", "correction", "context"))
            lines += [f"  - quote: {_quoted(quote)}", f"    kind: {kind}"]
            lines += folded("note", self.rng.choice(NOTES), 4)
        return ["annotations:", *lines] if lines else []

    def passage(self, text: str) -> str:
        """A few words of ``text``: a clause between punctuation, or the whole sentence."""
        pieces = [p.strip() for p in re.split(r"[,.;]\s", text) if len(p.strip()) > 20]
        return self.rng.choice(pieces) if pieces else text.strip()

    def citation(self, draft: ArticleDraft, event: Event,
                 once: Callable[[str], bool]) -> tuple[str, str, str | None]:
        """The event's sentence in this article, quoted verbatim (or nearly: see below)."""
        sentence = draft.style(draft.sentences[id(event)])
        quote = sentence if self.rng.random() < 0.6 else self.passage(sentence)
        if not once(quote):
            quote = sentence  # part of a filler sentence also said elsewhere in the article
        if draft.curly and self.rng.random() < 0.05:
            quote = quote.replace("\u2019", "'")  # typed with a straight apostrophe: a note
        note = self.rng.choice(NOTES) if self.rng.random() < 0.2 else None
        return draft.id, quote, note

    def event_file(self, event: Event) -> str:
        w, cast = self.m.writer, self.m.cast(event)
        title = event.title
        lines = [f"title: {scalar(title)}", f'date: "{event.date.iso}"']
        if event.qualifier:
            lines.append(f"date_qualifier: {event.qualifier}")
        if event.date_end:
            lines.append(f'date_end: "{event.date_end.iso}"')
        lines += folded("date_basis", self.rng.choice(DATE_BASES), 0)
        if event.planned:
            lines.append("status: planned")
        lines += folded("summary", f"{title}. {w.fill(self.rng.choice(FILLERS), cast)}", 0)
        lines += ["places:", f"  - {scalar(event.place)}"]
        lines += ["actors:", *(f"  - {a.id}" for a in event.actors)]
        lines += ["weapons:", *(f"  - {a.id}" for a in event.weapons)]
        lines.append("sources:")
        for article, quote, note in event.citations:
            lines += [f"  - article: {article}", f"    quote: {_quoted(quote)}"]
            if note:
                lines += folded("note", note, 4)
        if self.rng.random() < 0.3:
            lines += ["notes:", f"  - {_quoted(self.rng.choice(NOTES))}"]
        return document("event", lines)


def occurs_once(paragraphs: Paragraphs) -> Callable[[str], bool]:
    """A test of whether a passage occurs exactly once in the shown paragraphs (a repeated
    run, not shown, counts once, as the site shows it once): a quote must point at one place,
    and filler sentences recur within an article.

    Words are compared without case, accents or punctuation: looser than any way ``check``
    matches a quote, so a passage found once here is found once there too. Callers drop or
    widen a passage that fails the test without a new random draw, so a dossier in which
    nothing recurs is the same as before the test existed.
    """
    texts = [f" {_words(text)} " for _, text in paragraphs.shown()]

    def once(passage: str) -> bool:
        wanted = f" {_words(passage)} "
        return sum(text.count(wanted) for text in texts) == 1

    return once


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold_id(text)))


NOTES = (
    "Selon d'autres sources, la date exacte reste incertaine.",
    "Formulation reproduite telle quelle ; l'article ne cite pas sa source.",
    "Coquille probable de la source, reproduite telle quelle.",
    "Le chiffre avancé par l'article n'est confirmé par aucune autre source.",
    "Il s'agit vraisemblablement de la même rencontre que celle évoquée plus haut.",
    "Contexte : les négociations avaient commencé l'année précédente.",
)
DATE_BASES = (
    "Date donnée par l'article.",
    "Date déduite du jour de la semaine cité par l'article et de sa date de publication.",
    "L'article ne donne que le mois ; d'autres sources confirment l'année.",
    "Date approximative : les articles divergent de quelques jours.",
)


# -- entry points ----------------------------------------------------------------------------


def generate(root: Path, records: int, seed: int = 1) -> Counts:
    """Write a valid synthetic dossier of ``records`` records into ``root/data``.

    Refuses to write into a ``data/`` folder that already has files, so it can never
    mix with (or overwrite) a real dossier.
    """
    data = root / "data"
    if data.exists() and any(data.iterdir()):
        raise FileExistsError(f"{data} is not empty; generate into a new folder")
    counts = counts_for(records)
    maker = DossierMaker(counts, seed)
    Output(maker, root).write_all()
    return counts


def main(argv: Sequence[str] | None = None, out: Callable[[str], object] = print) -> int:
    """``python -m benchmarks.synthetic OUT --records N --seed S``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="project folder; data/ is created inside")
    parser.add_argument("--records", type=int, default=1000, help="N = all records")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = generate(args.root, args.records, args.seed)
    out(f"{counts.total} records: {counts.articles} articles, {counts.events} events, "
        f"{counts.actors} actors, {counts.weapons} weapons in {args.root / 'data'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
