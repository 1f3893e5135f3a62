"""A realistic DataJud court feed for the translation benchmark (bench/translations.py).

Assembled from how Brazilian cases move, with the CNJ movement codes (TPU,
chalicelib/data/cnj-tpu-movimentos.csv) the courts send for each step:

- civil (procedimento comum): distribuição, conclusão para despacho, despacho, citação,
  expedição de mandado, juntada de petição (contestação, réplica), audiência de conciliação
  designada and realizada, decisão, sentença de procedência, trânsito em julgado,
  arquivamento definitivo, baixa definitiva;
- labour (TRT): notificação inicial, audiência una / inicial, acordo homologado, sentença,
  recurso ordinário (petição), remessa ao TRT em grau de recurso;
- federal (JEF/TRF): citação eletrônica do INSS, nomeação de perito, juntada do laudo pericial,
  sentença, requisição de pequeno valor (RPV) or precatório.

As DataJud sends them: a child movement's `nome` is often only the child's part of its path
("de Instrução e Julgamento" for 12750, Audiência | de Instrução e Julgamento; "Definitivo"
for 246, Arquivamento | Definitivo); `complementosTabelados` as `{"codigo", "valor", "nome":
the value's name, "descricao": the key, e.g. tipo_de_audiencia}`; courts' local codes (absent
from the TPU) with `codigoPaiNacional` and without, some with no `nome` at all; and a share of
movements the court's staff write by hand (no code; dates, amounts, names in the text).

The feed's shape is a real one's too: small records (about 8 movements), some sent again in a
later batch with their whole history and a few new movements (DataJud sends the case, not the
difference), a movement repeated inside a record, and movements in any date order.
Deterministic: everything comes from one seeded `random.Random`."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

# (codigo, nome as DataJud sends it, complementosTabelados as (codigo, descricao, valor, nome))
Step = tuple[int, str, list[tuple[int, str, int, str]]]

_DESPACHO = (51, "Conclusão", [(3, "tipo_de_conclusao", 6, "para despacho")])
_DECISAO = (51, "Conclusão", [(3, "tipo_de_conclusao", 5, "para decisão")])
_SENTENCA = (51, "Conclusão", [(3, "tipo_de_conclusao", 7, "para sentença")])

CIVIL: list[Step] = [
    (26, "Distribuição", []),
    _DESPACHO,
    (11010, "Mero expediente", []),
    (12284, "Citação", []),
    (60, "Expedição de documento", [(4, "tipo_de_documento", 107, "Mandado")]),
    (106, "Mandado", []),
    (85, "Petição", [(19, "tipo_de_peticao", 57, "Contestação")]),
    (12263, "Intimação", []),
    (85, "Petição", [(19, "tipo_de_peticao", 58, "Réplica")]),
    (970, "Audiência", [(16, "tipo_de_audiencia", 12, "Conciliação"), (18, "situacao_da_audiencia", 4, "designada")]),
    (1061, "Disponibilização no Diário da Justiça Eletrônico", []),
    (92, "Publicação", []),
    (970, "Audiência", [(16, "tipo_de_audiencia", 12, "Conciliação"), (18, "situacao_da_audiencia", 1, "realizada")]),
    _DECISAO,
    (12164, "Outras Decisões", []),
    (12750, "de Instrução e Julgamento", []),  # the child's part of Audiência | de Instrução e Julgamento
    _SENTENCA,
    (219, "Procedência", []),  # Com Resolução do Mérito | Procedência
    (848, "Trânsito em julgado", []),
    (246, "Definitivo", []),  # Arquivamento | Definitivo
    (22, "Baixa Definitiva", []),
]  # fmt: skip

LABOUR: list[Step] = [
    (26, "Distribuição", []),
    (12316, "Notificação Inicial", []),
    (60, "Expedição de documento", [(4, "tipo_de_documento", 91, "Notificação")]),
    (970, "Audiência", [(16, "tipo_de_audiencia", 20, "Una"), (18, "situacao_da_audiencia", 4, "designada")]),
    (12747, "Inicial", []),  # Audiência | Inicial
    (85, "Petição", [(19, "tipo_de_peticao", 57, "Contestação")]),
    (970, "Audiência", [(16, "tipo_de_audiencia", 20, "Una"), (18, "situacao_da_audiencia", 1, "realizada")]),
    (466, "Homologação de Transação", []),  # acordo homologado
    _SENTENCA,
    (221, "Procedência em Parte", []),
    (85, "Petição", [(19, "tipo_de_peticao", 60, "Recurso")]),  # recurso ordinário
    (123, "Remessa", [(2, "motivo_da_remessa", 38, "em grau de recurso")]),  # ao TRT
    (132, "Recebimento", []),
    (848, "Trânsito em julgado", []),
    (246, "Definitivo", []),
]  # fmt: skip

FEDERAL: list[Step] = [
    (26, "Distribuição", []),
    (12286, "Eletrônica", []),  # Citação | Eletrônica: the INSS is cited through the court's system
    (12287, "Expedida/Certificada", []),
    (85, "Petição", [(19, "tipo_de_peticao", 57, "Contestação")]),
    (12306, "Perito", []),  # Nomeação | Perito
    (581, "Documento", [(4, "tipo_de_documento", 110, "Laudo Pericial")]),
    (12264, "Eletrônica", []),  # Intimação | Eletrônica
    (85, "Petição", [(19, "tipo_de_peticao", 105, "Manifestação")]),
    _SENTENCA,
    (219, "Procedência", []),
    (848, "Trânsito em julgado", []),
    (12173, "Pequeno Valor", []),  # Requisição de Pagamento | Pequeno Valor (RPV)
    (12174, "Enviada ao Tribunal", []),
    (12176, "Paga", []),
    (246, "Definitivo", []),
]  # fmt: skip

FEDERAL_PRECATORIO: list[Step] = [*FEDERAL[:11], (12166, "Precatório", []), (12167, "Enviada ao Tribunal", []),
                                  (246, "Definitivo", [])]  # fmt: skip

# Courts' own codes, absent from the TPU: (codigo, nome or None, codigoPaiNacional or None).
LOCAL_CODES: list[tuple[int, str | None, int | None]] = [
    (900101, "Conclusos para despacho - urgente", 51),
    (900102, "Expedida carta de citação pelo correio", 60),
    (900103, "Juntada de AR positivo", 581),
    (900104, "Remetidos os autos ao CEJUSC", 123),
    (900105, "Certidão de publicação expedida", 92),
    (900201, "Recebidos os autos do Contador", None),
    (900202, "Aguardando cumprimento de carta precatória", None),
    (900203, None, None),  # no `nome` at all: "Movimento 900203" is what is stored
    (900204, None, 970),  # no `nome`, but a national parent
]

NAMES = ["José Carlos Pereira", "Maria Aparecida Souza", "Antônio Ribeiro", "Francisca Oliveira Lima",
         "João Batista Santos", "Ana Paula Ferreira", "Construtora Horizonte Ltda", "Banco Meridional S.A.",
         "Instituto Nacional do Seguro Social"]  # fmt: skip
JUDGES = ["Dra. Helena Martins", "Dr. Ricardo Alves", "Dra. Luíza Campos"]

# What court staff write by hand, filled with the case's dates, amounts and names.
FREE_TEXTS = [
    "Certifico que a parte ré, {name}, foi citada em {date}, conforme mandado juntado aos autos.",
    "Designada audiência de conciliação para {date} às {time}, na sala 3 do CEJUSC.",
    "Intime-se {name} para pagar a quantia de {amount} no prazo de 15 dias, sob pena de multa de dez por cento.",
    "Deferido o levantamento de {amount} em favor de {name}. Expeça-se alvará.",
    "Laudo pericial entregue pelo perito {judge} em {date}; as partes têm 15 dias para se manifestar.",
    "Recebido o recurso ordinário de {name}. Custas recolhidas no valor de {amount}.",
    "Audiência redesignada para {date} às {time} a pedido de {name}.",
    "Homologado o acordo: {name} pagará {amount} em 10 parcelas, a primeira em {date}.",
    "Certifico o decurso do prazo em {date} sem manifestação de {name}.",
    "Despacho da {judge}: manifeste-se o autor sobre a contestação em 15 dias.",
]

FLOWS = {"civil": CIVIL, "labour": LABOUR, "federal": FEDERAL, "federal_precatorio": FEDERAL_PRECATORIO}
COURTS = {"civil": [("TJSP", "8", "26"), ("TJRJ", "8", "19")], "labour": [("TRT2", "5", "02")],
          "federal": [("TRF3", "4", "03")], "federal_precatorio": [("TRF3", "4", "03")]}  # fmt: skip
CLASSES = {"civil": (7, "Procedimento Comum Cível"), "labour": (985, "Ação Trabalhista - Rito Ordinário"),
           "federal": (436, "Procedimento do Juizado Especial Cível"),
           "federal_precatorio": (7, "Procedimento Comum Cível")}  # fmt: skip
VENUES = {"TJSP": "2ª Vara Cível do Foro Central Cível", "TJRJ": "3ª Vara Cível da Comarca da Capital",
          "TRT2": "45ª Vara do Trabalho de São Paulo", "TRF3": "1º Juizado Especial Federal de São Paulo"}  # fmt: skip


@dataclass(frozen=True)
class Shares:
    """How often each of the feed's traps comes up, per movement or per record."""

    local: float = 0.05  # a step sent with a court's local code instead
    free_text: float = 0.06  # a movement written by hand, no code
    repeated_inside: float = 0.15  # records with one movement twice
    shuffled: float = 0.5  # records whose movements are not in date order
    sent_again: float = 0.2  # records sent again in a later batch, with two new movements


