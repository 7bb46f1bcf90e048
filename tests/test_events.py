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
    pytest.param("Министр обороны Израиля Йоав Галлант провел встречу с главой Центрального командования США Майклом "
                 "Эриком Куриллой. Напомним, 1 апреля был нанесен авиаудар по зданию посольства Ирана в Дамаске, в "
                 "результате которого погиб бригадный генерал Мохаммад Реза Захеди, старший командующий силами "
                 "«Кудс», и шесть других офицеров, присутствовавших на встрече в комплексе посольства в Дамаске.",
                 id="tn_532219-a-title-in-apposition-is-the-names"),
    pytest.param("«В Называевске навестил семью бойца Виктора Викторовича Лаврова, который сейчас защищает нашу Родину. "
                 "За выполнение своего долга парень недавно получил медаль „За отвагу“. Спросил, чем можем помочь», — "
                 "рассказал Хоценко.", id="pages-dev-b05-speech-quoting-a-medal"),
    pytest.param("В 2014 году казахстанская студентка Акжаркын Турлыбай отправилась в Китай из Алматы.",
                 id="tn_532100-a-trip-of-a-past-year"),
    pytest.param("Погиб бригадный генерал Мохаммад Реза, и шесть других офицеров, присутствовавших на встрече в "
                 "комплексе посольства в Дамаске.", id="tn_532219-the-meeting-of-a-participial-phrase"),
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


def test_reports_each_within_days_of_the_last_are_one_trip_until_a_gap():
    """A trip's reports chain (the 1st, 4th and 7th of March, each within MAX_GAP_DAYS of the one before)
    and a trip that lasts from the 12th to the 15th takes a report of the 18th; the 30th is another trip.
    The merge leaves out groups that ended too long ago: this holds it to a group's last day, not its first."""
    days = {"a": "2026-03-01", "b": "2026-03-04", "c": "2026-03-07", "e": "2026-03-18", "f": "2026-03-30"}
    facts = [extract(make_article(VISIT, article_id=k, date=d)) for k, d in days.items()]
    facts.append(extract(make_article("12-15 марта аким Павлодарской области Асаин Байханов находился с рабочей "
                                      "поездкой в Экибастузе.", article_id="d", date="2026-03-16")))
    visits = [e for e in merge(facts).events if e.type == "Visit"]
    assert [(v.sources, v.date) for v in visits] == [(["a", "b", "c"], "2026-03-01"), (["d", "e"], "2026-03-12"),
                                                     (["f"], "2026-03-30")]


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
    pytest.param("Аким области Гауез Нурмухамбетов с рабочей поездкой посетил Уалихановский район, передает Open KZ. "
                 "На встрече в селе Кайрат жители подняли вопросы ремонта дорог. Также Гауез Нурмухамбетов провел "
                 "оперативное совещание с участием акимов районов.",
                 [("Meeting", "Встреча в селе Кайрат"), ("Meeting", "Совещание с участием акимов районов")],
                 id="pages-dev-b04-meeting-by-its-place-and-no-outlet-site"),
    pytest.param("Аким области Гауез Нурмухамбетов с рабочей поездкой посетил Уалихановский район. Он встретился с "
                 "жителями села Кайрат. На встрече жители подняли вопросы ремонта дорог.",
                 [("Meeting", "Встреча с жителями села Кайрат")], id="near-miss-b04-the-meeting-told-before"),
    pytest.param("Министр здравоохранения Ажар Гиният в ходе рабочей поездки в Караганду посетила Инфекционный центр "
                 "областной клинической больницы, где ознакомилась с ходом оказания медпомощи пострадавшим "
                 "воспитанникам Центра оказания специальных социальных услуг.",
                 [("SiteVisit", "Посещение: Инфекционный центр областной клинической больницы")],
                 id="pages-dev-a07-what-she-saw-there-and-whose-pupils"),
    pytest.param("Министр здравоохранения Ажар Гиният в ходе рабочей поездки в Караганду посетила Инфекционный центр "
                 "областной клинической больницы. Затем министр ознакомилась с работой Центра оказания специальных "
                 "социальных услуг.", [("SiteVisit", "Посещение: Инфекционный центр областной клинической больницы"),
                                      ("SiteVisit", "Посещение: Центр оказания специальных социальных услуг")],
                 id="near-miss-a07-a-second-site"),
    pytest.param("Губернатор Омской области Виталий Хоценко в ходе рабочей поездки в Нижнеомский район навестил семью "
                 "бойца Алексея Коломака, который сейчас служит в зоне СВО.",
                 [("Meeting", "Встреча: семья бойца Алексея Коломака")], id="pages-dev-b06-calling-on-a-family"),
    pytest.param("Губернатор Омской области Виталий Хоценко в ходе рабочей поездки в Нижнеомский район навестил "
                 "районную больницу.", [], id="near-miss-b06-calling-on-no-people"),
    pytest.param("Во время поездки в Называевск губернатор Омской области Виталий Хоценко побывал в доме семьи Виктора "
                 "Лаврова и пообщался с его женой и дочкой.", [("Meeting", "Встреча с его женой и дочкой")],
                 id="pages-dev-b05-a-home-is-no-site"),
    pytest.param("Губернатор Омской области Виталий Хоценко прибыл в Называевск. Губернатор побывал в Доме культуры "
                 "села.", [("SiteVisit", "Посещение: Дом культуры села")], id="near-miss-b05-a-house-of-culture"),
    pytest.param("Губернатор Омской области Виталий Хоценко посетил Луганскую народную республику. В ходе визита "
                 "Виталий Хоценко обсудил с руководством города планы на 2025 год.",
                 [("Meeting", "Встреча с руководством города")], id="pages-dev-b07-the-leadership-met"),
    pytest.param("Министр просвещения Жулдыз Сулейменова посетила с рабочим визитом Акмолинскую область. Совместно с "
                 "акимом области министр приняла участие в техническом открытии новой школы №10, построенной на месте "
                 "аварийного здания.", [("SiteVisit", "Посещение: школа №10")], id="pages-dev-a11-opening-a-school"),
    pytest.param("Министр просвещения Жулдыз Сулейменова посетила с рабочим визитом Акмолинскую область. Министр "
                 "приняла участие в открытии выставки детского творчества.", [],
                 id="near-miss-a11-opening-an-exhibition"),
    pytest.param("Глава Минсельхоза Дмитрий Патрушев посетил Ярославскую область. Дмитрий Патрушев посетил сыродельный "
                 "завод в Угличе, молочные фермы в Ростовском районе и завод мороженого в Тутаевском районе.",
                 [("SiteVisit", "Посещение: сыродельный завод"), ("SiteVisit", "Посещение: молочная ферма"),
                  ("SiteVisit", "Посещение: завод мороженого")], id="pages-dev2-c07-a-list-of-facilities"),
    pytest.param("Глава Минсельхоза Дмитрий Патрушев посетил Ярославскую область. Дмитрий Патрушев посетил сыродельный "
                 "завод в Угличе и обсудил с работниками планы.",
                 [("SiteVisit", "Посещение: сыродельный завод"), ("Meeting", "Встреча с работниками")],
                 id="near-miss-c07-one-facility-and-a-talk"),
    pytest.param("Министр здравоохранения РФ Михаил Мурашко приехал с рабочим визитом в Курскую область. Он посетил "
                 "один из пунктов временного размещения переселенцев и пообщался с ними.",
                 [("SiteVisit", "Посещение: пункт временного размещения переселенцев")],
                 id="pages-dev2-c08-one-of-the-facilities"),
    pytest.param("Министр здравоохранения РФ Михаил Мурашко приехал с рабочим визитом в Курскую область. Он посетил "
                 "один из районов области.", [], id="near-miss-c08-one-of-the-districts"),
    pytest.param("Депутат Нуртай Сабильянов в ходе рабочей поездки в Урджарский район области Абай провел встречу с "
                 "жителями. Депутат посетил медицинский пункт в селе Лайбулак. Также Нуртай Сабильянов ознакомился с "
                 "работой спортивного модуля в селе Таскескен.",
                 [("Meeting", "Встреча с жителями"), ("SiteVisit", "Посещение: медицинский пункт"),
                  ("SiteVisit", "Посещение: спортивный модуль")], id="pages-dev2-d01-a-point-and-a-module"),
    pytest.param("Депутаты Сената Наурызбай Байкадамов и Руслан Рустемов посетили Жалагашский район. В ходе "
                 "продолжающихся встреч с избирателями сенаторы обсудили развитие энергетики. Сенаторы также провели "
                 "встречи с сельскими жителями.", [("Meeting", "Встреча с избирателями")],
                 id="pages-dev2-d03-meetings-in-the-plural-are-one-series"),
    pytest.param("Депутаты Сената Наурызбай Байкадамов и Руслан Рустемов посетили Жалагашский район. Сенаторы провели "
                 "встречу с избирателями. Сенаторы также провели встречу с ветеранами.",
                 [("Meeting", "Встреча с избирателями"), ("Meeting", "Встреча с ветеранами")],
                 id="near-miss-d03-two-meetings-in-the-singular"),
    pytest.param("Председатель кабинета министров Адылбек Касымалиев прибыл в Ошскую область. Адылбек Касымалиев "
                 "проинспектировал ход строительства автодороги Ош — Кара-Суу.", [("SiteVisit", "Посещение: автодорога")],
                 id="pages-dev2-c10-a-road-under-construction"),
    pytest.param("Председатель кабинета министров Адылбек Касымалиев прибыл в Ошскую область. Адылбек Касымалиев "
                 "проинспектировал паводковую обстановку в области.", [], id="near-miss-tn_532066-inspecting-a-situation"),
    pytest.param("Депутат Сената Андрей Лукин прибыл в Улытаускую область. В городе Сатпаев депутат посетил Сатпаевский "
                 "политехнический колледж, где осмотрел новые мастерские и пообщался с мастерами производственного "
                 "обучения.", [("SiteVisit", "Посещение: Сатпаевский политехнический колледж")],
                 id="heldout-m08-a-talk-at-the-site"),
    pytest.param("Депутат Сената Андрей Лукин прибыл в Улытаускую область. В городе Сатпаев депутат посетил Сатпаевский "
                 "политехнический колледж. Затем он пообщался с ветеранами города.",
                 [("SiteVisit", "Посещение: Сатпаевский политехнический колледж"), ("Meeting", "Встреча с ветеранами города")],
                 id="near-miss-m08-a-talk-after-the-site"),
    pytest.param("Министр энергетики Республики Узбекистан Журабек Мирзамахмудов прибыл с рабочим визитом в Туркестанскую "
                 "область. В городе Туркестане гостя встретил аким области Нуралхан Кушеров. В ходе встречи стороны "
                 "обсудили вопросы сотрудничества.", [("Meeting", "Встреча")], id="heldout-m03-in-the-course-of-a-meeting"),
    pytest.param("Министр энергетики Республики Узбекистан Журабек Мирзамахмудов прибыл с рабочим визитом в Туркестанскую "
                 "область. К встрече стороны подготовили проект меморандума.", [], id="near-miss-m03-before-a-meeting"),
    pytest.param("Глава Правительства Олжас Бектенов прибыл в ВКО. Бектенов ознакомился с проектом расширения "
                 "мощностей предприятия.", [], id="heldout-m02-a-project-is-no-site"),
    pytest.param("Глава Правительства Олжас Бектенов прибыл в ВКО. Бектенов ознакомился с ходом модернизации "
                 "предприятия.", [("SiteVisit", "Посещение: предприятие")], id="near-miss-m02-the-works-of-a-plant"),
    pytest.param("В Актюбинской области проходят отчётные встречи акимов. Аким области Бердыбек Сапарбаев прибыл "
                 "в Иргизский район. Встреча акима района прошла в Доме культуры села Иргиз.", [("Meeting", "Встреча")],
                 id="pages-dev-b01-meetings-told-without-whom-are-one"),
    pytest.param("Премьер-министр Олжас Бектенов прибыл в Костанайскую область. Затем Премьер посетил ТОО «Агрофирма "
                 "Родина», ТОО «Костанай Минералс» и АО «Баян Сулу».",
                 [("SiteVisit", "Посещение: Агрофирма Родина"), ("SiteVisit", "Посещение: Костанай Минералс"),
                  ("SiteVisit", "Посещение: Баян Сулу")], id="a-list-of-organizations-visited"),
    pytest.param("Премьер-министр Олжас Бектенов прибыл в Костанайскую область. Затем Премьер посетил ТОО «Агрофирма "
                 "Родина», входящее в холдинг АО «Баян Сулу».", [("SiteVisit", "Посещение: Агрофирма Родина")],
                 id="near-miss-the-owner-named-in-a-participle"),
    pytest.param("Аким области Ермек Кошербаев прибыл в Уланский район. Аким ознакомился с работой предприятий ТОО "
                 "«Алтын Дән» и ТОО «Жана Кала».",
                 [("SiteVisit", "Посещение: Алтын Дән"), ("SiteVisit", "Посещение: Жана Кала")],
                 id="a-list-of-organizations-whose-work-was-seen"),
    pytest.param("Аким области Бердыбек Сапарбаев прибыл в Иргизский район. Подготовка к встрече акима района "
                 "заняла неделю.", [], id="near-miss-b01-preparing-a-meeting"),
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


