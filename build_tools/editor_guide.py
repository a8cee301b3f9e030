"""The editors' page, "Modifier le dossier", generated from the field table and the codes.

Nothing here is written by hand twice: the field reference comes from
:data:`build_tools.schema.FIELDS` (the table validation uses) and the error codes from
:data:`build_tools.problems.CODES`. Plain text goes through :func:`mdtext.literal`;
examples go in fenced code blocks, whose content Markdown never interprets.
"""

from __future__ import annotations

import re

from build_tools.mdtext import Md, literal, markdown_field
from build_tools.model import Kind
from build_tools.paths import PagePath
from build_tools.problems import CODES, EXIT_CODES, Severity
from build_tools.schema import FIELDS, Field, FieldType, modeline
from build_tools.typography import french_spacing

GUIDE_PAGE = PagePath("modifier-le-dossier/index.md")
# The guide's section on references; the « source à préciser » marker links to it.
SOURCES_ANCHOR = "citer-ses-sources"

_KIND_NAMES = {Kind.ACTOR: "acteur", Kind.WEAPON: "système d'armes", Kind.EVENT: "événement",
               Kind.ARTICLE: "article"}
SEVERITY_NAMES = {Severity.ERROR: "erreur", Severity.WARNING: "avertissement",
                   Severity.NOTE: "information"}
_RECORD_TITLES = {
    Kind.ACTOR: "Acteur : data/actors/<identifiant>.yaml",
    Kind.WEAPON: "Système d'armes : data/weapons/<identifiant>.yaml",
    Kind.EVENT: "Événement : data/events/<identifiant>.yaml",
    Kind.ARTICLE: "Article : data/articles/<identifiant>.yaml",
}

# Worked examples. tests/test_schema.py checks that together they form a valid dossier
# (with the actors turquie and russie and the weapon s-400 that the real dossier has).
EXAMPLE_ACTOR = f"""{modeline(Kind.ACTOR)}
name: Ministère turc de la Défense
kind: organisation
aliases:
  - ministère de la Défense turc
country: turquie
role: Ministère chargé des forces armées turques
description: >-
  Ministère de la Défense nationale de la République de Turquie.
"""
EXAMPLE_ARTICLE_TEXT = (
    "Ankara, 13 juillet 2019. Les premiers éléments du système S-400 sont arrivés vendredi "
    "sur la base aérienne de Mürted, près d’Ankara, a annoncé le ministère turc de la "
    "Défense.\n"
    "D’autres livraisons doivent suivre dans les prochains jours, selon le ministère.\n"
)
EXAMPLE_ARTICLE = f"""{modeline(Kind.ARTICLE)}
title: Les premiers éléments du S-400 arrivent en Turquie
published: "2019-07-13"
published_basis: Date indiquée en tête de l’article.
language: fr
annotations:
  - quote: "sur la base aérienne de Mürted"
    kind: context
    note: >-
      Base située au nord-ouest d’Ankara.
no_link:
  - text: Ankara
    paragraph: 1
"""
EXAMPLE_EVENT = f"""{modeline(Kind.EVENT)}
title: Les premiers éléments du S-400 arrivent en Turquie
date: "2019-07-12"
date_basis: >-
  « vendredi » dans l’article daté du samedi 13 juillet 2019.
summary: >-
  Les premiers éléments du système S-400 sont livrés sur la base aérienne de Mürted.
places:
  - Base aérienne de Mürted
actors:
  - ministere-turc-de-la-defense
  - turquie
  - russie
weapons:
  - s-400
sources:
  - article: livraison-s-400-2019
    quote: "Les premiers éléments du système S-400 sont arrivés vendredi"
    note: >-
      L’article ne dit pas combien d’éléments ont été livrés.
notes:
  - >-
    Note de la rédaction, tirée d’autres sources que les articles du dossier.
"""
EXAMPLE_FILES = {
    "data/actors/ministere-turc-de-la-defense.yaml": EXAMPLE_ACTOR,
    "data/articles/livraison-s-400-2019.txt": EXAMPLE_ARTICLE_TEXT,
    "data/articles/livraison-s-400-2019.yaml": EXAMPLE_ARTICLE,
    "data/events/premieres-livraisons-s-400-2019.yaml": EXAMPLE_EVENT,
}