@dataclass
class Feed:
    batches: list[dict[str, Any]]  # POST bodies, in order
    records: int = 0
    movements: int = 0  # movement entries sent, duplicates included
    distinct: int = 0  # distinct movements (what the stack should store)
    counts: dict[str, int] = field(default_factory=dict)  # what the feed holds, by trap


def _movement(step: Step, moment: datetime) -> dict[str, Any]:
    code, name, complements = step
    return {
        "codigo": code,
        "nome": name,
        "dataHora": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "complementosTabelados": [{"codigo": c, "descricao": d, "valor": v, "nome": n} for c, d, v, n in complements],
    }


def _free_text(rng: random.Random, moment: datetime) -> dict[str, Any]:
    later = moment + timedelta(days=rng.randrange(10, 60))
    text = rng.choice(FREE_TEXTS).format(
        name=rng.choice(NAMES),
        judge=rng.choice(JUDGES),
        date=later.strftime("%d/%m/%Y"),
        time=f"{rng.choice([9, 10, 13, 14, 15, 16])}h{rng.choice(['00', '30'])}",
        amount=f"R$ {rng.randrange(1, 90):d}.{rng.randrange(1000):03d},{rng.randrange(100):02d}",
    )
    return {"nome": text, "dataHora": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "complementosTabelados": []}


