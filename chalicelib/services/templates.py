"""F03: the e-mails every notification becomes, from the firm's own template or the default,
and the admins' editor of those templates (A3: the text messages, from the defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain.audit import Actor, AuditEntry
from ..domain.common import Language
from ..domain.devices import PushText
from ..domain.errors import Conflict, NotFound
from ..domain.firm import Firm
from ..domain.notifications import NotificationKind, PortalUrls
from ..domain.ports import (
    Clock,
    FirmRepository,
    Mailer,
    OutgoingEmail,
    RateLimiter,
    RenderedEmail,
    TemplateEngine,
    TemplateRepository,
)
from ..domain.templates import (
    DIGEST,
    TO_STAFF,
    DefaultTemplate,
    DigestItem,
    EmailSource,
    EmailTemplate,
    InvalidTemplate,
    TemplateChange,
    TemplateDetail,
    TemplateDraft,
    TemplateFailure,
    TemplateList,
    TemplateName,
    TemplateSummary,
    placeholder_list,
    placeholders_of,
    sample_context,
    template_name,
    template_values,
)

TEST_EMAILS_PER_HOUR = 10


@dataclass(frozen=True)
class TemplatesService:
    templates: TemplateRepository
    engine: TemplateEngine
    firms: FirmRepository
    mailer: Mailer
    limiter: RateLimiter
    clock: Clock
    urls: PortalUrls

    # --- what the notifications worker calls ------------------------------------------------

    def render_email(
        self, firm: Firm, kind: NotificationKind | str, language: Language, context: dict[str, object]
    ) -> RenderedEmail:
        """The e-mail of `kind` (a notification kind, or "staff_invitation" and
        "staff_password_reset" for the staff's own) in `language`: the firm's template if it has
        one, else the default. A firm's template that fails (a placeholder it uses was removed,
        output too big) is noted on it, and the default goes instead."""
        name = template_name(kind)
        values = self._values(firm, name, language, context)
        default = self.engine.default(name, language)
        override = self.templates.get(firm.id, name, language)
        if override is not None:
            try:
                return self.engine.render_source(_with(default, override), values, placeholders_of(name))
            except InvalidTemplate as failure:
                if override.failure is None:  # the first failure since it was saved
                    self.templates.record_failure(
                        override, TemplateFailure(at=self.clock.now(), message=failure.message)
                    )
        return self.engine.render_source(default, values, placeholders_of(name))

    def render_digest(
        self, firm: Firm, language: Language, context: dict[str, object], items: list[DigestItem]
    ) -> RenderedEmail:
        """Several notifications to one client in one e-mail (the default only)."""
        values = self._values(firm, DIGEST, language, {"count": len(items), **context})
        return self.engine.render_source(self.engine.default(DIGEST, language), values, placeholders_of(DIGEST), items)

    def render_sms(
        self, firm: Firm, kind: NotificationKind | str, language: Language, context: dict[str, object]
    ) -> str:
        """The text message of `kind`: the firm's name, what happened, and `link`."""
        name = template_name(kind)
        values = self._values(firm, name, language, context)
        return _with_link(
            self.engine.render_text(self.engine.default(name, language).sms, values, placeholders_of(name)), values
        )

    def render_sms_digest(self, firm: Firm, language: Language, context: dict[str, object], count: int) -> str:
        values = self._values(firm, DIGEST, language, {**context, "count": count})
        text = self.engine.render_text(self.engine.default(DIGEST, language).sms, values, placeholders_of(DIGEST))
        return _with_link(text, values)

    def render_push(
        self, firm: Firm, kind: NotificationKind | str, language: Language, context: dict[str, object]
    ) -> PushText:
        """The push notification of `kind` (F23): the firm's name as the title, the kind's `push:`
        line as the body (else its text message without the link); nothing of the matter itself,
        as a lock screen shows it."""
        name = template_name(kind)
        values = self._values(firm, name, language, context)
        default = self.engine.default(name, language)
        return self._push(firm, default.push or _without_firm(default.sms), values, placeholders_of(name))

    def render_push_digest(self, firm: Firm, language: Language, context: dict[str, object], count: int) -> PushText:
        """Several notifications at once: one push saying how many."""
        values = self._values(firm, DIGEST, language, {**context, "count": count})
        default = self.engine.default(DIGEST, language)
        return self._push(firm, default.push or _without_firm(default.sms), values, placeholders_of(DIGEST))

    def _push(self, firm: Firm, source: str, values: dict[str, str], placeholders: Any) -> PushText:
        return PushText(title=firm.portal.display_name, body=self.engine.render_text(source, values, placeholders))

    # --- the editor (admins write, staff read) -----------------------------------------------

    def overview(self, firm_id: str) -> TemplateList:
        """Every e-mail a firm may make its own in every language, and which it has (one read)."""
        own = {(t.name, t.language): t for t in self.templates.of_firm(firm_id)}
        items = []
        for name in TemplateName:
            for language in Language:
                template = own.get((name, language))
                items.append(
                    TemplateSummary(
                        name=name,
                        language=language,
                        to_staff=name in TO_STAFF,
                        customized=template is not None,
                        failing=bool(template and template.failure),
                        failed_at=template.failure.at if template and template.failure else None,
                        updated_at=template.updated_at if template else None,
                    )
                )
        return TemplateList(items=items)

    def detail(self, firm_id: str, name: TemplateName, language: Language) -> TemplateDetail:
        default = self.engine.default(name, language)
        return TemplateDetail(
            name=name,
            language=language,
            default=DefaultTemplate(subject=default.subject, body=default.body),
            override=self.templates.get(firm_id, name, language),
            placeholders=placeholder_list(name),
        )

    def save(self, actor: Actor, name: TemplateName, language: Language, change: TemplateChange) -> TemplateDetail:
        """Over the version read (Conflict when it changed), or the firm's first of this name
        and language when no version is sent; refused (InvalidTemplate) unless it renders."""
        firm = self._firm(actor.firm_id)
        self.preview(firm.id, name, language, change, firm=firm)
        current = self.templates.get(firm.id, name, language)
        if (current.version if current else None) != change.version:
            raise Conflict("This template was changed by someone else. Reload and try again.", code="conflict")
        now = self.clock.now()
        template = EmailTemplate(
            firm_id=firm.id,
            name=name,
            language=language,
            subject=change.subject,
            body=change.body,
            updated_at=now,
            updated_by=actor.principal_id,
            version=current.version + 1 if current else 1,
        )
        audit = AuditEntry.record(
            actor, "email_template.saved", f"email_template:{name}/{language}", now, version=template.version
        )
        self.templates.save(template, current, audit)
        return self.detail(firm.id, name, language)

    def reset(self, actor: Actor, name: TemplateName, language: Language) -> None:
        """Back to the default: the firm's template is removed (nothing to do without one)."""
        current = self.templates.get(actor.firm_id, name, language)
        if current is None:
            return
        audit = AuditEntry.record(
            actor,
            "email_template.reset",
            f"email_template:{name}/{language}",
            self.clock.now(),
            version=current.version,
        )
        self.templates.delete(current, audit)

    def preview(
        self, firm_id: str, name: TemplateName, language: Language, draft: TemplateDraft, firm: Firm | None = None
    ) -> RenderedEmail:
        """The draft rendered with sample data and the firm's branding; InvalidTemplate with
        the line and placeholder of each problem."""
        firm = firm or self._firm(firm_id)
        default = self.engine.default(name, language)
        source = default.model_copy(update={"subject": draft.subject, "body": draft.body})
        context = sample_context(name, language, self.urls.portal(firm.portal.slug))
        return self.engine.render_source(source, self._values(firm, name, language, context), placeholders_of(name))

    def send_test(self, actor: Actor, name: TemplateName, language: Language, draft: TemplateDraft) -> None:
        """The draft with sample data, to the signed-in admin's own address, "[Test]" first."""
        if not actor.email:
            raise NotFound("You have no e-mail address to send the test to.")
        firm = self._firm(actor.firm_id)
        rendered = self.preview(firm.id, name, language, draft, firm=firm)
        self.limiter.hit(f"template-test:{firm.id}:{actor.principal_id}", TEST_EMAILS_PER_HOUR, 3600)
        self.mailer.send(
            OutgoingEmail(
                to=[actor.email],
                subject=f"[Test] {rendered.subject}",
                html=rendered.html,
                text=rendered.text,
                sender_name=firm.portal.sender_name,
                reply_to=firm.portal.reply_to,
                tags={"firm": firm.id, "kind": "template_test"},
            )
        )

    # --- helpers ---------------------------------------------------------------------------

    def _firm(self, firm_id: str) -> Firm:
        firm = self.firms.get(firm_id)
        if firm is None:
            raise NotFound("Firm not found.")
        return firm

    def _values(self, firm: Firm, name: str, language: Language, context: dict[str, Any]) -> dict[str, str]:
        """The firm's branding and portal, then what the caller passed (which wins)."""
        branding: dict[str, object] = {
            "firm_name": firm.portal.display_name,
            "brand_color": firm.portal.primary_color,
            "logo_url": str(firm.portal.logo_url) if firm.portal.logo_url else "",
            "portal_link": self.urls.portal(firm.portal.slug),
        }
        return template_values(name, language, {**branding, **context})


def _with(default: EmailSource, override: EmailTemplate) -> EmailSource:
    return default.model_copy(update={"subject": override.subject, "body": override.body})


def _with_link(text: str, values: dict[str, str]) -> str:
    link = values.get("link") or values.get("portal_link") or ""
    return f"{text} {link}".strip()


def _without_firm(sms: str) -> str:
    """A text message's words without the firm's name in front (the push's title says it)."""
    return sms.removeprefix("{{ firm_name }}:").strip() or sms
