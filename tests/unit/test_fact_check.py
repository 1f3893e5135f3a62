"""The fact check of a model's plain text (F16): every date, time, amount, number and name
of the original is kept, none is added, and good plain texts in the three languages pass."""

from __future__ import annotations

import pytest

from chalicelib.domain.common import Language
from chalicelib.domain.fact_check import problems
from chalicelib.domain.translations import PlainText

EN, PT, ES = Language.EN, Language.PT_BR, Language.ES


def check(original: str, happened: str, language: Language = EN, next: str = "") -> list[str]:
    return problems(original, PlainText(happened=happened, next=next), language)


# --- good plain texts: no problem at all --------------------------------------------------------

GOOD = [
    ("Audiência de Conciliação designada", "The judge scheduled a hearing.", EN),
    ("Audiência de Conciliação designada", "O juiz marcou uma audiência.", PT),
    ("Audiência de Conciliação designada", "El juez programó una audiencia.", ES),
    ("Audiência de Conciliação designada", "A Conciliation Hearing was scheduled by the Court.", EN),
    ("Juntada de petição", "A document was added to the case file.", EN),
    ("Juntada de Petição de Contestação", "A outra parte apresentou sua defesa.", PT),
    ("Juntada de Petição de Contestação", "La otra parte presentó su defensa.", ES),
    ("JUNTADA DE PETIÇÃO DE CONTESTAÇÃO", "The other side filed its defence.", EN),
    ("Conclusos para Despacho", "The case went to the judge for a decision.", EN),
    ("Conclusos para decisão", "O processo foi enviado ao juiz para decidir.", PT),
    ("Expedição de Mandado de Citação", "A Summons was issued so the Defendant is told of the case.", EN),
    ("Mandado de Citação Cumprido Positivo", "El demandado fue notificado del proceso.", ES),
    ("Trânsito em Julgado", "The decision is final: no appeal can change it any more.", EN),
    ("Arquivamento Definitivo", "O processo foi arquivado.", PT),
    ("Recebidos os autos do Tribunal de Justiça", "The case file came back from the Court of Appeals.", EN),
    ("Remessa ao Ministério Público", "The file was sent to the Public Prosecutor's Office.", EN),
    ("Remessa ao Ministério Público", "O processo foi enviado ao Ministério Público.", PT),
    ("Remessa ao Ministério Público", "El expediente fue enviado al Ministerio Público.", ES),
    (
        "Sentença proferida. Julgado procedente o pedido, nos termos do art. 487, I, do CPC e da Lei 13.105/2015.",
        "The judge decided the case in favour of the claim.",
        EN,
    ),
    (
        "Decorrido prazo de 15 dias. Intimação Eletrônica Expedida ao Ministério Público",
        "The 15-day period ended. The Public Prosecutor's Office was notified electronically.",
        EN,
    ),
    (
        "Audiência de Conciliação designada para 10/03/2025 14:00",
        "A hearing was scheduled for 10/03/2025 at 14:00.",
        EN,
    ),
    (
        "Audiência de Conciliação designada para 10/03/2025 14:00",
        "A hearing was scheduled for March 10, 2025 at 2:00 p.m.",
        EN,
    ),
    (
        "Audiência de Conciliação designada para 10/03/2025 14:00",
        "Uma audiência de conciliação foi marcada para 10 de março de 2025, às 14h.",
        PT,
    ),
    (
        "Audiência de Conciliação designada para 10/03/2025 14:00",
        "Se programó una audiencia para el 10 de marzo de 2025 a las 14:00.",
        ES,
    ),
    ("Audiência designada para 2025-03-10 às 14h30", "A hearing is set for 10/03/2025 at 14:30.", EN),
    ("Audiência designada para 10.03.2025 às 9h", "Hearing on 10 March 2025 at 9 a.m.", EN),
    ("Audiência redesignada para 10/03/25 às 14h", "The hearing was moved to 10/03/2025 at 14h.", EN),
    ("Expedição de alvará no valor de R$ 1.234,56", "A payment order of R$ 1.234,56 was issued.", PT),
    ("Expedição de alvará no valor de R$ 1.234,56", "A payment order for R$ 1,234.56 was issued.", EN),
    ("Depósito judicial de R$ 500", "A court deposit of R$ 500,00 was made.", EN),
    ("Condenação em US$ 2.000,00", "The court ordered payment of US$ 2,000.00.", EN),
    ("Multa de € 300", "Se impuso una multa de 300 €.", ES),
    (
        "Processo 0001234-56.2024.8.26.0100 redistribuído para a 2ª Vara Cível de São Paulo",
        "Case 0001234-56.2024.8.26.0100 was moved to the 2nd Civil Court of São Paulo.",
        EN,
    ),
    (
        "Processo 0001234-56.2024.8.26.0100 redistribuído",
        "O processo 0001234-56.2024.8.26.0100 foi enviado a outra vara em 2024.",
        PT,
    ),
    ("Juntada do documento ID 98765432", "The document 98765432 was added to the file.", EN),
    (
        "Juntada de petição de Maria da Silva contra Banco do Brasil S.A.",
        "Maria da Silva filed a document in the case against Banco do Brasil S.A.",
        EN,
    ),
    (
        "Juntada de petição de Maria da Silva contra Banco do Brasil S.A.",
        "Maria da Silva presentó un escrito en el proceso contra Banco do Brasil S.A.",
        ES,
    ),
    ("Petição de MARIA DA SILVA juntada", "Maria da Silva filed a document.", EN),
    ("Perícia designada com o perito Dr. João Pereira", "An expert, Dr. João Pereira, was appointed.", EN),
    ("Tribunal de Justiça do Estado de São Paulo recebeu o recurso", "The São Paulo court received the appeal.", EN),
    (
        "Audiência de Instrução e Julgamento designada para 10 de março de 2025 às 14:00 na 3ª Vara do Trabalho",
        "A trial hearing was scheduled for 10/03/2025 at 14:00 at the 3rd Labor Court.",
        EN,
    ),
]


