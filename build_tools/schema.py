"""What each data file may contain: one table that drives validation and the JSON Schemas.

Editors see these descriptions in their editor (JSON Schema) and on the
"Modifier le dossier" page, so they are written in French.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from build_tools.model import KINDS, Kind


class FieldType(StrEnum):
    """How a field's value is read."""

    TEXT = "text"  # plain text, rendered literally
    MARKDOWN = "markdown"  # Markdown without raw HTML
    DATE = "date"  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    CHOICE = "choice"  # one of ``choices``
    REF = "ref"  # the id of a record of one of ``refs``
    REFS = "refs"  # a list of such ids
    TEXTS = "texts"  # a list of plain texts
    MARKDOWNS = "markdowns"  # a list of Markdown texts
    URL = "url"  # an http(s) URL
    LANGUAGE = "language"  # a two-letter language code
    INTEGER = "integer"  # a positive whole number
    ITEMS = "items"  # a list of mappings described by ``item``
    KEY = "key"  # the key of a reference defined in the same file
    KEYS = "keys"  # a list of such keys
    NOTES = "notes"  # a list of Markdown texts, or of mappings described by ``item``


@dataclass(frozen=True)
class Field:
    """One field of a data file."""

    name: str
    type: FieldType
    required: bool
    doc: str
    choices: tuple[str, ...] = ()
    refs: tuple[Kind, ...] = ()
    item: tuple[Field, ...] = ()


ENTITY_KINDS = (Kind.ACTOR, Kind.WEAPON)
ACTOR_KINDS = ("person", "state", "organisation")
DATE_QUALIFIERS = ("circa", "before", "after", "between")
ANNOTATION_KINDS = ("note", "correction", "context")

# -- references: outside sources cited by editorial notes (issue 9 §4) ----------------------
RESTS_ON = ("articles", "other-sources")
# Annotations of these kinds, and event notes, rest on other sources unless told otherwise.
KINDS_NEEDING_SOURCES = ("correction", "context")
REFERENCE_FIELDS = (
    Field("key", FieldType.KEY, True,
          "Clé de la référence, pour la citer depuis les notes de ce fichier (lettres "
          "minuscules sans accent, chiffres et tirets : tass-2017-09-12)."),
    Field("title", FieldType.TEXT, False,
          "Titre de la source, tel qu'elle le donne (un titre ou une adresse au moins)."),
    Field("outlet", FieldType.TEXT, False, "Média, agence ou institution qui publie la source."),
    Field("date", FieldType.DATE, False, "Date de publication de la source."),
    Field("url", FieldType.URL, False, "Adresse de la source (http ou https)."),
    Field("archive_url", FieldType.URL, False,
          "Adresse d'une copie archivée de la source (web.archive.org, archive.today…)."),
)
_REFERENCES = Field(
    "references", FieldType.ITEMS, False,
    "Sources extérieures aux articles du dossier, définies une fois et citées par leur clé "
    "dans les notes de ce fichier.", item=REFERENCE_FIELDS,
)


def _cites(prefix: str, what: str) -> Field:
    return Field(f"{prefix}references", FieldType.KEYS, False,
                 f"Clés des références (champ references de ce fichier) qui appuient {what}.")


def _rests_on(what: str, default: str) -> Field:
    return Field(f"{what}rests_on", FieldType.CHOICE, False,
                 "Ce sur quoi s'appuie le texte : articles (les articles du dossier) ou "
                 "other-sources (d'autres sources ; sans référence, le site affiche « source "
                 f"à préciser »). Par défaut : {default}.", choices=RESTS_ON)


EVENT_NOTE_FIELDS = (
    Field("note", FieldType.MARKDOWN, True, "Texte de la note (Markdown, sans HTML)."),
    _cites("", "la note"),
    _rests_on("", "other-sources"),
)

