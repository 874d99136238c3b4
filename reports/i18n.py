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
    "dq_more_lines": {
        "nl": "En nog {n} meldingen voor dit bestand: ze staan allemaal in het XLSX-bestand van dit rapport, "
              "tabblad Meldingen. Vaak hebben ze één oorzaak: verbeter de eerste en lever het bestand opnieuw aan.",
        "en": "And {n} more problems for this file: all of them are in this report's XLSX file, sheet Problems. "
              "They often share one cause: fix the first ones and deliver the file again.",
    },
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


# --- the jaarrapport and the initiatiefrapport ----------------------------------------------------------------
# Kept apart from the framework's strings above for readability; merged into STRINGS below, so `t()` and the
# completeness test see one table.
REPORT_STRINGS: dict[str, dict[str, str]] = {
    # titles and page 1
    "jr_title": {"nl": "Jaarrapport {year}", "en": "Annual report {year}"},
    "jr_subtitle": {"nl": "Samen Inburgeren in Vlaanderen en Brussel", "en": "Samen Inburgeren in Flanders and Brussels"},
    "jr_lead": {
        "nl": "Wat de lokale initiatieven van Samen Inburgeren in {year} deden: hoeveel duo's er liepen en hoe ze "
              "verliepen, hoeveel coördinatietijd dat vroeg naast het handboek, en hoe deelnemers zichzelf beoordeelden "
              "bij begin en einde.",
        "en": "What the local Samen Inburgeren initiatives did in {year}: how many duos ran and how they went, how much "
              "coordination time that took next to the handbook, and how participants rated themselves at the start "
              "and at the end.",
    },
    "jr_no_data": {"nl": "Er zijn geen gegevens over {year} in het warehouse.",
                   "en": "The warehouse holds no data about {year}."},
    "jr_together_apart": {"nl": "Vlaanderen en Brussel, samen en apart", "en": "Flanders and Brussels, together and apart"},
    "jr_highlights": {"nl": "Wat valt op", "en": "What stands out"},
    "jr_key_title": {"nl": "Kerncijfers per regio", "en": "Key figures per region"},
    "jr_key_note": {
        "nl": "Afgerond: aandeel van de duo's die in het jaar eindigden. Ritme: aandeel van de actieve duo's met een "
              "ontmoeting in minstens drie op de vier periodes van 14 dagen. Verandering: gemiddelde verandering op "
              "'durft Nederlands spreken' (schaal 1–5) tussen kennismaking en afsluiting.",
        "en": "Completed: share of the duos that ended in the year. Rhythm: share of the active duos with a meeting in "
              "at least three out of four 14-day periods. Change: mean change in 'dares to speak Dutch' (scale 1–5) "
              "between intake and closing.",
    },
    "jr_xlsx_note": {"nl": "Jaarrapport {year} van Samen Inburgeren: alle tabellen van het rapport.",
                     "en": "Samen Inburgeren annual report {year}: every table of the report."},
    "tile_started": {"nl": "duo's gestart", "en": "duos started"},
    "tile_active": {"nl": "duo's actief", "en": "duos active"},
    "tile_completed": {"nl": "afgerond", "en": "completed"},
    "tile_completed_note": {"nl": "van de beëindigde duo's", "en": "of the duos that ended"},
    "tile_rhythm": {"nl": "tweewekelijks ritme", "en": "fortnightly rhythm"},
    "tile_rhythm_note": {"nl": "van de actieve duo's", "en": "of the active duos"},
    "tile_hours": {"nl": "coördinatie-uren", "en": "coordination hours"},
    "tile_hours_per_duo": {"nl": "uur per gestart duo", "en": "hours per duo started"},
    "tile_fte": {"nl": "VTE coördinatie", "en": "FTE coordination"},
    "tile_change_dutch": {"nl": "durft Nederlands spreken", "en": "dares to speak Dutch"},
    "tile_change_dutch_note": {"nl": "gemiddelde verandering (1–5)", "en": "mean change (1–5)"},
    "tile_cost_per_duo": {"nl": "kost per duo", "en": "cost per duo"},
    "tile_cost_per_duo_note": {"nl": "personeel + andere kosten", "en": "staff + other costs"},
    "hl_duos": {"nl": "In {year} startten {started} duo's en waren er {active} actief, bij {initiatives} initiatieven.",
                "en": "In {year}, {started} duos started and {active} were active, at {initiatives} initiatives."},
    "hl_completed": {"nl": "Van de duo's die eindigden, rondde {share} het traject af.",
                     "en": "Of the duos that ended, {share} completed the programme."},
    "hl_rhythm": {"nl": "{rhythm} van de duo's hield het tweewekelijkse ritme aan; {hours} haalde gemiddeld 2 uur per "
                        "14 dagen.",
                  "en": "{rhythm} of the duos kept the fortnightly rhythm; {hours} met the average of 2 hours per "
                        "14 days."},
    "hl_hours": {"nl": "De coördinatoren registreerden {hours} uur: {per_duo} uur per gestart duo, samen {fte} VTE.",
                 "en": "Coordinators logged {hours} hours: {per_duo} hours per duo started, {fte} FTE in all."},
    "hl_first_phase": {"nl": "{share} ging naar de eerste fase (het handboek: ruim 60%).",
                       "en": "{share} went to the first phase (the handbook: over 60%)."},
    "hl_dutch": {"nl": "Bij de afsluiting scoorden inburgeraars zich gemiddeld {change} punt hoger op 'durft Nederlands "
                       "spreken' dan bij de kennismaking (95%-interval {low} tot {high}; {n} inburgeraars).",
                 "en": "At closing, newcomers rated themselves {change} points higher on average on 'dares to speak "
                       "Dutch' than at intake (95% interval {low} to {high}; {n} newcomers)."},
    "hl_leverage": {"nl": "De coaches zetten {hours} uur vrijwillige tijd in; die tijd is tussen {low} en {high} waard.",
                    "en": "The coaches gave {hours} hours of volunteer time, worth between {low} and {high}."},
    # sections
    "sec_participation": {"nl": "Deelname", "en": "Participation"},
    "sec_participation_intro": {
        "nl": "Hoeveel duo's liepen er in {year}, hoe eindigden ze, en kwamen ze samen zoals het model vraagt: minstens "
              "om de twee weken, minstens twee uur per twee weken, zes tot twaalf maanden lang?",
        "en": "How many duos ran in {year}, how did they end, and did they meet as the model asks: at least every two "
              "weeks, at least two hours per two weeks, for six to twelve months?",
    },
    "sec_time": {"nl": "Tijdsinvestering", "en": "Time investment"},
    "sec_time_intro": {
        "nl": "Hoeveel coördinatietijd vraagt een duo? De initiatieven naast de drie voorbeelden uit het handboek "
              "(Meervelde, Zonnegem, Braam) en de intensieve norm van een halve VTE voor ongeveer 50 duo's per jaar.",
        "en": "How much coordination time does a duo take? The initiatives next to the three handbook examples "
              "(Meervelde, Zonnegem, Braam) and the intensive norm of half an FTE for about 50 duos a year.",
    },
    "sec_impact": {"nl": "Impact", "en": "Impact"},
    "sec_impact_intro": {
        "nl": "Dezelfde deelnemers beoordeelden zichzelf bij de kennismaking en bij de afsluiting op een schaal van 1 "
              "(helemaal niet) tot 5 (helemaal wel). Elke score hoort bij een beleidsdoel uit de FAQ.",
        "en": "The same participants rated themselves at intake and at closing on a scale from 1 (not at all) to 5 "
              "(completely). Each score belongs to a policy goal of the FAQ.",
    },
    "impact_caveat": {
        "nl": "Een verandering tussen kennismaking en afsluiting is geen bewezen effect van Samen Inburgeren: er is geen "
              "vergelijkingsgroep, de scores zijn zelfbeoordelingen, en wie vroeg stopte of geen afsluiting invulde, "
              "ontbreekt grotendeels.",
        "en": "A change between intake and closing is not a proven effect of Samen Inburgeren: there is no comparison "
              "group, the scores are self-ratings, and those who stopped early or skipped the closing are largely "
              "missing.",
    },
    "sec_channels": {"nl": "Toeleiding en vrijwillige inzet", "en": "Channels and volunteer time"},
    "sec_channels_intro": {
        "nl": "Langs welke weg kwamen inburgeraars en coaches bij Samen Inburgeren, en hoeveel vrijwillige tijd zetten "
              "de coaches in tegenover de tijd van de coördinatoren?",
        "en": "How did newcomers and coaches come to Samen Inburgeren, and how much volunteer time did the coaches "
              "give next to the coordinators' time?",
    },
    "sec_leverage": {"nl": "Vrijwillige inzet van de coaches", "en": "The coaches' volunteer time"},
    "leverage_sentence": {
        "nl": "De coaches waren {hours} uur samen met hun inburgeraar, tegenover {coord} coördinatie-uren: {ratio} uur "
              "vrijwillige tijd per coördinatie-uur. Gewaardeerd tussen {low_rate} en {high_rate} per uur is die tijd "
              "tussen {low} en {high} waard — een bereik, geen 'opbrengst'.",
        "en": "The coaches spent {hours} hours with their newcomer, against {coord} coordination hours: {ratio} hours "
              "of volunteer time per coordination hour. Valued at between {low_rate} and {high_rate} an hour, that "
              "time is worth between {low} and {high} — a range, not a 'return'.",
    },
    "sec_trends": {"nl": "Evolutie over de jaren", "en": "Trends over the years"},
    "sec_trends_intro": {"nl": "De kerncijfers voor heel Vlaanderen en Brussel, jaar na jaar.",
                         "en": "The key figures for all of Flanders and Brussels, year by year."},
    "sec_areas": {"nl": "Per provincie en soort organisator", "en": "By province and type of organiser"},
    "sec_areas_intro": {
        "nl": "Dezelfde cijfers per provincie (Brussel heeft geen provincie) en per soort organisator.",
        "en": "The same figures per province (Brussels has no province) and per type of organiser.",
    },
    "sec_coverage": {"nl": "Dekking en datakwaliteit", "en": "Coverage and data quality"},
    "sec_coverage_intro": {
        "nl": "Welke initiatieven leverden welke gegevens over {year}? {complete} van de {all} initiatieven leverden "
              "alle soorten gegevens. Ontbrekende gegevens maken de cijfers onvollediger, niet fout; elk initiatief "
              "krijgt een eigen datakwaliteitsrapport met elke geweigerde rij.",
        "en": "Which initiatives delivered which data about {year}? {complete} of the {all} initiatives delivered "
              "every kind of data. Missing data makes the figures less complete, not wrong; every initiative gets its "
              "own data-quality report with every refused row.",
    },
    "sec_method": {"nl": "Methode", "en": "Method"},
    "sec_method_intro": {
        "nl": "Hoe de cijfers in dit rapport berekend zijn, wat ze wel en niet kunnen tonen, en hoe we personen "
              "onherkenbaar houden.",
        "en": "How the figures in this report are computed, what they can and cannot show, and how we keep persons "
              "unrecognisable.",
    },
    "method_definitions": {"nl": "Begrippen", "en": "Definitions"},
    "method_prepost": {"nl": "Wat een voor- en nameting wel en niet toont", "en": "What a before-and-after measure can and cannot show"},
    "method_sources": {"nl": "Bronnen en aannames", "en": "Sources and assumptions"},
    "method_prepost_can": {
        "nl": "De impactcijfers tonen hoe dezelfde deelnemers zichzelf beoordeelden bij de kennismaking en bij de "
              "afsluiting: hoe ver het gemiddelde opschoof, hoe precies we dat weten (het 95%-interval: bij veel "
              "herhalingen bevat zo'n interval de echte gemiddelde verandering in 95 van de 100 gevallen), en hoeveel "
              "deelnemers van beëindigde duo's ontbreken (de respons).",
        "en": "The impact figures show how the same participants rated themselves at intake and at closing: how far "
              "the average moved, how precisely we know it (the 95% interval: over many repetitions such an interval "
              "holds the true mean change in 95 cases out of 100), and how many participants of ended duos are "
              "missing (the response).",
    },
    "method_prepost_cannot": {
        "nl": "Ze tonen niet dat Samen Inburgeren die verandering veroorzaakte. Er is geen vergelijkingsgroep zonder "
              "duo; de scores zijn zelfbeoordelingen, die na een positieve ervaring vaak hoger uitvallen; en wie "
              "vroegtijdig stopte of geen afsluitend gesprek had, ontbreekt grotendeels, zodat het beeld eerder te "
              "gunstig is. Daarom staat de vergelijking tussen afgeronde en vroegtijdig gestopte duo's erbij.",
        "en": "They do not show that Samen Inburgeren caused the change. There is no comparison group without a duo; "
              "the scores are self-ratings, which tend to be higher after a positive experience; and those who stopped "
              "early or had no closing conversation are largely missing, so the picture is rather too favourable. "
              "That is why the comparison between completed and early-ended duos is included.",
    },
    "method_guard": {
        "nl": "Een aandeel naast een afgerond aantal kan een klein aantal verraden (3 van 11 is 27%). Daarom tonen we "
              "onder het niveau van heel Vlaanderen en Brussel een aandeel ook niet wanneer de groep die het telt, of "
              "de rest, 1 tot 9 personen of duo's bevat. Gemiddelden en intervallen van de scores steunen op het "
              "aantal personen, niet op het aantal paren.",
        "en": "A share next to a rounded count can give a small count away (3 of 11 is 27%). Below the level of all "
              "of Flanders and Brussels we therefore also withhold a share when the group it counts, or the rest, "
              "holds 1 to 9 persons or duos. Means and intervals of the scores are judged on the number of persons, "
              "not of pairs.",
    },
    "method_exact_levels": {
        "nl": "Gestarte en actieve duo's, uren, VTE en kosten per provincie, soort organisator of regio zijn sommen "
              "van die kerncijfers van de initiatieven en staan er dus ook exact.",
        "en": "Duos started and active, hours, FTE and costs per province, organiser type or region are sums of those "
              "headline figures of the initiatives and are therefore shown exactly too.",
    },
    "method_km": {
        "nl": "De retentiecurve (Kaplan–Meier) tekenen we zolang minstens 10 duo's nog gevolgd worden; het aandeel na "
              "3, 6 en 12 maanden staat er enkel als op dat moment minstens 10 duo's gevolgd werden.",
        "en": "The retention curve (Kaplan–Meier) is drawn as long as at least 10 duos are still followed; the share "
              "after 3, 6 and 12 months is shown only when at least 10 duos were followed at that moment.",
    },
    "method_handbook": {"nl": "Handboekvoorbeelden en intensieve norm: {citation}.",
                        "en": "Handbook examples and intensive norm: {citation}."},
    "method_value_low": {"nl": "Waarde van vrijwilligerstijd, ondergrens {eur} per uur: {source}",
                         "en": "Value of volunteer time, lower bound {eur} an hour: {source}"},
    "method_value_high": {"nl": "Waarde van vrijwilligerstijd, bovengrens {eur} per uur: {source}",
                          "en": "Value of volunteer time, upper bound {eur} an hour: {source}"},
    "method_as_of": {"nl": "Alle cijfers zijn berekend met peildatum {date}: wat later gebeurde of binnenkwam, telt "
                           "niet mee.",
                     "en": "All figures are computed as of {date}: what happened or arrived later does not count."},
    # definitions (term, text)
    "def_duo_term": {"nl": "Duo", "en": "Duo"},
    "def_duo": {"nl": "Een inburgeraar en een vrijwillige coach die 6 tot 12 maanden samen optrekken.",
                "en": "A newcomer and a volunteer coach who spend 6 to 12 months together."},
    "def_started_term": {"nl": "Gestart", "en": "Started"},
    "def_started": {"nl": "De startdatum van het duo valt in het jaar.", "en": "The duo's start date falls in the year."},
    "def_active_term": {"nl": "Actief", "en": "Active"},
    "def_active": {"nl": "Het duo liep op minstens één dag van het jaar (tot de peildatum).",
                   "en": "The duo ran on at least one day of the year (up to the as-of date)."},
    "def_ended_term": {"nl": "Beëindigd", "en": "Ended"},
    "def_ended": {"nl": "De einddatum valt in het jaar, op of voor de peildatum.",
                  "en": "The end date falls in the year, on or before the as-of date."},
    "def_completed_term": {"nl": "Afgerond", "en": "Completed"},
    "def_completed": {"nl": "Beëindigd met reden 'afgerond', of zonder reden op of na de geplande einddatum.",
                      "en": "Ended with reason 'completed', or without a reason on or after the planned end date."},
    "def_early_term": {"nl": "Vroegtijdig gestopt", "en": "Ended early"},
    "def_early": {"nl": "Elk ander einde (ook verhuisd); 'zeer vroeg' is binnen drie maanden na de start.",
                  "en": "Any other end (moving away included); 'very early' is within three months of the start."},
    "def_rhythm_term": {"nl": "Ritme", "en": "Rhythm"},
    "def_rhythm": {"nl": "Het aandeel volledige periodes van 14 dagen sinds de start met minstens één ontmoeting; een duo "
                         "houdt het ritme aan vanaf 75%.",
                   "en": "The share of complete 14-day periods since the start with at least one meeting; a duo keeps "
                         "the rhythm from 75%."},
    "def_hours2_term": {"nl": "2 uur per 14 dagen", "en": "2 hours per 14 days"},
    "def_hours2": {"nl": "Het duo was gemiddeld minstens 2 uur samen per volledige periode van 14 dagen.",
                   "en": "The duo met for at least 2 hours on average per complete 14-day period."},
    "def_track40_term": {"nl": "40 uur", "en": "40 hours"},
    "def_track40": {"nl": "Inburgeraars in een inburgeringstraject van wie het duo eindigde en die minstens 40 uur "
                          "ontmoetingen hadden (het luik participatie en netwerk).",
                    "en": "Newcomers in an integration programme whose duo ended and who had at least 40 hours of "
                          "meetings (the participation and network part)."},
    "def_retention_term": {"nl": "Retentie", "en": "Retention"},
    "def_retention": {"nl": "Het geschatte aandeel duo's dat na zoveel maanden nog niet vroegtijdig gestopt is "
                            "(Kaplan–Meier; de geplande einddatum halen is geen uitval).",
                      "en": "The estimated share of duos not yet ended early after so many months (Kaplan–Meier; "
                            "reaching the planned end is not drop-out)."},
    "def_hours_term": {"nl": "Coördinatie-uren", "en": "Coordination hours"},
    "def_hours": {"nl": "Persoonsuren uit de tijdsregistratie van de coördinatoren, per fase.",
                  "en": "Person-hours from the coordinators' time log, per phase."},
    "def_hours_per_duo_term": {"nl": "Uren per duo", "en": "Hours per duo"},
    "def_hours_per_duo": {"nl": "Coördinatie-uren van het jaar gedeeld door de duo's die in dat jaar startten.",
                          "en": "Coordination hours of the year divided by the duos that started in that year."},
    "def_first_phase_term": {"nl": "Eerste fase", "en": "First phase"},
    "def_first_phase": {"nl": "Werving, onthaal, kennismaking en duo's vormen samen (de FAQ: ruim 60% van de tijd).",
                        "en": "Recruitment, reception, intake and forming duos together (the FAQ: over 60% of the "
                              "time)."},
    "def_fte_term": {"nl": "VTE", "en": "FTE"},
    "def_fte": {"nl": "Uren gedeeld door de werkuren van een voltijdse medewerker per jaar (1.600 tenzij het initiatief "
                      "iets anders opgeeft).",
                "en": "Hours divided by the working hours of a full-time employee per year (1,600 unless the "
                      "initiative gives its own)."},
    "def_cost_term": {"nl": "Kost per duo", "en": "Cost per duo"},
    "def_cost": {"nl": "Uren maal de uurkost van het initiatief, plus de andere opgegeven kosten (een opgegeven "
                       "loonkost telt niet dubbel), gedeeld door de gestarte duo's.",
                 "en": "Hours times the initiative's hourly cost, plus the other reported costs (a reported payroll "
                       "cost is not counted twice), divided by the duos started."},
    "def_peers_term": {"nl": "Vergelijkbare initiatieven", "en": "Peers"},
    "def_peers": {"nl": "Andere initiatieven met uren in hetzelfde jaar en even veel gestarte duo's (1–19, 20–49, "
                        "50–99, 100+); mediaan en kwartielen enkel bij minstens 5.",
                  "en": "Other initiatives with hours in the same year and a similar number of duos started (1–19, "
                        "20–49, 50–99, 100+); median and quartiles only with at least 5."},
    "def_pairs_term": {"nl": "Paar", "en": "Pair"},
    "def_pairs": {"nl": "Een afsluiting van een deelnemer met een kennismaking in hetzelfde initiatief, met de score "
                        "op beide momenten ingevuld; het jaar is dat van de afsluiting.",
                  "en": "A closing of a participant with an intake at the same initiative, the score filled in at both; "
                        "the year is that of the closing."},
    "def_interval_term": {"nl": "95%-interval", "en": "95% interval"},
    "def_interval": {"nl": "Een t-interval rond de gemiddelde verandering: breed bij weinig paren, smaller bij veel.",
                     "en": "A t-interval around the mean change: wide with few pairs, narrower with many."},
    "def_leverage_term": {"nl": "Vrijwillige inzet", "en": "Volunteer time"},
    "def_leverage": {"nl": "De ontmoetingsuren van de duo's (een ondergrens: verplaatsing en voorbereiding worden niet "
                           "geregistreerd), gewaardeerd als bereik tussen twee uurwaarden.",
                     "en": "The duos' meeting hours (a lower bound: travel and preparation are not logged), valued as a "
                           "range between two hourly values."},
    # shared table titles and notes
    "tbl_duos_title": {"nl": "Duo's: gestart, actief en hoe ze eindigden", "en": "Duos: started, active and how they ended"},
    "tbl_duos_note": {"nl": "Aandelen zijn berekend op de duo's die in het jaar eindigden.",
                      "en": "Shares are of the duos that ended in the year."},
    "tbl_rhythm_title": {"nl": "Ritme en uren van de actieve duo's", "en": "Rhythm and hours of the active duos"},
    "tbl_rhythm_note": {
        "nl": "Beoordeeld: actieve duo's met minstens één volledige periode van 14 dagen. Nederlands geoefend: aandeel "
              "van de ontmoetingen waar het gemeld werd. 40 uur: van de inburgeraars in een traject van wie het duo "
              "eindigde.",
        "en": "Assessed: active duos with at least one complete 14-day period. Dutch practised: share of the meetings "
              "where it was recorded. 40 hours: of the newcomers in a programme whose duo ended.",
    },
    "tbl_rhythm_bins_title": {"nl": "Actieve duo's naar ritme, {year}", "en": "Active duos by rhythm, {year}"},
    "fig_rhythm_title": {"nl": "Hoe regelmatig kwamen de duo's samen? ({year})", "en": "How regularly did the duos meet? ({year})"},
    "fig_rhythm_caption": {
        "nl": "Aantal actieve duo's naar het aandeel periodes van 14 dagen met een ontmoeting; vanaf 75% houdt een duo "
              "het tweewekelijkse ritme aan.",
        "en": "Number of active duos by the share of 14-day periods with a meeting; from 75% a duo keeps the "
              "fortnightly rhythm.",
    },
    "axis_rhythm": {"nl": "Aandeel periodes van 14 dagen met een ontmoeting", "en": "Share of 14-day periods with a meeting"},
    "col_rhythm_class": {"nl": "Ritme", "en": "Rhythm"},
    "tbl_retention_title": {"nl": "Nog lopend na 3, 6 en 12 maanden", "en": "Still running after 3, 6 and 12 months"},
    "tbl_retention_note": {
        "nl": "Aandeel duo's dat nog niet vroegtijdig gestopt was (Kaplan–Meier), met 95%-interval; gevolgd: duo's die "
              "op dat moment nog in de berekening zaten.",
        "en": "Share of duos not yet ended early (Kaplan–Meier), with 95% interval; followed: duos still in the "
              "calculation at that moment.",
    },
    "fig_retention_title": {"nl": "Hoe lang houden duo's het vol?", "en": "How long do duos keep going?"},
    "fig_retention_caption": {
        "nl": "Aandeel duo's dat nog niet vroegtijdig gestopt is, per maand sinds de start, met het 95%-interval als "
              "band; de lijn stopt waar minder dan 10 duo's gevolgd worden.",
        "en": "Share of duos not yet ended early, by month since the start, with the 95% interval as a band; the line "
              "stops where fewer than 10 duos are followed.",
    },
    "cohort_all": {"nl": "Alle startjaren", "en": "All start years"},
    "cohort_year": {"nl": "Gestart in {year}", "en": "Started in {year}"},
    "tbl_impact_note": {
        "nl": "Schaal 1–5. Verschil: gemiddelde na min voor, met 95%-interval. Respons: deelnemers van beëindigde "
              "duo's met een afsluiting. Beter/slechter: aandeel paren met een hogere/lagere score.",
        "en": "Scale 1–5. Change: mean after minus before, with 95% interval. Response: participants of ended duos "
              "with a closing. Better/worse: share of pairs with a higher/lower score.",
    },
    "fig_forest_caption": {
        "nl": "Gemiddelde verandering per score tussen kennismaking en afsluiting, met het 95%-interval; rechts van de "
              "stippellijn is vooruitgang.",
        "en": "Mean change per score between intake and closing, with the 95% interval; right of the dotted line is "
              "progress.",
    },
    "fig_forest_title": {"nl": "Verandering per score, afsluitingen in {year}", "en": "Change per score, closings in {year}"},
    "tbl_goals_title": {"nl": "Doelen, tevredenheid en contact, afsluitingen in {year}",
                        "en": "Goals, satisfaction and contact, closings in {year}"},
    "tbl_goals_note": {
        "nl": "Doelbereik van wie op de vraag antwoordde (zonder 'geen doel'); een inburgeraar met twee doelen telt bij "
              "beide. Tevredenheid: gemiddelde op 1–5. Contact: aandeel dat zegt dat het contact blijft.",
        "en": "Goal attainment of those who answered (without 'no goal'); a newcomer with two goals counts under "
              "both. Satisfaction: mean on 1–5. Contact: share who say contact continues.",
    },
    "goal_all_role": {"nl": "Alle afsluitingen ({role}s)", "en": "All closings ({role}s)"},
    "tbl_leverage_title": {"nl": "Uren van de coaches tegenover coördinatie-uren", "en": "Coach hours against coordination hours"},
    "tbl_leverage_note": {
        "nl": "Waarde van de vrijwilligerstijd als bereik: ondergrens aan het minimumloon, bovengrens aan de gemiddelde "
              "loonkost per uur (zie Methode). Geen 'opbrengst' van het programma.",
        "en": "Value of the volunteer time as a range: lower bound at the minimum wage, upper bound at the average "
              "hourly labour cost (see Method). Not a 'return' of the programme.",
    },
    "tbl_activities_title": {"nl": "Wat de duo's samen deden, {year}", "en": "What the duos did together, {year}"},
    "tbl_activities_note": {"nl": "Ontmoetingen en uren per activiteit; de duo's kiezen zelf wat ze doen.",
                            "en": "Meetings and hours per activity; the duos choose what they do."},
    "tbl_profile_title": {"nl": "Wie waren de inburgeraars? ({year})", "en": "Who were the newcomers? ({year})"},
    "tbl_profile_note": {"nl": "Heel Vlaanderen en Brussel; aandeel van de inburgeraars met een kennismaking.",
                         "en": "All of Flanders and Brussels; share of the newcomers with an intake."},
    "profile_lead": {"nl": "{n} inburgeraars hadden een actief duo; de helft woonde minder dan {years} jaar in België. "
                           "Deelnemen vraagt geen bepaald taalniveau of traject.",
                     "en": "{n} newcomers had an active duo; half had lived in Belgium for less than {years} years. "
                           "Taking part requires no particular language level or programme."},
    "profile_taalniveau": {"nl": "Taalniveau Nederlands", "en": "Level of Dutch"},
    "profile_traject": {"nl": "Inburgeringstraject", "en": "Integration programme"},
    "tbl_handbook_title": {"nl": "De drie voorbeelden uit het handboek", "en": "The three handbook examples"},
    "tbl_handbook_note": {"nl": "Uren van twee coördinatoren samen, voorbereiding inbegrepen, over de hele periode. "
                                "Bron: {citation}.",
                          "en": "Hours of two coordinators together, preparation included, over the whole period. "
                                "Source: {citation}."},
    "tbl_phase_shares_title": {"nl": "Uren per fase, {year}", "en": "Hours per phase, {year}"},
    "tbl_phase_shares_note": {"nl": "Alle initiatieven samen, naast de verdeling in de handboekvoorbeelden.",
                              "en": "All initiatives together, next to the distribution in the handbook examples."},
    "fig_phase_shares_title": {"nl": "Waar gaat de coördinatietijd naartoe? ({year})",
                               "en": "Where does the coordination time go? ({year})"},
    "fig_phase_shares_caption": {
        "nl": "Aandeel van de coördinatie-uren per fase, alle initiatieven samen, naast de drie voorbeelden uit het "
              "handboek.",
        "en": "Share of coordination hours per phase, all initiatives together, next to the three handbook examples.",
    },
    "fig_scale_title": {"nl": "Uren per duo en aantal duo's ({year})", "en": "Hours per duo and number of duos ({year})"},
    "fig_scale_caption": {
        "nl": "Elk punt is een initiatief (duo's gestart in het jaar) of een handboekvoorbeeld (duo's per jaar); "
              "logaritmische assen. Grotere initiatieven hebben vaak minder uren per duo nodig.",
        "en": "Each point is an initiative (duos started in the year) or a handbook example (duos per year); log "
              "axes. Larger initiatives often need fewer hours per duo.",
    },
    "series_all_year": {"nl": "Alle initiatieven {year}", "en": "All initiatives {year}"},
    "series_initiatives_year": {"nl": "Initiatieven {year}", "en": "Initiatives {year}"},
    "series_norm": {"nl": "Intensieve norm", "en": "Intensive norm"},
    "tbl_time_initiatives_title": {"nl": "Tijdsinvestering per initiatief, {year}", "en": "Time investment per initiative, {year}"},
    "tbl_time_initiatives_note": {
        "nl": "Kerncijfers van de initiatieven zelf: exact. Personeelskost = uren × uurkost van het initiatief; kost per "
              "duo telt ook de andere opgegeven kosten.",
        "en": "The initiatives' own headline figures: exact. Staff cost = hours × the initiative's hourly cost; cost "
              "per duo also counts the other reported costs.",
    },
    "tbl_time_levels_title": {"nl": "Tijdsinvestering per provincie, organisator en regio, {year}",
                              "en": "Time investment per province, organiser and region, {year}"},
    "tbl_time_levels_note": {"nl": "Uren per duo is de som van de uren gedeeld door de som van de gestarte duo's; de "
                                   "mediaan is die over de initiatieven.",
                             "en": "Hours per duo is the sum of hours divided by the sum of duos started; the median "
                                   "is across the initiatives."},
    "level_provincie": {"nl": "Provincie", "en": "Province"},
    "level_organisator": {"nl": "Organisator", "en": "Organiser"},
    "level_regio": {"nl": "Regio", "en": "Region"},
    "level_totaal": {"nl": "Totaal", "en": "Total"},
    "tbl_impact_total_title": {"nl": "Verandering per score, Vlaanderen en Brussel, {year}",
                               "en": "Change per score, Flanders and Brussels, {year}"},
    "tbl_impact_regions_title": {"nl": "Verandering per score, Vlaanderen en Brussel apart, {year}",
                                 "en": "Change per score, Flanders and Brussels apart, {year}"},
    "tbl_selection_title": {"nl": "Afgerond of vroegtijdig gestopt, {year}", "en": "Completed or ended early, {year}"},
    "tbl_selection_note": {
        "nl": "Wie vroegtijdig stopte en toch een afsluiting invulde, naast wie afrondde: een groot verschil wijst op "
              "selectie, niet op een effect.",
        "en": "Those who ended early but still filled in a closing, next to those who completed: a large difference "
              "points to selection, not to an effect.",
    },
    "tbl_policy_goals_title": {"nl": "Welke score zegt iets over welk beleidsdoel", "en": "Which score speaks to which policy goal"},
    "tbl_policy_goals_note": {"nl": "De koppeling is een lezing van dit project, niet van de FAQ; geen score meet een doel "
                                    "op het niveau van de gemeente.",
                              "en": "The mapping is this project's reading, not the FAQ's; no score measures a goal at "
                                    "the level of the municipality."},
    "tbl_channels_title": {"nl": "Toeleiding: aanmeldingen in {year} per kanaal", "en": "Channels: sign-ups in {year} per channel"},
    "tbl_channels_note": {
        "nl": "Gekoppeld: in een duo geplaatst. Afgerond: aandeel van wie zijn duo al beëindigde. Welke partners "
              "brengen mensen die blijven?",
        "en": "Matched: placed in a duo. Completed: share of those whose duo has already ended. Which partners bring "
              "people who stay?",
    },
    "fig_channels_title": {"nl": "Langs welke weg kwamen deelnemers? ({year})", "en": "How did participants come? ({year})"},
    "fig_channels_caption": {"nl": "Aanmeldingen per toeleidingskanaal, inburgeraars en coaches.",
                             "en": "Sign-ups per channel, newcomers and coaches."},
    "tbl_trends_title": {"nl": "Kerncijfers per jaar, Vlaanderen en Brussel", "en": "Key figures per year, Flanders and Brussels"},
    "tbl_trends_note": {"nl": "Het lopende jaar is onvolledig tot de peildatum.",
                        "en": "The current year is incomplete up to the as-of date."},
    "fig_trend_duos_title": {"nl": "Gestarte en actieve duo's per jaar", "en": "Duos started and active per year"},
    "fig_trend_duos_caption": {"nl": "Heel Vlaanderen en Brussel.", "en": "All of Flanders and Brussels."},
    "fig_trend_shares_title": {"nl": "Afronding en ritme per jaar", "en": "Completion and rhythm per year"},
    "fig_trend_shares_caption": {
        "nl": "Aandeel afgerond van de beëindigde duo's, en aandeel actieve duo's met het tweewekelijkse ritme en met "
              "2 uur per 14 dagen.",
        "en": "Share completed of the ended duos, and share of active duos keeping the fortnightly rhythm and "
              "meeting 2 hours per 14 days.",
    },
    "series_completed": {"nl": "Afgerond", "en": "Completed"},
    "series_rhythm": {"nl": "Ritme gehaald", "en": "Rhythm kept"},
    "series_2h": {"nl": "2 uur per 14 dagen", "en": "2 hours per 14 days"},
    "axis_duos_plain": {"nl": "Duo's", "en": "Duos"},
    "axis_share": {"nl": "Aandeel", "en": "Share"},
    "axis_hours_per_duo_plain": {"nl": "Uren per duo", "en": "Hours per duo"},
    "axis_people": {"nl": "Personen", "en": "People"},
    "tbl_provinces_title": {"nl": "Per provincie, {year}", "en": "Per province, {year}"},
    "tbl_organisers_title": {"nl": "Per soort organisator, {year}", "en": "Per type of organiser, {year}"},
    "tbl_area_note": {"nl": "Gestart en actief: sommen van de kerncijfers van de initiatieven, exact; andere aantallen "
                            "volgen de regel voor kleine aantallen.",
                      "en": "Started and active: sums of the initiatives' headline figures, exact; other counts follow "
                            "the small-count rule."},
    "tbl_coverage_title": {"nl": "Welke gegevens leverden de initiatieven over {year}?",
                           "en": "Which data did the initiatives deliver about {year}?"},
    "tbl_coverage_note": {
        "nl": "'ja': er zijn gegevens van die soort over het jaar. Rijen: over alle aangeleverde bestanden tot de "
              "peildatum (geweigerd: niet geladen; gemarkeerd: geladen, na te kijken). Dit zijn rijen in bestanden, "
              "geen personen.",
        "en": "'yes': there is data of that kind about the year. Rows: over all files delivered up to the as-of date "
              "(refused: not loaded; flagged: loaded, to be checked). These are rows in files, not persons.",
    },
    "yes": {"nl": "ja", "en": "yes"},
    "no_dash": {"nl": "–", "en": "–"},
    "not_registered": {"nl": "(niet in het register)", "en": "(not in the registry)"},
    "unknown": {"nl": "onbekend", "en": "unknown"},
    "whole_period": {"nl": "Hele periode", "en": "Whole period"},
    # the initiatiefrapport
    "ir_title": {"nl": "Initiatiefrapport {year}", "en": "Initiative report {year}"},
    "ir_key_title": {"nl": "Kerncijfers {year}", "en": "Key figures {year}"},
    "ir_key_note": {"nl": "Kerncijfers van het initiatief zelf: ze gaan niet over een persoon en staan er exact.",
                    "en": "The initiative's own headline figures: they are not about a person and are shown exactly."},
    "ir_xlsx_note": {"nl": "Initiatiefrapport {year} van {name}: alle tabellen van het rapport.",
                     "en": "Initiative report {year} of {name}: every table of the report."},
    "ir_lead_hours": {"nl": "In {year} besteedde {name} {hours} coördinatie-uren aan Samen Inburgeren ({fte} VTE), voor "
                            "{duos} gestarte duo's.",
                      "en": "In {year}, {name} spent {hours} coordination hours on Samen Inburgeren ({fte} FTE), for "
                            "{duos} duos started."},
    "ir_lead_per_duo": {"nl": "Dat is {per_duo} uur per duo.", "en": "That is {per_duo} hours per duo."},
    "ir_lead_refs": {"nl": "Ter vergelijking, in uren per duo: {refs}.", "en": "For comparison, in hours per duo: {refs}."},
    "ir_ref_part": {"nl": "{name} {per_duo}", "en": "{name} {per_duo}"},
    "ir_lead_peers": {"nl": "De {n} initiatieven van dezelfde grootte hadden in de helft van de gevallen {low} tot "
                            "{high} uur per duo (mediaan {median}).",
                      "en": "The {n} initiatives of the same size needed {low} to {high} hours per duo in half of the "
                            "cases (median {median})."},
    "ir_lead_no_peers": {"nl": "Een vergelijking met initiatieven van dezelfde grootte kan nog niet: daarvoor zijn er "
                               "minstens {minimum} nodig (nu {n}).",
                         "en": "A comparison with initiatives of the same size is not possible yet: it needs at least "
                               "{minimum} of them (now {n})."},
    "ir_lead_first_phase": {"nl": "{share} van de uren ging naar de eerste fase (aanmelding, kennismaking en start van de "
                                  "duo's); het handboek spreekt van ruim 60%.",
                            "en": "{share} of the hours went to the first phase (sign-up, intake and the start of the "
                                  "duos); the handbook speaks of over 60%."},
    "ir_no_hours": {"nl": "{name} registreerde geen coördinatie-uren over {year}; daarom ontbreken uren per duo, VTE en "
                          "kosten.",
                    "en": "{name} logged no coordination hours for {year}; hours per duo, FTE and costs are therefore "
                          "missing."},
    "ir_comparison_title": {"nl": "Naast het handboek, de norm en vergelijkbare initiatieven",
                            "en": "Next to the handbook, the norm and similar initiatives"},
    "ir_comparison_note": {
        "nl": "Handboekvoorbeelden per jaar (hun uren zijn totalen over 2 tot 5 jaar). Personeelskost per duo: uren per "
              "duo maal de uurkost van dit initiatief. Verhouding: uw uren per duo gedeeld door die van de referentie "
              "(1,20 = 20% meer).",
        "en": "Handbook examples per year (their hours are totals over 2 to 5 years). Staff cost per duo: hours per duo "
              "times this initiative's hourly cost. Ratio: your hours per duo divided by the reference's (1.20 = 20% "
              "more).",
    },
    "peers_label": {"nl": "Vergelijkbare initiatieven ({band} duo's, n = {n}), mediaan",
                    "en": "Similar initiatives ({band} duos, n = {n}), median"},
    "ir_fte_default": {"nl": "Het register geeft geen werkuren per VTE op; de VTE is berekend met 1.600 uur per jaar.",
                       "en": "The registry gives no working hours per FTE; the FTE uses 1,600 hours a year."},
    "ir_no_rate": {"nl": "Het register geeft geen uurkost op; personeelskosten ontbreken.",
                   "en": "The registry gives no hourly cost; staff costs are missing."},
    "ir_phases_title": {"nl": "Uren per fase, {year}", "en": "Hours per phase, {year}"},
    "ir_phases_note": {"nl": "Uren per duo: uren van de fase gedeeld door de gestarte duo's; handboek: fase-uren gedeeld "
                             "door het aantal duo's van het voorbeeld.",
                       "en": "Hours per duo: the phase's hours divided by the duos started; handbook: phase hours "
                             "divided by the example's number of duos."},
    "ir_fig_phases_title": {"nl": "Uren per duo in elke fase, naast het handboek", "en": "Hours per duo in each phase, next to the handbook"},
    "ir_fig_phases_share_title": {"nl": "Aandeel van de uren per fase", "en": "Share of hours per phase"},
    "ir_fig_phases_caption": {
        "nl": "Coördinatie-uren per gestart duo, per fase: dit initiatief naast Meervelde, Zonnegem en Braam.",
        "en": "Coordination hours per duo started, per phase: this initiative next to Meervelde, Zonnegem and Braam.",
    },
    "ir_activities_title": {"nl": "Uren per activiteit, {year}", "en": "Hours per activity, {year}"},
    "ir_activities_note": {"nl": "Uit de tijdsregistratie van de coördinatoren (persoonsuren).",
                           "en": "From the coordinators' time log (person-hours)."},
    "ir_years_title": {"nl": "Tijdsinvestering en kosten per jaar", "en": "Time investment and costs per year"},
    "ir_years_note": {
        "nl": "Opgegeven loonkost staat apart en telt niet mee in de kost per duo (de personeelskost komt uit de uren). "
              "De hele periode is vergelijkbaar met de handboekvoorbeelden; VTE is dan per jaar.",
        "en": "A reported payroll cost is shown apart and not counted in the cost per duo (staff cost comes from the "
              "hours). The whole period compares with the handbook examples; FTE is then per year.",
    },
    "ir_funnel_title": {"nl": "Van aanmelding tot duo: aanmeldingen in {year}", "en": "From sign-up to duo: sign-ups in {year}"},
    "ir_funnel_note": {
        "nl": "Elke persoon telt één keer per stap. Lopend: het duo loopt nog. Mediaan dagen: van de aanmelding tot de "
              "eerste ontmoeting.",
        "en": "Each person counts once per step. Running: the duo is still running. Median days: from sign-up to the "
              "first meeting.",
    },
    "ir_fig_funnel_title": {"nl": "Hoeveel aanmeldingen werden een duo? ({year})", "en": "How many sign-ups became a duo? ({year})"},
    "ir_fig_funnel_caption": {"nl": "Personen per stap, inburgeraars en coaches die zich in het jaar aanmeldden.",
                              "en": "People per step, newcomers and coaches who signed up in the year."},
    "ir_waiting_heading": {"nl": "Wachtlijst op de peildatum", "en": "Waiting list at the as-of date"},
    "ir_waiting_title": {"nl": "Wie wacht op een duo?", "en": "Who is waiting for a duo?"},
    "ir_waiting_note": {"nl": "Mensen met een kennismaking en nog geen duo; wachttijd sinds de kennismaking.",
                        "en": "People with an intake and no duo yet; waiting time since the intake."},
    "ir_waiting_coaches": {"nl": "Er wachten meer inburgeraars dan coaches op een duo: werf coaches.",
                           "en": "More newcomers than coaches are waiting for a duo: recruit coaches."},
    "ir_waiting_inburgeraars": {"nl": "Er wachten meer coaches dan inburgeraars op een duo: werf inburgeraars.",
                                "en": "More coaches than newcomers are waiting for a duo: recruit newcomers."},
    "ir_waiting_evenwicht": {"nl": "Er wachten evenveel inburgeraars als coaches op een duo.",
                             "en": "As many newcomers as coaches are waiting for a duo."},
    "ir_waiting_none": {"nl": "Op de peildatum wacht niemand op een duo.", "en": "Nobody is waiting for a duo at the as-of date."},
    "ir_impact_title": {"nl": "Verandering per score, afsluitingen in {year}", "en": "Change per score, closings in {year}"},
    "ir_impact_total_title": {"nl": "Ter vergelijking: Vlaanderen en Brussel, {year}",
                              "en": "For comparison: Flanders and Brussels, {year}"},
    "ir_fig_forest_title": {"nl": "Verandering per score, naast heel Vlaanderen en Brussel ({year})",
                            "en": "Change per score, next to all of Flanders and Brussels ({year})"},
    "ir_fig_forest_caption": {
        "nl": "Gemiddelde verandering met 95%-interval; bij minder dan 10 deelnemers tonen we geen gemiddelde.",
        "en": "Mean change with 95% interval; with fewer than 10 participants no mean is shown.",
    },
    "ir_quality": {"nl": "Uit uw bestanden werden {read} rijen gelezen; {refused} werden geweigerd en {flagged} "
                         "gemarkeerd. Het datakwaliteitsrapport toont elke rij met wat er mis is.",
                   "en": "{read} rows were read from your files; {refused} were refused and {flagged} flagged. The "
                         "data-quality report lists every row with what is wrong."},
    "sec_time_own": {"nl": "Tijdsinvestering in detail", "en": "Time investment in detail"},
    "sec_time_own_intro": {"nl": "Waar de coördinatietijd van {name} naartoe ging, per fase en activiteit, en hoe dat "
                                 "zich verhoudt tot andere initiatieven en eerdere jaren.",
                           "en": "Where the coordination time of {name} went, per phase and activity, and how that "
                                 "compares with other initiatives and earlier years."},
    "sec_participation_own": {"nl": "Deelname", "en": "Participation"},
    "sec_participation_own_intro": {"nl": "De duo's van {name}: hoeveel, hoe ze eindigden en hoe regelmatig ze "
                                          "samenkwamen, jaar na jaar.",
                                    "en": "The duos of {name}: how many, how they ended and how regularly they met, "
                                          "year by year."},
    "sec_funnel": {"nl": "Van aanmelding tot duo", "en": "From sign-up to duo"},
    "sec_funnel_intro": {"nl": "Wie zich aanmeldde, een kennismaking had, een duo kreeg en startte — en wie nog wacht.",
                         "en": "Who signed up, had an intake, got a duo and started — and who is still waiting."},
    "sec_impact_own": {"nl": "Impact", "en": "Impact"},
    "sec_impact_own_intro": {"nl": "Hoe de eigen deelnemers zichzelf beoordeelden bij de kennismaking en bij de "
                                   "afsluiting, naast heel Vlaanderen en Brussel.",
                             "en": "How the initiative's own participants rated themselves at intake and at closing, "
                                   "next to all of Flanders and Brussels."},
    "sheet_comparison": {"nl": "Vergelijking", "en": "Comparison"},
    "sheet_phases": {"nl": "Uren per fase", "en": "Hours per phase"},
    "sheet_activities_coord": {"nl": "Uren per activiteit", "en": "Hours per activity"},
    "sheet_years": {"nl": "Per jaar", "en": "Per year"},
    "sheet_funnel": {"nl": "Trechter", "en": "Funnel"},
    "sheet_waiting": {"nl": "Wachtlijst", "en": "Waiting list"},
    "sheet_impact_total": {"nl": "Impact Vlaanderen en Brussel", "en": "Impact Flanders and Brussels"},
    # sheet names shared
    "sheet_key": {"nl": "Kerncijfers", "en": "Key figures"},
    "sheet_duos": {"nl": "Duo's", "en": "Duos"},
    "sheet_rhythm": {"nl": "Ritme en uren", "en": "Rhythm and hours"},
    "sheet_rhythm_bins": {"nl": "Verdeling ritme", "en": "Rhythm distribution"},
    "sheet_retention": {"nl": "Retentie", "en": "Retention"},
    "sheet_activities": {"nl": "Activiteiten", "en": "Activities"},
    "sheet_profile": {"nl": "Profiel", "en": "Profile"},
    "sheet_phase_shares": {"nl": "Uren per fase", "en": "Hours per phase"},
    "sheet_time_initiatives": {"nl": "Tijd per initiatief", "en": "Time per initiative"},
    "sheet_handbook": {"nl": "Handboek", "en": "Handbook"},
    "sheet_time_levels": {"nl": "Tijd per niveau", "en": "Time per level"},
    "sheet_impact": {"nl": "Impact", "en": "Impact"},
    "sheet_impact_regions": {"nl": "Impact per regio", "en": "Impact per region"},
    "sheet_selection": {"nl": "Afgerond of gestopt", "en": "Completed or ended early"},
    "sheet_goals": {"nl": "Doelen", "en": "Goals"},
    "sheet_policy_goals": {"nl": "Beleidsdoelen", "en": "Policy goals"},
    "sheet_channels": {"nl": "Toeleiding", "en": "Channels"},
    "sheet_leverage": {"nl": "Vrijwillige inzet", "en": "Volunteer time"},
    "sheet_trends": {"nl": "Per jaar", "en": "Per year"},
    "sheet_coverage": {"nl": "Dekking", "en": "Coverage"},
    # column headers
    "col_region": {"nl": "Regio", "en": "Region"},
    "col_initiatives": {"nl": "Initiatieven", "en": "Initiatives"},
    "col_started": {"nl": "Gestart", "en": "Started"},
    "col_active": {"nl": "Actief", "en": "Active"},
    "col_ended": {"nl": "Beëindigd", "en": "Ended"},
    "col_completed": {"nl": "Afgerond", "en": "Completed"},
    "col_early": {"nl": "Vroegtijdig gestopt", "en": "Ended early"},
    "col_share_completed": {"nl": "% afgerond", "en": "% completed"},
    "col_share_early": {"nl": "% vroegtijdig", "en": "% early"},
    "col_share_very_early": {"nl": "% zeer vroeg", "en": "% very early"},
    "col_assessed": {"nl": "Beoordeeld", "en": "Assessed"},
    "col_share_rhythm": {"nl": "% ritme", "en": "% rhythm"},
    "col_share_2h": {"nl": "% 2 u / 14 d", "en": "% 2 h / 14 d"},
    "col_median_hours_14d": {"nl": "Mediaan u / 14 d", "en": "Median h / 14 d"},
    "col_share_planned": {"nl": "% gepland 6–12 mnd", "en": "% planned 6–12 mo"},
    "col_share_dutch": {"nl": "% Nederlands geoefend", "en": "% Dutch practised"},
    "col_share_40h": {"nl": "% 40 uur", "en": "% 40 hours"},
    "col_hours": {"nl": "Uren", "en": "Hours"},
    "col_hours_per_duo": {"nl": "Uren per duo", "en": "Hours per duo"},
    "col_hours_per_duo_median": {"nl": "Mediaan uren per duo", "en": "Median hours per duo"},
    "col_fte": {"nl": "VTE", "en": "FTE"},
    "col_fte_per_year": {"nl": "VTE per jaar", "en": "FTE per year"},
    "col_change_dutch": {"nl": "Verandering Nederlands", "en": "Change Dutch"},
    "col_duos": {"nl": "Duo's", "en": "Duos"},
    "col_cohort": {"nl": "Startjaar", "en": "Start year"},
    "col_months": {"nl": "Maanden", "en": "Months"},
    "col_at_risk": {"nl": "Gevolgd", "en": "Followed"},
    "col_retention": {"nl": "Nog lopend", "en": "Still running"},
    "col_ci_low": {"nl": "95%-interval van", "en": "95% interval from"},
    "col_ci_high": {"nl": "tot", "en": "to"},
    "col_score": {"nl": "Score", "en": "Score"},
    "col_pairs": {"nl": "Paren", "en": "Pairs"},
    "col_response": {"nl": "Respons", "en": "Response"},
    "col_before": {"nl": "Voor", "en": "Before"},
    "col_after": {"nl": "Na", "en": "After"},
    "col_change": {"nl": "Verschil", "en": "Change"},
    "col_better": {"nl": "% beter", "en": "% better"},
    "col_worse": {"nl": "% slechter", "en": "% worse"},
    "col_goal": {"nl": "Doel", "en": "Goal"},
    "col_closings": {"nl": "Afsluitingen", "en": "Closings"},
    "col_goal_answers": {"nl": "Antwoord op doel", "en": "Answered on goal"},
    "col_reached": {"nl": "% bereikt", "en": "% reached"},
    "col_partly": {"nl": "% deels", "en": "% partly"},
    "col_not_reached": {"nl": "% niet", "en": "% not"},
    "col_satisfaction": {"nl": "Tevredenheid", "en": "Satisfaction"},
    "col_contact": {"nl": "% contact blijft", "en": "% contact continues"},
    "col_volunteer_hours": {"nl": "Uren coaches", "en": "Coach hours"},
    "col_coordination_hours": {"nl": "Coördinatie-uren", "en": "Coordination hours"},
    "col_leverage_ratio": {"nl": "Uren coach per coördinatie-uur", "en": "Coach hours per coordination hour"},
    "col_value_low": {"nl": "Waarde vanaf", "en": "Value from"},
    "col_value_high": {"nl": "Waarde tot", "en": "Value up to"},
    "col_activity": {"nl": "Activiteit", "en": "Activity"},
    "col_meetings": {"nl": "Ontmoetingen", "en": "Meetings"},
    "col_share_meetings": {"nl": "% ontmoetingen", "en": "% meetings"},
    "col_share_hours": {"nl": "% uren", "en": "% hours"},
    "col_characteristic": {"nl": "Kenmerk", "en": "Characteristic"},
    "col_share": {"nl": "Aandeel", "en": "Share"},
    "col_example": {"nl": "Voorbeeld", "en": "Example"},
    "col_years": {"nl": "Jaren", "en": "Years"},
    "col_duos_per_year": {"nl": "Duo's per jaar", "en": "Duos per year"},
    "col_first_phase": {"nl": "% eerste fase", "en": "% first phase"},
    "col_phase": {"nl": "Fase", "en": "Phase"},
    "col_staff_cost": {"nl": "Personeelskost", "en": "Staff cost"},
    "col_other_cost": {"nl": "Andere kosten", "en": "Other costs"},
    "col_reported_payroll": {"nl": "Opgegeven loonkost", "en": "Reported payroll"},
    "col_cost_per_duo": {"nl": "Kost per duo", "en": "Cost per duo"},
    "col_level": {"nl": "Niveau", "en": "Level"},
    "col_role": {"nl": "Rol", "en": "Role"},
    "col_policy_goal": {"nl": "Beleidsdoel", "en": "Policy goal"},
    "col_end": {"nl": "Einde", "en": "End"},
    "col_channel": {"nl": "Kanaal", "en": "Channel"},
    "col_signed_up": {"nl": "Aangemeld", "en": "Signed up"},
    "col_matched": {"nl": "Gekoppeld", "en": "Matched"},
    "col_share_matched": {"nl": "% gekoppeld", "en": "% matched"},
    "col_year": {"nl": "Jaar", "en": "Year"},
    "col_province": {"nl": "Provincie", "en": "Province"},
    "col_organiser": {"nl": "Organisator", "en": "Organiser"},
    "col_data_duos": {"nl": "Duo's", "en": "Duos"},
    "col_data_ontmoetingen": {"nl": "Ontmoetingen", "en": "Meetings"},
    "col_data_intake": {"nl": "Aanmeldingen", "en": "Sign-ups"},
    "col_data_afsluiting": {"nl": "Afsluitingen", "en": "Closings"},
    "col_data_uren": {"nl": "Uren", "en": "Hours"},
    "col_data_kosten": {"nl": "Kosten", "en": "Costs"},
    "col_reference": {"nl": "Referentie", "en": "Reference"},
    "col_staff_cost_per_duo": {"nl": "Personeelskost per duo", "en": "Staff cost per duo"},
    "col_staff_cost_per_duo_rate": {"nl": "Personeelskost per duo (aan {rate}/u)", "en": "Staff cost per duo (at {rate}/h)"},
    "col_ratio": {"nl": "Verhouding", "en": "Ratio"},
    "col_per_duo_of": {"nl": "{name} per duo", "en": "{name} per duo"},
    "col_log_lines": {"nl": "Regels", "en": "Log lines"},
    "col_period": {"nl": "Periode", "en": "Period"},
    "col_conv_matched": {"nl": "% kennismaking → duo", "en": "% intake → duo"},
    "col_median_days_signup_meeting": {"nl": "Mediaan dagen tot ontmoeting", "en": "Median days to meeting"},
    "col_waiting": {"nl": "Wachtend", "en": "Waiting"},
    "col_median_days_waiting": {"nl": "Mediaan dagen wachten", "en": "Median days waiting"},
    "col_waiting_year": {"nl": "Langer dan een jaar", "en": "Longer than a year"},
    "step_aangemeld": {"nl": "Aangemeld", "en": "Signed up"},
    "step_intake_gedaan": {"nl": "Kennismaking", "en": "Intake"},
    "step_gekoppeld": {"nl": "In een duo", "en": "In a duo"},
    "step_gestart": {"nl": "Gestart", "en": "Started"},
    "step_afgerond": {"nl": "Afgerond", "en": "Completed"},
    "step_vroegtijdig_gestopt": {"nl": "Vroegtijdig gestopt", "en": "Ended early"},
    "step_lopend": {"nl": "Lopend", "en": "Running"},
}
STRINGS.update(REPORT_STRINGS)