def editor_guide() -> dict[PagePath, str]:
    """The "Modifier le dossier" page, as ``{page path: Markdown}``."""
    parts = [_INTRO, _how_to(), _quotes(), _sources(), _status(), _updates(), _citing(),
             _field_reference(), _checking(), _codes()]
    # French spacing (before « : ; ! ? », inside « »); code, examples and URLs stay as typed.
    return {GUIDE_PAGE: french_spacing("\n".join(parts).rstrip("\n") + "\n")}


def code_block(text: str, language: str = "") -> str:
    """A fenced block showing ``text`` verbatim, whatever backticks it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip(chr(10))}\n{fence}\n"


def code_span(text: str) -> str:
    """An inline code span showing ``text`` verbatim (it wraps, unlike a code block)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


_INTRO = """\
# Modifier le dossier

Le site est fabriqué à partir des fichiers du dossier `data/` : une fiche YAML par acteur,
système d'armes, événement ou article, et le texte de chaque article. On ne modifie jamais
les pages du site elles-mêmes : on modifie les fiches, puis on vérifie et on reconstruit.

- `data/actors/` : personnes, États, organisations ;
- `data/weapons/` : systèmes d'armes ;
- `data/events/` : événements datés, chacun appuyé par au moins une citation ;
- `data/articles/` : pour chaque article, le texte (`.txt`) et sa fiche (`.yaml`).

Le nom du fichier est l'**identifiant** de la fiche : lettres minuscules sans accent,
chiffres et tirets simples (`recep-tayyip-erdogan`, `s-400`). C'est lui qu'on écrit pour
désigner la fiche depuis une autre. `index` est réservé : c'est la page d'accueil de chaque
rubrique.

Deux commandes, depuis le dossier du projet :

- `python -m build_tools check` vérifie tout et signale chaque problème, sans rien écrire ;
- `python -m build_tools serve` construit le site, l'affiche sur `http://127.0.0.1:8000`
  et le met à jour à chaque enregistrement ; une erreur s'affiche aussi en haut de chaque
  page du navigateur (fichier et ligne), jusqu'à ce qu'elle soit corrigée. Il démarre
  en quelques secondes quand `make site` a construit le site depuis la dernière
  modification ; sinon il construit d'abord toutes les pages (plusieurs minutes pour un
  grand dossier).

`serve` (comme `build`) met aussi à jour les schémas de l'éditeur (`schemas/`) : après
l'ajout d'une fiche, l'éditeur propose son identifiant. Tant qu'ils ne sont pas à jour,
`check` le signale par une information (`note`), qui n'empêche pas de publier, même avec
`--strict`.

Dans VS Code, installez l'extension « YAML » de Red Hat : grâce à la première ligne de
chaque fiche (`# yaml-language-server: $schema=…`, à ne pas supprimer), l'éditeur
souligne les erreurs et propose les champs et les identifiants pendant la saisie.
"""

EXAMPLE_SEARCH_ALIASES = """\
name: Turquie
kind: state
search_aliases:
  - Turkey
  - Ankara    # recherche seulement : les mentions d'« Ankara » renvoient à la fiche de la ville
"""