_ALIASES = Field(
    "aliases", FieldType.TEXTS, False,
    "Autres graphies, utilisées pour repérer les mentions dans les articles et pour la "
    "recherche. Casse, accents et variantes de tiret sont gérés automatiquement (un tiret "
    "vaut une espace) ; "
    "« (s) » final : le pluriel est aussi reconnu.",
)
# -- issue 9: names that never link, records that are distinct, planned events, article
# date uncertainty.
_SEARCH_ALIASES = Field(
    "search_aliases", FieldType.TEXTS, False,
    "Graphies pour la recherche seulement : elles ne créent jamais de lien dans les articles "
    "(un nom étranger comme « Turkey », ou une graphie qu'une autre fiche utilise déjà).",
)
_DISTINCT_FROM = Field(
    "distinct_from", FieldType.REFS, False,
    "Identifiants de fiches au nom semblable qui désignent bien autre chose (fait taire "
    "l'avertissement probable-duplicate).", refs=ENTITY_KINDS,
)
EVENT_STATUSES = ("planned",)
_STATUS = Field(
    "status", FieldType.CHOICE, False,
    "planned : l'événement est annoncé ou prévu, pas encore advenu à la date des articles "
    "(affiché « annoncé »).", choices=EVENT_STATUSES,
)
_PUBLISHED_QUALIFIER = Field(
    "published_qualifier", FieldType.CHOICE, False,
    "Incertitude sur la date de publication : circa (vers), before (avant), after (après), "
    "between (entre … et …).", choices=DATE_QUALIFIERS,
)
_PUBLISHED_END = Field(
    "published_end", FieldType.DATE, False,
    "Fin de l'intervalle, avec published_qualifier: between.",
)
# -- end of issue 9 block

_RELATED = Field(
    "related", FieldType.REFS, False,
    "Identifiants d'acteurs ou de systèmes d'armes liés.", refs=ENTITY_KINDS,
)
_DESCRIPTION = Field(
    "description", FieldType.MARKDOWN, True, "Description courte (Markdown, sans HTML)."
)

ACTOR_FIELDS = (
    Field("name", FieldType.TEXT, True, "Nom complet, tel qu'affiché en titre."),
    Field("kind", FieldType.CHOICE, True, "Type d'acteur.", choices=ACTOR_KINDS),
    _ALIASES,
    _SEARCH_ALIASES,
    Field("country", FieldType.REF, False, "Identifiant de l'État de rattachement.",
          refs=(Kind.ACTOR,)),
    Field("role", FieldType.TEXT, False, "Fonction ou rôle, en quelques mots."),
    _DESCRIPTION,
    _RELATED,
    _DISTINCT_FROM,
)

WEAPON_FIELDS = (
    Field("name", FieldType.TEXT, True, "Nom du système, tel qu'affiché en titre."),
    Field("category", FieldType.TEXT, True, "Catégorie (ex. : système de défense antiaérienne)."),
    _ALIASES,
    _SEARCH_ALIASES,
    Field("country", FieldType.REF, False, "Identifiant de l'État d'origine.", refs=(Kind.ACTOR,)),
    Field("manufacturer", FieldType.REF, False, "Identifiant de l'acteur qui le fabrique.",
          refs=(Kind.ACTOR,)),
    _DESCRIPTION,
    _RELATED,
    _DISTINCT_FROM,
)

CITATION_FIELDS = (
    Field("article", FieldType.REF, True, "Identifiant de l'article cité.", refs=(Kind.ARTICLE,)),
    Field("quote", FieldType.TEXT, True,
          "Citation copiée mot pour mot de l'article (un seul paragraphe)."),
    Field("note", FieldType.MARKDOWN, False, "Note de la rédaction sur cette citation."),
    _cites("", "la note de la citation"),
    _rests_on("", "articles"),
)

EVENT_FIELDS = (
    Field("title", FieldType.TEXT, True, "Titre de l'événement."),
    Field("date", FieldType.DATE, True, "Date : « AAAA », « AAAA-MM » ou « AAAA-MM-JJ »."),
    Field("date_qualifier", FieldType.CHOICE, False,
          "Incertitude : circa (vers), before (avant), after (après), between (entre … et …).",
          choices=DATE_QUALIFIERS),
    Field("date_end", FieldType.DATE, False, "Fin de l'intervalle, avec date_qualifier: between."),
    Field("date_basis", FieldType.TEXT, True, "Comment la date a été établie."),
    _STATUS,
    Field("summary", FieldType.MARKDOWN, True, "Ce qui s'est passé, d'après les sources."),
    Field("places", FieldType.TEXTS, False, "Lieux."),
    Field("actors", FieldType.REFS, False, "Acteurs impliqués.", refs=(Kind.ACTOR,)),
    Field("weapons", FieldType.REFS, False, "Systèmes d'armes concernés.", refs=(Kind.WEAPON,)),
    Field("sources", FieldType.ITEMS, True, "Citations qui attestent l'événement (au moins une).",
          item=CITATION_FIELDS),
    Field("notes", FieldType.NOTES, False,
          "Notes de la rédaction (contexte extérieur), affichées à part des faits sourcés ; "
          "chacune est un texte, ou une entrée note + references.", item=EVENT_NOTE_FIELDS),
    _REFERENCES,
    _cites("date_basis_", "date_basis"),
    _rests_on("date_basis_", "articles"),
)

