"""Hand-made answer key for the held-out dev articles (kg-gold/1), written before running kg."""
import json
from pathlib import Path


def e(name, *aliases, optional=False, types=None):
    d = {"name": name, "aliases": list(aliases)}
    if optional:
        d["optional"] = True
    if types:
        d["types"] = types
    return d


KZ = e("Казахстан", "Республика Казахстан", "РК", optional=True)
TOKAYEV = e("Касым-Жомарт Токаев", "Токаев")
ART = {
    "h01_bektenov_pavlodar": dict(
        date="2024-05-16",
        persons=[e("Олжас Бектенов"), e("Ержан Амиров"), e("Асаин Байханов")],
        places=[e("Павлодарская область"), e("Павлодар"), KZ, e("Усолка", "микрорайон Усолка", optional=True)],
        organizations=[e("Павлодарский нефтехимический завод", "АО «Павлодарский нефтехимический завод»"),
                       e("Кастинг", "ТОО «Кастинг»"),
                       e("Правительство Республики Казахстан", "Правительство", optional=True),
                       e("Кабинет министров", "Кабмин", optional=True)],
        topics=[]),
    "h02_nurbek_shymkent": dict(
        date="2024-09-20",
        persons=[e("Саясат Нурбек"), e("Жанар Ахметова"), e("Мухтар Ауэзов", "М. Ауэзов", "Ауэзов", optional=True)],
        places=[e("Шымкент"), KZ],
        organizations=[e("Южно-Казахстанский университет имени М. Ауэзова", "Южно-Казахстанский университет им. М. Ауэзова", "ЮКУ им. М. Ауэзова"),
                       e("Шымкентский университет"),
                       e("Министерство науки и высшего образования Республики Казахстан", "Министерство науки и высшего образования", optional=True)],
        topics=[]),
    "h03_satybaldy_saryagash": dict(
        date="2024-06-11",
        persons=[e("Дархан Сатыбалды"), e("Болатбек Абдуллаев")],
        places=[e("Туркестанская область"), e("Сарыагашский район"), e("Жибек жолы", "поселок Жибек жолы")],
        organizations=[e("Green Capital Saryagash", "ТОО «Green Capital Saryagash»"),
                       e("акимат Сарыагашского района", "районный акимат", optional=True),
                       e("акимат Туркестанской области", optional=True)],
        topics=[]),
    "h04_sairov_voters": dict(
        date="2024-03-29",
        persons=[e("Ерлан Саиров")],
        places=[e("Бескарагай", "село Бескарагай"), e("Абайская область"), KZ],
        organizations=[e("Мажилис Парламента Республики Казахстан", "Мажилис", "Мажилис Парламента"),
                       e("Министерство здравоохранения Республики Казахстан", "Министерство здравоохранения"),
                       e("Бескарагайская районная больница", optional=True),
                       e("Парламент Республики Казахстан", "Парламент", optional=True)],
        topics=[]),
    "h05_tokayev_atyrau": dict(
        date="2024-04-18",
        persons=[TOKAYEV, e("Серик Шапкенов")],
        places=[e("Атырауская область"), e("Кульсары"), KZ],
        organizations=[e("Атырауский нефтеперерабатывающий завод", "Атырауский НПЗ"),
                       e("Акорда", optional=True)],
        topics=[]),
    "h06_saparov_kostanay": dict(
        date="2024-07-05",
        persons=[e("Айдарбек Сапаров"), e("Кумар Аксакалов")],
        places=[e("Костанайская область"), e("Костанай"), e("Карабалыкский район"), KZ],
        organizations=[e("Агрофирма Жана Жер", "ТОО «Агрофирма Жана Жер»"),
                       e("Национальная палата предпринимателей «Атамекен»", "Атамекен", "НПП «Атамекен»", "Национальная палата предпринимателей Атамекен"),
                       e("Министерство сельского хозяйства Республики Казахстан", "Министерство сельского хозяйства", optional=True)],
        topics=[]),
    "h07_koshanov_taraz": dict(
        date="2024-10-03",
        persons=[e("Ерлан Кошанов"), e("Марат Жумабеков"), e("Мухаммед Хайдар Дулати", "М.Х. Дулати", "Дулати", optional=True)],
        places=[e("Жамбылская область"), e("Тараз", optional=True)],
        organizations=[e("Таразский региональный университет имени М.Х. Дулати", "Таразский региональный университет им. М.Х. Дулати", "Таразский региональный университет имени М. Х. Дулати"),
                       e("Казфосфат", "ТОО «Казфосфат»"),
                       e("Мажилис Парламента Республики Казахстан", "Мажилис", "Мажилис Парламента")],
        topics=[]),
    "n01_online": dict(
        date="2024-05-20",
        persons=[e("Олжас Бектенов"), e("Алмасбек Саткалиев"), e("Гауез Нурмухамбетов")],
        places=[e("Экибастуз"), e("Риддер"), e("Северо-Казахстанская область"), e("Петропавловск")],
        organizations=[e("Правительство Республики Казахстан", "Правительство", optional=True)],
        topics=[]),
    "n02_roundtable_absent": dict(
        date="2024-02-14",
        persons=[e("Нурлан Жаксылыков"), e("Нурлан Байбазаров")],
        places=[e("Шымкент")],
        organizations=[e("региональная палата предпринимателей", "палата предпринимателей", optional=True)],
        topics=[]),
    "n03_recall": dict(
        date="2024-08-22",
        persons=[TOKAYEV],
        places=[e("Костанай"), e("Костанайская область"), e("Центральная Азия", optional=True)],
        organizations=[e("СарыаркаАвтоПром", "ТОО «СарыаркаАвтоПром»")],
        topics=[]),
    "n04_economy": dict(
        date="2024-04-12",
        persons=[e("Тимур Сулейменов")],
        places=[KZ],
        organizations=[e("Национальный банк Республики Казахстан", "Национальный банк", "Нацбанк")],
        topics=[]),
    "n05_akorda": dict(
        date="2024-06-03",
        persons=[TOKAYEV, e("Бахтиёр Саидов", "Бахтиер Саидов"), e("Шавкат Мирзиёев", "Шавкат Мирзиеев")],
        places=[e("Казахстан", "Республика Казахстан"), e("Узбекистан"), e("Акорда", optional=True, types=["places", "organizations"])],
        organizations=[],
        topics=[]),
}