def _how_to() -> str:
    return f"""\
## Ajouter un acteur

Créez `data/actors/ministere-turc-de-la-defense.yaml` :

{code_block(EXAMPLE_ACTOR, "yaml")}
`kind` vaut `person`, `state` ou `organisation`. Les autres graphies (`aliases`) servent
à repérer les mentions de l'acteur dans les articles : casse, accents, apostrophes et
tirets sont gérés automatiquement. Un système d'armes (`data/weapons/`) se décrit de la
même façon, avec `category` au lieu de `kind` et, au besoin, `manufacturer`.

## Ajouter un article

Un article, ce sont deux fichiers de même nom. Le texte, **copié à l'identique** (un
paragraphe par ligne, fautes comprises), dans `data/articles/livraison-s-400-2019.txt` :

{code_block(EXAMPLE_ARTICLE_TEXT, "text")}
Puis sa fiche, `data/articles/livraison-s-400-2019.yaml` :

{code_block(EXAMPLE_ARTICLE, "yaml")}
N'inventez rien : omettez `outlet`, `author` ou `url` s'ils sont inconnus, et dites dans
`published_basis` comment la date est connue.

## Ajouter un événement et citer un passage

Créez `data/events/premieres-livraisons-s-400-2019.yaml` :

{code_block(EXAMPLE_EVENT, "yaml")}
Chaque entrée de `sources` cite un passage **copié mot pour mot** d'un article, dans un
seul paragraphe. La vérification le retrouve dans le texte et signale une citation
introuvable en montrant le passage le plus proche. Seules différences tolérées :
apostrophes et guillemets droits ou typographiques, espaces (multiples ou insécables) et
forme des accents. Le passage ne doit figurer qu'une fois dans l'article, sans quoi on ne
saurait pas lequel est visé : citez au besoin quelques mots de plus.

Dites dans `date_basis` comment la date a été établie (« vendredi » dans un article du
samedi 13 juillet, etc.). Une date incertaine prend `date_qualifier` : `circa` (vers),
`before` (avant), `after` (après) ou `between` (entre `date` et `date_end`).

## Ajouter une note

Les notes de la rédaction restent séparées des faits sourcés. Il y en a trois sortes :

- sur un **passage d'article** : une entrée d'`annotations` dans la fiche de l'article
  (`quote` : le passage, copié mot pour mot ; `kind` : `note`, `correction` ou `context` ;
  `note` : le texte de la note) ;
- sur une **citation** d'un événement : le champ `note` de l'entrée de `sources` ;
- sur un **événement** : la liste `notes`, pour le contexte venu d'autres sources.

Une note tirée d'autres sources cite ses références : voir « Citer ses sources » ci-dessous.

Les notes et descriptions acceptent le Markdown (`*italique*`, `**gras**`, listes, liens
`[texte](https://…)`), mais pas le HTML. Un lien vers une fiche du dossier s'écrit avec le
dossier de sa rubrique et son identifiant : `[la Turquie](../acteurs/turquie.md)`,
`[le S-400](../systemes-d-armes/s-400.md)`, `[l'accord](../evenements/identifiant.md)`,
`[l'article](../articles/identifiant.md)`.

Tapez les espaces ordinaires : le site met une espace fine insécable avant « : ; ! ? » et à
l'intérieur des guillemets dans les titres d'événements, résumés, notes, descriptions et
explications de dates. Le texte des articles et les citations restent tels quels, comme le
code entre accents graves et les adresses.

## Empêcher un lien automatique

Si un nom est repéré à tort dans un article (un homonyme, une ville prise pour un État),
ajoutez une entrée `no_link` à la fiche de l'article, avec le texte tel qu'il apparaît
et, au besoin, le numéro du paragraphe (les paragraphes sont les lignes non vides du
texte, numérotées à partir de 1).

## Homonymes, doublons, dates incertaines et événements annoncés

**Deux fiches, un même nom.** Pour repérer les mentions, casse, accents, apostrophes et
tirets ne comptent pas, et un tiret vaut une espace (« état-major turc » trouve « état
major turc »). Si un nom ou une graphie d'une fiche est aussi celui d'une autre fiche
(une seconde fiche « Erdogan » à côté de `recep-tayyip-erdogan`), la vérification
s'arrête sur une erreur [`shared-alias`](#shared-alias) qui nomme les deux fichiers :
chaque mention ne peut renvoyer qu'à une fiche. Fusionnez les fiches si elles décrivent
la même chose ; sinon changez ou retirez la graphie dans l'une, ou déplacez-la dans
`search_aliases` :

{code_block(EXAMPLE_SEARCH_ALIASES, "yaml")}
Les graphies de `search_aliases` sont affichées sur la fiche et trouvées par la
recherche, mais ne créent jamais de lien (c'est aussi la place d'un nom étranger comme
« Turkey »).

**Doublon probable.** Deux fiches dont les noms ne diffèrent que par les accents ou
l'ordre des mots (« Erdogan Recep Tayyip ») donnent un avertissement
[`probable-duplicate`](#probable-duplicate). Si ce sont bien deux choses distinctes,
dites-le dans l'une des fiches : `distinct_from: [identifiant-de-l-autre]`.

**Identifiant mal placé.** Sous `actors`, `weapons` ou `article`, on écrit un
identifiant, pas un nom ni un titre : si vous tapez `Recep Tayyip Erdoğan` ou le titre
d'un article, le message donne l'identifiant à écrire ; un système d'armes rangé sous
`actors` est signalé avec le champ où le mettre.

**Date de publication incertaine.** Comme pour un événement, `published_qualifier` vaut
`circa`, `before`, `after` (« après le 17 juillet 2019 ») ou `between` (entre
`published` et `published_end`).

**Événement annoncé.** Un événement dont la date est postérieure à la publication de
tous les articles qui le citent est signalé ([`date-after-sources`](#date-after-sources)) :
c'est souvent une faute de frappe. Mais un article annonce parfois une livraison à venir :
ajoutez alors `status: planned` à l'événement, qui sera affiché « annoncé » sur sa page,
dans la chronologie et dans les listes. Une année avant 1900 ou au-delà de l'an prochain
est aussi signalée ([`year-out-of-range`](#year-out-of-range)).
"""


