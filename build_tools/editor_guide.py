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

_KIND_NAMES = {Kind.ACTOR: "acteur", Kind.WEAPON: "système d'armes", Kind.EVENT: "événement",
               Kind.ARTICLE: "article"}
_SEVERITY_NAMES = {Severity.ERROR: "erreur", Severity.WARNING: "avertissement",
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
    parts = [_INTRO, _how_to(), _field_reference(), _checking(), _codes()]
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
désigner la fiche depuis une autre.

Trois commandes, depuis le dossier du projet :

- `python -m build_tools check` vérifie tout et signale chaque problème, sans rien écrire ;
- `python -m build_tools serve` construit le site, l'affiche sur `http://127.0.0.1:8000`
  et le met à jour à chaque enregistrement ; une erreur s'affiche aussi en haut de chaque
  page du navigateur (fichier et ligne), jusqu'à ce qu'elle soit corrigée ;
- `python -m build_tools schemas` met à jour les schémas de l'éditeur après l'ajout d'une
  fiche.

Dans VS Code, installez l'extension « YAML » de Red Hat : grâce à la première ligne de
chaque fiche (`# yaml-language-server: $schema=…`, à ne pas supprimer), l'éditeur
souligne les erreurs et propose les champs et les identifiants pendant la saisie.
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
forme des accents.

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
"""


def _field_reference() -> str:
    lines = ["## Référence des champs", "",
             "Générée à partir de la table des champs du générateur ; les mêmes règles "
             "alimentent la vérification et les schémas de l'éditeur.", ""]
    for kind in Kind:
        lines += [f"### {literal(_RECORD_TITLES[kind])}", "", *_field_table(FIELDS[kind])]
        for f in FIELDS[kind]:
            if f.type is FieldType.ITEMS:
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


def type_label(f: Field) -> str:
    """What a field holds, in French, for the field reference."""
    kinds = " ou ".join(_KIND_NAMES[k] for k in f.refs)
    match f.type:
        case FieldType.TEXT:
            return "texte"
        case FieldType.MARKDOWN:
            return "texte Markdown (sans HTML)"
        case FieldType.DATE:
            return "date « AAAA-MM-JJ », « AAAA-MM » ou « AAAA »"
        case FieldType.CHOICE:
            return f"une valeur parmi : {', '.join(f.choices)}"
        case FieldType.REF:
            return f"identifiant ({kinds})"
        case FieldType.REFS:
            return f"liste d'identifiants ({kinds})"
        case FieldType.TEXTS:
            return "liste de textes"
        case FieldType.MARKDOWNS:
            return "liste de textes Markdown"
        case FieldType.URL:
            return "adresse http:// ou https://"
        case FieldType.LANGUAGE:
            return "code de langue à deux lettres (fr, en…)"
        case FieldType.INTEGER:
            return "nombre entier, à partir de 1"
    return "liste d'entrées (voir ci-dessous)"


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

| Code de sortie | Signification |
|:--|:--|
{rows}
"""


def _codes() -> str:
    lines = ["## Les codes d'erreur", "",
             "| Code | Gravité | Problème |", "|:--|:--|:--|"]
    for code, doc in CODES.items():
        lines.append(f"| [`{code}`](#{code}) | {_SEVERITY_NAMES[doc.severity]} | "
                     f"{literal(doc.title)} |")
    lines.append("")
    for code, doc in CODES.items():
        lines += [f"### `{code}` {{#{code}}}", "", Md(literal(doc.title)), "",
                  f"Exemple : {code_span(doc.example)}", "", markdown_field(doc.fix), ""]
    return "\n".join(lines)