@pytest.mark.parametrize("met,companions", [
    pytest.param("встретил", ["Гауез Нурмухамбетов"], id="review-who-met-the-visitor-is-his-company"),
    pytest.param("не встретил", [], id="near-miss-who-did-not-meet-him"),
])
def test_a_denied_company_makes_no_companion(met, companions):
    text = ("Премьер-министр Олжас Бектенов прибыл в Петропавловск. В аэропорту его " + met +
            " аким Северо-Казахстанской области Гауез Нурмухамбетов.")
    visit = next(e for e in events_of(text, date="2024-04-12") if e.type == "Visit")
    assert [p.name for p in visit.participants if p.evidence.rule == "trip_companion"] == companions


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
    pytest.param("Губернатор Омской области Виталий Хоценко провел совещание. Вечером, губернатор прибыл в Казань.",
                 "Виталий Хоценко", "Казань", id="near-miss-tn_532219-a-title-alone"),
    pytest.param("В 2025 году министр иностранных дел Казахстана Мурат Нуртлеу отправился в Китай.", "Мурат Нуртлеу",
                 "Китай", id="near-miss-tn_532100-the-articles-own-year"),
    pytest.param("Министр иностранных дел Казахстана Мурат Нуртлеу на состоявшейся встрече в Дамаске обсудил с "
                 "министром иностранных дел Сирии вопросы сотрудничества.", "Мурат Нуртлеу", "Дамаск",
                 id="near-miss-tn_532219-a-participle-inside-the-clause"),
    pytest.param('"У региона светлое будущее". Токаев встретился с общественностью\n\nГлава государства отметил, что '
                 'Туркестан стал красивым городом.Касым-Жомарт Токаев посетил новый "Дом дружбы" в Туркестане.',
                 "Касым-Жомарт Токаев", "Туркестан", id="pages-dev-a03-quoted-headline-is-no-speech"),
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
    pytest.param("Президент Касым-Жомарт Токаев впервые отправился в Анкару после личного приглашения Реджепа Тайипа "
                 "Эрдогана.", id="pages-dev-a08-the-inviter-is-no-traveller"),
    pytest.param('Аким области сказал: "Касым-Жомарт Токаев посетил новый завод в Туркестане и высоко оценил '
                 'работу наших строителей".', id="near-miss-a03-trip-told-in-speech"),
    pytest.param("Начальник управления полиции Петропавловска Марат Жумалиев незамедлительно прибыл на место с "
                 "сотрудниками УП.", id="tengrinews-tn_532232-with-whom-he-came-is-no-site"),
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
                 "побывал на ГРЭС «Топар», где завершается замена турбоагрегата.", ["ГРЭС Топар"],
                 id="pages-dev-a12-indeclinable-facility"),
    pytest.param("Министр энергетики Алмасадам Саткалиев прибыл в Северо-Казахстанскую область. Во время поездки "
                 "министр посетит ТЭЦ «Северная».", [], id="pages-dev-a14-near-miss-site-announced"),
    # an inanimate accusative that reads first as the nominative
    pytest.param('Президент Касым-Жомарт Токаев посетил новый "Дом дружбы" в Туркестане.', ["Дом дружбы"],
                 id="pages-dev-a03-facility-in-the-accusative"),
    pytest.param('Президент Касым-Жомарт Токаев посетил Туркестан, где новый "Дом дружбы" открылся в сентябре.', [],
                 id="near-miss-a03-facility-as-subject"),
    pytest.param("Президент Касым-Жомарт Токаев прибыл в Турцию. Касым-Жомарт Токаев посетил мавзолей основателя современной "
                 "Турции Мустафы Кемаля Ататюрка.", ["мавзолей основателя современной Турции Мустафы Кемаля Ататюрка"],
                 id="pages-dev-a08-site-described-by-whose-it-is"),
    pytest.param("Президент Касым-Жомарт Токаев прибыл в Турцию. Касым-Жомарт Токаев посетил мавзолей основателя государства.",
                 [], id="near-miss-a08-described-without-a-name"),
    pytest.param('Президент Таджикистана Эмомали Рахмон начал рабочую поездку в Хатлонскую область. Затем глава '
                 'государства посетил фермерские дехканские хозяйства "Икбол" и "Ходжи Юсуф" сельского джамоата.',
                 ["Икбол", "Ходжи Юсуф"], id="pages-dev2-c06-plural-facility-two-names"),
    pytest.param("Президент Таджикистана Эмомали Рахмон начал рабочую поездку в Хатлонскую область. Затем глава "
                 "государства посетил фермерские хозяйства района.", [], id="near-miss-c06-plural-facility-unnamed"),
    pytest.param("В рамках рабочего визита в Узбекистан Касым-Жомарт Токаев посетил городище Ичан-кала, расположенное в "
                 "историческом центре древней Хивы.", ["Ичан-кала"], id="pages-dev2-c04-a-name-in-capitals"),
    pytest.param("В рамках рабочего визита в Узбекистан Касым-Жомарт Токаев посетил школу Хивы.", [],
                 id="near-miss-c04-whose-school-is-a-place"),
    pytest.param("В рамках рабочего визита в Узбекистан Касым-Жомарт Токаев побывал в одном из уникальных памятников "
                 "хорезмийской архитектуры – Дворце Нуруллабая.", ["Дворец Нуруллабая"],
                 id="pages-dev2-c04-one-of-the-monuments-named-after-a-dash"),
    pytest.param("Президент Таджикистана Эмомали Рахмон в рамках официального визита в Республику Узбекистан посетил "
                 "историческое местечко города Хива – «Ичан-Кала».", ["Ичан-Кала"],
                 id="pages-dev2-c05-a-quoted-name-after-a-dash"),
    pytest.param("Министр сельского хозяйства Айдарбек Сапаров прибыл с рабочей поездкой на молочно-товарный комплекс "
                 "ТОО «Агрофирма Родина».", ["Агрофирма Родина"], id="near-miss-tn_532232-a-site-after-with"),
]


