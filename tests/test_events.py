"""Visit events: what is a trip and what is not, sub-events, and merging across articles."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED, make_article

from kg.events.extract import extract
from kg.events.merge import merge


def events_of(text: str, date: str = "2026-03-12", article_id: str = "t"):
    return extract(make_article(text, article_id=article_id, date=date)).events


VISIT = ("Аким Павлодарской области Асаин Байханов прибыл с рабочей поездкой в Экибастуз. "
         "Аким встретился с трудовыми коллективами и посетил ТЭЦ «Экибастузская».")

NOT_VISITS = [
    pytest.param("Роль регионов в будущей институциональной архитектуре Казахстана обсудили в Караганде на "
                 "заседании круглого стола, организованном партией «Amanat». Аким Карагандинской области "
                 "Ермаганбет Булекпаев сделал акцент на экономике. К обсуждению в режиме онлайн подключился "
                 "заместитель председателя Сената Парламента РК Жакип Асанов.", id="004-round-table-and-online"),
    pytest.param("В январе 2024 года Президент Касым-Жомарт Токаев в ходе рабочего визита в Алматы поддержал "
                 "проекты по развитию транспортной системы города.", id="tn_532038-recalled-trip"),
    pytest.param("США, Франция, Россия и Индия выпустили предупреждения о необходимости воздержаться от "
                 "поездок в Израиль.", id="tn_532219-trip-word-without-traveller"),
    pytest.param("Тель-Авив готовится к потенциальным атакам, укрепляя связи с США.Угроза иранского нападения "
                 "реальна, — заявил министр обороны Израиля Йоав Галлант в пятницу на встрече с главой "
                 "Центрального командования США (CENTCOM) Майклом Эрик Курилла на авиабазе ВВС Хацор. "
                 "Иран может атаковать военные объекты на территории Израиля. Тель-Авив ждет ответа.",
                 id="tn_532219-the-one-met-is-no-traveller"),
    pytest.param("Аким Алматы Ербол Досаев встретился с жителями Алматы и посетил школу в Алматы. "
                 "Аким Алматы Ербол Досаев обсудил с жителями Алматы ремонт дорог.", id="akim-in-his-own-city"),
    pytest.param("Аким Алматы Ербол Досаев прибыл в Медеуский район. Он встретился с жителями района и "
                 "посетил школу.", id="akim-in-a-district-of-his-city"),
    pytest.param("Президент Касым-Жомарт Токаев отменил проведение Международного форума Астана. Ранее стало "
                 "известно, что Глава государства на следующей неделе посетит с официальным визитом Армению.",
                 id="tn_532251-earlier-news-recalled"),
    pytest.param("Премьер-министр Олжас Бектенов в режиме видеоконференции провел совещание с акимами областей. "
                 "Аким Северо-Казахстанской области Гауез Нурмухамбетов сообщил о ремонте сетей в Петропавловске.",
                 id="heldout-n01-online-meeting"),
]


@pytest.mark.parametrize("text", NOT_VISITS)
def test_not_a_visit(text):
    assert [e for e in events_of(text) if e.type == "Visit"] == []


def test_a_trip_with_a_trip_word():
    visits = [e for e in events_of(VISIT) if e.type == "Visit"]
    assert [(v.principal, v.region, v.planned) for v in visits] == [
        ("Асаин Байханов", "Павлодарская область", False)]


def test_a_regional_akims_trip_to_a_district_is_a_visit():
    text = ("Аким Карагандинской области Ермаганбет Булекпаев прибыл с рабочей поездкой в Бухар-Жырауский "
            "район. Он встретился с жителями района и посетил школу.")
    visits = [e for e in events_of(text) if e.type == "Visit"]
    assert [[p.name for p in v.places] for v in visits] == [["Бухар-Жырауский район", "Карагандинская область"]]


def test_an_announced_trip_is_planned_and_dated_to_its_day():
    text = ("Министр здравоохранения Ажар Гиният посетит Туркестанскую область 20 марта. "
            "Министр проведет встречу с медицинскими работниками региона.")
    events = events_of(text, date="2026-03-12")
    assert [(e.type, e.planned, e.date) for e in events] == [("PlannedVisit", True, "2026-03-20")]


def test_round_table_without_the_official_is_an_event_of_its_own():
    events = events_of(NOT_VISITS[0].values[0])
    tables = [e for e in events if e.type == "RoundTable"]
    assert len(tables) == 1 and tables[0].parent is None
    assert [p.name for p in tables[0].places] == ["Караганда"]
    assert {"Ермаганбет Булекпаев", "Жакип Асанов"} <= {p.name for p in tables[0].participants}


def test_people_who_address_the_official_are_participants():
    text = ("Такое мнение озвучил спикер Сената Маулен Ашимбаев на встрече с депутатами маслихатов, "
            "организованной в рамках его рабочей поездки в Карагандинскую область. В ходе встречи глава "
            "профсоюза угольщиков «Қорғау» Евгений Буслаев обратился к спикеру Сената с вопросом.")
    visit = next(e for e in events_of(text) if e.type == "Visit")
    assert {p.name for p in visit.participants} == {"Маулен Ашимбаев", "Евгений Буслаев"}


def test_collectives_of_enterprises_are_site_visits():
    text = ("Спикер Сената Маулен Ашимбаев встретился с депутатами маслихатов Восточно-Казахстанской области. "
            "В рамках поездки в регион спикер Сената встретился с коллективами Усть-Каменогорского "
            "титано-магниевого комбината, корпорации «Восток-Молоко», а также ознакомился с деятельностью "
            "лаборатории «SMART-технологии автомобилей» мастерской Лу Бань.")
    sites = sorted(o.name for e in events_of(text) if e.type == "SiteVisit" for o in e.organizations)
    assert sites == ["Восток-Молоко", "Усть-Каменогорский титано-магниевый комбинат", "мастерская Лу Бань"]


def test_one_trip_in_two_articles_is_one_visit_in_any_order():
    a = extract(make_article(VISIT, article_id="a", date="2026-03-12"))
    b = extract(make_article(VISIT.replace("прибыл", "прибыл накануне"), article_id="b", date="2026-03-13"))
    for facts in ([a, b], [b, a]):
        visits = [e for e in merge(facts).events if e.type == "Visit"]
        assert [(v.sources, v.date) for v in visits] == [(["a", "b"], "2026-03-12")]


def test_the_same_official_in_two_regions_makes_two_visits():
    a = extract(make_article(VISIT, article_id="a"))
    b = extract(make_article(VISIT.replace("Экибастуз", "Костанай").replace("Павлодарской", "Костанайской")
                             .replace("«Экибастузская»", "«Костанайская»"), article_id="b"))
    visits = [e for e in merge([a, b]).events if e.type == "Visit"]
    assert sorted(v.region for v in visits) == ["Костанайская область", "Павлодарская область"]


def test_a_trip_to_two_regions_merges_with_a_report_from_one_of_them():
    a = extract(make_article("Олжас Бектенов посетил Абайскую и Восточно-Казахстанскую области\n\nПремьер-министр "
                             "Республики Казахстан Олжас Бектенов совершил рабочую поездку в Абайскую и "
                             "Восточно-Казахстанскую области. В Семее Глава Правительства посетил ТОО «Семей Энерго».",
                             article_id="a", date="2024-06-14"))
    b = extract(make_article("Бектенов побывал на комбинате\n\nГлава Правительства Олжас Бектенов, находящийся с "
                             "рабочей поездкой в ВКО, посетил Усть-Каменогорский титано-магниевый комбинат.",
                             article_id="b", date="2024-06-15"))
    visits = [e for e in merge([a, b]).events if e.type == "Visit"]
    assert [v.sources for v in visits] == [["a", "b"]]
    assert {"Абайская область", "Восточно-Казахстанская область"} <= {p.name for p in visits[0].places}


def test_a_headline_without_a_date_leaves_the_date_to_the_lead():
    text = ("Министр здравоохранения посетила Костанайскую область\n\n15-16 мая Министр здравоохранения "
            "Республики Казахстан Акмарал Альназарова находилась с рабочей поездкой в Костанайской области.")
    visit = next(e for e in events_of(text, date="2024-05-17") if e.type == "Visit")
    assert (visit.date, visit.end_date) == ("2024-05-15", "2024-05-16")


PRESIDENT_A = ("Глава государства прибыл с рабочей поездкой в Туркестанскую область\n\n"
               "Касым-Жомарт Токаев посетил Шымкентский завод по производству цемента «Стандарт Цемент», где "
               "ознакомился с ходом модернизации производства. Аким области Дархан Сатыбалды доложил Президенту "
               "о развитии региона.\n\nЗатем Глава государства встретился с общественностью области.")
PRESIDENT_B = ("Президент Казахстана Касым-Жомарт Токаев вчера провел встречу с активом Туркестанской области\n\n"
               "В ходе рабочей поездки в регион Токаев посетил завод «Стандарт Цемент» в Туркестане.")


def test_a_title_only_principal_and_two_reports_of_one_trip():
    a = extract(make_article(PRESIDENT_A, article_id="a", date="2024-05-03"))
    b = extract(make_article(PRESIDENT_B, article_id="b", date="2024-05-04"))
    events = merge([a, b]).events
    visit = next(e for e in events if e.type == "Visit")
    assert (visit.principal, visit.region, visit.sources) == ("Касым-Жомарт Токаев", "Туркестанская область", ["a", "b"])
    assert "Дархан Сатыбалды" in {p.name for p in visit.participants}  # he reported to the President
    sites = [e for e in events if e.type == "SiteVisit"]
    # one site, with the organization link kept from both reports
    assert [(s.sources, sorted({o.name for o in s.organizations})) for s in sites] == [(["a", "b"], ["Стандарт Цемент"])]


def test_a_foreign_governor_visiting_a_kazakh_city():
    text = ("Губернатор Оренбургской области Денис Паслер прибыл в Актобе с рабочим визитом. Он встретился "
            "с акимом Актюбинской области Асхатом Шахаровым и посетил АО «Актобе ТЭЦ».")
    events = events_of(text)
    visit = next(e for e in events if e.type == "Visit")
    assert (visit.principal, [p.name for p in visit.places]) == ("Денис Паслер", ["Актобе", "Актюбинская область", "Казахстан"])
    met = next(e for e in events if e.type == "Meeting")
    assert "Асхат Шахаров" in {p.name for p in met.participants}


def test_a_headline_meeting_is_the_meeting_the_body_tells():
    text = ("Министр науки встретился со студентами в Шымкенте\n\n"
            "Министр науки и высшего образования Саясат Нурбек в рамках рабочей поездки в Шымкент встретился "
            "со студентами и преподавателями Южно-Казахстанского университета имени М. Ауэзова. Кроме того, "
            "Саясат Нурбек посетил Шымкентский университет и ознакомился с работой научной лаборатории.")
    events = events_of(text, date="2024-09-20")
    visit = next(e for e in events if e.type == "Visit")
    assert visit.label == "Рабочая поездка Саясата Нурбека в Шымкент"
    assert [e.type for e in events if e.parent] == ["Meeting", "SiteVisit"]  # the lab is within the university


SUB_EVENTS = [
    pytest.param("Аким Туркестанской области Дархан Сатыбалды совершил рабочую поездку в Сарыагашский район. "
                 "Затем глава региона посетил новую школу на 900 мест в поселке Жибек жолы.",
                 [("SiteVisit", "Посещение: новая школа")], id="heldout-h03-unnamed-facility"),
    pytest.param("Депутат Мажилиса Ерлан Саиров прибыл в Абайскую область. Также депутат посетил Бескарагайскую "
                 "районную больницу и встретился с медицинским персоналом.",
                 [("SiteVisit", "Посещение: Бескарагайская районная больница"),
                  ("Meeting", "Встреча с медицинским персоналом")], id="heldout-h04-staff"),
    pytest.param("Премьер-министр Олжас Бектенов прибыл в Павлодарскую область. В Павлодаре Премьер-министр "
                 "провел совещание по вопросам социально-экономического развития области.",
                 [("Meeting", "Совещание по вопросам социально-экономического развития области")],
                 id="heldout-h01-meeting-held"),
    pytest.param("Глава государства Касым-Жомарт Токаев прибыл с рабочей поездкой в Атыраускую область. "
                 "Касым-Жомарт Токаев также встретился с жителями, пострадавшими от наводнения.",
                 [("Meeting", "Встреча с жителями, пострадавшими")], id="heldout-h05-group-word-only"),
    pytest.param("Аким Мангистауской области Нурдаулет Килыбай с рабочей поездкой побывал в городе Жанаозен. "
                 "Глава региона осмотрел ход строительства нового водоопреснительного завода. "
                 "В акимате города Нурдаулет Килыбай провел прием граждан.",
                 [("SiteVisit", "Посещение: новый водоопреснительный завод"), ("Meeting", "Прием граждан")],
                 id="heldout-h08-works-and-reception"),
    pytest.param("Заместитель Премьер-министра – министр иностранных дел Республики Казахстан Мурат Нуртлеу "
                 "находился с рабочим визитом в Кызылорде. В Кызылординском университете имени Коркыт Ата "
                 "вице-премьер выступил с лекцией перед студентами.",
                 [("SiteVisit", "Посещение: Кызылординский университет имени Коркыт Ата")],
                 id="heldout-h09-acting-inside"),
    pytest.param("Премьер-министр Олжас Бектенов прибыл в Абайскую область. Затем Премьер-министр ознакомился с "
                 "работой завода по производству кожевенной продукции ТОО «Kazakh Leather Company», который "
                 "перерабатывает шкуры.",
                 [("SiteVisit", "Посещение: Kazakh Leather Company")], id="heldout-m01-described-then-named"),
    pytest.param("Министр здравоохранения Акмарал Альназарова прибыла в Костанайскую область. Министр побывала в "
                 "Костанайском высшем медицинском колледже, где обсудила со студентами вопросы подготовки кадров.",
                 [("SiteVisit", "Посещение: Костанайский высший медицинский колледж")], id="heldout-m07-talk-at-a-site"),
    pytest.param("Министр торговли Арман Шаккалиев в ходе рабочей поездки в Ташкент провел переговоры с министром "
                 "инвестиций, промышленности и торговли Республики Узбекистан Лазизом Кудратовым.",
                 [("Meeting", "Встреча с министром инвестиций, промышленности и торговли Республики Узбекистан "
                   "Лазизом Кудратовым")], id="heldout-m04-genitive-list"),
]


@pytest.mark.parametrize("text,expected", SUB_EVENTS)
def test_sub_events_of_a_visit(text, expected):
    events = events_of(text, date="2024-05-16")
    assert [(e.type, e.label) for e in events if e.parent] == expected


def test_who_takes_part_or_reports_is_a_participant_unless_denied():
    text = ("Министр сельского хозяйства Айдарбек Сапаров находился с рабочей поездкой в Костанайской области. "
            "В Костанае прошел круглый стол. В нем приняли участие аграрии и аким Костанайской области "
            "Кумар Аксакалов. Генеральный директор предприятия Ержан Амиров сообщил о планах. "
            "Министр финансов Мадина Абылкасымова не смогла принять участие.")
    visit = next(e for e in events_of(text, date="2024-07-05") if e.type == "Visit")
    assert {p.name for p in visit.participants} == {"Айдарбек Сапаров", "Кумар Аксакалов", "Ержан Амиров"}


def test_those_taking_part_in_a_meeting_held_attend_it():
    text = ("Премьер-министр Олжас Бектенов прибыл в Восточно-Казахстанскую область. Премьер-министр провел "
            "совещание с участием акима Восточно-Казахстанской области Ермека Кошербаева, на котором обсуждались "
            "вопросы газификации.")
    meeting = next(e for e in events_of(text, date="2024-06-14") if e.type == "Meeting")
    assert {p.name for p in meeting.participants} == {"Олжас Бектенов", "Ермек Кошербаев"}


def test_seed_score_meets_the_bar(seed_build):
    """The answer key for the seeds: every measure at 0.9 or better."""
    scorer = SHARED / "eval" / "score.py"
    if not scorer.exists():
        pytest.skip("the shared answer key is not beside this checkout")
    out = subprocess.run([sys.executable, str(scorer), str(seed_build / "events.json"),
                          str(SHARED / "eval" / "gold-seeds.json"), "--json"], capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)
    low = {k: round(v["f1"], 3) for k, v in rows.items() if k != "overall" and v["f1"] < 0.9}
    assert not low, f"measures below 0.9: {low}"


def test_held_out_dev_set_meets_the_bar(tmp_path):
    """tests/heldout: officials, regions and non-visits the seeds do not have, keyed before kg ran on them.

    Topics are measured too: the key lists them in the seed key's style, written before kg ran.
    """
    from kg.build.pipeline import build

    scorer = SHARED / "eval" / "score.py"
    if not scorer.exists():
        pytest.skip("the shared scorer is not beside this checkout")
    heldout = ROOT / "tests" / "heldout"
    build([str(heldout / "articles")], tmp_path, use_cache=False, progress=False)
    out = subprocess.run([sys.executable, str(scorer), str(tmp_path / "events.json"), str(heldout / "gold.json"),
                          "--json"], capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)
    low = {k: round(v["f1"], 3) for k, v in rows.items() if k != "overall" and v["f1"] < 0.85}
    assert not low, f"measures below 0.85: {low}"


# trip frames: the sentence that showed the miss, and a near miss beside it
TRIP_FRAMES = [
    pytest.param("Губернатор Омской области Виталий Хоценко в ходе рабочей поездки в Нижнеомский район навестил "
                 "семью бойца.", "Виталий Хоценко", "Нижнеомский район", id="pages-dev-b06-trip-noun-of-subject"),
    pytest.param("Президент Узбекистана Шавкат Мирзиёев отбыл в Сурхандарьинскую область, сообщает пресс-служба "
                 "главы государства.", "Шавкат Мирзиёев", "Сурхандарьинская область", id="pages-dev2-c12-departed"),
    pytest.param("Рабочая поездка Касым-Жомарта Токаева в Жамбылскую область началась с ознакомления с "
                 "деятельностью завода.", "Касым-Жомарт Токаев", "Жамбылская область", id="pages-dev-a05-genitive-actor"),
    pytest.param("Аким Кызылординской области Нурлыбек Налибаев вместе с Председателем Правления "
                 "АО «НК» КазМунайГаз» Магзумом Мирзагалиевым, прибывшим с рабочей поездкой в Кызылординскую область, "
                 "посетил нефтяные месторождения региона. Нурлыбек Налибаев и Магзум Мирзагалиев посетили "
                 "месторождение Акшабулак.", "Магзум Мирзагалиев", "Кызылординская область", id="pages-dev2-d04-participle-actor"),
    pytest.param("Депутаты Сената Парламента Наурызбай Байкадамов и Руслан Рустемов посетили Жалагашский район "
                 "Кызылординской области. Сенаторы посетили солнечную электростанцию ТОО «Nomad Solar».",
                 "Наурызбай Байкадамов", "Жалагашский район", id="pages-dev2-d03-first-of-two-senators"),
]
NOT_TRIPS = [
    pytest.param("Президент Казахстана Касым-Жомарт Токаев принял акима Карагандинской области Жениса Касымбека.",
                 id="pages-dev-a19-reception-in-own-seat"),
    pytest.param("В рамках поездки по столице Президент Касым-Жомарт Токаев посетил завод Tausogar.",
                 id="pages-dev-a16-president-in-his-capital"),
    pytest.param("Владимир Путин в режиме видеоконференции проводит совещание с губернатором Курганской области "
                 "Вадимом Шумковым.", id="pages-dev-b16-video-conference"),
    pytest.param("В сентябре 2022 года Глава государства Касым-Жомарт Токаев посетил область Абай.",
                 id="pages-dev2-d10-recalled-with-its-month"),
    pytest.param("Мэр Бишкека Айбек Джунушалиев объехал городские объекты и встретился с жителями.",
                 id="pages-dev2-c14-mayor-in-his-city"),
    pytest.param("Аким Кызылординской области Нурлыбек Налибаев прибыл в Кызылординскую область.",
                 id="near-miss-akim-over-his-whole-region"),
    pytest.param("Касым-Жомарт Токаев впервые отправился в Анкару после личного приглашения Реджепа Тайипа "
                 "Эрдогана.", id="pages-dev-a08-the-inviter-is-no-traveller"),
]


@pytest.mark.parametrize("text,who,where", TRIP_FRAMES)
def test_a_trip_read_from_its_clause(text, who, where):
    visits = [e for e in events_of(text, date="2025-08-06") if e.type == "Visit"]
    assert [v.principal for v in visits] == [who]
    assert where in {p.name for p in visits[0].places}


@pytest.mark.parametrize("text", NOT_TRIPS)
def test_no_trip_of_one_who_stays_or_recalls(text):
    visits = [e for e in events_of(text, date="2025-08-06") if e.type == "Visit"]
    assert all(v.principal != "Касым-Жомарт Токаев" or "Турция" in {p.name for p in v.places} for v in visits)
    if "Анкару" in text:  # the trip is Tokayev's alone: Erdogan invited him
        assert [[p.name for p in v.participants] for v in visits] == [["Касым-Жомарт Токаев"]]
    else:
        assert visits == []


def test_an_announced_trip_makes_no_sub_events():
    text = ("28 июня в Северо-Казахстанскую область прибыл министр энергетики Алмасадам Саткалиев. Во время "
            "поездки Алмасадам Саткалиев посетит Петропавловскую ТЭЦ-2 и проведет встречу с населением.")
    events = events_of(text, date="2023-06-28")  # pages-dev a14: arrival told, the rest announced
    assert [e.type for e in events] == ["Visit"]


@pytest.mark.xfail(strict=True, reason="«Шалву Папуашвили» is not yet found as a person (issue 12, names)")
def test_a_guest_received_on_his_official_visit_is_on_a_trip():
    text = ("Глава государства Касым-Жомарт Токаев принял председателя парламента Грузии Шалву Папуашвили. "
            "Он отметил, что его визит является первым официальным визитом председателя Парламента Грузии "
            "в Республику Казахстан.")  # tn_532110
    visits = [e for e in events_of(text, date="2024-04-12") if e.type == "Visit"]
    assert [(v.principal, [p.name for p in v.places]) for v in visits] == [("Шалва Папуашвили", ["Казахстан"])]


def test_a_delegation_report_joins_the_named_travellers_trip():
    a = extract(make_article("Сегодня, 10 сентября, губернатор Андрей Никитин находится с рабочей поездкой в "
                             "Казахстане.", article_id="b10", date="2024-09-10"))
    b = extract(make_article("Продолжается бизнес-миссия новгородской делегации в Казахстане.",
                             article_id="b11", date="2024-09-11"))
    visits = [e for e in merge([a, b]).events if e.type == "Visit"]
    assert [(v.principal, v.sources) for v in visits] == [("Андрей Никитин", ["b10", "b11"])]


NAMED_SITES = [
    pytest.param("Министр просвещения Жулдыз Сулейменова в ходе рабочей поездки в Кызылординскую область посетила "
                 "ряд организаций образования. Глава ведомства побывала в детском саду «Бегім ана», где формируются "
                 "навыки.", ["Бегім ана"], id="pages-dev-a13-quoted-name-after-facility"),
    pytest.param("Министр энергетики Ерлан Аккенженов посетил Карагандинскую область. В ходе поездки министр "
                 "побывал на ГРЭС «Топар», где завершается замена турбоагрегата.", ["Топар"],
                 id="pages-dev-a12-indeclinable-facility"),
    pytest.param("Министр энергетики Алмасадам Саткалиев прибыл в Северо-Казахстанскую область. Во время поездки "
                 "министр посетит ТЭЦ «Северная».", [], id="pages-dev-a14-near-miss-site-announced"),
]


@pytest.mark.parametrize("text,expected", NAMED_SITES)
def test_a_named_facility_is_the_site_visited(text, expected):
    events = events_of(text, date="2025-08-02")
    assert [o.name for e in events if e.type == "SiteVisit" for o in e.organizations] == expected
