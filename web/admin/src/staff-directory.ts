/** The firm's staff, every page of them, for what names a staff member by id or offers them. */
import type { Schemas } from '../../shared/api/client';
import { useAllPages } from '../../shared/ui/usePages';
import { api } from './services';

export type Member = Schemas['StaffView'];

/** Every staff member (most firms have one page); an empty list until the first page comes. */
export function useStaffDirectory(): { staff: Member[]; loaded: boolean } {
  const pages = useAllPages((cursor) => api.get('/staff', { query: { cursor, limit: 100 } }), []);
  return { staff: pages.items, loaded: pages.loaded && pages.next === null };
}
