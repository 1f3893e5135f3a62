/** The client's page: what the client chose for each topic, read only (issue 10). */
import { useLoad } from '../../../shared/ui/useLoad';
import { api, useT } from '../services';

const TOPICS = ['news', 'case_changes', 'document_requests', 'billing'] as const;

export function ClientNotificationChoices(props: { clientId: string }) {
  const { t, lang } = useT();
  const { data, error } = useLoad(() => api.get('/clients/{client_id}/notification-preferences', { path: { client_id: props.clientId } }), [props.clientId]);
  return (
    <section class="card" aria-labelledby="client-notifications-title">
      <h2 id="client-notifications-title">{t('preferences.title')}</h2>
      <p class="muted">{t('preferences.intro')}</p>
      {error != null ? (
        <p class="muted">{t('preferences.failed')}</p>
      ) : !data ? (
        <p class="muted" role="status">
          {t('preferences.loading')}
        </p>
      ) : (
        <dl class="details">
          {TOPICS.map((topic) => [
            <dt key={`${topic}-topic`}>{t(`preferences.topic.${topic}`)}</dt>,
            <dd key={`${topic}-channel`}>{t(`preferences.channel.${data.channels[topic] ?? 'email'}`)}</dd>,
          ])}
          <dt>{t('preferences.mobile')}</dt>
          <dd>
            {data.mobile
              ? t('preferences.verifiedOn', {
                  number: data.mobile.number,
                  date: new Date(data.mobile.verified_at).toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric' }),
                })
              : t('preferences.noMobile')}
          </dd>
        </dl>
      )}
    </section>
  );
}
