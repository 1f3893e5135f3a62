"""SmsSender: a text to an E.164 number, or nothing to a number that opted out (moto's SNS
treats every number ending in 99 as opted out, and so does the fake)."""

from __future__ import annotations

from chalicelib.domain.ports import SmsSender


def test_a_text_is_sent_and_has_an_id(sms: SmsSender) -> None:
    first = sms.send("+5511987654321", "Silva: seu código de verificação é 123456.")
    second = sms.send("+5511987654321", "Silva: seu processo foi atualizado.")
    assert first and second and first != second


def test_an_opted_out_number_gets_nothing(sms: SmsSender) -> None:
    assert sms.send("+5511987654399", "Silva: olá") is None