@pytest.mark.parametrize(("original", "happened", "language"), GOOD)
def test_a_good_plain_text_has_no_problem(original: str, happened: str, language: Language) -> None:
    assert check(original, happened, language) == []


def test_the_next_step_counts_as_part_of_the_plain_text() -> None:
    original = "Audiência designada para 10/03/2025 14:00"
    assert check(original, "A hearing was scheduled.", next="It takes place on 10/03/2025 at 14:00.") == []


# --- each kind of fact, dropped ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "happened", "problem"),
    [
        ("Audiência designada para 10/03/2025", "A hearing was scheduled.", "The date 10/03/2025 is missing."),
        ("Audiência designada para 10/03/25", "A hearing was scheduled.", "The date 10/03/25 is missing."),
        ("Audiência designada para 2025-03-10", "A hearing was scheduled.", "The date 2025-03-10 is missing."),
        ("Audiência designada para 10.03.2025", "A hearing was scheduled.", "The date 10.03.2025 is missing."),
        (
            "Audiência designada para 10 de março de 2025",
            "A hearing was scheduled.",
            "The date 10 de março de 2025 is missing.",
        ),
        ("Audiência às 14:00", "A hearing was scheduled.", "The time 14:00 is missing."),
        ("Audiência às 14h", "A hearing was scheduled.", "The time 14h is missing."),
        ("Audiência às 14h30", "A hearing was scheduled.", "The time 14h30 is missing."),
        ("Alvará de R$ 1.234,56", "A payment order was issued.", "The amount R$ 1.234,56 is missing."),
        ("Alvará de R$ 500", "A payment order was issued.", "The amount R$ 500 is missing."),
        ("Condenação em US$ 2.000,00", "The court ordered a payment.", "The amount US$ 2.000,00 is missing."),
        ("Multa de € 300", "A fine was imposed.", "The amount € 300 is missing."),
        (
            "Processo 0001234-56.2024.8.26.0100 redistribuído",
            "The case was moved.",
            "The case number 0001234-56.2024.8.26.0100 is missing.",
        ),
        ("Juntada do documento ID 98765432", "A document was added.", "The number 98765432 is missing."),
        ("Petição de Maria da Silva juntada", "A document was filed.", "The name Maria da Silva is missing."),
        (
            "Citação do Banco do Brasil S.A. realizada",
            "The defendant was served.",
            "The name Banco do Brasil S.A. is missing.",
        ),
        ("Remessa à 2ª Vara Cível de Campinas", "The case was moved.", "The name Campinas is missing."),
    ],
)
def test_a_dropped_fact_is_named(original: str, happened: str, problem: str) -> None:
    assert check(original, happened) == [problem]