@pytest.mark.parametrize("text,expected", NAMED_SITES)
def test_a_named_facility_is_the_site_visited(text, expected):
    events = events_of(text, date="2025-08-02")
    assert [o.name for e in events if e.type == "SiteVisit" for o in e.organizations] == expected


TRIP_DATES = [
    # published on Thursday 28 November 2024: the week before is 18–24 November
    pytest.param("На минувшей неделе губернатор Виталий Хоценко посетил Луганскую народную республику.", "2024-11-28",
                 ("2024-11-18", "2024-11-24"), id="pages-dev-b07-last-week"),
    pytest.param("Сегодня губернатор Виталий Хоценко посетил Луганскую народную республику.", "2024-11-28",
                 ("2024-11-28", None), id="near-miss-b07-today"),
    # the month belongs to the academy's opening, a clause of its own: the trip is dated by the article
    pytest.param("Министр просвещения Жулдыз Сулейменова прибыла в Кызылординскую область и посетила академию "
                 "«Сыр жұлдыздары», введённую в эксплуатацию в мае текущего года.", "2025-11-25",
                 ("2025-11-25", None), id="pages-dev-a13-date-of-another-clause"),
    pytest.param("В мае министр просвещения Жулдыз Сулейменова прибыла в Кызылординскую область и посетила "
                 "академию «Сыр жұлдыздары».", "2025-06-02", ("2025-05-01", "2025-05-31"),
                 id="near-miss-a13-date-of-the-trip-clause"),
]


@pytest.mark.parametrize("text,published,expected", TRIP_DATES)
def test_a_trip_takes_the_date_of_its_own_clause(text, published, expected):
    visits = [e for e in events_of(text, date=published) if e.type == "Visit"]
    assert [(v.date, v.end_date) for v in visits] == [expected]


@pytest.mark.parametrize("town,merged", [
    pytest.param("Логойск", True, id="pages-dev-b08-b09-town-placed-only-in-its-country"),
    pytest.param("Логойский район", True, id="pages-dev-b09-a-district-placed-nowhere"),
    pytest.param("Смоленск", False, id="near-miss-b08-a-town-of-another-country"),
])
def test_a_town_known_only_by_its_country_joins_that_days_trip(town, merged):
    a = extract(make_article("Президент Беларуси Александр Лукашенко посещает сегодня хозяйство в Минской области.",
                             article_id="b08", date="2026-02-28"))
    b = extract(make_article(f"Президент Беларуси Александр Лукашенко сегодня прибыл в {town}.", article_id="b09",
                             date="2026-02-28"))
    visits = [e for e in merge([a, b]).events if e.type == "Visit"]
    assert len(visits) == (1 if merged else 2)


@pytest.mark.parametrize("caption,meeting", [
    pytest.param("Ермаганбет Булекпаев, аким Карагандинской области: «У нас крупная область в стране, промышленная.»",
                 ["Ермаганбет Булекпаев"], id="pages-dev-b11-a-local-head-speaks-to-the-visitors"),
    pytest.param("Асылзада Искаков, житель села Талшик:\n\n— Можно как-то договориться с начальством элеватора?", [],
                 id="near-miss-b03-a-resident-speaks"),
])
def test_a_local_head_speaking_on_site_met_the_visitor(caption, meeting):
    text = ("Губернатор Новгородской области Андрей Никитин находится с рабочей поездкой в Казахстане. Сегодня "
            "представители правительства региона работали в Караганде.\n\n" + caption + "\n")
    events = events_of(text, date="2024-09-11")
    visit = next(e for e in events if e.type == "Visit")
    assert caption.split(",")[0] in {p.name for p in visit.participants}
    assert [p.name for e in events if e.type == "Meeting" for p in e.participants if p.name != visit.principal] == meeting


A05_LEAD = ("Токаев посетил завод\n\nАлматы. 4 октября. Глава государства Касым-Жомарт Токаев посетил биофармацевтический "
            "завод иммунобиологических препаратов Otarbiopharm, сообщает Ак Жайык.\n\n")


