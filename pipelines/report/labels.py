"""Every word the report and the terminal summary print, in French and English.

Channels and metrics are open-ended (a file channel brings its own names): a name
missing here is shown readably ("call_minutes" -> "Call minutes") rather than failing.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("fr", "en")

CHANNELS: dict[str, tuple[str, str]] = {
    "all": ("Ensemble de la campagne", "Whole campaign"),
    "facebook": ("Page Facebook", "Facebook page"),
    "instagram": ("Instagram", "Instagram"),
    "meta_ads": ("Publicités Meta", "Meta ads"),
    "google_ads": ("Google Ads", "Google Ads"),
    "mailchimp": ("Infolettre Mailchimp", "Mailchimp email"),
    "twitter": ("X (Twitter)", "X (Twitter)"),
    "tiktok": ("TikTok", "TikTok"),
    "calls": ("Appels à la ligne", "Help-line calls"),
    "website": ("Site web", "Website"),
    "print": ("Imprimés", "Print"),
    "radio": ("Radio", "Radio"),
    "press": ("Presse", "Press"),
}

# Every metric the marts produce for the sample campaigns, by its neutral name: a unique
# count here never says "people" (see PEOPLE).
METRICS: dict[str, tuple[str, str]] = {
    "impressions": ("Impressions", "Impressions"),
    "reach": ("Portée", "Reach"),
    "clicks": ("Clics", "Clicks"),
    "link_clicks": ("Clics sur les liens", "Link clicks"),
    "engagements": ("Interactions", "Interactions"),
    "views": ("Vues", "Views"),
    "video_views": ("Vues de vidéos", "Video views"),
    "media_views": ("Vues des médias", "Media views"),
    "profile_views": ("Visites de la page ou du profil", "Page or profile visits"),
    "followers_gained": ("Nouveaux abonnés", "New followers"),
    "followers_lost": ("Abonnés perdus", "Followers lost"),
    "likes": ("Mentions J'aime", "Likes"),
    "comments": ("Commentaires", "Comments"),
    "shares": ("Partages", "Shares"),
    "reposts": ("Republications", "Reposts"),
    "replies": ("Réponses", "Replies"),
    "bookmarks": ("Ajouts aux signets", "Bookmarks"),
    "posts": ("Publications", "Posts"),
    "viewers": ("Spectateurs uniques", "Unique viewers"),
    "new_viewers": ("Nouveaux spectateurs uniques", "New unique viewers"),
    "returning_viewers": ("Spectateurs uniques fidèles", "Returning unique viewers"),
    "spend": ("Dépenses", "Spend"),
    "conversions": ("Conversions", "Conversions"),
    "emails_sent": ("Courriels envoyés", "Emails sent"),
    "bounces": ("Courriels non distribués", "Bounces"),
    "opens_unique": ("Ouvertures uniques", "Unique opens"),
    # Mailchimp's opens_total leaves out the opens of forwarded copies (forward_opens);
    # opens_with_forwards adds them (the help line's 5 381)
    "opens_total": ("Ouvertures (sans les transferts)", "Opens (forwards excluded)"),
    "opens_with_forwards": ("Ouvertures (transferts compris)", "Opens (forwards included)"),
    "forwards": ("Transferts", "Forwards"),
    "forward_opens": ("Ouvertures des courriels transférés", "Opens of forwarded emails"),
    "clicks_unique": ("Clics uniques", "Unique clicks"),
    "clicks_total": ("Clics (tous)", "Clicks (all)"),
    "unsubscribes": ("Désabonnements", "Unsubscribes"),
    "abuse_reports": ("Signalements comme indésirable", "Abuse reports"),
    "calls": ("Appels", "Calls"),
    "call_minutes": ("Minutes d'appel", "Call minutes"),
    "ctr": ("Taux de clics", "Click-through rate"),
    "cpc": ("Coût par clic", "Cost per click"),
    "cost_per_reach": ("Coût par unité de portée", "Cost per unit of reach"),
    "cost_per_conversion": ("Coût par conversion", "Cost per conversion"),
    "engagement_rate": ("Taux d'interaction", "Engagement rate"),
    "open_rate": ("Taux d'ouverture", "Open rate"),
    "click_to_open_rate": ("Taux de clics des ouvreurs", "Click-to-open rate"),
    "click_rate": ("Taux de clics par envoi", "Click rate per email sent"),
}

# The same metrics named as people, used only where the mart says the figure counts
# people (campaign_report_figures.counts_people: a period_unique count, or a ratio on
# one).
PEOPLE: dict[str, tuple[str, str]] = {
    "reach": ("Personnes atteintes", "People reached"),
    "opens_unique": ("Personnes qui ont ouvert", "People who opened"),
    "clicks_unique": ("Personnes qui ont cliqué", "People who clicked"),
    "cost_per_reach": ("Coût par personne atteinte", "Cost per person reached"),
}

# The figures a reader looks for first, in this order; other metrics follow by name.
HEADLINE_METRICS = ("impressions", "reach", "views", "clicks", "engagements", "calls",
                    "emails_sent", "opens_unique", "clicks_unique", "spend")
# What a channel's daily chart shows: the first of these it has.
CHART_METRICS = ("impressions", "views", "calls", "reach", "emails_sent", "clicks")

METHODS: dict[str, tuple[str, str]] = {
    "sum": ("somme des valeurs quotidiennes", "sum of the daily values"),
    "period_unique": ("personnes uniques comptées par la plateforme sur toute la période",
                      "unique people counted by the platform over the whole window"),
    "daily_unique_sum": ("somme des comptes uniques quotidiens : une borne haute, pas des "
                         "personnes", "sum of daily unique counts: an upper bound, not "
                         "people"),
    "ratio": ("calculé à partir des totaux de la période", "computed from the window's totals"),
}

SOURCES: dict[str, tuple[str, str]] = {
    "meta_ads": ("API Graph de Meta, statistiques des publicités", "Meta Graph API, ads insights"),
    "facebook": ("API Graph de Meta, statistiques de la page", "Meta Graph API, Page insights"),
    "instagram": ("API Graph de Meta, statistiques Instagram",
                  "Meta Graph API, Instagram insights"),
    "google_ads": ("API Google Ads", "Google Ads API"),
    "mailchimp": ("API Mailchimp Marketing, rapports de campagne",
                  "Mailchimp Marketing API, campaign reports"),
    "twitter": ("exportation X (Twitter)", "X (Twitter) export"),
    "tiktok": ("exportation TikTok", "TikTok export"),
}

# Headings and sentences: (French, English). Placeholders are filled by Labels.text.
TEXT: dict[str, tuple[str, str]] = {
    "kicker": ("Rapport de retombées", "Impact report"),
    "window": ("Du {start} au {end} ({days} jours)", "{start} to {end} ({days} days)"),
    "previous": ("Comparée à la période précédente de même durée, du {start} au {end}",
                 "Compared with the previous period of the same length, {start} to {end}"),
    "baseline": ("et à la moyenne mensuelle des {months} mois précédents ({start} au {end})",
                 "and with the monthly average of the {months} months before ({start} to "
                 "{end})"),
    "budget": ("Budget", "Budget"),
    "no_budget": ("aucun budget inscrit au registre", "no budget in the registry"),
    "channels": ("Canaux", "Channels"),
    "moments": ("Moments clés", "Key moments"),
    "no_data": ("aucune donnée", "no data"),
    "active": ("actif du {start} au {end}", "active {start} to {end}"),
    "glance": ("En bref", "At a glance"),
    "vs_previous": ("vs période précédente", "vs previous period"),
    "small_base": ("sur une base de {previous} seulement (moins de {threshold})",
                   "from only {previous} (under {threshold})"),
    "zero_base": ("rien à la période précédente", "nothing in the previous period"),
    "no_base": ("pas de valeur à la période précédente", "no value for the previous period"),
    "not_comparable": ("pas de référence exacte", "no exact baseline"),
    "growth_chart": ("Croissance par canal, par rapport à la période précédente",
                     "Growth per channel against the previous period"),
    "growth_chart_note": ("Barre hachurée : base de moins de {threshold}, à lire avec prudence. "
                          "Une barre coupée (») dépasse l'échelle ; le chiffre exact est inscrit.",
                          "Hatched bar: a base under {threshold}, to read with care. A cut bar "
                          "(») runs past the scale; the exact figure is written."),
    "no_growth_bars": ("Aucune croissance calculable : aucun canal n'a de période précédente.",
                       "No growth to show: no channel has a previous period."),
    "per_channel": ("Par canal", "Per channel"),
    "col_channel": ("canal", "channel"),
    "col_metric": ("indicateur", "metric"),
    "col_campaign": ("campagne", "campaign"),
    "col_previous": ("période précédente", "previous period"),
    "col_growth": ("croissance", "growth"),
    "col_baseline": ("moyenne mensuelle de référence", "baseline monthly average"),
    "col_vs_baseline": ("vs référence", "vs baseline"),
    "col_method": ("méthode", "method"),
    "chart": ("{metric} par jour : période précédente, puis campagne",
              "{metric} per day: previous period, then the campaign"),
    "legend_previous": ("période précédente", "previous period"),
    "legend_campaign": ("campagne", "campaign"),
    "daily_unique_chart": ("Chaque point compte les personnes uniques d'un seul jour.",
                           "Each point counts one day's unique people."),
    # a figure that adds up unique counts, and a rate or cost computed on one
    "upper_bound": ("{name} (borne haute, pas des personnes)",
                    "{name} (upper bound, not people)"),
    "on_upper_bound": ("{name} (sur une borne haute, pas par personne)",
                       "{name} (on an upper bound, not per person)"),
    "channel_missing": ("Ce canal est inscrit au registre de la campagne, mais l'instantané "
                        "publié ne contient aucune de ses données : ses identifiants ne sont "
                        "pas configurés ou son export n'a pas été importé. Configurez-le, puis "
                        "relancez « pulse run » sur les dates de la campagne.",
                        "This channel is in the campaign's registry, but the published snapshot "
                        "holds none of its data: its credentials are not set or its export was "
                        "not imported. Set it up, then run `pulse run` over the campaign's "
                        "dates again."),
    "rates": ("Taux et repères", "Rates and benchmarks"),
    "col_rate": ("taux", "rate"),
    "col_benchmark": ("repère", "benchmark"),
    "col_source": ("source", "source"),
    "col_reading": ("lecture", "reading"),
    "range": ("{low} à {high}", "{low} to {high}"),
    "no_benchmark": ("aucun repère", "no benchmark"),
    "benchmark_howto": ("Les repères viennent de dbt_project/seeds/benchmarks.csv : ajoutez-y les "
                        "vôtres (source et année), puis relancez « pulse run ».",
                        "Benchmarks come from dbt_project/seeds/benchmarks.csv: add yours there "
                        "(with source and year), then run `pulse run` again."),
    "better": ("meilleur que le repère", "better than the benchmark"),
    "worse": ("en deçà du repère", "short of the benchmark"),
    "as_expected": ("dans la fourchette du repère", "within the benchmark"),
    "times": ("{times} le repère", "{times} the benchmark"),
    "source_year": ("{source}, {year}", "{source}, {year}"),
    "goals": ("Objectifs", "Goals"),
    "col_target": ("cible", "target"),
    "col_actual": ("résultat", "result"),
    "col_attainment": ("atteinte", "attainment"),
    "col_status": ("statut", "status"),
    "met": ("atteint", "met"),
    "not_met": ("non atteint", "not met"),
    "not_judged": ("impossible à juger en personnes : le résultat repose sur une borne haute",
                   "cannot be judged on people: the result rests on an upper bound"),
    "goal_no_data": ("pas encore mesuré", "not measured yet"),
    "at_most": ("au plus {target}", "at most {target}"),
    "no_goals": ("Aucun objectif n'est inscrit au registre pour cette campagne.",
                 "The registry sets no goal for this campaign."),
    "costs": ("Coûts", "Costs"),
    "col_spend": ("dépenses", "spend"),
    "col_share": ("part des dépenses", "share of spend"),
    "col_budget_used": ("part du budget", "share of budget"),
    "budget_line": ("{spend} dépensés sur un budget de {budget} ({used}) ; reste {remaining}.",
                    "{spend} spent of a {budget} budget ({used}); {remaining} left."),
    "spend_only": ("{spend} dépensés ; aucun budget inscrit au registre.",
                   "{spend} spent; the registry gives no budget."),
    "no_spend": ("Aucun canal de la campagne ne déclare de dépenses.",
                 "No channel of the campaign reports any spend."),
    "other_currency": ("en {currency} : hors du total, faute de taux de change",
                       "in {currency}: left out of the total, no exchange rate is known"),
    "cost_per_result": ("Coûts par résultat", "Costs per result"),
    "method": ("Comment ces chiffres sont calculés", "How these numbers were computed"),
    "method_windows": ("Chaque chiffre est un total sur la campagne, du {start} au {end}, comparé "
                       "à la période précédente de même durée, du {pstart} au {pend}.",
                       "Every figure is a total over the campaign, {start} to {end}, compared "
                       "with the previous period of the same length, {pstart} to {pend}."),
    "method_baseline": ("La référence est le mois moyen des {months} mois précédant la campagne "
                        "({start} au {end}).",
                        "The baseline is the average month of the {months} months before the "
                        "campaign ({start} to {end})."),
    "method_growth": ("Croissance = (campagne − période précédente) ÷ période précédente × 100. "
                      "Sur une base de moins de {threshold}, elle est signalée plutôt "
                      "qu'affichée seule ; sur une base nulle, elle n'existe pas.",
                      "Growth = (campaign − previous period) ÷ previous period × 100. On a base "
                      "under {threshold} it is flagged rather than shown bare; on a base of 0 "
                      "there is none."),
    "method_people": ("Les personnes (atteintes, qui ont ouvert, qui ont cliqué) viennent "
                      "seulement des comptes uniques que la plateforme calcule sur toute la "
                      "période. Une somme de comptes uniques (par jour, par envoi ou par "
                      "canal) compte une même personne autant de fois qu'elle y figure : "
                      "c'est une borne haute, jamais présentée comme des personnes, et un "
                      "taux ou un coût calculé sur elle n'est jamais présenté par personne.",
                      "People (reached, who opened, who clicked) come only from the unique "
                      "counts the platform computes over the whole window. A sum of unique "
                      "counts (per day, per mailing or per channel) counts one person as "
                      "many times as they appear in it: it is an upper bound, never "
                      "presented as people, and a rate or cost computed on it is never "
                      "presented per person."),
    "method_ratios": ("Taux et coûts par résultat sont recalculés à partir des totaux de la "
                      "période, jamais additionnés ni moyennés.",
                      "Rates and costs per result are recomputed from the window's totals, "
                      "never added up or averaged."),
    "methods_used": ("Méthodes", "Methods"),
    "sources": ("Sources", "Sources"),
    "named": ("{name} : {text}", "{name}: {text}"),
    "file_source": ("fichier d'export importé", "imported export file"),
    "footer": ("Produit par campaign-pulse à partir de l'instantané publié {snapshot}.",
               "Produced by campaign-pulse from the published snapshot {snapshot}."),
    "no_figures": ("L'instantané publié ne contient encore aucun chiffre pour cette campagne : "
                   "lancez « pulse run » sur ses dates.",
                   "The published snapshot holds no figures for this campaign yet: run "
                   "`pulse run` over its dates."),
    "summary_spend": ("dépenses : {spend} sur {budget} ({used})", "spend: {spend} of {budget} "
                      "({used})"),
    "summary_flag": ("(!) croissance sur une base de moins de {threshold} : à lire avec prudence",
                     "(!) growth from a base under {threshold}: read with care"),
    "summary_goal": ("objectif {channel}, {metric} : {attainment} ({status})",
                     "goal {channel}, {metric}: {attainment} ({status})"),
    "summary_written": ("rapport ({lang}) écrit en {seconds} s : {path}",
                        "report ({lang}) written in {seconds} s: {path}"),
}


@dataclass(frozen=True)
class Labels:
    """The catalogue in one language."""

    lang: str

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"language {self.lang!r} is not one of {', '.join(LANGS)}")

    def _pick(self, pair: tuple[str, str]) -> str:
        return pair[LANGS.index(self.lang)]

    def channel(self, name: str) -> str:
        """A channel's display name."""
        return self._pick(CHANNELS[name]) if name in CHANNELS else _readable(name)

    def metric(self, name: str, counts_people: bool | None = None, method: str = "") -> str:
        """A metric's display name, as campaign_report_figures qualifies it: in people
        only when `counts_people` is true, as an upper bound (or a rate or cost on one,
        for `method` 'ratio') when it is false, by its neutral name otherwise."""
        if counts_people and name in PEOPLE:
            return self._pick(PEOPLE[name])
        plain = self._pick(METRICS[name]) if name in METRICS else _readable(name)
        if counts_people is False:
            return self.text("on_upper_bound" if method == "ratio" else "upper_bound",
                             name=plain)
        return plain

    def method(self, name: str) -> str:
        """How a window value was obtained (campaign_growth.method), in words."""
        return self._pick(METHODS[name]) if name in METHODS else name

    def source(self, channel: str) -> str:
        """Where a channel's figures come from."""
        if channel in SOURCES:
            return self._pick(SOURCES[channel])
        return self.text("file_source")

    def text(self, key: str, **values: object) -> str:
        """A sentence or heading of the catalogue, with its {placeholders} filled."""
        return self._pick(TEXT[key]).format(**values)


def _readable(name: str) -> str:
    return name.replace("_", " ").capitalize()


def metric_order(name: str) -> tuple[int, str]:
    """Sort key: headline metrics first in their order, then the others by name."""
    if name in HEADLINE_METRICS:
        return (HEADLINE_METRICS.index(name), name)
    return (len(HEADLINE_METRICS), name)


def chart_metric(available: set[str]) -> str | None:
    """The metric a channel's daily chart shows, among those it has."""
    for name in CHART_METRICS:
        if name in available:
            return name
    return min(available) if available else None

