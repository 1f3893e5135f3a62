"""F16: the fact check of a model's plain-language text against the court's original.

Every date, time, amount, case number, long number and proper name of the original must be
in the plain text, and the plain text must add none: a plain text that changes a hearing's
date or invents an amount is worse than no plain text. Facts are compared by value, not
by spelling: 10/03/2025, 2025-03-10, "10 de março de 2025" and "March 10, 2025" are one
date; 14h30, 14:30 and 2:30 p.m. one time; R$ 1.234,56 and R$1,234.56 one amount.

Names are the hard part: court movements capitalise their vocabulary ("Audiência de
Conciliação Designada"), so a capitalised word is a name only when it is not at a sentence
start and not an ordinary word of the courts' vocabulary (the CNJ movement table's words,
and those below). A line written all in capitals says nothing about which words are names,
and is not searched for them. The check leans towards silence: a fact it
misses costs less than a good translation thrown away. Pure: no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .common import Language, fold
from .translations import PlainText

# --- vocabulary: words that are not names, however they are capitalised --------------------

# Every word of the CNJ movement table (chalicelib/data/cnj-tpu-movimentos.csv), folded.
_TPU_WORDS = """
abandono absolvicao acao aceito acolhimento acordao acordo adiado adiamento aditamento admissao
admonitoria adolescente advogado afetacao agente agravo airesp alimentos alvara analise anistia
antecipacao anterior anulacao ao apenado apensamento apreendidos aprovadas arbitragem arquivamento
arquivista art assistencia assistida assuncao assunto ativa ato atribuicao atributo atualizacao
audiencia ausencia autor autoridade autorizacao autos autuacao auxiliar auxiliares baixa bancario
bens bloqueio br cadastramento calculo camara cancelada cancelado cancelamento candidatura
candidaturas capacidade carga carta cassacao cassado causa cejusc certificada citacao citado civil
classe clt coisa com como comparecimento competencia composicao comunicacao comunidade comutacao
concessao conciliacao conciliador conclusao condicional condicoes confirmada conflito confusao
conhecer conhecido conhecimento conjunto constitucional consulta consumidor conta contador contas
continencia contra contraposto convencao conversao convertido corpus cpc cpp crimes criminal
cumprido cumprimento curador custas custodia da dano danos dar das data dativo de debito decadencia
decisao decisoes declaracao declinada decretacao decurso defensor deferido deferimento definicao
definitiva definitivo deliberacao deliberado delito demandas demonstracao denegacao denuncia
depender deportacao depositario deposito desacolhimento desafetacao desapensamento desaprovadas
desarquivamento desclassificacao desconstituida desentranhamento desfavoravel desistencia
desmembramento despacho dessobrestamento destinacao determinacao determinada determinar detracao
devedor devolucao devolvido devolvidos diario diferenciado diligencia dinheiro direito diretor
disciplinar disponibilizacao dissidencia distribuicao distribuidor divergencia divida do documento
dolosos domiciliar dos edital educativa efeito efetuada eleicoes eletronica eletronico eliminados em
embargos emenda emissao encaminhado encontrado entendimento entre entrega enviada envio escrivao
especial espontaneo estabelecimento estrangeira estrangeiro excecao exclusao execucao executividade
exequatur existencia expedicao expedida expedido expediente expulsao externo extincao extradicao
extraordinario falecido falencia favoravel fechado feitos fim fiscal flagrante forca frustrada
frutifera geral gov graca gratuita guarda habeas habilitacao homologacao homologada homologado iac
identificada impedimento improcedencia improcedente impronuncia impugnacao inadmissibilidade
incidente incidentes inclusao incompetencia indeferido indeferimento indisponibilidade indulto
inexistencia infiel informacoes infracional infrator infrutifera iniciada inicial inicio injuncao
insanidade instrucao instrumento integral intercorrente interessado interlocutoria intermediaria
internacao interpretacao interprete interrogatorio interrupcao intimacao intransmissivel
investigatorios irdr judicial judiciaria juiz juizo julgada julgado julgador julgamento juntada juri
juridica juridico justica justificacao lei leigo leilao levantamento libelo liberdade liminar line
liquidacao litispendencia livramento magistrado maior mandado manifestacao mantida manutencao
mediacao mediador medida medidas mental merito mero monocratica morte movimentacao movimentado
movimentar movimento mudanca nao negacao negar negligencia negociacao no nomeacao notificacao objeto
obrigacao oficial oficio on ordem ordenacao ordinario ordinatorio organizacao orgao origem os ou
outra outras outro outros pad paga pagamento para paralisacao parcial parecer parte partes
partidaria partido partilha pauta pedido pela pelo pena penal penas pendencia penhora penhoraveis
pequeno perda perdao perempcao perito permanente permissao persecucao pessoa peticao policia
policial por possivel praca prazo pre precatorio prejudicada prejudicado preliminar preparada
prescricao presidente preso pressupostos prestacao prevencao preventiva prisao procedencia
procedente procedimento procedimentos processo processos processuais processual progressao pronuncia
prorrogacao prorrogado protetiva protocolo provimento provisoria provisorio publicacao punibilidade
quebra queixa queixoso questao ratificacao razao realizacao realizada reativacao recambiamento
recebe recebimento reclamacao reclamante reconhecimento recuperacao recurso recursos
redisponibilizacao redistribuicao reforma regime registro regressao rejeicao relaxamento remessa
remicao remissao renuncia reparacao repercussao repetitivas repetitivo repetitivos representacao
republicacao requisicao resolucao respondida ressalvas restaurados restaurativa restaurativo retido
retificacao retificada retificado retirada retirado retirar retratacao retroatividade reu revel
revelia revista revogacao rito rogante rogatoria rpv saida sancao saneamento secretaria secretario
seguimento seguranca sem sentenca serventuario servicos sessao sigilo sistema sobre sobrestado
sobrestamento socio socioeducativas soma stf stj sua substituicao sucessao sucessores sumaria
sumarissimo superior suscitacao suspeicao suspensao suspensivo telematico temporaria territorial
tese teste tornada totalizacao trabalho tradutor transacao transferencia transito tribunal tributos
tutela unificacao uniformizacao urgentes valor verdade vida virtual visita vista voluntario
"""

# Portuguese words of movements, courts and parties the table lacks, and ordinary words a
# title-cased movement capitalises.
_PT_WORDS = """
a ao aos as à às o os um uma uns umas de da das do dos e em na nas no nos num numa por pelo pela
pelos pelas para pra com sem sob sobre até após ante entre contra conforme segundo perante via
que se ou nem mas já não sim foi foram será é ser estar está estão há ter tem têm
designada designado designadas designados redesignada redesignado marcada marcado agendada
agendado realizada realizado cancelada cancelado adiada adiado suspensa suspenso remarcada
juntada juntado juntadas juntados publicada publicado expedida expedido expedidas expedidos
cumprida cumprido recebida recebido recebidos enviada enviado enviados remetida remetido
remetidos conclusos conclusa concluso proferida proferido prolatada prolatado
petição petições contestação réplica tréplica apelação agravo embargos recurso recursos
sentença despacho decisão acórdão mandado citação intimação notificação ofício alvará edital
certidão carta precatória rogatória laudo perícia perito perita laudos provas prova
audiência conciliação mediação instrução julgamento una inicial sessão pauta virtual
presencial telepresencial videoconferência vara varas cível cíveis civil criminal federal
estadual trabalhista trabalho família sucessões órfãos infância juventude fazenda pública
público públicas públicos fiscal execuções execução falências recuperações empresarial
registros juizado juizados especial especiais comum tribunal tribunais justiça comarca foro
fórum regional central seção secção subseção judiciária judiciário turma turmas recursal
câmara câmaras órgão pleno plenário colegiado grupo cartório secretaria ministério
defensoria procuradoria advocacia geral união estado estados município municípios
distrito capital república federativa nacional supremo superior corte
juiz juíza juízo juízes desembargador desembargadora relator relatora revisor ministro
ministra promotor promotora procurador procuradora defensor defensora advogado advogada
advogados escrivão escrivã oficial oficiala servidor servidora diretor diretora
parte partes autor autora autores réu ré réus requerente requerentes requerido requerida
requeridos exequente executado executada executados reclamante reclamada reclamado apelante
apelado apelada agravante agravado agravada embargante embargado embargada impetrante
impetrado autoridade coatora terceiro terceira interessado interessada assistente litisconsorte
paciente vítima testemunha testemunhas
tipo documento documentos anexo anexos complemento complementos nome número nº n.º no.
id código classe assunto prazo prazos dias dia horas hora local sala link
tutela urgência evidência liminar antecipada cautelar penhora arresto sequestro bloqueio
desbloqueio sisbajud bacenjud renajud infojud serasajud cálculo cálculos custas guia guias
pagamento depósito judicial extrajudicial acordo homologação trânsito julgado baixa
definitiva arquivamento arquivado arquivados desarquivamento suspensão cumprimento
liquidação habilitação substabelecimento procuração manifestação impugnação informação
informações memoriais alegações finais razões contrarrazões contraminuta preparo
admissibilidade remessa devolução vista carga publicação disponibilização diário eletrônico
eletrônica oficial dje djen pje eproc esaj projudi cpc cpp clt cf cdc eca stf stj tst tse
stm tj tjsp tjrj tjmg tjrs tjpr tjsc tjba trf trt tre oab inss
parcial parcialmente procedente procedentes improcedente improcedentes extinção mérito
resolução provimento provido provida negado negada conhecido deferido deferida indeferido
indeferida concedida concedido denegada denegado segredo gratuidade assistência
declaratórios instrumento interno regimental extraordinário ordinário monocrática
interlocutória ordinatório ato atos termo certificado certificada
conforme referente relativo relativa acerca nos termos art arts artigo artigos lei leis inciso
parágrafo súmula decreto resolução portaria provimento emenda constitucional código
receita previdência social seguro seguridade instituto caixa econômica
sr sra srs sras dr dra drs dras exmo exma ilmo ilma mm meritíssimo meritíssima
positivo positiva negativo negativa total totalmente integral integralmente novo nova nova data
mesmo mesma outro outra primeira primeiro segunda segundo terceira terceiro instância grau
eletronicamente automaticamente ciência aguardando aguarda decurso decorrido decorrida
"""

# Months and weekdays, and words the three languages capitalise that are not names.
_CALENDAR_WORDS = """
janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
segunda terça quarta quinta sexta sábado domingo feira
enero febrero marzo mayo junio julio septiembre setiembre octubre noviembre diciembre
lunes martes miércoles jueves viernes
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
"""

# English words a model may capitalise when it puts a court or an act in plain English.
_EN_WORDS = """
i the a an of and or in on at to for by with from as is be was were will not this that it
court courts judge judges justice justices civil criminal federal state states district
superior supreme labor labour electoral military appeals appeal appellate regional public
prosecutor prosecutors prosecutor's office defender defender's ministry attorney attorney's
general bar association brazilian brazil portuguese spanish english national social security
institute revenue service treasury union republic code procedure law laws section chamber
panel special small claims family probate tax treasury clerk clerk's registry registrar
notary official gazette electronic journal city municipality county judicial judiciary
branch division unit center centre hearing hearings conciliation mediation trial
instruction judgment judgement ruling decision order orders sentence writ motion motions
petition petitions filing filed summons subpoena warrant notice notification service
answer defense defence reply appeal objection objections proceedings proceeding case cases
lawsuit action claim claimant plaintiff plaintiffs defendant defendants respondent
respondents appellant appellee petitioner party parties lawyer lawyers counsel
expert report evidence injunction relief payment deposit fees costs seizure attachment
enforcement settlement agreement approval closing archive archived record records
first second third fourth fifth sixth seventh eighth ninth tenth
note important next what happens you your client mr mrs ms dr
"""

# Spanish words a model may capitalise when it puts a court or an act in plain Spanish.
_ES_WORDS = """
el la los las lo un una unos unas de del al y o en con por para sin sobre ante según
tribunal tribunales juzgado juzgados juez jueza jueces justicia sala salas fiscalía
ministerio público pública defensoría procuraduría abogacía estado federal civil penal
laboral trabajo superior supremo suprema corte regional distrito comarca sección cámara
abogado abogada abogados audiencia audiencias conciliación mediación juicio sentencia
resolución auto decreto orden providencia demanda contestación recurso apelación
notificación citación oficio edicto certificado perito pericia informe acuerdo pago
depósito embargo ejecución proceso procedimiento expediente causa parte partes demandante
demandado demandada actor actora código ley leyes artículo brasil brasileño brasileña
portugués español inglés nacional instituto seguridad social hacienda república
primera primero segunda segundo tercera tercero nota importante usted señor señora sr sra dr dra
"""

# Words inside a name that are written in lower case ("Maria da Silva", "Banco do Brasil").
_CONNECTORS = frozenset("de da das do dos d e del la las los y van von der den of the".split())

# Abbreviations whose period does not end a sentence.
_ABBREVIATIONS = frozenset(
    "sr sra srs sras dr dra drs dras exmo exma ilmo ilma mm prof profa nº n no art arts inc fls fl "
    "mr mrs ms st av r cia".split()
)


def _words(text: str) -> frozenset[str]:
    return frozenset(fold(text).split())


_VOCABULARY = _words(_TPU_WORDS) | _words(_PT_WORDS) | _words(_CALENDAR_WORDS)
_TRANSLATION_VOCABULARY = _VOCABULARY | _words(_EN_WORDS) | _words(_ES_WORDS)

# --- facts -----------------------------------------------------------------------------------

_MONTHS = {
    **dict.fromkeys(("janeiro", "enero", "january", "jan"), 1),
    **dict.fromkeys(("fevereiro", "febrero", "february", "feb", "fev"), 2),
    **dict.fromkeys(("marco", "marzo", "march", "mar"), 3),
    **dict.fromkeys(("abril", "april", "apr", "abr"), 4),
    **dict.fromkeys(("maio", "mayo", "may", "mai"), 5),
    **dict.fromkeys(("junho", "junio", "june", "jun"), 6),
    **dict.fromkeys(("julho", "julio", "july", "jul"), 7),
    **dict.fromkeys(("agosto", "august", "aug", "ago"), 8),
    **dict.fromkeys(("setembro", "septiembre", "setiembre", "september", "sep", "sept", "set"), 9),
    **dict.fromkeys(("outubro", "octubre", "october", "oct", "out"), 10),
    **dict.fromkeys(("novembro", "noviembre", "november", "nov"), 11),
    **dict.fromkeys(("dezembro", "diciembre", "december", "dec", "dez", "dic"), 12),
}
_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:º|°|ª|o|st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

_CNJ = re.compile(r"(?<![\d.-])\d{7}-?\d{2}\.?\d{4}\.?\d\.?\d{2}\.?\d{4}(?![\d])")
_NUMBER = r"\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)"
_AMOUNTS = (
    re.compile(rf"(?P<currency>R\$|US\$|U\$|\$|€|BRL|USD|EUR)\s?(?P<number>{_NUMBER})"),
    re.compile(
        rf"(?<![\d.,])(?P<number>{_NUMBER})\s?(?P<currency>€|reais|real|euros?|d[óo]lares|dollars?)(?!\w)", re.I
    ),
)
_CURRENCIES = {"r$": "R$", "brl": "R$", "reais": "R$", "real": "R$", "us$": "US$", "u$": "US$", "$": "US$"}
_CURRENCIES |= dict.fromkeys(("usd", "dolares", "dólares", "dollar", "dollars"), "US$")
_CURRENCIES |= dict.fromkeys(("€", "eur", "euro", "euros"), "€")
_DATES = (
    re.compile(r"(?<![\d./-])(?P<year>\d{4})-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?![\d])"),
    re.compile(r"(?<![\d./-])(?P<day>[0-3]?\d)([/.-])(?P<month>[01]?\d)\2(?P<year>\d{4}|\d{2})(?![\d])"),
    re.compile(rf"(?<!\w){_DAY}\s+de\s+{_MONTH}\s+(?:de|del)\s+{_YEAR}(?!\d)", re.I),
    re.compile(rf"(?<!\w){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),
    re.compile(rf"(?<!\w){_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d)", re.I),
)
_TIMES = (
    re.compile(r"(?<![\d:.])(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s?(?P<half>[ap])\.?\s?m\b\.?", re.I),
    re.compile(r"(?<![\d:.,/])(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::[0-5]\d)?(?:\s?h(?:oras|rs|s)?\b)?"),
    re.compile(r"(?<![\d:.,/])(?P<hour>[01]?\d|2[0-3])\s?h(?:(?P<minute>[0-5]\d)(?:\s?min)?)?(?![^\W\d_])"),
)
_LONG_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:[.,]\d{3})+|\d{4,})(?![\d]|[.,]\d)")
# A number right after these is a citation of a law or article, which the plain text leaves
# out (the prompt asks for no article numbers): not required, and not an addition either.
_CITATION = re.compile(
    r"(?:\bart(?:igo|ículo|iculo|icle)?s?\.?|\blei|\bley|\blaw|\bs[úu]mula|\bdecreto|\bdecree|§|\binciso"
    r"|\bresolu[çc][ãa]o|\bresoluci[óo]n|\bportaria|\bprovimento|\bemenda|\bn[º°o]\.?|\bnúmero)"
    r"\s*(?:n[º°o.]*\s*)?(?:[\d.]+\s*(?:,|/|e|y|and)\s*)*$",
    re.I,
)
_MASK = "\x00"


@dataclass(frozen=True)
class Fact:
    kind: str  # "date", "time", "amount", "case number", "number", "name"
    key: object  # the value compared: a (year, month, day), a (currency, Decimal), digits, a folded name
    shown: str  # as written where it was found
    optional: bool = False  # a citation's number: neither required nor an addition


@dataclass(frozen=True)
class Facts:
    found: tuple[Fact, ...]
    digits: frozenset[str]  # every run of digits in the text
    words: frozenset[str]  # every word of the text, folded


def _decimal(number: str) -> Decimal | None:
    text = re.sub(r"\s", "", number)
    last = max(text.rfind("."), text.rfind(","))
    if last >= 0 and (
        ("." in text and "," in text) or (len(text) - last - 1 in (1, 2) and text.count(text[last]) == 1)
    ):
        whole, cents = text[:last], text[last + 1 :]
    else:
        whole, cents = text, ""
    try:
        return Decimal(re.sub(r"[.,]", "", whole) + ("." + cents if cents else "")).normalize()
    except InvalidOperation:
        return None


def _year(text: str) -> int:
    year = int(text)
    return year if len(text) == 4 else (2000 + year if year < 70 else 1900 + year)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = unicodedata.normalize("NFC", text)
        self.masked = self.text
        self.found: list[Fact] = []

    def take(self, kind: str, pattern: re.Pattern[str], key_of: Callable[[re.Match[str]], object]) -> None:
        for match in pattern.finditer(self.masked):
            key = key_of(match)
            if key is None:
                continue
            optional = kind == "number" and bool(
                _CITATION.search(self.text[max(0, match.start() - 40) : match.start()])
            )
            self.found.append(Fact(kind, key, match.group(0).strip(), optional))
            start, end = match.span()
            self.masked = self.masked[:start] + _MASK * (end - start) + self.masked[end:]


def _date_key(match: re.Match[str]) -> tuple[int, int, int] | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(fold(month_text), 0)
    day = int(match.group("day"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return (_year(match.group("year")), month, day)


def _time_key(match: re.Match[str]) -> tuple[int, int]:
    hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
    half = (match.groupdict().get("half") or "").lower()
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return (hour, minute)


def _amount_key(match: re.Match[str]) -> tuple[str, Decimal] | None:
    value = _decimal(match.group("number"))
    currency = _CURRENCIES.get(match.group("currency").lower())
    return None if value is None or currency is None else (currency, value)


def _facts(text: str, vocabulary: frozenset[str]) -> Facts:
    scan = _Scanner(text)
    scan.take("case number", _CNJ, lambda m: re.sub(r"\D", "", m.group(0)))
    for pattern in _AMOUNTS:
        scan.take("amount", pattern, _amount_key)
    for pattern in _DATES:
        scan.take("date", pattern, _date_key)
    for pattern in _TIMES:
        scan.take("time", pattern, _time_key)
    scan.take("number", _LONG_NUMBER, lambda m: re.sub(r"\D", "", m.group(0)))
    names = [Fact("name", fold(name), name) for name in _names(scan.masked, vocabulary)]
    return Facts(tuple(scan.found + names), frozenset(re.findall(r"\d+", scan.text)), _words(scan.text))


# --- names -----------------------------------------------------------------------------------

_ROMAN = re.compile(r"[IVXLC]+")
_TOKEN = re.compile(r"\S+")
_LEADING = "([{\"'«“‘¿¡-–—*•"
_TRAILING = ")]}\"'»”’,;:!?."


@dataclass
class _Word:
    text: str
    capitalised: bool
    sentence_start: bool


def _lines_of_words(text: str) -> list[list[_Word | None]]:
    """Each line's words; None where a run of capitalised words must break (punctuation, a
    fact taken out of the text)."""
    lines: list[list[_Word | None]] = []
    for line in text.split("\n"):
        words: list[_Word | None] = []
        sentence_start = True
        for raw in _TOKEN.findall(line.replace(_MASK, f" {_MASK} ")):
            core = raw.lstrip(_LEADING)
            if core != raw:
                words.append(None)
            end = core.rstrip(_TRAILING)
            tail = core[len(end) :]
            if tail.startswith(".") and (end.count(".") or fold(end) in _ABBREVIATIONS):
                end, tail = end + ".", tail[1:]  # S.A., Ltda., Dr.: the period belongs to the word
            if end and end[0].isalpha():
                words.append(_Word(end, end[0].isupper(), sentence_start))
                sentence_start = False
            else:
                words.append(None)
            if tail:
                words.append(None)
                sentence_start = sentence_start or any(c in tail for c in ".!?:")
        lines.append(words)
    return lines


def _shouting(words: list[_Word | None]) -> bool:
    """All capitals: the line's capitals say nothing about names. (A title-cased line is
    read with the vocabulary: the movement names that are title-cased are the table's.)"""
    letters = [w for w in words if w is not None and w.text[0].isalpha() and len(w.text) > 1]
    if len(letters) < 4:
        return False
    upper = sum(1 for w in letters if w.text.isupper())
    return upper >= 0.7 * len(letters)