@pytest.mark.parametrize("body,sites", [
    pytest.param("Рабочая поездка Касым-Жомарта Токаева в Жамбылскую область началась с ознакомления с деятельностью "
                 "биофармацевтического завода по производству вакцин QazVac при Научно-исследовательском институте "
                 "проблем биологической безопасности, расположенного в поселке Гвардейском.",
                 [["Otarbiopharm", "Научно-исследовательский институт проблем биологической безопасности"]],
                 id="pages-dev-a05-the-lead-site-told-again-and-its-owner"),
    pytest.param("Рабочая поездка Касым-Жомарта Токаева в Жамбылскую область продолжилась ознакомлением с "
                 "деятельностью птицефабрики ТОО «Алатау Кус».", [["Otarbiopharm"], ["Алатау Кус"]],
                 id="near-miss-a05-another-site-in-the-body"),
])
def test_a_lead_site_the_body_tells_again_is_one_site(body, sites):
    events = events_of(A05_LEAD + body, date="2021-10-04")
    assert [sorted({o.name for o in e.organizations}) for e in events if e.type == "SiteVisit"] == sites


def test_a_list_after_a_colon_names_the_sites():
    text = ("Министр здравоохранения РФ Михаил Мурашко в рамках рабочей поездки в Ненецкий автономный округ "
            "ознакомился с работой ряд медицинских учреждений:\n\n🟢 Центральной районной поликлиники Заполярного "
            "района;\n\n🟢 Амбулаторных и стационарных подразделений Ненецкой окружной больницы\n\nВ родильном "
            "отделении министр пообщался с молодыми мамами.")  # pages-dev2 c09
    sites = [e for e in events_of(text, date="2024-02-27") if e.type == "SiteVisit"]
    assert len(sites) == 2
    # near miss: a colon after a meeting is no list of sites
    text = ("Министр здравоохранения РФ Михаил Мурашко в рамках рабочей поездки в Ненецкий автономный округ "
            "провел встречу с врачами. Министр отметил:\n\n— Центральная районная поликлиника работает хорошо.")
    assert [e for e in events_of(text, date="2024-02-27") if e.type == "SiteVisit"] == []


@pytest.mark.parametrize("who,principals", [
    pytest.param("Приезд главы региона", ["Кумар Аксакалов"], id="pages-dev-b02-the-title-is-not-the-districts-own-akim"),
    pytest.param("Приезд акима Кайрата Пшенбаева", [], id="near-miss-b02-the-districts-akim-named-is-at-home"),
])
def test_a_title_of_the_visitor_is_not_the_host(who, principals):
    text = (who + " в Уалихановский район начался со смены кадров. Рассматривали несколько кандидатур, "
            "рассказывает Кумар Аксакалов. Предложили кандидатуру Кайрата Пшенбаева.\n\nКайрат Пшенбаев- аким "
            "Уалихановского района:\n\n— Я благодарен за оказанное доверие, обещаю применить все усилия.\n")
    visits = [e for e in events_of(text, date="2020-07-07") if e.type == "Visit"]
    assert [v.principal for v in visits] == principals


GUEST_TOLD = ("Глава государства Касым-Жомарт Токаев принял председателя парламента Грузии Давида Усупашвили. Он отметил, "
              "что его визит является первым официальным визитом председателя Парламента Грузии в Республику Казахстан.")
GUEST_RECEIVED = "Сегодня Глава государства Касым-Жомарт Токаев принял председателя парламента Грузии Давида Усупашвили."


@pytest.mark.parametrize("texts,sources", [
    pytest.param([GUEST_TOLD, GUEST_RECEIVED], [["a", "b"]], id="tn_532163-a-reception-another-report-calls-a-visit"),
    pytest.param([GUEST_RECEIVED], [], id="near-miss-heldout-n05-a-reception-no-report-calls-a-visit"),
])
def test_a_guests_reception_is_a_trip_when_a_report_calls_it_a_visit(texts, sources):
    facts = [extract(make_article(t, article_id=i, date="2024-04-12")) for i, t in zip("ab", texts)]
    visits = [e for e in merge(facts).events if e.type == "Visit"]
    assert [v.sources for v in visits] == sources


# the trip nouns are triggers.tsv's kinds trip_noun and visit: «визит» in any of its phrases calls the stay a visit
@pytest.mark.parametrize("told,rule", [
    pytest.param("рабочий визит", "guest_received", id="review-tn_532110-a-working-visit-is-a-visit"),
    pytest.param("рабочая встреча", "guest_reception", id="near-miss-tn_532110-a-working-meeting-is-none"),
])
def test_a_reception_is_a_visit_when_the_article_calls_it_one(told, rule):
    text = GUEST_RECEIVED + f" Он отметил, что {told} председателя парламента Грузии открывает новую страницу."
    visits = [e for e in events_of(text, date="2024-04-12") if e.type == "Visit"]
    assert [(v.principal, v.evidence.rule) for v in visits] == [("Давид Усупашвили", rule)]


@pytest.mark.parametrize("text,rules", [
    pytest.param("Рабочая поездка Касым-Жомарта Токаева в Туркестанскую область началась с посещения завода.",
                 ["trip_noun_actor"], id="review-the-noun-of-a-trip-phrase-is-its-last-word"),
    pytest.param("Рабочая поездка в Туркестанскую область началась с посещения завода.", [],
                 id="near-miss-a-trip-noun-with-no-traveller"),
])
def test_a_trip_phrases_traveller_is_in_the_genitive_after_it(text, rules):
    assert [e.evidence.rule for e in events_of(text, date="2024-04-12") if e.type == "Visit"] == rules


# the meeting nouns are triggers.tsv's kind meeting_noun: held, one is a meeting with whom it names, or told by where it
# was held; inside a meeting phrase its number tells a series
@pytest.mark.parametrize("sentence,meetings", [
    pytest.param("На встрече в селе Даут жители подняли наболевшие вопросы.", [("meeting_told", "Встреча в селе Даут")],
                 id="pages-dev-b04-a-meeting-noun-told-by-where-it-was-held"),
    pytest.param("На встрече в селе Даут жители поднимут наболевшие вопросы.", [],
                 id="near-miss-b04-a-meeting-noun-announced"),
    pytest.param("Беседа с ветеранами прошла в Доме культуры.", [("meeting_with", "Встреча с ветеранами")],
                 id="a-meeting-noun-takes-its-object-at-once"),
    pytest.param("Беседа с ветеранами пройдет в Доме культуры в пятницу.", [],
                 id="near-miss-a-meeting-noun-with-its-object-announced"),
    pytest.param("Он провел встречи с сельскими жителями.", [("meeting_series", "Встреча с сельскими жителями")],
                 id="a-plural-meeting-noun-in-a-phrase-is-a-series"),
    pytest.param("Он провел встречу с сельскими жителями.", [("meeting_with", "Встреча с сельскими жителями")],
                 id="near-miss-a-singular-meeting-noun-in-a-phrase-is-one-meeting"),
])
def test_a_meeting_noun_makes_a_meeting_when_held(sentence, meetings):
    text = ("Аким Северо-Казахстанской области Кумар Аксакалов побывал с рабочей поездкой в Акжарском районе. "
            + sentence)
    events = events_of(text, date="2022-08-11")
    assert [(e.evidence.rule, e.label) for e in events if e.type == "Meeting"] == meetings


@pytest.mark.parametrize("sentence,participant", [
    pytest.param("На этот вопрос ответил заместитель директора ТОО «Талшык Астык Агро» Петр Чернинский.", True,
                 id="pages-dev-b03-who-answers-the-residents"),
    pytest.param("Заместитель директора ТОО «Талшык Астык Агро» Петр Чернинский не ответил на звонки.", False,
                 id="near-miss-b03-who-did-not-answer"),
])
def test_who_answers_on_site_takes_part(sentence, participant):
    text = ("Аким Северо-Казахстанской области Кумар Аксакалов побывал с рабочей поездкой в Акжарском районе. "
            "Встреча с жителями проходила в селе Даут. " + sentence)
    visit = next(e for e in events_of(text, date="2022-08-11") if e.type == "Visit")
    assert ("Петр Чернинский" in {p.name for p in visit.participants}) == participant


