from servicekit.readability import amstad


def test_plain_german_scores_easier_than_application_jargon():
    plain = "Wir bauen einen Treff. Kinder spielen dort. Eltern trinken Kaffee. Alle sind willkommen."
    jargon = ("Im Rahmen der nachhaltigkeitsorientierten Verstetigungsstrategie erfolgt die sozialraumorientierte "
              "Implementierung niedrigschwelliger partizipationsfördernder Interventionsmaßnahmen unter "
              "Berücksichtigung intersektoraler Kooperationsstrukturen.")
    easy, hard = amstad(plain), amstad(jargon)
    assert easy.score > hard.score
    assert easy.ok
    assert hard.warning and "Amstad" in hard.warning


def test_too_short_text_is_not_scored():
    assert amstad("Hallo").score is None
    assert amstad("").warning is None