# A quote whose article writes straight quotes, in the two ways YAML can hold it
# (tests/test_quote_messages.py checks that both give QUOTE_WITH_QUOTES).
QUOTE_WITH_QUOTES = 'l’achat des systèmes anti-missiles "S-400" à la Russie'
EXAMPLE_SINGLE_QUOTED = """\
sources:
  - article: livraison-s-400-2019
    quote: 'l’achat des systèmes anti-missiles "S-400" à la Russie'
"""
EXAMPLE_BLOCK = """\
sources:
  - article: livraison-s-400-2019
    quote: >-
      l’achat des systèmes anti-missiles "S-400" à la Russie
"""
EXAMPLE_NOT_FOUND = (
    'data/events/signature-accord-s-400.yaml:13:12: error: quote not found in '
    'data/articles/accord-s-400.txt; closest, in paragraph 2: "…Selon lui⟦…⟧ la '
    'Turquie…"; you typed \'...\' (three FULL STOPs) where the text has \'…\' (U+2026 '
    'HORIZONTAL ELLIPSIS) [quote-not-found]')


def _quotes() -> str:
    return f"""\
## Guillemets droits dans une citation

Une valeur entre guillemets droits, `"…"`, s'arrête au guillemet droit suivant. Quand la
citation en contient elle-même (un article qui écrit `"S-400"`), la vérification répond
*this value contains "* : écrivez la valeur **entre apostrophes droites** (une apostrophe
droite `'` s'y écrit alors deux fois, `''` ; l'apostrophe typographique `’` ne demande
rien) :

{code_block(EXAMPLE_SINGLE_QUOTED, "yaml")}
ou **après `>-`**, sur la ligne suivante, en retrait par rapport au nom du champ ; rien
n'y est à doubler (plusieurs lignes sont réunies par une espace) :

{code_block(EXAMPLE_BLOCK, "yaml")}
De même, une valeur entre apostrophes droites `'…'` qui contient une apostrophe droite
(*this value contains '*) : doublez-la (`'l''armée'`), ou mettez la valeur entre
guillemets droits ou après `>-`. Les guillemets « » et “ ” ne posent jamais problème.

## Quand une citation est introuvable

Le message montre le passage le plus proche et son numéro de paragraphe, marque la
première différence entre ⟦ ⟧ et nomme les caractères en cause : ce que vous avez tapé
(*you typed*) et ce que contient le texte (*the text has*).

{code_block(EXAMPLE_NOT_FOUND, "text")}
Ici, trois points ont été tapés là où l'article a le caractère « … ». Corrigez la
citation, jamais le texte de l'article : il reste tel qu'il a été reçu. Si le texte
contient un caractère invisible (signalé par une information `invisible-character`, avec
sa ligne et sa colonne dans le `.txt`), la citation est trouvée avec ou sans lui : la
recherche des citations ignore les caractères invisibles. Un caractère invisible tapé dans
la citation est nommé avec sa ligne et sa colonne dans la fiche (information
`quote-normalised`) : vous pouvez le supprimer.
"""


# An excerpt of an event (real sources of the dossier): tests/test_references.py checks
# that it is valid once completed into a whole event.
EXAMPLE_REFERENCES = """\
date_basis: >-
  L'article dit « mercredi » ; d'autres sources datent le décret du mercredi 31 mai 2017.
date_basis_references:
  - sputnik-2017-05-31
notes:
  - Une note qui ne cite rien reste un simple texte.
  - note: >-
      Les premières livraisons de S-400 à la Turquie ont commencé le 12 juillet 2019.
    references:
      - sputnik-2019-07-12
      - rferl-2019-07-17
references:
  - key: sputnik-2017-05-31
    title: Putin Signs Decree Partially Lifting Economic Restrictions Against Turkey
    outlet: Sputnik
    date: "2017-05-31"
    url: https://sputnikglobe.com/20170531/putin-turkey-restrictions-lifted-1054151368.html
  - key: sputnik-2019-07-12
    title: >-
      First Shipment of Russian S-400 Missile Systems Delivered to Turkey - Turkish
      Defence Ministry
    outlet: Sputnik
    date: "2019-07-12"
    url: https://sputniknews.com/military/201907121076223480-first-shipment-of-russian-s-400-missile-systems-delivered-to-turkey---turkish-defence-ministry/
  - key: rferl-2019-07-17
    outlet: Radio Free Europe/Radio Liberty
    date: "2019-07-17"
    url: https://www.rferl.org/a/u-s-removing-nato-ally-turkey-from-stealth-fighter-jet-program/30061516.html
"""