@pytest.mark.parametrize("digest,participants", [
    pytest.param(GUEST_RECEIVED + " Паводки. Заместитель руководителя штаба Канат Бозумбаев сообщил о ситуации в области.",
                 ["Давид Усупашвили", "Касым-Жомарт Токаев"], id="tn_532163-another-story-of-the-digest"),
    pytest.param(GUEST_RECEIVED + " Давид Усупашвили и посол Грузии Николай Петров сообщили о планах сотрудничества.",
                 ["Давид Усупашвили", "Касым-Жомарт Токаев", "Николай Петров"],
                 id="near-miss-tn_532163-the-next-sentence-speaks-of-the-guest"),
])
def test_a_reception_inside_other_news_takes_only_its_own_people(digest, participants):
    facts = [extract(make_article(GUEST_TOLD, article_id="a", date="2024-04-12")),
             extract(make_article(digest, article_id="b", date="2024-04-12"))]
    events = merge(facts).events
    visit = next(e for e in events if e.type == "Visit")
    tree = [visit] + [e for e in events if e.parent == visit.key]  # Tokayev takes part in the talks
    assert sorted({p.name for e in tree for p in e.participants}) == participants


@pytest.mark.parametrize("sentence,sessions", [
    pytest.param("Итоги заседания штаба объявят позже.", 0, id="tn_532163-a-session-only-named-beside-a-trip"),
    pytest.param("В Астане прошло заседание штаба по паводкам.", 1, id="near-miss-tn_532163-a-session-held"),
])
def test_a_session_beside_a_trip_is_reported_only_when_held(sentence, sessions):
    text = "Премьер-министр Олжас Бектенов прибыл в Павлодарскую область. " + sentence
    assert len([e for e in events_of(text, date="2024-04-12") if e.type == "Session"]) == sessions


def test_two_tellings_in_one_article_of_a_meeting_another_tells_as_one():
    a = ("Токаев встретился с представителями общественности Туркестанской области\n\nКасым-Жомарт Токаев посетил "
         "новый «Дом дружбы» в Туркестане. После осмотра здания глава государства провёл встречу с представителями "
         "интеллигенции и членами Ассамблеи народа Казахстана.")  # a03: the headline and the body, one meeting
    b = ("Токаев о развитии области\n\nПрезидент Касым-Жомарт Токаев встретился с представителями общественности "
         "Туркестанской области.\n\nГлава государства Касым-Жомарт Токаев посетил новый «Дом дружбы» в Туркестане. "
         "После осмотра здания Глава государства провел встречу с представителями интеллигенции и членами Ассамблеи "
         "народа Казахстана.")  # a04: the lead and the body
    events = merge([extract(make_article(a, article_id="a03", date="2022-09-28")),
                    extract(make_article(b, article_id="a04", date="2022-09-28"))]).events
    assert [e.sources for e in events if e.type == "Meeting"] == [["a03", "a04"]]
    # near miss: an article with two meetings that the other article does not join stays with two
    c = b.replace("с представителями общественности Туркестанской области", "с ветеранами войны")
    events = merge([extract(make_article(a, article_id="a03", date="2022-09-28")),
                    extract(make_article(c, article_id="a04", date="2022-09-28"))]).events
    assert len([e for e in events if e.type == "Meeting"]) == 2


@pytest.mark.parametrize("text,travellers", [
    pytest.param("Министр иностранных дел России Сергей Лавров выступил в Думе. Премьер-министр Японии Наото Кан "
                 "накануне визита главы японского МИДа в Москву пообещал настаивать на своем.", [],
                 id="factru-book_290-a-title-the-article-gives-no-one"),
    pytest.param("Министр иностранных дел России Сергей Лавров выступил в Думе. Премьер-министр Японии Наото Кан "
                 "накануне визита министра иностранных дел России Сергея Лаврова в Токио пообещал настаивать на "
                 "своем.", [("PlannedVisit", "Сергей Лавров")], id="near-miss-book_290-the-title-and-its-name"),
])
def test_a_trip_nouns_traveller_is_the_one_it_names(text, travellers):
    events = events_of(text, date="2011-02-10")
    assert [(e.type, e.principal) for e in events if e.type in {"Visit", "PlannedVisit"}] == travellers


@pytest.mark.parametrize("second,travellers", [
    pytest.param("Тайип Эрдоган прибыл в Украину", 1, id="factru-book_142-one-traveller-read-under-two-names"),
    pytest.param("министр Билал Эрдоган прибыл в Грузию", 2, id="near-miss-book_142-a-namesake-elsewhere"),
])
def test_one_surname_to_one_place_is_one_traveller(second, travellers):
    text = f"Премьер-министр Турции Реджеп Эрдоган прибыл в Украину. Во вторник {second}."
    assert len([e for e in events_of(text, date="2011-01-25") if e.type == "Visit"]) == travellers


@pytest.mark.parametrize("second,trips", [
    pytest.param("Тайип Эрдоган прибыл в Астану с официальным визитом", [("Реджеп Эрдоган", ["Астана", "Казахстан"])],
                 id="review-a-guest-first-named-in-a-frame-of-no-visit-is-a-guest"),
    pytest.param("Тайип Эрдоган прибыл в Астану", [], id="near-miss-no-visit-told-a-premier-is-at-home"),
    pytest.param("Тайип Эрдоган прибыл в Шымкент с официальным визитом", [("Тайип Эрдоган", ["Шымкент", "Казахстан"])],
                 id="near-miss-a-namesake-guest-elsewhere-keeps-his-name"),
])
def test_a_guest_is_told_by_his_one_name(second, trips):
    """Whether a traveller is a guest is asked after his names are merged into one, not of each frame's name."""
    text = f"Премьер-министр Реджеп Эрдоган прибыл в Астану. Во вторник {second}."
    visits = [e for e in events_of(text, date="2024-04-10") if e.type == "Visit"]
    assert [(v.principal, [p.name for p in v.places]) for v in visits] == trips