def test_a_date_is_compared_by_value_not_by_spelling() -> None:
    assert check("Audiência designada para 10/03/2025", "A hearing is set for 03/10/2025.") == [
        "The date 10/03/2025 is missing.",
        "The date 03/10/2025 is not in the original.",
    ]


def test_a_changed_time_is_missing_and_added() -> None:
    assert check("Audiência às 14:00", "A hearing at 15:00.", EN) == [
        "The time 14:00 is missing.",
        "The time 15:00 is not in the original.",
    ]


def test_a_changed_currency_is_another_amount() -> None:
    assert check("Alvará de R$ 500", "A payment order of US$ 500 was issued.") == [
        "The amount R$ 500 is missing.",
        "The amount US$ 500 is not in the original.",
    ]


def test_a_fact_said_twice_is_reported_once() -> None:
    assert check("Audiência em 10/03/2025. Confirmada para 10/03/2025.", "A hearing was scheduled.") == [
        "The date 10/03/2025 is missing."
    ]


# --- each kind of fact, added --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("happened", "problem"),
    [
        ("A hearing was scheduled for 12/03/2025.", "The date 12/03/2025 is not in the original."),
        ("Uma audiência foi marcada para 12 de março de 2025.", "The date 12 de março de 2025 is not in the original."),
        ("A hearing was scheduled for March 12, 2025.", "The date March 12, 2025 is not in the original."),
        ("A hearing was scheduled at 9:30.", "The time 9:30 is not in the original."),
        ("A hearing was scheduled at 3 p.m.", "The time 3 p.m. is not in the original."),
        ("Se programó una audiencia a las 16h.", "The time 16h is not in the original."),
        ("You may have to pay R$ 2.000,00.", "The amount R$ 2.000,00 is not in the original."),
        ("You may have to pay US$ 150.", "The amount US$ 150 is not in the original."),
        (
            "The case 0009999-11.2023.8.26.0100 was moved.",
            "The case number 0009999-11.2023.8.26.0100 is not in the original.",
        ),
        ("Document 55443322 was added.", "The number 55443322 is not in the original."),
        ("The hearing is with Judge José Souza.", "The name José Souza is not in the original."),
        ("La audiencia será en el Banco Itaú.", "The name Banco Itaú is not in the original."),
    ],
)
def test_an_added_fact_is_named(happened: str, problem: str) -> None:
    assert check("Audiência de Conciliação designada", happened) == [problem]


def test_a_piece_of_a_fact_of_the_original_is_not_an_addition() -> None:
    assert check("Audiência designada para 10/03/2025", "A hearing in 2025, on 10/03/2025.") == []


def test_a_citation_is_neither_required_nor_an_addition() -> None:
    original = "Decisão nos termos do art. 1.022 do CPC"
    assert check(original, "The judge decided.") == []
    assert check(original, "The judge decided (article 1.022).") == []


def test_a_sentence_start_is_not_a_name_but_the_rest_of_the_name_is() -> None:
    assert check("Citada. Maria da Silva apresentou defesa.", "Maria da Silva filed a defence.") == []
    assert check("Citada. Maria da Silva apresentou defesa.", "The defendant filed a defence.") == [
        "The name Silva is missing."
    ]


def test_a_name_is_compared_without_case_or_accents() -> None:
    assert check("Petição de José Conceição juntada", "JOSE CONCEICAO filed a document.") == []
