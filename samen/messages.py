"""Validation messages, in plain Dutch (default) and English: what is wrong and how to fix it.

Keys are the rule codes stored in `quarantine.*.rule`.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "verplicht": {
        "nl": "{kolom} is leeg, maar is verplicht. Vul een waarde in.",
        "en": "{kolom} is empty but required. Fill in a value.",
    },
    "datum": {
        "nl": "'{waarde}' is geen geldige datum voor {kolom}. Schrijf de datum als dd/mm/jjjj, bv. 05/03/2024.",
        "en": "'{waarde}' is not a valid date for {kolom}. Write the date as dd/mm/yyyy, e.g. 05/03/2024.",
    },
    "datum_jaar": {
        "nl": "'{waarde}' in {kolom} heeft een jaar van 2 cijfers en is dubbelzinnig. Schrijf het jaar voluit: dd/mm/jjjj.",
        "en": "'{waarde}' in {kolom} has a 2-digit year and is ambiguous. Write the full year: dd/mm/yyyy.",
    },
    "getal": {
        "nl": "'{waarde}' is geen getal voor {kolom}. Schrijf bv. 1,5 (komma voor decimalen).",
        "en": "'{waarde}' is not a number for {kolom}. Write e.g. 1.5 or 1,5.",
    },
    "geheel_getal": {
        "nl": "'{waarde}' is geen geheel getal voor {kolom}. Schrijf een getal zonder decimalen, bv. 4.",
        "en": "'{waarde}' is not a whole number for {kolom}. Write a number without decimals, e.g. 4.",
    },
    "duur": {
        "nl": "'{waarde}' is geen geldige duur voor {kolom}. Schrijf uren als 1,5 of 1u30 of 1:30.",
        "en": "'{waarde}' is not a valid duration for {kolom}. Write hours as 1.5, 1u30 or 1:30.",
    },
    "ja_nee": {
        "nl": "'{waarde}' is geen ja of nee voor {kolom}. Schrijf ja of nee.",
        "en": "'{waarde}' is not yes or no for {kolom}. Write ja (yes) or nee (no).",
    },
    "code": {
        "nl": "'{waarde}' is geen toegelaten waarde voor {kolom}. Kies uit: {keuzes}.",
        "en": "'{waarde}' is not an allowed value for {kolom}. Choose from: {keuzes}.",
    },
    "minimum": {
        "nl": "{waarde} is te klein voor {kolom}. Verbeter de waarde: ze moet minstens {grens} zijn.",
        "en": "{waarde} is too small for {kolom}. Correct it: it must be at least {grens}.",
    },
    "groter_dan": {
        "nl": "{waarde} is te klein voor {kolom}. Verbeter de waarde: ze moet groter zijn dan {grens}.",
        "en": "{waarde} is too small for {kolom}. Correct it: it must be greater than {grens}.",
    },
    "maximum": {
        "nl": "{waarde} is te groot voor {kolom}. Verbeter de waarde: ze mag hoogstens {grens} zijn.",
        "en": "{waarde} is too large for {kolom}. Correct it: it must be at most {grens}.",
    },
    "te_lang": {
        "nl": "{kolom} is langer dan {grens} tekens. Kort de waarde in.",
        "en": "{kolom} is longer than {grens} characters. Shorten it.",
    },
    "patroon": {
        "nl": "'{waarde}' heeft niet de juiste vorm voor {kolom}: gebruik kleine letters, cijfers en '-', zonder spaties.",
        "en": "'{waarde}' has the wrong form for {kolom}: use lower-case letters, digits and '-', no spaces.",
    },
    "persoonsgegeven": {
        "nl": "{kolom} lijkt een {soort} te bevatten. Persoonsgegevens horen niet in dit bestand: verwijder ze en lever het bestand opnieuw aan.",
        "en": "{kolom} seems to hold a {soort}. Personal data does not belong in this file: remove it and deliver the file again.",
    },
    "dubbele_sleutel": {
        "nl": "Deze rij heeft dezelfde {sleutel} als rij {rijen}, met andere waarden. Houd één rij per {sleutel} en lever het bestand opnieuw aan.",
        "en": "This row has the same {sleutel} as row {rijen}, with different values. Keep one row per {sleutel} and deliver the file again.",
    },
    "dubbele_rij": {
        "nl": "Deze rij is een kopie van rij {rijen} en wordt niet dubbel geteld. Verwijder de kopie.",
        "en": "This row is a copy of row {rijen} and is not counted twice. Remove the copy.",
    },
    "geplande_duur": {
        "nl": "De geplande einddatum ligt {waarde} maanden na de startdatum; het model vraagt 6 tot 12 maanden. De rij is bewaard en gemarkeerd.",
        "en": "The planned end date is {waarde} months after the start date; the model asks for 6 to 12 months. The row is kept and flagged.",
    },
    "niet_voor": {
        "nl": "{kolom} ({waarde}) ligt voor {referentie} ({referentiewaarde}). Controleer beide datums.",
        "en": "{kolom} ({waarde}) lies before {referentie} ({referentiewaarde}). Check both dates.",
    },
    "niet_voor_waarschuwing": {
        "nl": "{kolom} ({waarde}) ligt voor {referentie} ({referentiewaarde}). De rij is bewaard en gemarkeerd; controleer beide datums.",
        "en": "{kolom} ({waarde}) lies before {referentie} ({referentiewaarde}). The row is kept and flagged; check both dates.",
    },
    "activiteit_bij_fase": {
        "nl": "Activiteit '{waarde}' hoort niet bij fase '{referentiewaarde}'. Toegelaten in deze fase: {keuzes}.",
        "en": "Activity '{waarde}' does not belong to phase '{referentiewaarde}'. Allowed in this phase: {keuzes}.",
    },
    "na_peildatum": {
        "nl": "{kolom} {waarde} ligt na de peildatum {peildatum}. Controleer de datum.",
        "en": "{kolom} {waarde} lies after the as-of date {peildatum}. Check the date.",
    },
    "buiten_duoperiode": {
        "nl": "De ontmoeting op {waarde} ligt buiten de periode van het duo ({referentiewaarde}). Controleer de datum of de start- en einddatum van het duo.",
        "en": "The meeting on {waarde} lies outside the duo's period ({referentiewaarde}). Check the date or the duo's start and end date.",
    },
    "onbekend_duo": {
        "nl": "Het duo in {kolom} is niet gekend bij initiatief '{initiatief}'. Lever het duo aan in het bestand duos (deze rij wordt bij elke verwerking opnieuw gecontroleerd), of controleer of dit bestand in de map van het juiste initiatief staat.",
        "en": "The duo in {kolom} is not known for initiative '{initiatief}'. Deliver the duo in the duos file (this row is checked again on every run), or check that this file is in the right initiative's folder.",
    },
    "geen_intake": {
        "nl": "De deelnemer in {kolom} heeft nog geen kennismakingsgesprek (intake). Het duo is bewaard en gemarkeerd; lever de intake aan.",
        "en": "The participant in {kolom} has no intake yet. The duo is kept and flagged; deliver the intake.",
    },
    "geen_kopregel": {
        "nl": "Geen enkele kolomnaam van {dataset} werd herkend, daardoor kan geen enkele rij geladen worden. Is dit het juiste bestand? Gebruik de kolomnamen van het sjabloon.",
        "en": "None of the column names of {dataset} was recognised, so no row can be loaded. Is this the right file? Use the template's column names.",
    },
    "scheidingsteken": {
        "nl": "Deze rij gebruikt een ander scheidingsteken ('{waarde}') dan de rest van het bestand, waardoor alles in één kolom staat. Sla het bestand opnieuw op met één scheidingsteken.",
        "en": "This row uses another separator ('{waarde}') than the rest of the file, so everything sits in one column. Save the file again with one separator.",
    },
    "kolom_ontbreekt": {
        "nl": "De verplichte kolom '{kolom}' ontbreekt, daardoor kan geen enkele rij geladen worden. Voeg de kolom toe (zie het sjabloon) en lever het bestand opnieuw aan.",
        "en": "The required column '{kolom}' is missing, so no row can be loaded. Add the column (see the template) and deliver the file again.",
    },
    "kolom_persoonsgegevens": {
        "nl": "Kolom '{kolom}' bevat {soort} en werd niet opgeslagen. Laat zo'n kolom voortaan weg.",
        "en": "Column '{kolom}' holds {soort} and was not stored. Leave such a column out from now on.",
    },
    "kolom_onbekend": {
        "nl": "Kolom '{kolom}' is onbekend voor {dataset} en werd genegeerd. Gebruik de kolomnamen van het sjabloon.",
        "en": "Column '{kolom}' is unknown for {dataset} and was ignored. Use the column names of the template.",
    },
    "kolom_dubbel": {
        "nl": "Kolom '{kolom}' staat meer dan eens in het bestand; enkel de eerste werd gebruikt. Verwijder de dubbele kolom.",
        "en": "Column '{kolom}' appears more than once; only the first was used. Remove the duplicate column.",
    },
    "dataset_onbekend": {
        "nl": "Niet herkend als een van de datasets ({keuzes}). Geef het bestand of tabblad een naam die met de dataset begint (bv. ontmoetingen_2024.csv) of gebruik de kolommen van het sjabloon.",
        "en": "Not recognised as one of the datasets ({keuzes}). Name the file or sheet after the dataset (e.g. ontmoetingen_2024.csv) or use the template's columns.",
    },
    "bestand_onleesbaar": {
        "nl": "Het bestand kan niet gelezen worden: {waarde}",
        "en": "The file cannot be read: {waarde}",
    },
    "verkeerde_map": {
        "nl": "Het register van initiatieven hoort in de map _agentschap, niet in de map van een initiatief. Het tabblad werd niet geladen.",
        "en": "The registry of initiatives belongs in the _agentschap folder, not in an initiative's folder. The sheet was not loaded.",
    },
    "map_initiatief": {
        "nl": "Gegevens van '{dataset}' horen in de map van een initiatief (landing/<initiatief_id>/). Het tabblad werd niet geladen; verplaats het bestand.",
        "en": "'{dataset}' data belongs in an initiative's folder (landing/<initiatief_id>/). The sheet was not loaded; move the file.",
    },
    "initiatief_onbekend": {
        "nl": "Initiatief '{initiatief}' staat (nog) niet in het register van het agentschap. De gegevens zijn geladen; vraag het agentschap het initiatief te registreren.",
        "en": "Initiative '{initiatief}' is not (yet) in the agency's registry. The data is loaded; ask the agency to register the initiative.",
    },
    "verborgen_tabblad": {
        "nl": "Tabblad '{waarde}' is verborgen in Excel maar werd wel gelezen. Controleer of dat de bedoeling is.",
        "en": "Sheet '{waarde}' is hidden in Excel but was read. Check that this is intended.",
    },
}

MASK = "•••"


def render(rule: str, lang: str = "nl", **params: object) -> str:
    template = MESSAGES[rule][lang]
    safe = {k: ("" if v is None else v) for k, v in params.items()}
    return template.format_map(_Default(safe))


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return ""