# general news (factRuEval): a trip word whose traveller or destination the clause does not give, beside a near
# miss that gives it
GENERAL_NEWS_TRIPS = [
    pytest.param("Помощник госсекретаря США Фил Гордон сказал, что дверь Евросоюза для Сербии не закрыта. Помощник "
                 "Хиллари Клинтон по европейским и евразийским делам, который в среду посетил Белград, заявил, что "
                 "планка для ЕС высока.", [], id="factru-book_361-the-genitive-after-assistant-is-not-who-went"),
    pytest.param("Госсекретарь США Хиллари Клинтон, которая в среду посетила Белград, заявила, что планка для ЕС "
                 "высока.", [("Visit", "Хиллари Клинтон")], id="near-miss-book_361-the-name-is-the-subject"),
    pytest.param("Пресс-секретарь Дмитрий Песков посетил Белград.", [("Visit", "Дмитрий Песков")],
                 id="near-miss-book_361-a-nominative-name-after-a-post-is-its-holder"),
    pytest.param("Премьер-министр Японии Наото Кан рассказал о планах. После смерти Кима Чен Ира КНДР не падёт. "
                 "Со своими стратегическими идеями Хван выступил во время визита в США.", [],
                 id="factru-book_1667-an-unknown-subject-is-not-the-last-traveller"),
    pytest.param("Премьер-министр Японии Наото Кан рассказал о планах. После смерти Кима Чен Ира КНДР не падёт. "
                 "Со своими стратегическими идеями он выступил во время визита в США.", [("Visit", "Наото Кан")],
                 id="near-miss-book_1667-a-pronoun-carries-the-traveller-on"),
    pytest.param("Вместе с президентом приехали Дмитрий Медведев, Юрий Лужков и ряд директоров основных "
                 "энергетических компаний в РФ.", [], id="factru-book_156-a-place-of-the-subjects-noun"),
    pytest.param("Вместе с президентом приехали Дмитрий Медведев, Юрий Лужков и ряд директоров основных "
                 "энергетических компаний в Софию.", [("Visit", "Дмитрий Медведев")],
                 id="near-miss-book_156-an-accusative-place-is-the-destination"),
    pytest.param("Вчера прибыли министр Асет Иргалиев и группа экспертов в Актау.", [("Visit", "Асет Иргалиев")],
                 id="near-miss-book_156-a-place-after-people-is-the-destination"),
    pytest.param("Федеральный министр транспорта Германии Вольфганг Тифензее объявил, что правительство выделяет 500 "
                 "млн. евро на исследования. Это заявление Тифензее сделал на открытии международной автомобильной "
                 "ярмарки в Лейпциге.", [], id="factru-book_392-a-statement-made-at-an-event"),
    pytest.param("Федеральный министр транспорта Германии Вольфганг Тифензее объявил, что правительство выделяет 500 "
                 "млн. евро на исследования. На открытии международной автомобильной ярмарки в Лейпциге Тифензее "
                 "осмотрел стенды.", [("Visit", "Вольфганг Тифензее")], id="near-miss-book_392-acting-at-the-event"),
    # «Полиция приехала и забрала на один день» (tn_532256, a place added): who came is the clause's own subject
    pytest.param("Аким Актюбинской области Асхат Шахаров провел совещание в Актобе. В Хромтау полиция приехала и "
                 "забрала его на один день.", [], id="after-tn_532256-the-police-came-not-the-akim"),
    pytest.param("Аким Актюбинской области Асхат Шахаров провел совещание в Актобе. В Хромтау приехал и осмотрел "
                 "больницу.", [("Visit", "Асхат Шахаров")], id="near-miss-tn_532256-no-subject-of-its-own"),
    pytest.param("Премьер-министр Олжас Бектенов провел совещание. В Хромтау прибыл спасательный отряд МЧС.", [],
                 id="after-tn_532256-a-unit-is-the-subject-of-an-intransitive-verb"),
    pytest.param("Премьер-министр Казахстана Олжас Бектенов провел заседание правительства. Сборная Казахстана по "
                 "футболу прибыла в Мюнхен.", [], id="after-tn_532256-a-team-came-not-the-premier"),
    pytest.param("Премьер-министр Казахстана Олжас Бектенов провел заседание правительства. Комиссия посетила "
                 "больницу в Таразе.", [], id="after-tn_532256-a-body-before-a-transitive-verb"),
    pytest.param("Премьер-министр Казахстана Олжас Бектенов провел заседание правительства. Дежурный прибыл в Тараз.",
                 [], id="after-tn_532256-an-adjective-standing-for-a-person"),
    pytest.param("Премьер-министр Казахстана Олжас Бектенов провел заседание правительства. Затем посетил ТОО «Агро» "
                 "в Таразе.", [("Visit", "Олжас Бектенов")], id="near-miss-tn_532256-an-organization-as-the-object"),
    # an akim in his region's centre is at home, as in his city (the centre from places.tsv)
    pytest.param("Аким Актюбинской области Асхат Шахаров провел совещание в Актобе.", [],
                 id="regional-head-in-his-regions-centre"),
    pytest.param("Аким Актюбинской области Асхат Шахаров провел совещание в Хромтау.", [("Visit", "Асхат Шахаров")],
                 id="near-miss-regional-head-in-a-town-of-his-region"),
    # «рекомендуют российским туристам отложить поездки в этот регион» (factRuEval book_489): a trip put off
    pytest.param("Президент Франции Эммануэль Макрон отменил визит в Китай.", [], id="after-book_489-a-visit-cancelled"),
    pytest.param("Визит президента Франции Эммануэля Макрона в Китай отложен.", [],
                 id="after-book_489-a-visit-put-off"),
    pytest.param("Президент Франции Эммануэль Макрон отказался посетить Китай.", [],
                 id="after-book_489-a-visit-refused"),
    pytest.param("Президент Франции Эммануэль Макрон прервал визит в Китай.", [("Visit", "Эммануэль Макрон")],
                 id="near-miss-book_489-a-visit-cut-short-was-made"),
    pytest.param("Президент Франции Эммануэль Макрон посетил Китай и перенес встречу с премьером.",
                 [("Visit", "Эммануэль Макрон")], id="near-miss-book_489-another-thing-put-off"),
    # «премьер-министр Японии Н. Кан заявил, что этот визит «вызывает сожаление»» (factRuEval book_260): who says
    # a trip was made is not who made it
    pytest.param("Премьер-министр Японии Наото Кан заявил, что министр обороны России Анатолий Сердюков посетил "
                 "Сахалин.", [("Visit", "Анатолий Сердюков")], id="after-book_260-the-speaker-is-not-the-traveller"),
    pytest.param("Как заявил премьер-министр Японии Наото Кан, министр обороны России Анатолий Сердюков посетил "
                 "Сахалин.", [("Visit", "Анатолий Сердюков")], id="after-book_260-a-speaker-before-the-clause"),
    pytest.param("Премьер-министр Японии Наото Кан заявил, что посетил Сахалин.", [("Visit", "Наото Кан")],
                 id="near-miss-book_260-the-speaker-tells-his-own-trip"),
    # trips counted in the plural, with no traveller named (as «воздержаться от поездок в Израиль», tn_532219)
    pytest.param("Количество визитов иностранных делегаций в Казахстан выросло на 20 процентов.", [],
                 id="after-tn_532219-trips-counted"),
    pytest.param("Визит делегации Китая в Казахстан прошел успешно.", [("Visit", None)],
                 id="near-miss-tn_532219-one-delegations-visit"),
    # a trip told as a habit or as long past is recalled, not reported
    pytest.param("Губернатор Новгородской области Андрей Никитин сообщил о планах. В конце мая губернатор приезжал в "
                 "Актобе.", [], id="pages-dev-b10-an-imperfective-past-trip"),
    pytest.param("Губернатор Новгородской области Андрей Никитин сообщил о планах. В конце мая губернатор приехал в "
                 "Актобе.", [("Visit", "Андрей Никитин")], id="near-miss-pages-dev-b10-a-perfective-past-trip"),
    pytest.param("Президент Казахстана Касым-Жомарт Токаев неоднократно посетил Туркестан.", [],
                 id="a-trip-made-again-and-again"),
    pytest.param("Президент Казахстана Касым-Жомарт Токаев впервые посетил Туркестан.",
                 [("Visit", "Касым-Жомарт Токаев")], id="near-miss-a-trip-made-for-the-first-time"),
    # a national official in his country's capital is at home, for any country places.tsv gives a capital
    pytest.param("Канцлер Германии Олаф Шольц встретился с избирателями в Берлине.", [],
                 id="a-chancellor-in-his-capital"),
    pytest.param("Канцлер Германии Олаф Шольц встретился с избирателями в Мюнхене.", [("Visit", "Олаф Шольц")],
                 id="near-miss-a-chancellor-in-another-city"),
    # «двухдневного визита российского президента в Болгарии» (factRuEval book_156): the title's adjective gives
    # the country whose capital is home
    pytest.param("Российский президент Владимир Путин провел встречу с членами Совбеза в Москве.", [],
                 id="after-book_156-a-russian-president-in-moscow"),
    pytest.param("Российский президент Владимир Путин провел встречу с членами Совбеза в Софии.",
                 [("Visit", "Владимир Путин")], id="near-miss-book_156-a-russian-president-in-sofia"),
    # a person the article introduces by a word that is no post travels on no duty
    pytest.param("Казахстанская студентка Акжаркын Турлыбай отправилась в Китай из Алматы.", [],
                 id="tn_532100-a-student-without-the-year"),
    pytest.param("Министр образования Акжаркын Турлыбай отправилась в Китай из Алматы.", [("Visit", "Акжаркын Турлыбай")],
                 id="near-miss-tn_532100-a-minister"),
    pytest.param("Барак Обама принимает в Белом доме своего французского коллегу Николя Саркози. Как было объявлено, "
                 "Саркози прибыл в Вашингтон.", [("Visit", "Николя Саркози")],
                 id="near-miss-factru-book_117-a-peer-is-an-official"),
    pytest.param("Барак Обама принимает в Белом доме французского студента Николя Саркози. Как было объявлено, "
                 "Саркози прибыл в Вашингтон.", [], id="after-factru-book_117-a-student-received"),
]