def _names(text: str, vocabulary: frozenset[str]) -> list[str]:
    """The names: runs of capitalised words (with connectors inside), less a sentence's first
    word, split at the words of the vocabulary."""
    names: list[str] = []
    for words in _lines_of_words(text):
        if _shouting(words):
            continue
        run: list[_Word] = []
        for word in [*words, None]:
            connector = word is not None and fold(word.text) in _CONNECTORS and bool(run)
            if word is not None and (word.capitalised or connector):
                run.append(word)
                continue
            names.extend(_segments(run, vocabulary))
            run = []
    return names


def _ordinary(text: str, folded: str, vocabulary: frozenset[str]) -> bool:
    """A word of the vocabulary, a single letter or a roman numeral ("inciso I")."""
    return len(folded) <= 1 or bool(_ROMAN.fullmatch(text)) or set(folded.split()) <= vocabulary


def _segments(run: list[_Word], vocabulary: frozenset[str]) -> list[str]:
    if run and run[0].sentence_start:
        run = run[1:]
    segments: list[str] = []
    current: list[_Word] = []
    for word in [*run, None]:
        folded = fold(word.text) if word is not None else ""
        if word is not None and (folded in _CONNECTORS and not word.text.isupper()):
            if current:
                current.append(word)
            continue
        if word is not None and word.capitalised and not _ordinary(word.text, folded, vocabulary):
            current.append(word)
            continue
        while current and fold(current[-1].text) in _CONNECTORS:
            current.pop()
        if current:
            segments.append(" ".join(w.text for w in current))
        current = []
    return segments