def _local(rng: random.Random, moment: datetime) -> tuple[dict[str, Any], str]:
    code, name, parent = rng.choice(LOCAL_CODES)
    movement: dict[str, Any] = {"codigo": code, "dataHora": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                                "complementosTabelados": []}  # fmt: skip
    if name is not None:
        movement["nome"] = name
    if parent is not None:
        movement["codigoPaiNacional"] = parent
    kind = ("local with parent" if parent is not None else "local without parent") + ("" if name else ", no nome")
    return movement, kind


def generate(
    seed: int, records: int, per_record: int = 8, records_per_batch: int = 25, shares: Shares | None = None
) -> Feed:
    """`records` case records of about `per_record` movements, in batches of `records_per_batch`
    records; a share of them sent again (whole history and two new movements) in a later batch."""
    from chalicelib.domain.movement_codes import is_national

    from .data import _cnj_number

    assert not any(is_national(code) for code, _, _ in LOCAL_CODES), "a local code is in the TPU table"
    rng = random.Random(seed)
    s = shares or Shares()
    counts: dict[str, int] = {}

    def count(kind: str, n: int = 1) -> None:
        counts[kind] = counts.get(kind, 0) + n

    made: list[tuple[dict[str, Any], datetime, list[Step]]] = []
    for r in range(records):
        flow_name = rng.choices(list(FLOWS), weights=[5, 3, 2, 1])[0]
        flow = FLOWS[flow_name]
        court, segment, tr = rng.choice(COURTS[flow_name])
        year = 2019 + r % 6
        size = max(3, min(len(flow), per_record + rng.randrange(-2, 3)))
        start = rng.randrange(0, len(flow) - size + 1)  # cases are at every stage
        moment = datetime(year, 1, 10, 9, 0, tzinfo=UTC) + timedelta(
            days=rng.randrange(300), minutes=rng.randrange(600)
        )
        movements: list[dict[str, Any]] = []
        for step in flow[start : start + size]:
            moment += timedelta(days=rng.randrange(1, 30), minutes=rng.randrange(600))
            roll = rng.random()
            if roll < s.free_text:
                movements.append(_free_text(rng, moment))
                count("free text (no code)")
            elif roll < s.free_text + s.local:
                movement, kind = _local(rng, moment)
                movements.append(movement)
                count(kind)
            else:
                movements.append(_movement(step, moment))
                count(
                    "child name only" if step[0] in (12750, 246, 219, 221, 12747, 12286, 12264, 12306) else "TPU code"
                )
        if rng.random() < s.repeated_inside:
            movements.append(dict(rng.choice(movements)))
            count("repeated inside a record")
        if rng.random() < s.shuffled:
            rng.shuffle(movements)
            count("records out of date order")
        code, name = CLASSES[flow_name]
        record = {
            "numeroProcesso": "".join(ch for ch in _cnj_number(8_000_000 + seed % 1000 * 1000 + r, year, segment, tr)
                                      if ch.isdigit()),
            "classe": {"codigo": code, "nome": name}, "tribunal": court, "grau": "G1",
            "orgaoJulgador": {"codigo": 1000 + r % 50, "nome": VENUES[court]},
            "movimentos": movements,
        }  # fmt: skip
        made.append((record, moment, flow[start + size :] or flow[-2:]))

    batches: list[list[dict[str, Any]]] = [
        [rec for rec, _, _ in made[i : i + records_per_batch]] for i in range(0, len(made), records_per_batch)
    ]
    # Sent again: the case's whole history with two new movements, in a later batch.
    for index, (record, moment, rest) in enumerate(made):
        later = index // records_per_batch + 1
        if later >= len(batches) or rng.random() >= s.sent_again:
            continue
        again = dict(record)
        new = []
        for step in rest[:2]:
            moment += timedelta(days=rng.randrange(1, 30))
            new.append(_movement(step, moment))
        again["movimentos"] = [*record["movimentos"], *new]
        batches[rng.randrange(later, len(batches))].append(again)
        count("records sent again")
        count("movements sent again (duplicates)", len(record["movimentos"]))

    bodies: list[dict[str, Any]] = [{"format": "datajud", "records": batch} for batch in batches]
    sent = sum(len(rec["movimentos"]) for batch in batches for rec in batch)
    distinct = len({(rec["numeroProcesso"], _identity(m)) for batch in batches for rec in batch
                    for m in rec["movimentos"]})  # fmt: skip
    return Feed(bodies, sum(len(batch) for batch in batches), sent, distinct, counts)


def _identity(movement: dict[str, Any]) -> str:
    return repr(sorted((k, repr(v)) for k, v in movement.items()))