# heads of state of any country travel as officials, whatever word news gives their post (leader_words.tsv)
HEADS_OF_STATE = [
    pytest.param("Лидер Туркменистана Сердар Бердымухамедов прибыл в Москву.", [("Visit", "Сердар Бердымухамедов")],
                 id="issue11-the-leader-of-a-country-is-its-head"),
    pytest.param("Лидер рок-группы Иван Петров прибыл в Москву.", [], id="near-miss-the-leader-of-a-band"),
    pytest.param("Лидер страны Садыр Жапаров прибыл в Ташкент.", [("Visit", "Садыр Жапаров")],
                 id="issue11-the-leader-of-the-country"),
    pytest.param("Лидер команды Садыр Жапаров прибыл в Ташкент.", [], id="near-miss-the-leader-of-a-team"),
    pytest.param("Лидер Кыргызстана Садыр Жапаров провел совещание в Бишкеке.", [],
                 id="issue11-a-leader-in-his-own-capital"),
    pytest.param("Белорусский лидер Александр Лукашенко посетил Гомельскую область.", [("Visit", "Александр Лукашенко")],
                 id="issue11-a-nations-leader"),
    pytest.param("Студенческий лидер Александр Лукашенко посетил Гомельскую область.", [],
                 id="near-miss-a-students-leader"),
    # the adjective is read at the title's own place, not where the same words stood earlier in the sentence
    pytest.param("Вчера лидер Александр Лукашенко выступил в Минске, а сегодня белорусский лидер Александр Лукашенко "
                 "посетил Гомельскую область.", [("Visit", "Александр Лукашенко")],
                 id="review-the-nations-adjective-before-the-second-telling"),
    pytest.param("Вчера лидер Александр Лукашенко выступил в Минске, а сегодня студенческий лидер Александр Лукашенко "
                 "посетил Гомельскую область.", [], id="near-miss-a-students-leader-told-twice"),
]


# an official whose country the article does not state is of the country news is written in (Kazakhstan), and
# at home in its capital, unless the article makes him its guest
STATED_GUESTS = [
    pytest.param("Министр иностранных дел Сергей Лавров прибыл в Астану с официальным визитом.", ["Астана", "Казахстан"],
                 id="issue11-an-official-visit-is-made-abroad"),
    pytest.param("Министр здравоохранения Ажар Гиният прибыла в Астану с рабочим визитом.", None,
                 id="near-miss-a-working-visit-to-the-own-capital"),
    pytest.param("Президент Шавкат Мирзиёев прибыл в Астану. Президент Казахстана Касым-Жомарт Токаев провел с ним "
                 "переговоры.", ["Астана", "Казахстан"], id="issue11-the-post-another-holds-in-kazakhstan"),
    pytest.param("Министр Шавкат Мирзиёев прибыл в Астану. Министр Казахстана Касым-Жомарт Токаев провел совещание.",
                 None, id="near-miss-a-post-of-many-holders"),
    pytest.param("Премьер-министр Олжас Бектенов провел совещание в Астане.", None, id="issue11-a-premier-at-home"),
    # the country of the title's adjective (country_adjectives.tsv), also of one whose name begins unlike it
    pytest.param("Американский президент Джо Байден прибыл в Астану.", ["Астана", "Казахстан"],
                 id="review-the-adjective-before-the-title-states-the-country"),
    pytest.param("Немецкий эксперт считает, что президент Джо Байден прибыл в Астану.", None,
                 id="near-miss-an-adjective-of-another-word-states-nothing"),
    pytest.param("Немецкий лидер Олаф Шольц прибыл в Астану.", ["Астана", "Казахстан"],
                 id="review-a-countrys-leader-is-its-head-of-state"),
    pytest.param("Лидер Олаф Шольц прибыл в Астану.", None, id="near-miss-a-leader-of-no-country"),
]


# a person named with no word for who he is travels on duty only when the article says so elsewhere
UNDESCRIBED = [
    pytest.param("Димаш Кудайберген прибыл в Алматы.", [], id="issue11-a-name-with-no-post"),
    pytest.param("Ермек Маржикпаев прибыл в Алматы. Министр отметил, что спорт важен.",
                 [("Visit", "Ермек Маржикпаев")], id="near-miss-a-title-elsewhere-stands-for-him"),
    pytest.param("Геннадий Головкин прибыл в Алматы и встретился с болельщиками.", [],
                 id="issue11-a-sportsman-meets-his-fans"),
    pytest.param("Геннадий Головкин прибыл с рабочей поездкой в Алматы и встретился с жителями.",
                 [("Visit", "Геннадий Головкин")], id="near-miss-a-working-trip-is-on-duty"),
    pytest.param("Итоги визита Касым-Жомарта Токаева в Москву: подписано 10 соглашений.",
                 [("Visit", "Касым-Жомарт Токаев")], id="issue11-a-visit-is-made-on-duty"),
    pytest.param("Итоги поездки Димаша Кудайбергена в Москву: три концерта.", [], id="near-miss-a-private-trip"),
    pytest.param("Димаш Кудайберген прибыл в Алматы. Медеу стал визитной карточкой Алматы.", [],
                 id="near-miss-a-visiting-card-is-no-visit"),
    pytest.param("Бердыбек Сапарбаев прибыл в Иргизский район, где заслушал доклад акима района "
                 "Мади Елеусизова. Глава региона проделанную работу оценил положительно.",
                 [("Visit", "Бердыбек Сапарбаев")], id="pages-dev-b01-a-title-no-one-named-holds"),
    pytest.param("Дархан Сатыбалды находится с рабочей поездкой в Кентау. Геннадий Головкин прибыл в Алматы.",
                 [("Visit", "Дархан Сатыбалды")], id="review-anothers-working-trip-makes-no-one-an-official"),
    pytest.param("Геннадий Головкин прибыл в Алматы. Там Головкин в ходе рабочей поездки посетил школу.",
                 [("Visit", "Геннадий Головкин")], id="near-miss-pages-dev-b05-his-own-sentence-tells-a-working-trip"),
]


@pytest.mark.parametrize("text,travellers", UNDESCRIBED)
def test_a_person_with_no_post_travels_on_duty_only_when_told(text, travellers):
    events = events_of(text, date="2024-04-10")
    assert [(e.type, e.principal) for e in events if e.type in {"Visit", "PlannedVisit"}] == travellers


