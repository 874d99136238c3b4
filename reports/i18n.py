"""Every string a report prints, in Dutch (default) and English.

Reports are read by coordinators, analysts and council members; keeping all wording in one table
makes the English version complete by construction (a test checks both languages have every key)
and lets the jaarrapport/initiatiefrapport add their own strings next to these.
"""

from __future__ import annotations

from typing import Mapping

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"

# key → {lang: text}; `{name}` placeholders are filled by `t()`.
STRINGS: dict[str, dict[str, str]] = {
    # --- common to every report -------------------------------------------------------------
    "agency": {"nl": "Agentschap Integratie en Inburgering", "en": "Agency for Integration and Civic Integration"},
    "programme": {"nl": "Samen Inburgeren", "en": "Samen Inburgeren (Integrating Together)"},
    "generated_on": {"nl": "Opgemaakt op {date}", "en": "Produced on {date}"},
    "as_of": {"nl": "Peildatum {date}", "en": "As of {date}"},
    "page": {"nl": "pagina", "en": "page"},
    "page_of": {"nl": "van", "en": "of"},
    "contents": {"nl": "Inhoud", "en": "Contents"},
    "not_for_publication": {
        "nl": "Vertrouwelijk — voor het initiatief zelf, niet voor publicatie",
        "en": "Confidential — for the initiative itself, not for publication",
    },
    "not_for_publication_agency": {
        "nl": "Vertrouwelijk — voor intern gebruik door het agentschap, niet voor publicatie",
        "en": "Confidential — for internal use by the agency, not for publication",
    },
    "missing_value": {"nl": "–", "en": "–"},
    "legend_small_count": {
        "nl": "<10: minder dan 10 personen of duo's; andere aantallen zijn afgerond op 5.",
        "en": "<10: fewer than 10 persons or duos; other counts are rounded to 5.",
    },
    "legend_withheld": {
        "nl": "–: niet getoond (gebaseerd op minder dan 10 personen of duo's) of niet van toepassing.",
        "en": "–: not shown (based on fewer than 10 persons or duos) or not applicable.",
    },
    "xlsx_notes_sheet": {"nl": "Toelichting", "en": "Notes"},
    "xlsx_notes_intro": {
        "nl": "Elke tabel van het rapport staat op een eigen tabblad.",
        "en": "Every table of the report is on its own sheet.",
    },
    "xlsx_sheet_index": {"nl": "Tabblad", "en": "Sheet"},
    "xlsx_table_title": {"nl": "Tabel", "en": "Table"},
    "chart_description": {"nl": "Grafiek", "en": "Chart"},
    # --- the small-count rule, as documented in the method annex --------------------------------
    "privacy_title": {"nl": "Kleine aantallen", "en": "Small counts"},
    "privacy_rule": {
        "nl": "Gepubliceerde cijfers zijn altijd samengeteld; een persoon is nooit herkenbaar. Onder het niveau van "
              "heel Vlaanderen en Brussel tonen we een aantal personen of duo's van 1 tot {below} als \"{small}\" en "
              "ronden we andere aantallen af op het dichtste veelvoud van {base}; een totaal wordt afgerond nadat de "
              "exacte waarden zijn opgeteld, zodat het niet gelijk hoeft te zijn aan de som van de afgeronde cijfers. "
              "Gemiddelden, aandelen en betrouwbaarheidsintervallen over personen of duo's tonen we enkel als ze op "
              "minstens {threshold} personen of duo's steunen; anders staat er \"{withheld}\".",
        "en": "Published figures are always aggregates; a person is never recognisable. Below the level of all of "
              "Flanders and Brussels, a count of persons or duos from 1 to {below} is shown as \"{small}\" and other "
              "counts are rounded to the nearest multiple of {base}; a total is rounded after summing the exact "
              "values, so it need not equal the sum of the rounded figures. Means, shares and confidence intervals "
              "over persons or duos are shown only when based on at least {threshold} persons or duos; otherwise "
              "the cell shows \"{withheld}\".",
    },
    "privacy_exact": {
        "nl": "De kerncijfers van een initiatief zelf — gestarte en actieve duo's, uren, uren per duo, VTE en "
              "kosten — gaan niet over een persoon en staan er exact.",
        "en": "An initiative's own headline figures — duos started and active, hours, hours per duo, FTE and "
              "costs — are not about any person and are shown exactly.",
    },
    # --- charts: axis and legend words shared by the chart helpers ------------------------------
    "axis_phase": {"nl": "Fase", "en": "Phase"},
    "axis_hours": {"nl": "Uren", "en": "Hours"},
    "axis_hours_share": {"nl": "Aandeel van de uren", "en": "Share of hours"},
    "axis_duos": {"nl": "Duo's (logaritmische schaal)", "en": "Duos (log scale)"},
    "axis_hours_per_duo": {"nl": "Uren per duo (logaritmische schaal)", "en": "Hours per duo (log scale)"},
    "axis_series": {"nl": "Reeks", "en": "Series"},
    "axis_count": {"nl": "Aantal", "en": "Count"},
    "axis_months": {"nl": "Maanden sinds de start", "en": "Months since start"},
    "axis_still_running": {"nl": "Aandeel nog lopend", "en": "Share still running"},
    "axis_change": {"nl": "Gemiddelde verandering (95%-interval)", "en": "Mean change (95% interval)"},
    "axis_year": {"nl": "Jaar", "en": "Year"},
    "axis_value": {"nl": "Waarde", "en": "Value"},
    "axis_rule": {"nl": "Regel", "en": "Rule"},
    "axis_rows": {"nl": "Rijen", "en": "Rows"},
    "axis_severity": {"nl": "Soort", "en": "Kind"},
    "handbook_example": {"nl": "Voorbeeld uit het handboek", "en": "Handbook example"},
    "own_initiative": {"nl": "Dit initiatief", "en": "This initiative"},
    "peer_initiatives": {"nl": "Andere initiatieven", "en": "Other initiatives"},
    "small_bin": {"nl": "<10", "en": "<10"},
    "legend_withheld_short": {"nl": "niet getoond (minder dan 10)", "en": "not shown (fewer than 10)"},
    # --- datakwaliteit ---------------------------------------------------------------------------
    "dq_title": {"nl": "Datakwaliteit", "en": "Data quality"},
    "dq_title_agency": {"nl": "Datakwaliteit — register en niet-toegewezen bestanden",
                        "en": "Data quality — registry and unassigned files"},
    "dq_subtitle": {"nl": "Terugkoppeling over de aangeleverde bestanden van {name}",
                    "en": "Feedback on the files delivered by {name}"},
    "dq_subtitle_agency": {"nl": "Het register van initiatieven, bestanden buiten een initiatiefmap en "
                                 "initiatieven die niet in het register staan",
                           "en": "The registry of initiatives, files outside an initiative's folder and "
                                 "initiatives missing from the registry"},
    "dq_intro": {
        "nl": "Dit overzicht is voor het initiatief zelf en wordt niet gepubliceerd. Het toont elke rij uit uw "
              "bestanden die geweigerd werd (niet geladen) of gemarkeerd (wel geladen, maar na te kijken), met wat "
              "er mis is en hoe u het oplost. Rijnummers zijn de nummers die u in Excel ziet. Een verbeterd bestand "
              "levert u opnieuw aan in uw map; bij de volgende verwerking wordt het opnieuw gecontroleerd.",
        "en": "This overview is for the initiative itself and is not published. It lists every row of your files "
              "that was refused (not loaded) or flagged (loaded, but to be checked), with what is wrong and how to "
              "fix it. Row numbers are the numbers you see in Excel. Deliver a corrected file again in your folder; "
              "it is checked again at the next run.",
    },
    "dq_intro_agency": {
        "nl": "Dit overzicht is voor het agentschap. Het toont de problemen in het register van initiatieven, "
              "bestanden die niet in de map van een initiatief staan, en initiatieven die gegevens leveren maar niet "
              "in het register staan. Per initiatief volgt een telling; de rijen zelf staan in het rapport van elk "
              "initiatief.",
        "en": "This overview is for the agency. It lists the problems in the registry of initiatives, files that "
              "are not in an initiative's folder, and initiatives that deliver data but are missing from the "
              "registry. A count per initiative follows; the rows themselves are in each initiative's report.",
    },
    "dq_none": {"nl": "Geen problemen gevonden: elke rij van elk bestand werd geladen. Dank u!",
                "en": "No problems found: every row of every file was loaded. Thank you!"},
    "dq_no_files": {"nl": "Er zijn (nog) geen bestanden van dit initiatief ontvangen.",
                    "en": "No files of this initiative have been received (yet)."},
    "dq_key_files": {"nl": "Bestanden", "en": "Files"},
    "dq_key_rows_read": {"nl": "Rijen gelezen", "en": "Rows read"},
    "dq_key_refused": {"nl": "Rijen geweigerd", "en": "Rows refused"},
    "dq_key_flagged": {"nl": "Rijen gemarkeerd", "en": "Rows flagged"},
    "dq_key_file_problems": {"nl": "Meldingen over een heel bestand", "en": "Problems with a whole file"},
    "dq_summary_title": {"nl": "Overzicht per bestand", "en": "Overview per file"},
    "dq_summary_note": {
        "nl": "Geweigerd: de rij is niet geladen en telt niet mee. Gemarkeerd: de rij is geladen, maar kijk ze na. "
              "Een rij kan meer dan één melding hebben.",
        "en": "Refused: the row was not loaded and does not count. Flagged: the row was loaded, but check it. "
              "A row can have more than one problem.",
    },
    "dq_by_rule_title": {"nl": "Meldingen per regel", "en": "Problems per rule"},
    "dq_details_title": {"nl": "Meldingen per bestand", "en": "Problems per file"},
    "dq_details_sheet": {"nl": "Meldingen", "en": "Problems"},
    "dq_general": {"nl": "Algemeen (niet aan één bestand gebonden)", "en": "General (not tied to one file)"},
    "dq_received": {"nl": "ontvangen op {date}", "en": "received on {date}"},
    "dq_superseded": {
        "nl": "Op {date} kwam een nieuwere versie van dit bestand binnen. Deze meldingen gaan over de oudere versie: "
              "rijen die in de nieuwe versie verbeterd zijn, tellen wel mee.",
        "en": "A newer version of this file arrived on {date}. These problems are about the older version: rows "
              "corrected in the new version do count.",
    },
    "dq_whole_file": {"nl": "heel bestand", "en": "whole file"},
    "dq_per_initiative_title": {"nl": "Meldingen per initiatief", "en": "Problems per initiative"},
    "dq_agency_none": {"nl": "Geen problemen in het register en geen bestanden buiten een initiatiefmap.",
                       "en": "No problems in the registry and no files outside an initiative's folder."},
    "dq_not_registered": {"nl": "(niet in het register)", "en": "(not in the registry)"},
    "dq_chart_title": {"nl": "Meldingen per regel, naar gevolg", "en": "Problems per rule, by effect"},
    # column headers of the datakwaliteit tables
    "col_file": {"nl": "Bestand", "en": "File"},
    "col_sheet": {"nl": "Tabblad", "en": "Sheet"},
    "col_dataset": {"nl": "Gegevens", "en": "Dataset"},
    "col_received": {"nl": "Ontvangen", "en": "Received"},
    "col_status": {"nl": "Status", "en": "Status"},
    "col_rows_read": {"nl": "Rijen gelezen", "en": "Rows read"},
    "col_rows_refused": {"nl": "Geweigerd", "en": "Refused"},
    "col_rows_flagged": {"nl": "Gemarkeerd", "en": "Flagged"},
    "col_file_problems": {"nl": "Heel bestand", "en": "Whole file"},
    "col_row": {"nl": "Rij", "en": "Row"},
    "col_column": {"nl": "Kolom", "en": "Column"},
    "col_rule": {"nl": "Regel", "en": "Rule"},
    "col_rule_code": {"nl": "Code", "en": "Code"},
    "col_severity": {"nl": "Gevolg", "en": "Effect"},
    "col_value": {"nl": "Waarde", "en": "Value"},
    "col_message": {"nl": "Wat is er mis en hoe lost u het op", "en": "What is wrong and how to fix it"},
    "col_problems": {"nl": "Meldingen", "en": "Problems"},
    "col_initiative": {"nl": "Initiatief", "en": "Initiative"},
    "col_name": {"nl": "Naam", "en": "Name"},
    "severity_fout": {"nl": "geweigerd", "en": "refused"},
    "severity_waarschuwing": {"nl": "gemarkeerd", "en": "flagged"},
    "status_geladen": {"nl": "geladen", "en": "loaded"},
    "status_niet_geladen": {"nl": "niet geladen", "en": "not loaded"},
    "status_onleesbaar": {"nl": "onleesbaar", "en": "unreadable"},
}