ANNOTATION_FIELDS = (
    Field("quote", FieldType.TEXT, True, "Passage annoté, copié mot pour mot de l'article."),
    Field("kind", FieldType.CHOICE, True, "Nature de la note.", choices=ANNOTATION_KINDS),
    Field("note", FieldType.MARKDOWN, True, "Texte de la note (Markdown, sans HTML)."),
    _cites("", "la note"),
    _rests_on("", "other-sources pour correction et context, articles pour note"),
)

NO_LINK_FIELDS = (
    Field("text", FieldType.TEXT, True, "Mention à ne pas lier (telle qu'elle apparaît)."),
    Field("paragraph", FieldType.INTEGER, False,
          "Numéro du paragraphe ; sans numéro, partout dans l'article."),
)

ARTICLE_FIELDS = (
    Field("title", FieldType.TEXT, True, "Titre factuel de l'article."),
    Field("published", FieldType.DATE, True, "Date de publication."),
    _PUBLISHED_QUALIFIER,
    _PUBLISHED_END,
    Field("published_basis", FieldType.TEXT, True, "Comment la date de publication est connue."),
    Field("language", FieldType.LANGUAGE, True, "Langue de l'article (code à deux lettres)."),
    Field("outlet", FieldType.TEXT, False, "Média ; à omettre s'il est inconnu."),
    Field("author", FieldType.TEXT, False, "Auteur ; à omettre s'il est inconnu."),
    Field("url", FieldType.URL, False, "Adresse de l'article (http ou https)."),
    Field("archive_url", FieldType.URL, False,
          "Adresse d'une copie archivée de l'article (http ou https)."),
    Field("source_file", FieldType.TEXT, False, "Fichier source importé."),
    Field("annotations", FieldType.ITEMS, False, "Notes de la rédaction sur des passages.",
          item=ANNOTATION_FIELDS),
    Field("no_link", FieldType.ITEMS, False, "Fausses mentions à ne pas lier.",
          item=NO_LINK_FIELDS),
    _REFERENCES,
    _cites("published_basis_", "published_basis"),
    _rests_on("published_basis_", "articles"),
)

FIELDS: dict[Kind, tuple[Field, ...]] = {
    Kind.ACTOR: ACTOR_FIELDS,
    Kind.WEAPON: WEAPON_FIELDS,
    Kind.EVENT: EVENT_FIELDS,
    Kind.ARTICLE: ARTICLE_FIELDS,
}

# schemas/<name>.schema.json of each kind (model.KINDS).
SCHEMA_NAMES = {kind: info.schema_name for kind, info in KINDS.items()}

SCHEMAS_DIR = "schemas"
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# The same rule for Python, to use with fullmatch ("$" would accept a final newline).
ID_RE = re.compile(ID_PATTERN[1:-1])
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
URL_PATTERN = r"^https?://[^\s/]+"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
INTEGER_PATTERN = r"^[1-9][0-9]{0,5}$"
_TITLES = {
    Kind.ACTOR: "Fiche d'acteur du dossier",
    Kind.WEAPON: "Fiche de système d'armes du dossier",
    Kind.EVENT: "Fiche d'événement du dossier",
    Kind.ARTICLE: "Métadonnées et notes d'un article du dossier",
}
_ID_MESSAGE = "Un identifiant : lettres minuscules sans accent, chiffres et tirets simples."


def modeline(kind: Kind) -> str:
    """The first line of every data file of ``kind``: it tells editors which schema applies."""
    return f"# yaml-language-server: $schema=../../{SCHEMAS_DIR}/{SCHEMA_NAMES[kind]}.schema.json"


def _ref_schema(f: Field, known_ids: dict[Kind, list[str]]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN,
                              "patternErrorMessage": _ID_MESSAGE}
    ids = sorted(i for k in f.refs for i in known_ids.get(k, []))
    if ids:
        # Completion hints, not an enum: a schema listing every id would reject the id of
        # a record an editor is adding right now. The build checks that ids exist.
        schema["examples"] = ids
    return schema