def visit(id_, principal, places, window, source, participants, orgs, subs, orgs_opt=(), part_opt=()):
    return {"id": id_, "type": "Visit", "principal": principal, "places": places, "date_window": window,
            "sources": [source], "participants": participants, "participants_optional": list(part_opt),
            "organizations": orgs, "organizations_optional": list(orgs_opt), "subevents": subs}


EVENTS = [
    visit("v-bektenov", "Олжас Бектенов", ["Павлодарская область"], ["2024-05-15", "2024-05-16"], "h01_bektenov_pavlodar",
          ["Олжас Бектенов", "Асаин Байханов", "Ержан Амиров"],
          ["Павлодарский нефтехимический завод", "Кастинг"], {"SiteVisit": 2, "Meeting": 2},
          orgs_opt=["Правительство Республики Казахстан", "Кабинет министров"]),
    visit("v-nurbek", "Саясат Нурбек", ["Шымкент"], ["2024-09-19", "2024-09-20"], "h02_nurbek_shymkent",
          ["Саясат Нурбек"], ["Южно-Казахстанский университет имени М. Ауэзова", "Шымкентский университет"],
          {"Meeting": 1, "SiteVisit": 1}, part_opt=["Жанар Ахметова"],
          orgs_opt=["Министерство науки и высшего образования Республики Казахстан"]),
    visit("v-satybaldy", "Дархан Сатыбалды", ["Сарыагашский район", "Туркестанская область"], ["2024-06-10", "2024-06-11"],
          "h03_satybaldy_saryagash", ["Дархан Сатыбалды", "Болатбек Абдуллаев"], ["Green Capital Saryagash"],
          {"SiteVisit": 2, "Meeting": 2},
          orgs_opt=["акимат Сарыагашского района", "акимат Туркестанской области"]),
    visit("v-sairov", "Ерлан Саиров", ["Абайская область", "Бескарагай"], ["2024-03-28", "2024-03-29"], "h04_sairov_voters",
          ["Ерлан Саиров"], [], {"Meeting": 2, "SiteVisit": 1},
          orgs_opt=["Бескарагайская районная больница", "Мажилис Парламента Республики Казахстан",
                    "Министерство здравоохранения Республики Казахстан"]),
    visit("v-tokayev", "Касым-Жомарт Токаев", ["Атырауская область"], ["2024-04-17", "2024-04-18"], "h05_tokayev_atyrau",
          ["Касым-Жомарт Токаев", "Серик Шапкенов"], ["Атырауский нефтеперерабатывающий завод"],
          {"SiteVisit": 2, "Meeting": 1}, orgs_opt=["Акорда"]),
    visit("v-saparov", "Айдарбек Сапаров", ["Костанайская область"], ["2024-07-04", "2024-07-05"], "h06_saparov_kostanay",
          ["Айдарбек Сапаров", "Кумар Аксакалов"], ["Агрофирма Жана Жер"],
          {"SiteVisit": 1, "RoundTable": 1, "Meeting": 1},
          orgs_opt=["Национальная палата предпринимателей «Атамекен»", "Министерство сельского хозяйства Республики Казахстан"]),
    visit("v-koshanov", "Ерлан Кошанов", ["Жамбылская область"], ["2024-10-02", "2024-10-03"], "h07_koshanov_taraz",
          ["Ерлан Кошанов"], ["Таразский региональный университет имени М.Х. Дулати", "Казфосфат"],
          {"SiteVisit": 2, "Meeting": 2}, part_opt=["Марат Жумабеков"],
          orgs_opt=["Мажилис Парламента Республики Казахстан"]),
    {"id": "rt-shymkent", "type": "RoundTable", "principal": None, "places": ["Шымкент"],
     "date_window": ["2024-02-13", "2024-02-14"], "sources": ["n02_roundtable_absent"],
     "participants": ["Нурлан Жаксылыков"], "participants_optional": [], "organizations": [],
     "organizations_optional": [], "subevents": {}},
]

Path(__file__).with_name("gold.json").write_text(json.dumps(
    {"format": "kg-gold/1", "about": "held-out dev key, written before running kg",
     "articles": ART, "events": EVENTS}, ensure_ascii=False, indent=1), encoding="utf-8")