# Short names of the validation rules (`quarantine.*.rule`, the keys of samen.messages.MESSAGES);
# the full explanation with the fix is the row's own message.
RULE_LABELS: dict[str, dict[str, str]] = {
    "verplicht": {"nl": "Verplichte waarde ontbreekt", "en": "Required value missing"},
    "datum": {"nl": "Ongeldige datum", "en": "Invalid date"},
    "datum_jaar": {"nl": "Jaartal in 2 cijfers", "en": "Two-digit year"},
    "getal": {"nl": "Geen getal", "en": "Not a number"},
    "geheel_getal": {"nl": "Geen geheel getal", "en": "Not a whole number"},
    "duur": {"nl": "Ongeldige duur", "en": "Invalid duration"},
    "ja_nee": {"nl": "Geen ja of nee", "en": "Not yes or no"},
    "code": {"nl": "Waarde niet in de lijst", "en": "Value not in the list"},
    "minimum": {"nl": "Waarde te klein", "en": "Value too small"},
    "groter_dan": {"nl": "Waarde te klein", "en": "Value too small"},
    "maximum": {"nl": "Waarde te groot", "en": "Value too large"},
    "te_lang": {"nl": "Tekst te lang", "en": "Text too long"},
    "patroon": {"nl": "Verkeerde vorm", "en": "Wrong form"},
    "persoonsgegeven": {"nl": "Persoonsgegeven in een cel", "en": "Personal data in a cell"},
    "dubbele_sleutel": {"nl": "Dubbele sleutel", "en": "Duplicate key"},
    "dubbele_rij": {"nl": "Dubbele rij", "en": "Duplicate row"},
    "geplande_duur": {"nl": "Geplande duur buiten 6–12 maanden", "en": "Planned length outside 6–12 months"},
    "niet_voor": {"nl": "Datums in verkeerde volgorde", "en": "Dates in the wrong order"},
    "niet_voor_waarschuwing": {"nl": "Datums in verkeerde volgorde", "en": "Dates in the wrong order"},
    "activiteit_bij_fase": {"nl": "Activiteit hoort niet bij de fase", "en": "Activity not in the phase"},
    "na_peildatum": {"nl": "Datum na de peildatum", "en": "Date after the as-of date"},
    "buiten_duoperiode": {"nl": "Ontmoeting buiten de duoperiode", "en": "Meeting outside the duo's period"},
    "onbekend_duo": {"nl": "Duo niet gekend", "en": "Unknown duo"},
    "geen_intake": {"nl": "Deelnemer zonder intake", "en": "Participant without intake"},
    "kolom_ontbreekt": {"nl": "Verplichte kolom ontbreekt", "en": "Required column missing"},
    "geen_kopregel": {"nl": "Geen kolomnaam herkend", "en": "No column name recognised"},
    "scheidingsteken": {"nl": "Ander scheidingsteken in de rij", "en": "Different separator in the row"},
    "kolom_persoonsgegevens": {"nl": "Kolom met persoonsgegevens", "en": "Column with personal data"},
    "kolom_onbekend": {"nl": "Onbekende kolom", "en": "Unknown column"},
    "kolom_dubbel": {"nl": "Dubbele kolom", "en": "Duplicate column"},
    "dataset_onbekend": {"nl": "Soort gegevens niet herkend", "en": "Dataset not recognised"},
    "bestand_onleesbaar": {"nl": "Bestand onleesbaar", "en": "File unreadable"},
    "verkeerde_map": {"nl": "Register in de verkeerde map", "en": "Registry in the wrong folder"},
    "map_initiatief": {"nl": "Bestand buiten een initiatiefmap", "en": "File outside an initiative's folder"},
    "initiatief_onbekend": {"nl": "Initiatief niet in het register", "en": "Initiative not in the registry"},
    "verborgen_tabblad": {"nl": "Verborgen tabblad gelezen", "en": "Hidden sheet read"},
}