# --- the check -------------------------------------------------------------------------------


def _present(fact: Fact, among: Facts, folded_text: str) -> bool:
    if fact.kind == "name":
        return f" {fact.key} " in f" {folded_text} "
    if fact.kind in ("case number", "number"):
        return any(f.key == fact.key for f in among.found if f.kind in ("case number", "number"))
    return any(f.kind == fact.kind and f.key == fact.key for f in among.found)


def _known(fact: Fact, original: Facts, folded_original: str) -> bool:
    if fact.optional or _present(fact, original, folded_original):
        return True
    if fact.kind in ("case number", "number"):
        # A piece of a fact of the original ("in 2025" for 10/03/2025, the year of a case number).
        return str(fact.key) in original.digits or any(str(fact.key) in d for d in original.digits)
    return False


def facts(text: str) -> list[str]:
    """The dates, times, amounts, numbers and names of a text, as written there, once each."""
    shown: list[str] = []
    for fact in _facts(text, _VOCABULARY).found:
        if not fact.optional and fact.shown not in shown:
            shown.append(fact.shown)
    return shown


def problems(original: str, plain: PlainText, language: Language) -> list[str]:
    """What the plain text gets wrong against the original, one short English sentence each
    ("The date 10/03/2025 is missing."); empty when every fact is there and none is added.
    `language` is the plain text's: a date or a name is compared by value in every language."""
    told = _facts(original, _VOCABULARY)
    plain_text = "\n".join(part for part in (plain.happened, plain.next) if part)
    answer = _facts(plain_text, _TRANSLATION_VOCABULARY | told.words)
    folded_original, folded_answer = fold(unicodedata.normalize("NFC", original)), fold(plain_text)
    found: list[str] = []
    seen: set[tuple[object, ...]] = set()
    for fact in told.found:
        if (fact.kind, fact.key) in seen or fact.optional:
            continue
        seen.add((fact.kind, fact.key))
        if not _present(fact, answer, folded_answer):
            found.append(f"The {fact.kind} {fact.shown} is missing.")
    for fact in answer.found:
        if (fact.kind, fact.key, "added") in seen:
            continue
        seen.add((fact.kind, fact.key, "added"))
        if not _known(fact, told, folded_original):
            found.append(f"The {fact.kind} {fact.shown} is not in the original.")
    return found
