"""What each data file may contain: one table that drives validation and the JSON Schemas.

Editors see these descriptions in their editor (JSON Schema) and on the
"Modifier le dossier" page, so they are written in French.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from build_tools.model import Kind


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

_ALIASES = Field(
    "aliases", FieldType.TEXTS, False,
    "Autres graphies, utilisées pour repérer les mentions dans les articles et pour la "
    "recherche. Casse, accents et variantes de tiret sont gérés automatiquement ; "
    "« (s) » final : le pluriel est aussi reconnu.",
)
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
    Field("country", FieldType.REF, False, "Identifiant de l'État de rattachement.",
          refs=(Kind.ACTOR,)),
    Field("role", FieldType.TEXT, False, "Fonction ou rôle, en quelques mots."),
    _DESCRIPTION,
    _RELATED,
)

WEAPON_FIELDS = (
    Field("name", FieldType.TEXT, True, "Nom du système, tel qu'affiché en titre."),
    Field("category", FieldType.TEXT, True, "Catégorie (ex. : système de défense antiaérienne)."),
    _ALIASES,
    Field("country", FieldType.REF, False, "Identifiant de l'État d'origine.", refs=(Kind.ACTOR,)),
    Field("manufacturer", FieldType.REF, False, "Identifiant de l'acteur qui le fabrique.",
          refs=(Kind.ACTOR,)),
    _DESCRIPTION,
    _RELATED,
)

CITATION_FIELDS = (
    Field("article", FieldType.REF, True, "Identifiant de l'article cité.", refs=(Kind.ARTICLE,)),
    Field("quote", FieldType.TEXT, True,
          "Citation copiée mot pour mot de l'article (un seul paragraphe)."),
    Field("note", FieldType.MARKDOWN, False, "Note de la rédaction sur cette citation."),
)

EVENT_FIELDS = (
    Field("title", FieldType.TEXT, True, "Titre de l'événement."),
    Field("date", FieldType.DATE, True, "Date : « AAAA », « AAAA-MM » ou « AAAA-MM-JJ »."),
    Field("date_qualifier", FieldType.CHOICE, False,
          "Incertitude : circa (vers), before (avant), after (après), between (entre … et …).",
          choices=DATE_QUALIFIERS),
    Field("date_end", FieldType.DATE, False, "Fin de l'intervalle, avec date_qualifier: between."),
    Field("date_basis", FieldType.TEXT, True, "Comment la date a été établie."),
    Field("summary", FieldType.MARKDOWN, True, "Ce qui s'est passé, d'après les sources."),
    Field("places", FieldType.TEXTS, False, "Lieux."),
    Field("actors", FieldType.REFS, False, "Acteurs impliqués.", refs=(Kind.ACTOR,)),
    Field("weapons", FieldType.REFS, False, "Systèmes d'armes concernés.", refs=(Kind.WEAPON,)),
    Field("sources", FieldType.ITEMS, True, "Citations qui attestent l'événement (au moins une).",
          item=CITATION_FIELDS),
    Field("notes", FieldType.MARKDOWNS, False,
          "Notes de la rédaction (contexte extérieur), affichées à part des faits sourcés."),
)

ANNOTATION_FIELDS = (
    Field("quote", FieldType.TEXT, True, "Passage annoté, copié mot pour mot de l'article."),
    Field("kind", FieldType.CHOICE, True, "Nature de la note.", choices=ANNOTATION_KINDS),
    Field("note", FieldType.MARKDOWN, True, "Texte de la note (Markdown, sans HTML)."),
)

NO_LINK_FIELDS = (
    Field("text", FieldType.TEXT, True, "Mention à ne pas lier (telle qu'elle apparaît)."),
    Field("paragraph", FieldType.INTEGER, False,
          "Numéro du paragraphe ; sans numéro, partout dans l'article."),
)

ARTICLE_FIELDS = (
    Field("title", FieldType.TEXT, True, "Titre factuel de l'article."),
    Field("published", FieldType.DATE, True, "Date de publication."),
    Field("published_basis", FieldType.TEXT, True, "Comment la date de publication est connue."),
    Field("language", FieldType.LANGUAGE, True, "Langue de l'article (code à deux lettres)."),
    Field("outlet", FieldType.TEXT, False, "Média ; à omettre s'il est inconnu."),
    Field("author", FieldType.TEXT, False, "Auteur ; à omettre s'il est inconnu."),
    Field("url", FieldType.URL, False, "Adresse de l'article (http ou https)."),
    Field("source_file", FieldType.TEXT, False, "Fichier source importé."),
    Field("annotations", FieldType.ITEMS, False, "Notes de la rédaction sur des passages.",
          item=ANNOTATION_FIELDS),
    Field("no_link", FieldType.ITEMS, False, "Fausses mentions à ne pas lier.",
          item=NO_LINK_FIELDS),
)

FIELDS: dict[Kind, tuple[Field, ...]] = {
    Kind.ACTOR: ACTOR_FIELDS,
    Kind.WEAPON: WEAPON_FIELDS,
    Kind.EVENT: EVENT_FIELDS,
    Kind.ARTICLE: ARTICLE_FIELDS,
}

SCHEMA_NAMES = {
    Kind.ACTOR: "actor",
    Kind.WEAPON: "weapon",
    Kind.EVENT: "event",
    Kind.ARTICLE: "article",
}

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def _field_schema(f: Field, known_ids: dict[Kind, list[str]]) -> dict[str, Any]:
    def ref_schema() -> dict[str, Any]:
        ids = sorted(i for k in f.refs for i in known_ids.get(k, []))
        schema: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN}
        if ids:
            # Completion in editors; the build, not the schema, is the authority on ids.
            schema["examples"] = ids
        return schema

    schema: dict[str, Any]
    match f.type:
        case FieldType.TEXT | FieldType.MARKDOWN:
            schema = {"type": "string", "minLength": 1}
        case FieldType.DATE:
            schema = {"type": "string", "pattern": DATE_PATTERN}
        case FieldType.CHOICE:
            schema = {"type": "string", "enum": list(f.choices)}
        case FieldType.REF:
            schema = ref_schema()
        case FieldType.REFS:
            schema = {"type": "array", "items": ref_schema(), "uniqueItems": True}
        case FieldType.TEXTS | FieldType.MARKDOWNS:
            schema = {"type": "array", "items": {"type": "string", "minLength": 1}}
        case FieldType.URL:
            schema = {"type": "string", "pattern": "^https?://"}
        case FieldType.LANGUAGE:
            schema = {"type": "string", "pattern": "^[a-z]{2}$"}
        case FieldType.INTEGER:
            schema = {"type": "integer", "minimum": 1}
        case FieldType.ITEMS:
            schema = {"type": "array", "items": _object_schema(f.item, known_ids)}
    schema["description"] = f.doc
    return schema


def _object_schema(fields: tuple[Field, ...], known_ids: dict[Kind, list[str]]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: _field_schema(f, known_ids) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def json_schema(kind: Kind, known_ids: dict[Kind, list[str]] | None = None) -> dict[str, Any]:
    """The JSON Schema of one data file kind, generated from :data:`FIELDS`.

    """
    schema = _object_schema(FIELDS[kind], known_ids or {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{SCHEMA_NAMES[kind]} record of the dossier",
        **schema,
    }
