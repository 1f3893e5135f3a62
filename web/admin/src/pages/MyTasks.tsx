/**
 * F20: the signed-in staff member's open tasks, from consultations and from matters in one list,
 * soonest due first, each linking to where it comes from; a consultation's task is ticked done here.
 */
import { usePages } from '../../../shared/ui/usePages';
import { api, useT } from '../services';
import { TasksTable } from './Consultation';

export function MyTasksPage() {
  const { t } = useT();
  const pages = usePages((cursor) => api.get('/me/tasks', { query: { cursor, limit: 50 } }), []);
  return (
    <section aria-labelledby="my-tasks-title">
      <h1 id="my-tasks-title">{t('myTasks.title')}</h1>
      <p class="muted">{t('myTasks.summary')}</p>
      <TasksTable pages={pages} empty={t('myTasks.none')} withSource />
    </section>
  );
}