# Code lists the charts and the year/initiative reports print (phases, handbook examples, statuses).
CODE_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "fase": {
        "werving": {"nl": "Werving", "en": "Recruitment"},
        "onthaal": {"nl": "Onthaal", "en": "Reception"},
        "kennismaking": {"nl": "Kennismaking", "en": "Intake"},
        "duos_vormen": {"nl": "Duo's vormen", "en": "Forming duos"},
        "opvolging": {"nl": "Opvolging", "en": "Follow-up"},
    },
    "status": {
        "actief": {"nl": "Actief", "en": "Active"},
        "afgerond": {"nl": "Afgerond", "en": "Completed"},
        "vroegtijdig_gestopt": {"nl": "Vroegtijdig gestopt", "en": "Ended early"},
    },
    "regio": {
        "vlaanderen": {"nl": "Vlaanderen", "en": "Flanders"},
        "brussel": {"nl": "Brussel", "en": "Brussels"},
        "totaal": {"nl": "Vlaanderen en Brussel", "en": "Flanders and Brussels"},
    },
    "rol": {
        "inburgeraar": {"nl": "Inburgeraar", "en": "Newcomer"},
        "coach": {"nl": "Coach", "en": "Coach"},
    },
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"Unknown language {lang!r}; choose from {', '.join(LANGS)}.")
    return lang


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The text for `key` in `lang`, placeholders filled. A missing key is a bug: it raises."""
    text = STRINGS[key][check_lang(lang)]
    return text.format(**params) if params else text


def rule_label(rule: str | None, lang: str = DEFAULT_LANG) -> str:
    """Short name of a validation rule; an unknown code is shown as itself rather than hidden."""
    if rule is None:
        return ""
    return RULE_LABELS.get(rule, {}).get(check_lang(lang), rule)


def code_label(group: str, code: str | None, lang: str = DEFAULT_LANG) -> str:
    if code is None:
        return ""
    return CODE_LABELS.get(group, {}).get(code, {}).get(check_lang(lang), code)


def missing_translations(table: Mapping[str, Mapping[str, str]]) -> list[str]:
    """Keys that lack one of the languages (the tests require none)."""
    return sorted(k for k, v in table.items() if set(v) != set(LANGS) or not all(v.values()))


class Translator:
    """`t` bound to one language, for templates: `{{ t('dq_title') }}`."""

    def __init__(self, lang: str) -> None:
        self.lang = check_lang(lang)

    def __call__(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def rule(self, rule: str | None) -> str:
        return rule_label(rule, self.lang)

    def code(self, group: str, code: str | None) -> str:
        return code_label(group, code, self.lang)