def _sources() -> str:
    return f"""\
## Citer ses sources {{#{SOURCES_ANCHOR}}}

Une note de la rédaction qui s'appuie sur **d'autres sources** que les articles du dossier
(« selon d'autres sources, le décret est daté du 31 mai 2017 ») doit dire lesquelles, pour
que le lecteur puisse vérifier. Comme les références nommées de Wikipédia, une source se
décrit **une fois** dans la liste `references` de la fiche (événement ou article), sous une
clé, puis chaque note la cite par cette clé :

{code_block(EXAMPLE_REFERENCES, "yaml")}
- Une référence donne au moins un titre (`title`) ou une adresse (`url`), et si possible
  le média (`outlet`), la date (`date`, comme les autres dates) et une copie archivée
  (`archive_url`). N'inventez rien : ne notez que ce que vous avez lu dans la source.
- Ce qui cite : `references` dans une entrée d'`annotations` (fiche d'article), dans une
  entrée de `sources` (pour sa `note`) ou dans une entrée de `notes` (événement) ;
  `date_basis_references` pour `date_basis` ; `published_basis_references` pour
  `published_basis`. Une même référence peut appuyer plusieurs notes du fichier.
- Une note d'événement est soit un simple texte, soit une entrée `note:` suivie de
  `references:` (voir l'exemple).
- Sur le site, les références s'affichent à la suite de la note qu'elles appuient :
  titre (lien vers la source), média, date et lien vers l'archive.

### Source à préciser

Tant qu'une note qui s'appuie sur d'autres sources n'en cite aucune, le site affiche à sa
suite la mention **[source à préciser]**, comme « référence nécessaire » sur Wikipédia.
Ce n'est pas une erreur : la vérification reste verte, on peut publier aujourd'hui et
sourcer demain. La commande `python -m build_tools status` liste ces notes.

Qui s'appuie sur d'autres sources ? Par défaut, les annotations de type `correction` et
`context` et les notes d'événement (`notes`) ; pas les annotations de type `note`, les notes
de citation, `date_basis` ni `published_basis`. Pour dire le contraire, ajoutez à la note
`rests_on: other-sources` (elle s'appuie sur d'autres sources) ou `rests_on: articles`
(elle ne s'appuie que sur les articles du dossier, comme la correction d'une coquille) ;
pour une date, `date_basis_rests_on` ou `published_basis_rests_on`. Une note qui cite une
référence est sourcée, quelle que soit la valeur de `rests_on`.
"""


def _status() -> str:
    return """\
## État du dossier

`python -m build_tools status` affiche un état du dossier pour la rédaction (il n'est pas
publié) : nombre de fiches par type, problèmes signalés par la vérification, notes « source à
préciser », événements appuyés par un seul article et fiches qu'aucun événement n'utilise.
Sous `python -m build_tools serve`, le même état s'affiche dans le navigateur.
"""


def _updates() -> str:
    return """\
## Dates de mise à jour

Chaque fiche affiche « Mis à jour le 8 avril 2019 » : la date du dernier commit git qui a
modifié son fichier de données (pour un article, le plus récent de son `.txt` et de son
`.yaml`). La page « Dernières mises à jour » (menu À propos) liste les 100 derniers ajouts et
modifications, du plus récent au plus ancien. Une modification pas encore enregistrée dans git
(commit) n'a pas de date : la ligne disparaît de la fiche jusqu'au commit, plutôt que
d'afficher une date fausse. Un site construit sans l'historique complet (copie sans `.git`,
clone « shallow ») n'affiche aucune date.
"""


def _citing() -> str:
    """Issue 11: « Citer cette page » and the page descriptions (build_tools/pagemeta.py)."""
    # Imported here: pagemeta imports views, which imports this module.
    from build_tools.pagemeta import DESCRIPTION_LENGTH

    return f"""\
## Citer une fiche, décrire une page

Chaque fiche (événement, acteur, système d'armes, article) se termine par « Citer cette
page » : un lien permanent et une citation toute prête (titre, nom du dossier, date de
dernière modification quand elle est connue, adresse, date de consultation ajoutée par le
navigateur du lecteur).

Le début du résumé d'une fiche est aussi la description de sa page, celle que montrent les
moteurs de recherche et les aperçus de lien : `summary` pour un événement, `description`
pour un acteur ou un système d'armes, la première phrase du texte pour un article, en texte
brut (sans mise en forme), coupée à {DESCRIPTION_LENGTH} caractères. Mettez l'essentiel
dans la première phrase.
"""


