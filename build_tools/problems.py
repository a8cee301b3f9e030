"""Problems found in the editors' data: one line each, with file, line and column.

:data:`CODES` documents every problem code (in French, for the "Modifier le dossier"
page); a test keeps it in step with the codes the modules really emit, and checks
each example against the output of a real failing dossier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is; warnings fail the build only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # informative only; never fails a build


@dataclass(frozen=True, order=True)
class Problem:
    """One editor-facing problem, printed as ``path:line:col: error: message [code]``."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    code: str

    def __str__(self) -> str:
        line = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"
        # One problem, one line, whatever text a message quotes.
        return line.replace("\r", "\\r").replace("\n", "\\n")


class Problems:
    """Collects problems instead of stopping at the first one."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: str, line: int, col: int, message: str, code: str) -> None:
        """Record an error at ``path:line:col``."""
        self.items.append(Problem(path, line, col, Severity.ERROR, message, code))

    def warning(self, path: str, line: int, col: int, message: str, code: str) -> None:
        """Record a warning at ``path:line:col``."""
        self.items.append(Problem(path, line, col, Severity.WARNING, message, code))

    def note(self, path: str, line: int, col: int, message: str, code: str) -> None:
        """Record an informative note at ``path:line:col``."""
        self.items.append(Problem(path, line, col, Severity.NOTE, message, code))

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the build."""
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that only fail the build under ``--strict``."""
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        """Problems in file/line order, each reported once."""
        return sorted(set(self.items))


def unique(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file/line order, one per place and code (two stages may see one cause)."""
    seen: set[tuple[str, int, int, str]] = set()
    kept = []
    for problem in sorted(problems):
        key = (problem.path, problem.line, problem.col, problem.code)
        if key not in seen:
            seen.add(key)
            kept.append(problem)
    return kept


def plural(count: int, word: str) -> str:
    """``"1 error"``, ``"2 errors"``: the counts of the command-line summaries."""
    return f"{count} {word}{'s' * (count != 1)}"