# What the build accepts as text: YAML 1.2 editors read `title: 1984` as a number, the
# build reads every value as text, so the schema must not flag it.
_TEXT_TYPES = ["string", "number", "boolean"]


def _scalar_schema(f: Field, known_ids: dict[Kind, list[str]]) -> dict[str, Any]:
    match f.type:
        case FieldType.TEXT | FieldType.MARKDOWN:
            return {"type": _TEXT_TYPES, "minLength": 1}
        case FieldType.DATE:
            # "2019" unquoted is an integer for the editor, a year for the build.
            return {"type": ["string", "integer"], "pattern": DATE_PATTERN,
                    "minimum": 1000, "maximum": 9999,
                    "patternErrorMessage": "Une date : AAAA, AAAA-MM ou AAAA-MM-JJ."}
        case FieldType.CHOICE:
            return {"type": "string", "enum": list(f.choices)}
        case FieldType.REF:
            return _ref_schema(f, known_ids)
        case FieldType.KEY:
            return {"type": "string", "pattern": ID_PATTERN,
                    "patternErrorMessage": "Une clé : lettres minuscules sans accent, "
                                           "chiffres et tirets simples."}
        case FieldType.URL:
            return {"type": "string", "pattern": URL_PATTERN,
                    "patternErrorMessage": "Une adresse commençant par http:// ou https://."}
        case FieldType.LANGUAGE:
            return {"type": "string", "pattern": LANGUAGE_PATTERN,
                    "patternErrorMessage": "Un code de langue à deux lettres (fr, en…)."}
        case FieldType.INTEGER:
            return {"type": ["integer", "string"], "minimum": 1, "maximum": 999999,
                    "pattern": INTEGER_PATTERN}
    raise ValueError(f"{f.type} is not a scalar type")  # a bug in FIELDS


LIST_ITEM_TYPE = {
    FieldType.REFS: FieldType.REF,
    FieldType.TEXTS: FieldType.TEXT,
    FieldType.MARKDOWNS: FieldType.MARKDOWN,
    FieldType.KEYS: FieldType.KEY,
}


def _field_schema(f: Field, known_ids: dict[Kind, list[str]]) -> dict[str, Any]:
    schema: dict[str, Any]
    if f.type is FieldType.ITEMS:
        schema = {"type": "array", "items": _object_schema(f.item, known_ids)}
    elif f.type is FieldType.NOTES:
        text = _scalar_schema(Field(f.name, FieldType.MARKDOWN, True, f.doc), known_ids)
        schema = {"type": "array",
                  "items": {"anyOf": [text, _object_schema(f.item, known_ids)]}}
    elif f.type in LIST_ITEM_TYPE:
        item = Field(f.name, LIST_ITEM_TYPE[f.type], True, f.doc, refs=f.refs)
        schema = {"type": "array", "items": _scalar_schema(item, known_ids)}
        if f.type in (FieldType.REFS, FieldType.KEYS):
            schema["uniqueItems"] = True
    else:
        schema = _scalar_schema(f, known_ids)
    if schema["type"] == "array" and f.required:
        schema["minItems"] = 1
    return {"description": f.doc, **schema}


def _object_schema(fields: tuple[Field, ...], known_ids: dict[Kind, list[str]]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: _field_schema(f, known_ids) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def json_schema(kind: Kind, known_ids: dict[Kind, list[str]] | None = None) -> dict[str, Any]:
    """The JSON Schema (draft-07, what YAML editors support) of one data file kind.

    Generated from :data:`FIELDS`, the table validation uses, so the two cannot drift.
    ``known_ids`` become completion examples for reference fields.
    """
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$comment": "Généré par « python -m build_tools schemas » à partir de "
                    "build_tools/schema.py ; ne pas modifier à la main.",
        "title": _TITLES[kind],
        **_object_schema(FIELDS[kind], known_ids or {}),
    }


def schema_text(kind: Kind, known_ids: dict[Kind, list[str]] | None = None) -> str:
    """:func:`json_schema` as the exact text of ``schemas/<kind>.schema.json``."""
    return json.dumps(json_schema(kind, known_ids), ensure_ascii=False, indent=2) + "\n"