def _field_reference() -> str:
    lines = ["## Référence des champs", "",
             "Générée à partir de la table des champs du générateur ; les mêmes règles "
             "alimentent la vérification et les schémas de l'éditeur.", ""]
    for kind in Kind:
        lines += [f"### {literal(_RECORD_TITLES[kind])}", "", *_field_table(FIELDS[kind])]
        for f in FIELDS[kind]:
            if f.item:
                lines += [f"#### {literal(_KIND_NAMES[kind].capitalize())} : entrées de "
                          f"`{f.name}`", "", *_field_table(f.item)]
    return "\n".join(lines)


def _field_table(fields: tuple[Field, ...]) -> list[str]:
    rows = ["| Champ | Obligatoire | Valeur | Description |", "|:--|:--|:--|:--|"]
    for f in fields:
        required = "oui" if f.required else "non"
        rows.append(f"| `{f.name}` | {required} | {literal(type_label(f))} | "
                    f"{literal(f.doc)} |")
    return [*rows, ""]


# What each field type holds, in French; types whose label names kinds or choices are in
# type_label itself.
_TYPE_LABELS = {
    FieldType.TEXT: "texte",
    FieldType.MARKDOWN: "texte Markdown (sans HTML)",
    FieldType.DATE: "date « AAAA-MM-JJ », « AAAA-MM » ou « AAAA »",
    FieldType.TEXTS: "liste de textes",
    FieldType.MARKDOWNS: "liste de textes Markdown",
    FieldType.URL: "adresse http:// ou https://",
    FieldType.LANGUAGE: "code de langue à deux lettres (fr, en…)",
    FieldType.INTEGER: "nombre entier, à partir de 1",
    FieldType.KEY: "clé de référence (minuscules, chiffres, tirets)",
    FieldType.KEYS: "liste de clés de références de ce fichier",
    FieldType.NOTES: "liste de textes Markdown, ou d'entrées (voir ci-dessous)",
}


def type_label(f: Field) -> str:
    """What a field holds, in French, for the field reference."""
    kinds = " ou ".join(_KIND_NAMES[k] for k in f.refs)
    match f.type:
        case FieldType.CHOICE:
            return f"une valeur parmi : {', '.join(f.choices)}"
        case FieldType.REF:
            return f"identifiant ({kinds})"
        case FieldType.REFS:
            return f"liste d'identifiants ({kinds})"
    return _TYPE_LABELS.get(f.type, "liste d'entrées (voir ci-dessous)")


def _checking() -> str:
    rows = "\n".join(f"| {code} | {literal(text)} |" for code, text in EXIT_CODES.items())
    example = f"{CODES['unknown-ref'].example}\n1 error, 0 warnings — nothing was written."
    return f"""\
## Vérifier et corriger

`python -m build_tools check` (et `build`, qui vérifie avant d'écrire) signale **tous** les
problèmes en une fois, un par ligne, puis fait le compte :

{code_block(example, "text")}
Chaque ligne donne le fichier, la ligne et la colonne, la gravité, le problème (en
anglais) et, entre crochets, un code expliqué ci-dessous. Tant qu'il reste une erreur, rien
n'est écrit : le site en ligne reste tel qu'il était. Les avertissements n'empêchent pas
la construction, sauf avec l'option `--strict` ; les informations ne demandent rien.

Avant de supprimer ou de renommer une fiche, sachez que les pages de `docs/` écrites à la
main (l'accueil, « À propos »…) peuvent renvoyer vers sa page : `check` signale alors
chacun de ces liens avec la ligne de la page à corriger ([`dead-link`](#dead-link)).

| Code de sortie | Signification |
|:--|:--|
{rows}
"""


def _codes() -> str:
    lines = ["## Les codes d'erreur", "",
             "| Code | Gravité | Problème |", "|:--|:--|:--|"]
    for code, doc in CODES.items():
        lines.append(f"| [`{code}`](#{code}) | {SEVERITY_NAMES[doc.severity]} | "
                     f"{literal(doc.title)} |")
    lines.append("")
    for code, doc in CODES.items():
        lines += [f"### `{code}` {{#{code}}}", "", Md(literal(doc.title)), "",
                  f"Exemple : {code_span(doc.example)}", "", markdown_field(doc.fix), ""]
    return "\n".join(lines)
