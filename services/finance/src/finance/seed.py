"""Demo data for ``make run`` (marked demo=True), idempotent, through the service-layer handlers so the events
(finance.funder.created, ...) reach the other services' read models. Done as the demo's finance clerk
(``servicekit.demo.FINANCE_CLERK``): plans, bookings and the drawdown waiting for approval read "Fritz Finanzen
(Demo), …" on every screen; the drawdown waits for the approver ("Frieda Freigabe (Demo)", four-eyes)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from finance.adapters.orm import action_fund, drawdown, funder, funding_plan, grant, journal_entry
from finance.service_layer import action_funds, drawdowns, funders, grants, journal, plans
from servicekit.demo import FINANCE_CLERK

ACTOR = FINANCE_CLERK.actor
BIWAQ_NOTICE = ("Das Projekt wird im Rahmen des Programms „BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier“ durch "
                "das Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen und die Europäische Union über den "
                "Europäischen Sozialfonds Plus (ESF Plus) gefördert.")
FUNDERS = [
    {"id": "demo-esf-plus", "name": "Europäischer Sozialfonds Plus", "short_name": "ESF Plus", "type": "eu",
     "public": True, "publicity_notice": "Kofinanziert von der Europäischen Union. " + BIWAQ_NOTICE,
     "rules": {"joint_group": "biwaq", "joint_max_rate": "0.90", "cofinancing_min_public": "0.10",
               "overhead_rate": "0.15", "need_rule_weeks": 6, "excluded_funders": [], "report_format": "esf",
               "eligible_categories": ["personnel", "material", "fees", "overhead", "intermediary"]}},
    {"id": "demo-bund", "name": "Bund (BMWSB)", "short_name": "Bund", "type": "federal", "public": True,
     "publicity_notice": BIWAQ_NOTICE, "rules": {"joint_group": "biwaq", "joint_max_rate": "0.90",
                                                "need_rule_weeks": 6, "report_format": "bund"}},
    {"id": "demo-freistaat-bayern", "name": "Freistaat Bayern", "short_name": "Freistaat", "type": "state",
     "public": True, "publicity_notice": "Gefördert durch den Freistaat Bayern.",
     # ANBest-P 1.2: a single cost position may be exceeded by up to 20 % (warned), beyond that refused
     "rules": {"max_rate": "0.80", "need_rule_weeks": 8, "final_due_months": 6,
               "position_overrun_tolerance": "0.20"}},
    {"id": "demo-stadt-kaufbeuren", "name": "Stadt Kaufbeuren", "short_name": "Stadt", "type": "municipality",
     "public": True, "rules": {}},
    {"id": "demo-robert-bosch-stiftung", "name": "Robert-Bosch-Stiftung", "short_name": "Bosch-Stiftung",
     "type": "foundation", "public": False, "publicity_notice": "Gefördert von der Robert Bosch Stiftung.",
     "rules": {"max_rate": "0.80", "min_own_share": "0.10", "taper": ["0.80", "0.60"],
               "eligible_categories": ["personnel", "material", "fees"]}},
    {"id": "demo-eigenmittel", "name": "Eigenmittel", "short_name": "Eigenmittel", "type": "own_funds",
     "public": True, "rules": {}},
]


def _lines(year_totals: dict[int, int], split: dict[str, tuple[str, Decimal, str]]) -> list[dict]:
    out = []
    for year, total in year_totals.items():
        for position, (category, share, label) in split.items():
            out.append({"position": position, "category": category, "year": year,
                        "amount": (Decimal(total) * share).quantize(Decimal("0.01")), "label": label})
    return out


def _sources(costs: list[dict], shares: dict[str, Decimal]) -> list[dict]:
    out = []
    for year in sorted({c["year"] for c in costs}):
        total = sum(c["amount"] for c in costs if c["year"] == year)
        rest = total
        items = list(shares.items())
        for i, (funder_id, share) in enumerate(items):
            amount = rest if i == len(items) - 1 else (total * share).quantize(Decimal("0.01"))
            rest -= amount
            out.append({"funder_id": funder_id, "year": year, "amount": amount})
    return out


BIWAQ_SPLIT = {"1": ("personnel", Decimal("0.60"), "Quartiersmanagement (1,5 Stellen)"),
               "2": ("fees", Decimal("0.20"), "Honorare Coaching und Kurse"),
               "3": ("material", Decimal("0.13"), "Sachausgaben Stadtteilbüro"),
               "4": ("overhead", Decimal("0.07"), "Verwaltungspauschale")}
PLANS = [
    {"id": "demo-plan-neugablonz", "project_id": "demo-stadtteilbuero-neugablonz",
     "title": "BIWAQ Stadtteilbüro Neugablonz", "years": {2026: 80000, 2027: 160000, 2028: 120000},
     "split": BIWAQ_SPLIT, "shares": {"demo-esf-plus": Decimal("0.50"), "demo-bund": Decimal("0.40"),
                                      "demo-stadt-kaufbeuren": Decimal("0.10")}},
    {"id": "demo-plan-juze-truck", "project_id": "demo-juze-truck", "title": "4 Job – Juze-Truck",
     "years": {2026: 30000, 2027: 30000},
     "split": {"1": ("personnel", Decimal("0.70"), "Mobile Jugendarbeit"),
               "2": ("material", Decimal("0.30"), "Betrieb des Trucks")},
     "per_year": {2026: {"demo-robert-bosch-stiftung": Decimal("0.80"), "demo-eigenmittel": Decimal("0.20")},
                  2027: {"demo-robert-bosch-stiftung": Decimal("0.60"), "demo-eigenmittel": Decimal("0.40")}}},
    {"id": "demo-plan-mobikids", "project_id": "demo-mobikids", "title": "Spielplatz aktiv – Mobikids",
     "years": {2026: 20000, 2027: 5000},
     "split": {"1": ("fees", Decimal("0.60"), "Spielmobil-Honorare"), "2": ("material", Decimal("0.40"), "Material")},
     "shares": {"demo-freistaat-bayern": Decimal("0.70"), "demo-stadt-kaufbeuren": Decimal("0.30")}},
]
GRANTS = [
    ("demo-grant-neugablonz-esf", "demo-stadtteilbuero-neugablonz", "demo-esf-plus", "180000.00",
     date(2026, 7, 1), date(2028, 9, 30), "ESF-BIWAQ-2026-117"),
    ("demo-grant-neugablonz-bund", "demo-stadtteilbuero-neugablonz", "demo-bund", "144000.00",
     date(2026, 7, 1), date(2028, 9, 30), "BIWAQ-Z-2026-117"),
    ("demo-grant-juze-truck-bosch", "demo-juze-truck", "demo-robert-bosch-stiftung", "42000.00",
     date(2026, 1, 1), date(2027, 12, 31), "RBS-4JOB-0815"),
    ("demo-grant-mobikids-bayern", "demo-mobikids", "demo-freistaat-bayern", "17500.00",
     date(2026, 1, 1), date(2027, 3, 31), "StMAS-2026-42"),
]
EXPENSES = [
    ("demo-exp-1", "demo-stadtteilbuero-neugablonz", "NG-2026-001", date(2026, 7, 31), "Stadt Kaufbeuren (Bezüge)",
     "Personal Quartiersmanagement Juli", "personnel", "1", "7800.00"),
    ("demo-exp-2", "demo-stadtteilbuero-neugablonz", "NG-2026-002", date(2026, 8, 31), "Stadt Kaufbeuren (Bezüge)",
     "Personal Quartiersmanagement August", "personnel", "1", "7800.00"),
    ("demo-exp-3", "demo-stadtteilbuero-neugablonz", "NG-2026-003", date(2026, 9, 15), "Bildungswerk Allgäu e. V.",
     "Bewerbungscoaching, 6 Termine", "fees", "2", "2350.50"),
    ("demo-exp-4", "demo-stadtteilbuero-neugablonz", "NG-2026-004", date(2026, 9, 20), "Bürobedarf Müller",
     "Büromaterial Stadtteilbüro", "material", "3", "412.37"),
    ("demo-exp-5", "demo-juze-truck", "JT-2026-001", date(2026, 3, 31), "Kreisjugendring Ostallgäu",
     "Personal mobile Jugendarbeit Q1", "personnel", "1", "5100.00"),
    ("demo-exp-6", "demo-juze-truck", "JT-2026-002", date(2026, 4, 12), "Autohaus Wertach",
     "Wartung und Reifen Juze-Truck", "material", "2", "1287.45"),
    ("demo-exp-7", "demo-mobikids", "MK-2026-001", date(2026, 6, 3), "Spiellandschaft Allgäu",
     "Spielmobil-Einsatz Haken", "fees", "1", "980.00"),
]


def _exists(s, table, id_) -> bool:
    return s.execute(select(table.c.id).where(table.c.id == id_)).first() is not None


def seed(runtime, today: date | None = None) -> None:
    with FINANCE_CLERK.acting():
        _seed(runtime, today or date.today())


def _seed(runtime, today: date) -> None:
    with runtime.engine.connect() as s:
        missing_funders = [f for f in FUNDERS if not _exists(s, funder, f["id"])]
        missing_plans = [p for p in PLANS if not _exists(s, funding_plan, p["id"])]
        missing_grants = [g for g in GRANTS if not _exists(s, grant, g[0])]
        missing_expenses = [e for e in EXPENSES if not _exists(s, journal_entry, e[0])]
        has_drawdown = _exists(s, drawdown, "demo-drawdown-esf-1")
        has_fund = _exists(s, action_fund, "demo-aktionsfonds-2026")
    for f in missing_funders:
        funders.create_funder(runtime.uow(), actor=ACTOR, demo=True, **f)
    for p in missing_plans:
        costs = _lines(p["years"], p["split"])
        if "per_year" in p:
            sources = [s for year, shares in p["per_year"].items()
                       for s in _sources([c for c in costs if c["year"] == year], shares)]
        else:
            sources = _sources(costs, p["shares"])
        _create_plan(runtime, p, costs, sources)
    for gid, project_id, funder_id, amount, start, end, ref in missing_grants:
        grants.award_grant(runtime.uow(), actor=ACTOR, id=gid, project_id=project_id, funder_id=funder_id,
                           amount=Decimal(amount), period_start=start, period_end=end, reference=ref, demo=True)
    for eid, project_id, receipt, day, payee, purpose, category, position, amount in missing_expenses:
        journal.book_expense(runtime.uow(), actor=ACTOR, id=eid, demo=True, project_id=project_id,
                             receipt_number=receipt, booking_date=day, payee=payee, purpose=purpose,
                             category=category, position=position, amount=Decimal(amount))
    if not has_drawdown:
        drawdowns.create_drawdown(runtime.uow(), actor=ACTOR, id="demo-drawdown-esf-1",
                                  grant_id="demo-grant-neugablonz-esf", period_start=date(2026, 10, 1),
                                  period_end=date(2026, 12, 31), due_date=today + timedelta(weeks=3),
                                  amount=Decimal("20000.00"), purpose="Personal und Honorare 4. Quartal",
                                  today=today, demo=True)
    if not has_fund:
        action_funds.create_fund(runtime.uow(), actor=ACTOR, id="demo-aktionsfonds-2026",
                                 body_id="demo-begleitausschuss", year=2026, budget=Decimal("26000.00"),
                                 name="Aktionsfonds Demokratie leben! 2026", demo=True)


def _create_plan(runtime, p, costs, sources) -> None:
    plans.save_plan(runtime.uow(), actor=ACTOR, id=p["id"], project_id=p["project_id"], title=p["title"],
                    costs=costs, sources=sources, note="Demodaten", demo=True)