_REPORT_CODE_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "score": {
        "score_nederlands": {"nl": "Durft Nederlands spreken", "en": "Dares to speak Dutch"},
        "score_thuis": {"nl": "Voelt zich thuis in de gemeente", "en": "Feels at home in the municipality"},
        "score_netwerk": {"nl": "Kent mensen om op terug te vallen", "en": "Knows people to turn to"},
        "score_diensten": {"nl": "Weet bij welke dienst terecht", "en": "Knows which service to ask"},
        "score_zelfredzaam": {"nl": "Vindt zelf de weg", "en": "Finds their own way"},
        "score_leefwereld": {"nl": "Coach kent leefwereld nieuwkomers", "en": "Coach knows newcomers' lives"},
    },
    "doel": {
        "nederlands_oefenen": {"nl": "Nederlands oefenen", "en": "Practise Dutch"},
        "thuis_voelen": {"nl": "Zich thuis voelen", "en": "Feel at home"},
        "netwerk": {"nl": "Een netwerk opbouwen", "en": "Build a network"},
        "informatie_diensten": {"nl": "De weg naar diensten", "en": "Find services"},
        "werk_opleiding": {"nl": "Werk of opleiding", "en": "Work or training"},
        "vrije_tijd": {"nl": "Vrije tijd", "en": "Leisure"},
        "andere": {"nl": "Ander doel", "en": "Other goal"},
        "zonder_doel": {"nl": "Geen doel genoemd", "en": "No goal named"},
    },
    "toeleiding": {
        "onthaalbureau": {"nl": "Onthaalbureau", "en": "Reception agency"},
        "gemeente": {"nl": "Gemeente", "en": "Municipality"},
        "ocmw": {"nl": "OCMW", "en": "Social welfare centre"},
        "vereniging": {"nl": "Vereniging", "en": "Association"},
        "school": {"nl": "School", "en": "School"},
        "mond_aan_mond": {"nl": "Mond-aan-mond", "en": "Word of mouth"},
        "media": {"nl": "Media", "en": "Media"},
        "andere": {"nl": "Andere", "en": "Other"},
        "onbekend": {"nl": "Onbekend", "en": "Unknown"},
    },
    "activiteit": {
        "koken": {"nl": "Koken", "en": "Cooking"},
        "boodschappen": {"nl": "Boodschappen", "en": "Shopping"},
        "cultuur": {"nl": "Cultuur", "en": "Culture"},
        "buiten": {"nl": "Buiten", "en": "Outdoors"},
        "sport": {"nl": "Sport", "en": "Sport"},
        "gesprek": {"nl": "Gesprek", "en": "Conversation"},
        "dienst_bezoeken": {"nl": "Dienst bezoeken", "en": "Visiting a service"},
        "administratie": {"nl": "Administratie", "en": "Paperwork"},
        "evenement": {"nl": "Evenement", "en": "Event"},
        "andere": {"nl": "Andere", "en": "Other"},
    },
    "activiteit_coordinatie": {
        "wervingsactie": {"nl": "Wervingsactie", "en": "Recruitment campaign"},
        "onthaalmoment": {"nl": "Onthaalmoment", "en": "Welcome session"},
        "telefoon_mail": {"nl": "Telefoon en mail", "en": "Phone and e-mail"},
        "infomoment": {"nl": "Infomoment", "en": "Information session"},
        "kennismakingsgesprek": {"nl": "Kennismakingsgesprek", "en": "Intake conversation"},
        "kennismakingsmoment": {"nl": "Kennismakingsmoment", "en": "Introduction meeting"},
        "invulformulieren": {"nl": "Invulformulieren", "en": "Forms"},
        "matching": {"nl": "Matching", "en": "Matching"},
        "telefoon_deelnemers": {"nl": "Telefoon deelnemers", "en": "Calling participants"},
        "opstart_duo": {"nl": "Opstart duo", "en": "Starting the duo"},
        "telefonisch_contact": {"nl": "Telefonisch contact", "en": "Phone contact"},
        "extra_opvolging": {"nl": "Extra opvolging", "en": "Extra follow-up"},
        "groepsbijeenkomst": {"nl": "Groepsbijeenkomst", "en": "Group meeting"},
        "intervisie": {"nl": "Intervisie", "en": "Peer review"},
        "verslagjes_lezen": {"nl": "Verslagjes lezen", "en": "Reading reports"},
        "evaluatiegesprek": {"nl": "Evaluatiegesprek", "en": "Evaluation conversation"},
        "afsluitend_gesprek": {"nl": "Afsluitend gesprek", "en": "Closing conversation"},
        "vorming": {"nl": "Vorming", "en": "Training"},
        "afsluitingsfeest": {"nl": "Afsluitingsfeest", "en": "Closing party"},
        "andere": {"nl": "Andere", "en": "Other"},
        "niet_opgegeven": {"nl": "Niet opgegeven", "en": "Not given"},
    },
    "provincie": {
        "antwerpen": {"nl": "Antwerpen", "en": "Antwerp"},
        "limburg": {"nl": "Limburg", "en": "Limburg"},
        "oost_vlaanderen": {"nl": "Oost-Vlaanderen", "en": "East Flanders"},
        "vlaams_brabant": {"nl": "Vlaams-Brabant", "en": "Flemish Brabant"},
        "west_vlaanderen": {"nl": "West-Vlaanderen", "en": "West Flanders"},
    },
    "organisator": {
        "gemeente": {"nl": "Gemeente", "en": "Municipality"},
        "ocmw": {"nl": "OCMW", "en": "Social welfare centre (OCMW)"},
        "onthaalbureau": {"nl": "Onthaalbureau", "en": "Reception agency"},
        "integratiecentrum": {"nl": "Integratiecentrum", "en": "Integration centre"},
        "vzw": {"nl": "Vzw", "en": "Non-profit (vzw)"},
        "vrijwilligersorganisatie": {"nl": "Vrijwilligersorganisatie", "en": "Volunteer organisation"},
        "intergemeentelijk": {"nl": "Intergemeentelijk", "en": "Inter-municipal"},
        "andere": {"nl": "Andere", "en": "Other"},
    },
    "traject": {
        "ja": {"nl": "In een traject", "en": "In a programme"},
        "nee": {"nl": "Geen traject", "en": "No programme"},
        "afgerond": {"nl": "Traject afgerond", "en": "Programme completed"},
    },
}
CODE_LABELS.update(_REPORT_CODE_LABELS)


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