# shapes of unseen news written for issue 11: each with its near miss
UNSEEN_SHAPES = [
    pytest.param("Президент Казахстана Касым-Жомарт Токаев вернулся в Астану после визита в Китай.",
                 [("Visit", "Касым-Жомарт Токаев", ["Китай"])], id="issue11-the-place-of-a-return-is-home"),
    pytest.param("Президент Узбекистана Шавкат Мирзиёев прибыл в Ташкент после визита в Китай.",
                 [("Visit", "Шавкат Мирзиёев", ["Китай"])], id="issue11-a-place-of-another-act-before-the-trip-noun"),
    pytest.param("Президент Узбекистана Шавкат Мирзиёев прибыл в Самарканд после визита в Китай.",
                 [("Visit", "Шавкат Мирзиёев", ["Самарканд", "Самаркандская область", "Китай"])],
                 id="near-miss-two-trips-one-after-the-other"),
    pytest.param("Напомним, в прошлом году Президент Касым-Жомарт Токаев посетил Туркестан.", [],
                 id="issue11-a-trip-of-last-year"),
    pytest.param("Напомним, вчера Президент Касым-Жомарт Токаев посетил Туркестан.",
                 [("Visit", "Касым-Жомарт Токаев", ["Туркестан", "Туркестанская область"])],
                 id="near-miss-a-trip-of-yesterday"),
    pytest.param("Касым-Жомарт Токаев провел совещание в Астане по подготовке к государственному визиту в Китай.",
                 [("PlannedVisit", "Касым-Жомарт Токаев", ["Китай"])], id="issue11-a-visit-being-prepared"),
    pytest.param("Премьер-министр Олжас Бектенов посетил завод в Астане накануне официального визита в Китай.",
                 [("PlannedVisit", "Олжас Бектенов", ["Китай"])], id="issue11-the-eve-of-an-official-visit"),
    pytest.param("Премьер-министр Олжас Бектенов посетил завод в Астане после официального визита в Китай.",
                 [("Visit", "Олжас Бектенов", ["Китай"])], id="near-miss-after-an-official-visit"),
    pytest.param("Премьер-министр Олжас Бектенов провел в Астане переговоры с Премьер-министром Узбекистана Абдуллой "
                 "Ариповым, находящимся в Казахстане с официальным визитом.",
                 [("Visit", "Абдулла Арипов", ["Казахстан"])], id="issue11-the-trip-of-a-participial-phrase"),
    pytest.param("Специально на торжества, посвященные юбилею в Екатеринбург прибыл президент РФ Дмитрий Медведев.",
                 [("Visit", "Дмитрий Медведев", ["Екатеринбург"])],
                 id="near-miss-factru-book_253-a-participle-before-the-verb"),
    pytest.param("Премьер-министр Олжас Бектенов облетел подтопленные районы Северо-Казахстанской области.",
                 [("Visit", "Олжас Бектенов", ["Северо-Казахстанская область"])], id="issue11-a-flight-over-a-region"),
    pytest.param("Премьер-министр Олжас Бектенов облетел подтопленные районы.", [], id="near-miss-no-region-named"),
    pytest.param("Министр по ЧС Чингис Аринов находится в Петропавловске.",
                 [("Visit", "Чингис Аринов", ["Петропавловск", "Северо-Казахстанская область"])],
                 id="issue11-an-official-staying-away-from-his-seat"),
    pytest.param("Министр по ЧС Чингис Аринов находится в Астане.", [], id="near-miss-staying-in-his-capital"),
    pytest.param("Министр по ЧС Чингис Аринов находился с рабочим визитом в Петропавловске.",
                 [("Visit", "Чингис Аринов", ["Петропавловск", "Северо-Казахстанская область"])],
                 id="issue11-a-stay-told-in-the-imperfective"),
    pytest.param("Министр по ЧС Чингис Аринов приезжал в Петропавловск.", [],
                 id="near-miss-a-journey-told-in-the-imperfective-is-a-habit"),
    pytest.param("Аким Павлодарской области Асаин Байханов находится в отпуске в Турции.", [],
                 id="issue11-a-stay-on-leave"),
    pytest.param("Министр по ЧС Чингис Аринов сообщил, что в Петропавловске находятся 500 спасателей.", [],
                 id="issue11-others-stay-where-the-speaker-says"),
    pytest.param("Министр здравоохранения Ажар Гиният сообщила, что пострадавший находится в Шымкенте.", [],
                 id="issue11-the-speaker-tells-of-one-injured"),
    pytest.param("Министр здравоохранения Ажар Гиният сообщила, что находится в Шымкенте.",
                 [("Visit", "Ажар Гиният", ["Шымкент"])], id="near-miss-the-speaker-tells-of-her-own-stay"),
    pytest.param("Аким Байзакского района Иван Петров находится под домашним арестом в Таразе.", [],
                 id="issue11-a-stay-under-arrest"),
    pytest.param("Депутат Мажилиса Иван Петров находится в больнице в Алматы.", [], id="issue11-a-stay-in-hospital"),
    pytest.param("Депутат Мажилиса Иван Петров посетил больницу в Алматы.", [("Visit", "Иван Петров", ["Алматы"])],
                 id="near-miss-a-visit-to-a-hospital"),
    pytest.param("В настоящее время в Павлодаре находится министр энергетики Алмасадам Саткалиев.",
                 [("Visit", "Алмасадам Саткалиев", ["Павлодар", "Павлодарская область"])],
                 id="issue11-the-place-before-the-verb-of-staying"),
    pytest.param("Начальник полиции Марат Жумалиев прибыл на место на одной из трех моторных лодок, которые находятся "
                 "в распоряжении полиции в районе Заречного поселка.", [],
                 id="tn_532232-a-relative-clause-of-a-thing"),
    pytest.param("По моему поручению премьер-министр и его заместители находятся в регионах, сказал Президент "
                 "Касым-Жомарт Токаев.", [], id="tn_532189-in-the-regions-names-no-region"),
    pytest.param("Губернатор Курской области Алексей Смирнов посетил приграничный Суджанский район.",
                 [("Visit", "Алексей Смирнов", ["Суджанский район"])], id="issue11-a-district-after-its-adjective"),
    pytest.param("Губернатор Курской области Алексей Смирнов посетил приграничный район.", [],
                 id="near-miss-no-district-named"),
    pytest.param("Бывший аким Алматы Бауыржан Байбек прибыл в Шымкент.", [], id="issue11-a-former-akim"),
    pytest.param("Аким Алматы Ерболат Досаев прибыл в Шымкент.", [("Visit", "Ерболат Досаев", ["Шымкент"])],
                 id="near-miss-a-sitting-akim"),
    pytest.param("Аким Шымкента Габит Сыздыкбеков посетил школу № 10.", [], id="issue11-a-city-akim-at-a-site-of-his-city"),
    pytest.param("Аким Шымкента Габит Сыздыкбеков посетил школу № 10 в Туркестане.",
                 [("Visit", "Габит Сыздыкбеков", ["Туркестан", "Туркестанская область"])],
                 id="near-miss-a-city-akim-at-a-site-of-another-city"),
]


@pytest.mark.parametrize("text,expected", UNSEEN_SHAPES)
def test_unseen_trip_shapes(text, expected):
    events = events_of(text, date="2024-04-10")
    assert [(e.type, e.principal, [p.name for p in e.places]) for e in events if e.type in {"Visit", "PlannedVisit"}] \
        == expected


@pytest.mark.parametrize("text,places", STATED_GUESTS)
def test_a_guest_of_no_stated_country_is_not_at_home(text, places):
    visits = [e for e in events_of(text, date="2024-04-10") if e.type == "Visit"]
    assert [[p.name for p in v.places] for v in visits] == ([places] if places else [])


def test_every_country_adjective_is_read_back_in_its_forms():
    """country_adjectives.tsv is the one table of countries' adjectives: the trip rules read each entry's case
    forms back to its country (a country of the gazetteer), as the organization rules do."""
    from kg.events.context import country_of_adjective
    from kg.rules import lexicon
    from kg.rules.places import lexicon_kind
    from kg.text.morph import inflect
    for adjective, country in lexicon.country_adjectives().items():
        assert lexicon_kind(country) == "country", adjective
        for form in ({"gent", "sing", "masc"}, {"ablt", "sing", "femn"}, {"loct", "plur"}):
            word = inflect(adjective, form, pos="ADJF")
            assert country_of_adjective(word) == country, (adjective, word)
    assert country_of_adjective("республиканского") is None  # no country's, though «Республика Конго» begins so
    assert country_of_adjective("Вишневский") is None  # a surname


@pytest.mark.parametrize("text,travellers", HEADS_OF_STATE)
def test_a_head_of_state_travels_as_an_official(text, travellers):
    events = events_of(text, date="2024-04-10")
    assert [(e.type, e.principal) for e in events if e.type in {"Visit", "PlannedVisit"}] == travellers


@pytest.mark.parametrize("text,travellers", GENERAL_NEWS_TRIPS)
def test_a_trip_needs_its_own_traveller_and_destination(text, travellers):
    events = events_of(text, date="2010-06-10")
    assert [(e.type, e.principal) for e in events if e.type in {"Visit", "PlannedVisit"}] == travellers