class DataError(Exception):
    """Raised by the pipeline when the data has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class CodeDoc:
    """What a problem code means, for editors (French).

    ``fix`` is trusted Markdown written by developers; ``example`` is a line the
    command really prints (the tests check it against a failing fixture).
    """

    severity: Severity
    title: str
    fix: str
    example: str


EXIT_CODES: dict[int, str] = {
    0: "Tout va bien (des avertissements peuvent s'afficher, sauf avec --strict).",
    1: "Les données contiennent des erreurs (ou des avertissements avec --strict) : rien "
       "n'a été écrit. Pour « schemas --check » : les schémas sont à régénérer.",
    2: "Commande mal écrite (commande ou option inconnue).",
    3: "Erreur interne : un défaut du générateur, pas de vos données ; signalez-le avec "
       "le message affiché.",
    4: "La machine a refusé d'écrire (droits insuffisants, disque plein, système de fichiers "
       "en lecture seule…) : le message indique le fichier et quoi faire ; docs/ est resté "
       "tel quel.",
}

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE

CODES: dict[str, CodeDoc] = {
    # -- files and folders ----------------------------------------------------------------
    "no-data": CodeDoc(
        E, "Le dossier data/ est introuvable.",
        "Lancez la commande depuis le dossier du projet, ou indiquez-le avec `--root`.",
        "data:1:1: error: data folder not found; run the command from the project folder "
        "or pass --root [no-data]"),
    "unexpected-file": CodeDoc(
        E, "Un fichier ou un dossier n'est pas à sa place dans data/.",
        "Chaque fiche est un fichier `.yaml` nommé d'après son identifiant, placé directement dans "
        "`data/actors/`, `data/weapons/`, `data/events/` ou `data/articles/` (où vit aussi "
        "le texte `.txt` des articles). Renommez `.yml` en `.yaml` et corrigez le nom du "
        "dossier.",
        "data/actor:1:1: error: unexpected folder in data/; records go in data/actors/, "
        "data/weapons/, data/events/ or data/articles/ (did you mean data/actors/?) "
        "[unexpected-file]"),
    "bad-id": CodeDoc(
        E, "Un identifiant (nom de fichier ou référence) n'est pas valide.",
        "Un identifiant ne contient que des lettres minuscules sans accent, des chiffres et "
        "des tirets simples : `recep-tayyip-erdogan`, `s-400`. Renommez le fichier ou "
        "corrigez la référence comme le message le suggère. Si vous avez écrit le nom ou le "
        "titre d'une fiche à la place de son identifiant, le message donne l'identifiant "
        "de cette fiche. Un identifiant dont la page serait une page que le site fabrique "
        "déjà est réservé : `index` (la page d'accueil de chaque rubrique, "
        "`acteurs/index.md`…). Renommez alors le fichier comme le message le propose, et "
        "les références à la fiche.",
        "data/actors/Syrie_2015.yaml:1:1: error: file name 'Syrie_2015' is not a valid id; "
        "use lowercase ASCII letters, digits and single hyphens (e.g. 'syrie-2015') "
        "[bad-id]"),
    "duplicate-id": CodeDoc(
        E, "Deux fiches portent le même identifiant.",
        "Un identifiant désigne une seule fiche, tous types confondus, et la casse et les "
        "accents ne distinguent pas deux identifiants. Fusionnez les deux fiches ou "
        "renommez-en une (et ses références).",
        "data/actors/Turquie.yaml:1:1: error: file name 'Turquie' is the id 'turquie' "
        "written differently, and data/actors/turquie.yaml already exists (ids ignore case "
        "and accents); merge the two files [duplicate-id]"),
    "duplicate-record": CodeDoc(
        E, "La même fiche a été saisie deux fois sous deux identifiants.",
        "Deux articles ont le même texte ou la même adresse, ou deux événements ont la même "
        "date et le même titre. Gardez-en un et supprimez l'autre (reportez ses références).",
        "data/events/signature-accord-s-400.yaml:1:1: error: same date and title as "
        "data/events/accord-s-400-turquie.yaml: the same record entered twice; keep one "
        "and delete the other [duplicate-record]"),
    "symlink": CodeDoc(
        E, "Un lien symbolique se trouve dans data/ ou docs/.",
        "Remplacez le lien par une copie du fichier : un lien peut faire publier un fichier "
        "situé hors du projet.",
        "data/actors/moscou.yaml:1:1: error: symbolic links are not allowed in data/; copy "
        "the file instead [symlink]"),
    "unreadable": CodeDoc(
        E, "Le fichier ne peut pas être lu.",
        "Vérifiez les droits du fichier (il doit être lisible par votre compte).",
        "data/actors/russie.yaml:1:1: error: cannot read the file (Permission denied); "
        "check its permissions [unreadable]"),
    "file-too-large": CodeDoc(
        E, "Le fichier est anormalement gros.",
        "Une fiche YAML fait quelques kilo-octets, un article quelques dizaines. Vérifiez "
        "qu'il s'agit du bon fichier ; découpez un texte démesuré.",
        "data/actors/enorme.yaml:1:1: error: the file is 50.0 MB; the limit is 512 KB; is "
        "it the right file? [file-too-large]"),
    "not-utf8": CodeDoc(
        E, "Le fichier n'est pas enregistré en UTF-8.",
        "Enregistrez-le en UTF-8 (dans VS Code : cliquez sur l'encodage en bas de la "
        "fenêtre, « Enregistrer avec l'encodage », UTF-8).",
        "data/actors/russie.yaml:3:15: error: the file is not UTF-8 (byte 0xE9); save it "
        "as UTF-8 [not-utf8]"),
    "bad-character": CodeDoc(
        E, "Un caractère invisible ou de contrôle est interdit.",
        "Supprimez le caractère à la position indiquée. Les caractères de contrôle et les "
        "marques de direction bidirectionnelles peuvent masquer ou réordonner le texte ; "
        "ils viennent souvent d'un copier-coller.",
        "data/actors/russie.yaml:4:25: error: invisible bidirectional control character "
        "U+202E (RIGHT-TO-LEFT OVERRIDE); delete it [bad-character]"),
    "missing-text": CodeDoc(
        E, "Un article n'a pas de texte.",
        "Créez le fichier `.txt` de même nom dans `data/articles/`, avec le texte de "
        "l'article copié à l'identique.",
        "data/articles/rencontre-2019.yaml:1:1: error: no article text: create "
        "data/articles/rencontre-2019.txt [missing-text]"),
    "missing-metadata": CodeDoc(
        E, "Le texte d'un article n'a pas de fiche.",
        "Créez le fichier `.yaml` de même nom dans `data/articles/` (titre, date, "
        "langue…), à côté du texte.",
        "data/articles/rencontre-2019.txt:1:1: error: no metadata for this article: create "
        "data/articles/rencontre-2019.yaml [missing-metadata]"),
    "empty-file": CodeDoc(
        E, "Le fichier est vide.",
        "Remplissez-le ou supprimez-le.",
        "data/actors/turquie.yaml:1:1: error: the file is empty; it must hold a YAML "
        "mapping [empty-file]"),
    # -- YAML ---------------------------------------------------------------------------------
    "yaml-syntax": CodeDoc(
        E, "Le YAML est mal formé.",
        "Le message indique la ligne et la cause : tabulation au lieu d'espaces, guillemet "
        "ou crochet non fermé, « : » dans une valeur sans guillemets, indentation "
        "décalée, second document `---`. Mettez entre guillemets les valeurs qui "
        "contiennent `: ` ou commencent par un caractère spécial. Une valeur entre "
        "guillemets droits `\"…\"` qui contient elle-même `\"` (*this value contains \"*) "
        "s'écrit entre apostrophes droites, `'anti-missiles \"S-400\" à Ankara'` (une "
        "apostrophe `'` s'y écrit alors `''`), ou après `>-`, sur les lignes suivantes, "
        "en retrait ; voir « Guillemets droits dans une citation » plus haut.",
        "data/actors/turquie.yaml:5:1: error: YAML syntax error: a tab character cannot "
        "indent YAML; use spaces [yaml-syntax]"),
    "yaml-not-mapping": CodeDoc(
        E, "Le fichier n'est pas une suite de lignes « champ: valeur ».",
        "Une fiche est une suite de lignes `champ: valeur` ; retirez les tirets en début "
        "de ligne au premier niveau.",
        "data/actors/russie.yaml:2:1: error: the top level is a list; it must be a mapping "
        "of 'field: value' lines [yaml-not-mapping]"),
    "duplicate-key": CodeDoc(
        E, "Un champ apparaît deux fois.",
        "Gardez une seule des deux lignes (le message donne les deux numéros de ligne).",
        "data/actors/turquie.yaml:6:1: error: duplicate key 'name' (first defined on line "
        "2); keep one [duplicate-key]"),
    "yaml-alias": CodeDoc(
        E, "Ancres, alias et clés de fusion YAML (&, *, <<) sont interdits.",
        "Écrivez la valeur en entier à chaque endroit. Ces raccourcis rendent les fiches "
        "difficiles à relire et permettent des fichiers piégés.",
        "data/actors/turquie.yaml:2:7: error: YAML anchors (&nom) are not allowed; write "
        "the value out in full [yaml-alias]"),
    "yaml-tag": CodeDoc(
        E, "Les étiquettes de type YAML (!!str, !truc) sont interdites.",
        "Supprimez l'étiquette : toutes les valeurs sont lues comme du texte.",
        "data/actors/russie.yaml:3:7: error: YAML tags such as !!str are not allowed; "
        "remove it (every value is read as text) [yaml-tag]"),
    "yaml-bad-key": CodeDoc(
        E, "Un nom de champ n'est pas un simple mot.",
        "Un nom de champ est un mot comme `name` ou `aliases`, jamais une liste.",
        "data/actors/russie.yaml:4:1: error: a field name must be a plain word, not a list "
        "[yaml-bad-key]"),
    "yaml-too-deep": CodeDoc(
        E, "Imbrication démesurée.",
        "Les fiches n'ont jamais plus de trois niveaux ; retirez les crochets en trop.",
        "data/actors/russie.yaml:5:25: error: nesting deeper than 16 levels; the data "
        "files are never this deep [yaml-too-deep]"),
    # -- fields -------------------------------------------------------------------------------
    "unknown-field": CodeDoc(
        E, "Champ inconnu (souvent une faute de frappe).",
        "Corrigez le nom du champ (le message propose le plus proche) ; la liste des champs "
        "est dans la référence ci-dessus.",
        "data/actors/turquie.yaml:4:1: error: unknown field 'alias' in this file; expected "
        "one of: name, kind, aliases, search_aliases, country, role, description, related, "
        "distinct_from (did you mean 'aliases'?) [unknown-field]"),
    "missing-field": CodeDoc(
        E, "Un champ obligatoire manque ou est vide.",
        "Ajoutez le champ avec une valeur ; les champs obligatoires sont marqués dans la "
        "référence ci-dessus.",
        "data/events/signature-accord-s-400.yaml:4:1: error: 'date_basis' has no value; "
        "expected text [missing-field]"),
    "wrong-type": CodeDoc(
        E, "La valeur n'a pas la forme attendue (texte, liste, nombre…).",
        "Le message dit ce qui est attendu. Une liste s'écrit une valeur par ligne, "
        "précédée de `- ` ; un texte, sur la même ligne que le champ (ou avec `>-`).",
        "data/actors/turquie.yaml:3:3: error: 'name' must be text, got a list [wrong-type]"),
    "bad-choice": CodeDoc(
        E, "Valeur hors de la liste des choix possibles.",
        "Utilisez l'une des valeurs listées par le message (en anglais, sans majuscule).",
        "data/actors/turquie.yaml:3:7: error: 'kind' is 'stat'; expected one of: person, "
        "state, organisation (did you mean 'state'?) [bad-choice]"),
    "bad-date": CodeDoc(
        E, "Date mal écrite ou impossible.",
        "Écrivez `\"AAAA-MM-JJ\"`, `\"AAAA-MM\"` ou `\"AAAA\"` entre guillemets ; "
        "vérifiez que le jour existe. Avec `date_qualifier: between`, ajoutez `date_end`, "
        "postérieure à `date`.",
        "data/articles/accord-s-400.yaml:3:12: error: 'published' is '12/09/2017'; "
        'expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. "2019-04-08") [bad-date]'),
    "bad-url": CodeDoc(
        E, "Adresse web refusée.",
        "Seules les adresses `http://` et `https://` sont acceptées.",
        "data/articles/accord-s-400.yaml:6:6: error: 'url' is 'javascript:alert(1)'; only "
        "http:// and https:// addresses are allowed [bad-url]"),
    "bad-link": CodeDoc(
        E, "Lien ou image refusé dans un texte Markdown.",
        "Dans les descriptions et notes, un lien s'écrit `[texte](https://…)`, ou, vers "
        "une fiche du dossier, `[texte](../acteurs/turquie.md)` (dossier de la rubrique, "
        "puis identifiant) ; les images et les autres sortes de liens sont refusées.",
        "data/actors/russie.yaml:4:14: error: link 'javascript:alert(1' in 'description': "
        "only http(s) addresses and record pages such as '../acteurs/turquie.md' are "
        "allowed [bad-link]"),
    "bad-language": CodeDoc(
        E, "Code de langue invalide.",
        "Écrivez le code à deux lettres minuscules : `fr`, `en`, `ru`, `tr`.",
        "data/articles/accord-s-400.yaml:5:11: error: 'language' is 'français'; expected a "
        "two-letter lowercase code such as 'fr' [bad-language]"),
    "duplicate-item": CodeDoc(
        E, "Le même identifiant figure deux fois dans une liste.",
        "Supprimez le doublon.",
        "data/events/signature-accord-s-400.yaml:9:5: error: 'actors' lists "
        "'recep-tayyip-erdogan' twice (also on line 7); keep one [duplicate-item]"),
    # -- links between records ----------------------------------------------------------------
    "unknown-ref": CodeDoc(
        E, "Référence à une fiche qui n'existe pas.",
        "Corrigez l'identifiant (le message propose le plus proche) ou créez la fiche.",
        "data/events/signature-accord-s-400.yaml:7:5: error: unknown actor 'erdogan' in "
        "'actors' (did you mean 'recep-tayyip-erdogan'?) [unknown-ref]"),
    "not-a-state": CodeDoc(
        E, "Le pays indiqué n'est pas un État.",
        "Le champ `country` désigne un acteur de type `state`.",
        "data/weapons/s-400.yaml:6:10: error: country 'recep-tayyip-erdogan' is a person, "
        "not a state [not-a-state]"),
    "self-reference": CodeDoc(
        E, "Une fiche se cite elle-même.",
        "Une fiche ne figure pas dans ses propres `related` (ni dans `distinct_from`, ni "
        "comme son propre `country`) : sa page renverrait à elle-même. Supprimez la ligne, "
        "ou écrivez l'identifiant de la fiche voulue.",
        "data/actors/turquie.yaml:9:5: error: 'turquie' in 'related' is this record itself; "
        "a record cannot refer to itself: remove it [self-reference]"),
    # -- references: outside sources of editorial notes ------------------------------------------
    "unknown-reference": CodeDoc(
        E, "Une note cite une référence qui n'est pas définie dans le fichier.",
        "Une note cite une référence par sa clé (`references: [tass-2017-09-12]`) ; la "
        "référence elle-même (titre, média, date, adresse) est une entrée de la liste "
        "`references` du **même fichier**, au premier niveau. Corrigez la clé (le message "
        "propose la plus proche) ou ajoutez l'entrée.",
        "data/events/signature-accord-s-400.yaml:16:9: error: reference 'tass-2017' is not "
        "defined in this file's 'references' (did you mean 'tass-2019'?); references are "
        "cited by the key of an entry of 'references' in the same file [unknown-reference]"),
    "duplicate-reference": CodeDoc(
        E, "Deux références du même fichier ont la même clé.",
        "Chaque entrée de `references` a sa propre clé. S'il s'agit de la même source, "
        "gardez une seule entrée ; sinon, renommez l'une des clés et les notes qui la citent.",
        "data/events/signature-accord-s-400.yaml:20:10: error: reference key 'tass' is "
        "defined twice (also on line 17); give each reference its own key "
        "[duplicate-reference]"),
    "incomplete-reference": CodeDoc(
        E, "Une référence n'a ni titre ni adresse.",
        "Donnez au moins le titre de la source (`title`) ou son adresse (`url`), pour que "
        "le lecteur puisse la retrouver ; ajoutez le média et la date si vous les "
        "connaissez.",
        "data/events/signature-accord-s-400.yaml:17:10: error: reference 'tass' has neither "
        "a title nor a url; give at least one, so that readers can find the source "
        "[incomplete-reference]"),
    "unused-reference": CodeDoc(
        W, "Une référence n'est citée par aucune note.",
        "Les références s'affichent à côté des notes qui les citent : une référence que "
        "rien ne cite n'apparaît nulle part sur le site. Ajoutez sa clé aux `references` de "
        "la note qu'elle appuie (ou à `date_basis_references`, "
        "`published_basis_references`), ou supprimez-la.",
        "data/events/signature-accord-s-400.yaml:15:10: warning: reference 'tass' is cited "
        "by no note of this file, so readers never see it; list its key in a note's "
        "'references', or delete it [unused-reference]"),
    # -- quotes and annotations -----------------------------------------------------------------
    "quote-not-found": CodeDoc(
        E, "Citation introuvable dans le texte de l'article.",
        "Copiez la citation mot pour mot depuis le fichier `.txt` de l'article, fautes "
        "comprises. Le message montre le passage le plus proche (et son numéro de "
        "paragraphe), la première différence entre ⟦ ⟧, puis ce que vous avez tapé "
        "(*you typed*) et ce que le texte contient (*the text has*), avec le nom Unicode "
        "des caractères en cause : trois points `...` au lieu du caractère « … », `g` au "
        "lieu de `ğ`, un trait d'union au lieu d'un trait d'union insécable, `:` collé au "
        "mot au lieu de ` :`. Apostrophes, guillemets, espaces, accents décomposés et "
        "caractères invisibles peuvent différer, rien d'autre.",
        "data/events/signature-accord-s-400.yaml:13:12: error: quote not found in "
        'data/articles/accord-s-400.txt; closest, in paragraph 1: "…La Turquie a signé un '
        'accord pour l’achat de systèmes S-⟦4⟧00,…"; you typed \'5\' where the text has '
        "'4' [quote-not-found]"),
    "quote-past-end": CodeDoc(
        E, "La citation déborde de son paragraphe.",
        "Une citation tient dans un seul paragraphe (une ligne du `.txt`) : raccourcissez-la "
        "ou faites-en deux.",
        "data/events/signature-accord-s-400.yaml:13:12: error: the quote runs past the end "
        'of paragraph 1 of data/articles/accord-s-400.txt (which ends with "…annoncé Recep '
        'Tayyip Erdoğan."); a quote must stay within one paragraph [quote-past-end]'),
    "quote-normalised": CodeDoc(
        N, "Citation trouvée après normalisation (simple information).",
        "Rien à faire : la citation diffère seulement par des apostrophes ou guillemets "
        "typographiques, des espaces, la forme des accents ou des caractères invisibles "
        "(espace sans chasse, trait d'union conditionnel…), que la recherche des citations "
        "ignore. Un caractère invisible tapé dans la citation est nommé avec sa ligne et sa "
        "colonne : vous pouvez le supprimer. Le site affiche le texte de l'article.",
        "data/events/signature-accord-s-400.yaml:13:12: note: quote found after "
        "normalising typographic apostrophes, spaces (runs of spaces, non-breaking spaces) "
        "[quote-normalised]"),
    "invisible-character": CodeDoc(
        N, "Caractère invisible dans le texte d'un article (simple information).",
        "Ne corrigez pas le texte : il reste tel qu'il a été reçu, et les lecteurs ne voient "
        "pas ce caractère (espace sans chasse, trait d'union conditionnel, gluon, "
        "indicateur d'ordre des octets…). Une citation de ce passage le trouve avec ou sans "
        "ce caractère : la recherche des citations ignore les caractères invisibles.",
        "data/articles/accord-s-400.txt:3:67: note: invisible U+00AD SOFT HYPHEN in the "
        "article text, kept as received: do not remove it (readers do not see it); quotes "
        "match with or without it [invisible-character]"),
    "annotation-overlap": CodeDoc(
        E, "Deux notes portent sur des passages qui se chevauchent.",
        "Raccourcissez l'un des deux passages pour qu'ils ne se recouvrent plus, ou "
        "réunissez les deux notes.",
        "data/articles/accord-s-400.yaml:10:5: error: annotation overlaps the annotation "
        "on line 7; annotate separate passages [annotation-overlap]"),
    "ambiguous-quote": CodeDoc(
        E, "Le passage cité figure plusieurs fois dans l'article.",
        "Le site ne surligne qu'un endroit, le premier : on ne saurait pas lequel est visé. "
        "Le message dit combien de fois et dans quels paragraphes le passage figure ; "
        "citez un passage plus long (toujours mot pour mot), qui ne figure qu'une fois. "
        "Des paragraphes que le texte répète à l'identique (un bloc copié deux fois), et "
        "que le site n'affiche qu'une fois, ne comptent qu'une fois.",
        "data/articles/accord-s-400.yaml:10:12: error: the quote occurs 2 times in "
        "data/articles/accord-s-400.txt (paragraphs 2 and 3); the site marks only the "
        "first: quote a longer passage, one that occurs once [ambiguous-quote]"),
    "bad-paragraph": CodeDoc(
        E, "Le numéro de paragraphe n'existe pas ou n'est pas affiché.",
        "Les paragraphes sont les lignes non vides du `.txt`, numérotées à partir de 1 ; "
        "un paragraphe répété n'est pas affiché : utilisez celui qu'il répète.",
        "data/articles/accord-s-400.yaml:12:16: error: 'paragraph' is 7, past the end of "
        "data/articles/accord-s-400.txt (3 paragraphs) [bad-paragraph]"),
    "no-link-not-found": CodeDoc(
        W, "Le texte d'une exception de lien (no_link) ne figure pas dans l'article.",
        "Corrigez l'orthographe ou le numéro de paragraphe, ou supprimez l'entrée.",
        "data/articles/accord-s-400.yaml:11:5: warning: no_link text 'Turqie' does not "
        "occur in paragraph 2 of data/articles/accord-s-400.txt; check the spelling "
        "[no-link-not-found]"),
    # -- issue 9: mistakes that used to pass silently ------------------------------------------
    "misplaced-id": CodeDoc(
        E, "Un identifiant est rangé dans le mauvais champ.",
        "L'identifiant existe, mais désigne une fiche d'une autre sorte (un système d'armes "
        "sous `actors`, un acteur sous `weapons`…) : déplacez-le dans le champ que le "
        "message indique.",
        "data/events/signature-accord-s-400.yaml:9:5: error: 's-400' in 'actors' is a "
        "weapon system, not an actor; list it under 'weapons' [misplaced-id]"),
    "probable-duplicate": CodeDoc(
        W, "Deux fiches ont presque le même nom : sans doute un doublon.",
        "Les deux noms ne diffèrent que par les accents ou l'ordre des mots. Si c'est la "
        "même chose, fusionnez les fiches ; si ce sont bien deux choses différentes, "
        "ajoutez à l'une `distinct_from:` suivi de l'identifiant de l'autre.",
        "data/actors/recep-tayyip-erdogan.yaml:2:7: warning: 'Recep Tayyip Erdoğan' and "
        "'Erdogan Recep Tayyip' (data/actors/erdogan-recep-tayyip.yaml) differ only by "
        "accents or word order: probably the same record; merge the two records, or if "
        "they are distinct add 'distinct_from: [erdogan-recep-tayyip]' here "
        "[probable-duplicate]"),
    "date-after-sources": CodeDoc(
        W, "L'événement serait postérieur à tous les articles qui le citent.",
        "Un article ne peut rapporter qu'un événement déjà advenu… ou annoncé. Vérifiez la "
        "date de l'événement et celles des articles (`published`, `published_qualifier`). "
        "Si les articles annoncent un événement à venir (une livraison prévue), ajoutez "
        "`status: planned` à l'événement : il sera affiché « annoncé ».",
        "data/events/livraison-s-400.yaml:3:7: warning: the event's date 2019-07-12 is "
        "after the publication of every article citing it (the last, 'accord-s-400', was "
        "published by 2017-09-12); check the date, or add 'status: planned' if the articles "
        "announce it [date-after-sources]"),
    "year-out-of-range": CodeDoc(
        W, "Une année invraisemblable (faute de frappe ?).",
        "Les dates du dossier vont de 1900 à l'an prochain : vérifiez l'année (2091 pour "
        "2019, 1019 pour 2019…). Ces bornes se règlent dans `build_tools/validate.py` "
        "(`EARLIEST_YEAR`, `YEARS_AHEAD`).",
        "data/events/signature-accord-s-400.yaml:3:7: warning: 'date' is '1817-09-12': the "
        "year 1817 is before 1900; check the year [year-out-of-range]"),
    # -- warnings about the dossier as a whole ----------------------------------------------------
    "unreferenced": CodeDoc(
        W, "Une fiche n'est citée nulle part.",
        "Citez-la dans un événement (`actors`, `weapons`) ou une autre fiche (`related`, "
        "`country`…), ou supprimez-la.",
        "data/actors/syrie.yaml:1:1: warning: 'syrie' is not referenced by any event or "
        "record; list it in an event's actors or weapons, or delete it [unreferenced]"),
    "shared-alias": CodeDoc(
        E, "Deux fiches revendiquent le même nom ou la même graphie.",
        "Casse, accents, tirets, espaces et apostrophes mis à part, un nom ou une graphie "
        "(`aliases`) d'une fiche est aussi celui d'une autre : chaque mention dans les "
        "articles ne peut renvoyer qu'à l'une des deux. Si les deux fiches décrivent la même "
        "chose, fusionnez-les (gardez l'une, reportez ses références, supprimez l'autre). "
        "Sinon, changez ou retirez la graphie dans l'une des fiches, ou déplacez-la dans "
        "`search_aliases` : elle servira à la recherche, jamais aux liens.",
        "data/actors/turquie.yaml:5:5: error: 'Ankara' would link mentions to this record "
        "and to data/actors/ankara.yaml (which has 'Ankara'); merge the two records, change "
        "or remove the alias in one, or move it to 'search_aliases' (search only, never "
        "linked) in one [shared-alias]"),
    "bad-modeline": CodeDoc(
        W, "La première ligne du fichier ne désigne pas le bon schéma.",
        "Remettez en première ligne la ligne donnée par le message : elle permet à "
        "l'éditeur de vérifier le fichier pendant la saisie.",
        "data/actors/russie.yaml:1:1: warning: the first line should name the schema your "
        "editor checks this file with; insert: # yaml-language-server: "
        "$schema=../../schemas/actor.schema.json [bad-modeline]"),
    "stale-schema": CodeDoc(
        N, "Les schémas de l'éditeur ne sont plus à jour.",
        "Rien à faire : `build` et `serve` régénèrent `schemas/` (après l'ajout d'une fiche, "
        "pour que l'éditeur propose le nouvel identifiant). Joignez les fichiers modifiés de "
        "`schemas/` à votre modification si vous le pouvez ; sinon, ce n'est pas grave.",
        "schemas/actor.schema.json:1:1: note: the editor schema is out of date (new ids or "
        "fields); the next build or serve updates it [stale-schema]"),
    # -- the generated pages -------------------------------------------------------------------
    "dead-link": CodeDoc(
        E, "Une page écrite à la main renvoie vers la fiche d'un enregistrement qui n'existe "
        "plus.",
        "Les pages de `docs/` écrites à la main (accueil, « À propos »…) peuvent renvoyer "
        "vers les pages des fiches (`acteurs/rostec.md`). Si la fiche a été supprimée ou "
        "renommée, le site ne peut plus être publié : corrigez le lien dans la page "
        "indiquée (le message propose l'identifiant le plus proche) ou retirez-le. Pour "
        "un article, l'ancre d'un paragraphe (`#p-3`) est vérifiée aussi : elle doit "
        "désigner un paragraphe affiché sur sa page ; les autres ancres ne sont pas "
        "vérifiées.",
        "docs/index.md:4:54: error: link to unknown actor 'erdogan' (did you mean "
        "'recep-tayyip-erdogan'?): there is no data/actors/erdogan.yaml; if that record "
        "was deleted or renamed, update the link in this hand-written page [dead-link]"),
    "overwrite-handwritten": CodeDoc(
        E, "Une page générée remplacerait une page écrite à la main.",
        "Déplacez ou renommez la page écrite à la main : les dossiers générés appartiennent "
        "au générateur.",
        "docs/acteurs/turquie.md:1:1: error: a generated page would overwrite this file, "
        "which the generator did not write; move or rename it [overwrite-handwritten]"),
    "hand-edited": CodeDoc(
        E, "Une page générée a été modifiée à la main.",
        "Reportez la modification dans le fichier YAML indiqué, puis supprimez la page : "
        "elle sera régénérée.",
        "docs/acteurs/turquie.md:1:1: error: this generated page was edited by hand; put "
        "the change in data/actors/turquie.yaml instead, then delete the page [hand-edited]"),
    "mkdocs-warning": CodeDoc(
        W, "Sous serve, MkDocs signale un problème dans une page reconstruite.",
        "Sous `python -m build_tools serve`, chaque page reconstruite après une modification "
        "est vérifiée comme le fait `make site` : un lien vers une page qui n'existe pas, "
        "ou vers une ancre absente de sa page, est signalé ici. Corrigez le lien dans la page "
        "écrite à la main indiquée (ou, pour une page générée, dans la fiche dont elle vient) : "
        "`make site` refuserait de publier le site.",
        "docs/index.md:1:1: warning: Doc file 'index.md' contains a link "
        "'acteurs/personne.md', but the target is not found among documentation files. "
        "[mkdocs-warning]"),
    # -- the machine ---------------------------------------------------------------------------
    "cannot-write": CodeDoc(
        E, "La machine a refusé d'écrire dans docs/ (droits, disque plein, lecture seule).",
        "Ce n'est ni une erreur de vos données ni un défaut du générateur : libérez de la place, "
        "donnez à votre compte le droit d'écrire dans le dossier indiqué, ou travaillez sur un "
        "disque accessible en écriture, puis relancez la génération. Les pages déjà publiées "
        "n'ont pas changé (code de sortie 4).",
        "docs/acteurs:1:1: error: cannot write: no space left on the disk; free some space, "
        "then build again [cannot-write]"),
}
