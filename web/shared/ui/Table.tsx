/**
 * The one table of both apps: columns declared, rows from `usePages`, and the states
 * every list has: loading, empty (in words), a failure with "try again", and more rows by
 * cursor, either "load more" below (`paging="more"`) or previous/next pages (`"pages"`).
 * On a phone each row becomes a card, each cell labelled with its column (base.css).
 */
import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n';
import type { SharedKey } from '../messages';
import { Empty, Failure, Loading } from './states';
import type { Pages } from './usePages';

export interface Column<T> {
  label: string;
  cell: (item: T) => ComponentChildren;
}

export function Table<T>(props: {
  pages: Pages<T>;
  /** A column left out on a condition (e.g. admins' actions) may be given as false. */
  columns: readonly (Column<T> | false)[];
  rowKey: (item: T) => string;
  /** What to say when there is nothing to list. */
  empty: string;
  paging?: 'more' | 'pages';
  /** The table's name for screen readers, when the page's heading is not enough. */
  caption?: string;
}) {
  const { t } = useI18n<SharedKey>();
  const { pages } = props;
  const columns = props.columns.filter((column): column is Column<T> => column !== false);
  if (!pages.loaded) return pages.error != null ? <Failure error={pages.error} retry={pages.retry} /> : <Loading />;
  return (
    <div class="paged">
      {pages.items.length === 0 ? (
        pages.error == null && <Empty>{props.empty}</Empty>
      ) : (
        <table class="table" aria-busy={pages.busy ? 'true' : undefined}>
          {props.caption && <caption class="visually-hidden">{props.caption}</caption>}
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col" key={column.label}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pages.items.map((item) => (
              <tr key={props.rowKey(item)}>
                {columns.map((column) => (
                  <td data-label={column.label} key={column.label}>
                    {/* One box per cell: on a phone the cell is a grid of its label and this. */}
                    <span>{column.cell(item)}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages.error != null && <Failure error={pages.error} retry={pages.retry} />}
      {(props.paging ?? 'more') === 'more'
        ? pages.next !== null && (
            <button type="button" class="button button--secondary pager" disabled={pages.busy} onClick={pages.more}>
              {t('list.more')}
            </button>
          )
        : (pages.hasPrevious || pages.next !== null) && (
            <div class="row pager">
              {pages.hasPrevious && (
                <button type="button" class="button button--secondary" disabled={pages.busy} onClick={pages.back}>
                  {t('list.previous')}
                </button>
              )}
              {pages.next !== null && (
                <button type="button" class="button button--secondary" disabled={pages.busy} onClick={pages.forward}>
                  {t('list.next')}
                </button>
              )}
            </div>
          )}
    </div>
  );
}
